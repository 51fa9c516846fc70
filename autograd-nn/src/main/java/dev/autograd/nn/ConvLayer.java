package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;
import java.util.Arrays;

/**
 * What {@link Conv1d}, {@link Conv2d} and {@link ConvTranspose2d} share: their settings, PyTorch's
 * initialisation and printout, and the padding modes other than zeros (the input padded by {@link
 * Functional#pad(Tensor, int[], String)}, then convolved without padding, as PyTorch does).
 */
abstract class ConvLayer extends Module {
  final int inChannels;
  final int outChannels;
  final int[] kernel;
  final int[] stride;
  final int[] padding;
  final String paddingName;
  final int[] dilation;
  final int[] outputPadding;
  final int groups;
  final boolean hasBias;
  final String paddingMode;
  private final boolean transposed;

  ConvLayer(
      String layer,
      int inChannels,
      int outChannels,
      int[] kernel,
      ConvOptions options,
      boolean transposed) {
    Arguments.requireNonNull(layer, "kernelSize", kernel);
    Arguments.requireNonNull(layer, "options", options);
    int dims = kernel.length;
    if (inChannels <= 0 || outChannels <= 0) {
      throw new IllegalArgumentException(
          layer
              + ": inChannels and outChannels must be positive, got "
              + inChannels
              + " and "
              + outChannels);
    }
    for (int k : kernel) {
      if (k <= 0) {
        throw new IllegalArgumentException(
            layer + ": kernelSize must be positive, got " + Arrays.toString(kernel));
      }
    }
    if (inChannels % options.groups != 0) {
      throw new IllegalArgumentException(
          layer
              + ": in_channels must be divisible by groups ("
              + inChannels
              + " and "
              + options.groups
              + ")");
    }
    if (outChannels % options.groups != 0) {
      throw new IllegalArgumentException(
          layer
              + ": out_channels must be divisible by groups ("
              + outChannels
              + " and "
              + options.groups
              + ")");
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernel = kernel.clone();
    this.stride = perDim(layer, "stride", options.stride, dims);
    this.padding = perDim(layer, "padding", options.padding, dims);
    this.paddingName = options.paddingName;
    this.dilation = perDim(layer, "dilation", options.dilation, dims);
    this.outputPadding = perDim(layer, "outputPadding", options.outputPadding, dims);
    this.groups = options.groups;
    this.hasBias = options.bias;
    this.paddingMode = options.paddingMode;
    this.transposed = transposed;
    if ("same".equals(paddingName)) {
      for (int s : stride) {
        if (s != 1) {
          throw new IllegalArgumentException(
              layer + ": padding='same' is not supported for strided convolutions");
        }
      }
    }
    if (transposed) {
      if (paddingName != null) {
        throw new IllegalArgumentException(
            layer + ": padding \"" + paddingName + "\" is not supported, give sizes");
      }
      if (!paddingMode.equals("zeros")) {
        throw new IllegalArgumentException(
            layer + ": Only \"zeros\" padding mode is supported for " + layer);
      }
    } else {
      for (int p : outputPadding) {
        if (p != 0) {
          throw new IllegalArgumentException(
              layer + ": outputPadding is for transposed convolutions only");
        }
      }
    }
    int[] weightShape = new int[dims + 2];
    weightShape[0] = transposed ? inChannels : outChannels;
    weightShape[1] = (transposed ? outChannels : inChannels) / groups;
    System.arraycopy(kernel, 0, weightShape, 2, dims);
    // As PyTorch: kaiming_uniform_(a=sqrt(5)) for the weight, which is uniform within
    // 1/sqrt(fan_in), and the bias uniform within the same bound.
    long fanIn = weightShape[1];
    for (int k : kernel) fanIn *= k;
    double bound = 1 / Math.sqrt(fanIn);
    Generator generator = options.generator != null ? options.generator : Generator.global();
    registerParameter("weight", Init.uniformWithin(generator, bound, weightShape));
    if (hasBias) registerParameter("bias", Init.uniformWithin(generator, bound, outChannels));
  }

  private static int[] perDim(String layer, String name, int[] values, int dims) {
    if (values.length == 1) {
      int[] out = new int[dims];
      Arrays.fill(out, values[0]);
      return out;
    }
    if (values.length != dims) {
      throw new IllegalArgumentException(
          layer + ": " + name + " needs 1 or " + dims + " values, got " + Arrays.toString(values));
    }
    return values.clone();
  }

  /**
   * The weight, registered as parameter {@code "weight"}: [out, in / groups, kernel...] for a
   * convolution, [in, out / groups, kernel...] for a transposed one (PyTorch's layouts).
   *
   * @return the weight
   */
  public Tensor weight() {
    return parameter("weight");
  }

  /**
   * The bias, registered as parameter {@code "bias"}.
   *
   * @return the bias, [out], or null for a layer without bias
   */
  public Tensor bias() {
    return hasBias ? parameter("bias") : null;
  }

  /**
   * The input padded by a mode other than zeros, with the (before, after) pairs of each spatial
   * dim, last dim first, as Functional.pad takes them.
   */
  Tensor padded(Tensor input) {
    int dims = kernel.length;
    int[] pads = new int[2 * dims];
    for (int d = 0; d < dims; d++) {
      int before = padding[d];
      int after = padding[d];
      if ("same".equals(paddingName)) {
        int total = dilation[d] * (kernel[d] - 1);
        before = total / 2;
        after = total - before;
      } else if ("valid".equals(paddingName)) {
        before = 0;
        after = 0;
      }
      int k = dims - 1 - d;
      pads[2 * k] = before;
      pads[2 * k + 1] = after;
    }
    return Functional.pad(input, pads, paddingMode);
  }

  @Override
  protected String extraRepr() {
    StringBuilder s = new StringBuilder();
    s.append(inChannels).append(", ").append(outChannels);
    s.append(", kernel_size=")
        .append(PyRepr.tuple(kernel))
        .append(", stride=")
        .append(PyRepr.tuple(stride));
    if (paddingName != null) s.append(", padding=").append(paddingName);
    else if (Arrays.stream(padding).anyMatch(p -> p != 0))
      s.append(", padding=").append(PyRepr.tuple(padding));
    if (Arrays.stream(dilation).anyMatch(d -> d != 1))
      s.append(", dilation=").append(PyRepr.tuple(dilation));
    if (Arrays.stream(outputPadding).anyMatch(p -> p != 0)) {
      s.append(", output_padding=").append(PyRepr.tuple(outputPadding));
    }
    if (groups != 1) s.append(", groups=").append(groups);
    if (!hasBias) s.append(", bias=False");
    if (!paddingMode.equals("zeros")) s.append(", padding_mode=").append(paddingMode);
    return s.toString();
  }
}
