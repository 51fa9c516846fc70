package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * {@code y = x > 0 ? x : negativeSlope * x} element-wise, with a fixed slope (0.01 by default); see
 * {@link Tensor#leakyRelu(double)}. {@link PReLU} learns the slope instead. The small slope keeps a
 * gradient flowing for negative inputs, where {@link ReLU} passes none.
 *
 * <pre>{@code
 * new LeakyReLU(0.1).forward(Tensor.of(new double[] {-1, 0, 2}, 3));
 * // tensor([-0.1000,  0.0000,  2.0000])
 * }</pre>
 */
public final class LeakyReLU extends Module {
  private final double negativeSlope;

  /** The default slope, 0.01. */
  public LeakyReLU() {
    this(0.01);
  }

  /**
   * A fixed slope for negative inputs.
   *
   * @param negativeSlope the factor applied to inputs that are not positive
   */
  public LeakyReLU(double negativeSlope) {
    this.negativeSlope = negativeSlope;
  }

  /**
   * The slope for negative inputs.
   *
   * @return the slope given at construction
   */
  public double negativeSlope() {
    return negativeSlope;
  }

  /**
   * {@code y = x > 0 ? x : negativeSlope * x}, element by element; any shape, kept. Derivative:
   * {@code grad} where {@code x > 0}, else {@code negativeSlope * grad}.
   *
   * @param input any tensor
   * @return the leaky ReLU of each element, in {@code input}'s shape
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("LeakyReLU.forward", "input", input);
    return input.leakyRelu(negativeSlope);
  }

  @Override
  protected String extraRepr() {
    return "negative_slope=" + negativeSlope;
  }
}
