package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;

/**
 * Absolute error, {@code |input - target|} reduced; see {@link Functional#l1Loss(Tensor, Tensor,
 * Reduction)}.
 */
public final class L1Loss extends Loss {
  /** Mean-reduced. */
  public L1Loss() {
    this(Reduction.MEAN);
  }

  /** With the given reduction. */
  public L1Loss(Reduction reduction) {
    super(reduction);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Functional.l1Loss(input, target, reduction());
  }
}
