package dev.autograd.plot.internal;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Tick label texts: powers of ten with superscript exponents, and user patterns. */
public final class TickLabels {
  private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

  private TickLabels() {}

  /** 10 to the power {@code k} with a superscript exponent: 10⁻³, 10⁰, 10². */
  public static String power(int k) {
    StringBuilder b = new StringBuilder("10");
    if (k < 0) b.append('⁻');
    for (char c : Integer.toString(Math.abs(k)).toCharArray()) {
      b.append(SUPERSCRIPTS.charAt(c - '0'));
    }
    return b.toString();
  }

  /**
   * Checks that {@code pattern} formats one double, as {@code String.format(pattern, 1.5)}.
   *
   * @param call the user's call, for the message
   * @throws IllegalArgumentException naming the call and the pattern otherwise
   */
  public static void check(String call, String pattern) {
    try {
      String.format(Locale.ROOT, pattern, 1.5);
    } catch (IllegalFormatException e) {
      throw new IllegalArgumentException(
          call
              + ": '"
              + pattern
              + "' is not a java.util.Formatter pattern for one number, such as \"%.2f\" or"
              + " \"%.0e\" ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")",
          e);
    }
  }

  /** {@code v} formatted by {@code pattern}, in the root locale. */
  public static String format(String pattern, double v) {
    return String.format(Locale.ROOT, pattern, v);
  }

  /** A formatting function for XChart's axis. */
  public static Function<Double, String> formatter(String pattern) {
    return v -> format(pattern, v);
  }

  /** The exponents k with 10^k in [lo, hi] (either order), at most 400. */
  public static List<Integer> decades(double lo, double hi) {
    List<Integer> out = new ArrayList<>();
    double a = Math.min(lo, hi);
    double b = Math.max(lo, hi);
    if (!(a > 0) || !Double.isFinite(b)) return out;
    // a tolerance of a thousandth of a decade, so an axis that ends on 10^k labels it
    int k0 = (int) Math.ceil(Math.log10(a) - 1e-3);
    int k1 = (int) Math.floor(Math.log10(b) + 1e-3);
    for (int k = k0; k <= k1 && out.size() < 400; k++) out.add(k);
    return out;
  }

  /**
   * The values a logarithmic axis over [lo, hi] is labelled at: the powers of ten, or, when fewer
   * than two are in view, the multiples 1 to 9 of the powers of ten in view (only 1, 2 and 5 when
   * that makes more than eight), as matplotlib labels a short log axis.
   */
  public static List<Double> logTicks(double lo, double hi) {
    List<Double> out = new ArrayList<>();
    List<Integer> decades = decades(lo, hi);
    if (decades.size() >= 2) {
      for (int k : decades) out.add(Math.pow(10, k));
      return out;
    }
    double a = Math.min(lo, hi);
    double b = Math.max(lo, hi);
    if (!(a > 0) || !Double.isFinite(b)) return out;
    for (int pass = 0; pass < 2 && (out.isEmpty() || out.size() > 8); pass++) {
      out.clear();
      int[] multiples = pass == 0 ? new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9} : new int[] {1, 2, 5};
      for (int k = (int) Math.floor(Math.log10(a)); k <= (int) Math.floor(Math.log10(b)); k++) {
        for (int m : multiples) {
          double v = m * Math.pow(10, k);
          if (v >= a * (1 - 1e-9) && v <= b * (1 + 1e-9)) out.add(v);
        }
      }
    }
    return out;
  }

  /** A label on a log axis: 10⁻³ for a power of ten, 2×10⁻³ for a multiple of one. */
  public static String logLabel(double v) {
    int k = (int) Math.floor(Math.log10(v) + 1e-9);
    long m = Math.round(v / Math.pow(10, k));
    return m == 1 ? power(k) : m + "×" + power(k);
  }

  /**
   * Draws {@code text} so that the point ({@code x}, {@code y}) is at the fraction ({@code ax},
   * {@code ay}) of its box: (0.5, 0) centres it below the point, (1, 0.5) puts it to the left.
   */
  public static void draw(
      Graphics2D g, String text, Font font, double x, double y, double ax, double ay) {
    if (text.isEmpty()) return;
    TextLayout layout = new TextLayout(text, font, g.getFontRenderContext());
    double w = layout.getAdvance();
    // the box is the font's ascent and descent, the same for every label whatever its glyphs
    double h = layout.getAscent() + layout.getDescent();
    double left = x - ax * w;
    double baseline = y - ay * h + layout.getAscent();
    g.fill(layout.getOutline(AffineTransform.getTranslateInstance(left, baseline)));
  }
}
