package dev.autograd.plot.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * The key to a {@link ColorScale}: a vertical bar beside a panel's plot area, from the scale's
 * minimum at the bottom to its maximum at the top, with values at its ticks and a title along it,
 * as matplotlib's {@code colorbar()}.
 */
public final class ColorBar {
  /** The width of the strip it takes beside the panel, in figure units. */
  public static final int WIDTH = 100;

  private static final double BAR_WIDTH = 16;
  private static final double GAP = 6;
  private static final int CONTINUOUS_STEPS = 256;
  private static final int MAX_TICKS = 8;
  private static final Color BORDER = new Color(0x999999);
  private static final Color TEXT = new Color(0x333333);

  private final ColorScale scale;
  private final int levels;
  private final String title;
  private Font tickFont = new Font(Fonts.DEFAULT_FAMILY, Font.PLAIN, 11);
  private Font titleFont = new Font(Fonts.DEFAULT_FAMILY, Font.PLAIN, 13);

  /**
   * A bar for {@code scale}, in {@code levels} bands (0 for continuous colours), titled {@code
   * title}.
   */
  public ColorBar(ColorScale scale, int levels, String title) {
    this.scale = scale;
    this.levels = levels;
    this.title = title == null ? "" : title;
  }

  /**
   * The values written beside the bar, bottom to top. For bands, every {@code step}-th band edge
   * from the bottom, the step the smallest that keeps to {@value #MAX_TICKS} intervals, and the
   * top; a last edge at most half a step below the top gives way to it. For continuous colours,
   * round numbers: the multiples of 1, 2, 2.5 or 5 times a power of ten in [lo, hi], the smallest
   * step that gives at most six.
   */
  public double[] tickValues() {
    if (levels == 0) return roundTicks(scale.value(0), scale.value(1), 6);
    int n = levels;
    int step = (n + MAX_TICKS - 1) / MAX_TICKS;
    List<Double> out = new ArrayList<>();
    for (int k = 0; k < n; k += step) out.add(scale.value((double) k / n));
    if (out.size() > 1 && 2 * (n - (out.size() - 1) * step) <= step) out.remove(out.size() - 1);
    out.add(scale.value(1));
    // a tick at 0 computed as lo + t (hi - lo) keeps the rounding error (8.9e-16): show it as 0
    double span = Math.abs(scale.value(1) - scale.value(0));
    return out.stream().mapToDouble(v -> Math.abs(v) < 1e-9 * span ? 0 : v).toArray();
  }

  /**
   * Multiples of a round step (1, 2, 2.5 or 5 times a power of ten) in [lo, hi]: the smallest step
   * that gives at most {@code most}.
   */
  public static double[] roundTicks(double lo, double hi, int most) {
    double span = hi - lo;
    if (!(span > 0) || !Double.isFinite(span)) return new double[] {lo};
    double eps = span * 1e-9;
    double magnitude = Math.pow(10, Math.floor(Math.log10(span / most)));
    double step = 10 * magnitude;
    search:
    for (double mag : new double[] {magnitude, 10 * magnitude}) {
      for (double m : new double[] {1, 2, 2.5, 5}) {
        double s = m * mag;
        if (Math.floor((hi + eps) / s) - Math.ceil((lo - eps) / s) + 1 <= most) {
          step = s;
          break search;
        }
      }
    }
    List<Double> out = new ArrayList<>();
    for (long k = (long) Math.ceil((lo - eps) / step); k * step <= hi + eps; k++) {
      double v = k * step;
      out.add(Math.abs(v) < eps ? 0 : v);
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The texts it draws: its title and tick labels. */
  public List<String> texts() {
    List<String> out = new ArrayList<>();
    out.add(title);
    for (double v : tickValues()) out.add(label(v));
    return out;
  }

  /** Draws its text in {@code family}. */
  public void applyFontFamily(String family) {
    tickFont = Fonts.withFamily(tickFont, family);
    titleFont = Fonts.withFamily(titleFont, family);
  }

  /** A tick value in at most 4 significant digits, without trailing zeros. */
  static String label(double v) {
    if (v == 0) return "0";
    String s = String.format(java.util.Locale.ROOT, "%.4g", v);
    if (s.contains("e")) {
      String[] parts = s.split("e");
      return trimZeros(parts[0]) + "e" + Integer.parseInt(parts[1]);
    }
    return trimZeros(s);
  }

  private static String trimZeros(String s) {
    if (!s.contains(".")) return s;
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * Paints the bar in the strip that starts at {@code left}, level with {@code plot} (the panel's
   * plot area, in the same coordinates).
   */
  public void paint(Graphics2D g, double left, Rectangle2D plot) {
    double top = plot.getMinY();
    double height = plot.getHeight();
    double x = left + GAP;
    // Bands (or thin steps of a continuous scale) as rectangles, so vector output stays small.
    int steps = levels > 0 ? levels : CONTINUOUS_STEPS;
    for (int k = 0; k < steps; k++) {
      double t0 = (double) k / steps;
      double t1 = (double) (k + 1) / steps;
      g.setColor(scale.color(scale.value((t0 + t1) / 2)));
      double yTop = top + (1 - t1) * height;
      // NOTE: each step a fraction taller than its share, so antialiasing leaves no seams
      g.fill(new Rectangle2D.Double(x, yTop, BAR_WIDTH, (t1 - t0) * height + 0.6));
    }
    g.setColor(BORDER);
    g.setStroke(new BasicStroke(1f));
    g.draw(new Rectangle2D.Double(x, top, BAR_WIDTH, height));

    g.setFont(tickFont);
    double labelX = x + BAR_WIDTH + 5;
    for (double v : tickValues()) {
      double y = top + (1 - scale.position(v)) * height;
      g.setColor(BORDER);
      g.draw(new Line2D.Double(x + BAR_WIDTH, y, x + BAR_WIDTH + 3, y));
      TextLayout layout = new TextLayout(label(v), tickFont, g.getFontRenderContext());
      double baseline = y + (layout.getAscent() - layout.getDescent()) / 2;
      g.setColor(TEXT);
      g.fill(layout.getOutline(AffineTransform.getTranslateInstance(labelX, baseline)));
    }

    if (title.isEmpty()) return;
    // The title reads bottom to top along the right edge of the strip.
    TextLayout layout = new TextLayout(title, titleFont, g.getFontRenderContext());
    double cx = left + WIDTH - 4 - layout.getDescent();
    double cy = top + height / 2 + layout.getAdvance() / 2;
    AffineTransform at = AffineTransform.getTranslateInstance(cx, cy);
    at.rotate(-Math.PI / 2);
    g.setColor(TEXT);
    g.fill(layout.getOutline(at));
  }
}
