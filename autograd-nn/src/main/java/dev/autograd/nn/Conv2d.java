package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * A 2-D convolution layer, as PyTorch's {@code Conv2d}: {@link Functional#conv2d(Tensor, Tensor,
 * Tensor, int[], int[], int[], int)} with a learnt weight [out, in / groups, kh, kw] and bias
 * [out].
 *
 * <pre>
 * y[n, o] = bias[o] + sum_c weight[o, c] * x[n, c]      (* the 2-D cross-correlation)
 * [N, in, H, W] -&gt; [N, out, OH, OW],  OH = floor((H + 2 p - d (k - 1) - 1) / s) + 1
 * </pre>
 *
 * <p>Initialised as PyTorch does: weight and bias uniform within {@code 1/sqrt(fan_in)}, {@code
 * fan_in = in / groups * kh * kw} (PyTorch's {@code kaiming_uniform_(a=sqrt(5))}), weight first.
 * The state dict holds {@code weight} and {@code bias}, in PyTorch's layout, so PyTorch's weights
 * load unchanged.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(3, 16, 3, ConvOptions.defaults().padding(1));
 * conv.forward(Tensor.zeros(8, 3, 32, 32)).shape(); // [8, 16, 32, 32]
 * System.out.println(conv); // Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
 * }</pre>
 */
public final class Conv2d extends ConvLayer {
  /**
   * A k x k convolution with PyTorch's default settings (stride 1, no padding, a bias).
   *
   * @param inChannels the input's channels, positive
   * @param outChannels the output's channels, positive
   * @param kernelSize the kernel's height and width
   * @throws IllegalArgumentException if a size is not positive
   */
  public Conv2d(int inChannels, int outChannels, int kernelSize) {
    this(inChannels, outChannels, new int[] {kernelSize, kernelSize}, ConvOptions.defaults());
  }

  /**
   * A k x k convolution with the given settings.
   *
   * @param inChannels the input's channels, positive
   * @param outChannels the output's channels, positive
   * @param kernelSize the kernel's height and width
   * @param options stride, padding, dilation, groups, bias, padding mode, generator
   * @throws IllegalArgumentException if a size is not positive, a channel count is not a multiple
   *     of groups, or padding "same" is combined with a stride
   */
  public Conv2d(int inChannels, int outChannels, int kernelSize, ConvOptions options) {
    this(inChannels, outChannels, new int[] {kernelSize, kernelSize}, options);
  }

  /**
   * A kh x kw convolution with the given settings.
   *
   * @param inChannels the input's channels, positive
   * @param outChannels the output's channels, positive
   * @param kernelSize {kh, kw}
   * @param options stride, padding, dilation, groups, bias, padding mode, generator
   * @throws IllegalArgumentException if a size is not positive, {@code kernelSize} does not have 2
   *     values, a channel count is not a multiple of groups, or padding "same" is combined with a
   *     stride
   */
  public Conv2d(int inChannels, int outChannels, int[] kernelSize, ConvOptions options) {
    super("Conv2d", inChannels, outChannels, checked(kernelSize), options, false);
  }

  private static int[] checked(int[] kernelSize) {
    Arguments.requireNonNull("Conv2d", "kernelSize", kernelSize);
    if (kernelSize.length != 2) {
      throw new IllegalArgumentException(
          "Conv2d: kernelSize needs 2 values {kh, kw}, got " + kernelSize.length);
    }
    return kernelSize;
  }

  /**
   * Convolves {@code input}: [N, in, H, W] (or [in, H, W]) to [N, out, OH, OW].
   *
   * @param input the input
   * @return the output
   * @throws dev.autograd.TensorException if the input's rank, channels or dtype do not fit (the
   *     message names the shapes)
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("Conv2d.forward", "input", input);
    if (!paddingMode.equals("zeros")) {
      return Functional.conv2d(
          padded(input), weight(), bias(), stride, new int[] {0}, dilation, groups);
    }
    if (paddingName != null) {
      return Functional.conv2d(input, weight(), bias(), stride, paddingName, dilation, groups);
    }
    return Functional.conv2d(input, weight(), bias(), stride, padding, dilation, groups);
  }
}
