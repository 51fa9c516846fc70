package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * A fully connected layer: {@code y = x W^T + b}, with x of shape [..., inFeatures], weight W of
 * shape [outFeatures, inFeatures] and bias b of shape [outFeatures].
 *
 * <pre>
 * y_nj = sum_k x_nk * W_jk + b_j          [N, inFeatures] -&gt; [N, outFeatures]
 * </pre>
 *
 * <p>Initialised as PyTorch does: weight and bias uniform in {@code [-1/sqrt(in), 1/sqrt(in)]},
 * drawn from the global generator (see {@link Tensor#manualSeed}) or the one given. The bound
 * shrinks as {@code 1/sqrt(in)} so that the spread of the initial outputs does not grow with the
 * number of inputs.
 *
 * <pre>{@code
 * Linear layer = new Linear(3, 2);
 * layer.forward(Tensor.zeros(4, 3)).shape(); // [4, 2]
 * layer.weight().shape();                    // [2, 3]
 * System.out.println(layer);                 // Linear(in_features=3, out_features=2, bias=True)
 * }</pre>
 */
public final class Linear extends Module {
  private final int inFeatures;
  private final int outFeatures;
  private final boolean hasBias;

  /**
   * A layer with bias, initialised from the global generator.
   *
   * @param inFeatures the size of each input row (the last dim of the input), positive
   * @param outFeatures the size of each output row, positive
   * @throws IllegalArgumentException if {@code inFeatures} or {@code outFeatures} is not positive
   */
  public Linear(int inFeatures, int outFeatures) {
    this(inFeatures, outFeatures, true, Generator.global());
  }

  /**
   * A layer with or without bias, initialised from the global generator.
   *
   * @param inFeatures the size of each input row (the last dim of the input), positive
   * @param outFeatures the size of each output row, positive
   * @param bias whether to learn a bias {@code b} (false: {@code y = x W^T})
   * @throws IllegalArgumentException if {@code inFeatures} or {@code outFeatures} is not positive
   */
  public Linear(int inFeatures, int outFeatures, boolean bias) {
    this(inFeatures, outFeatures, bias, Generator.global());
  }

  /**
   * A layer initialised from {@code generator}, for initial values that do not depend on what else
   * drew from the global generator.
   *
   * @param inFeatures the size of each input row (the last dim of the input), positive
   * @param outFeatures the size of each output row, positive
   * @param bias whether to learn a bias {@code b} (false: {@code y = x W^T})
   * @param generator the source of the initial weight and bias (weight first)
   * @throws IllegalArgumentException if {@code inFeatures} or {@code outFeatures} is not positive
   */
  public Linear(int inFeatures, int outFeatures, boolean bias, Generator generator) {
    Arguments.requireNonNull("Linear", "generator", generator);
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
    registerParameter("weight", Init.uniformWithin(generator, bound, outFeatures, inFeatures));
    if (bias) registerParameter("bias", Init.uniformWithin(generator, bound, outFeatures));
  }

  /**
   * The weight W, registered as parameter {@code "weight"}.
   *
   * @return the weight, shape [outFeatures, inFeatures]
   */
  public Tensor weight() {
    return parameter("weight");
  }

  /**
   * The bias b, registered as parameter {@code "bias"}.
   *
   * @return the bias, shape [outFeatures], or null for a layer without bias
   */
  public Tensor bias() {
    return hasBias ? parameter("bias") : null;
  }

  /**
   * {@code y = x W^T + b}, applied to each row: {@code [N, inFeatures] -> [N, outFeatures]}, and
   * more generally {@code [..., inFeatures] -> [..., outFeatures]}. Derivatives: {@code grad_x =
   * grad W}, {@code grad_W = grad^T x}, {@code grad_b = grad} summed over the rows.
   *
   * @param input the input, its last dim of size {@code inFeatures}
   * @return the output, its last dim of size {@code outFeatures}
   * @throws dev.autograd.TensorException if {@code input} is 0-d or its last dim is not {@code
   *     inFeatures}; the message names both shapes
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("Linear.forward", "input", input);
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
