package dev.autograd.plot;

import dev.autograd.Tensor;
import dev.autograd.plot.internal.Canvas;
import dev.autograd.plot.internal.Field;
import dev.autograd.plot.internal.Projection;
import dev.autograd.plot.internal.SurfaceLayer;
import dev.autograd.plot.internal.XYPanel;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BinaryOperator;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A function of two variables as a 3-D surface with descent paths on it, as the tutorial draws f(x,
 * y) = x² + y² with mplot3d. XChart has no 3-D charts, so the surface is drawn here, seen in a
 * fixed parallel projection: a mesh of opaque cells, each filled with a pale tint of its height's
 * colour and outlined in that colour, painted from the back to the front, so the nearer cells hide
 * the wires, floor and axis behind them (in PNG and in SVG alike). Each path is lifted onto the
 * surface, (x, y, f(x, y)), and drawn over it, so that it stays in view where the surface hides it;
 * there it is paled, as if seen through the surface.
 *
 * <p>The function is called as for {@link DescentPathChart} (two FLOAT64 coordinate tensors,
 * element-wise, without recording), once on the mesh and once on each path's points. The vertical
 * range covers both, so a path that climbs above the surface's range stays in view.
 *
 * <pre>{@code
 * SurfaceChart.of((x, y) -> x.square().add(y.square()), -3, 3, -3, 3)
 *     .title("f(x, y) = x² + y²")
 *     .path("SGD, lr=0.1", path)
 *     .save(Path.of("plots/surface.png"));
 * }</pre>
 */
public final class SurfaceChart extends FigureBuilder<SurfaceChart> {
  /** What pales the stretches of a path that the surface hides. */
  private static final Color VEIL = new Color(255, 255, 255, 165);

  /** The radius of the veil over a hidden start or end marker. */
  private static final double MARKER_VEIL = 6.5;

  private final BinaryOperator<Tensor> f;
  private final double x0;
  private final double x1;
  private final double y0;
  private final double y1;
  private final Map<String, Trajectory> paths = new LinkedHashMap<>();
  private int mesh = 25;
  private double azimuth = -60;
  private double elevation = 30;
  private String xLabel = "x";
  private String yLabel = "y";
  private String zLabel = "f(x, y)";

  private SurfaceChart(BinaryOperator<Tensor> f, double x0, double x1, double y0, double y1) {
    super(800, 650);
    this.f = Objects.requireNonNull(f, "f");
    Field.checkDomain("surface", x0, x1, y0, y1);
    this.x0 = x0;
    this.x1 = x1;
    this.y0 = y0;
    this.y1 = y1;
  }

  /**
   * A surface of {@code f} over [x0, x1] × [y0, y1], 800 × 650 units.
   *
   * @param f the function of the two coordinate grids, element-wise
   * @param x0 the left end of the x range
   * @param x1 the right end of the x range, greater than {@code x0}
   * @param y0 the bottom of the y range
   * @param y1 the top of the y range, greater than {@code y0}
   * @return a new chart builder
   * @throws IllegalArgumentException if {@code x0 >= x1} or {@code y0 >= y1}
   * @throws NullPointerException if {@code f} is null
   */
  public static SurfaceChart of(
      BinaryOperator<Tensor> f, double x0, double x1, double y0, double y1) {
    return new SurfaceChart(f, x0, x1, y0, y1);
  }

  /**
   * Adds (or replaces) the path called {@code name}, drawn on the surface.
   *
   * @param name the path's name in the legend
   * @param trajectory the points visited, in the x-y plane
   * @return this builder
   * @throws NullPointerException if {@code name} or {@code trajectory} is null
   */
  public SurfaceChart path(String name, Trajectory trajectory) {
    paths.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(trajectory, "path"));
    return this;
  }

  /**
   * The number of mesh lines in each direction (default 25): the surface has one fewer cells each
   * way.
   *
   * @param lines the number of lines, at least 2
   * @return this builder
   * @throws IllegalArgumentException if {@code lines < 2}
   */
  public SurfaceChart mesh(int lines) {
    if (lines < 2) throw new IllegalArgumentException("mesh: need at least 2 lines, got " + lines);
    this.mesh = lines;
    return this;
  }

  /**
   * The viewing direction: {@code azimuth} degrees around the z axis and {@code elevation} degrees
   * above the x-y plane (default -60 and 30, matplotlib's default view).
   *
   * @param azimuth the rotation around the z axis, in degrees
   * @param elevation the angle above the x-y plane, in degrees, strictly between -90 and 90 (a view
   *     straight from above or below would flatten the surface)
   * @return this builder
   * @throws IllegalArgumentException if {@code elevation} is not strictly between -90 and 90
   */
  public SurfaceChart view(double azimuth, double elevation) {
    if (!(elevation > -90 && elevation < 90)) {
      throw new IllegalArgumentException(
          "view: elevation must be strictly between -90 and 90 degrees, got " + elevation);
    }
    this.azimuth = azimuth;
    this.elevation = elevation;
    return this;
  }

  /**
   * The titles of the three axes (default "x", "y", "f(x, y)"), each drawn with its range.
   *
   * @param x the x axis title
   * @param y the y axis title
   * @param z the vertical axis title
   * @return this builder
   * @throws NullPointerException if a title is null
   */
  public SurfaceChart labels(String x, String y, String z) {
    this.xLabel = Objects.requireNonNull(x, "x");
    this.yLabel = Objects.requireNonNull(y, "y");
    this.zLabel = Objects.requireNonNull(z, "z");
    return this;
  }

  /**
   * The descent step by step on the surface, as {@link DescentPathChart#animation()}: frame k shows
   * each path's first k + 1 points, on the same surface, box and legend as the full chart.
   *
   * <pre>{@code
   * Plots.surface((x, y) -> x.square().add(y.square()), -3, 3, -3, 3)
   *     .path("SGD, lr=0.1", path)
   *     .animation()
   *     .fps(5)
   *     .save(Path.of("plots/surface.gif"));
   * }</pre>
   *
   * The paths and the function's samples are taken now; the other settings when the frames are
   * drawn, so finish setting the chart up before calling this.
   *
   * @return a new animation, 10 frames per second, playing for ever
   * @throws IllegalStateException if no path was added
   */
  public Animation animation() {
    return animation(DescentPathChart.longestPath(paths));
  }

  /**
   * As {@link #animation()} with {@code frames} frames spread evenly over the steps of the longest
   * path, as {@link DescentPathChart#animation(int)}.
   *
   * @param frames the number of frames, at least 1 (with 1, the full chart)
   * @return a new animation, 10 frames per second, playing for ever
   * @throws IllegalArgumentException if {@code frames < 1}
   * @throws IllegalStateException if no path was added
   */
  public Animation animation(int frames) {
    DescentPathChart.checkAnimation(paths, frames);
    Scene scene = new Scene(new LinkedHashMap<>(paths));
    Map<String, Integer> sizes = DescentPathChart.sizes(scene.paths);
    return DescentPathChart.animatePaths(
        scene.paths,
        frames,
        legendPosition,
        (shown, legend) -> figure(canvas(scene, shown, sizes), legend));
  }

  /** The sampled surface, the paths' heights and the vertical range that covers both. */
  private final class Scene {
    final Map<String, Trajectory> paths;
    final Field field = Field.sample(f, x0, x1, y0, y1, mesh, mesh);
    final Map<String, double[]> heights = new LinkedHashMap<>();
    double zmin = field.min();
    double zmax = field.max();

    Scene(Map<String, Trajectory> paths) {
      this.paths = paths;
      for (Map.Entry<String, Trajectory> e : paths.entrySet()) {
        double[] z = Field.evaluate(f, e.getValue().xs(), e.getValue().ys());
        heights.put(e.getKey(), z);
        for (double v : z) {
          if (Double.isFinite(v)) {
            zmin = Math.min(zmin, v);
            zmax = Math.max(zmax, v);
          }
        }
      }
    }

    /** Where the points of {@code t}, the first points of path {@code name}, are drawn. */
    double[][] project(Projection p, String name, Trajectory t) {
      double[] xs = t.xs();
      double[] ys = t.ys();
      double[] z = heights.get(name);
      double[][] uv = new double[2][xs.length];
      for (int i = 0; i < xs.length; i++) {
        uv[0][i] = p.u(xs[i], ys[i], z[i]);
        uv[1][i] = p.v(xs[i], ys[i], z[i]);
      }
      return uv;
    }
  }

  @Override
  Canvas canvas() {
    return canvas(new Scene(paths), paths, null);
  }

  /**
   * The chart of {@code scene} with the paths {@code shown} (the scene's or their first points);
   * {@code sizes} gives each path's full number of points (null: the paths are shown whole).
   */
  private Canvas canvas(Scene scene, Map<String, Trajectory> shown, Map<String, Integer> sizes) {
    double zmin = scene.zmin;
    double zmax = scene.zmax;
    Projection p = new Projection(x0, x1, y0, y1, zmin, zmax, azimuth, elevation, 0.75);

    XYPanel panel = new XYPanel(width, height);
    panel.setTitle(title == null ? "" : title);
    var styler = panel.getStyler();
    panel.hideAxes();
    styler.setMarkerSize(6);

    SurfaceLayer surface = new SurfaceLayer(scene.field, p, zmin, zmax);
    panel.background(surface);
    addLabels(panel, p, surface, zmin, zmax);
    // The whole paths count, so that every frame of an animation has the same axes.
    double[] bounds = surface.bounds();
    scene.paths.forEach(
        (name, t) -> {
          double[][] uv = scene.project(p, name, t);
          for (int i = 0; i < uv[0].length; i++) {
            if (Double.isFinite(uv[0][i]) && Double.isFinite(uv[1][i])) {
              bounds[0] = Math.min(bounds[0], uv[0][i]);
              bounds[1] = Math.max(bounds[1], uv[0][i]);
              bounds[2] = Math.min(bounds[2], uv[1][i]);
              bounds[3] = Math.max(bounds[3], uv[1][i]);
            }
          }
        });
    DescentPathChart.addPaths(panel, shown, (name, t) -> scene.project(p, name, t), sizes);
    veilHiddenStretches(panel, surface, scene, p, shown);
    fitAspect(panel, bounds);
    return Canvas.single(panel);
  }

  /**
   * Pales the stretches of the paths that the surface hides, and their hidden start and end
   * markers, under a white veil: drawn over the surface so that they stay in view, they read as
   * seen through it.
   */
  private static void veilHiddenStretches(
      XYPanel panel,
      SurfaceLayer surface,
      Scene scene,
      Projection p,
      Map<String, Trajectory> shown) {
    List<double[][]> runs = new ArrayList<>();
    List<Float> widths = new ArrayList<>();
    List<double[]> markers = new ArrayList<>();
    shown.forEach(
        (name, t) -> {
          double[] xs = t.xs();
          double[] ys = t.ys();
          double[][] uv = scene.project(p, name, t);
          boolean[] hidden = new boolean[xs.length];
          for (int i = 0; i < xs.length; i++) {
            // A point where f is not finite is not drawn, so there is nothing to veil.
            boolean drawn = Double.isFinite(uv[0][i]) && Double.isFinite(uv[1][i]);
            hidden[i] = drawn && surface.hides(xs[i], ys[i]);
          }
          float width = panel.getSeries(name).getLineStyle().getLineWidth() + 3f;
          // Runs of hidden points: their stretches of line.
          for (int i = 0; i < xs.length; ) {
            int j = i;
            while (j < xs.length && hidden[j]) j++;
            if (j - i >= 2) {
              runs.add(
                  new double[][] {
                    Arrays.copyOfRange(uv[0], i, j), Arrays.copyOfRange(uv[1], i, j)
                  });
              widths.add(width);
            }
            i = Math.max(j, i + 1);
          }
          if (hidden[0]) markers.add(new double[] {uv[0][0], uv[1][0]});
          int last = xs.length - 1;
          if (hidden[last]) markers.add(new double[] {uv[0][last], uv[1][last]});
        });
    if (runs.isEmpty() && markers.isEmpty()) return;
    panel.overlay(
        (g, chart) -> {
          // One shape for the whole veil, filled once: where runs and markers overlap, it is no
          // paler than elsewhere.
          Area veil = new Area();
          for (int r = 0; r < runs.size(); r++) {
            double[][] run = runs.get(r);
            Path2D.Double line = new Path2D.Double();
            line.moveTo(chart.getScreenXFromChart(run[0][0]), chart.getScreenYFromChart(run[1][0]));
            for (int i = 1; i < run[0].length; i++) {
              line.lineTo(
                  chart.getScreenXFromChart(run[0][i]), chart.getScreenYFromChart(run[1][i]));
            }
            BasicStroke stroke =
                new BasicStroke(widths.get(r), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            veil.add(new Area(stroke.createStrokedShape(line)));
          }
          for (double[] m : markers) {
            double sx = chart.getScreenXFromChart(m[0]);
            double sy = chart.getScreenYFromChart(m[1]);
            veil.add(
                new Area(
                    new Ellipse2D.Double(
                        sx - MARKER_VEIL, sy - MARKER_VEIL, 2 * MARKER_VEIL, 2 * MARKER_VEIL)));
          }
          g.setColor(VEIL);
          g.fill(veil);
        });
  }

  /** The axis titles with their ranges beside the front edges, the z title above the back axis. */
  private void addLabels(
      XYPanel panel, Projection p, SurfaceLayer surface, double zmin, double zmax) {
    double xm = (x0 + x1) / 2;
    double ym = (y0 + y1) / 2;
    double yFront = frontY(p, zmin);
    double xFront = frontX(p, zmin);
    double[][] axis = surface.backAxis();
    panel.label(range(xLabel, x0, x1), p.u(xm, yFront, zmin), p.v(xm, yFront, zmin) - 0.12);
    panel.label(range(yLabel, y0, y1), p.u(xFront, ym, zmin), p.v(xFront, ym, zmin) - 0.12);
    panel.label(range(zLabel, zmin, zmax), axis[0][1], axis[1][1] + 0.08);
  }

  private static String range(String label, double lo, double hi) {
    return label + ": " + tick(lo) + " \u2026 " + tick(hi);
  }

  private static String tick(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
    return String.format(java.util.Locale.ROOT, "%.3g", v);
  }

  /** The y of the floor edge along x that is nearer the viewer (drawn lower). */
  private double frontY(Projection p, double z) {
    double xm = (x0 + x1) / 2;
    return p.v(xm, y0, z) < p.v(xm, y1, z) ? y0 : y1;
  }

  /** The x of the floor edge along y that is nearer the viewer (drawn lower). */
  private double frontX(Projection p, double z) {
    double ym = (y0 + y1) / 2;
    return p.v(x0, ym, z) < p.v(x1, ym, z) ? x0 : x1;
  }

  /**
   * Sets the axis ranges so one unit is as long across as up (approximately: the plot area is the
   * chart less its title and padding), so the projection is not stretched.
   */
  private void fitAspect(XYPanel panel, double[] bounds) {
    double umin = bounds[0], umax = bounds[1], vmin = bounds[2], vmax = bounds[3];
    // What the surface layer draws is no series: a hidden one, with NaN heights so it draws
    // nothing, gives XChart an x range to start from.
    XYSeries extent =
        panel.addSeries(
            "\u200bsurface extent",
            new double[] {umin, umax},
            new double[] {Double.NaN, Double.NaN});
    extent.setShowInLegend(false);
    extent.setMarker(SeriesMarkers.NONE);
    double pad = 0.06 * Math.max(umax - umin, vmax - vmin);
    umin -= pad;
    umax += pad;
    vmin -= pad;
    vmax += pad;
    double plotW = width - 40.0;
    double plotH = height - (title == null || title.isEmpty() ? 40.0 : 75.0);
    double perUnit = Math.min(plotW / (umax - umin), plotH / (vmax - vmin));
    double du = (plotW / perUnit - (umax - umin)) / 2;
    double dv = (plotH / perUnit - (vmax - vmin)) / 2;
    var styler = panel.getStyler();
    styler.setPlotContentSize(1.0);
    styler.setXAxisMin(umin - du);
    styler.setXAxisMax(umax + du);
    styler.setYAxisMin(vmin - dv);
    styler.setYAxisMax(vmax + dv);
  }
}
