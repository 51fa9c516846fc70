package dev.autograd.plot;

import dev.autograd.Autograd;
import dev.autograd.BackwardTrace;
import dev.autograd.GraphOptions;
import dev.autograd.RecordedGraph;
import dev.autograd.Tensor;
import dev.autograd.plot.internal.Canvas;
import dev.autograd.plot.internal.Fonts;
import dev.autograd.plot.internal.GraphLayout;
import dev.autograd.plot.internal.GraphPicture;
import dev.autograd.plot.internal.XYPanel;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A picture of the recorded graph that ends in a tensor, drawn by this library (no Graphviz): a box
 * per tensor with the op that made it, its shape and type, and its value and gradient when small,
 * and an arrow from each input to the result of each op, left to right in the direction of the
 * forward computation. Leaves that require grad are filled blue, tensors that do not require grad
 * have a dashed border, and the output's border is drawn thicker, in red. The graph is read when
 * the figure is built, so a figure built after {@code backward()} shows the leaves' gradients;
 * {@link #withOutputGradients()} shows every tensor's gradient of the output without backward.
 *
 * <pre>{@code
 * Tensor x = Tensor.scalar(2.0).requiresGrad(true);
 * Tensor y = x.pow(3).sub(x.mul(4)).sub(5);
 * y.backward(BackwardOptions.defaults().retainGraph(true)); // values and the leaves' gradients
 * Plots.graph(y).name("x", x).name("y", y).title("y = x³ - 4x - 5").save(Path.of("plots/graph.png"));
 * }</pre>
 *
 * <p>The layout is layered: each tensor in the column of the longest path from a leaf to it, the
 * tensors of each column ordered to cross few arrows (the barycentre heuristic), an arrow that
 * skips columns routed between the boxes of the columns it crosses. Unless {@link #size(int, int)}
 * is given, the figure takes the size the drawing needs (up to 4000 units each way); a drawing
 * larger than the figure is scaled down to fit. A graph of more than {@link #DEFAULT_MAX_TENSORS}
 * tensors shows those nearest the output and one box counting the rest ({@link
 * #options(GraphOptions)} changes this).
 */
public final class GraphChart extends FigureBuilder<GraphChart> {
  /** How many tensors are drawn unless the options say otherwise. */
  public static final int DEFAULT_MAX_TENSORS = 60;

  private static final int MARGIN = 24;
  private static final int MAX_SIZE = 4000;
  private static final Color TRANSPARENT = new Color(0, 0, 0, 0);

  private final Tensor output;
  private GraphOptions options = GraphOptions.defaults().maxTensors(DEFAULT_MAX_TENSORS);
  private boolean sized;
  private boolean outputGradients;

  /** The drawing of the last build, for tests. */
  private GraphPicture picture;

  private GraphChart(Tensor output) {
    super(800, 400);
    this.output = output;
  }

  /**
   * A picture of the graph that ends in {@code output}.
   *
   * @param output the tensor the graph ends in; one that does not require grad is drawn alone
   * @return a new builder
   * @throws NullPointerException if {@code output} is null
   */
  public static GraphChart of(Tensor output) {
    return new GraphChart(Objects.requireNonNull(output, "output"));
  }

  /**
   * The names of tensors and how much to show, as {@link Autograd#graph(Tensor, GraphOptions)}
   * takes them; by default no names, values of up to 6 elements, and up to {@value
   * #DEFAULT_MAX_TENSORS} tensors.
   *
   * @param options the options, whose {@code maxTensors} replaces the default of {@value
   *     #DEFAULT_MAX_TENSORS}; names given with {@link #name(String, Tensor)} before are replaced
   * @return this builder
   * @throws NullPointerException if {@code options} is null
   */
  public GraphChart options(GraphOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    return this;
  }

  /**
   * Shows {@code tensor} as {@code name} in its box; unnamed tensors are numbered {@code t0},
   * {@code t1}, ... as in {@link Autograd#toDot(Tensor)}.
   *
   * @param name the name, in any script
   * @param tensor a tensor of the graph
   * @return this builder
   * @throws dev.autograd.TensorException if {@code name} or {@code tensor} is null
   */
  public GraphChart name(String name, Tensor tensor) {
    this.options = options.name(name, tensor);
    return this;
  }

  /**
   * Also shows in each box the gradient of the output with respect to that tensor, {@code ∂y/∂t},
   * as {@link Autograd#traceBackward(Tensor, GraphOptions)} works it out by the chain rule: without
   * running backward, so the graph and every {@code grad()} are left as they are. For graphs of
   * one-element tensors only, as the trace.
   *
   * @return this builder
   */
  public GraphChart withOutputGradients() {
    this.outputGradients = true;
    return this;
  }

  /**
   * The figure's size; without it the figure takes the size the drawing needs.
   *
   * @param width the width, at least 50
   * @param height the height, at least 50
   * @return this builder
   * @throws IllegalArgumentException if {@code width} or {@code height} is less than 50
   */
  @Override
  public GraphChart size(int width, int height) {
    super.size(width, height);
    this.sized = true;
    return this;
  }

  /**
   * {@inheritDoc}
   *
   * @throws dev.autograd.TensorException with {@link #withOutputGradients()}, if the trace refuses
   *     the graph (a tensor of more than one element, a graph freed by backward)
   */
  @Override
  Canvas canvas() {
    RecordedGraph graph = Autograd.graph(output, options);
    BackwardTrace trace = outputGradients ? Autograd.traceBackward(output, options) : null;
    List<String> texts = GraphPicture.texts(graph, trace);
    List<String> all = new ArrayList<>(texts);
    if (title != null) all.add(title);
    String family = Fonts.choose(font, all).family();
    GraphPicture drawing = GraphPicture.of(graph, trace, family);
    GraphLayout layout = drawing.layout();
    boolean titled = title != null && !title.isEmpty();
    if (!sized) {
      width = clamp(layout.width() + 2 * MARGIN, 160);
      height = clamp(layout.height() + 2 * MARGIN + (titled ? 44 : 0), 100);
    }
    XYPanel panel = new XYPanel(width, height);
    panel.setTitle(titled ? title : "");
    var styler = panel.getStyler();
    styler.setChartTitleVisible(titled);
    styler.setLegendVisible(false);
    panel.hideAxes();
    styler.setChartPadding(0);
    styler.setPlotContentSize(1.0);
    styler.setXAxisMin(0.0);
    styler.setXAxisMax(1.0);
    styler.setYAxisMin(0.0);
    styler.setYAxisMax(1.0);
    // The axes' range: a series that draws nothing.
    XYSeries range =
        panel.markers(
            "\u200bgraph",
            new double[] {0, 1},
            new double[] {0, 1},
            TRANSPARENT,
            SeriesMarkers.NONE);
    range.setShowInLegend(false);
    panel.addTexts(texts);
    panel.overlay(drawing);
    this.picture = drawing;
    return Canvas.single(panel);
  }

  private static int clamp(double size, int min) {
    return (int) Math.max(min, Math.min(MAX_SIZE, Math.ceil(size)));
  }

  /** The drawing of the last build (its layout, and where its last paint put each box). */
  GraphPicture picture() {
    return picture;
  }
}
