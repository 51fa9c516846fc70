package dev.autograd.nn;

import dev.autograd.Generator;
import dev.autograd.internal.Arguments;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The settings of {@link Conv1d}, {@link Conv2d} and {@link ConvTranspose2d}, as the keyword
 * arguments of PyTorch's {@code Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0,
 * dilation=1, groups=1, bias=True, padding_mode='zeros')} (and {@code output_padding} of the
 * transposed convolution). Immutable: each wither returns a copy with one setting changed. A size
 * is one value for every spatial dim, or one per dim.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(3, 16, 3, ConvOptions.defaults().stride(2).padding(1));
 * Conv2d same = new Conv2d(16, 16, 3, ConvOptions.defaults().padding("same").paddingMode("reflect"));
 * }</pre>
 */
public final class ConvOptions {
  private static final ConvOptions DEFAULTS =
      new ConvOptions(
          new int[] {1}, new int[] {0}, null, new int[] {1}, new int[] {0}, 1, true, "zeros", null);

  // Set only on the fresh copies the withers make, so that an instance never changes once seen.
  int[] stride;
  int[] padding;
  String paddingName; // "same" or "valid", or null for sizes
  int[] dilation;
  int[] outputPadding;
  int groups;
  boolean bias;
  String paddingMode;
  Generator generator; // null: the global generator at construction

  private ConvOptions(
      int[] stride,
      int[] padding,
      String paddingName,
      int[] dilation,
      int[] outputPadding,
      int groups,
      boolean bias,
      String paddingMode,
      Generator generator) {
    this.stride = stride;
    this.padding = padding;
    this.paddingName = paddingName;
    this.dilation = dilation;
    this.outputPadding = outputPadding;
    this.groups = groups;
    this.bias = bias;
    this.paddingMode = paddingMode;
    this.generator = generator;
  }

  /** A copy of this with {@code change} applied to it. */
  private ConvOptions with(Consumer<ConvOptions> change) {
    ConvOptions copy =
        new ConvOptions(
            stride,
            padding,
            paddingName,
            dilation,
            outputPadding,
            groups,
            bias,
            paddingMode,
            generator);
    change.accept(copy);
    return copy;
  }

  /**
   * PyTorch's defaults: stride 1, no padding, dilation 1, one group, a bias, zero padding mode, the
   * global generator.
   *
   * @return the default settings
   */
  public static ConvOptions defaults() {
    return DEFAULTS;
  }

  private static int[] sizes(String name, int[] values, int min) {
    Arguments.requireNonNull("ConvOptions." + name, name, values);
    if (values.length == 0) {
      throw new IllegalArgumentException("ConvOptions." + name + ": needs at least one value");
    }
    for (int v : values) {
      if (v < min) {
        throw new IllegalArgumentException(
            "ConvOptions."
                + name
                + ": each value must be "
                + (min == 0 ? "non-negative" : "positive")
                + ", got "
                + Arrays.toString(values));
      }
    }
    return values.clone();
  }

  /**
   * The step between output positions.
   *
   * @param stride one positive value, or one per spatial dim
   * @return a copy with this stride
   */
  public ConvOptions stride(int... stride) {
    int[] checked = sizes("stride", stride, 1);
    return with(o -> o.stride = checked);
  }

  /**
   * Padding on both sides of each spatial dim (for a transposed convolution: rows and columns taken
   * off each side of the output).
   *
   * @param padding one non-negative value, or one per spatial dim
   * @return a copy with this padding
   */
  public ConvOptions padding(int... padding) {
    int[] checked = sizes("padding", padding, 0);
    return with(
        o -> {
          o.padding = checked;
          o.paddingName = null;
        });
  }

  /**
   * PyTorch's padding strings: {@code "valid"} (none) or {@code "same"} (the output keeps the
   * input's size; stride 1 only; not for transposed convolutions).
   *
   * @param padding "valid" or "same"
   * @return a copy with this padding
   * @throws IllegalArgumentException for another string
   */
  public ConvOptions padding(String padding) {
    Arguments.requireNonNull("ConvOptions.padding", "padding", padding);
    if (!padding.equals("same") && !padding.equals("valid")) {
      throw new IllegalArgumentException(
          "ConvOptions.padding: Invalid padding string '"
              + padding
              + "', should be one of {'valid', 'same'}");
    }
    return with(
        o -> {
          o.padding = new int[] {0};
          o.paddingName = padding;
        });
  }

  /**
   * The step between the kernel's taps.
   *
   * @param dilation one positive value, or one per spatial dim
   * @return a copy with this dilation
   */
  public ConvOptions dilation(int... dilation) {
    int[] checked = sizes("dilation", dilation, 1);
    return with(o -> o.dilation = checked);
  }

  /**
   * For {@link ConvTranspose2d} only: rows and columns added at the end of the output, to choose
   * among the sizes a strided convolution maps to one size.
   *
   * @param outputPadding one non-negative value, or one per spatial dim
   * @return a copy with this output padding
   */
  public ConvOptions outputPadding(int... outputPadding) {
    int[] checked = sizes("outputPadding", outputPadding, 0);
    return with(o -> o.outputPadding = checked);
  }

  /**
   * The number of groups the channels are split into: each output channel sees the input channels
   * of its group only ({@code groups = in} is a depthwise convolution).
   *
   * @param groups positive; both channel counts must be multiples of it
   * @return a copy with this many groups
   */
  public ConvOptions groups(int groups) {
    if (groups < 1) {
      throw new IllegalArgumentException("ConvOptions.groups: must be positive, got " + groups);
    }
    return with(o -> o.groups = groups);
  }

  /**
   * Whether the layer learns a bias per output channel.
   *
   * @param bias false for none
   * @return a copy with this choice
   */
  public ConvOptions bias(boolean bias) {
    return with(o -> o.bias = bias);
  }

  /**
   * How the input is padded: {@code "zeros"} (the default), {@code "reflect"}, {@code "replicate"}
   * or {@code "circular"} (see {@link dev.autograd.Functional#pad(dev.autograd.Tensor, int[],
   * String)}). Transposed convolutions support only zeros, as in PyTorch.
   *
   * @param paddingMode one of the four
   * @return a copy with this mode
   * @throws IllegalArgumentException for another mode
   */
  public ConvOptions paddingMode(String paddingMode) {
    Arguments.requireNonNull("ConvOptions.paddingMode", "paddingMode", paddingMode);
    String m = paddingMode.toLowerCase(Locale.ROOT);
    if (!m.equals("zeros")
        && !m.equals("reflect")
        && !m.equals("replicate")
        && !m.equals("circular")) {
      throw new IllegalArgumentException(
          "ConvOptions.paddingMode: padding_mode must be one of ['zeros', 'reflect', 'replicate',"
              + " 'circular'], but got padding_mode='"
              + paddingMode
              + "'");
    }
    return with(o -> o.paddingMode = m);
  }

  /**
   * The source of the initial weight and bias (weight first), instead of the global generator.
   *
   * @param generator the generator to draw from
   * @return a copy with this generator
   */
  public ConvOptions generator(Generator generator) {
    Arguments.requireNonNull("ConvOptions.generator", "generator", generator);
    return with(o -> o.generator = generator);
  }

  @Override
  public String toString() {
    return "ConvOptions(stride="
        + Arrays.toString(stride)
        + ", padding="
        + (paddingName != null ? paddingName : Arrays.toString(padding))
        + ", dilation="
        + Arrays.toString(dilation)
        + ", outputPadding="
        + Arrays.toString(outputPadding)
        + ", groups="
        + groups
        + ", bias="
        + bias
        + ", paddingMode="
        + paddingMode
        + ")";
  }
}
