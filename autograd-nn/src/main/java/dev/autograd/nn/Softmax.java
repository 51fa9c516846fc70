package dev.autograd.nn;

import dev.autograd.Tensor;

/** {@code y_i = e^x_i / sum_j e^x_j} along a dim; see {@link Tensor#softmax(int)}. */
public final class Softmax extends Module {
  private final int dim;

  /** Softmax along {@code dim}. */
  public Softmax(int dim) {
    this.dim = dim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.softmax(dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
