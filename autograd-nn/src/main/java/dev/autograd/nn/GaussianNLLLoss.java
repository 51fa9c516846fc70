package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Negative log likelihood of targets under Gaussians of predicted means and variances; see {@link
 * Functional#gaussianNLLLoss(Tensor, Tensor, Tensor, boolean, double, Reduction)}.
 *
 * <pre>
 * l_i = 0.5 (log(max(var_i, eps)) + (input_i - target_i)^2 / max(var_i, eps))   (+ 0.5 log(2 pi))
 * </pre>
 *
 * {@code var} has the input's shape, or one variance per row: the input's shape without its last
 * dim, or with a last dim of 1.
 *
 * <pre>{@code
 * Tensor mean = Tensor.of(new double[] {0, 1}, 2);
 * new GaussianNLLLoss().forward(mean, Tensor.of(new double[] {1, 1}, 2), Tensor.ones(2));
 * // (0.5 + 0) / 2 = tensor(0.2500)
 * }</pre>
 */
public final class GaussianNLLLoss extends ThreeInputLoss {
  private final boolean full;
  private final double eps;

  /** No constant, eps 1e-6, mean-reduced (PyTorch's defaults). */
  public GaussianNLLLoss() {
    this(false, 1e-6, Reduction.MEAN);
  }

  /**
   * With the given settings, in PyTorch's order.
   *
   * @param full whether to add the constant {@code 0.5 log(2 pi)}
   * @param eps the smallest variance used (the clamp passes the gradient, as PyTorch's)
   * @param reduction how the per-element losses are combined
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  public GaussianNLLLoss(boolean full, double eps, Reduction reduction) {
    super(reduction);
    this.full = full;
    this.eps = eps;
  }

  /**
   * The Gaussian negative log likelihood of each target (see the class description), reduced.
   *
   * @param input the predicted means, any shape
   * @param target the values observed, the same shape
   * @param var the predicted variances, non-negative, of the input's shape or one per row
   * @return a 0-d tensor (MEAN, SUM), or the per-element losses in {@code input}'s shape (NONE)
   * @throws dev.autograd.TensorException if the shapes do not fit or a variance is negative
   */
  @Override
  public Tensor forward(Tensor input, Tensor target, Tensor var) {
    Arguments.requireNonNull("GaussianNLLLoss.forward", "input", input);
    Arguments.requireNonNull("GaussianNLLLoss.forward", "target", target);
    Arguments.requireNonNull("GaussianNLLLoss.forward", "var", var);
    return Functional.gaussianNLLLoss(input, target, var, full, eps, reduction());
  }

  @Override
  protected String extraRepr() {
    return "full=" + full + ", eps=" + eps;
  }
}
