package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * {@code y = max(x, 0)} element-wise; see {@link Tensor#relu()}. Its derivative is 1 for every
 * positive input, so unlike {@link Sigmoid} it does not shrink gradients as they pass back through
 * many layers.
 *
 * <pre>{@code
 * new ReLU().forward(Tensor.of(new double[] {-1, 0, 2}, 3)); // tensor([0., 0., 2.])
 * }</pre>
 */
public final class ReLU extends Module {
  /** A ReLU activation; it has no parameters. */
  public ReLU() {}

  /**
   * {@code y = max(x, 0)}, element by element; any shape, kept. Derivative: {@code grad} where
   * {@code x > 0}, else 0 (also at 0, as in PyTorch).
   *
   * @param input any tensor
   * @return the ReLU of each element, in {@code input}'s shape
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("ReLU.forward", "input", input);
    return input.relu();
  }
}
