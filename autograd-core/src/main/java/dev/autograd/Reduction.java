package dev.autograd;

import dev.autograd.internal.Arguments;

/** How a loss combines its per-element values, as PyTorch's {@code reduction} argument. */
public enum Reduction {
  /** The per-element losses, unreduced. */
  NONE,
  /** Their mean (the default). */
  MEAN,
  /** Their sum. */
  SUM;

  /**
   * Applies this reduction to per-element losses.
   *
   * @param losses the per-element losses, of any shape
   * @return {@code losses} itself for {@link #NONE}, else a 0-d tensor
   */
  public Tensor apply(Tensor losses) {
    Arguments.requireNonNull("apply", "losses", losses);
    switch (this) {
      case MEAN:
        return losses.mean();
      case SUM:
        return losses.sum();
      default:
        return losses;
    }
  }
}
