package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * SiLU (swish), {@code y = x * sigmoid(x)} element-wise; see {@link Tensor#silu()}. Smooth and
 * unbounded above like {@link ReLU}, with a small negative dip (its minimum is about -0.278).
 *
 * <pre>{@code
 * new SiLU().forward(Tensor.of(new double[] {-1, 0, 2}, 3)); // tensor([-0.2689,  0.0000,  1.7616])
 * }</pre>
 */
public final class SiLU extends Module {
  /** A SiLU activation; it has no parameters. */
  public SiLU() {}

  /**
   * {@code y = x * sigmoid(x)}, element by element; any shape, kept. Derivative: {@code grad * (s +
   * x * s * (1 - s))} with {@code s = sigmoid(x)}.
   *
   * @param input any tensor
   * @return the SiLU of each element, in {@code input}'s shape
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("SiLU.forward", "input", input);
    return input.silu();
  }
}
