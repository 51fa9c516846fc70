package dev.autograd.plot;

import dev.autograd.Tensor;
import dev.autograd.plot.internal.Canvas;
import dev.autograd.plot.internal.ColorBar;
import dev.autograd.plot.internal.ColorScale;
import dev.autograd.plot.internal.Field;
import dev.autograd.plot.internal.FieldLayer;
import dev.autograd.plot.internal.OutlinedMarker;
import dev.autograd.plot.internal.Palette;
import dev.autograd.plot.internal.XYPanel;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Descent paths over a function of two variables: the function as filled contours (or a heat map)
 * in the background, each optimizer's trajectory drawn on top in its own colour, its start marked
 * with a disc and its end with a star.
 *
 * <pre>{@code
 * // the tutorial's bowl
 * DescentPathChart.of((x, y) -> x.square().add(y.square()), -3, 3, -3, 3)
 *     .path("SGD, lr=0.1", sgdPath)
 *     .save(Path.of("plots/bowl.png"));
 *
 * // a Rosenbrock valley, coloured on a log scale so the valley floor shows
 * DescentPathChart.of((x, y) -> x.neg().add(1).square().add(y.sub(x.square()).square().mul(100)),
 *         -2, 2, -1, 3)
 *     .logColorScale()
 *     .path("SGD", sgd).path("Momentum", momentum).path("Adam", adam)
 *     .save(Path.of("plots/rosenbrock.png"));
 * }</pre>
 *
 * The function receives the x and y coordinates of the whole grid as two FLOAT64 tensors of shape
 * [resolution, resolution] and must work element-wise (or return a single value, for a constant);
 * it is evaluated once, without recording.
 */
public final class DescentPathChart extends FigureBuilder<DescentPathChart> {
  /** How the function is shown behind the paths. */
  public enum Background {
    /** Colour bands between contour levels, with the contour lines drawn. */
    CONTOUR,
    /** Continuous colours. */
    HEATMAP
  }

  /** Paths of at most this many points get a dot at every point. */
  private static final int MAX_POINT_MARKERS = 60;

  private final BinaryOperator<Tensor> f;
  private final double x0;
  private final double x1;
  private final double y0;
  private final double y1;
  private final Map<String, Trajectory> paths = new LinkedHashMap<>();
  private Background background = Background.CONTOUR;
  private int levels = 14;
  private boolean logColorScale;
  private int resolution = 200;
  private boolean colorBar = true;
  private String zLabel = "f(x, y)";

  private DescentPathChart(BinaryOperator<Tensor> f, double x0, double x1, double y0, double y1) {
    super(800, 650);
    xLabel = "x";
    yLabel = "y";
    this.f = Objects.requireNonNull(f, "f");
    Field.checkDomain("descentPath", x0, x1, y0, y1);
    this.x0 = x0;
    this.x1 = x1;
    this.y0 = y0;
    this.y1 = y1;
  }

  /**
   * A chart of {@code f} over [x0, x1] × [y0, y1], 800 × 650 units.
   *
   * @param f the function of the two coordinate grids, element-wise (as {@code (x, y) ->
   *     x.square().add(y.square())})
   * @param x0 the left end of the x range
   * @param x1 the right end of the x range, greater than {@code x0}
   * @param y0 the bottom of the y range
   * @param y1 the top of the y range, greater than {@code y0}
   * @return a new chart builder
   * @throws IllegalArgumentException if {@code x0 >= x1} or {@code y0 >= y1}
   * @throws NullPointerException if {@code f} is null
   */
  public static DescentPathChart of(
      BinaryOperator<Tensor> f, double x0, double x1, double y0, double y1) {
    return new DescentPathChart(f, x0, x1, y0, y1);
  }

  /**
   * Adds (or replaces) the path called {@code name}. Each path gets its own colour, in the order
   * they were first added; paths of at most 60 points also get a dot at every point, so that the
   * step sizes show.
   *
   * @param name the path's name in the legend, such as the optimizer and its learning rate
   * @param trajectory the points visited
   * @return this builder
   * @throws NullPointerException if {@code name} or {@code trajectory} is null
   */
  public DescentPathChart path(String name, Trajectory trajectory) {
    paths.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(trajectory, "path"));
    return this;
  }

  /**
   * Filled contours (the default) or a heat map.
   *
   * @param background how the function is shown
   * @return this builder
   * @throws NullPointerException if {@code background} is null
   */
  public DescentPathChart background(Background background) {
    this.background = Objects.requireNonNull(background, "background");
    return this;
  }

  /**
   * The number of colour bands of the filled contours (default 14); the heat map ignores it.
   *
   * @param levels the number of bands, at least 2
   * @return this builder
   * @throws IllegalArgumentException if {@code levels < 2}
   */
  public DescentPathChart levels(int levels) {
    if (levels < 2) throw new IllegalArgumentException("levels: need at least 2, got " + levels);
    this.levels = levels;
    return this;
  }

  /**
   * Spaces colours and contours logarithmically above the minimum (for narrow valleys): with linear
   * spacing, a function that rises steeply away from a flat valley, as Rosenbrock's, puts the whole
   * valley in the lowest band.
   *
   * @return this builder
   */
  public DescentPathChart logColorScale() {
    this.logColorScale = true;
    return this;
  }

  @Override
  void checkCanLog(char axis) {
    throw new IllegalStateException(
        "log"
            + Character.toUpperCase(axis)
            + ": a DescentPathChart samples f on a linear grid, its "
            + axis
            + " axis cannot be logarithmic; logColorScale() spaces the colours logarithmically");
  }

  /**
   * The number of grid points along each axis where f is evaluated (default 200).
   *
   * @param points the number of points per axis, at least 2
   * @return this builder
   * @throws IllegalArgumentException if {@code points < 2}
   */
  public DescentPathChart resolution(int points) {
    if (points < 2)
      throw new IllegalArgumentException("resolution: need at least 2, got " + points);
    this.resolution = points;
    return this;
  }

  /**
   * Whether a colour bar beside the plot gives the function's value for each colour (default true),
   * as matplotlib's {@code colorbar()}; it takes 100 units of the figure's width.
   *
   * @param show false to leave it out
   * @return this builder
   */
  public DescentPathChart colorBar(boolean show) {
    this.colorBar = show;
    return this;
  }

  /**
   * The colour bar's title (default "f(x, y)"), such as "loss".
   *
   * @param label the title, in any script
   * @return this builder
   */
  public DescentPathChart zLabel(String label) {
    this.zLabel = label;
    return this;
  }

  /**
   * The descent step by step: frame k shows each path's first k + 1 points (a path that has ended
   * stays whole), one frame per step of the longest path. The background, axes, colour bar and
   * legend stay as in the full chart; each path's end star marks where it is at that frame.
   *
   * <pre>{@code
   * Plots.descentPath((x, y) -> x.square().add(y.square()), -3, 3, -3, 3)
   *     .path("SGD, lr=0.1", path)
   *     .animation()
   *     .fps(5)
   *     .holdLast(1)
   *     .save(Path.of("plots/descent.gif"));
   * }</pre>
   *
   * The paths and the function's samples are taken now; the other settings when the frames are
   * drawn, so finish setting the chart up before calling this.
   *
   * @return a new animation, 10 frames per second, playing for ever
   * @throws IllegalStateException if no path was added
   */
  public Animation animation() {
    return animation(longestPath(paths));
  }

  /**
   * As {@link #animation()} with {@code frames} frames spread evenly over the steps of the longest
   * path, for paths of thousands of steps: frame i shows the first 1 + round(i (n - 1) / (frames -
   * 1)) points of a path of n; the last frame shows the whole paths.
   *
   * @param frames the number of frames, at least 1 (with 1, the full chart)
   * @return a new animation, 10 frames per second, playing for ever
   * @throws IllegalArgumentException if {@code frames < 1}
   * @throws IllegalStateException if no path was added
   */
  public Animation animation(int frames) {
    checkAnimation(paths, frames);
    Map<String, Trajectory> full = new LinkedHashMap<>(paths);
    Map<String, Integer> sizes = sizes(full);
    Field field = sample();
    return animatePaths(
        full,
        frames,
        legendPosition,
        (shown, legend) -> figure(canvas(field, shown, sizes), legend));
  }

  /**
   * Checks the arguments of an {@code animation(frames)} call.
   *
   * @throws IllegalStateException if there are no paths
   * @throws IllegalArgumentException if {@code frames < 1}
   */
  static void checkAnimation(Map<String, Trajectory> paths, int frames) {
    if (paths.isEmpty()) {
      throw new IllegalStateException("animation: add a path first, with path(name, trajectory)");
    }
    if (frames < 1) {
      throw new IllegalArgumentException("animation: need at least 1 frame, got " + frames);
    }
  }

  /** The number of points of each path. */
  static Map<String, Integer> sizes(Map<String, Trajectory> paths) {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    paths.forEach((name, t) -> sizes.put(name, t.size()));
    return sizes;
  }

  /** The number of points of the longest path, checked to exist. */
  static int longestPath(Map<String, Trajectory> paths) {
    checkAnimation(paths, 1);
    return paths.values().stream().mapToInt(Trajectory::size).max().getAsInt();
  }

  /**
   * The animation of {@code full} over {@code frames} frames, frame i drawn by {@code draw} with
   * the paths cut to their first 1 + round(i (n - 1) / (frames - 1)) points (n the longest path's)
   * and the legend at {@code fixed}, or where the full chart puts it when that is null, so that it
   * stays put.
   */
  static Animation animatePaths(
      Map<String, Trajectory> full,
      int frames,
      LegendPosition fixed,
      BiFunction<Map<String, Trajectory>, LegendPosition, Figure> draw) {
    int longest = longestPath(full);
    LegendPosition legend =
        fixed != null
            ? fixed
            : draw.apply(full, null).charts().get(0).getStyler().getLegendPosition();
    return Animation.of(
        frames,
        i -> {
          int points =
              frames == 1
                  ? longest
                  : 1 + (int) Math.round((double) i * (longest - 1) / (frames - 1));
          return draw.apply(Trajectory.firstPoints(full, points), legend);
        });
  }

  private Field sample() {
    return Field.sample(f, x0, x1, y0, y1, resolution, resolution);
  }

  @Override
  Canvas canvas() {
    return canvas(sample(), paths, null);
  }

  /**
   * The chart of {@code field} with {@code shown}; {@code sizes} gives each path's full number of
   * points, which decides its dots (null: the paths are shown whole).
   */
  private Canvas canvas(Field field, Map<String, Trajectory> shown, Map<String, Integer> sizes) {
    boolean contour = background == Background.CONTOUR;
    ColorScale scale =
        new ColorScale(field.min(), field.max(), logColorScale, contour ? levels : 0);
    double[] lines = scale.bandBoundaries();

    XYPanel panel = new XYPanel(width, height);
    panel.setTitle(title == null ? "" : title);
    var styler = panel.getStyler();
    styler.setXAxisMin(x0);
    styler.setXAxisMax(x1);
    styler.setYAxisMin(y0);
    styler.setYAxisMax(y1);
    styler.setPlotContentSize(1.0);
    styler.setPlotGridLinesVisible(false);
    styler.setMarkerSize(6);
    panel.background(new FieldLayer(field, scale, lines, x0, x1, y0, y1));
    addPaths(panel, shown, null, sizes);
    if (!colorBar) return Canvas.single(panel);
    return Canvas.withColorBar(panel, new ColorBar(scale, contour ? levels : 0, zLabel));
  }

  /**
   * Draws each path with its start and end markers, and one legend entry for each marker kind, the
   * points mapped by {@code project} first (null for none): {@code project} receives a path's name
   * and points and returns the coordinates to draw, {@code {xs, ys}}. A path gets a dot at every
   * point if its full size (in {@code sizes}, or its own size when that is null) is small.
   */
  static void addPaths(
      XYPanel panel,
      Map<String, Trajectory> paths,
      BiFunction<String, Trajectory, double[][]> project,
      Map<String, Integer> sizes) {
    if (paths.isEmpty()) return;
    Color legendGrey = new Color(0x555555);
    OutlinedMarker start = new OutlinedMarker(OutlinedMarker.Shape.CIRCLE, 1.6, Color.BLACK);
    OutlinedMarker end = new OutlinedMarker(OutlinedMarker.Shape.STAR, 1.6, Color.BLACK);
    // Legend entries for the two markers.
    panel.legendEntry("start", legendGrey, start);
    panel.legendEntry("end", legendGrey, end);
    List<String> names = new ArrayList<>(paths.keySet());
    List<double[][]> points = new ArrayList<>();
    for (String name : names) points.add(coordinates(name, paths.get(name), project));
    int n = names.size();
    // NOTE: paths often share a stretch (every optimizer follows a valley floor), so earlier paths
    // are drawn wider: where they overlap, each shows as a stripe along the next one. All white
    // casings go first, under every path, so the paths stand out on dark and light backgrounds.
    float[] widths = new float[n];
    for (int i = 0; i < n; i++) widths[i] = 2.4f + 1.4f * (n - 1 - i);
    for (int i = 0; i < n; i++) {
      double[][] p = points.get(i);
      panel
          .line(names.get(i) + " \u00b7 casing", p[0], p[1], Color.WHITE, widths[i] + 2.5f)
          .setShowInLegend(false);
    }
    for (int i = 0; i < n; i++) {
      Color color = Palette.path(i);
      double[][] p = points.get(i);
      XYSeries line = panel.line(names.get(i), p[0], p[1], color, widths[i]);
      int size = sizes == null ? p[0].length : sizes.get(names.get(i));
      if (size <= MAX_POINT_MARKERS) {
        line.setMarker(SeriesMarkers.CIRCLE);
        line.setMarkerColor(color);
      }
    }
    for (int i = 0; i < n; i++) {
      Color color = Palette.path(i);
      double[][] p = points.get(i);
      int last = p[0].length - 1;
      panel
          .markers(
              names.get(i) + " \u00b7 start",
              new double[] {p[0][0]},
              new double[] {p[1][0]},
              color,
              start)
          .setShowInLegend(false);
      panel
          .markers(
              names.get(i) + " \u00b7 end",
              new double[] {p[0][last]},
              new double[] {p[1][last]},
              color,
              end)
          .setShowInLegend(false);
    }
  }

  private static double[][] coordinates(
      String name, Trajectory t, BiFunction<String, Trajectory, double[][]> project) {
    return project == null ? new double[][] {t.xs(), t.ys()} : project.apply(name, t);
  }
}
