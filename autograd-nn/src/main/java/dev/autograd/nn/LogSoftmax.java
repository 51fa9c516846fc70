package dev.autograd.nn;

import dev.autograd.Tensor;

/** {@code y = x - logsumexp(x)} along a dim; see {@link Tensor#logSoftmax(int)}. */
public final class LogSoftmax extends Module {
  private final int dim;

  /** Log-softmax along {@code dim}. */
  public LogSoftmax(int dim) {
    this.dim = dim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.logSoftmax(dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
