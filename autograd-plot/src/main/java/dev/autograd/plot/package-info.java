/**
 * Charts that show gradients at work, over XChart: each figure of the tutorial in a line or two,
 * saved as PNG, SVG or PDF or shown in a window.
 *
 * <pre>{@code
 * // gradient descent on f(x) = x^2 from x = 3, and its loss curve on a log scale
 * Tensor x = Tensor.scalar(3.0).requiresGrad(true);
 * Optimizer optimizer = new SGD(List.of(x), 0.1);
 * List<Double> losses = new ArrayList<>();
 * for (int epoch = 0; epoch < 30; epoch++) {
 *   optimizer.zeroGrad();
 *   Tensor loss = x.pow(2);
 *   loss.backward();
 *   optimizer.step();
 *   losses.add(loss.item());
 * }
 * Plots.lossHistory().title("f(x) = x²").series("SGD, lr=0.1", losses).logY()
 *     .save(Path.of("plots/loss.png")); // a straight line: the loss falls by 0.64 per step
 *
 * // f(x) = x³ - 4x - 5 and its derivative, computed by autograd
 * Plots.functionAndDerivative(t -> t.pow(3).sub(t.mul(4)).sub(5), -3, 3)
 *     .save(Path.of("plots/f.svg"));
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.autograd.plot.Chart}: lines, scatter, histograms, bars, bands, error bars and
 *       steps from arrays or 1-D tensors, as matplotlib's pyplot;
 *   <li>{@link dev.autograd.plot.FunctionChart}: f and f′ (and f″) computed by autograd, with an
 *       optional finite-difference check;
 *   <li>{@link dev.autograd.plot.LossChart}: loss curves, linear or log scale;
 *   <li>{@link dev.autograd.plot.ActivationGallery}: activations and their derivatives in a grid;
 *   <li>{@link dev.autograd.plot.DescentPathChart}: optimizer paths ({@link
 *       dev.autograd.plot.Trajectory}) over the contours of f(x, y);
 *   <li>{@link dev.autograd.plot.SurfaceChart}: the same on a 3-D surface in a fixed projection,
 *       hidden lines removed;
 *   <li>{@link dev.autograd.plot.GradientFlowChart}: per-layer gradient norms ({@link
 *       dev.autograd.plot.GradientNorms}), to see vanishing gradients;
 *   <li>{@link dev.autograd.plot.GraphChart}: a picture of the recorded graph that ends in a
 *       tensor, laid out by this module;
 *   <li>{@link dev.autograd.plot.TrainingMonitor}: a live or end-of-training chart of the loss, fed
 *       through {@link dev.autograd.plot.TrainingListener}, in a window or rewritten on disk;
 *   <li>{@link dev.autograd.plot.Animation}: training movies, animated GIF or APNG, of any figures,
 *       of a descent step by step, or of a training run's curves growing.
 * </ul>
 *
 * {@link dev.autograd.plot.Plots} lists them all. Every builder shares the settings of {@link
 * dev.autograd.plot.FigureBuilder} (title, size, font, dpi, and for the axes xLim, yLim, logX,
 * logY, tick formats, grid, xLabel, yLabel and annotate, the same names on every chart) and
 * produces a {@link dev.autograd.plot.Figure}. Charts are drawn without a display too (a headless
 * JVM, as on CI): only {@code show()} and live windows need one.
 */
package dev.autograd.plot;
