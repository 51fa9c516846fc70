package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * 1-D max pooling over [N, C, L], as PyTorch's {@code MaxPool1d}: {@link Functional#maxPool1d}.
 *
 * <pre>{@code
 * new MaxPool1d(2).forward(Tensor.zeros(4, 8, 100)).shape(); // [4, 8, 50]
 * }</pre>
 */
public final class MaxPool1d extends Module {
  private final int kernelSize;
  private final int stride;
  private final int padding;
  private final int dilation;
  private final boolean ceilMode;

  /**
   * Windows of k elements, k apart.
   *
   * @param kernelSize the window's length
   */
  public MaxPool1d(int kernelSize) {
    this(kernelSize, kernelSize, 0, 1, false);
  }

  /**
   * Every setting of PyTorch's {@code MaxPool1d}.
   *
   * @param kernelSize the window's length
   * @param stride the step between windows
   * @param padding the -inf padding at both ends
   * @param dilation the step within a window
   * @param ceilMode round the output length up
   */
  public MaxPool1d(int kernelSize, int stride, int padding, int dilation, boolean ceilMode) {
    this.kernelSize = kernelSize;
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
    this.ceilMode = ceilMode;
  }

  /**
   * Each window's maximum.
   *
   * @param input [N, C, L] or [C, L]
   * @return [N, C, L']
   * @throws dev.autograd.TensorException as {@link Functional#maxPool1d}
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("MaxPool1d.forward", "input", input);
    return Functional.maxPool1d(input, kernelSize, stride, padding, dilation, ceilMode);
  }

  @Override
  protected String extraRepr() {
    return "kernel_size="
        + kernelSize
        + ", stride="
        + stride
        + ", padding="
        + padding
        + ", dilation="
        + dilation
        + ", ceil_mode="
        + PyRepr.bool(ceilMode);
  }
}
