package dev.autograd.plot.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A sampled surface z = f(x, y) painted as opaque quads with the wireframe on each, in painter's
 * order (farthest first), over the floor of its box and a vertical axis at the box's back corner.
 * The nearer quads cover what lies behind them, in raster and vector output alike.
 *
 * <p>NOTE: for a height field seen in a parallel projection, a point can only be hidden by a point
 * nearer the viewer horizontally (the line of sight rises or falls towards the viewer, and meets
 * each vertical line once). So sorting the grid's cells by the horizontal depth of their centres is
 * an exact back-to-front order; the heights do not enter it. The floor lies under the whole
 * surface: it goes first when the surface is seen from above, last when seen from below.
 */
public final class SurfaceLayer implements XYPanel.Layer {
  /** The number of height bands the colours come in. */
  public static final int BANDS = 10;

  private static final Color AXIS = new Color(0x777777);
  private static final float WIRE_WIDTH = 1.1f;

  /** One cell of the grid, projected: its corners on screen (u, v) and its colours. */
  private record Quad(double[] u, double[] v, double depth, int band) {}

  private final Field field;
  private final Projection projection;
  private final double zRange;
  private final List<Quad> quads = new ArrayList<>();
  private final double[][] floor;
  private final double[][] backAxis;
  private final boolean fromAbove;

  /**
   * The surface of {@code field} seen through {@code p}, in a box whose floor is at {@code zmin}
   * and whose top is at {@code zmax}. Cells with a corner that is not finite are left out.
   */
  public SurfaceLayer(Field field, Projection p, double zmin, double zmax) {
    this.field = field;
    this.projection = p;
    this.zRange = zmax > zmin ? zmax - zmin : 1;
    double[] xs = field.xs();
    double[] ys = field.ys();
    for (int j = 0; j + 1 < ys.length; j++) {
      for (int i = 0; i + 1 < xs.length; i++) {
        double[] cx = {xs[i], xs[i + 1], xs[i + 1], xs[i]};
        double[] cy = {ys[j], ys[j], ys[j + 1], ys[j + 1]};
        double[] cz = {
          field.at(i, j), field.at(i + 1, j), field.at(i + 1, j + 1), field.at(i, j + 1)
        };
        double[] u = new double[4];
        double[] v = new double[4];
        double mean = 0;
        boolean finite = true;
        for (int k = 0; k < 4; k++) {
          finite &= Double.isFinite(cz[k]);
          u[k] = p.u(cx[k], cy[k], cz[k]);
          v[k] = p.v(cx[k], cy[k], cz[k]);
          mean += cz[k] / 4;
        }
        if (!finite) continue;
        double depth = p.depth((xs[i] + xs[i + 1]) / 2, (ys[j] + ys[j + 1]) / 2);
        quads.add(new Quad(u, v, depth, band(p.height(mean))));
      }
    }
    quads.sort(Comparator.comparingDouble(Quad::depth));

    double x0 = xs[0], x1 = xs[xs.length - 1], y0 = ys[0], y1 = ys[ys.length - 1];
    double[][] corners = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
    floor = new double[2][4];
    int back = 0;
    for (int k = 0; k < 4; k++) {
      floor[0][k] = p.u(corners[k][0], corners[k][1], zmin);
      floor[1][k] = p.v(corners[k][0], corners[k][1], zmin);
      if (p.depth(corners[k][0], corners[k][1]) < p.depth(corners[back][0], corners[back][1])) {
        back = k;
      }
    }
    double[] c = corners[back];
    backAxis =
        new double[][] {
          {p.u(c[0], c[1], zmin), p.u(c[0], c[1], zmax)},
          {p.v(c[0], c[1], zmin), p.v(c[0], c[1], zmax)}
        };
    fromAbove = p.fromAbove();
  }

  /** The band, 0 to {@link #BANDS} - 1, of a height in [0, 1] within the box. */
  static int band(double height) {
    return (int) Math.max(0, Math.min(BANDS - 1, Math.floor(height * BANDS)));
  }

  /** The colour of the wireframe in band {@code b}. */
  public static Color wire(int b) {
    // The top of viridis is yellow, too light on white: stop at its green.
    return Palette.viridis((b + 0.5) / BANDS * 0.78);
  }

  /** The colour the quads of band {@code b} are filled with: a pale tint of its wire. */
  public static Color fill(int b) {
    return Palette.mix(wire(b), Color.WHITE, 0.8);
  }

  /**
   * Whether the surface hides its own point above (x, y) from the viewer: the line of sight from
   * that point (on the mesh as drawn) crosses the surface before it leaves the box. Along the line,
   * the first sample more than 0.5% of the height range off the surface says which side the line
   * leaves on; a later one as far off on the other side is a crossing.
   */
  public boolean hides(double x, double y) {
    double[] xs = field.xs();
    double[] ys = field.ys();
    double xlo = xs[0], xhi = xs[xs.length - 1], ylo = ys[0], yhi = ys[ys.length - 1];
    double z = field.interpolate(x, y);
    if (!Double.isFinite(z)) return false;
    double[] d = projection.towardViewer();
    double tolerance = 0.005 * zRange;
    // Steps of a hundredth of the box across, horizontally (or, seen from the side, vertically).
    double horizontal = Math.hypot(d[0] / (xhi - xlo), d[1] / (yhi - ylo));
    double dt = 0.01 / Math.max(horizontal, 1e-3);
    int side = 0;
    for (int k = 1; k <= 400; k++) {
      double t = k * dt;
      double px = x + t * d[0];
      double py = y + t * d[1];
      if (px < xlo || px > xhi || py < ylo || py > yhi) return false;
      double surface = field.interpolate(px, py);
      if (!Double.isFinite(surface)) continue;
      double off = z + t * d[2] - surface;
      if (Math.abs(off) <= tolerance) continue;
      int s = off > 0 ? 1 : -1;
      if (side == 0) side = s;
      else if (s != side) return true;
    }
    return false;
  }

  /** The colour of the floor and the vertical axis. */
  public static Color axis() {
    return AXIS;
  }

  /** The box's back corner at the floor and at the top, in projected coordinates {u, v}. */
  public double[][] backAxis() {
    return new double[][] {backAxis[0].clone(), backAxis[1].clone()};
  }

  /**
   * The smallest and largest projected coordinates of everything this layer draws, {@code {umin,
   * umax, vmin, vmax}}.
   */
  public double[] bounds() {
    double[] b = {
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
    };
    for (Quad q : quads) extend(b, q.u, q.v);
    extend(b, floor[0], floor[1]);
    extend(b, backAxis[0], backAxis[1]);
    return b;
  }

  private static void extend(double[] b, double[] u, double[] v) {
    for (int k = 0; k < u.length; k++) {
      b[0] = Math.min(b[0], u[k]);
      b[1] = Math.max(b[1], u[k]);
      b[2] = Math.min(b[2], v[k]);
      b[3] = Math.max(b[3], v[k]);
    }
  }

  @Override
  public void paint(Graphics2D g, XYPanel panel) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    BasicStroke axisStroke = new BasicStroke(1f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    g.setColor(AXIS);
    g.setStroke(axisStroke);
    g.draw(polyline(panel, backAxis[0], backAxis[1], false));
    if (fromAbove) g.draw(polyline(panel, floor[0], floor[1], true));
    BasicStroke wireStroke =
        new BasicStroke(WIRE_WIDTH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    g.setStroke(wireStroke);
    for (Quad q : quads) {
      Path2D.Double shape = polyline(panel, q.u, q.v, true);
      g.setColor(fill(q.band));
      g.fill(shape);
      g.setColor(wire(q.band));
      g.draw(shape);
    }
    if (!fromAbove) {
      g.setColor(AXIS);
      g.setStroke(axisStroke);
      g.draw(polyline(panel, floor[0], floor[1], true));
    }
  }

  private static Path2D.Double polyline(XYPanel panel, double[] u, double[] v, boolean closed) {
    Path2D.Double path = new Path2D.Double();
    path.moveTo(panel.getScreenXFromChart(u[0]), panel.getScreenYFromChart(v[0]));
    for (int k = 1; k < u.length; k++) {
      path.lineTo(panel.getScreenXFromChart(u[k]), panel.getScreenYFromChart(v[k]));
    }
    if (closed) path.closePath();
    return path;
  }
}
