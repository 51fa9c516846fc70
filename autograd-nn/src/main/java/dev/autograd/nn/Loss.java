package dev.autograd.nn;

import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * A loss function as a reusable object, as PyTorch's loss modules: {@code
 * criterion.forward(prediction, target)}. Each computes one loss {@code l_i} per element (or per
 * example, for the classification losses) and combines them with a {@link Reduction}:
 *
 * <pre>
 * MEAN (the default): loss = (1/n) sum_i l_i     a 0-d tensor
 * SUM:                loss = sum_i l_i           a 0-d tensor
 * NONE:               loss = l                   one value per element (or example)
 * </pre>
 *
 * <pre>{@code
 * Loss criterion = new MSELoss();
 * Tensor loss = criterion.forward(model.forward(x), y);
 * loss.backward();
 * }</pre>
 *
 * <p>A loss is not a {@link Module}: it has no parameters, and its {@code forward} takes two
 * tensors.
 */
public abstract class Loss {
  private final Reduction reduction;

  /**
   * A loss with the given reduction.
   *
   * @param reduction how the per-element losses are combined
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  protected Loss(Reduction reduction) {
    this.reduction = Arguments.requireNonNull(getClass().getSimpleName(), "reduction", reduction);
  }

  /**
   * How the per-element losses are combined.
   *
   * @return the reduction given at construction
   */
  public Reduction reduction() {
    return reduction;
  }

  /**
   * The loss of {@code input} against {@code target}, recorded for backward.
   *
   * @param input the prediction (probabilities, logits or values, as each loss states)
   * @param target what it should have been
   * @return a 0-d tensor for {@link Reduction#MEAN} and {@link Reduction#SUM}, the per-element
   *     losses for {@link Reduction#NONE}
   */
  public abstract Tensor forward(Tensor input, Tensor target);

  /**
   * The arguments shown by {@link #toString()}, as PyTorch's {@code extra_repr}.
   *
   * @return the text, empty by default
   */
  protected String extraRepr() {
    return "";
  }

  /**
   * The class name and {@link #extraRepr()}, as PyTorch prints a loss: {@code MSELoss()}, {@code
   * SmoothL1Loss(beta=1.0)}.
   *
   * @return the printout
   */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + extraRepr() + ")";
  }
}
