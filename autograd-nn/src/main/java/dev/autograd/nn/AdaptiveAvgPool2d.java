package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Adaptive 2-D average pooling to a fixed output size, as PyTorch's {@code AdaptiveAvgPool2d} (the
 * global average pooling of ResNets is {@code new AdaptiveAvgPool2d(1)}).
 *
 * <pre>{@code
 * new AdaptiveAvgPool2d(1).forward(Tensor.zeros(8, 512, 7, 7)).shape(); // [8, 512, 1, 1]
 * }</pre>
 */
public final class AdaptiveAvgPool2d extends Module {
  private final int[] outputSize;

  /**
   * Pooling to the given size.
   *
   * @param outputSize one value for OH = OW, or {OH, OW}
   */
  public AdaptiveAvgPool2d(int... outputSize) {
    this.outputSize =
        Arguments.requireNonNull("AdaptiveAvgPool2d", "outputSize", outputSize).clone();
  }

  /**
   * Each adaptive window's mean.
   *
   * @param input [N, C, H, W] or [C, H, W]
   * @return [N, C, OH, OW]
   * @throws dev.autograd.TensorException as {@link Functional#adaptiveAvgPool2d}
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("AdaptiveAvgPool2d.forward", "input", input);
    return Functional.adaptiveAvgPool2d(input, outputSize);
  }

  @Override
  protected String extraRepr() {
    return "output_size=" + PyRepr.size(outputSize);
  }
}
