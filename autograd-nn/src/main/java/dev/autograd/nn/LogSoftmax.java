package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * {@code y = x - logsumexp(x)} along a dim; see {@link Tensor#logSoftmax(int)}. The log of {@link
 * Softmax}, computed without taking the log of a probability that may have rounded to 0; followed
 * by {@link NLLLoss} it gives the cross entropy.
 *
 * <pre>{@code
 * new LogSoftmax(1).forward(Tensor.of(new double[] {1, 2, 3}, 1, 3));
 * // tensor([[-2.4076, -1.4076, -0.4076]])
 * }</pre>
 */
public final class LogSoftmax extends Module {
  private final int dim;

  /**
   * Log-softmax along {@code dim}.
   *
   * @param dim the dim over which the softmax is taken (1 for the classes of [N, C] scores;
   *     negative counts from the end)
   */
  public LogSoftmax(int dim) {
    this.dim = dim;
  }

  /**
   * {@code y = x - logsumexp(x, dim)}; any shape, kept (for example [N, C] -&gt; [N, C]).
   * Derivative: {@code grad - exp(y) * sum(grad, dim)}.
   *
   * @param input the scores
   * @return the log-probabilities, in {@code input}'s shape
   * @throws dev.autograd.TensorException if the dim is out of range for {@code input}
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("LogSoftmax.forward", "input", input);
    return input.logSoftmax(dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
