package dev.autograd.spark;

import dev.autograd.Tensor;

/**
 * {@link BatchLoss#summed}: a named class rather than a lambda, so that it serializes plainly.
 *
 * @param loss the loss whose per-example values are summed
 */
record SummedLoss(BatchLoss loss) implements BatchLoss {
  private static final long serialVersionUID = 1L;

  @Override
  public Tensor compute(Tensor output, Tensor target) {
    return loss.compute(output, target);
  }

  @Override
  public Reduction reduction() {
    return Reduction.SUM;
  }
}
