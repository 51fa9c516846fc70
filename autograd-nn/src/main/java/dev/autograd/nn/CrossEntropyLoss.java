package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;

/**
 * Cross entropy of logits [N, C] against INT64 class indices [N]; see {@link
 * Functional#crossEntropy(Tensor, Tensor, Reduction)}.
 */
public final class CrossEntropyLoss extends Loss {
  /** Mean-reduced. */
  public CrossEntropyLoss() {
    this(Reduction.MEAN);
  }

  /** With the given reduction. */
  public CrossEntropyLoss(Reduction reduction) {
    super(reduction);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Functional.crossEntropy(input, target, reduction());
  }
}
