package dev.autograd.plot;

import dev.autograd.plot.internal.Canvas;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
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
        GraphChart {
  String title;
  int width;
  int height;
  String font;
  int dpi = 72;
  LegendPosition legendPosition;

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
    return figure(canvas(), legendPosition);
  }

  /** {@code canvas} finished as {@link #build()} finishes its own, the legend at {@code legend}. */
  final Figure figure(Canvas canvas, LegendPosition legend) {
    for (var panel : canvas.panels()) {
      panel.roundXTicks();
      if (legend != null) panel.getStyler().setLegendPosition(legend);
      else panel.placeLegend();
    }
    canvas.chooseFont(font);
    return new Figure(canvas, dpi);
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
