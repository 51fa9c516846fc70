package dev.autograd.nn;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * In training mode, zeroes each element with probability p and scales the others by {@code 1 / (1 -
 * p)}, so the expected value is unchanged; in evaluation mode ({@link Module#eval()}) it passes its
 * input through. Dropping random units keeps a network from relying on any one of them, which
 * reduces overfitting; the scaling means nothing has to change when it is switched off.
 *
 * <pre>{@code
 * Dropout dropout = new Dropout(0.5, new Generator(0));
 * dropout.forward(Tensor.ones(8));        // e.g. tensor([2., 0., 0., 2., 0., 0., 0., 2.])
 * dropout.eval().forward(Tensor.ones(8)); // tensor([1., 1., 1., 1., 1., 1., 1., 1.])
 * }</pre>
 */
public final class Dropout extends Module {
  private final double p;
  private final Generator generator;

  /** Drops with probability 0.5 (PyTorch's default), using the global generator. */
  public Dropout() {
    this(0.5);
  }

  /**
   * Drops with probability {@code p}, using the global generator.
   *
   * @param p the probability that an element is zeroed, in [0, 1]
   * @throws IllegalArgumentException if {@code p} is outside [0, 1] or NaN
   */
  public Dropout(double p) {
    this(p, Generator.global());
  }

  /**
   * Drops with probability {@code p}, using {@code generator}, for masks that do not depend on what
   * else drew from the global generator.
   *
   * @param p the probability that an element is zeroed, in [0, 1]
   * @param generator the source of the random masks
   * @throws IllegalArgumentException if {@code p} is outside [0, 1] or NaN
   */
  public Dropout(double p, Generator generator) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(
          "Dropout: probability has to be between 0 and 1, but got " + p);
    }
    this.p = p;
    this.generator = Arguments.requireNonNull("Dropout", "generator", generator);
  }

  /**
   * In training mode, {@code y = x * m / (1 - p)} with a fresh mask {@code m} on every call: {@code
   * m_i = 1} with probability {@code 1 - p} (where a uniform draw {@code u_i >= p}), else 0.
   * Derivative: {@code grad * m / (1 - p)}. With {@code p = 1} every element is zeroed. In
   * evaluation mode, or with {@code p = 0}, {@code y = x}. Any shape, kept.
   *
   * @param input any tensor
   * @return the output, in {@code input}'s shape: {@code input} itself when nothing is dropped
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("Dropout.forward", "input", input);
    if (!isTraining() || p == 0) return input;
    if (p == 1) return input.mul(0);
    Tensor keep = Tensor.rand(generator, input.shape()).ge(p);
    return input.mul(keep).div(1 - p);
  }

  @Override
  protected String extraRepr() {
    return "p=" + p + ", inplace=False";
  }
}
