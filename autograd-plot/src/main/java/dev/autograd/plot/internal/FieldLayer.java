package dev.autograd.plot.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * A field painted under a chart's series: every pixel of the plot area coloured by the value there,
 * and optionally the contour lines between the colour bands.
 */
public final class FieldLayer implements XYPanel.Layer {
  private static final Color CONTOUR = new Color(40, 40, 40, 90);

  private final Field field;
  private final ColorScale scale;
  private final double[] contours;
  private final double x0;
  private final double x1;
  private final double y0;
  private final double y1;

  /**
   * A layer showing {@code field} over [x0, x1] x [y0, y1] with {@code scale}, with contour lines
   * at {@code contours} (empty for none).
   */
  public FieldLayer(
      Field field,
      ColorScale scale,
      double[] contours,
      double x0,
      double x1,
      double y0,
      double y1) {
    this.field = field;
    this.scale = scale;
    this.contours = contours.clone();
    this.x0 = x0;
    this.x1 = x1;
    this.y0 = y0;
    this.y1 = y1;
  }

  @Override
  public void paint(Graphics2D g, XYPanel panel) {
    double left = panel.getScreenXFromChart(x0);
    double right = panel.getScreenXFromChart(x1);
    double bottom = panel.getScreenYFromChart(y0);
    double top = panel.getScreenYFromChart(y1);
    if (!(right > left) || !(bottom > top)) return;
    // One image pixel per device pixel: the transform's scale is the PNG's dpi / 72.
    double s = Math.sqrt(Math.abs(g.getTransform().getDeterminant()));
    s = s > 0 && Double.isFinite(s) ? Math.min(s, 4) : 1;
    int w = Math.max(1, (int) Math.ceil((right - left) * s));
    int h = Math.max(1, (int) Math.ceil((bottom - top) * s));
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int py = 0; py < h; py++) {
      double y = y1 - (py + 0.5) / h * (y1 - y0);
      for (int px = 0; px < w; px++) {
        double x = x0 + (px + 0.5) / w * (x1 - x0);
        image.setRGB(px, py, scale.color(field.interpolate(x, y)).getRGB());
      }
    }
    AffineTransform place = AffineTransform.getTranslateInstance(left, top);
    place.scale((right - left) / w, (bottom - top) / h);
    g.drawImage(image, place, null);

    drawContours(g, panel, field, contours, level -> CONTOUR, 0.8f);
  }

  /**
   * Draws the contour lines of {@code field} at {@code levels} on {@code panel}, each in the colour
   * {@code color} gives its level.
   */
  public static void drawContours(
      Graphics2D g,
      XYPanel panel,
      Field field,
      double[] levels,
      java.util.function.DoubleFunction<Color> color,
      float width) {
    if (levels.length == 0) return;
    double[] xs = field.xs();
    double[] ys = field.ys();
    double x0 = xs[0];
    double x1 = xs[xs.length - 1];
    double y0 = ys[0];
    double y1 = ys[ys.length - 1];
    double left = panel.getScreenXFromChart(x0);
    double right = panel.getScreenXFromChart(x1);
    double bottom = panel.getScreenYFromChart(y0);
    double top = panel.getScreenYFromChart(y1);
    if (!(right > left) || !(bottom > top)) return;
    AffineTransform toScreen = new AffineTransform();
    toScreen.translate(left, bottom);
    toScreen.scale((right - left) / (x1 - x0), -(bottom - top) / (y1 - y0));
    toScreen.translate(-x0, -y0);
    Graphics2D cg = (Graphics2D) g.create();
    try {
      cg.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      cg.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      for (double level : levels) {
        Shape line = toScreen.createTransformedShape(field.contour(level));
        cg.setColor(color.apply(level));
        cg.draw(line);
      }
    } finally {
      cg.dispose();
    }
  }
}
