package dev.autograd.plot.internal;

import java.awt.Color;
import java.util.function.DoubleFunction;

/**
 * Maps the values of a field to colours: linearly or logarithmically between its minimum and
 * maximum, continuous (a heat map) or in {@code levels} bands (filled contours).
 */
public final class ColorScale {
  private static final double LIGHTEN = 0.25;

  private final double lo;
  private final double hi;
  private final boolean log;
  private final int levels;
  private final double offset;
  private final DoubleFunction<Color> map;
  private final double lighten;

  /**
   * A scale over [lo, hi].
   *
   * @param log space the colours logarithmically above the minimum (for valleys such as
   *     Rosenbrock's, whose interesting part is tiny next to the maximum)
   * @param levels the number of bands, or 0 for continuous colours
   */
  public ColorScale(double lo, double hi, boolean log, int levels) {
    this(lo, hi, log, levels, Palette::viridis, LIGHTEN);
  }

  /**
   * A continuous, linear scale over [lo, hi] through {@code map} (t in [0, 1] to a colour), as is:
   * a heat map's.
   */
  public ColorScale(double lo, double hi, DoubleFunction<Color> map) {
    this(lo, hi, false, 0, map, 0);
  }

  /**
   * A linear scale over [lo, hi] in {@code levels} bands (0 for continuous colours) through {@code
   * map}, as is: filled contours'.
   */
  public ColorScale(double lo, double hi, int levels, DoubleFunction<Color> map) {
    this(lo, hi, false, levels, map, 0);
  }

  private ColorScale(
      double lo, double hi, boolean log, int levels, DoubleFunction<Color> map, double lighten) {
    this.map = map;
    this.lighten = lighten;
    this.lo = lo;
    this.hi = hi > lo ? hi : lo + 1;
    this.log = log;
    this.levels = levels;
    this.offset = (this.hi - lo) * 1e-4;
  }

  /** The position of {@code v} in [0, 1]. */
  public double position(double v) {
    if (!Double.isFinite(v)) return Double.NaN;
    double t;
    if (log) {
      double a = Math.log(offset);
      double b = Math.log(hi - lo + offset);
      t = (Math.log(Math.max(v - lo, 0) + offset) - a) / (b - a);
    } else {
      t = (v - lo) / (hi - lo);
    }
    return Math.max(0, Math.min(1, t));
  }

  /** The value at position {@code t} in [0, 1]; the inverse of {@link #position}. */
  public double value(double t) {
    if (log) {
      double a = Math.log(offset);
      double b = Math.log(hi - lo + offset);
      return lo + Math.exp(a + t * (b - a)) - offset;
    }
    return lo + t * (hi - lo);
  }

  /** The colour of {@code v}: by default viridis, lightened so that paths drawn on it stand out. */
  public Color color(double v) {
    double t = position(v);
    if (Double.isNaN(t)) return Color.LIGHT_GRAY;
    if (levels > 0) t = (Math.min(levels - 1, Math.floor(t * levels)) + 0.5) / levels;
    Color c = map.apply(t);
    return lighten == 0 ? c : Palette.mix(c, Color.WHITE, lighten);
  }

  /** The values between the bands (none for continuous colours). */
  public double[] bandBoundaries() {
    double[] out = new double[Math.max(0, levels - 1)];
    for (int k = 1; k < levels; k++) out[k - 1] = value((double) k / levels);
    return out;
  }
}
