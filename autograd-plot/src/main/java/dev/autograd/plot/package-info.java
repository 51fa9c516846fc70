/**
 * Charts that show gradients at work, over XChart: each figure of the tutorial in a line or two,
 * saved as PNG, SVG or PDF or shown in a window.
 *
 * <ul>
 *   <li>{@link dev.autograd.plot.FunctionChart}: f and f′ (and f″) computed by autograd, with an
 *       optional finite-difference check;
 *   <li>{@link dev.autograd.plot.LossChart}: loss curves, linear or log scale;
 *   <li>{@link dev.autograd.plot.ActivationGallery}: activations and their derivatives in a grid;
 *   <li>{@link dev.autograd.plot.DescentPathChart}: optimizer paths over the contours of f(x, y);
 *   <li>{@link dev.autograd.plot.SurfaceChart}: the same as a 3-D wireframe in a fixed projection;
 *   <li>{@link dev.autograd.plot.GradientFlowChart}: per-layer gradient norms (vanishing
 *       gradients);
 *   <li>{@link dev.autograd.plot.TrainingMonitor}: a live or end-of-training chart of the loss.
 * </ul>
 *
 * {@link dev.autograd.plot.Plots} lists them all. Every builder shares the settings of {@link
 * dev.autograd.plot.FigureBuilder} (title, size, font, dpi) and produces a {@link
 * dev.autograd.plot.Figure}.
 */
package dev.autograd.plot;
