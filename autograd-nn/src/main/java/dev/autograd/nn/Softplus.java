package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * {@code y = ln(1 + e^(beta x)) / beta} element-wise, and {@code x} itself where {@code beta x >
 * threshold}, where the two agree to many digits; see {@link Tensor#softplus()}. A smooth {@link
 * ReLU}: always positive, with the derivative {@code sigmoid(beta x)}. PyTorch's defaults are beta
 * 1 and threshold 20.
 *
 * <pre>{@code
 * new Softplus().forward(Tensor.of(new double[] {-1, 0, 2}, 3)); // tensor([0.3133, 0.6931, 2.1269])
 * }</pre>
 */
public final class Softplus extends Module {
  private final double beta;
  private final double threshold;

  /** beta 1 and threshold 20, PyTorch's defaults. */
  public Softplus() {
    this(1, 20);
  }

  /**
   * The given beta and threshold.
   *
   * @param beta the sharpness: the larger, the closer to ReLU
   * @param threshold where {@code beta x} exceeds it, the output is {@code x}
   * @throws IllegalArgumentException if {@code beta} is 0 or not finite
   */
  public Softplus(double beta, double threshold) {
    if (beta == 0 || !Double.isFinite(beta)) {
      throw new IllegalArgumentException(
          "Softplus: beta must be a finite nonzero number, got " + beta);
    }
    this.beta = beta;
    this.threshold = threshold;
  }

  /**
   * The sharpness.
   *
   * @return the beta given at construction
   */
  public double beta() {
    return beta;
  }

  /**
   * Where the output becomes {@code x}.
   *
   * @return the threshold given at construction
   */
  public double threshold() {
    return threshold;
  }

  /**
   * {@code y = ln(1 + e^(beta x)) / beta}, or {@code x} where {@code beta x > threshold}, element
   * by element; any shape, kept. Derivative: {@code grad * sigmoid(beta x)}, and {@code grad} above
   * the threshold.
   *
   * @param input any tensor
   * @return the softplus of each element, in {@code input}'s shape
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("Softplus.forward", "input", input);
    if (beta == 1 && threshold == 20) return input.softplus(); // Tensor.softplus's own threshold
    Tensor scaled = input.mul(beta);
    // NOTE: Tensor.softplus is linear above 20: for a threshold above that, the results there
    // differ
    // from ln(1 + e^v) by less than e^-20 relative
    return Tensor.where(scaled.gt(threshold), input, scaled.softplus().div(beta));
  }

  @Override
  protected String extraRepr() {
    return "beta=" + format(beta) + ", threshold=" + format(threshold);
  }

  /** A whole number without ".0", as Python prints the int defaults. */
  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
