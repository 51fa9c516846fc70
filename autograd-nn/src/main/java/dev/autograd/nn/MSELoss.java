package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;

/**
 * Mean squared error, {@code (input - target)^2} reduced; see {@link Functional#mseLoss(Tensor,
 * Tensor, Reduction)}.
 */
public final class MSELoss extends Loss {
  /** Mean-reduced. */
  public MSELoss() {
    this(Reduction.MEAN);
  }

  /** With the given reduction. */
  public MSELoss(Reduction reduction) {
    super(reduction);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Functional.mseLoss(input, target, reduction());
  }
}
