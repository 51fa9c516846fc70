package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Binary cross entropy of probabilities; see {@link Functional#binaryCrossEntropy(Tensor, Tensor,
 * Reduction)}. For a model that ends in {@link Sigmoid}; without that layer, {@link
 * BCEWithLogitsLoss} on the logits is the same loss, computed more stably.
 *
 * <pre>
 * l_i = -(t_i log(p_i) + (1 - t_i) log(1 - p_i))     each log clamped at -100
 * </pre>
 *
 * with {@code p} the predicted probabilities and {@code t} the targets. The clamp, as in PyTorch,
 * keeps the loss finite when a probability is exactly 0 or 1.
 *
 * <pre>{@code
 * new BCELoss().forward(Tensor.of(new double[] {0.8, 0.2}, 2), Tensor.of(new double[] {1, 0}, 2));
 * // -log(0.8) = tensor(0.2231)
 * }</pre>
 */
public final class BCELoss extends Loss {
  /** Mean-reduced, PyTorch's default. */
  public BCELoss() {
    this(Reduction.MEAN);
  }

  /**
   * With the given reduction.
   *
   * @param reduction how the per-element losses are combined
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  public BCELoss(Reduction reduction) {
    super(reduction);
  }

  /**
   * The binary cross entropy of each element (see the class description), reduced.
   *
   * @param input the predicted probabilities, each in [0, 1], any shape
   * @param target the targets, usually 0 or 1, the same shape as {@code input}
   * @return a 0-d tensor (MEAN, SUM), or the per-element losses in {@code input}'s shape (NONE)
   * @throws dev.autograd.TensorException if the shapes differ or an input lies outside [0, 1] (the
   *     message suggests a sigmoid, or {@link BCEWithLogitsLoss})
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Arguments.requireNonNull("BCELoss.forward", "input", input);
    Arguments.requireNonNull("BCELoss.forward", "target", target);
    return Functional.binaryCrossEntropy(input, target, reduction());
  }
}
