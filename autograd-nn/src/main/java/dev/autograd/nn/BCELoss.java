package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;

/**
 * Binary cross entropy of probabilities; see {@link Functional#binaryCrossEntropy(Tensor, Tensor,
 * Reduction)}.
 */
public final class BCELoss extends Loss {
  /** Mean-reduced. */
  public BCELoss() {
    this(Reduction.MEAN);
  }

  /** With the given reduction. */
  public BCELoss(Reduction reduction) {
    super(reduction);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Functional.binaryCrossEntropy(input, target, reduction());
  }
}
