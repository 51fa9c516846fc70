package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * 2-D average pooling, as PyTorch's {@code AvgPool2d}: {@link Functional#avgPool2d(Tensor, int[],
 * int[], int[], boolean, boolean, Integer)} with fixed settings. No parameters.
 *
 * <pre>{@code
 * new AvgPool2d(2).forward(Tensor.ones(1, 3, 4, 4)).shape(); // [1, 3, 2, 2], all ones
 * }</pre>
 */
public final class AvgPool2d extends Module {
  private final int[] kernelSize;
  private final int[] stride;
  private final int[] padding;
  private final boolean ceilMode;
  private final boolean countIncludePad;
  private final Integer divisorOverride;

  /**
   * Windows of k x k, k apart, as PyTorch's {@code AvgPool2d(k)}.
   *
   * @param kernelSize the window's height and width
   */
  public AvgPool2d(int kernelSize) {
    this(new int[] {kernelSize}, null, new int[] {0}, false, true, null);
  }

  /**
   * Every setting of PyTorch's {@code AvgPool2d}; each size is one value or one per dim.
   *
   * @param kernelSize the window's size
   * @param stride the step between windows, or null for the kernel size
   * @param padding the zero padding on each side
   * @param ceilMode round the output size up
   * @param countIncludePad count the padding in each window's size
   * @param divisorOverride the divisor of every window, or null
   */
  public AvgPool2d(
      int[] kernelSize,
      int[] stride,
      int[] padding,
      boolean ceilMode,
      boolean countIncludePad,
      Integer divisorOverride) {
    this.kernelSize = Arguments.requireNonNull("AvgPool2d", "kernelSize", kernelSize).clone();
    this.stride = stride == null ? null : stride.clone();
    this.padding = Arguments.requireNonNull("AvgPool2d", "padding", padding).clone();
    this.ceilMode = ceilMode;
    this.countIncludePad = countIncludePad;
    this.divisorOverride = divisorOverride;
  }

  /**
   * Each window's mean.
   *
   * @param input [N, C, H, W] or [C, H, W]
   * @return [N, C, OH, OW]
   * @throws dev.autograd.TensorException as {@link Functional#avgPool2d(Tensor, int[], int[],
   *     int[], boolean, boolean, Integer)}
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("AvgPool2d.forward", "input", input);
    return Functional.avgPool2d(
        input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
  }

  @Override
  protected String extraRepr() {
    return "kernel_size="
        + PyRepr.size(kernelSize)
        + ", stride="
        + PyRepr.size(stride == null ? kernelSize : stride)
        + ", padding="
        + PyRepr.size(padding);
  }
}
