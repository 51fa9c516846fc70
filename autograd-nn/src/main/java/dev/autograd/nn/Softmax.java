package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * {@code y_i = e^x_i / sum_j e^x_j} along a dim; see {@link Tensor#softmax(int)}. Turns each row of
 * scores into probabilities that sum to 1. For training a classifier, give the raw scores to {@link
 * CrossEntropyLoss} instead, which applies a log-softmax itself, more stably.
 *
 * <pre>{@code
 * new Softmax(1).forward(Tensor.of(new double[] {1, 2, 3}, 1, 3));
 * // tensor([[0.0900, 0.2447, 0.6652]]): each row sums to 1
 * }</pre>
 */
public final class Softmax extends Module {
  private final int dim;

  /**
   * Softmax along {@code dim}.
   *
   * @param dim the dim whose entries are normalised to sum to 1 (1 for the classes of [N, C]
   *     scores; negative counts from the end)
   */
  public Softmax(int dim) {
    this.dim = dim;
  }

  /**
   * {@code y_i = e^x_i / sum_j e^x_j} along the dim; any shape, kept (for example [N, C] -&gt; [N,
   * C]). Computed with the maximum subtracted first, so large scores do not overflow. Derivative:
   * {@code y * (grad - sum(grad * y, dim))}.
   *
   * @param input the scores
   * @return the probabilities, in {@code input}'s shape
   * @throws dev.autograd.TensorException if the dim is out of range for {@code input}
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("Softmax.forward", "input", input);
    return input.softmax(dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
