package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * 1-D average pooling over [N, C, L], as PyTorch's {@code AvgPool1d}: {@link Functional#avgPool1d}.
 *
 * <pre>{@code
 * new AvgPool1d(4).forward(Tensor.ones(1, 2, 8)).shape(); // [1, 2, 2]
 * }</pre>
 */
public final class AvgPool1d extends Module {
  private final int kernelSize;
  private final int stride;
  private final int padding;
  private final boolean ceilMode;
  private final boolean countIncludePad;

  /**
   * Windows of k elements, k apart.
   *
   * @param kernelSize the window's length
   */
  public AvgPool1d(int kernelSize) {
    this(kernelSize, kernelSize, 0, false, true);
  }

  /**
   * Every setting of PyTorch's {@code AvgPool1d}.
   *
   * @param kernelSize the window's length
   * @param stride the step between windows
   * @param padding the zero padding at both ends
   * @param ceilMode round the output length up
   * @param countIncludePad count the padding in each window's size
   */
  public AvgPool1d(
      int kernelSize, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
    this.kernelSize = kernelSize;
    this.stride = stride;
    this.padding = padding;
    this.ceilMode = ceilMode;
    this.countIncludePad = countIncludePad;
  }

  /**
   * Each window's mean.
   *
   * @param input [N, C, L] or [C, L]
   * @return [N, C, L']
   * @throws dev.autograd.TensorException as {@link Functional#avgPool1d}
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("AvgPool1d.forward", "input", input);
    return Functional.avgPool1d(input, kernelSize, stride, padding, ceilMode, countIncludePad);
  }

  @Override
  protected String extraRepr() {
    return "kernel_size="
        + PyRepr.tuple(new int[] {kernelSize})
        + ", stride="
        + PyRepr.tuple(new int[] {stride})
        + ", padding="
        + PyRepr.tuple(new int[] {padding});
  }
}
