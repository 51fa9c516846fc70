package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Smooth L1 loss: with {@code d = |input - target|}, {@code 0.5 d^2 / beta} where {@code d < beta},
 * else {@code d - 0.5 beta}; see {@link Functional#smoothL1Loss(Tensor, Tensor, Reduction,
 * double)}.
 *
 * <pre>
 * l_i = 0.5 d_i^2 / beta    if d_i &lt; beta   (quadratic near 0, as MSE: smooth at the minimum)
 *     = d_i - 0.5 beta      otherwise       (linear further out, as L1: robust to outliers)
 * </pre>
 *
 * The two pieces meet with the same value and slope at {@code d = beta}; {@code beta = 0} is the
 * {@link L1Loss}.
 *
 * <pre>{@code
 * new SmoothL1Loss().forward(Tensor.of(new double[] {0.5, 3}, 2), Tensor.zeros(2));
 * // (0.125 + 2.5) / 2 = tensor(1.3125)
 * }</pre>
 */
public final class SmoothL1Loss extends Loss {
  private final double beta;

  /** Mean-reduced, beta = 1 (PyTorch's defaults). */
  public SmoothL1Loss() {
    this(Reduction.MEAN, 1.0);
  }

  /**
   * With the given reduction and beta.
   *
   * @param reduction how the per-element losses are combined
   * @param beta where the loss changes from quadratic to linear; 0 for the L1 loss
   * @throws IllegalArgumentException if {@code beta} is negative
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  public SmoothL1Loss(Reduction reduction, double beta) {
    super(reduction);
    if (beta < 0)
      throw new IllegalArgumentException("SmoothL1Loss: beta must be non-negative, got " + beta);
    this.beta = beta;
  }

  /**
   * The smooth L1 loss of each element (see the class description), reduced.
   *
   * @param input the prediction, any shape
   * @param target the true values, the same shape as {@code input}
   * @return a 0-d tensor (MEAN, SUM), or the per-element losses in {@code input}'s shape (NONE)
   * @throws dev.autograd.TensorException if the shapes differ (they are not broadcast)
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Arguments.requireNonNull("SmoothL1Loss.forward", "input", input);
    Arguments.requireNonNull("SmoothL1Loss.forward", "target", target);
    return Functional.smoothL1Loss(input, target, reduction(), beta);
  }

  @Override
  protected String extraRepr() {
    return "beta=" + beta;
  }
}
