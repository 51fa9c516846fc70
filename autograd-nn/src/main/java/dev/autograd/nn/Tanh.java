package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * {@code y = tanh(x)} element-wise; see {@link Tensor#tanh()}. Squashes into (-1, 1) and is centred
 * on 0, unlike {@link Sigmoid}.
 *
 * <pre>{@code
 * new Tanh().forward(Tensor.of(new double[] {-1, 0, 2}, 3)); // tensor([-0.7616,  0.0000,  0.9640])
 * }</pre>
 */
public final class Tanh extends Module {
  /** A tanh activation; it has no parameters. */
  public Tanh() {}

  /**
   * {@code y = tanh(x)}, element by element; any shape, kept. Derivative: {@code grad * (1 - y^2)}.
   *
   * @param input any tensor
   * @return the tanh of each element, in {@code input}'s shape
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("Tanh.forward", "input", input);
    return input.tanh();
  }
}
