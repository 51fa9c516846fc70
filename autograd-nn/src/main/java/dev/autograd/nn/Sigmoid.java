package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * {@code y = 1 / (1 + e^-x)} element-wise; see {@link Tensor#sigmoid()}. Squashes any real number
 * into (0, 1), so it suits an output read as a probability; as a hidden activation its derivative,
 * at most 1/4, shrinks gradients layer after layer (vanishing gradients).
 *
 * <pre>{@code
 * new Sigmoid().forward(Tensor.of(new double[] {-1, 0, 2}, 3)); // tensor([0.2689, 0.5000, 0.8808])
 * }</pre>
 */
public final class Sigmoid extends Module {
  /** A sigmoid activation; it has no parameters. */
  public Sigmoid() {}

  /**
   * {@code y = 1 / (1 + e^-x)}, element by element; any shape, kept. Derivative: {@code grad * y *
   * (1 - y)}.
   *
   * @param input any tensor
   * @return the sigmoid of each element, in {@code input}'s shape
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("Sigmoid.forward", "input", input);
    return input.sigmoid();
  }
}
