package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Generator;
import dev.autograd.Tensor;

/**
 * A fully connected layer: {@code y = x W^T + b}, with x of shape [..., inFeatures], weight W of
 * shape [outFeatures, inFeatures] and bias b of shape [outFeatures].
 *
 * <p>Initialised as PyTorch does: weight and bias uniform in {@code [-1/sqrt(in), 1/sqrt(in)]},
 * drawn from the global generator (see {@link Tensor#manualSeed}) or the one given.
 */
public final class Linear extends Module {
  private final int inFeatures;
  private final int outFeatures;
  private final boolean hasBias;

  /** A layer with bias, initialised from the global generator. */
  public Linear(int inFeatures, int outFeatures) {
    this(inFeatures, outFeatures, true, Generator.global());
  }

  /** A layer with or without bias, initialised from the global generator. */
  public Linear(int inFeatures, int outFeatures, boolean bias) {
    this(inFeatures, outFeatures, bias, Generator.global());
  }

  /** A layer initialised from {@code generator}. */
  public Linear(int inFeatures, int outFeatures, boolean bias, Generator generator) {
    if (inFeatures <= 0 || outFeatures <= 0) {
      throw new IllegalArgumentException(
          "Linear: inFeatures and outFeatures must be positive, got "
              + inFeatures
              + " and "
              + outFeatures);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.hasBias = bias;
    double bound = 1 / Math.sqrt(inFeatures);
    registerParameter("weight", uniform(generator, bound, outFeatures, inFeatures));
    if (bias) registerParameter("bias", uniform(generator, bound, outFeatures));
  }

  private static Tensor uniform(Generator generator, double bound, int... shape) {
    return Tensor.rand(generator, shape).mul(2 * bound).sub(bound);
  }

  /** The weight, shape [outFeatures, inFeatures]. */
  public Tensor weight() {
    return parameter("weight");
  }

  /** The bias, shape [outFeatures], or null for a layer without bias. */
  public Tensor bias() {
    return hasBias ? parameter("bias") : null;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.linear(input, weight(), bias());
  }

  @Override
  protected String extraRepr() {
    return "in_features="
        + inFeatures
        + ", out_features="
        + outFeatures
        + ", bias="
        + (hasBias ? "True" : "False");
  }
}
