package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;

/**
 * Smooth L1 loss: with {@code d = |input - target|}, {@code 0.5 d^2 / beta} where {@code d < beta},
 * else {@code d - 0.5 beta}; see {@link Functional#smoothL1Loss(Tensor, Tensor, Reduction,
 * double)}.
 */
public final class SmoothL1Loss extends Loss {
  private final double beta;

  /** Mean-reduced, beta = 1. */
  public SmoothL1Loss() {
    this(Reduction.MEAN, 1.0);
  }

  /** With the given reduction and beta. */
  public SmoothL1Loss(Reduction reduction, double beta) {
    super(reduction);
    if (beta < 0)
      throw new IllegalArgumentException("SmoothL1Loss: beta must be non-negative, got " + beta);
    this.beta = beta;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Functional.smoothL1Loss(input, target, reduction(), beta);
  }

  @Override
  protected String extraRepr() {
    return "beta=" + beta;
  }
}
