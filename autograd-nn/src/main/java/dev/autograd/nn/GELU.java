package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * The exact GELU, {@code y = x * Phi(x) = x/2 * (1 + erf(x / sqrt 2))} element-wise, Phi the
 * standard normal distribution function; see {@link Tensor#gelu()}. PyTorch's default ({@code
 * approximate='none'}); the tanh approximation is not offered. Smooth, and close to {@link ReLU}
 * away from 0, with a small negative dip below it; the usual activation of transformers.
 *
 * <pre>{@code
 * new GELU().forward(Tensor.of(new double[] {-1, 0, 2}, 3)); // tensor([-0.1587,  0.0000,  1.9545])
 * }</pre>
 */
public final class GELU extends Module {
  /** A GELU activation; it has no parameters. */
  public GELU() {}

  /**
   * {@code y = x * Phi(x)}, element by element; any shape, kept. Derivative: {@code grad * (Phi(x)
   * + x * phi(x))}, phi the standard normal density.
   *
   * @param input any tensor
   * @return the GELU of each element, in {@code input}'s shape
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("GELU.forward", "input", input);
    return input.gelu();
  }

  @Override
  protected String extraRepr() {
    return "approximate='none'";
  }
}
