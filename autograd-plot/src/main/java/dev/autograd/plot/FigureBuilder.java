package dev.autograd.plot;

import dev.autograd.plot.internal.Canvas;
import dev.autograd.plot.internal.TickLabels;
import dev.autograd.plot.internal.XYPanel;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * What every chart builder shares: title, size, font, resolution and the ways to finish ({@link
 * #build()}, {@link #save(Path)}, {@link #show()}, {@link #toImage()}). Setters return the builder,
 * so a chart reads as one expression:
 *
 * <pre>{@code
 * LossChart.builder()
 *     .title("不同激活函数的损失下降对比")
 *     .size(1000, 500)
 *     .series("Sigmoid", sigmoidLosses)
 *     .series("ReLU", reluLosses)
 *     .save(Path.of("plots/losses.png"));
 * }</pre>
 *
 * <p>The axes of every chart type take the same settings, named as matplotlib's: {@link
 * #xLim(double, double) xLim}, {@link #yLim(double, double) yLim}, {@link #logX()}, {@link
 * #logY()}, {@link #xTickFormat(String) xTickFormat}, {@link #yTickFormat(String) yTickFormat},
 * {@link #grid(boolean) grid}, {@link #xLabel(String) xLabel}, {@link #yLabel(String) yLabel} and
 * {@link #annotate(String, double, double) annotate}; on a chart of several panels they apply to
 * every panel. A setting a chart cannot take (a log axis under an image, axis limits on a 3-D
 * projection) fails with an {@link IllegalStateException} that names the chart type.
 *
 * <pre>{@code
 * Plots.chart()
 *     .plot(steps, losses).label("train")
 *     .logY().yLim(1e-4, 10).xLabel("step").yLabel("loss").grid(false)
 *     .annotate("plateau", 40, 0.02, 60, 0.5)
 *     .save(Path.of("plots/loss.png"));
 * }</pre>
 *
 * <p>Titles and labels may be in any script: the figure is drawn in a font that can display all of
 * its text, chosen in this order: the family given to {@link #font(String)}, an installed CJK font
 * when the text has CJK characters (Noto Sans CJK, Source Han Sans, WenQuanYi, Microsoft YaHei,
 * ...), the default sans-serif font, any installed font, and last the Noto Sans SC subset that
 * comes with this module (Latin, Greek, mathematical symbols and the 3755 most used simplified
 * Chinese characters). When none can, the figure is drawn anyway and one warning is logged.
 *
 * @param <B> the concrete builder, returned by the setters
 */
public abstract sealed class FigureBuilder<B extends FigureBuilder<B>>
    permits Chart,
        FunctionChart,
        LossChart,
        ActivationGallery,
        DescentPathChart,
        SurfaceChart,
        GradientFlowChart,
        GraphChart,
        Subplots,
        ImageGrid {
  String title;
  int width;
  int height;
  String font;
  int dpi = 72;
  LegendPosition legendPosition;

  /** The axis titles: the chart type sets its defaults (null for none). */
  String xLabel;

  String yLabel;

  /** Whether the axes are logarithmic: the chart type sets its defaults. */
  boolean logX;

  boolean logY;
  private double[] xLim;
  private double[] yLim;
  private String xTickFormat;
  private String yTickFormat;
  private Boolean grid;
  private final List<double[]> annotationPoints = new ArrayList<>();
  private final List<String> annotationTexts = new ArrayList<>();

  /** The series the per-series setters style: the one added last. */
  private SeriesStyle current;

  FigureBuilder(int width, int height) {
    this.width = width;
    this.height = height;
  }

  @SuppressWarnings("unchecked")
  final B self() {
    return (B) this;
  }

  /**
   * The figure's title (for a grid, the title above all panels).
   *
   * @param title the title, in any script; null for none
   * @return this builder
   */
  public B title(String title) {
    this.title = title;
    return self();
  }

  /**
   * The figure's size in chart units, which are pixels at the default 72 dpi. Each chart type has
   * its own default (1000 × 500 for a {@link LossChart}).
   *
   * @param width the width, at least 50
   * @param height the height, at least 50
   * @return this builder
   * @throws IllegalArgumentException if {@code width} or {@code height} is less than 50
   */
  public B size(int width, int height) {
    if (width < 50 || height < 50) {
      throw new IllegalArgumentException(
          "size: width and height must be at least 50, got " + width + " x " + height);
    }
    this.width = width;
    this.height = height;
    return self();
  }

  /**
   * The font family to draw text in, used when it is installed and can display every character of
   * the figure's text; otherwise another is chosen (see the class description).
   *
   * @param family the font family name (as {@code "DejaVu Sans"}); null to let the figure choose
   * @return this builder
   */
  public B font(String family) {
    this.font = family;
    return self();
  }

  /**
   * The resolution of PNG output and of {@link #toImage()}: 72 (the default) draws one pixel per
   * chart unit, 144 twice as many each way. The PNG records it. Vector formats do not use it.
   *
   * @param dpi dots per inch, positive
   * @return this builder
   * @throws IllegalArgumentException if {@code dpi} is not positive
   */
  public B dpi(int dpi) {
    if (dpi <= 0) throw new IllegalArgumentException("dpi: must be positive, got " + dpi);
    this.dpi = dpi;
    return self();
  }

  /**
   * Where the legend goes (XChart's positions). By default it goes in the inside corner the data
   * cross least.
   *
   * @param position XChart's legend position, such as {@code LegendPosition.OutsideE}
   * @return this builder
   * @throws NullPointerException if {@code position} is null
   */
  public B legendPosition(LegendPosition position) {
    this.legendPosition = Objects.requireNonNull(position, "position");
    return self();
  }

  /**
   * The x axis range, as matplotlib's {@code xlim(lo, hi)}; by default the data's range.
   *
   * @param lo the left end, finite (positive on a logarithmic axis)
   * @param hi the right end, finite and greater than {@code lo}
   * @return this builder
   * @throws IllegalArgumentException unless {@code lo < hi}, both finite
   */
  public B xLim(double lo, double hi) {
    this.xLim = limits("xLim", lo, hi);
    return self();
  }

  /**
   * The y axis range, as matplotlib's {@code ylim(lo, hi)}; by default the data's range.
   *
   * @param lo the bottom, finite (positive on a logarithmic axis)
   * @param hi the top, finite and greater than {@code lo}
   * @return this builder
   * @throws IllegalArgumentException unless {@code lo < hi}, both finite
   */
  public B yLim(double lo, double hi) {
    this.yLim = limits("yLim", lo, hi);
    return self();
  }

  private static double[] limits(String call, double lo, double hi) {
    if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException(
          call + ": need finite lo < hi, got [" + lo + ", " + hi + "]");
    }
    return new double[] {lo, hi};
  }

  /**
   * A logarithmic x axis, as matplotlib's {@code xscale('log')}, labelled at each power of ten
   * (10⁻³, 10⁰, 10²). The x values must be positive ({@link #build()} names the series and the
   * value otherwise).
   *
   * @return this builder
   * @throws IllegalStateException if the chart's x axis cannot be logarithmic (its x values are
   *     categories or an image's columns)
   */
  public B logX() {
    return logX(true);
  }

  /**
   * Whether the x axis is logarithmic; see {@link #logX()}.
   *
   * @param log true for a logarithmic axis, false for a linear one
   * @return this builder
   * @throws IllegalStateException as {@link #logX()}
   */
  public B logX(boolean log) {
    if (log) checkCanLog('x');
    this.logX = log;
    return self();
  }

  /**
   * A logarithmic y axis, as matplotlib's {@code yscale('log')}: an exponential decay is a straight
   * line. Labelled at each power of ten (10⁻³, 10⁰, 10²); the y values must be positive ({@link
   * #build()} names the series and the value otherwise).
   *
   * @return this builder
   * @throws IllegalStateException if the chart's y axis cannot be logarithmic
   */
  public B logY() {
    return logY(true);
  }

  /**
   * Whether the y axis is logarithmic; see {@link #logY()}. A {@link GradientFlowChart}'s is by
   * default.
   *
   * @param log true for a logarithmic axis, false for a linear one
   * @return this builder
   * @throws IllegalStateException as {@link #logY()}
   */
  public B logY(boolean log) {
    if (log) checkCanLog('y');
    this.logY = log;
    return self();
  }

  /**
   * Throws an IllegalStateException naming the chart type when {@code axis} cannot be logarithmic.
   */
  void checkCanLog(char axis) {}

  /**
   * The format of the x tick labels, a {@link java.util.Formatter} pattern for one number, as
   * matplotlib's {@code FormatStrFormatter}: {@code "%.2f"}, {@code "%.0e"}, {@code "%.0f%%"}.
   *
   * @param pattern the pattern; null for the default labels
   * @return this builder
   * @throws IllegalArgumentException if {@code pattern} cannot format a number
   */
  public B xTickFormat(String pattern) {
    if (pattern != null) TickLabels.check("xTickFormat", pattern);
    this.xTickFormat = pattern;
    return self();
  }

  /**
   * The format of the y tick labels, as {@link #xTickFormat(String)}.
   *
   * @param pattern the pattern; null for the default labels
   * @return this builder
   * @throws IllegalArgumentException if {@code pattern} cannot format a number
   */
  public B yTickFormat(String pattern) {
    if (pattern != null) TickLabels.check("yTickFormat", pattern);
    this.yTickFormat = pattern;
    return self();
  }

  /**
   * Whether grid lines are drawn at the ticks, as matplotlib's {@code grid(True)}; each chart type
   * has its default (lines on, but none over a heat map or contours).
   *
   * @param show true for grid lines
   * @return this builder
   */
  public B grid(boolean show) {
    this.grid = show;
    return self();
  }

  /**
   * The x axis title, as matplotlib's {@code xlabel}; each chart type has its default ("Step" for a
   * {@link LossChart}, none for a {@link Chart}).
   *
   * @param label the title, in any script; null or empty for none
   * @return this builder
   */
  public B xLabel(String label) {
    this.xLabel = label;
    return self();
  }

  /**
   * The y axis title, as matplotlib's {@code ylabel}; each chart type has its default.
   *
   * @param label the title, in any script; null or empty for none
   * @return this builder
   */
  public B yLabel(String label) {
    this.yLabel = label;
    return self();
  }

  /**
   * A text at data coordinates, as matplotlib's {@code annotate(text, xy)}: its baseline starts at
   * ({@code x}, {@code y}).
   *
   * @param text the text, in any script
   * @param x the x coordinate, in data units
   * @param y the y coordinate, in data units
   * @return this builder
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if a coordinate is not finite
   */
  public B annotate(String text, double x, double y) {
    return addAnnotation("annotate", text, x, y, Double.NaN, Double.NaN);
  }

  /**
   * A text at ({@code textX}, {@code textY}) with an arrow to the point ({@code x}, {@code y}), as
   * matplotlib's {@code annotate(text, xy=(x, y), xytext=(textX, textY), arrowprops=...)}.
   *
   * <pre>{@code
   * Plots.chart().plot(x, y).annotate("minimum", 0, 0, 1, 4).save(Path.of("plots/min.png"));
   * }</pre>
   *
   * @param text the text, in any script
   * @param x the x coordinate of the point the arrow shows, in data units
   * @param y its y coordinate
   * @param textX the x coordinate of the text
   * @param textY the y coordinate of the text
   * @return this builder
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if a coordinate is not finite
   */
  public B annotate(String text, double x, double y, double textX, double textY) {
    if (!Double.isFinite(textX) || !Double.isFinite(textY)) {
      throw new IllegalArgumentException(
          "annotate: the text's coordinates must be finite, got (" + textX + ", " + textY + ")");
    }
    return addAnnotation("annotate", text, x, y, textX, textY);
  }

  private B addAnnotation(String call, String text, double x, double y, double tx, double ty) {
    Objects.requireNonNull(text, call + ": text");
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException(
          call + ": the coordinates must be finite, got (" + x + ", " + y + ")");
    }
    annotationTexts.add(text);
    annotationPoints.add(new double[] {x, y, tx, ty});
    return self();
  }

  /**
   * The colour of the series added last (its line, markers and fill), as matplotlib's {@code
   * color=}.
   *
   * <pre>{@code
   * Plots.chart().plot(x, y).color(new Color(0xd62728)).save(Path.of("plots/red.png"));
   * }</pre>
   *
   * @param color the colour; its alpha is kept
   * @return this builder
   * @throws IllegalStateException if no series was added yet
   * @throws NullPointerException if {@code color} is null
   */
  public B color(Color color) {
    current("color").color = Objects.requireNonNull(color, "color");
    return self();
  }

  /**
   * The opacity of the series added last, as matplotlib's {@code alpha=}: 1 is opaque, 0 invisible;
   * for a band that shows the lines under it, about 0.3.
   *
   * @param alpha the opacity, from 0 to 1
   * @return this builder
   * @throws IllegalStateException if no series was added yet
   * @throws IllegalArgumentException if {@code alpha} is not in [0, 1]
   */
  public B alpha(double alpha) {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha: must be in [0, 1], got " + alpha);
    }
    current("alpha").alpha = alpha;
    return self();
  }

  /**
   * How the line of the series added last is drawn, as matplotlib's {@code linestyle=}.
   *
   * @param style solid, dashed, dotted, dash-dot or none
   * @return this builder
   * @throws IllegalStateException if no series was added yet
   * @throws NullPointerException if {@code style} is null
   */
  public B lineStyle(LineStyle style) {
    current("lineStyle").lineStyle = Objects.requireNonNull(style, "style");
    return self();
  }

  /**
   * The line width of the series added last, in chart units (pixels at 72 dpi), as matplotlib's
   * {@code linewidth=}.
   *
   * @param width the width, positive and finite
   * @return this builder
   * @throws IllegalStateException if no series was added yet
   * @throws IllegalArgumentException if {@code width} is not positive and finite
   */
  public B lineWidth(double width) {
    if (!(width > 0) || !Double.isFinite(width)) {
      throw new IllegalArgumentException("lineWidth: must be positive and finite, got " + width);
    }
    current("lineWidth").lineWidth = (float) width;
    return self();
  }

  /**
   * The marker drawn at each point of the series added last, as matplotlib's {@code marker=}.
   *
   * @param marker the shape, or {@link Marker#NONE}
   * @return this builder
   * @throws IllegalStateException if no series was added yet
   * @throws NullPointerException if {@code marker} is null
   */
  public B marker(Marker marker) {
    current("marker").marker = Objects.requireNonNull(marker, "marker");
    return self();
  }

  /** Makes {@code style} the one the per-series setters change: call when adding a series. */
  final void styleNext(SeriesStyle style) {
    this.current = style;
  }

  private SeriesStyle current(String call) {
    if (current == null) {
      throw new IllegalStateException(
          call
              + ": add a series first; it styles the series added last ("
              + getClass().getSimpleName()
              + " has none yet)");
    }
    return current;
  }

  /** Lays the charts out: the part each builder implements. */
  abstract Canvas canvas();

  /**
   * Builds the figure from the current settings; the builder may be changed and built again. The
   * numbers are computed now (functions sampled, derivatives taken), not when the figure is saved.
   *
   * @return a new figure
   * @throws IllegalStateException if the chart has nothing to draw (no series, panel or activation
   *     added, where one is needed) or its activations do not fit the grid
   * @throws IllegalArgumentException if a function given to the builder is not element-wise (it
   *     returns another shape than its input), or a logarithmic axis gets a value that is not
   *     positive
   */
  public final Figure build() {
    return finish(styledCanvas());
  }

  /**
   * {@code canvas} finished as {@link #build()} finishes its own (an animation's frame): the axis
   * settings applied, the legend at {@code legend}, the font chosen.
   */
  final Figure figure(Canvas canvas, LegendPosition legend) {
    return finish(styled(canvas, legend));
  }

  private Figure finish(Canvas canvas) {
    canvas.chooseFont(font);
    return new Figure(canvas, dpi);
  }

  /** The chart type's name, for messages. */
  final String chartName() {
    return getClass().getSimpleName();
  }

  /**
   * The laid-out charts with the axis settings applied to each panel: what {@link #build()} draws,
   * and what a {@link Subplots} cell holds.
   */
  Canvas styledCanvas() {
    return styled(canvas(), legendPosition);
  }

  private Canvas styled(Canvas canvas, LegendPosition legend) {
    List<XYPanel> panels = canvas.panels();
    if (!annotationTexts.isEmpty() && panels.size() != 1) {
      throw new IllegalStateException(
          "annotate: this "
              + chartName()
              + " has "
              + panels.size()
              + " panels and cannot tell which one the annotation is for; put the charts in"
              + " Plots.subplots(rows, columns) and annotate each");
    }
    for (XYPanel panel : panels) {
      styleAxes(panel);
      panel.roundXTicks();
      if (legend != null) panel.getStyler().setLegendPosition(legend);
      else panel.placeLegend();
    }
    return canvas;
  }

  /** The name of an axis setting that was made, or null if none was. */
  final String axisSettingSet() {
    return xLabel != null || yLabel != null
        ? "xLabel/yLabel"
        : xLim != null || yLim != null
            ? "xLim/yLim"
            : logX || logY
                ? "logX/logY"
                : xTickFormat != null || yTickFormat != null
                    ? "xTickFormat/yTickFormat"
                    : grid != null ? "grid" : !annotationTexts.isEmpty() ? "annotate" : null;
  }

  /** Applies the axis settings to {@code panel}: the same for every chart type. */
  final void styleAxes(XYPanel panel) {
    var s = panel.getStyler();
    if (!panel.hasAxes()) {
      String set = axisSettingSet();
      if (set != null) {
        throw new IllegalStateException(
            set + ": this " + chartName() + " has no x and y axes to apply it to");
      }
      return;
    }
    if (xLabel != null) panel.setXAxisTitle(xLabel);
    if (yLabel != null) panel.setYAxisTitle(yLabel);
    s.setXAxisLogarithmic(logX);
    s.setYAxisLogarithmic(logY);
    if (xLim != null) {
      if (logX && !(xLim[0] > 0)) {
        throw new IllegalArgumentException(
            "xLim: a logarithmic x axis needs positive limits, got ["
                + xLim[0]
                + ", "
                + xLim[1]
                + "]");
      }
      s.setXAxisMin(xLim[0]);
      s.setXAxisMax(xLim[1]);
    }
    if (yLim != null) {
      if (logY && !(yLim[0] > 0)) {
        throw new IllegalArgumentException(
            "yLim: a logarithmic y axis needs positive limits, got ["
                + yLim[0]
                + ", "
                + yLim[1]
                + "]");
      }
      panel.yLimits(yLim[0], yLim[1]);
    }
    panel.checkLogAxes();
    if (xTickFormat != null) panel.tickFormat('x', xTickFormat);
    if (yTickFormat != null) panel.tickFormat('y', yTickFormat);
    if (grid != null) s.setPlotGridLinesVisible(grid);
    for (int i = 0; i < annotationTexts.size(); i++) {
      double[] p = annotationPoints.get(i);
      panel.annotate(annotationTexts.get(i), p[0], p[1], p[2], p[3]);
    }
  }

  /**
   * Builds the figure and writes it to {@code path}; see {@link Figure#save(Path)} for formats.
   *
   * @param path the file to write; its extension ({@code .png}, {@code .svg} or {@code .pdf}) picks
   *     the format
   * @return the figure, to save it again in another format
   * @throws IllegalArgumentException for an unsupported extension, or as {@link #build()}
   * @throws IllegalStateException for {@code .pdf} when the PDF encoder is not on the classpath, or
   *     as {@link #build()}
   * @throws IOException if the file cannot be written
   */
  public final Figure save(Path path) throws IOException {
    return build().save(path);
  }

  /**
   * Builds the figure and opens it in a window.
   *
   * @throws IllegalStateException when there is no display (a headless JVM)
   */
  public final void show() {
    build().show();
  }

  /**
   * Builds the figure and draws it as an image, at the builder's {@link #dpi(int) dpi}.
   *
   * @return a new image, as {@link Figure#toImage()}
   */
  public final BufferedImage toImage() {
    return build().toImage();
  }
}
