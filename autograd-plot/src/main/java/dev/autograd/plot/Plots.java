package dev.autograd.plot;

import dev.autograd.Tensor;
import java.util.function.BinaryOperator;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * Where every chart starts: one static method per figure of the tutorial, each returning a builder
 * whose setters chain and which ends in {@code save(path)}, {@code show()} or {@code build()}.
 *
 * <pre>{@code
 * Plots.functionAndDerivative(x -> x.pow(3).sub(x.mul(4)).sub(5), -3, 3)
 *     .points(100)
 *     .title("函数及其导数图像对比")
 *     .withSecondDerivative()
 *     .withFiniteDifference()
 *     .save(Path.of("plots/f.png"));
 *
 * Plots.lossHistory().title("梯度下降:f(x)=x²").series("SGD", losses).markers().save(...);
 * Plots.activationGallery().withCommonActivations().save(...);
 * Plots.descentPath((x, y) -> x.square().add(y.square()), -3, 3, -3, 3).path("SGD", path).save(...);
 * Plots.surface((x, y) -> x.square().add(y.square()), -3, 3, -3, 3).path("SGD", path).save(...);
 * Plots.gradientFlow().panel("Sigmoid", sigmoidNorms).panel("ReLU", reluNorms).save(...);
 * TrainingMonitor monitor = Plots.trainingMonitor().saveTo(Path.of("plots/training.png")).build();
 * }</pre>
 */
public final class Plots {
  private Plots() {}

  /**
   * A general chart of lines, markers, histograms, bars, bands and error bars, or a heat map of a
   * 2-D tensor ({@link Chart#imshow(Tensor)}), as matplotlib's pyplot: see {@link Chart}.
   *
   * <pre>{@code
   * Plots.chart().plot(x, y).label("data").scatter(x, fit).save(Path.of("plots/fit.png"));
   * }</pre>
   *
   * @return a new, empty chart builder
   */
  public static Chart chart() {
    return Chart.builder();
  }

  /**
   * A grid of charts in one figure, as {@code plt.subplots(rows, cols)}: see {@link Subplots}.
   *
   * @param rows the number of rows, at least 1
   * @param columns the number of columns, at least 1
   * @return a new grid builder, as {@link Subplots#of(int, int)}
   * @throws IllegalArgumentException if {@code rows} or {@code columns} is less than 1
   */
  public static Subplots subplots(int rows, int columns) {
    return Subplots.of(rows, columns);
  }

  /**
   * A grid of small images with titles (samples with their predictions): see {@link ImageGrid}.
   *
   * @return a new, empty grid builder
   */
  public static ImageGrid imageGrid() {
    return ImageGrid.builder();
  }

  /**
   * f and its autograd derivative over [from, to]: see {@link FunctionChart}.
   *
   * @param f the function, element-wise (as {@code x -> x.pow(3).sub(x.mul(4)).sub(5)})
   * @param from the left end of the range, finite
   * @param to the right end of the range, finite and greater than {@code from}
   * @return a new chart builder, as {@link FunctionChart#of(UnaryOperator, double, double)}
   * @throws IllegalArgumentException if the range is not finite or {@code from >= to}
   * @throws NullPointerException if {@code f} is null
   */
  public static FunctionChart functionAndDerivative(
      UnaryOperator<Tensor> f, double from, double to) {
    return FunctionChart.of(f, from, to);
  }

  /**
   * Named loss curves: see {@link LossChart}.
   *
   * @return a new, empty chart builder
   */
  public static LossChart lossHistory() {
    return LossChart.builder();
  }

  /**
   * A grid of activations and their derivatives: see {@link ActivationGallery}.
   *
   * @return a new, empty gallery builder
   */
  public static ActivationGallery activationGallery() {
    return ActivationGallery.builder();
  }

  /**
   * Descent paths over contours of f(x, y): see {@link DescentPathChart}.
   *
   * @param f the function of the two coordinate grids, element-wise (as {@code (x, y) ->
   *     x.square().add(y.square())})
   * @param x0 the left end of the x range
   * @param x1 the right end of the x range, greater than {@code x0}
   * @param y0 the bottom of the y range
   * @param y1 the top of the y range, greater than {@code y0}
   * @return a new chart builder, as {@link DescentPathChart#of(BinaryOperator, double, double,
   *     double, double)}
   * @throws IllegalArgumentException if {@code x0 >= x1} or {@code y0 >= y1}
   * @throws NullPointerException if {@code f} is null
   */
  public static DescentPathChart descentPath(
      BinaryOperator<Tensor> f, double x0, double x1, double y0, double y1) {
    return DescentPathChart.of(f, x0, x1, y0, y1);
  }

  /**
   * A 3-D surface of f(x, y) with paths on it: see {@link SurfaceChart}.
   *
   * @param f the function of the two coordinate grids, element-wise
   * @param x0 the left end of the x range
   * @param x1 the right end of the x range, greater than {@code x0}
   * @param y0 the bottom of the y range
   * @param y1 the top of the y range, greater than {@code y0}
   * @return a new chart builder, as {@link SurfaceChart#of(BinaryOperator, double, double, double,
   *     double)}
   * @throws IllegalArgumentException if {@code x0 >= x1} or {@code y0 >= y1}
   * @throws NullPointerException if {@code f} is null
   */
  public static SurfaceChart surface(
      BinaryOperator<Tensor> f, double x0, double x1, double y0, double y1) {
    return SurfaceChart.of(f, x0, x1, y0, y1);
  }

  /**
   * Per-layer gradient norms over training: see {@link GradientFlowChart}.
   *
   * @return a new, empty chart builder
   */
  public static GradientFlowChart gradientFlow() {
    return GradientFlowChart.builder();
  }

  /**
   * An animated GIF or APNG of {@code frames} figures, frame {@code i} drawn by {@code frame}: see
   * {@link Animation#of(int, IntFunction)}.
   *
   * @param frames the number of frames, at least 1
   * @param frame the figure of each frame number
   * @return a new animation, 10 frames per second, playing for ever
   * @throws IllegalArgumentException if {@code frames < 1}
   * @throws NullPointerException if {@code frame} is null
   */
  public static Animation animation(int frames, IntFunction<Figure> frame) {
    return Animation.of(frames, frame);
  }

  /**
   * A live or end-of-training chart of the loss: see {@link TrainingMonitor}.
   *
   * @return a new monitor builder with the defaults of {@link TrainingMonitor#builder()}
   */
  public static TrainingMonitor.Builder trainingMonitor() {
    return TrainingMonitor.builder();
  }

  /**
   * A picture of the recorded graph that ends in {@code output}: see {@link GraphChart}.
   *
   * @param output the tensor the graph ends in
   * @return a new builder, as {@link GraphChart#of(Tensor)}
   * @throws NullPointerException if {@code output} is null
   */
  public static GraphChart graph(Tensor output) {
    return GraphChart.of(output);
  }
}
