package dev.autograd.nn;

import dev.autograd.Tensor;

/**
 * {@code y = x > 0 ? x : a * x} with a learnable slope {@code a} (the tutorial's learnable alpha):
 * one slope shared by all channels, or one per channel (dim 1 of the input). Initialised to 0.25.
 * Derivative for a: {@code sum(grad * x)} over the elements where {@code x <= 0}.
 */
public final class PReLU extends Module {
  private final int numParameters;

  /** One shared slope, initialised to 0.25. */
  public PReLU() {
    this(1, 0.25);
  }

  /** {@code numParameters} slopes (1, or the number of channels), initialised to {@code init}. */
  public PReLU(int numParameters, double init) {
    if (numParameters < 1)
      throw new IllegalArgumentException(
          "PReLU: numParameters must be positive, got " + numParameters);
    this.numParameters = numParameters;
    registerParameter("weight", Tensor.full(init, numParameters));
  }

  /** The slopes, shape [numParameters]. */
  public Tensor weight() {
    return parameter("weight");
  }

  @Override
  public Tensor forward(Tensor input) {
    Tensor a = weight();
    if (numParameters > 1) {
      if (input.dim() < 2 || input.size(1) != numParameters) {
        throw new dev.autograd.TensorException(
            "PReLU: input of shape "
                + java.util.Arrays.toString(input.shape())
                + " must have "
                + numParameters
                + " channels in dim 1");
      }
      int[] shape = new int[input.dim()];
      java.util.Arrays.fill(shape, 1);
      shape[1] = numParameters;
      a = a.reshape(shape);
    }
    return Tensor.where(input.gt(0), input, input.mul(a));
  }

  @Override
  protected String extraRepr() {
    return "num_parameters=" + numParameters;
  }
}
