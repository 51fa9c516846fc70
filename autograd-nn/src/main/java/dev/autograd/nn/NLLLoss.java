package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;

/**
 * Negative log likelihood of log-probabilities [N, C] against INT64 class indices [N]; see {@link
 * Functional#nllLoss(Tensor, Tensor, Reduction)}.
 */
public final class NLLLoss extends Loss {
  /** Mean-reduced. */
  public NLLLoss() {
    this(Reduction.MEAN);
  }

  /** With the given reduction. */
  public NLLLoss(Reduction reduction) {
    super(reduction);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Functional.nllLoss(input, target, reduction());
  }
}
