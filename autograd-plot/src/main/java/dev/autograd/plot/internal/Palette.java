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
    if (Double.isNaN(t)) return Color.LIGHT_GRAY;
    double s = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
    int i = Math.min((int) s, VIRIDIS.length - 2);
    double f = s - i;
    return mix(new Color(VIRIDIS[i]), new Color(VIRIDIS[i + 1]), f);
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
