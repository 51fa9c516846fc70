package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Binary cross entropy of logits, computed stably; see {@link
 * Functional#binaryCrossEntropyWithLogits(Tensor, Tensor, Reduction)}. The same loss as {@link
 * BCELoss} of {@code sigmoid(x)}, written so that no probability is ever rounded to 0 or 1:
 *
 * <pre>
 * l_i = -(t_i log(sigmoid(x_i)) + (1 - t_i) log(1 - sigmoid(x_i)))
 *     = (1 - t_i) x_i + softplus(-x_i)                 derivative for x: (sigmoid(x) - t) grad
 * </pre>
 *
 * <pre>{@code
 * new BCEWithLogitsLoss().forward(Tensor.zeros(2), Tensor.of(new double[] {1, 0}, 2));
 * // log 2 = tensor(0.6931)
 * }</pre>
 */
public final class BCEWithLogitsLoss extends Loss {
  /** Mean-reduced, PyTorch's default. */
  public BCEWithLogitsLoss() {
    this(Reduction.MEAN);
  }

  /**
   * With the given reduction.
   *
   * @param reduction how the per-element losses are combined
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  public BCEWithLogitsLoss(Reduction reduction) {
    super(reduction);
  }

  /**
   * The binary cross entropy of {@code sigmoid(input)} for each element (see the class
   * description), reduced.
   *
   * @param input the logits, any real values, any shape
   * @param target the targets, usually 0 or 1, the same shape as {@code input}
   * @return a 0-d tensor (MEAN, SUM), or the per-element losses in {@code input}'s shape (NONE)
   * @throws dev.autograd.TensorException if the shapes differ (they are not broadcast)
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Arguments.requireNonNull("BCEWithLogitsLoss.forward", "input", input);
    Arguments.requireNonNull("BCEWithLogitsLoss.forward", "target", target);
    return Functional.binaryCrossEntropyWithLogits(input, target, reduction());
  }
}
