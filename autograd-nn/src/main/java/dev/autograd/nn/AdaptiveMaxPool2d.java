package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Tensor;
import dev.autograd.ValuesAndIndices;
import dev.autograd.internal.Arguments;

/**
 * Adaptive 2-D max pooling to a fixed output size, as PyTorch's {@code AdaptiveMaxPool2d}.
 *
 * <pre>{@code
 * new AdaptiveMaxPool2d(2).forward(Tensor.zeros(1, 3, 9, 7)).shape(); // [1, 3, 2, 2]
 * }</pre>
 */
public final class AdaptiveMaxPool2d extends Module {
  private final int[] outputSize;

  /**
   * Pooling to the given size.
   *
   * @param outputSize one value for OH = OW, or {OH, OW}
   */
  public AdaptiveMaxPool2d(int... outputSize) {
    this.outputSize =
        Arguments.requireNonNull("AdaptiveMaxPool2d", "outputSize", outputSize).clone();
  }

  /**
   * Each adaptive window's maximum.
   *
   * @param input [N, C, H, W] or [C, H, W]
   * @return [N, C, OH, OW]
   * @throws dev.autograd.TensorException as {@link Functional#adaptiveMaxPool2d}
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("AdaptiveMaxPool2d.forward", "input", input);
    return Functional.adaptiveMaxPool2d(input, outputSize);
  }

  /**
   * Each adaptive window's maximum and its position in its H x W plane.
   *
   * @param input [N, C, H, W] or [C, H, W]
   * @return the maxima and their INT64 positions
   * @throws dev.autograd.TensorException as {@link Functional#adaptiveMaxPool2d}
   */
  public ValuesAndIndices forwardWithIndices(Tensor input) {
    Arguments.requireNonNull("AdaptiveMaxPool2d.forwardWithIndices", "input", input);
    return Functional.adaptiveMaxPool2dWithIndices(input, outputSize);
  }

  @Override
  protected String extraRepr() {
    return "output_size=" + PyRepr.size(outputSize);
  }
}
