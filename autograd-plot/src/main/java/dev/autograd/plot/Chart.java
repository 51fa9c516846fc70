package dev.autograd.plot;

import dev.autograd.Tensor;
import dev.autograd.plot.internal.Canvas;
import dev.autograd.plot.internal.ColorBar;
import dev.autograd.plot.internal.ColorScale;
import dev.autograd.plot.internal.DataChecks;
import dev.autograd.plot.internal.Field;
import dev.autograd.plot.internal.FieldLayer;
import dev.autograd.plot.internal.ImageLayer;
import dev.autograd.plot.internal.Palette;
import dev.autograd.plot.internal.Raster;
import dev.autograd.plot.internal.Sampling;
import dev.autograd.plot.internal.TickLabels;
import dev.autograd.plot.internal.XYPanel;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A general chart, as matplotlib's {@code plt.plot}, {@code plt.scatter}, {@code plt.hist}, {@code
 * plt.bar}, {@code plt.fill_between}, {@code plt.errorbar} and {@code plt.step}, or a heat map, as
 * {@code plt.imshow} ({@link #imshow(Tensor)}): each call adds one series and returns the builder;
 * the style setters of {@link FigureBuilder} ({@link #label}, {@link #color}, {@link #lineStyle},
 * ...) apply to the series added last.
 *
 * <pre>{@code
 * double[] x = {0, 1, 2, 3, 4};
 * double[] y = {0, 1, 4, 9, 16};
 * Plots.chart()
 *     .title("x²")
 *     .plot(x, y).label("x²").marker(Marker.CIRCLE)
 *     .fillBetween(x, new double[] {0, 0.5, 3, 7.5, 14}, y).alpha(0.3)
 *     .save(Path.of("plots/square.png"));
 * }</pre>
 *
 * <p>Data may be given as arrays or as 1-D tensors (their values are read when the series is
 * added). Every call checks its data at once: arrays of different lengths, empty data, values that
 * cannot be drawn and tensors that are not 1-D fail with an {@link IllegalArgumentException} naming
 * the call, the argument and the lengths or shape. A NaN in the y values of {@code plot}, {@code
 * scatter} and {@code step} leaves a gap, as in matplotlib; anywhere else it is refused.
 *
 * <p>Series are coloured in turn from matplotlib's default cycle (tab:blue, tab:orange, ...).
 * Series without a {@link #label(String) label} are not listed in the legend; a chart without
 * labels has no legend.
 */
public final class Chart extends FigureBuilder<Chart> {
  /** Where a {@link #step(double[], double[], Where) step} plot puts the jump between values. */
  public enum Where {
    /**
     * {@code y[i]} holds on the interval (x[i-1], x[i]]: the jump is at the left of each value, as
     * matplotlib's default {@code where='pre'}.
     */
    PRE,
    /** {@code y[i]} holds on [x[i], x[i+1]): the jump is at the right ({@code where='post'}). */
    POST,
    /** The jumps are half-way between neighbouring x values ({@code where='mid'}). */
    MID
  }

  private enum Kind {
    LINE,
    SCATTER,
    AREA,
    ERROR_BARS
  }

  private static final class Spec {
    final Kind kind;
    final double[] x;
    final double[] y;
    final double[] err;
    final SeriesStyle style = new SeriesStyle();
    String label;

    Spec(Kind kind, double[] x, double[] y, double[] err) {
      this.kind = kind;
      this.x = x;
      this.y = y;
      this.err = err;
    }
  }

  private final List<Spec> specs = new ArrayList<>();

  /** The image of {@link #imshow(Tensor)} and its settings. */
  private static final class Image {
    final Raster raster;
    ColorMap cmap = ColorMap.VIRIDIS;
    double[] cLim;
    String colorBarLabel;
    String cellFormat;

    Image(Raster raster) {
      this.raster = raster;
    }
  }

  private Image image;

  /** Contour lines or filled contours of {@link #contour} and {@link #contourf}. */
  private record Contours(Field field, int levels, boolean filled) {}

  private static final int FUNCTION_RESOLUTION = 100;
  private final List<Contours> contours = new ArrayList<>();
  private String contourBarLabel;
  private String[] xTickLabels;
  private String[] yTickLabels;

  private Chart() {
    super(800, 500);
  }

  /**
   * A new, empty chart, 800 × 500 units.
   *
   * @return a new builder; add at least one series before building
   */
  public static Chart builder() {
    return new Chart();
  }

  /**
   * A line through {@code (i, y[i])}, as {@code plt.plot(y)}.
   *
   * @param y the values, at least one; NaN leaves a gap
   * @return this builder
   * @throws IllegalArgumentException if {@code y} is empty or has an infinite value
   */
  public Chart plot(double[] y) {
    DataChecks.nonEmpty("plot", "y", y);
    return plot(Sampling.indices(y.length), y);
  }

  /**
   * A line through the points {@code (x[i], y[i])} in order, as {@code plt.plot(x, y)}.
   *
   * @param x the x values, finite
   * @param y the y values, as many as {@code x}; NaN leaves a gap
   * @return this builder
   * @throws IllegalArgumentException if the arrays differ in length, are empty or hold values that
   *     cannot be drawn
   */
  public Chart plot(double[] x, double[] y) {
    return add(Kind.LINE, "plot", x, y, true);
  }

  /**
   * A line through the values of a 1-D tensor against their index, as {@code plt.plot(y)}.
   *
   * @param y a 1-D tensor
   * @return this builder
   * @throws IllegalArgumentException if {@code y} is not 1-D, or as {@link #plot(double[])}
   */
  public Chart plot(Tensor y) {
    return plot(DataChecks.values("plot", "y", y));
  }

  /**
   * A line through the points of two 1-D tensors, as {@code plt.plot(x, y)}.
   *
   * @param x a 1-D tensor of x values
   * @param y a 1-D tensor of y values, as many as {@code x}
   * @return this builder
   * @throws IllegalArgumentException if a tensor is not 1-D, or as {@link #plot(double[],
   *     double[])}
   */
  public Chart plot(Tensor x, Tensor y) {
    return plot(DataChecks.values("plot", "x", x), DataChecks.values("plot", "y", y));
  }

  /**
   * A marker at each point {@code (x[i], y[i])}, as {@code plt.scatter(x, y)}: circles unless
   * {@link #marker(Marker)} says otherwise.
   *
   * @param x the x values, finite
   * @param y the y values, as many as {@code x}; a NaN point is not drawn
   * @return this builder
   * @throws IllegalArgumentException if the arrays differ in length, are empty or hold values that
   *     cannot be drawn
   */
  public Chart scatter(double[] x, double[] y) {
    return add(Kind.SCATTER, "scatter", x, y, true);
  }

  /**
   * Markers at the points of two 1-D tensors, as {@code plt.scatter(x, y)}.
   *
   * @param x a 1-D tensor of x values
   * @param y a 1-D tensor of y values, as many as {@code x}
   * @return this builder
   * @throws IllegalArgumentException if a tensor is not 1-D, or as {@link #scatter(double[],
   *     double[])}
   */
  public Chart scatter(Tensor x, Tensor y) {
    return scatter(DataChecks.values("scatter", "x", x), DataChecks.values("scatter", "y", y));
  }

  /**
   * A step function with the jumps before each value, as {@code plt.step(x, y)} ({@link
   * Where#PRE}).
   *
   * @param x the x values, finite and in increasing order
   * @param y the y values, as many as {@code x}; NaN leaves a gap
   * @return this builder
   * @throws IllegalArgumentException as {@link #plot(double[], double[])}
   */
  public Chart step(double[] x, double[] y) {
    return step(x, y, Where.PRE);
  }

  /**
   * A step function, as {@code plt.step(x, y, where=...)}: horizontal at each value, vertical
   * between them, the jumps placed as {@code where} says.
   *
   * @param x the x values, finite and in increasing order
   * @param y the y values, as many as {@code x}; NaN leaves a gap
   * @param where where the jumps are
   * @return this builder
   * @throws IllegalArgumentException as {@link #plot(double[], double[])}
   */
  public Chart step(double[] x, double[] y, Where where) {
    Objects.requireNonNull(where, "step: where");
    checkXY("step", x, y, true);
    int n = x.length;
    double[] sx = new double[2 * n - 1];
    double[] sy = new double[2 * n - 1];
    sx[0] = x[0];
    sy[0] = y[0];
    for (int i = 1; i < n; i++) {
      double corner =
          switch (where) {
            case PRE -> x[i - 1];
            case POST -> x[i];
            case MID -> (x[i - 1] + x[i]) / 2;
          };
      sx[2 * i - 1] = corner;
      sy[2 * i - 1] = where == Where.PRE ? y[i] : y[i - 1];
      sx[2 * i] = where == Where.MID ? corner : x[i];
      sy[2 * i] = y[i];
    }
    if (where == Where.MID) {
      // matplotlib's mid steps start and end with half a step at the end values.
      List<double[]> pts = new ArrayList<>();
      for (int i = 0; i < sx.length; i++) pts.add(new double[] {sx[i], sy[i]});
      pts.add(new double[] {x[n - 1], y[n - 1]});
      sx = pts.stream().mapToDouble(p -> p[0]).toArray();
      sy = pts.stream().mapToDouble(p -> p[1]).toArray();
    }
    return addSpec(new Spec(Kind.LINE, sx, sy, null));
  }

  /**
   * A histogram of {@code values} in 10 equal bins, as {@code plt.hist(values)}.
   *
   * @param values the values, at least one, finite
   * @return this builder
   * @throws IllegalArgumentException if {@code values} is empty or holds a value that is not finite
   */
  public Chart hist(double[] values) {
    return hist(values, 10);
  }

  /**
   * A histogram of {@code values} in {@code bins} equal bins from their minimum to their maximum,
   * as {@code plt.hist(values, bins)}: each bin is [left, right) but the last, which also holds the
   * maximum. When all values are equal, the range is the value ± 0.5, as numpy's.
   *
   * @param values the values, at least one, finite
   * @param bins the number of bins, positive
   * @return this builder
   * @throws IllegalArgumentException if {@code values} is empty or holds a value that is not
   *     finite, or {@code bins} is not positive
   */
  public Chart hist(double[] values, int bins) {
    double[][] h = histogram(values, bins);
    double[] edges = h[0];
    double[] counts = h[1];
    // One polygon along the tops of the bins, closed along the axis.
    double[] px = new double[2 * bins + 2];
    double[] py = new double[2 * bins + 2];
    px[0] = edges[0];
    for (int i = 0; i < bins; i++) {
      px[2 * i + 1] = edges[i];
      py[2 * i + 1] = counts[i];
      px[2 * i + 2] = edges[i + 1];
      py[2 * i + 2] = counts[i];
    }
    px[2 * bins + 1] = edges[bins];
    return addSpec(new Spec(Kind.AREA, px, py, null));
  }

  /**
   * A histogram of the values of a 1-D tensor, as {@code plt.hist(t, bins)}.
   *
   * @param values a 1-D tensor (flatten() another)
   * @param bins the number of bins, positive
   * @return this builder
   * @throws IllegalArgumentException if {@code values} is not 1-D, or as {@link #hist(double[],
   *     int)}
   */
  public Chart hist(Tensor values, int bins) {
    return hist(DataChecks.values("hist", "values", values), bins);
  }

  /**
   * The bin edges and counts {@link #hist(double[], int)} draws, as {@code numpy.histogram(values,
   * bins)}.
   *
   * @return {@code {edges, counts}}: {@code bins + 1} edges and {@code bins} counts
   */
  static double[][] histogram(double[] values, int bins) {
    DataChecks.nonEmpty("hist", "values", values);
    DataChecks.drawable("hist", "values", values, false);
    if (bins < 1) throw new IllegalArgumentException("hist: bins must be positive, got " + bins);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (lo == hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    double[] edges = Sampling.linspace(lo, hi, bins + 1);
    double[] counts = new double[bins];
    for (double v : values) {
      int i = (int) Math.floor((v - lo) / (hi - lo) * bins);
      i = Math.max(0, Math.min(bins - 1, i));
      // Rounding can put a value next to an edge in the neighbouring bin; the edges decide.
      if (i > 0 && v < edges[i]) i--;
      else if (i < bins - 1 && v >= edges[i + 1]) i++;
      counts[i]++;
    }
    return new double[][] {edges, counts};
  }

  /**
   * Bars of height {@code heights[i]} centred on {@code x[i]}, 0.8 wide, as {@code plt.bar(x,
   * heights)}.
   *
   * @param x the centres, finite
   * @param heights the heights, finite (negative ones go down from 0), as many as {@code x}
   * @return this builder
   * @throws IllegalArgumentException if the arrays differ in length, are empty or hold values that
   *     are not finite
   */
  public Chart bar(double[] x, double[] heights) {
    return bar(x, heights, 0.8);
  }

  /**
   * Bars of height {@code heights[i]} centred on {@code x[i]}, as {@code plt.bar(x, heights,
   * width)}.
   *
   * @param x the centres, finite
   * @param heights the heights, finite, as many as {@code x}
   * @param width the width of every bar in x units, positive and finite
   * @return this builder
   * @throws IllegalArgumentException if the arrays differ in length, are empty or hold values that
   *     are not finite, or {@code width} is not positive
   */
  public Chart bar(double[] x, double[] heights, double width) {
    DataChecks.sameLength("bar", "x", x, "heights", heights);
    DataChecks.nonEmpty("bar", "x", x);
    DataChecks.drawable("bar", "x", x, false);
    DataChecks.drawable("bar", "heights", heights, false);
    if (!(width > 0) || !Double.isFinite(width)) {
      throw new IllegalArgumentException("bar: width must be positive and finite, got " + width);
    }
    // One polygon: up, across and down for each bar, along the axis between bars.
    int n = x.length;
    double[] px = new double[4 * n];
    double[] py = new double[4 * n];
    for (int i = 0; i < n; i++) {
      double l = x[i] - width / 2;
      double r = x[i] + width / 2;
      px[4 * i] = l;
      px[4 * i + 1] = l;
      py[4 * i + 1] = heights[i];
      px[4 * i + 2] = r;
      py[4 * i + 2] = heights[i];
      px[4 * i + 3] = r;
    }
    return addSpec(new Spec(Kind.AREA, px, py, null));
  }

  /**
   * Bars from 1-D tensors, as {@link #bar(double[], double[])}.
   *
   * @param x a 1-D tensor of centres
   * @param heights a 1-D tensor of heights, as many as {@code x}
   * @return this builder
   * @throws IllegalArgumentException if a tensor is not 1-D, or as {@link #bar(double[], double[])}
   */
  public Chart bar(Tensor x, Tensor heights) {
    return bar(DataChecks.values("bar", "x", x), DataChecks.values("bar", "heights", heights));
  }

  /**
   * The area between the x axis and {@code y}, as {@code plt.fill_between(x, y)}.
   *
   * @param x the x values, finite
   * @param y the curve, finite, as many as {@code x}
   * @return this builder
   * @throws IllegalArgumentException as {@link #fillBetween(double[], double[], double[])}
   */
  public Chart fillBetween(double[] x, double[] y) {
    DataChecks.sameLength("fillBetween", "x", x, "y1", y);
    return fillBetween(x, y, new double[x.length]);
  }

  /**
   * The area between two curves, as {@code plt.fill_between(x, y1, y2)}: a band such as a
   * confidence interval. Use {@link #alpha(double)} to see what is under it.
   *
   * @param x the x values, finite
   * @param y1 one curve, finite, as many as {@code x}
   * @param y2 the other curve, finite, as many as {@code x}
   * @return this builder
   * @throws IllegalArgumentException if the arrays differ in length, are empty or hold values that
   *     are not finite
   */
  public Chart fillBetween(double[] x, double[] y1, double[] y2) {
    DataChecks.sameLength("fillBetween", "x", x, "y1", y1);
    DataChecks.sameLength("fillBetween", "x", x, "y2", y2);
    DataChecks.nonEmpty("fillBetween", "x", x);
    DataChecks.drawable("fillBetween", "x", x, false);
    DataChecks.drawable("fillBetween", "y1", y1, false);
    DataChecks.drawable("fillBetween", "y2", y2, false);
    int n = x.length;
    double[] px = new double[2 * n];
    double[] py = new double[2 * n];
    for (int i = 0; i < n; i++) {
      px[i] = x[i];
      py[i] = y1[i];
      px[2 * n - 1 - i] = x[i];
      py[2 * n - 1 - i] = y2[i];
    }
    return addSpec(new Spec(Kind.AREA, px, py, null));
  }

  /**
   * The band between two 1-D tensors, as {@link #fillBetween(double[], double[], double[])}.
   *
   * @param x a 1-D tensor of x values
   * @param y1 a 1-D tensor, one curve
   * @param y2 a 1-D tensor, the other curve
   * @return this builder
   * @throws IllegalArgumentException if a tensor is not 1-D, or as {@link #fillBetween(double[],
   *     double[], double[])}
   */
  public Chart fillBetween(Tensor x, Tensor y1, Tensor y2) {
    return fillBetween(
        DataChecks.values("fillBetween", "x", x),
        DataChecks.values("fillBetween", "y1", y1),
        DataChecks.values("fillBetween", "y2", y2));
  }

  /**
   * A line through {@code (x[i], y[i])} with a vertical bar from {@code y[i] - yErr[i]} to {@code
   * y[i] + yErr[i]} at each point, as {@code plt.errorbar(x, y, yerr)}. For points only, add {@code
   * .lineStyle(LineStyle.NONE).marker(Marker.CIRCLE)} (matplotlib's {@code fmt='o'}).
   *
   * @param x the x values, finite
   * @param y the y values, finite, as many as {@code x}
   * @param yErr the half-heights of the bars, finite and not negative, as many as {@code x}
   * @return this builder
   * @throws IllegalArgumentException if the arrays differ in length, are empty, or hold values that
   *     are not finite or (in {@code yErr}) negative
   */
  public Chart errorBar(double[] x, double[] y, double[] yErr) {
    checkXY("errorBar", x, y, false);
    DataChecks.sameLength("errorBar", "x", x, "yErr", yErr);
    DataChecks.drawable("errorBar", "yErr", yErr, false);
    for (int i = 0; i < yErr.length; i++) {
      if (yErr[i] < 0) {
        throw new IllegalArgumentException(
            "errorBar: yErr[" + i + "] is " + yErr[i] + "; error bars must not be negative");
      }
    }
    return addSpec(new Spec(Kind.ERROR_BARS, x.clone(), y.clone(), yErr.clone()));
  }

  /**
   * Error bars from 1-D tensors, as {@link #errorBar(double[], double[], double[])}.
   *
   * @param x a 1-D tensor of x values
   * @param y a 1-D tensor of y values
   * @param yErr a 1-D tensor of half-heights
   * @return this builder
   * @throws IllegalArgumentException if a tensor is not 1-D, or as {@link #errorBar(double[],
   *     double[], double[])}
   */
  public Chart errorBar(Tensor x, Tensor y, Tensor yErr) {
    return errorBar(
        DataChecks.values("errorBar", "x", x),
        DataChecks.values("errorBar", "y", y),
        DataChecks.values("errorBar", "yErr", yErr));
  }

  /**
   * The legend label of the series added last, as matplotlib's {@code label=}: only labelled series
   * are listed in the legend.
   *
   * @param label the label, in any script
   * @return this builder
   * @throws IllegalStateException if no series was added yet
   * @throws NullPointerException if {@code label} is null
   * @throws IllegalArgumentException if another series already has this label
   */
  public Chart label(String label) {
    Objects.requireNonNull(label, "label");
    if (specs.isEmpty()) {
      throw new IllegalStateException("label: add a series (plot, scatter, ...) first");
    }
    for (Spec s : specs) {
      if (label.equals(s.label) && s != specs.get(specs.size() - 1)) {
        throw new IllegalArgumentException(
            "label: another series is already labelled '" + label + "'");
      }
    }
    specs.get(specs.size() - 1).label = label;
    return this;
  }

  /**
   * An image of a 2-D tensor, as {@code plt.imshow(t)}: cell (r, c) coloured by its value through
   * the colour map ({@link ColorMap#VIRIDIS} unless {@link #cmap(ColorMap)} says otherwise), row 0
   * at the top, columns and rows numbered along the axes. A [C, H, W] tensor (PyTorch's image
   * layout) with one channel is the same; with three it is an RGB image, its values from 0 to 1 (or
   * 0 to 255 in an integer tensor). Add {@link #colorBar()} for the key, {@link #annotateCells()}
   * for the values written in the cells, {@link #xTickLabels(String...)} for class names:
   *
   * <pre>{@code
   * Tensor confusion = Tensor.of(new double[] {50, 2, 1, 3, 45, 4, 0, 6, 47}, 3, 3);
   * Plots.chart()
   *     .imshow(confusion).cmap(ColorMap.BLUES).colorBar("count").annotateCells("%.0f")
   *     .xTickLabels("cat", "dog", "bird").yTickLabels("cat", "dog", "bird")
   *     .xLabel("predicted").yLabel("true")
   *     .save(Path.of("plots/confusion.png"));
   * }</pre>
   *
   * A chart holds one image and no other series; {@link #annotate(String, double, double)} and
   * {@link #xLim(double, double)} take (column, row) coordinates, the rows counted downwards.
   *
   * @param image a 2-D tensor [H, W], or [C, H, W] with C 1 or 3
   * @return this builder
   * @throws IllegalArgumentException for another shape, an empty image or an infinite value
   * @throws IllegalStateException if the chart has an image already
   */
  public Chart imshow(Tensor image) {
    return setImage(Raster.of("imshow", image));
  }

  /**
   * An image of values, {@code values[r][c]} the cell at row r (from the top) and column c, as
   * {@link #imshow(Tensor)}.
   *
   * @param values the rows, all of the same length; NaN shows as a grey cell
   * @return this builder
   * @throws IllegalArgumentException for no rows, rows of different lengths or an infinite value
   * @throws IllegalStateException if the chart has an image already
   */
  public Chart imshow(double[][] values) {
    return setImage(Raster.of("imshow", values));
  }

  private Chart setImage(Raster raster) {
    if (!specs.isEmpty() || !contours.isEmpty()) throw imageAlone();
    if (image != null) {
      throw new IllegalStateException("imshow: this Chart has an image already; a Chart holds one");
    }
    if (logX || logY) {
      throw new IllegalStateException(
          "imshow: this Chart has a logarithmic axis; an image's axes are its columns and rows");
    }
    image = new Image(raster);
    return this;
  }

  private Image image(String call) {
    if (image == null) {
      throw new IllegalStateException(call + ": add an image first, with imshow(...)");
    }
    return image;
  }

  private Image valueImage(String call) {
    Image im = image(call);
    if (im.raster.values() == null) {
      throw new IllegalStateException(
          call + ": the image is RGB, its colours are its own (a colour map needs one channel)");
    }
    return im;
  }

  /**
   * The colour map of the image, as {@code imshow(t, cmap=...)}: {@link ColorMap#VIRIDIS} by
   * default, {@link ColorMap#GRAY} for pictures, {@link ColorMap#BLUES} for counts.
   *
   * @param map the colour map
   * @return this builder
   * @throws IllegalStateException if the chart has no image, or an RGB one
   * @throws NullPointerException if {@code map} is null
   */
  public Chart cmap(ColorMap map) {
    valueImage("cmap").cmap = Objects.requireNonNull(map, "cmap: map");
    return this;
  }

  /**
   * The values at the two ends of the colour map, as {@code plt.clim(lo, hi)}: by default the
   * image's smallest and largest values. Values outside take the end colours.
   *
   * @param lo the value coloured as the map's start
   * @param hi the value coloured as its end, greater than {@code lo}
   * @return this builder
   * @throws IllegalStateException if the chart has no image, or an RGB one
   * @throws IllegalArgumentException unless {@code lo < hi}, both finite
   */
  public Chart cLim(double lo, double hi) {
    Image im = valueImage("cLim");
    if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException("cLim: need finite lo < hi, got [" + lo + ", " + hi + "]");
    }
    im.cLim = new double[] {lo, hi};
    return this;
  }

  /**
   * A colour bar beside the image or the contours, as {@code plt.colorbar()}: the colour map from
   * the lowest value (bottom) to the highest, with ticks at round numbers (at the band edges of
   * filled contours). It takes 100 units of the width.
   *
   * @return this builder
   * @throws IllegalStateException if the chart has neither an image nor contours, or an RGB image
   */
  public Chart colorBar() {
    return colorBar("");
  }

  /**
   * A colour bar titled {@code label}, as {@code plt.colorbar(label=...)}.
   *
   * @param label the title along the bar, in any script
   * @return this builder
   * @throws IllegalStateException if the chart has neither an image nor contours, or an RGB image
   * @throws NullPointerException if {@code label} is null
   */
  public Chart colorBar(String label) {
    Objects.requireNonNull(label, "colorBar: label");
    if (image == null && !contours.isEmpty()) {
      contourBarLabel = label;
      return this;
    }
    if (image == null) {
      throw new IllegalStateException(
          "colorBar: add an image (imshow) or contours (contour, contourf) first");
    }
    valueImage("colorBar").colorBarLabel = label;
    return this;
  }

  /**
   * Writes each cell's value in it, in black or white, whichever reads better on the cell's colour
   * (a confusion matrix's counts): whole numbers without decimals, others with two.
   *
   * @return this builder
   * @throws IllegalStateException if the chart has no image, or an RGB one
   */
  public Chart annotateCells() {
    valueImage("annotateCells").cellFormat = "";
    return this;
  }

  /**
   * Writes each cell's value in it formatted by {@code pattern}, as {@link #annotateCells()}.
   *
   * @param pattern a {@link java.util.Formatter} pattern for one number, such as {@code "%.0f"} or
   *     {@code "%.1f%%"}
   * @return this builder
   * @throws IllegalStateException if the chart has no image, or an RGB one
   * @throws IllegalArgumentException if {@code pattern} cannot format a number
   */
  public Chart annotateCells(String pattern) {
    Image im = valueImage("annotateCells");
    TickLabels.check("annotateCells", pattern);
    im.cellFormat = pattern;
    return this;
  }

  /**
   * Names for the x positions 0, 1, 2, ..., as {@code plt.xticks(range(n), labels)}: an image's
   * columns (class names), or bars at 0, 1, 2, .... The axis is then categorical: it cannot be
   * logarithmic.
   *
   * @param labels one label per position, in any script
   * @return this builder
   * @throws IllegalStateException if the x axis is logarithmic
   * @throws IllegalArgumentException if there are no labels, or more or fewer than an image's
   *     columns (checked when building)
   */
  public Chart xTickLabels(String... labels) {
    if (logX) throw categorical("xTickLabels", 'x');
    xTickLabels = checkLabels("xTickLabels", labels);
    return this;
  }

  /**
   * Names for the y positions 0, 1, 2, ... (an image's rows, from the top), as {@code
   * plt.yticks(range(n), labels)}.
   *
   * @param labels one label per position, in any script
   * @return this builder
   * @throws IllegalStateException if the y axis is logarithmic
   * @throws IllegalArgumentException if there are no labels, or more or fewer than an image's rows
   *     (checked when building)
   */
  public Chart yTickLabels(String... labels) {
    if (logY) throw categorical("yTickLabels", 'y');
    yTickLabels = checkLabels("yTickLabels", labels);
    return this;
  }

  /**
   * Contour lines of samples on a grid, as {@code plt.contour(x, y, z)}: {@code z[j][i]} is the
   * value at ({@code x[i]}, {@code y[j]}); the lines are at up to 8 round values between the
   * smallest and the largest, each coloured by its value (viridis).
   *
   * <pre>{@code
   * double[] x = {-2, -1, 0, 1, 2};
   * double[] y = {-2, -1, 0, 1, 2};
   * double[][] z = new double[5][5];
   * for (int j = 0; j < 5; j++) for (int i = 0; i < 5; i++) z[j][i] = x[i] * x[i] + y[j] * y[j];
   * Plots.chart().contourf(x, y, z).contour(x, y, z).colorBar("f").save(Path.of("plots/bowl.png"));
   * }</pre>
   *
   * @param x the grid's x coordinates, finite and increasing (not necessarily evenly)
   * @param y the grid's y coordinates, finite and increasing
   * @param z one row per y value, one value per x value in each; NaN leaves a hole
   * @return this builder
   * @throws IllegalArgumentException if the coordinates are not increasing, there are fewer than 2
   *     of either, z's shape does not match or z has an infinite value
   * @throws IllegalStateException if the chart has an image
   */
  public Chart contour(double[] x, double[] y, double[][] z) {
    return contour(x, y, z, 8);
  }

  /**
   * Contour lines at up to {@code levels} round values, as {@code plt.contour(x, y, z, levels)}.
   *
   * @param x the grid's x coordinates, finite and increasing
   * @param y the grid's y coordinates, finite and increasing
   * @param z one row per y value, one value per x value in each
   * @param levels the most lines to draw, at least 1
   * @return this builder
   * @throws IllegalArgumentException as {@link #contour(double[], double[], double[][])}, or if
   *     {@code levels < 1}
   * @throws IllegalStateException if the chart has an image
   */
  public Chart contour(double[] x, double[] y, double[][] z, int levels) {
    return addContours("contour", Field.of("contour", x, y, z), levels, false);
  }

  /**
   * Filled contours of samples on a grid, as {@code plt.contourf(x, y, z)}: 10 bands of equal
   * height from the smallest value to the largest, in viridis. A chart holds one set.
   *
   * @param x the grid's x coordinates, finite and increasing
   * @param y the grid's y coordinates, finite and increasing
   * @param z one row per y value, one value per x value in each
   * @return this builder
   * @throws IllegalArgumentException as {@link #contour(double[], double[], double[][])}
   * @throws IllegalStateException if the chart has an image or filled contours already
   */
  public Chart contourf(double[] x, double[] y, double[][] z) {
    return contourf(x, y, z, 10);
  }

  /**
   * Filled contours in {@code levels} bands, as {@code plt.contourf(x, y, z, levels)}.
   *
   * @param x the grid's x coordinates, finite and increasing
   * @param y the grid's y coordinates, finite and increasing
   * @param z one row per y value, one value per x value in each
   * @param levels the number of bands, at least 2
   * @return this builder
   * @throws IllegalArgumentException as {@link #contour(double[], double[], double[][])}, or if
   *     {@code levels < 2}
   * @throws IllegalStateException if the chart has an image or filled contours already
   */
  public Chart contourf(double[] x, double[] y, double[][] z, int levels) {
    return addContours("contourf", Field.of("contourf", x, y, z), levels, true);
  }

  /**
   * Contour lines of a function f(x, y) over [x0, x1] × [y0, y1], sampled on a 100 × 100 grid in
   * one call, as for {@link DescentPathChart} (two FLOAT64 coordinate tensors, element-wise,
   * without recording).
   *
   * @param f the function, element-wise (as {@code (x, y) -> x.square().add(y.square())})
   * @param x0 the left end of the x range
   * @param x1 the right end, greater than {@code x0}
   * @param y0 the bottom of the y range
   * @param y1 the top, greater than {@code y0}
   * @return this builder
   * @throws IllegalArgumentException if a range is empty or f is not element-wise
   * @throws IllegalStateException if the chart has an image
   */
  public Chart contour(BinaryOperator<Tensor> f, double x0, double x1, double y0, double y1) {
    return addContours("contour", sample("contour", f, x0, x1, y0, y1), 8, false);
  }

  /**
   * Filled contours of a function f(x, y), in 10 bands: see {@link #contour(BinaryOperator, double,
   * double, double, double)}.
   *
   * @param f the function, element-wise
   * @param x0 the left end of the x range
   * @param x1 the right end, greater than {@code x0}
   * @param y0 the bottom of the y range
   * @param y1 the top, greater than {@code y0}
   * @return this builder
   * @throws IllegalArgumentException if a range is empty or f is not element-wise
   * @throws IllegalStateException if the chart has an image or filled contours already
   */
  public Chart contourf(BinaryOperator<Tensor> f, double x0, double x1, double y0, double y1) {
    return addContours("contourf", sample("contourf", f, x0, x1, y0, y1), 10, true);
  }

  private static Field sample(
      String call, BinaryOperator<Tensor> f, double x0, double x1, double y0, double y1) {
    Objects.requireNonNull(f, call + ": f");
    Field.checkDomain(call, x0, x1, y0, y1);
    return Field.sample(f, x0, x1, y0, y1, FUNCTION_RESOLUTION, FUNCTION_RESOLUTION);
  }

  private Chart addContours(String call, Field field, int levels, boolean filled) {
    if (image != null) throw imageAlone();
    if (levels < (filled ? 2 : 1)) {
      throw new IllegalArgumentException(
          call + ": levels must be at least " + (filled ? 2 : 1) + ", got " + levels);
    }
    if (filled && contours.stream().anyMatch(Contours::filled)) {
      throw new IllegalStateException(
          call + ": this Chart has filled contours already; a Chart holds one set");
    }
    if (logX || logY) {
      throw new IllegalStateException(
          call + ": contours are sampled on a linear grid; this Chart has a logarithmic axis");
    }
    contours.add(new Contours(field, levels, filled));
    return this;
  }

  /** The colours of a contour set: its bands, or a continuous scale for lines. */
  private static ColorScale scaleOf(Contours c) {
    double lo = c.field().min();
    double hi = c.field().max();
    return new ColorScale(lo, hi, c.filled() ? c.levels() : 0, ColorMap.VIRIDIS::at);
  }

  /** Round values strictly between the field's smallest and largest: where the lines go. */
  private static double[] lineLevels(Contours c) {
    double lo = c.field().min();
    double hi = c.field().max();
    return java.util.Arrays.stream(ColorBar.roundTicks(lo, hi, c.levels() + 1))
        .filter(v -> v > lo && v < hi)
        .toArray();
  }

  private void addContourLayers(XYPanel panel) {
    for (Contours c : contours) {
      ColorScale scale = scaleOf(c);
      double[] xs = c.field().xs();
      double[] ys = c.field().ys();
      if (c.filled()) {
        panel.background(
            new FieldLayer(
                c.field(),
                scale,
                new double[0],
                xs[0],
                xs[xs.length - 1],
                ys[0],
                ys[ys.length - 1]));
        panel.getStyler().setPlotGridLinesVisible(false);
      } else {
        double[] levels = lineLevels(c);
        panel.overlay(
            (g, p) -> FieldLayer.drawContours(g, p, c.field(), levels, scale::color, 1.5f));
      }
    }
    // The axes span the contours and the series.
    double[] r = {
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY
    };
    for (Contours c : contours) {
      double[] xs = c.field().xs();
      double[] ys = c.field().ys();
      r[0] = Math.min(r[0], xs[0]);
      r[1] = Math.max(r[1], xs[xs.length - 1]);
      r[2] = Math.min(r[2], ys[0]);
      r[3] = Math.max(r[3], ys[ys.length - 1]);
    }
    for (Spec s : specs) {
      for (int i = 0; i < s.x.length; i++) {
        r[0] = Math.min(r[0], s.x[i]);
        r[1] = Math.max(r[1], s.x[i]);
        if (Double.isFinite(s.y[i])) {
          r[2] = Math.min(r[2], s.y[i]);
          r[3] = Math.max(r[3], s.y[i]);
        }
      }
    }
    var styler = panel.getStyler();
    styler.setXAxisMin(r[0]);
    styler.setXAxisMax(r[1]);
    styler.setYAxisMin(r[2]);
    styler.setYAxisMax(r[3]);
    styler.setPlotContentSize(1.0);
  }

  private static String[] checkLabels(String call, String[] labels) {
    if (labels.length == 0) throw new IllegalArgumentException(call + ": no labels");
    for (int i = 0; i < labels.length; i++) {
      Objects.requireNonNull(labels[i], call + ": label " + i);
    }
    return labels.clone();
  }

  private static IllegalStateException categorical(String call, char axis) {
    return new IllegalStateException(
        call
            + ": the "
            + axis
            + " axis of this Chart is logarithmic; categories need a linear one");
  }

  @Override
  void checkCanLog(char axis) {
    if (!contours.isEmpty()) {
      throw new IllegalStateException(
          "log"
              + Character.toUpperCase(axis)
              + ": this Chart's contours are sampled on a linear grid; its "
              + axis
              + " axis cannot be logarithmic");
    }
    String[] labels = axis == 'x' ? xTickLabels : yTickLabels;
    if (image != null || labels != null) {
      throw new IllegalStateException(
          "log"
              + Character.toUpperCase(axis)
              + ": the "
              + axis
              + " axis of this Chart is categorical ("
              + (image != null ? "an image's " + (axis == 'x' ? "columns" : "rows") : "tick labels")
              + "); it cannot be logarithmic");
    }
  }

  private Chart add(Kind kind, String call, double[] x, double[] y, boolean nanIsGap) {
    checkXY(call, x, y, nanIsGap);
    return addSpec(new Spec(kind, x.clone(), y.clone(), null));
  }

  private static void checkXY(String call, double[] x, double[] y, boolean nanIsGap) {
    DataChecks.sameLength(call, "x", x, "y", y);
    DataChecks.nonEmpty(call, "x", x);
    DataChecks.drawable(call, "x", x, false);
    DataChecks.drawable(call, "y", y, nanIsGap);
  }

  private Chart addSpec(Spec spec) {
    if (image != null) throw imageAlone();
    specs.add(spec);
    styleNext(spec.style);
    return this;
  }

  private static IllegalStateException imageAlone() {
    return new IllegalStateException(
        "Chart: a Chart with an image (imshow) draws no other series; draw them on another chart"
            + " (Plots.subplots puts charts side by side)");
  }

  @Override
  Canvas canvas() {
    if (image != null) return imageCanvas();
    if (specs.isEmpty() && contours.isEmpty()) {
      throw new IllegalStateException(
          "Chart: add at least one series (plot, scatter, hist, bar, ...) before building");
    }
    XYPanel panel = new XYPanel(width, height);
    panel.setTitle(title == null ? "" : title);
    boolean anyLabel = false;
    for (int i = 0; i < specs.size(); i++) {
      Spec s = specs.get(i);
      // Unlabelled series get a name no label can take: a zero-width space and their index.
      String name = s.label != null ? s.label : "\u200b" + i;
      Color color = Palette.series(i);
      XYSeries xy =
          switch (s.kind) {
            case LINE -> panel.line(name, s.x, s.y, color, 2f);
            case SCATTER -> panel.markers(name, s.x, s.y, color, SeriesMarkers.CIRCLE);
            case AREA -> panel.polygon(name, s.x, s.y, color);
            case ERROR_BARS -> panel.errorBars(name, s.x, s.y, s.err, color, 2f);
          };
      xy.setShowInLegend(s.label != null);
      anyLabel |= s.label != null;
      s.style.applyTo(xy);
    }
    panel.getStyler().setLegendVisible(anyLabel);
    if (xTickLabels != null)
      panel.categories('x', positions(xTickLabels.length, 1), xTickLabels, false);
    if (yTickLabels != null)
      panel.categories('y', positions(yTickLabels.length, 1), yTickLabels, false);
    if (contours.isEmpty()) return Canvas.single(panel);
    addContourLayers(panel);
    if (contourBarLabel == null) return Canvas.single(panel);
    Contours last = contours.get(contours.size() - 1);
    return Canvas.withColorBar(
        panel, new ColorBar(scaleOf(last), last.filled() ? last.levels() : 0, contourBarLabel));
  }

  private static double[] positions(int n, double sign) {
    double[] p = new double[n];
    for (int i = 0; i < n; i++) p[i] = sign * i;
    return p;
  }

  private static String[] indexLabels(int n) {
    String[] out = new String[n];
    for (int i = 0; i < n; i++) out[i] = Integer.toString(i);
    return out;
  }

  private Canvas imageCanvas() {
    Raster raster = image.raster;
    checkCount("xTickLabels", xTickLabels, raster.columns(), "columns");
    checkCount("yTickLabels", yTickLabels, raster.rows(), "rows");
    double[] range =
        image.cLim != null
            ? image.cLim
            : raster.rgb() != null ? new double[] {0, 1} : raster.range();
    if (Double.isNaN(range[0])) range = new double[] {0, 1};
    ColorScale scale = new ColorScale(range[0], range[1], image.cmap::at);
    String[] texts = null;
    if (image.cellFormat != null) {
      double[] v = raster.values();
      texts = new String[v.length];
      boolean whole = true;
      for (double x : v) whole &= !Double.isFinite(x) || x == Math.rint(x) && Math.abs(x) < 1e15;
      for (int i = 0; i < v.length; i++) {
        if (Double.isNaN(v[i])) continue;
        texts[i] =
            !image.cellFormat.isEmpty()
                ? TickLabels.format(image.cellFormat, v[i])
                : whole ? Long.toString((long) v[i]) : TickLabels.format("%.2f", v[i]);
      }
    }
    XYPanel panel = new XYPanel(width, height);
    panel.setTitle(title == null ? "" : title);
    ImageLayer layer = new ImageLayer(raster.rows(), raster.columns(), raster.colors(scale), texts);
    layer.frame(panel);
    panel.background(layer);
    panel.rowsDown();
    panel.getStyler().setLegendVisible(false);
    panel.categories(
        'x',
        positions(raster.columns(), 1),
        xTickLabels != null ? xTickLabels : indexLabels(raster.columns()),
        xTickLabels == null);
    panel.categories(
        'y',
        positions(raster.rows(), -1),
        yTickLabels != null ? yTickLabels : indexLabels(raster.rows()),
        yTickLabels == null);
    if (image.colorBarLabel == null) return Canvas.single(panel);
    return Canvas.withColorBar(panel, new ColorBar(scale, 0, image.colorBarLabel));
  }

  private static void checkCount(String call, String[] labels, int n, String what) {
    if (labels != null && labels.length != n) {
      throw new IllegalArgumentException(
          call + ": " + labels.length + " labels for an image of " + n + " " + what);
    }
  }
}
