package dev.autograd.nn;

import dev.autograd.Tensor;

/**
 * {@code y = x > 0 ? x : negativeSlope * x} element-wise, with a fixed slope (0.01 by default); see
 * {@link Tensor#leakyRelu(double)}. {@link PReLU} learns the slope instead.
 */
public final class LeakyReLU extends Module {
  private final double negativeSlope;

  /** The default slope, 0.01. */
  public LeakyReLU() {
    this(0.01);
  }

  /** A fixed slope for negative inputs. */
  public LeakyReLU(double negativeSlope) {
    this.negativeSlope = negativeSlope;
  }

  /** The slope for negative inputs. */
  public double negativeSlope() {
    return negativeSlope;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.leakyRelu(negativeSlope);
  }

  @Override
  protected String extraRepr() {
    return "negative_slope=" + negativeSlope;
  }
}
