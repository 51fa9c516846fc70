package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * A 1-D convolution layer, as PyTorch's {@code Conv1d}: {@link Functional#conv1d(Tensor, Tensor,
 * Tensor, int, int, int, int)} with a learnt weight [out, in / groups, k] and bias [out], over
 * sequences [N, in, L].
 *
 * <pre>
 * y[n, o, i] = bias[o] + sum_{c, a} weight[o, c, a] * x[n, c, i s - p + a d]
 * [N, in, L] -&gt; [N, out, floor((L + 2 p - d (k - 1) - 1) / s) + 1]
 * </pre>
 *
 * <p>Initialised as PyTorch does (see {@link Conv2d}), with {@code fan_in = in / groups * k}.
 *
 * <pre>{@code
 * Conv1d conv = new Conv1d(4, 8, 3, ConvOptions.defaults().padding("same"));
 * conv.forward(Tensor.zeros(2, 4, 50)).shape(); // [2, 8, 50]
 * }</pre>
 */
public final class Conv1d extends ConvLayer {
  /**
   * A convolution with PyTorch's default settings.
   *
   * @param inChannels the input's channels, positive
   * @param outChannels the output's channels, positive
   * @param kernelSize the kernel's length
   * @throws IllegalArgumentException if a size is not positive
   */
  public Conv1d(int inChannels, int outChannels, int kernelSize) {
    this(inChannels, outChannels, kernelSize, ConvOptions.defaults());
  }

  /**
   * A convolution with the given settings.
   *
   * @param inChannels the input's channels, positive
   * @param outChannels the output's channels, positive
   * @param kernelSize the kernel's length
   * @param options stride, padding, dilation, groups, bias, padding mode, generator (one value
   *     each)
   * @throws IllegalArgumentException if a size is not positive, a channel count is not a multiple
   *     of groups, or padding "same" is combined with a stride
   */
  public Conv1d(int inChannels, int outChannels, int kernelSize, ConvOptions options) {
    super("Conv1d", inChannels, outChannels, new int[] {kernelSize}, options, false);
  }

  /**
   * Convolves {@code input}: [N, in, L] (or [in, L]) to [N, out, L'].
   *
   * @param input the input
   * @return the output
   * @throws dev.autograd.TensorException if the input's rank, channels or dtype do not fit
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("Conv1d.forward", "input", input);
    if (!paddingMode.equals("zeros")) {
      return Functional.conv1d(padded(input), weight(), bias(), stride[0], 0, dilation[0], groups);
    }
    if (paddingName != null) {
      return Functional.conv1d(
          input, weight(), bias(), stride[0], paddingName, dilation[0], groups);
    }
    return Functional.conv1d(input, weight(), bias(), stride[0], padding[0], dilation[0], groups);
  }
}
