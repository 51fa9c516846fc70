package dev.autograd.plot;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.nn.Module;
import dev.autograd.plot.internal.Canvas;
import dev.autograd.plot.internal.Palette;
import dev.autograd.plot.internal.XYPanel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A grid of small charts, each an activation function and its derivative (by autograd, one {@code
 * sum().backward()} per activation), saved as one image: the tutorial's 2×3 figure.
 *
 * <pre>{@code
 * ActivationGallery.builder()
 *     .activation("Sigmoid", Tensor::sigmoid)
 *     .activation("ReLU", Tensor::relu)
 *     .activation("Leaky ReLU (α=0.01)", x -> x.leakyRelu(0.01))
 *     .grid(2, 3)
 *     .save(Path.of("plots/activations.png"));
 *
 * ActivationGallery.builder().withCommonActivations().save(Path.of("plots/six.png"));
 * }</pre>
 *
 * Each panel shows {@code y = f(x)} and {@code y′ = f′(x)} over the same x range (default [-5, 5]),
 * which makes the shapes of the derivatives easy to compare: Sigmoid's never exceeds 1/4, ReLU's is
 * a step from 0 to 1.
 */
public final class ActivationGallery extends FigureBuilder<ActivationGallery> {
  private record Entry(String name, UnaryOperator<Tensor> fn) {}

  private final List<Entry> entries = new ArrayList<>();
  private double from = -5;
  private double to = 5;
  private int points = 100;
  private int rows;
  private int columns;

  private ActivationGallery() {
    super(1500, 800);
  }

  /**
   * A new, empty gallery, 1500 × 800 units.
   *
   * @return a new builder; add at least one activation before building
   */
  public static ActivationGallery builder() {
    return new ActivationGallery();
  }

  /**
   * Adds a panel for {@code fn}, titled {@code name}; panels fill the grid in the order they are
   * added.
   *
   * @param name the panel's title and the legend label of its curve ({@code name + "′"} for the
   *     derivative)
   * @param fn the activation, element-wise: it receives all sample points as one FLOAT64 tensor and
   *     returns a tensor of the same shape
   * @return this builder
   * @throws NullPointerException if {@code name} or {@code fn} is null
   */
  public ActivationGallery activation(String name, UnaryOperator<Tensor> fn) {
    entries.add(new Entry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(fn, "fn")));
    return this;
  }

  /**
   * Adds a panel for an activation module, titled with its class name ({@code LeakyReLU}). The
   * module is called as it is: put a module that behaves differently in training into evaluation
   * mode first.
   *
   * @param module an element-wise module, such as {@code new LeakyReLU(0.1)} or a {@code PReLU}
   * @return this builder
   * @throws NullPointerException if {@code module} is null
   */
  public ActivationGallery activation(Module module) {
    Objects.requireNonNull(module, "module");
    return activation(module.getClass().getSimpleName(), module::forward);
  }

  /**
   * Adds a panel for an activation module, titled {@code name}.
   *
   * @param name the panel's title
   * @param module an element-wise module
   * @return this builder
   * @throws NullPointerException if {@code name} or {@code module} is null
   */
  public ActivationGallery activation(String name, Module module) {
    Objects.requireNonNull(module, "module");
    return activation(name, module::forward);
  }

  /**
   * Adds Sigmoid, Tanh, ReLU, Leaky ReLU (α=0.01), Softplus and GELU: a full 2×3 grid.
   *
   * @return this builder
   */
  public ActivationGallery withCommonActivations() {
    return activation("Sigmoid", Tensor::sigmoid)
        .activation("Tanh", Tensor::tanh)
        .activation("ReLU", Tensor::relu)
        .activation("Leaky ReLU (α=0.01)", x -> x.leakyRelu(0.01))
        .activation("Softplus", Tensor::softplus)
        .activation("GELU", Tensor::gelu);
  }

  /**
   * The x range of every panel (default [-5, 5], as the tutorial).
   *
   * @param from the left end
   * @param to the right end, greater than {@code from}
   * @return this builder
   * @throws IllegalArgumentException unless {@code from < to}
   */
  public ActivationGallery range(double from, double to) {
    if (!(from < to)) {
      throw new IllegalArgumentException("range: need from < to, got [" + from + ", " + to + "]");
    }
    this.from = from;
    this.to = to;
    return this;
  }

  /**
   * The number of sample points per panel (default 100).
   *
   * @param points the number of points, at least 2
   * @return this builder
   * @throws IllegalArgumentException if {@code points < 2}
   */
  public ActivationGallery points(int points) {
    if (points < 2) throw new IllegalArgumentException("points: need at least 2, got " + points);
    this.points = points;
    return this;
  }

  /**
   * The grid: {@code rows} by {@code columns} cells filled row by row; cells beyond the last
   * activation stay empty. By default up to three columns and as many rows as needed.
   *
   * @param rows the number of rows, at least 1
   * @param columns the number of columns, at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code rows} or {@code columns} is less than 1
   */
  public ActivationGallery grid(int rows, int columns) {
    if (rows < 1 || columns < 1) {
      throw new IllegalArgumentException("grid: need at least 1x1, got " + rows + "x" + columns);
    }
    this.rows = rows;
    this.columns = columns;
    return this;
  }

  @Override
  Canvas canvas() {
    if (entries.isEmpty()) {
      throw new IllegalStateException("ActivationGallery: add at least one activation");
    }
    int c = columns > 0 ? columns : Math.min(3, entries.size());
    int r = rows > 0 ? rows : (entries.size() + c - 1) / c;
    if (entries.size() > r * c) {
      throw new IllegalStateException(
          "ActivationGallery: "
              + entries.size()
              + " activations do not fit a "
              + r
              + "x"
              + c
              + " grid");
    }
    List<XYPanel> panels = new ArrayList<>();
    for (Entry e : entries) {
      Tensor x = Tensor.linspace(from, to, points, DType.FLOAT64).requiresGrad(true);
      Tensor y = e.fn().apply(x);
      if (y == null || !Arrays.equals(y.shape(), x.shape())) {
        throw new IllegalArgumentException(
            "activation '" + e.name() + "' must be element-wise: it changed the shape of x");
      }
      double[] grad = new double[points];
      if (y.requiresGrad()) {
        y.sum().backward();
        if (x.grad() != null) grad = x.grad().toDoubleArray();
      }
      double[] xs = x.detach().toDoubleArray();
      XYPanel panel = new XYPanel(width / c, height / r);
      panel.setTitle(e.name());
      panel.getStyler().setChartTitleFont(panel.getStyler().getChartTitleFont().deriveFont(14f));
      panel.line(e.name(), xs, y.detach().toDoubleArray(), Palette.series(0), 2.2f);
      panel.line(e.name() + "′", xs, grad, Palette.series(1), 2.2f);
      panels.add(panel);
    }
    return Canvas.grid(width, height, r, c, title, panels);
  }
}
