package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;

/**
 * Binary cross entropy of logits, computed stably; see {@link
 * Functional#binaryCrossEntropyWithLogits(Tensor, Tensor, Reduction)}.
 */
public final class BCEWithLogitsLoss extends Loss {
  /** Mean-reduced. */
  public BCEWithLogitsLoss() {
    this(Reduction.MEAN);
  }

  /** With the given reduction. */
  public BCEWithLogitsLoss(Reduction reduction) {
    super(reduction);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Functional.binaryCrossEntropyWithLogits(input, target, reduction());
  }
}
