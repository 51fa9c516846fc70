package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Mean squared error, {@code (input - target)^2} reduced; see {@link Functional#mseLoss(Tensor,
 * Tensor, Reduction)}. The usual loss for regression.
 *
 * <pre>
 * l_i  = (input_i - target_i)^2
 * MEAN: loss = (1/n) sum_i l_i        derivative for input: 2 (input - target) grad / n
 * </pre>
 *
 * <pre>{@code
 * new MSELoss().forward(Tensor.of(new double[] {1, 2}, 2), Tensor.zeros(2)); // tensor(2.5000)
 * }</pre>
 */
public final class MSELoss extends Loss {
  /** Mean-reduced, PyTorch's default. */
  public MSELoss() {
    this(Reduction.MEAN);
  }

  /**
   * With the given reduction.
   *
   * @param reduction how the squared errors are combined
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  public MSELoss(Reduction reduction) {
    super(reduction);
  }

  /**
   * The squared error {@code (input - target)^2}, element by element, reduced.
   *
   * @param input the prediction, any shape
   * @param target the true values, the same shape as {@code input}
   * @return a 0-d tensor (MEAN, SUM), or the squared errors in {@code input}'s shape (NONE)
   * @throws dev.autograd.TensorException if the shapes differ; unlike PyTorch, they are not
   *     broadcast, since a [N] target against a [N, 1] prediction would silently give an [N, N]
   *     loss
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Arguments.requireNonNull("MSELoss.forward", "input", input);
    Arguments.requireNonNull("MSELoss.forward", "target", target);
    return Functional.mseLoss(input, target, reduction());
  }
}
