package dev.autograd.plot;

import dev.autograd.Autograd;
import dev.autograd.BackwardOptions;
import dev.autograd.DType;
import dev.autograd.GradOptions;
import dev.autograd.Tensor;
import dev.autograd.plot.internal.Canvas;
import dev.autograd.plot.internal.Palette;
import dev.autograd.plot.internal.Sampling;
import dev.autograd.plot.internal.XYPanel;
import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A function and its derivative on one chart, the derivative computed by autograd as in the
 * tutorial: {@code x = linspace(from, to, points)}, {@code y = f(x)}, {@code y.sum().backward()},
 * then {@code x.grad()} holds f′ at every point.
 *
 * <pre>{@code
 * FunctionChart.of(x -> x.pow(3).sub(x.mul(4)).sub(5), -3, 3)
 *     .points(100)
 *     .title("函数及其导数图像对比")
 *     .labels("f(x)=x³-4x-5", "f′(x)=3x²-4")
 *     .withSecondDerivative()
 *     .withFiniteDifference()
 *     .save(Path.of("plots/f.png"));
 * }</pre>
 *
 * <p>{@code f} must be element-wise (each output element depends only on the same input element):
 * then the gradient of the sum is the derivative at each point. The second derivative comes from
 * differentiating the first (a backward pass with {@code createGraph}); the optional
 * finite-difference overlay evaluates f at {@code x ± h} in float64, for comparison:
 *
 * <pre>
 * f′(x) ≈ (f(x + h) - f(x - h)) / 2h                  h = 1e-5 * max(1, |x|)
 * f″(x) ≈ (f(x + h) - 2 f(x) + f(x - h)) / h²         h = 1e-4 * max(1, |x|)
 * </pre>
 *
 * The markers lying on the curves show that autograd's derivative is right; where they do not, f is
 * not differentiable there, or not element-wise.
 */
public final class FunctionChart extends FigureBuilder<FunctionChart> {
  private final UnaryOperator<Tensor> f;
  private final double from;
  private final double to;
  private int points = 100;
  private DType dtype = DType.FLOAT64;
  private boolean second;
  private boolean finiteDifference;
  private String functionLabel = "f(x)";
  private String derivativeLabel = "f′(x)";
  private String secondLabel = "f″(x)";

  private FunctionChart(UnaryOperator<Tensor> f, double from, double to) {
    super(1000, 500);
    xLabel = "x";
    yLabel = "y";
    this.f = Objects.requireNonNull(f, "f");
    if (!(from < to) || !Double.isFinite(from) || !Double.isFinite(to)) {
      throw new IllegalArgumentException(
          "functionAndDerivative: the range must be finite with from < to, got ["
              + from
              + ", "
              + to
              + "]");
    }
    this.from = from;
    this.to = to;
  }

  /**
   * A chart of {@code f} and its derivative over [{@code from}, {@code to}].
   *
   * @param f the function, element-wise: it receives all sample points as one tensor x of shape
   *     [points] and returns f(x) of the same shape, built from tensor ops so that autograd can
   *     differentiate it
   * @param from the left end of the range, finite
   * @param to the right end of the range, finite and greater than {@code from}
   * @return a new chart builder
   * @throws IllegalArgumentException if the range is not finite or {@code from >= to}
   * @throws NullPointerException if {@code f} is null
   */
  public static FunctionChart of(UnaryOperator<Tensor> f, double from, double to) {
    return new FunctionChart(f, from, to);
  }

  /**
   * The number of sample points, evenly spaced including both ends (default 100).
   *
   * @param points the number of points, at least 2
   * @return this builder
   * @throws IllegalArgumentException if {@code points < 2}
   */
  public FunctionChart points(int points) {
    if (points < 2) throw new IllegalArgumentException("points: need at least 2, got " + points);
    this.points = points;
    return this;
  }

  /**
   * The type x is created with (default FLOAT64; FLOAT32 reproduces the tutorial's numbers). The
   * finite differences are always computed in FLOAT64.
   *
   * @param dtype a floating-point dtype
   * @return this builder
   * @throws IllegalArgumentException if {@code dtype} is not a floating-point type
   * @throws NullPointerException if {@code dtype} is null
   */
  public FunctionChart dtype(DType dtype) {
    if (!Objects.requireNonNull(dtype, "dtype").isFloatingPoint()) {
      throw new IllegalArgumentException("dtype: must be a floating point type, got " + dtype);
    }
    this.dtype = dtype;
    return this;
  }

  /**
   * Also plots f″, the derivative of the autograd derivative (higher-order gradients).
   *
   * @return this builder
   */
  public FunctionChart withSecondDerivative() {
    this.second = true;
    return this;
  }

  /**
   * Overlays central finite differences as markers on each derivative curve, to show that they
   * agree with autograd (see the class description).
   *
   * @return this builder
   */
  public FunctionChart withFiniteDifference() {
    this.finiteDifference = true;
    return this;
  }

  /**
   * The legend labels of f and f′ (defaults "f(x)" and "f′(x)"), such as the formulas.
   *
   * @param function the label of f
   * @param derivative the label of f′
   * @return this builder
   * @throws NullPointerException if a label is null
   */
  public FunctionChart labels(String function, String derivative) {
    this.functionLabel = Objects.requireNonNull(function, "function");
    this.derivativeLabel = Objects.requireNonNull(derivative, "derivative");
    return this;
  }

  /**
   * The legend label of f″ (default "f″(x)").
   *
   * @param label the label
   * @return this builder
   * @throws NullPointerException if {@code label} is null
   */
  public FunctionChart secondDerivativeLabel(String label) {
    this.secondLabel = Objects.requireNonNull(label, "label");
    return this;
  }

  /**
   * The numbers the chart plots.
   *
   * @param x the sample points
   * @param y f(x)
   * @param derivative f′(x) from autograd ({@code y.sum().backward()})
   * @param secondDerivative f″(x) from autograd, or null if not requested
   * @param finiteDifference f′(x) by central differences, or null if not requested
   * @param finiteDifferenceSecond f″(x) by central differences, or null unless both were requested
   */
  public record Data(
      double[] x,
      double[] y,
      double[] derivative,
      double[] secondDerivative,
      double[] finiteDifference,
      double[] finiteDifferenceSecond) {}

  /**
   * Samples f and computes its derivatives, as {@link #build()} does, without drawing: the numbers
   * behind the chart, for tests or another plotting library.
   *
   * <pre>{@code
   * FunctionChart.Data d = FunctionChart.of(x -> x.square(), -1, 1).points(3).data();
   * d.x();          // [-1.0, 0.0, 1.0]
   * d.derivative(); // [-2.0, 0.0, 2.0]
   * }</pre>
   *
   * @return the sample points, f, and the derivatives requested
   * @throws IllegalArgumentException if f returns null or a tensor of another shape than its input
   *     (it is not element-wise)
   */
  public Data data() {
    Tensor x = Tensor.linspace(from, to, points, dtype).requiresGrad(true);
    Tensor y = f.apply(x);
    if (y == null || !Arrays.equals(y.shape(), x.shape())) {
      throw new IllegalArgumentException(
          "functionAndDerivative: f must be element-wise, returning one value per point: for x of"
              + " shape "
              + Arrays.toString(x.shape())
              + " it returned "
              + (y == null ? "null" : "shape " + Arrays.toString(y.shape())));
    }
    double[] dy;
    double[] d2y = null;
    if (!y.requiresGrad()) {
      // f does not depend on x through recorded ops: a constant.
      dy = new double[points];
      if (second) d2y = new double[points];
    } else if (!second) {
      y.sum().backward();
      dy = gradOrZeros(x.grad());
    } else {
      y.sum().backward(BackwardOptions.defaults().createGraph(true));
      Tensor g = x.grad();
      dy = gradOrZeros(g);
      if (g != null && g.requiresGrad()) {
        Tensor g2 =
            Autograd.grad(List.of(g.sum()), List.of(x), GradOptions.defaults().allowUnused(true))
                .get(0);
        d2y = gradOrZeros(g2);
      } else {
        d2y = new double[points];
      }
    }
    double[] xs = x.detach().toDoubleArray();
    double[] ys = y.detach().toDoubleArray();
    double[] fd = null;
    double[] fd2 = null;
    if (finiteDifference) {
      fd = centralFirst(xs);
      if (second) fd2 = centralSecond(xs);
    }
    return new Data(xs, ys, dy, d2y, fd, fd2);
  }

  private double[] gradOrZeros(Tensor g) {
    return g == null ? new double[points] : g.detach().toDoubleArray();
  }

  @SuppressWarnings("try") // the scope only restores the grad mode
  private double[] evaluate(double[] xs) {
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      return f.apply(Tensor.of(xs, DType.FLOAT64)).toDoubleArray();
    }
  }

  private double[] shifted(double[] xs, double[] h, double sign) {
    double[] out = new double[xs.length];
    for (int i = 0; i < xs.length; i++) out[i] = xs[i] + sign * h[i];
    return out;
  }

  private static double[] steps(double[] xs, double base) {
    double[] h = new double[xs.length];
    for (int i = 0; i < xs.length; i++) h[i] = base * Math.max(1, Math.abs(xs[i]));
    return h;
  }

  /** (f(x + h) - f(x - h)) / 2h, h ~ eps^(1/3) |x|. */
  private double[] centralFirst(double[] xs) {
    double[] h = steps(xs, 1e-5);
    double[] plus = evaluate(shifted(xs, h, 1));
    double[] minus = evaluate(shifted(xs, h, -1));
    double[] out = new double[xs.length];
    for (int i = 0; i < xs.length; i++) out[i] = (plus[i] - minus[i]) / (2 * h[i]);
    return out;
  }

  /** (f(x + h) - 2 f(x) + f(x - h)) / h², h ~ eps^(1/4) |x|. */
  private double[] centralSecond(double[] xs) {
    double[] h = steps(xs, 1e-4);
    double[] plus = evaluate(shifted(xs, h, 1));
    double[] mid = evaluate(xs);
    double[] minus = evaluate(shifted(xs, h, -1));
    double[] out = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      out[i] = (plus[i] - 2 * mid[i] + minus[i]) / (h[i] * h[i]);
    }
    return out;
  }

  @Override
  Canvas canvas() {
    Data d = data();
    XYPanel panel = new XYPanel(width, height);
    panel.setTitle(title == null ? "" : title);
    panel.line(functionLabel, d.x(), d.y(), Palette.series(0), 2.2f);
    panel.line(derivativeLabel, d.x(), d.derivative(), Palette.series(1), 2.2f);
    if (d.secondDerivative() != null) {
      panel.line(secondLabel, d.x(), d.secondDerivative(), Palette.series(2), 2.2f);
    }
    if (d.finiteDifference() != null) {
      int k = Math.max(1, points / 25);
      double[] xs = Sampling.every(d.x(), k);
      overlay(panel, derivativeLabel, xs, Sampling.every(d.finiteDifference(), k), 1);
      if (d.finiteDifferenceSecond() != null) {
        overlay(panel, secondLabel, xs, Sampling.every(d.finiteDifferenceSecond(), k), 2);
      }
    }
    return Canvas.single(panel);
  }

  private static void overlay(XYPanel panel, String label, double[] x, double[] y, int colour) {
    Color c = Palette.darker(Palette.series(colour));
    panel.markers(label + ", finite difference", x, y, c, SeriesMarkers.DIAMOND);
  }
}
