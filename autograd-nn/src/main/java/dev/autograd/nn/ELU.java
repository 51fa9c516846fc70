package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * {@code y = x > 0 ? x : alpha * (e^x - 1)} element-wise (1 for alpha by default); see {@link
 * Tensor#elu(double)}. Like {@link LeakyReLU} it passes a gradient for negative inputs, but its
 * output saturates at {@code -alpha} there, and it is smooth at 0 when alpha is 1.
 *
 * <pre>{@code
 * new ELU().forward(Tensor.of(new double[] {-1, 0, 2}, 3)); // tensor([-0.6321,  0.0000,  2.0000])
 * }</pre>
 */
public final class ELU extends Module {
  private final double alpha;

  /** The default alpha, 1. */
  public ELU() {
    this(1.0);
  }

  /**
   * The given alpha.
   *
   * @param alpha the output for large negative inputs approaches {@code -alpha}
   */
  public ELU(double alpha) {
    this.alpha = alpha;
  }

  /**
   * The alpha of the negative branch.
   *
   * @return the alpha given at construction
   */
  public double alpha() {
    return alpha;
  }

  /**
   * {@code y = x > 0 ? x : alpha * (e^x - 1)}, element by element; any shape, kept. Derivative:
   * {@code grad} where {@code x > 0}, else {@code grad * alpha * e^x}.
   *
   * @param input any tensor
   * @return the ELU of each element, in {@code input}'s shape
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("ELU.forward", "input", input);
    return input.elu(alpha);
  }

  @Override
  protected String extraRepr() {
    return "alpha=" + alpha;
  }
}
