package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * A transposed 2-D convolution layer, as PyTorch's {@code ConvTranspose2d}: {@link
 * Functional#convTranspose2d} with a learnt weight [in, out / groups, kh, kw] (in channels first,
 * PyTorch's layout) and bias [out]. It maps a convolution's output shape back to its input shape,
 * as decoders and upsampling paths use it.
 *
 * <pre>
 * [N, in, H, W] -&gt; [N, out, OH, OW],  OH = (H - 1) s - 2 p + d (k - 1) + outputPadding + 1
 * </pre>
 *
 * <p>Initialised as PyTorch does: uniform within {@code 1/sqrt(fan_in)}, where PyTorch's fan_in of
 * this weight is {@code out / groups * kh * kw}.
 *
 * <pre>{@code
 * ConvTranspose2d up = new ConvTranspose2d(16, 8, 2, ConvOptions.defaults().stride(2));
 * up.forward(Tensor.zeros(1, 16, 7, 7)).shape(); // [1, 8, 14, 14]
 * }</pre>
 */
public final class ConvTranspose2d extends ConvLayer {
  /**
   * A k x k transposed convolution with PyTorch's default settings.
   *
   * @param inChannels the input's channels, positive
   * @param outChannels the output's channels, positive
   * @param kernelSize the kernel's height and width
   * @throws IllegalArgumentException if a size is not positive
   */
  public ConvTranspose2d(int inChannels, int outChannels, int kernelSize) {
    this(inChannels, outChannels, kernelSize, ConvOptions.defaults());
  }

  /**
   * A k x k transposed convolution with the given settings.
   *
   * @param inChannels the input's channels, positive
   * @param outChannels the output's channels, positive
   * @param kernelSize the kernel's height and width
   * @param options stride, padding, output padding, dilation, groups, bias, generator (padding mode
   *     zeros only, padding as sizes)
   * @throws IllegalArgumentException if a size is not positive, a channel count is not a multiple
   *     of groups, or the options ask for what transposed convolutions do not support
   */
  public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, ConvOptions options) {
    super(
        "ConvTranspose2d",
        inChannels,
        outChannels,
        new int[] {kernelSize, kernelSize},
        options,
        true);
  }

  /**
   * Applies the transposed convolution: [N, in, H, W] (or [in, H, W]) to [N, out, OH, OW].
   *
   * @param input the input
   * @return the output
   * @throws dev.autograd.TensorException if the input's rank, channels or dtype do not fit, or the
   *     output padding is not smaller than the stride or the dilation
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("ConvTranspose2d.forward", "input", input);
    return Functional.convTranspose2d(
        input, weight(), bias(), stride, padding, outputPadding, groups, dilation);
  }
}
