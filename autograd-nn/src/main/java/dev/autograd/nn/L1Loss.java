package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Absolute error, {@code |input - target|} reduced; see {@link Functional#l1Loss(Tensor, Tensor,
 * Reduction)}. Less sensitive to outliers than {@link MSELoss}: every error pulls with the same
 * strength, whatever its size.
 *
 * <pre>
 * l_i  = |input_i - target_i|
 * MEAN: loss = (1/n) sum_i l_i        derivative for input: sign(input - target) grad / n
 * </pre>
 *
 * <pre>{@code
 * new L1Loss().forward(Tensor.of(new double[] {1, -2}, 2), Tensor.zeros(2)); // tensor(1.5000)
 * }</pre>
 */
public final class L1Loss extends Loss {
  /** Mean-reduced, PyTorch's default. */
  public L1Loss() {
    this(Reduction.MEAN);
  }

  /**
   * With the given reduction.
   *
   * @param reduction how the absolute errors are combined
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  public L1Loss(Reduction reduction) {
    super(reduction);
  }

  /**
   * The absolute error {@code |input - target|}, element by element, reduced.
   *
   * @param input the prediction, any shape
   * @param target the true values, the same shape as {@code input}
   * @return a 0-d tensor (MEAN, SUM), or the absolute errors in {@code input}'s shape (NONE)
   * @throws dev.autograd.TensorException if the shapes differ (they are not broadcast)
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Arguments.requireNonNull("L1Loss.forward", "input", input);
    Arguments.requireNonNull("L1Loss.forward", "target", target);
    return Functional.l1Loss(input, target, reduction());
  }
}
