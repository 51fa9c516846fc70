package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * {@code y = x > 0 ? x : a * x} with a learnable slope {@code a} (the tutorial's learnable alpha):
 * one slope shared by all channels, or one per channel (dim 1 of the input). Initialised to 0.25.
 * Derivative for a: {@code sum(grad * x)} over the elements where {@code x <= 0}.
 *
 * <pre>{@code
 * PReLU prelu = new PReLU();                            // a = 0.25, parameter "weight"
 * prelu.forward(Tensor.of(new double[] {-1, 0, 2}, 3)); // tensor([-0.2500,  0.0000,  2.0000], ...)
 *
 * PReLU perChannel = new PReLU(16, 0.25);               // a slope for each of 16 channels
 * perChannel.forward(Tensor.randn(8, 16, 10)).shape();  // [8, 16, 10]
 * }</pre>
 */
public final class PReLU extends Module {
  private final int numParameters;

  /** One shared slope, initialised to 0.25 (PyTorch's default). */
  public PReLU() {
    this(1, 0.25);
  }

  /**
   * {@code numParameters} slopes, each initialised to {@code init}.
   *
   * @param numParameters 1 for one slope shared by every element, or the number of channels (the
   *     size of dim 1 of the input) for one slope per channel
   * @param init the initial value of every slope
   * @throws IllegalArgumentException if {@code numParameters} is less than 1
   */
  public PReLU(int numParameters, double init) {
    if (numParameters < 1)
      throw new IllegalArgumentException(
          "PReLU: numParameters must be positive, got " + numParameters);
    this.numParameters = numParameters;
    registerParameter("weight", Tensor.full(init, numParameters));
  }

  /**
   * The slopes {@code a}, registered as parameter {@code "weight"} (PyTorch's name).
   *
   * @return the slopes, shape [numParameters]
   */
  public Tensor weight() {
    return parameter("weight");
  }

  /**
   * {@code y = x > 0 ? x : a_c * x}, element by element, where {@code a_c} is the slope of the
   * element's channel {@code c} (its index in dim 1), or the one shared slope; any shape, kept,
   * such as {@code [N, C] -> [N, C]} or {@code [N, C, L] -> [N, C, L]}. Derivatives: {@code grad}
   * for x where {@code x > 0}, else {@code a_c * grad}; for {@code a_c}, {@code sum(grad * x)} over
   * the elements of its channel where {@code x <= 0}.
   *
   * @param input any tensor with one slope; with one slope per channel, at least 2-D with {@code
   *     numParameters} channels in dim 1
   * @return the output, in {@code input}'s shape
   * @throws dev.autograd.TensorException if there is a slope per channel and {@code input} has
   *     fewer than 2 dims or a different number of channels
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("PReLU.forward", "input", input);
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
