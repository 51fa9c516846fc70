package dev.autograd.nn;

import dev.autograd.Generator;
import dev.autograd.Tensor;

/**
 * In training mode, zeroes each element with probability p and scales the others by {@code 1 / (1 -
 * p)}, so the expected value is unchanged; in evaluation mode ({@link Module#eval()}) it passes its
 * input through.
 */
public final class Dropout extends Module {
  private final double p;
  private final Generator generator;

  /** p = 0.5. */
  public Dropout() {
    this(0.5);
  }

  /** Drops with probability {@code p}, using the global generator. */
  public Dropout(double p) {
    this(p, Generator.global());
  }

  /** Drops with probability {@code p}, using {@code generator}. */
  public Dropout(double p, Generator generator) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(
          "Dropout: probability has to be between 0 and 1, but got " + p);
    }
    this.p = p;
    this.generator = generator;
  }

  @Override
  public Tensor forward(Tensor input) {
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
