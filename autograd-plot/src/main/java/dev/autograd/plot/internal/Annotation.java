package dev.autograd.plot.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * A text at data coordinates, optionally with an arrow from the text to a point, as matplotlib's
 * {@code annotate(text, xy, xytext, arrowprops=...)}: the text's baseline starts at its point.
 */
record Annotation(String text, double x, double y, double textX, double textY) {
  private static final Color TEXT = new Color(0x333333);
  private static final double HEAD = 8;
  private static final double MARGIN = 3;

  boolean hasArrow() {
    return !Double.isNaN(textX);
  }

  void paint(Graphics2D g, XYPanel panel) {
    double px = panel.getScreenXFromChart(x);
    double py = panel.getScreenYFromChart(y);
    double tx = hasArrow() ? panel.getScreenXFromChart(textX) : px;
    double ty = hasArrow() ? panel.getScreenYFromChart(textY) : py;
    if (!Double.isFinite(tx) || !Double.isFinite(ty)) return;
    Graphics2D ag = (Graphics2D) g.create();
    try {
      ag.setColor(TEXT);
      TextLayout layout =
          new TextLayout(
              text, panel.getStyler().getAnnotationTextFont(), ag.getFontRenderContext());
      ag.fill(layout.getOutline(AffineTransform.getTranslateInstance(tx, ty)));
      if (!hasArrow() || !Double.isFinite(px) || !Double.isFinite(py)) return;
      Rectangle2D box =
          new Rectangle2D.Double(
              tx - MARGIN,
              ty - layout.getAscent() - MARGIN,
              layout.getAdvance() + 2 * MARGIN,
              layout.getAscent() + layout.getDescent() + 2 * MARGIN);
      // From the box's edge on the way from its centre to the point.
      double cx = box.getCenterX();
      double cy = box.getCenterY();
      double dx = px - cx;
      double dy = py - cy;
      double len = Math.hypot(dx, dy);
      if (len < 1 || box.contains(px, py)) return;
      double tEdge =
          Math.min(
              dx == 0 ? Double.POSITIVE_INFINITY : box.getWidth() / 2 / Math.abs(dx),
              dy == 0 ? Double.POSITIVE_INFINITY : box.getHeight() / 2 / Math.abs(dy));
      double sx = cx + tEdge * dx;
      double sy = cy + tEdge * dy;
      double ux = dx / len;
      double uy = dy / len;
      double bx = px - HEAD * ux;
      double by = py - HEAD * uy;
      ag.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
      if (Math.hypot(bx - sx, by - sy) > 0 && (bx - sx) * ux + (by - sy) * uy > 0) {
        ag.draw(new Line2D.Double(sx, sy, bx, by));
      }
      Path2D.Double head = new Path2D.Double();
      head.moveTo(px, py);
      head.lineTo(bx - HEAD / 2.5 * uy, by + HEAD / 2.5 * ux);
      head.lineTo(bx + HEAD / 2.5 * uy, by - HEAD / 2.5 * ux);
      head.closePath();
      ag.fill(head);
    } finally {
      ag.dispose();
    }
  }
}
