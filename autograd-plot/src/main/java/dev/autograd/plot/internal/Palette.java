package dev.autograd.plot.internal;

import java.awt.Color;

/** The colours every chart uses: a categorical palette for series and a sequential colour map. */
public final class Palette {
  private Palette() {}

  /**
   * Series colours, in order: the ten-colour categorical palette matplotlib uses by default, so the
   * function is blue and its derivative orange, as in the tutorial's figures.
   */
  private static final Color[] SERIES = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b),
    new Color(0xe377c2),
    new Color(0x7f7f7f),
    new Color(0xbcbd22),
    new Color(0x17becf),
  };

  /**
   * Colours for descent paths drawn over a colour-mapped background: strong hues that stay apart
   * from the light background colours.
   */
  private static final Color[] PATHS = {
    new Color(0xd62728),
    new Color(0x111111),
    new Color(0xff7f0e),
    new Color(0x1f77b4),
    new Color(0xe377c2),
    new Color(0x2ca02c),
  };

  // NOTE: anchor colours of the viridis colour map at t = 0, 0.1, ..., 1; the map in between is
  // linear interpolation, close enough for a background.
  private static final int[] VIRIDIS = {
    0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c, 0x22a884, 0x44bf70, 0x7ad151,
    0xbddf26, 0xfde725,
  };

  // NOTE: the nine colours of ColorBrewer's sequential "Blues" scheme, matplotlib's 'Blues'.
  private static final int[] BLUES = {
    0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b,
  };

  /** The series colour number {@code i}, cycling. */
  public static Color series(int i) {
    return SERIES[Math.floorMod(i, SERIES.length)];
  }

  /** All series colours. */
  public static Color[] seriesColors() {
    return SERIES.clone();
  }

  /** The path colour number {@code i}, cycling. */
  public static Color path(int i) {
    return PATHS[Math.floorMod(i, PATHS.length)];
  }

  /** The viridis colour at {@code t} in [0, 1] (clamped). */
  public static Color viridis(double t) {
    return along(VIRIDIS, t);
  }

  /** Black at 0 to white at 1 (clamped). */
  public static Color gray(double t) {
    return along(new int[] {0x000000, 0xffffff}, t);
  }

  /** Matplotlib's 'Blues' at {@code t} in [0, 1] (clamped): near-white to dark blue. */
  public static Color blues(double t) {
    return along(BLUES, t);
  }

  /** Linear interpolation between equally spaced anchor colours. */
  private static Color along(int[] anchors, double t) {
    if (Double.isNaN(t)) return Color.LIGHT_GRAY;
    double s = Math.max(0, Math.min(1, t)) * (anchors.length - 1);
    int i = Math.min((int) s, anchors.length - 2);
    double f = s - i;
    return mix(new Color(anchors[i]), new Color(anchors[i + 1]), f);
  }

  /** Black or white, whichever reads better on {@code background} (by its luminance). */
  public static Color textOn(Color background) {
    double y =
        0.2126 * linear(background.getRed())
            + 0.7152 * linear(background.getGreen())
            + 0.0722 * linear(background.getBlue());
    // the luminance at which black and white text have the same contrast ratio
    return y > 0.179 ? Color.BLACK : Color.WHITE;
  }

  private static double linear(int c) {
    double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  }

  /** {@code a} moved a fraction {@code f} of the way towards {@code b}. */
  public static Color mix(Color a, Color b, double f) {
    return new Color(
        (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * f),
        (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * f),
        (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * f));
  }

  /** A darker shade of {@code c}, for overlays drawn on a curve of colour {@code c}. */
  public static Color darker(Color c) {
    return mix(c, Color.BLACK, 0.45);
  }
}
