package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Tensor;
import dev.autograd.ValuesAndIndices;
import dev.autograd.internal.Arguments;

/**
 * 2-D max pooling, as PyTorch's {@code MaxPool2d}: {@link Functional#maxPool2d(Tensor, int[],
 * int[], int[], int[], boolean)} with fixed settings. No parameters.
 *
 * <pre>{@code
 * MaxPool2d pool = new MaxPool2d(2);
 * pool.forward(Tensor.zeros(8, 16, 28, 28)).shape(); // [8, 16, 14, 14]
 * pool.forwardWithIndices(x).indices();             // as PyTorch's return_indices=True
 * }</pre>
 */
public final class MaxPool2d extends Module {
  private final int[] kernelSize;
  private final int[] stride;
  private final int[] padding;
  private final int[] dilation;
  private final boolean ceilMode;

  /**
   * Windows of k x k, k apart, as PyTorch's {@code MaxPool2d(k)}.
   *
   * @param kernelSize the window's height and width
   */
  public MaxPool2d(int kernelSize) {
    this(new int[] {kernelSize}, null, new int[] {0}, new int[] {1}, false);
  }

  /**
   * Windows of k x k, {@code stride} apart, with -inf padding on each side.
   *
   * @param kernelSize the window's height and width
   * @param stride the step between windows
   * @param padding the padding, at most half the kernel
   */
  public MaxPool2d(int kernelSize, int stride, int padding) {
    this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {1}, false);
  }

  /**
   * Every setting of PyTorch's {@code MaxPool2d}; each size is one value or one per dim.
   *
   * @param kernelSize the window's size
   * @param stride the step between windows, or null for the kernel size
   * @param padding the -inf padding on each side
   * @param dilation the step within a window
   * @param ceilMode round the output size up
   */
  public MaxPool2d(
      int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
    this.kernelSize = Arguments.requireNonNull("MaxPool2d", "kernelSize", kernelSize).clone();
    this.stride = stride == null ? null : stride.clone();
    this.padding = Arguments.requireNonNull("MaxPool2d", "padding", padding).clone();
    this.dilation = Arguments.requireNonNull("MaxPool2d", "dilation", dilation).clone();
    this.ceilMode = ceilMode;
  }

  /**
   * Each window's maximum.
   *
   * @param input [N, C, H, W] or [C, H, W]
   * @return [N, C, OH, OW]
   * @throws dev.autograd.TensorException as {@link Functional#maxPool2dWithIndices}
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("MaxPool2d.forward", "input", input);
    return Functional.maxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
  }

  /**
   * Each window's maximum and its position in its H x W plane, as PyTorch's {@code
   * return_indices=True}.
   *
   * @param input [N, C, H, W] or [C, H, W]
   * @return the maxima and their INT64 positions
   * @throws dev.autograd.TensorException as {@link Functional#maxPool2dWithIndices}
   */
  public ValuesAndIndices forwardWithIndices(Tensor input) {
    Arguments.requireNonNull("MaxPool2d.forwardWithIndices", "input", input);
    return Functional.maxPool2dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
  }

  @Override
  protected String extraRepr() {
    return "kernel_size="
        + PyRepr.size(kernelSize)
        + ", stride="
        + PyRepr.size(stride == null ? kernelSize : stride)
        + ", padding="
        + PyRepr.size(padding)
        + ", dilation="
        + PyRepr.size(dilation)
        + ", ceil_mode="
        + PyRepr.bool(ceilMode);
  }
}
