package dev.autograd.plot.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import org.knowm.xchart.style.markers.Marker;

/**
 * A marker filled with the series colour and outlined in a dark colour, larger than the plain
 * markers, so that the start and end of a descent path stand out on any background.
 */
public final class OutlinedMarker extends Marker {
  /** The outline's shape. */
  public enum Shape {
    /** A disc: the start of a path. */
    CIRCLE,
    /** A five-pointed star: the end of a path. */
    STAR
  }

  private static final BasicStroke OUTLINE = new BasicStroke(1.5f);
  private final Shape shape;
  private final double scale;
  private final Color outline;

  /** A marker of {@code shape}, {@code scale} times the chart's marker size. */
  public OutlinedMarker(Shape shape, double scale, Color outline) {
    this.shape = shape;
    this.scale = scale;
    this.outline = outline;
  }

  @Override
  public void paint(Graphics2D g, double x, double y, int markerSize) {
    double r = markerSize * scale / 2;
    java.awt.Shape s =
        shape == Shape.CIRCLE ? new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r) : star(x, y, r);
    g.fill(s);
    Color fill = g.getColor();
    g.setColor(outline);
    g.setStroke(OUTLINE);
    g.draw(s);
    g.setColor(fill);
  }

  private static java.awt.Shape star(double x, double y, double r) {
    Path2D.Double p = new Path2D.Double();
    double inner = r * 0.45;
    for (int k = 0; k < 10; k++) {
      double radius = k % 2 == 0 ? r * 1.2 : inner * 1.2;
      double a = -Math.PI / 2 + k * Math.PI / 5;
      double px = x + radius * Math.cos(a);
      double py = y + radius * Math.sin(a);
      if (k == 0) p.moveTo(px, py);
      else p.lineTo(px, py);
    }
    p.closePath();
    return p;
  }
}
