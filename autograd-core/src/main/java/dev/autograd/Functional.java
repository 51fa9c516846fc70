package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;
import java.util.Arrays;

/**
 * The functional forms the {@code nn} layers and losses are built on, as {@code
 * torch.nn.functional}. Each is composed of {@link Tensor} ops, so its derivative follows from
 * theirs. Every loss takes a {@link Reduction}; the overloads without one use {@link
 * Reduction#MEAN}, PyTorch's default.
 *
 * <pre>{@code
 * Tensor loss = Functional.mseLoss(model.forward(x), y); // mean((input - target)^2)
 * }</pre>
 */
public final class Functional {
  /** PyTorch's default {@code ignore_index} for the classification losses: no class is -100. */
  public static final long DEFAULT_IGNORE_INDEX = -100;

  private Functional() {}

  /**
   * {@code out = x @ weight^T + bias}, with x of shape [..., in], weight [out, in] and bias [out]
   * (or null for none).
   *
   * <pre>
   * out_nj = sum_k x_nk * weight_jk + bias_j          [..., in] -&gt; [..., out]
   * </pre>
   *
   * @param x the input, of shape [..., in] (at least 1-D)
   * @param weight the weight, of shape [out, in]
   * @param bias the bias, of shape [out] (or broadcastable to [..., out]), or null for none
   * @return the output, of shape [..., out]
   * @throws TensorException if {@code weight} is not 2-D, the last dim of {@code x} is not {@code
   *     in}, or {@code x}, {@code weight} and {@code bias} differ in dtype (no promotion, as in
   *     PyTorch: "mat1 and mat2 must have the same dtype")
   */
  public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
    Arguments.requireNonNull("linear", "x", x);
    Arguments.requireNonNull("linear", "weight", weight);
    if (weight.dim() != 2) {
      throw new TensorException(
          "linear: weight must be 2-D [out, in], got shape " + Shapes.format(weight.shape()));
    }
    if (x.dim() == 0 || x.size(-1) != weight.size(1)) {
      throw new TensorException(
          "linear: input of shape "
              + Shapes.format(x.shape())
              + " has "
              + (x.dim() == 0 ? 0 : x.size(-1))
              + " features but weight of shape "
              + Shapes.format(weight.shape())
              + " expects "
              + weight.size(1));
    }
    // As PyTorch: no type promotion between the input and the layer (a float64 batch into a
    // float32 layer is an error, not a float64 result).
    if (x.dtype() != weight.dtype() || (bias != null && bias.dtype() != weight.dtype())) {
      throw new TensorException(
          "linear: mat1 and mat2 must have the same dtype, got input "
              + x.dtype().pytorchName()
              + ", weight "
              + weight.dtype().pytorchName()
              + (bias == null ? "" : " and bias " + bias.dtype().pytorchName())
              + "; convert the input with x.to(DType."
              + weight.dtype().name()
              + ") or the layer with module.to(...)");
    }
    if (x.dim() == 2 && fusable(x, weight, bias)) return MatmulOps.linear(x, weight, bias);
    Tensor out = x.matmul(weight.t());
    return bias == null ? out : out.add(bias).named(x.dim() == 2 ? "AddmmBackward" : "AddBackward");
  }

  /**
   * The 2-D convolution of PyTorch's {@code conv2d} (a cross-correlation, as in every deep-learning
   * library), with stride 1, no padding, dilation 1 and one group.
   *
   * @param input [N, C, H, W], or [C, H, W] for one sample
   * @param weight [O, C, kh, kw]
   * @param bias [O], or null for none
   * @return [N, O, H - kh + 1, W - kw + 1] (or without N)
   * @throws TensorException as {@link #conv2d(Tensor, Tensor, Tensor, int[], int[], int[], int)}
   */
  public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
    return ConvOps.conv2d(
        "conv2d", input, weight, bias, new int[] {1}, new int[] {0}, new int[] {1}, 1);
  }

  /**
   * The 2-D convolution of PyTorch's {@code conv2d(input, weight, bias, stride, padding, dilation,
   * groups)}: the input's channels are split into {@code groups} groups, and output channel o sees
   * group {@code g = o / (O / groups)}:
   *
   * <pre>
   * out[n, o, i, j] = bias[o] + sum_{c, a, b} weight[o, c, a, b]
   *                     * input[n, g * C/groups + c, i * s0 - p0 + a * d0, j * s1 - p1 + b * d1]
   * OH = floor((H + 2 p0 - d0 (kh - 1) - 1) / s0) + 1,  OW likewise
   * </pre>
   *
   * with zeros outside the input (the padding). It runs as matrix products over the unfolded input
   * (im2col), a chunk of the batch at a time, through the same kernels as {@link Tensor#matmul}.
   * Its gradients are the transposed convolution (for the input) and the correlation of the input
   * with the gradient (for the weight), themselves differentiable, so gradients of any order work.
   *
   * <pre>{@code
   * Tensor x = Tensor.randn(8, 3, 32, 32);
   * Tensor w = Tensor.randn(16, 3, 3, 3);
   * Functional.conv2d(x, w, null, new int[] {2}, new int[] {1}, new int[] {1}, 1).shape(); // [8, 16, 16, 16]
   * }</pre>
   *
   * @param input [N, C, H, W], or [C, H, W] for one sample
   * @param weight [O, C / groups, kh, kw]
   * @param bias [O], or null for none
   * @param stride the step between output positions: one value for both dims or {sH, sW}
   * @param padding zeros added on both sides of each dim: one value or {pH, pW}
   * @param dilation the step between the kernel's taps: one value or {dH, dW}
   * @param groups how many groups the channels are split into (C and O must be multiples of it)
   * @return [N, O, OH, OW] (or [O, OH, OW] for an unbatched input)
   * @throws TensorException if the ranks, channel counts or dtypes do not fit (naming both shapes),
   *     a setting is not positive (padding: negative), or the kernel is larger than the padded
   *     input
   */
  public static Tensor conv2d(
      Tensor input,
      Tensor weight,
      Tensor bias,
      int[] stride,
      int[] padding,
      int[] dilation,
      int groups) {
    return ConvOps.conv2d("conv2d", input, weight, bias, stride, padding, dilation, groups);
  }

  /**
   * {@link #conv2d(Tensor, Tensor, Tensor, int[], int[], int[], int)} with PyTorch's padding
   * strings: {@code "valid"} (none) or {@code "same"} (the output has the input's size; stride must
   * be 1; when the total padding {@code d (k - 1)} is odd, the extra row or column goes at the end,
   * as in PyTorch).
   *
   * @param input [N, C, H, W], or [C, H, W]
   * @param weight [O, C / groups, kh, kw]
   * @param bias [O], or null
   * @param stride one value or {sH, sW}
   * @param padding "valid" or "same"
   * @param dilation one value or {dH, dW}
   * @param groups the number of channel groups
   * @return [N, O, OH, OW]
   * @throws TensorException as the other overload, or for another padding string or "same" with a
   *     stride other than 1
   */
  public static Tensor conv2d(
      Tensor input,
      Tensor weight,
      Tensor bias,
      int[] stride,
      String padding,
      int[] dilation,
      int groups) {
    return ConvOps.conv2d("conv2d", input, weight, bias, stride, padding, dilation, groups);
  }

  /**
   * The 1-D convolution of PyTorch's {@code conv1d}: {@link #conv2d} over a height of 1.
   *
   * <pre>
   * out[n, o, i] = bias[o] + sum_{c, a} weight[o, c, a] * input[n, g * C/groups + c, i * s - p + a * d]
   * </pre>
   *
   * @param input [N, C, L], or [C, L]
   * @param weight [O, C / groups, k]
   * @param bias [O], or null
   * @param stride the step between output positions
   * @param padding zeros added at both ends
   * @param dilation the step between the kernel's taps
   * @param groups the number of channel groups
   * @return [N, O, floor((L + 2 p - d (k - 1) - 1) / s) + 1]
   * @throws TensorException as {@link #conv2d(Tensor, Tensor, Tensor, int[], int[], int[], int)}
   */
  public static Tensor conv1d(
      Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
    return ConvOps.conv1d("conv1d", input, weight, bias, stride, padding, dilation, groups);
  }

  /**
   * {@link #conv1d(Tensor, Tensor, Tensor, int, int, int, int)} with padding {@code "valid"} or
   * {@code "same"}.
   *
   * @param input [N, C, L], or [C, L]
   * @param weight [O, C / groups, k]
   * @param bias [O], or null
   * @param stride the step between output positions (1 for "same")
   * @param padding "valid" or "same"
   * @param dilation the step between the kernel's taps
   * @param groups the number of channel groups
   * @return [N, O, L'] (L' = L for "same")
   * @throws TensorException as {@link #conv2d(Tensor, Tensor, Tensor, int[], String, int[], int)}
   */
  public static Tensor conv1d(
      Tensor input,
      Tensor weight,
      Tensor bias,
      int stride,
      String padding,
      int dilation,
      int groups) {
    Arguments.requireNonNull("conv1d", "padding", padding);
    return ConvOps.conv1d("conv1d", input, weight, bias, stride, padding, dilation, groups);
  }

  /**
   * The transposed 2-D convolution of PyTorch's {@code conv_transpose2d(input, weight, bias,
   * stride, padding, output_padding, groups, dilation)}: the gradient of {@link #conv2d} with
   * respect to its input, so that it maps conv2d's output shape back to its input shape (often
   * called a "deconvolution", though it inverts only the shapes).
   *
   * <pre>
   * OH = (H - 1) s0 - 2 p0 + d0 (kh - 1) + outputPadding0 + 1,  OW likewise
   * </pre>
   *
   * @param input [N, Cin, H, W], or [Cin, H, W]
   * @param weight [Cin, Cout / groups, kh, kw] (PyTorch's layout: in channels first)
   * @param bias [Cout], or null
   * @param stride one value or {sH, sW}
   * @param padding one value or {pH, pW}: rows and columns removed from each side of the output
   * @param outputPadding one value or {opH, opW}: added at the end of the output, to pick among the
   *     sizes that a strided conv2d maps to the same size; each smaller than the stride or the
   *     dilation
   * @param groups the number of channel groups
   * @param dilation one value or {dH, dW}
   * @return [N, Cout, OH, OW]
   * @throws TensorException if the shapes, settings or dtypes do not fit
   */
  public static Tensor convTranspose2d(
      Tensor input,
      Tensor weight,
      Tensor bias,
      int[] stride,
      int[] padding,
      int[] outputPadding,
      int groups,
      int[] dilation) {
    return ConvOps.convTranspose2d(
        "convTranspose2d", input, weight, bias, stride, padding, outputPadding, groups, dilation);
  }

  /**
   * The rows of {@code weight} at {@code input}'s indices, as PyTorch's {@code embedding(input,
   * weight)}: {@code out[..., :] = weight[input[...], :]}, of shape {@code input.shape + [D]} for a
   * [N, D] weight. The weight's gradient adds each output row's gradient to the row it came from.
   *
   * <pre>{@code
   * Tensor table = Tensor.randn(10, 3);
   * Functional.embedding(Tensor.of(new long[][] {{1, 2}, {4, 9}}), table).shape(); // [2, 2, 3]
   * }</pre>
   *
   * @param input INT64 indices, each in [0, N), of any shape
   * @param weight the table, [N, D]
   * @return a new tensor
   * @throws TensorException as {@link #embedding(Tensor, Tensor, Integer, Double, double, boolean)}
   */
  public static Tensor embedding(Tensor input, Tensor weight) {
    return EmbeddingOps.embedding(input, weight, null, null, 2, false);
  }

  /**
   * {@link #embedding(Tensor, Tensor)} with PyTorch's options: no gradient reaches the row {@code
   * paddingIdx} (negative counts from the end); each row looked up whose {@code normType}-norm
   * exceeds {@code maxNorm} is first scaled in place, without recording, to {@code maxNorm / (norm
   * + 1e-7)} of itself (PyTorch's {@code embedding_renorm_}); with {@code scaleGradByFreq}, each
   * position's gradient is divided by how often its row occurs in {@code input}.
   *
   * @param input INT64 indices, each in [0, N)
   * @param weight the table, [N, D]
   * @param paddingIdx the row that gets no gradient, or null
   * @param maxNorm the largest norm of the rows looked up, or null to leave them
   * @param normType the p of the norm for maxNorm
   * @param scaleGradByFreq whether to divide the gradients by the rows' frequencies
   * @return a new tensor of shape {@code input.shape + [D]}
   * @throws TensorException if input is not INT64 or holds an index outside [0, N), the weight is
   *     not 2-D, or paddingIdx is outside [-N, N)
   */
  public static Tensor embedding(
      Tensor input,
      Tensor weight,
      Integer paddingIdx,
      Double maxNorm,
      double normType,
      boolean scaleGradByFreq) {
    return EmbeddingOps.embedding(input, weight, paddingIdx, maxNorm, normType, scaleGradByFreq);
  }

  /**
   * Sums, means or maxima of bags of embedding rows, as PyTorch's {@code embedding_bag}: a 2-D
   * {@code input} [B, L] holds B bags of L indices; a 1-D one is cut into bags at {@code offsets}
   * (each bag from its offset to the next, the last to the end, or with {@code includeLastOffset}
   * to the last offset). Rows at {@code paddingIdx} are left out (of the count too, for the mean);
   * an empty bag gives zeros. {@code perSampleWeights} (input's shape, for {@code "sum"} only)
   * weighs each row. The result is [B, D].
   *
   * <pre>{@code
   * Tensor table = Tensor.randn(10, 3);
   * Tensor bags = Tensor.of(new long[] {1, 2, 4, 5, 4});
   * Functional.embeddingBag(bags, table, Tensor.of(new long[] {0, 3}), "sum", null, false, null)
   *     .shape(); // [2, 3]
   * }</pre>
   *
   * @param input INT64 indices, 1-D with offsets or 2-D without
   * @param weight the table, [N, D]
   * @param offsets where each bag starts in a 1-D input (INT64, offsets[0] = 0), or null
   * @param mode "sum", "mean" or "max"
   * @param perSampleWeights a weight per index (mode "sum"), or null
   * @param includeLastOffset whether the last offset ends the last bag rather than starting one
   * @param paddingIdx an index left out of every bag, or null
   * @return a new tensor [B, D]
   * @throws TensorException for indices, offsets, modes or weights PyTorch refuses, with its reason
   */
  public static Tensor embeddingBag(
      Tensor input,
      Tensor weight,
      Tensor offsets,
      String mode,
      Tensor perSampleWeights,
      boolean includeLastOffset,
      Integer paddingIdx) {
    return EmbeddingOps.embeddingBag(
        input, weight, offsets, mode, perSampleWeights, includeLastOffset, paddingIdx);
  }

  /**
   * Attention, as PyTorch 2's {@code scaled_dot_product_attention(q, k, v, attn_mask, dropout_p,
   * is_causal)}: {@code softmax(q k^T / sqrt(E) + mask) v} over the last two dims, for q [..., L,
   * E], k [..., S, E] and v [..., S, Ev], giving [..., L, Ev]. A BOOL {@code attnMask}
   * (broadcasting to [..., L, S]) says which positions take part (true: attend, as PyTorch 2); a
   * floating one is added to the scores; with {@code isCausal}, position i attends to positions up
   * to i only. Dropout with probability {@code dropoutP} applies to the attention weights (from the
   * global generator; 0 for none).
   *
   * <pre>{@code
   * Tensor q = Tensor.randn(2, 5, 8);
   * Functional.scaledDotProductAttention(q, q, q, null, 0, true).shape(); // [2, 5, 8]
   * }</pre>
   *
   * @param query [..., L, E]
   * @param key [..., S, E]
   * @param value [..., S, Ev]
   * @param attnMask BOOL (true: attend) or floating (added), broadcasting to [..., L, S], or null
   * @param dropoutP the dropout probability of the weights, in [0, 1)
   * @param isCausal whether each position attends only to itself and those before it
   * @return [..., L, Ev]
   * @throws TensorException if the shapes do not fit, or a mask is given with isCausal
   */
  public static Tensor scaledDotProductAttention(
      Tensor query, Tensor key, Tensor value, Tensor attnMask, double dropoutP, boolean isCausal) {
    return AttentionOps.scaledDotProductAttention(query, key, value, attnMask, dropoutP, isCausal);
  }

  /**
   * Pads {@code input} with zeros, as PyTorch's {@code pad(input, pad)}: {@code pad} holds (before,
   * after) pairs for the last dim first, then the one before it, and so on; a negative size crops.
   *
   * <pre>{@code
   * Functional.pad(Tensor.ones(2, 3), new int[] {1, 2}).shape();       // [2, 6]
   * Functional.pad(Tensor.ones(2, 3), new int[] {0, 0, 1, 1}).shape(); // [4, 3]
   * }</pre>
   *
   * @param input any tensor
   * @param pad (before, after) sizes, last dim first
   * @return a new tensor
   * @throws TensorException as {@link #pad(Tensor, int[], String, double)}
   */
  public static Tensor pad(Tensor input, int[] pad) {
    return PadOps.pad(input, pad, "constant", 0);
  }

  /**
   * Pads {@code input} as PyTorch's {@code pad(input, pad, mode)}: {@code "constant"} (zeros),
   * {@code "reflect"} (mirrored about the edge element, which is not repeated: [1, 2, 3] padded by
   * 2 on the left gives [3, 2, 1, 2, 3]), {@code "replicate"} (the edge element repeated) or {@code
   * "circular"} (wrapped around). The last three pad the last 1 to 3 dims of an input with one or
   * two leading batch and channel dims, as in PyTorch. Gradients add each output's gradient to the
   * element it copies.
   *
   * @param input the tensor to pad
   * @param pad (before, after) sizes, last dim first
   * @param mode "constant", "reflect", "replicate" or "circular"
   * @return a new tensor
   * @throws TensorException as {@link #pad(Tensor, int[], String, double)}
   */
  public static Tensor pad(Tensor input, int[] pad, String mode) {
    return PadOps.pad(input, pad, mode, 0);
  }

  /**
   * {@link #pad(Tensor, int[], String)} with the value of constant padding.
   *
   * @param input the tensor to pad
   * @param pad (before, after) sizes, last dim first
   * @param mode "constant", "reflect", "replicate" or "circular"
   * @param value the value of constant padding (only "constant" takes one other than 0)
   * @return a new tensor
   * @throws TensorException if {@code pad} has an odd length or more pairs than the input has dims,
   *     the mode is unknown, a reflect pad is not smaller than its dim (a circular one larger), a
   *     copying mode is asked for more than 3 dims or without the batch dims, or a size would be
   *     negative
   */
  public static Tensor pad(Tensor input, int[] pad, String mode, double value) {
    return PadOps.pad(input, pad, mode, value);
  }

  /**
   * 2-D max pooling with PyTorch's defaults (stride = kernel, no padding, dilation 1, floor mode).
   *
   * @param input [N, C, H, W] or [C, H, W]
   * @param kernelSize one value or {kh, kw}
   * @return each window's maximum
   * @throws TensorException as {@link #maxPool2dWithIndices}
   */
  public static Tensor maxPool2d(Tensor input, int... kernelSize) {
    return PoolOps.maxPool2d(
            "maxPool2d", input, kernelSize, null, new int[] {0}, new int[] {1}, false)
        .values();
  }

  /**
   * 2-D max pooling, as PyTorch's {@code max_pool2d(input, kernel_size, stride, padding, dilation,
   * ceil_mode)}: the maximum of each window of {@code kh x kw} elements {@code d} apart, windows
   * {@code s} apart, over the input padded with -inf on both sides.
   *
   * <pre>
   * out[n, c, i, j] = max_{a, b} input[n, c, i s0 - p0 + a d0, j s1 - p1 + b d1]
   * OH = floor((H + 2 p0 - d0 (kh - 1) - 1) / s0) + 1   (ceil in ceil mode)
   * </pre>
   *
   * The gradient goes to the position of each window's maximum (the first one; the first NaN), as
   * PyTorch's.
   *
   * @param input [N, C, H, W] or [C, H, W], floating point
   * @param kernelSize one value or {kh, kw}
   * @param stride one value or {sH, sW}; null or empty for the kernel size
   * @param padding one value or {pH, pW}, at most half the kernel
   * @param dilation one value or {dH, dW}
   * @param ceilMode round the output size up, so that the last partial window counts
   * @return each window's maximum
   * @throws TensorException as {@link #maxPool2dWithIndices}
   */
  public static Tensor maxPool2d(
      Tensor input,
      int[] kernelSize,
      int[] stride,
      int[] padding,
      int[] dilation,
      boolean ceilMode) {
    return PoolOps.maxPool2d("maxPool2d", input, kernelSize, stride, padding, dilation, ceilMode)
        .values();
  }

  /**
   * {@link #maxPool2d(Tensor, int[], int[], int[], int[], boolean)} with the positions of the
   * maxima, as PyTorch's {@code return_indices=True}: each index is the maximum's position in its H
   * x W plane ({@code row * W + column}), INT64, what {@code maxUnpool2d} would take.
   *
   * @param input [N, C, H, W] or [C, H, W], floating point
   * @param kernelSize one value or {kh, kw}
   * @param stride one value or {sH, sW}; null or empty for the kernel size
   * @param padding one value or {pH, pW}
   * @param dilation one value or {dH, dW}
   * @param ceilMode round the output size up
   * @return the maxima and their positions, both [N, C, OH, OW]
   * @throws TensorException if the input is not 3-D or 4-D floating point, a setting is not
   *     positive, the padding is more than half the kernel, or the output would be empty
   */
  public static ValuesAndIndices maxPool2dWithIndices(
      Tensor input,
      int[] kernelSize,
      int[] stride,
      int[] padding,
      int[] dilation,
      boolean ceilMode) {
    return PoolOps.maxPool2d(
        "maxPool2dWithIndices", input, kernelSize, stride, padding, dilation, ceilMode);
  }

  /**
   * 1-D max pooling over [N, C, L] (or [C, L]): {@link #maxPool2d} over a height of 1.
   *
   * @param input [N, C, L] or [C, L]
   * @param kernelSize the window's length
   * @param stride the step between windows (0 for the kernel size)
   * @param padding -inf added at both ends, at most half the kernel
   * @param dilation the step within a window
   * @param ceilMode round the output length up
   * @return each window's maximum
   * @throws TensorException as {@link #maxPool2dWithIndices}
   */
  public static Tensor maxPool1d(
      Tensor input, int kernelSize, int stride, int padding, int dilation, boolean ceilMode) {
    Arguments.requireNonNull("maxPool1d", "input", input);
    Tensor x = oneDim("maxPool1d", input).unsqueeze(-2);
    return PoolOps.maxPool2d(
            "maxPool1d",
            x,
            new int[] {1, kernelSize},
            new int[] {1, stride == 0 ? kernelSize : stride},
            new int[] {0, padding},
            new int[] {1, dilation},
            ceilMode)
        .values()
        .squeeze(-2)
        .named("MaxPool2DWithIndicesBackward");
  }

  private static Tensor oneDim(String op, Tensor input) {
    if (input.dim() != 2 && input.dim() != 3) {
      throw new TensorException(
          op
              + ": expected a 2-D or 3-D input ([C, L] or [N, C, L]), got shape "
              + Shapes.format(input.shape()));
    }
    return input;
  }

  /**
   * 2-D average pooling with PyTorch's defaults (stride = kernel, no padding, floor mode, padding
   * counted).
   *
   * @param input [N, C, H, W] or [C, H, W]
   * @param kernelSize one value or {kh, kw}
   * @return each window's mean
   * @throws TensorException as {@link #avgPool2d(Tensor, int[], int[], int[], boolean, boolean,
   *     Integer)}
   */
  public static Tensor avgPool2d(Tensor input, int... kernelSize) {
    return PoolOps.avgPool2d(
        "avgPool2d", input, kernelSize, null, new int[] {0}, false, true, null);
  }

  /**
   * 2-D average pooling, as PyTorch's {@code avg_pool2d(input, kernel_size, stride, padding,
   * ceil_mode, count_include_pad, divisor_override)}: each window's sum divided by its size (with
   * the zero padding counted or not), or by the override.
   *
   * @param input [N, C, H, W] or [C, H, W], floating point
   * @param kernelSize one value or {kh, kw}
   * @param stride one value or {sH, sW}; null or empty for the kernel size
   * @param padding one value or {pH, pW} of zeros, at most half the kernel
   * @param ceilMode round the output size up
   * @param countIncludePad count the padding in each window's size
   * @param divisorOverride the divisor of every window instead, or null
   * @return each window's mean
   * @throws TensorException if the input is not 3-D or 4-D floating point, a setting is not
   *     positive, the padding is more than half the kernel, or the divisor is 0
   */
  public static Tensor avgPool2d(
      Tensor input,
      int[] kernelSize,
      int[] stride,
      int[] padding,
      boolean ceilMode,
      boolean countIncludePad,
      Integer divisorOverride) {
    return PoolOps.avgPool2d(
        "avgPool2d",
        input,
        kernelSize,
        stride,
        padding,
        ceilMode,
        countIncludePad,
        divisorOverride);
  }

  /**
   * 1-D average pooling over [N, C, L] (or [C, L]).
   *
   * @param input [N, C, L] or [C, L]
   * @param kernelSize the window's length
   * @param stride the step between windows (0 for the kernel size)
   * @param padding zeros at both ends, at most half the kernel
   * @param ceilMode round the output length up
   * @param countIncludePad count the padding in each window's size
   * @return each window's mean
   * @throws TensorException as {@link #avgPool2d(Tensor, int[], int[], int[], boolean, boolean,
   *     Integer)}
   */
  public static Tensor avgPool1d(
      Tensor input,
      int kernelSize,
      int stride,
      int padding,
      boolean ceilMode,
      boolean countIncludePad) {
    Arguments.requireNonNull("avgPool1d", "input", input);
    Tensor x = oneDim("avgPool1d", input).unsqueeze(-2);
    return PoolOps.avgPool2d(
            "avgPool1d",
            x,
            new int[] {1, kernelSize},
            new int[] {1, stride == 0 ? kernelSize : stride},
            new int[] {0, padding},
            ceilMode,
            countIncludePad,
            null)
        .squeeze(-2)
        .named("AvgPool2DBackward");
  }

  /**
   * Adaptive 2-D average pooling, as PyTorch's {@code adaptive_avg_pool2d}: output position i
   * averages the input rows {@code [floor(i H / OH), ceil((i + 1) H / OH))} (and columns likewise),
   * so any input size gives the requested output size.
   *
   * @param input [N, C, H, W] or [C, H, W], floating point
   * @param outputSize one value or {OH, OW}
   * @return [N, C, OH, OW]
   * @throws TensorException if the input is not 3-D or 4-D floating point with non-empty spatial
   *     dims, or an output size is not positive
   */
  public static Tensor adaptiveAvgPool2d(Tensor input, int... outputSize) {
    return PoolOps.adaptiveAvgPool2d("adaptiveAvgPool2d", input, outputSize);
  }

  /**
   * Adaptive 2-D max pooling, as PyTorch's {@code adaptive_max_pool2d}: the maximum of the windows
   * of {@link #adaptiveAvgPool2d}.
   *
   * @param input [N, C, H, W] or [C, H, W], floating point
   * @param outputSize one value or {OH, OW}
   * @return [N, C, OH, OW]
   * @throws TensorException as {@link #adaptiveAvgPool2d}
   */
  public static Tensor adaptiveMaxPool2d(Tensor input, int... outputSize) {
    return PoolOps.adaptiveMaxPool2d("adaptiveMaxPool2d", input, outputSize).values();
  }

  /**
   * {@link #adaptiveMaxPool2d} with the positions of the maxima in their H x W planes.
   *
   * @param input [N, C, H, W] or [C, H, W], floating point
   * @param outputSize one value or {OH, OW}
   * @return the maxima and their positions (INT64)
   * @throws TensorException as {@link #adaptiveAvgPool2d}
   */
  public static ValuesAndIndices adaptiveMaxPool2dWithIndices(Tensor input, int... outputSize) {
    return PoolOps.adaptiveMaxPool2d("adaptiveMaxPool2dWithIndices", input, outputSize);
  }

  /**
   * Batch normalisation, as PyTorch's {@code batch_norm(input, running_mean, running_var, weight,
   * bias, training, momentum, eps)}: each channel (dim 1) normalised over the batch and spatial
   * dims,
   *
   * <pre>
   * y = (x - mean) / sqrt(var + eps) * weight + bias
   * </pre>
   *
   * with the batch's mean and biased variance when {@code training}, the running statistics
   * otherwise. In training, the running statistics (when given) are updated in place, without
   * recording: {@code running = (1 - momentum) running + momentum batch}, with the unbiased
   * variance, as in PyTorch.
   *
   * @param input [N, C, ...]
   * @param runningMean [C], or null (then training must be true)
   * @param runningVar [C], or null with runningMean
   * @param weight [C], or null for 1
   * @param bias [C], or null for 0
   * @param training use the batch's statistics (and update the running ones)
   * @param momentum the weight of the batch in the update of the running statistics
   * @param eps added to the variance
   * @return the normalised input, of its shape
   * @throws TensorException if a statistic, weight or bias is not [C], running statistics are
   *     missing outside training, or a channel has a single value in training
   */
  public static Tensor batchNorm(
      Tensor input,
      Tensor runningMean,
      Tensor runningVar,
      Tensor weight,
      Tensor bias,
      boolean training,
      double momentum,
      double eps) {
    return NormOps.batchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps);
  }

  /**
   * Layer normalisation, as PyTorch's {@code layer_norm(input, normalized_shape, weight, bias,
   * eps)}: each sample normalised over its last {@code normalizedShape.length} dims, {@code (x -
   * mean) / sqrt(var + eps) * weight + bias} (biased variance).
   *
   * @param input [*, normalizedShape...]
   * @param normalizedShape the trailing dims to normalise over
   * @param weight of shape normalizedShape, or null for 1
   * @param bias of shape normalizedShape, or null for 0
   * @param eps added to the variance
   * @return the normalised input
   * @throws TensorException if the input does not end with {@code normalizedShape}, or the weight
   *     or bias has another shape
   */
  public static Tensor layerNorm(
      Tensor input, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
    return NormOps.layerNorm(input, normalizedShape, weight, bias, eps);
  }

  /**
   * Group normalisation, as PyTorch's {@code group_norm(input, num_groups, weight, bias, eps)}: the
   * channels split into {@code numGroups} groups, each sample's group normalised over its channels
   * and spatial dims, then scaled and shifted per channel.
   *
   * @param input [N, C, ...]
   * @param numGroups divides C
   * @param weight [C], or null for 1
   * @param bias [C], or null for 0
   * @param eps added to the variance
   * @return the normalised input
   * @throws TensorException if {@code numGroups} does not divide C, or the weight or bias is not
   *     [C]
   */
  public static Tensor groupNorm(
      Tensor input, int numGroups, Tensor weight, Tensor bias, double eps) {
    return NormOps.groupNorm(input, numGroups, weight, bias, eps);
  }

  /**
   * Resizes the spatial dims of [N, C, H, W] to {@code size}, as PyTorch's {@code
   * interpolate(input, size, mode=mode)}: {@code "nearest"} (each output position copies the source
   * element {@code floor(i H / OH)}) or {@code "bilinear"} (weighted by distance, with PyTorch's
   * half-pixel centres, {@code src = (i + 0.5) H / OH - 0.5}).
   *
   * @param input [N, C, H, W], floating point
   * @param size {OH, OW}, or one value for both
   * @param mode "nearest" or "bilinear"
   * @return [N, C, OH, OW]
   * @throws TensorException as {@link #interpolate(Tensor, int[], double[], String, boolean)}
   */
  public static Tensor interpolate(Tensor input, int[] size, String mode) {
    Arguments.requireNonNull("interpolate", "size", size);
    return InterpolateOps.interpolate(input, size, null, mode, false);
  }

  /**
   * PyTorch's {@code interpolate(input, size, scale_factor, mode, align_corners)} for 4-D inputs:
   * either a size or a scale factor ({@code OH = floor(H * factor)}, the source step {@code 1 /
   * factor}, as PyTorch computes it). With {@code alignCorners} (bilinear only), the corner pixels
   * of input and output are aligned: {@code src = i (H - 1) / (OH - 1)}.
   *
   * <pre>{@code
   * Functional.interpolate(x, null, new double[] {2}, "bilinear", false); // twice the height and width
   * }</pre>
   *
   * @param input [N, C, H, W], floating point
   * @param size {OH, OW} (or one value), or null when scaleFactor is given
   * @param scaleFactor {fH, fW} (or one value), or null when size is given
   * @param mode "nearest" or "bilinear"
   * @param alignCorners align the corner pixels (bilinear only)
   * @return [N, C, OH, OW]
   * @throws TensorException if the input is not 4-D floating point, both or neither of size and
   *     scaleFactor are given, a size or factor is not positive, the mode is unknown, or
   *     alignCorners is asked of nearest
   */
  public static Tensor interpolate(
      Tensor input, int[] size, double[] scaleFactor, String mode, boolean alignCorners) {
    return InterpolateOps.interpolate(input, size, scaleFactor, mode, alignCorners);
  }

  /**
   * One-hot encoding, as PyTorch's {@code one_hot(tensor, num_classes)}: an INT64 tensor with a
   * trailing dim of {@code numClasses}, 1 at each index and 0 elsewhere.
   *
   * <pre>{@code
   * Functional.oneHot(Tensor.of(new long[] {0, 2}), 3); // tensor([[1, 0, 0], [0, 0, 1]])
   * }</pre>
   *
   * @param tensor INT64 class indices, of any shape
   * @param numClasses the number of classes, or -1 for the largest index plus one
   * @return [..., numClasses], INT64
   * @throws TensorException if the tensor is not INT64, an index is negative or not below
   *     numClasses, or numClasses is -1 for an empty tensor
   */
  public static Tensor oneHot(Tensor tensor, int numClasses) {
    return ShapeComposites.oneHot(tensor, numClasses);
  }

  /**
   * Whether linear can be one op (the common case: a batch of rows, one floating-point type, a bias
   * per output or none); other cases are composed of matmul and add, with their broadcasting.
   */
  private static boolean fusable(Tensor x, Tensor weight, Tensor bias) {
    DType type = x.dtype();
    if (!type.isFloatingPoint() || weight.dtype() != type) return false;
    if (bias == null) return true;
    return bias.dtype() == type
        && bias.dim() == 1
        && (bias.size(0) == weight.size(0) || bias.size(0) == 1);
  }

  /**
   * Mean squared error, {@code mean((input - target)^2)}.
   *
   * <pre>{@code
   * Tensor input = Tensor.of(new double[] {1, 2, 3});
   * Functional.mseLoss(input, Tensor.of(new double[] {1, 2, 5})); // tensor(1.3333)
   * }</pre>
   *
   * @param input the prediction, of any shape
   * @param target the target, of the same shape as {@code input}
   * @return the mean loss, 0-d
   * @throws TensorException if the shapes differ
   */
  public static Tensor mseLoss(Tensor input, Tensor target) {
    return mseLoss(input, target, Reduction.MEAN);
  }

  /**
   * Squared error {@code (input - target)^2}, reduced. Derivative for input: {@code 2 (input -
   * target) grad}, divided by numel for MEAN.
   *
   * @param input the prediction, of any shape
   * @param target the target, of the same shape as {@code input}
   * @param reduction how to combine the per-element losses
   * @return the loss: 0-d, or shaped like {@code input} for {@link Reduction#NONE}
   * @throws TensorException if the shapes differ (PyTorch would broadcast them with a warning, the
   *     classic silent bug of a [N] target against a [N, 1] prediction)
   */
  public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
    requireLossArguments("mseLoss", input, target, reduction);
    return reduction.apply(input.sub(target).square()).named("MseLossBackward");
  }

  /**
   * Mean absolute error, {@code mean(|input - target|)}.
   *
   * @param input the prediction, of any shape
   * @param target the target, of the same shape as {@code input}
   * @return the mean loss, 0-d
   * @throws TensorException if the shapes differ
   */
  public static Tensor l1Loss(Tensor input, Tensor target) {
    return l1Loss(input, target, Reduction.MEAN);
  }

  /**
   * Absolute error {@code |input - target|}, reduced. Derivative for input: {@code sign(input -
   * target) grad}.
   *
   * @param input the prediction, of any shape
   * @param target the target, of the same shape as {@code input}
   * @param reduction how to combine the per-element losses
   * @return the loss: 0-d, or shaped like {@code input} for {@link Reduction#NONE}
   * @throws TensorException if the shapes differ
   */
  public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
    requireLossArguments("l1Loss", input, target, reduction);
    return reduction.apply(input.sub(target).abs());
  }

  /**
   * Smooth L1 (Huber-like) loss with beta = 1, mean-reduced.
   *
   * @param input the prediction, of any shape
   * @param target the target, of the same shape as {@code input}
   * @return the mean loss, 0-d
   * @throws TensorException if the shapes differ
   */
  public static Tensor smoothL1Loss(Tensor input, Tensor target) {
    return smoothL1Loss(input, target, Reduction.MEAN, 1.0);
  }

  /**
   * Smooth L1 loss: with {@code d = |input - target|}, {@code 0.5 d^2 / beta} where {@code d <
   * beta}, else {@code d - 0.5 beta}; beta = 0 is the L1 loss.
   *
   * @param input the prediction, of any shape
   * @param target the target, of the same shape as {@code input}
   * @param reduction how to combine the per-element losses
   * @param beta where the loss turns from quadratic to linear, non-negative
   * @return the loss: 0-d, or shaped like {@code input} for {@link Reduction#NONE}
   * @throws TensorException if the shapes differ or {@code beta} is negative
   */
  public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
    requireLossArguments("smoothL1Loss", input, target, reduction);
    if (beta < 0) throw new TensorException("smoothL1Loss: beta must be non-negative, got " + beta);
    Tensor d = input.sub(target).abs();
    if (beta == 0) return reduction.apply(d);
    Tensor quadratic = d.square().mul(0.5 / beta);
    Tensor linear = d.sub(0.5 * beta);
    return reduction
        .apply(Tensor.where(d.lt(beta), quadratic, linear))
        .named("SmoothL1LossBackward");
  }

  /**
   * Binary cross entropy of probabilities, mean-reduced.
   *
   * @param input probabilities in [0, 1], of any shape
   * @param target the target probabilities (usually 0 or 1), of the same shape
   * @return the mean loss, 0-d
   * @throws TensorException if the shapes differ or an input lies outside [0, 1]
   */
  public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
    return binaryCrossEntropy(input, target, Reduction.MEAN);
  }

  /**
   * Binary cross entropy {@code -(target log(input) + (1 - target) log(1 - input))}, each log
   * clamped at -100 as in PyTorch so that a probability of exactly 0 or 1 gives a finite loss.
   * Derivatives, PyTorch's: for input {@code grad (input - target) / max(input (1 - input),
   * 1e-12)}, finite at 0 and 1 too (and 0 where input equals target); for target {@code -grad
   * logit(input)}.
   *
   * @param input probabilities in [0, 1], of any shape
   * @param target the target probabilities (usually 0 or 1), of the same shape
   * @param reduction how to combine the per-element losses
   * @return the loss: 0-d, or shaped like {@code input} for {@link Reduction#NONE}
   * @throws TensorException if the shapes differ or an input lies outside [0, 1]
   */
  public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Reduction reduction) {
    requireLossArguments("binaryCrossEntropy", input, target, reduction);
    for (double v : input.toDoubleArray()) {
      if (!(v >= 0 && v <= 1)) {
        throw new TensorException(
            "binaryCrossEntropy: all elements of input should be between 0 and 1, found "
                + v
                + " (apply sigmoid first, or use binaryCrossEntropyWithLogits)");
      }
    }
    Tensor losses;
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      Tensor logP = input.log().clampMin(-100);
      Tensor logNotP = input.neg().add(1).log().clampMin(-100);
      losses = target.mul(logP).add(target.neg().add(1).mul(logNotP)).neg();
    }
    if (Primitive.active(input, target)) {
      losses = Primitives.BINARY_CROSS_ENTROPY.record(losses, new Tensor[] {input, target}, null);
    }
    return reduction.apply(losses).named("BinaryCrossEntropyBackward");
  }

  /**
   * Binary cross entropy of logits, mean-reduced.
   *
   * @param input logits (any real numbers), of any shape
   * @param target the target probabilities (usually 0 or 1), of the same shape
   * @return the mean loss, 0-d
   * @throws TensorException if the shapes differ
   */
  public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
    return binaryCrossEntropyWithLogits(input, target, Reduction.MEAN);
  }

  /**
   * Binary cross entropy of {@code sigmoid(input)}, computed stably as {@code (1 - target) input +
   * softplus(-input)}. Derivative for input: {@code grad (sigmoid(input) - target)}.
   *
   * @param input logits (any real numbers), of any shape
   * @param target the target probabilities (usually 0 or 1), of the same shape
   * @param reduction how to combine the per-element losses
   * @return the loss: 0-d, or shaped like {@code input} for {@link Reduction#NONE}
   * @throws TensorException if the shapes differ
   */
  public static Tensor binaryCrossEntropyWithLogits(
      Tensor input, Tensor target, Reduction reduction) {
    return binaryCrossEntropyWithLogits(input, target, null, reduction, null);
  }

  /**
   * Binary cross entropy of {@code sigmoid(input)} with a weight per element and a weight of the
   * positive examples, as PyTorch's {@code binary_cross_entropy_with_logits(input, target, weight,
   * reduction, pos_weight)}:
   *
   * <pre>
   * l = weight * ((1 - target) input + (1 + (posWeight - 1) target) softplus(-input))
   *   = -weight * (posWeight target log sigmoid(input) + (1 - target) log(1 - sigmoid(input)))
   * </pre>
   *
   * A posWeight above 1 counts the positive examples more (recall), below 1 less (precision);
   * PyTorch's docs suggest the ratio of negative to positive examples of each class. Derivative for
   * input: {@code grad weight ((1 + (posWeight - 1) target) sigmoid(input) - posWeight target)}.
   *
   * <pre>{@code
   * Tensor logits = Tensor.of(new double[] {0.5, -1, 2, 0}, 2, 2);
   * Tensor labels = Tensor.of(new double[] {1, 0, 1, 1}, 2, 2);
   * Tensor posWeight = Tensor.of(new double[] {3, 1}); // one per class: the last dim
   * Functional.binaryCrossEntropyWithLogits(logits, labels, null, Reduction.MEAN, posWeight);
   * // tensor(0.7024)
   * }</pre>
   *
   * @param input logits (any real numbers), of any shape
   * @param target the target probabilities (usually 0 or 1), of the same shape
   * @param weight a weight broadcastable to the input's shape, or null for none
   * @param reduction how to combine the per-element losses
   * @param posWeight the weight of the positive term, broadcastable to the input's shape (one per
   *     class: of the shape of the last dim), or null for none
   * @return the loss: 0-d, or shaped like {@code input} for {@link Reduction#NONE}
   * @throws TensorException if the shapes differ, or a weight does not broadcast to the input's
   *     shape
   */
  public static Tensor binaryCrossEntropyWithLogits(
      Tensor input, Tensor target, Tensor weight, Reduction reduction, Tensor posWeight) {
    String op = "binaryCrossEntropyWithLogits";
    requireLossArguments(op, input, target, reduction);
    requireBroadcastsTo(op, "weight", weight, input);
    requireBroadcastsTo(op, "posWeight", posWeight, input);
    Tensor notTarget = target.neg().add(1);
    Tensor softplusNeg = input.neg().softplus();
    Tensor positive =
        posWeight == null ? softplusNeg : posWeight.sub(1).mul(target).add(1).mul(softplusNeg);
    Tensor losses = notTarget.mul(input).add(positive);
    if (weight != null) losses = losses.mul(weight);
    return reduction.apply(losses).named("BinaryCrossEntropyWithLogitsBackward");
  }

  /**
   * Cross entropy of logits against class indices, mean-reduced.
   *
   * <pre>{@code
   * Tensor logits = Tensor.of(new double[] {2, 0, 0, 0, 0, 2}, 2, 3);
   * Functional.crossEntropy(logits, Tensor.of(new long[] {0, 2})); // tensor(0.2395)
   * }</pre>
   *
   * @param logits unnormalised scores, of shape [N, C] (or [C])
   * @param target INT64 class indices in [0, C), of shape [N] (or 0-d)
   * @return the mean loss, 0-d
   * @throws TensorException if the shapes do not match, the target is not INT64, or a class index
   *     is out of range
   */
  public static Tensor crossEntropy(Tensor logits, Tensor target) {
    return crossEntropy(logits, target, Reduction.MEAN);
  }

  /**
   * Cross entropy {@code -log softmax(logits)[target]} of logits [N, C] (or [C]) against INT64
   * class indices [N] (or 0-d), with PyTorch's default {@code ignoreIndex} of {@value
   * #DEFAULT_IGNORE_INDEX}: see {@link #crossEntropy(Tensor, Tensor, Reduction, long)}.
   *
   * @param logits unnormalised scores, of shape [N, C] (or [C])
   * @param target INT64 class indices in [0, C) or -100, of shape [N] (or 0-d)
   * @param reduction how to combine the per-element losses
   * @return the loss: 0-d, or of shape [N] for {@link Reduction#NONE}
   * @throws TensorException if the shapes do not match, the target is not INT64, or a class index
   *     is out of range
   */
  public static Tensor crossEntropy(Tensor logits, Tensor target, Reduction reduction) {
    return crossEntropy(logits, target, reduction, DEFAULT_IGNORE_INDEX);
  }

  /**
   * Cross entropy {@code -log softmax(logits)[target]} of logits [N, C] (or [C]) against INT64
   * class indices [N] (or 0-d). Derivative for logits: {@code grad (softmax(logits) -
   * onehot(target))}. Examples whose target is {@code ignoreIndex} (padding, unlabelled data) add
   * nothing, as in {@link #nllLoss(Tensor, Tensor, Reduction, long)}.
   *
   * <pre>{@code
   * Tensor logits = Tensor.of(new double[] {2, 0, 0, 0, 0, 2}, 2, 3);
   * Functional.crossEntropy(logits, Tensor.of(new long[] {0, -100}), Reduction.MEAN, -100);
   * // tensor(0.2395): the first example's loss alone
   * }</pre>
   *
   * @param logits unnormalised scores, of shape [N, C] (or [C])
   * @param target INT64 class indices in [0, C) or {@code ignoreIndex}, of shape [N] (or 0-d)
   * @param reduction how to combine the per-element losses
   * @param ignoreIndex the target value whose examples are left out (PyTorch's default is -100)
   * @return the loss: 0-d, or of shape [N] for {@link Reduction#NONE}
   * @throws TensorException if the shapes do not match, the target is not INT64, or a class index
   *     other than {@code ignoreIndex} is out of range
   */
  public static Tensor crossEntropy(
      Tensor logits, Tensor target, Reduction reduction, long ignoreIndex) {
    return crossEntropy(logits, target, null, reduction, ignoreIndex, 0);
  }

  /**
   * Cross entropy of logits [N, C] (or [C]) against INT64 class indices [N] (or 0-d), with class
   * weights and label smoothing, as PyTorch's {@code cross_entropy(input, target, weight,
   * ignore_index, reduction, label_smoothing)}. With {@code logp = logSoftmax(logits)}, {@code w}
   * the weights (all 1 when null), {@code eps} the smoothing and the sums over the examples whose
   * target is not {@code ignoreIndex}:
   *
   * <pre>
   * nll_i    = -w[target_i] logp[i, target_i]          smooth_i = -sum_c w[c] logp[i, c]
   * NONE:  (1 - eps) nll_i + eps / C smooth_i           (0 for an ignored example)
   * SUM:   (1 - eps) sum_i nll_i + eps / C sum_i smooth_i
   * MEAN:  the SUM divided by sum_i w[target_i]         (the number of examples when unweighted)
   * </pre>
   *
   * so that the weighted mean is a weighted average, and the smoothing term is normalised by the
   * same weights, as in PyTorch. Derivative for logits: {@code grad (softmax(logits) - q)} scaled
   * by the weights, where q puts {@code 1 - eps + eps / C} on the target and {@code eps / C} on
   * every other class.
   *
   * <pre>{@code
   * Tensor logits = Tensor.of(new double[] {2, 0, 0, 0, 0, 2}, 2, 3);
   * Tensor weight = Tensor.of(new double[] {1, 1, 3});
   * Functional.crossEntropy(logits, Tensor.of(new long[] {0, 2}), weight, Reduction.MEAN, -100, 0.1);
   * // tensor(0.3356)
   * }</pre>
   *
   * @param logits unnormalised scores, of shape [N, C] (or [C])
   * @param target INT64 class indices in [0, C) or {@code ignoreIndex}, of shape [N] (or 0-d)
   * @param weight a weight per class, of shape [C], or null for none
   * @param reduction how to combine the per-example losses
   * @param ignoreIndex the target value whose examples are left out (PyTorch's default is -100)
   * @param labelSmoothing the share eps in [0, 1] of the target moved evenly onto all classes
   *     (PyTorch's default is 0)
   * @return the loss: 0-d, or of shape [N] for {@link Reduction#NONE}
   * @throws TensorException if the shapes do not match, the target is not INT64, a class index
   *     other than {@code ignoreIndex} is out of range, the weight is not of shape [C], or {@code
   *     labelSmoothing} is outside [0, 1]
   */
  public static Tensor crossEntropy(
      Tensor logits,
      Tensor target,
      Tensor weight,
      Reduction reduction,
      long ignoreIndex,
      double labelSmoothing) {
    Arguments.requireNonNull("crossEntropy", "logits", logits);
    Arguments.requireNonNull("crossEntropy", "target", target);
    Arguments.requireNonNull("crossEntropy", "reduction", reduction);
    if (logits.dim() != 1 && logits.dim() != 2) {
      throw new TensorException(
          "crossEntropy: expects logits of shape [N, C] or [C], got "
              + Shapes.format(logits.shape()));
    }
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw new TensorException(
          "crossEntropy: labelSmoothing must be between 0.0 and 1.0, got " + labelSmoothing);
    }
    Tensor logProbs = logits.logSoftmax(-1);
    return classLoss(
            "crossEntropy", logProbs, target, weight, reduction, ignoreIndex, labelSmoothing)
        .named("NllLossBackward");
  }

  /**
   * Negative log likelihood of log-probabilities against class indices, mean-reduced.
   *
   * @param logProbs log-probabilities, of shape [N, C] (or [C]), as made by {@link
   *     Tensor#logSoftmax(int)}
   * @param target INT64 class indices in [0, C), of shape [N] (or 0-d)
   * @return the mean loss, 0-d
   * @throws TensorException if the shapes do not match, the target is not INT64, or a class index
   *     is out of range
   */
  public static Tensor nllLoss(Tensor logProbs, Tensor target) {
    return nllLoss(logProbs, target, Reduction.MEAN);
  }

  /**
   * Negative log likelihood {@code -logProbs[i, target[i]]} of log-probabilities [N, C] (or [C])
   * against INT64 class indices [N] (or 0-d), with PyTorch's default {@code ignoreIndex} of {@value
   * #DEFAULT_IGNORE_INDEX}: see {@link #nllLoss(Tensor, Tensor, Reduction, long)}.
   *
   * @param logProbs log-probabilities, of shape [N, C] (or [C]), as made by {@link
   *     Tensor#logSoftmax(int)}
   * @param target INT64 class indices in [0, C) or -100, of shape [N] (or 0-d)
   * @param reduction how to combine the per-element losses
   * @return the loss: 0-d, or of shape [N] for {@link Reduction#NONE}
   * @throws TensorException if the target is not INT64, its shape does not match, or a class index
   *     is out of range
   */
  public static Tensor nllLoss(Tensor logProbs, Tensor target, Reduction reduction) {
    return nllLoss(logProbs, target, null, reduction, DEFAULT_IGNORE_INDEX);
  }

  /**
   * Negative log likelihood {@code -logProbs[i, target[i]]} of log-probabilities [N, C] (or [C])
   * against INT64 class indices [N] (or 0-d), like PyTorch's {@code nll_loss}. An example whose
   * target is {@code ignoreIndex} has loss 0 and gradient 0, and does not count in the mean:
   *
   * <pre>
   * l_i = -logProbs[i, target[i]]  if target[i] != ignoreIndex,  else 0
   * MEAN: sum_i l_i / #{i : target[i] != ignoreIndex}       SUM: sum_i l_i       NONE: l
   * </pre>
   *
   * As in PyTorch, the mean is NaN (0 / 0) when every example is ignored.
   *
   * @param logProbs log-probabilities, of shape [N, C] (or [C]), as made by {@link
   *     Tensor#logSoftmax(int)}
   * @param target INT64 class indices in [0, C) or {@code ignoreIndex}, of shape [N] (or 0-d)
   * @param reduction how to combine the per-element losses
   * @param ignoreIndex the target value whose examples are left out (PyTorch's default is -100)
   * @return the loss: 0-d, or of shape [N] for {@link Reduction#NONE}
   * @throws TensorException if the target is not INT64, its shape does not match, or a class index
   *     other than {@code ignoreIndex} is out of range
   */
  public static Tensor nllLoss(
      Tensor logProbs, Tensor target, Reduction reduction, long ignoreIndex) {
    return nllLoss(logProbs, target, null, reduction, ignoreIndex);
  }

  /**
   * Negative log likelihood with a weight per class, as PyTorch's {@code nll_loss(input, target,
   * weight, ignore_index, reduction)}: an example counts as much as its target's weight, in the
   * loss and in the mean's denominator.
   *
   * <pre>
   * l_i = -weight[target[i]] logProbs[i, target[i]]  if target[i] != ignoreIndex,  else 0
   * MEAN: sum_i l_i / sum_{i : target[i] != ignoreIndex} weight[target[i]]    SUM: sum_i l_i
   * </pre>
   *
   * @param logProbs log-probabilities, of shape [N, C] (or [C]), as made by {@link
   *     Tensor#logSoftmax(int)}
   * @param target INT64 class indices in [0, C) or {@code ignoreIndex}, of shape [N] (or 0-d)
   * @param weight a weight per class, of shape [C], or null for none (all 1)
   * @param reduction how to combine the per-example losses
   * @param ignoreIndex the target value whose examples are left out (PyTorch's default is -100)
   * @return the loss: 0-d, or of shape [N] for {@link Reduction#NONE}
   * @throws TensorException if the target is not INT64, its shape does not match, a class index
   *     other than {@code ignoreIndex} is out of range, or the weight is not of shape [C]
   */
  public static Tensor nllLoss(
      Tensor logProbs, Tensor target, Tensor weight, Reduction reduction, long ignoreIndex) {
    return classLoss("nllLoss", logProbs, target, weight, reduction, ignoreIndex, 0)
        .named("NllLossBackward");
  }

  /**
   * nllLoss with weights and crossEntropy's label smoothing {@code eps} (see {@link
   * #crossEntropy(Tensor, Tensor, Tensor, Reduction, long, double)}), with errors reported as
   * coming from {@code op} (the loss the user called).
   */
  private static Tensor classLoss(
      String op,
      Tensor logProbs,
      Tensor target,
      Tensor weight,
      Reduction reduction,
      long ignoreIndex,
      double eps) {
    Arguments.requireNonNull(op, "logProbs", logProbs);
    Arguments.requireNonNull(op, "target", target);
    Arguments.requireNonNull(op, "reduction", reduction);
    if (target.dtype() != DType.INT64) {
      throw new TensorException(
          op
              + ": target must be an INT64 tensor of class indices, got "
              + target.dtype().pytorchName());
    }
    boolean single = logProbs.dim() == 1;
    Tensor input = single ? logProbs.unsqueeze(0) : logProbs;
    Tensor labels = single && target.numel() == 1 ? target.reshape(1) : target;
    if (input.dim() != 2 || labels.dim() != 1 || labels.size(0) != input.size(0)) {
      throw new TensorException(
          op
              + ": expects input [N, C] with target [N] (or [C] with a 0-d target), got input "
              + Shapes.format(logProbs.shape())
              + " and target "
              + Shapes.format(target.shape()));
    }
    int classes = input.size(1);
    if (weight != null && (weight.dim() != 1 || weight.size(0) != classes)) {
      throw new TensorException(
          op
              + ": weight must hold one weight per class, of shape ["
              + classes
              + "], got "
              + Shapes.format(weight.shape()));
    }
    if (Math.abs(ignoreIndex) > 1L << 53) {
      // NOTE: targets are compared as doubles, exact to 2^53 (as INT64 tensors are stored)
      throw new TensorException(
          op
              + ": ignoreIndex "
              + ignoreIndex
              + " is beyond ±2^53, where class indices lose precision");
    }
    double[] targets = labels.toDoubleArray();
    int ignored = 0;
    for (int i = 0; i < targets.length; i++) {
      double t = targets[i];
      if (t == ignoreIndex) {
        ignored++;
        targets[i] = -1; // picks no class below, also when ignoreIndex is one
      } else if (t < 0 || t >= classes) {
        throw new TensorException(
            op
                + ": target "
                + (long) t
                + " is out of bounds for "
                + classes
                + " classes (input shape "
                + Shapes.format(logProbs.shape())
                + "); only the ignoreIndex "
                + ignoreIndex
                + " may lie outside [0, "
                + classes
                + ")");
      }
    }
    Tensor picks = ignored > 0 ? Tensor.of(targets, DType.INT64, targets.length) : labels;
    Tensor oneHot = Tensor.arange(classes).reshape(1, classes).eq(picks.reshape(-1, 1));
    Tensor rowWeights = weight == null ? null : weight.reshape(1, classes);
    Tensor weighted = rowWeights == null ? input.neg() : input.neg().mul(rowWeights);
    // where, not a product with the one-hot mask: a -inf log-probability of another class would
    // make a NaN of 0 * -inf. Negated before the sum, so that an ignored example's loss is +0, as
    // in PyTorch.
    Tensor zero = Tensor.scalar(0, weighted.dtype());
    Tensor perExample = Tensor.where(oneHot, weighted, zero).sum(1);
    if (eps > 0) {
      Tensor kept = picks.ne(-1);
      Tensor smooth = Tensor.where(kept, weighted.sum(1), zero);
      perExample = perExample.mul(1 - eps).add(smooth.mul(eps / classes));
    }
    if (reduction == Reduction.NONE) return single ? perExample.reshape() : perExample;
    if (reduction == Reduction.SUM) return perExample.sum();
    if (weight != null) {
      // NOTE: the weights of the examples kept, not N: a weighted average; 0 / 0 is NaN as in
      // PyTorch
      Tensor total = Tensor.where(oneHot, rowWeights, Tensor.scalar(0, weight.dtype())).sum();
      return perExample.sum().div(total);
    }
    // NOTE: the count of examples kept, not N; 0 / 0 is NaN as in PyTorch
    return ignored > 0 ? perExample.sum().div(labels.numel() - ignored) : perExample.mean();
  }

  /** Refuses a weight (if given) that would not broadcast to the input's shape unchanged. */
  private static void requireBroadcastsTo(String op, String name, Tensor weight, Tensor input) {
    if (weight == null) return;
    int[] shape = input.shape();
    int[] w = weight.shape();
    boolean fits = w.length <= shape.length;
    for (int i = 1; fits && i <= w.length; i++) {
      int size = w[w.length - i];
      fits = size == 1 || size == shape[shape.length - i];
    }
    if (!fits) {
      throw new TensorException(
          op
              + ": "
              + name
              + " of shape "
              + Shapes.format(w)
              + " does not broadcast to the input's shape "
              + Shapes.format(shape));
    }
  }

  /** The checks every loss of an input and a target of its shape makes first. */
  private static void requireLossArguments(
      String op, Tensor input, Tensor target, Reduction reduction) {
    Arguments.requireNonNull(op, "input", input);
    Arguments.requireNonNull(op, "target", target);
    Arguments.requireNonNull(op, "reduction", reduction);
    if (!Arrays.equals(input.shape(), target.shape())) {
      throw new TensorException(
          op
              + ": target shape "
              + Shapes.format(target.shape())
              + " differs from input shape "
              + Shapes.format(input.shape())
              + "; reshape one of them so they match");
    }
  }
}
