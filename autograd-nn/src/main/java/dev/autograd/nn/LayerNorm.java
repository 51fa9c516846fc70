package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;
import java.util.Arrays;

/**
 * Layer normalisation, as PyTorch's {@code LayerNorm}: each sample normalised over its last dims
 * (the normalized shape), then scaled by {@code weight} (ones) and shifted by {@code bias} (zeros),
 * both of that shape; the same in training and eval mode.
 *
 * <pre>{@code
 * LayerNorm norm = new LayerNorm(64);
 * norm.forward(Tensor.randn(8, 10, 64)).shape(); // [8, 10, 64]
 * }</pre>
 */
public final class LayerNorm extends Module {
  private final int[] normalizedShape;
  private final double eps;
  private final boolean elementwiseAffine;

  /**
   * PyTorch's defaults: eps 1e-5, a learnt weight and bias.
   *
   * @param normalizedShape the trailing dims to normalise over
   * @throws IllegalArgumentException if a size is not positive
   */
  public LayerNorm(int... normalizedShape) {
    this(normalizedShape, 1e-5, true);
  }

  /**
   * Every setting of PyTorch's {@code LayerNorm}.
   *
   * @param normalizedShape the trailing dims to normalise over
   * @param eps added to the variance
   * @param elementwiseAffine learn a weight and a bias
   * @throws IllegalArgumentException if a size or eps is not positive
   */
  public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
    Arguments.requireNonNull("LayerNorm", "normalizedShape", normalizedShape);
    if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(n -> n <= 0)) {
      throw new IllegalArgumentException(
          "LayerNorm: normalizedShape needs positive sizes, got "
              + Arrays.toString(normalizedShape));
    }
    if (!(eps > 0))
      throw new IllegalArgumentException("LayerNorm: eps must be positive, got " + eps);
    this.normalizedShape = normalizedShape.clone();
    this.eps = eps;
    this.elementwiseAffine = elementwiseAffine;
    if (elementwiseAffine) {
      registerParameter("weight", Tensor.ones(normalizedShape));
      registerParameter("bias", Tensor.zeros(normalizedShape));
    }
  }

  /**
   * Normalises each sample over the normalized shape.
   *
   * @param input [*, normalizedShape...]
   * @return the normalised input
   * @throws dev.autograd.TensorException if the input does not end with the normalized shape
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("LayerNorm.forward", "input", input);
    return Functional.layerNorm(
        input,
        normalizedShape,
        elementwiseAffine ? parameter("weight") : null,
        elementwiseAffine ? parameter("bias") : null,
        eps);
  }

  @Override
  protected String extraRepr() {
    return PyRepr.tuple(normalizedShape)
        + ", eps="
        + PyRepr.of(eps)
        + ", elementwise_affine="
        + PyRepr.bool(elementwiseAffine);
  }
}
