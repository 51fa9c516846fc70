/**
 * Tensors with reverse-mode automatic differentiation, following PyTorch's names, semantics and
 * defaults.
 *
 * <p>The tutorial's first example, the derivative of {@code y = x^3 - 4x - 5} at {@code x = 2}:
 *
 * <pre>{@code
 * Tensor x = Tensor.scalar(2.0).requiresGrad(true);
 * Tensor y = x.pow(3).sub(x.mul(4)).sub(5);
 * y.backward();
 * System.out.println(y);        // tensor(-5., grad_fn=<SubBackward0>)
 * System.out.println(x.grad()); // tensor(8.) = 3 * 2^2 - 4
 * }</pre>
 *
 * <h2>The main classes</h2>
 *
 * <ul>
 *   <li>{@link dev.autograd.Tensor}: the n-dimensional array, its factories ({@code of}, {@code
 *       zeros}, {@code randn}, {@code linspace}, ...), its ops with their formulas and derivatives,
 *       and {@code backward()}. Shapes broadcast as in NumPy and PyTorch.
 *   <li>{@link dev.autograd.Autograd}: {@code noGrad()} scopes, {@code grad(...)} without touching
 *       {@code .grad()}, higher-order gradients, anomaly detection.
 *   <li>{@link dev.autograd.Functional}: {@code linear} and the losses ({@code mseLoss}, {@code
 *       crossEntropy}, ...) with a {@link dev.autograd.Reduction}, as {@code torch.nn.functional}.
 *   <li>{@link dev.autograd.BackwardOptions}, {@link dev.autograd.GradOptions}: PyTorch's keyword
 *       arguments of {@code backward} and {@code torch.autograd.grad} ({@code retainGraph}, {@code
 *       createGraph}, {@code inputs}, {@code gradOutputs}, {@code allowUnused}...) as immutable
 *       options.
 *   <li>{@link dev.autograd.AutogradFunction} (with its {@link dev.autograd.FunctionContext}):
 *       custom differentiable ops, as {@code torch.autograd.Function}.
 *   <li>{@link dev.autograd.AutogradFunctional}: Jacobians, Hessians and their products ({@code
 *       vjp}, {@code jvp}, {@code vhp}, {@code hvp}), as {@code torch.autograd.functional}.
 *   <li>{@link dev.autograd.RecordedGraph} ({@code Autograd.graph}, {@code Autograd.toDot}, with
 *       {@link dev.autograd.GraphOptions}): the recorded graph described, and as Graphviz DOT text;
 *       {@link dev.autograd.BackwardTrace} ({@code Autograd.traceBackward}): the chain rule through
 *       a graph of one-element tensors, step by step with the numbers.
 *   <li>{@link dev.autograd.GradCheck}: first and second derivatives checked against finite
 *       differences, with a {@link dev.autograd.GradCheckReport} of the worst errors.
 *   <li>{@link dev.autograd.DType} (element types and their promotion), {@link
 *       dev.autograd.Generator} (seedable random numbers), {@link dev.autograd.Parallelism}
 *       (threads and kernels).
 *   <li>{@link dev.autograd.TensorException}: what every op throws for shapes, dims or types it
 *       cannot work with; the message names the op and the shapes.
 * </ul>
 *
 * <p>Layers and optimizers are in the {@code autograd-nn} module ({@code dev.autograd.nn}, {@code
 * dev.autograd.optim}); charts in {@code autograd-plot} ({@code dev.autograd.plot}).
 *
 * <p>The user guide, in the {@code docs/} folder of the repository, explains tensors, how autograd
 * works, layers and optimizers, plotting and performance, and follows the tutorial section by
 * section; start with {@code docs/README.md}.
 */
package dev.autograd;
