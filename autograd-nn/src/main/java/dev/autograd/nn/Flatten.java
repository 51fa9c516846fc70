package dev.autograd.nn;

import dev.autograd.Tensor;

/** Merges dims {@code startDim..endDim} (1 to -1 by default: everything but the batch dim). */
public final class Flatten extends Module {
  private final int startDim;
  private final int endDim;

  /** Flattens all dims but the first. */
  public Flatten() {
    this(1, -1);
  }

  /** Flattens dims {@code startDim} to {@code endDim}, inclusive. */
  public Flatten(int startDim, int endDim) {
    this.startDim = startDim;
    this.endDim = endDim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.flatten(startDim, endDim);
  }

  @Override
  protected String extraRepr() {
    return "start_dim=" + startDim + ", end_dim=" + endDim;
  }
}
