package dev.autograd.nn;

import dev.autograd.Reduction;
import dev.autograd.Tensor;
import java.util.Objects;

/**
 * A loss function as a reusable object, as PyTorch's loss modules: {@code
 * criterion.forward(prediction, target)}. Each combines its per-element losses with a {@link
 * Reduction} (MEAN by default).
 */
public abstract class Loss {
  private final Reduction reduction;

  /** A loss with the given reduction. */
  protected Loss(Reduction reduction) {
    this.reduction = Objects.requireNonNull(reduction, "reduction");
  }

  /** How the per-element losses are combined. */
  public Reduction reduction() {
    return reduction;
  }

  /** The loss of {@code input} against {@code target}. */
  public abstract Tensor forward(Tensor input, Tensor target);

  /** The arguments shown by {@link #toString()}, as PyTorch's extra_repr. */
  protected String extraRepr() {
    return "";
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + extraRepr() + ")";
  }
}
