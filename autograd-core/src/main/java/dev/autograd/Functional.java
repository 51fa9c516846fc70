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
    if (x.dim() > 2 && fusable(x, weight, bias)) {
      // As PyTorch folds the leading dims into the rows: one product, a bias gradient summed over
      // rows, and the weight's gradient in one product rather than one per batch entry summed.
      int[] shape = x.shape().clone();
      shape[shape.length - 1] = weight.size(0);
      return MatmulOps.linear(x.reshape(-1, weight.size(1)), weight, bias).reshape(shape);
    }
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
   * The connectionist temporal classification loss, as PyTorch's {@code ctc_loss(log_probs,
   * targets, input_lengths, target_lengths, blank, reduction, zero_infinity)}: for each sequence b,
   * {@code -log} of the total probability of every alignment of its target to its first {@code
   * inputLengths[b]} steps (the target's labels in order, each over one or more steps, with blanks
   * between, before and after; repeated labels need a blank between them). The mean divides each
   * loss by its target length (at least 1), then averages over the batch. A target that no
   * alignment fits gives an infinite loss, or 0 with {@code zeroInfinity} (and no gradient). The
   * gradient is the alignment posterior's: with respect to the logits of {@code logProbs =
   * logSoftmax(logits)} it is PyTorch's ({@code softmax - posterior}); with respect to logProbs
   * itself it is the exact one, where PyTorch's adds {@code exp(logProbs)}, which logSoftmax's
   * gradient cancels.
   *
   * @param logProbs [T, N, C] log-probabilities (log_softmax over C)
   * @param targets [N, S] padded labels, or their 1-D concatenation, in [0, C) without the blank
   * @param inputLengths the steps of each sequence, in [0, T]
   * @param targetLengths the labels of each sequence
   * @param blank the blank's class
   * @param reduction mean (as defined above), sum or none ([N])
   * @param zeroInfinity whether impossible targets give 0 rather than infinity
   * @return the loss
   * @throws TensorException for shapes, lengths or labels PyTorch refuses
   */
  public static Tensor ctcLoss(
      Tensor logProbs,
      Tensor targets,
      long[] inputLengths,
      long[] targetLengths,
      int blank,
      Reduction reduction,
      boolean zeroInfinity) {
    return CtcOps.ctcLoss(
        logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
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
   * Huber loss with delta = 1, mean-reduced.
   *
   * @param input the prediction, of any shape
   * @param target the target, of the same shape as {@code input}
   * @return the mean loss, 0-d
   * @throws TensorException if the shapes differ
   */
  public static Tensor huberLoss(Tensor input, Tensor target) {
    return huberLoss(input, target, Reduction.MEAN, 1.0);
  }

  /**
   * Huber loss, as PyTorch's {@code huber_loss(input, target, reduction, delta)}: with {@code d =
   * input - target},
   *
   * <pre>
   * l = 0.5 d^2                   if |d| &lt; delta
   *   = delta (|d| - 0.5 delta)   otherwise
   * </pre>
   *
   * It is {@code delta} times the {@link #smoothL1Loss(Tensor, Tensor, Reduction, double) smooth L1
   * loss} with {@code beta = delta}. Derivative for input: {@code grad clamp(d, -delta, delta)}
   * (divided by numel for MEAN), and its negative for target.
   *
   * <pre>{@code
   * Functional.huberLoss(Tensor.of(new double[] {0.5, 3}), Tensor.zeros(2), Reduction.SUM, 1.0);
   * // 0.125 + 2.5 = tensor(2.6250)
   * }</pre>
   *
   * @param input the prediction, of any shape
   * @param target the target, of the same shape as {@code input}
   * @param reduction how to combine the per-element losses
   * @param delta where the loss turns from quadratic to linear, positive
   * @return the loss: 0-d, or shaped like {@code input} for {@link Reduction#NONE}
   * @throws TensorException if the shapes differ or {@code delta} is not positive
   */
  public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
    requireLossArguments("huberLoss", input, target, reduction);
    if (!(delta > 0)) {
      throw new TensorException("huberLoss: delta must be positive, got " + delta);
    }
    Tensor d = input.sub(target);
    Tensor absolute = d.abs();
    // the square of d, not of |d|: its second derivative is 1 at d = 0 too, as PyTorch's
    Tensor quadratic = d.square().mul(0.5);
    Tensor linear = absolute.sub(0.5 * delta).mul(delta);
    return reduction
        .apply(Tensor.where(absolute.lt(delta), quadratic, linear))
        .named("HuberLossBackward");
  }

  /**
   * Kullback-Leibler divergence of log-probabilities {@code input} from probabilities {@code
   * target}, mean-reduced over every element (PyTorch's default, which is not the mathematical KL
   * divergence: see {@link #klDivLossBatchMean(Tensor, Tensor, boolean)}).
   *
   * @param input log-probabilities, of any shape
   * @param target probabilities, of the same shape
   * @return the mean loss, 0-d
   * @throws TensorException if the shapes differ
   */
  public static Tensor klDivLoss(Tensor input, Tensor target) {
    return klDivLoss(input, target, Reduction.MEAN, false);
  }

  /**
   * Pointwise Kullback-Leibler divergence, as PyTorch's {@code kl_div(input, target, reduction,
   * log_target)}: {@code input} holds log-probabilities {@code log q}, {@code target} the
   * probabilities {@code p} (or, with {@code logTarget}, their logs {@code log p}):
   *
   * <pre>
   * l = p (log p - input)           (logTarget false; 0 where p = 0, as xlogy(p, p))
   * l = exp(log p) (log p - input)  (logTarget true)
   * </pre>
   *
   * {@link Reduction#MEAN} divides the sum by the number of elements, as PyTorch does (with a
   * warning, logged once here); the divergence of distributions along the last dim is {@link
   * #klDivLossBatchMean(Tensor, Tensor, boolean)}. Derivatives: {@code -grad p} for input; {@code
   * grad (log p + 1 - input)} for target (0 where p = 0, where PyTorch's xlogy gives NaN), {@code
   * grad exp(log p) (log p + 1 - input)} with logTarget.
   *
   * <pre>{@code
   * Tensor logQ = Tensor.of(new double[] {0.25, 0.75}).log();
   * Functional.klDivLoss(logQ, Tensor.of(new double[] {0.5, 0.5}), Reduction.SUM, false);
   * // 0.5 log 2 + 0.5 log(2/3) = tensor(0.1438)
   * }</pre>
   *
   * @param input log-probabilities, of any shape
   * @param target probabilities (or log-probabilities with {@code logTarget}), of the same shape
   * @param reduction how to combine the per-element losses
   * @param logTarget whether {@code target} holds log-probabilities
   * @return the loss: 0-d, or shaped like {@code input} for {@link Reduction#NONE}
   * @throws TensorException if the shapes differ
   */
  public static Tensor klDivLoss(
      Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
    Tensor losses = klDivPointwise("klDivLoss", input, target, reduction, logTarget);
    if (reduction == Reduction.MEAN) KlDivMeanWarning.once();
    return reduction.apply(losses);
  }

  /**
   * Kullback-Leibler divergence summed and divided by the batch size {@code input.size(0)}, as
   * PyTorch's {@code kl_div(input, target, reduction="batchmean", log_target)}: for a batch of
   * distributions along the last dim, the mean of their divergences {@code KL(p || q) = sum p (log
   * p - log q)}. A 0-d input gives the sum. The pointwise loss and its derivatives are those of
   * {@link #klDivLoss(Tensor, Tensor, Reduction, boolean)}.
   *
   * <pre>{@code
   * Tensor logQ = Tensor.of(new double[] {0.25, 0.75, 0.5, 0.5}, 2, 2).log();
   * Tensor p = Tensor.of(new double[] {0.5, 0.5, 0.5, 0.5}, 2, 2);
   * Functional.klDivLossBatchMean(logQ, p, false); // (0.1438 + 0) / 2 = tensor(0.0719)
   * }</pre>
   *
   * @param input log-probabilities, of shape [N, ...] (or 0-d)
   * @param target probabilities (or log-probabilities with {@code logTarget}), of the same shape
   * @param logTarget whether {@code target} holds log-probabilities
   * @return the loss, 0-d
   * @throws TensorException if the shapes differ
   */
  public static Tensor klDivLossBatchMean(Tensor input, Tensor target, boolean logTarget) {
    Tensor sum =
        klDivPointwise("klDivLossBatchMean", input, target, Reduction.SUM, logTarget).sum();
    return input.dim() == 0 ? sum : sum.div(input.size(0));
  }

  private static Tensor klDivPointwise(
      String op, Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
    requireLossArguments(op, input, target, reduction);
    if (logTarget) return target.exp().mul(target.sub(input));
    // xlogy(p, p) with 0 at p = 0: log of 1 there, so that neither value nor gradient is NaN
    Tensor zero = target.eq(0);
    Tensor safe = Tensor.where(zero, Tensor.scalar(1, target.dtype()), target);
    return target.mul(safe.log()).sub(target.mul(input));
  }

  /** PyTorch's warning that kl_div's MEAN is not the divergence, logged once per JVM. */
  private static final class KlDivMeanWarning {
    private static final java.util.concurrent.atomic.AtomicBoolean LOGGED =
        new java.util.concurrent.atomic.AtomicBoolean();

    static void once() {
      if (LOGGED.compareAndSet(false, true)) {
        org.slf4j.LoggerFactory.getLogger(Functional.class)
            .warn(
                "klDivLoss: Reduction.MEAN divides the total loss by both the batch size and the"
                    + " support size; klDivLossBatchMean divides only by the batch size, and"
                    + " aligns with the KL divergence's definition (PyTorch's"
                    + " reduction=\"batchmean\")");
      }
    }
  }

  /**
   * Margin ranking loss with margin 0, mean-reduced.
   *
   * @param input1 the scores of the first items, of any shape
   * @param input2 the scores of the second items, of the same shape
   * @param target 1 where the first should rank higher, -1 where the second, of the same shape
   * @return the mean loss, 0-d
   * @throws TensorException if the shapes differ
   */
  public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target) {
    return marginRankingLoss(input1, input2, target, 0, Reduction.MEAN);
  }

  /**
   * Margin ranking loss, as PyTorch's {@code margin_ranking_loss(input1, input2, target, margin,
   * reduction)}: with {@code y} of 1 where {@code input1} should rank higher and -1 where {@code
   * input2} should,
   *
   * <pre>
   * l = max(0, -y (input1 - input2) + margin)
   * </pre>
   *
   * Derivatives where {@code l > 0} (and at 0, as clampMin): {@code -grad y} for input1, {@code
   * grad y} for input2, {@code -grad (input1 - input2)} for target; 0 elsewhere.
   *
   * <pre>{@code
   * Tensor x1 = Tensor.of(new double[] {2, 1});
   * Tensor x2 = Tensor.of(new double[] {1, 3});
   * Functional.marginRankingLoss(x1, x2, Tensor.of(new double[] {1, 1}), 0.5, Reduction.NONE);
   * // tensor([0.0000, 2.5000])
   * }</pre>
   *
   * @param input1 the scores of the first items, of any shape
   * @param input2 the scores of the second items, of the same shape
   * @param target 1 where the first should rank higher, -1 where the second, of the same shape
   * @param margin how far apart the scores must be to give no loss
   * @param reduction how to combine the per-element losses
   * @return the loss: 0-d, or shaped like {@code input1} for {@link Reduction#NONE}
   * @throws TensorException if the shapes differ
   */
  public static Tensor marginRankingLoss(
      Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
    String op = "marginRankingLoss";
    requireSameShapes(op, new String[] {"input1", "input2", "target"}, input1, input2, target);
    Arguments.requireNonNull(op, "reduction", reduction);
    Tensor losses = target.neg().mul(input1.sub(input2)).add(margin).clampMin(0);
    return reduction.apply(losses);
  }

  /**
   * The shared first check of the losses of several tensors of one shape: none is null, and all
   * have the shape of the first (they are not broadcast, as in {@link #mseLoss(Tensor, Tensor,
   * Reduction)}).
   */
  private static void requireSameShapes(String op, String[] names, Tensor... tensors) {
    for (int i = 0; i < tensors.length; i++) Arguments.requireNonNull(op, names[i], tensors[i]);
    for (int i = 1; i < tensors.length; i++) {
      if (!Arrays.equals(tensors[0].shape(), tensors[i].shape())) {
        StringBuilder shapes = new StringBuilder();
        for (int k = 0; k < tensors.length; k++) {
          shapes.append(k == 0 ? "" : ", ").append(names[k]).append(' ');
          shapes.append(Shapes.format(tensors[k].shape()));
        }
        throw new TensorException(
            op
                + ": all inputs must have the same shape, got "
                + shapes
                + " (they are not broadcast)");
      }
    }
  }

  /**
   * Cosine embedding loss with margin 0, mean-reduced.
   *
   * @param input1 the first embeddings, [N, D] (or one of [D])
   * @param input2 the second embeddings, of the same shape
   * @param target 1 for the pairs that should be alike, -1 for those that should not: [N] (or 0-d)
   * @return the mean loss, 0-d
   * @throws TensorException if the shapes do not fit
   */
  public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target) {
    return cosineEmbeddingLoss(input1, input2, target, 0, Reduction.MEAN);
  }

  /**
   * Cosine embedding loss, as PyTorch's {@code cosine_embedding_loss(input1, input2, target,
   * margin, reduction)}: with the cosine similarity of each pair along the last dim, each squared
   * norm plus PyTorch's {@code EPSILON = 1e-12f} (so that a zero vector has cosine 0, not NaN),
   *
   * <pre>
   * cos = sum(x1 x2) / sqrt((sum(x1^2) + EPSILON) (sum(x2^2) + EPSILON))
   * l   = 1 - cos                 where y = 1
   *     = max(0, cos - margin)    where y = -1
   *     = 0                       for any other y
   * </pre>
   *
   * The derivative follows from these ops; there is none for target.
   *
   * <pre>{@code
   * Tensor x1 = Tensor.of(new double[] {1, 0, 1, 1}, 2, 2);
   * Tensor x2 = Tensor.of(new double[] {0, 1, 1, 1}, 2, 2);
   * Functional.cosineEmbeddingLoss(x1, x2, Tensor.of(new double[] {1, -1}), 0, Reduction.NONE);
   * // tensor([1., 1.])
   * }</pre>
   *
   * @param input1 the first embeddings, [N, D] (or one of [D])
   * @param input2 the second embeddings, of the same shape
   * @param target 1 for the pairs that should be alike, -1 for those that should not: [N] (or 0-d)
   * @param margin the cosine below which unlike pairs give no loss, in [-1, 1] (PyTorch suggests 0
   *     to 0.5)
   * @param reduction how to combine the per-pair losses
   * @return the loss: 0-d, or [N] for {@link Reduction#NONE} (0-d for 1-D inputs)
   * @throws TensorException if target is not 0-d or 1-d, the inputs are not 2-D for a 1-d target
   *     (1-D for a 0-d one), their shapes differ, or target's size is not their batch size
   */
  public static Tensor cosineEmbeddingLoss(
      Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
    String op = "cosineEmbeddingLoss";
    requireSameShapes(op, new String[] {"input1", "input2"}, input1, input2);
    Arguments.requireNonNull(op, "target", target);
    Arguments.requireNonNull(op, "reduction", reduction);
    int dim = target.dim();
    if (dim > 1) {
      throw new TensorException(
          op
              + ": expects a 0-d or 1-d target (multi-target not supported), got target of shape "
              + Shapes.format(target.shape()));
    }
    if (input1.dim() != dim + 1 || (dim == 1 && target.size(0) != input1.size(0))) {
      throw new TensorException(
          op
              + ": a "
              + dim
              + "-d target expects "
              + (dim + 1)
              + "-d inputs "
              + (dim == 1 ? "[N, D] with target [N]" : "[D]")
              + ", got inputs of shape "
              + Shapes.format(input1.shape())
              + " and target "
              + Shapes.format(target.shape()));
    }
    // PyTorch's EPSILON is a float: 1e-12f, 9.999999960041972e-13 as a double, which sets the
    // gradient at a zero vector
    final double epsilon = 1e-12f;
    Tensor dot = input1.mul(input2).sum(dim);
    Tensor squared1 = input1.square().sum(dim).add(epsilon);
    Tensor squared2 = input2.square().sum(dim).add(epsilon);
    Tensor cos = dot.div(squared1.mul(squared2).sqrt());
    Tensor zero = Tensor.scalar(0, cos.dtype());
    Tensor alike = Tensor.where(target.eq(1), cos.neg().add(1), zero);
    Tensor unlike = Tensor.where(target.eq(-1), cos.sub(margin).clampMin(0), zero);
    return reduction.apply(alike.add(unlike));
  }

  /**
   * Triplet margin loss with PyTorch's defaults (margin 1, p 2, eps 1e-6, no swap), mean-reduced.
   *
   * @param anchor the anchors, [N, D] (or one of [D])
   * @param positive the examples like them, of the same shape
   * @param negative the examples unlike them, of the same shape
   * @return the mean loss, 0-d
   * @throws TensorException if the shapes differ
   */
  public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative) {
    return tripletMarginLoss(anchor, positive, negative, 1.0, 2, 1e-6, false, Reduction.MEAN);
  }

  /**
   * Triplet margin loss, as PyTorch's {@code triplet_margin_loss(anchor, positive, negative,
   * margin, p, eps, swap, reduction)}: with PyTorch's {@code pairwise_distance}, the p-norm along
   * the last dim of the difference plus {@code eps} ({@code dist(a, b) = ||a - b + eps||_p}),
   *
   * <pre>
   * l = max(0, dist(anchor, positive) - dist(anchor, negative) + margin)
   * </pre>
   *
   * With {@code swap}, the distance to the negative is the smaller of {@code dist(anchor,
   * negative)} and {@code dist(positive, negative)} (Balntas et al., 2016). The derivative follows
   * from these ops (that of {@link Tensor#norm(double, int, boolean)}, of {@link
   * Tensor#minimum(Tensor)} and {@link Tensor#clampMin(double)}).
   *
   * <pre>{@code
   * Tensor a = Tensor.of(new double[] {0, 0}, 1, 2);
   * Tensor pos = Tensor.of(new double[] {0, 1}, 1, 2);
   * Tensor neg = Tensor.of(new double[] {3, 0}, 1, 2);
   * Functional.tripletMarginLoss(a, pos, neg, 3, 2, 0, false, Reduction.SUM); // 1 - 3 + 3 = tensor(1.)
   * }</pre>
   *
   * @param anchor the anchors, [N, D] (or one of [D])
   * @param positive the examples like them, of the same shape
   * @param negative the examples unlike them, of the same shape
   * @param margin how much nearer the positive must be than the negative to give no loss
   * @param p the order of the norm of the distances
   * @param eps added to each difference, so that the norm of a zero difference has a gradient
   * @param swap whether the distance to the negative is the smaller of the anchor's and the
   *     positive's
   * @param reduction how to combine the per-triplet losses
   * @return the loss: 0-d, or [N] for {@link Reduction#NONE} (0-d for 1-D inputs)
   * @throws TensorException if the shapes differ or {@code p} is NaN
   */
  public static Tensor tripletMarginLoss(
      Tensor anchor,
      Tensor positive,
      Tensor negative,
      double margin,
      double p,
      double eps,
      boolean swap,
      Reduction reduction) {
    String op = "tripletMarginLoss";
    requireSameShapes(
        op, new String[] {"anchor", "positive", "negative"}, anchor, positive, negative);
    Arguments.requireNonNull(op, "reduction", reduction);
    if (Double.isNaN(p)) throw new TensorException(op + ": p must be a number, got NaN");
    Tensor toPositive = pairwiseDistance(anchor, positive, p, eps);
    Tensor toNegative = pairwiseDistance(anchor, negative, p, eps);
    if (swap) toNegative = toNegative.minimum(pairwiseDistance(positive, negative, p, eps));
    return reduction.apply(toPositive.sub(toNegative).add(margin).clampMin(0));
  }

  /** PyTorch's {@code pairwise_distance}: {@code ||x1 - x2 + eps||_p} along the last dim. */
  private static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps) {
    return x1.sub(x2).add(eps).norm(p, Math.max(x1.dim() - 1, 0), false);
  }

  /**
   * Poisson negative log likelihood with PyTorch's defaults (log input, no Stirling term, eps
   * 1e-8), mean-reduced.
   *
   * @param input the log of the expected counts, of any shape
   * @param target the counts observed, of the same shape
   * @return the mean loss, 0-d
   * @throws TensorException if the shapes differ
   */
  public static Tensor poissonNLLLoss(Tensor input, Tensor target) {
    return poissonNLLLoss(input, target, true, false, 1e-8, Reduction.MEAN);
  }

  /**
   * Negative log likelihood of counts {@code target} under a Poisson distribution, as PyTorch's
   * {@code poisson_nll_loss(input, target, log_input, full, eps, reduction)}:
   *
   * <pre>
   * l = exp(input) - target input               (logInput: input is log(rate))
   * l = input - target log(input + eps)         (otherwise: input is the rate)
   * full: l += target log(target) - target + 0.5 log(2 pi target)   where target &gt; 1
   * </pre>
   *
   * The last term, Stirling's approximation of {@code log(target!)}, depends on target alone.
   * Derivatives: for input {@code grad (exp(input) - target)}, or {@code grad (1 - target / (input
   * + eps))}; for target {@code -grad input}, or {@code -grad log(input + eps)}, plus with {@code
   * full} {@code grad (log(target) + 0.5 / target)} where target &gt; 1 (0 elsewhere, where
   * PyTorch's gives NaN at target 0).
   *
   * <pre>{@code
   * Tensor logRate = Tensor.of(new double[] {0, Math.log(2)});
   * Functional.poissonNLLLoss(logRate, Tensor.of(new double[] {1, 2}), true, false, 1e-8,
   *     Reduction.SUM); // (1 - 0) + (2 - 2 log 2) = tensor(1.6137)
   * }</pre>
   *
   * @param input the log of the expected counts ({@code logInput}) or the counts, of any shape
   * @param target the counts observed, of the same shape
   * @param logInput whether {@code input} is the log of the rate
   * @param full whether to add the Stirling term
   * @param eps added to the rate before its log when {@code logInput} is false
   * @param reduction how to combine the per-element losses
   * @return the loss: 0-d, or shaped like {@code input} for {@link Reduction#NONE}
   * @throws TensorException if the shapes differ
   */
  public static Tensor poissonNLLLoss(
      Tensor input,
      Tensor target,
      boolean logInput,
      boolean full,
      double eps,
      Reduction reduction) {
    requireLossArguments("poissonNLLLoss", input, target, reduction);
    Tensor losses =
        logInput ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(eps).log()));
    if (full) {
      Tensor counted = target.gt(1);
      // the log of 1 where the term is 0, so that neither value nor gradient is NaN there
      Tensor safe = Tensor.where(counted, target, Tensor.scalar(1, target.dtype()));
      Tensor stirling = safe.mul(safe.log()).sub(safe).add(safe.mul(2 * Math.PI).log().mul(0.5));
      losses = losses.add(Tensor.where(counted, stirling, Tensor.scalar(0, stirling.dtype())));
    }
    return reduction.apply(losses);
  }

  /**
   * Gaussian negative log likelihood with PyTorch's defaults (no constant, eps 1e-6), mean-reduced.
   *
   * @param input the expected values, of any shape
   * @param target the values observed, of the same shape
   * @param var the variances: see {@link #gaussianNLLLoss(Tensor, Tensor, Tensor, boolean, double,
   *     Reduction)}
   * @return the mean loss, 0-d
   * @throws TensorException if the shapes do not fit or a variance is negative
   */
  public static Tensor gaussianNLLLoss(Tensor input, Tensor target, Tensor var) {
    return gaussianNLLLoss(input, target, var, false, 1e-6, Reduction.MEAN);
  }

  /**
   * Negative log likelihood of {@code target} under Gaussians of mean {@code input} and variance
   * {@code var}, as PyTorch's {@code gaussian_nll_loss(input, target, var, full, eps, reduction)}:
   *
   * <pre>
   * l = 0.5 (log(max(var, eps)) + (input - target)^2 / max(var, eps))   (+ 0.5 log(2 pi) if full)
   * </pre>
   *
   * {@code var} has the input's shape (one variance per element), or the input's shape without its
   * last dim or with a last dim of 1 (one variance per row, shared along the last dim). The clamp
   * at {@code eps} is made without gradient, as in PyTorch: the derivative for var is {@code grad
   * 0.5 (1 / v - (input - target)^2 / v^2)} with {@code v = max(var, eps)}, at the clamped entries
   * too. For input {@code grad (input - target) / v}, for target its negative.
   *
   * <pre>{@code
   * Tensor mean = Tensor.of(new double[] {0, 1});
   * Functional.gaussianNLLLoss(mean, Tensor.of(new double[] {1, 1}), Tensor.of(new double[] {1, 1}),
   *     false, 1e-6, Reduction.SUM); // 0.5 (0 + 1) + 0.5 (0 + 0) = tensor(0.5000)
   * }</pre>
   *
   * @param input the expected values, of any shape
   * @param target the values observed, of the same shape
   * @param var the variances, non-negative: of the input's shape, or of it without the last dim, or
   *     with a last dim of 1
   * @param full whether to add the constant {@code 0.5 log(2 pi)}
   * @param eps the smallest variance used, for stability
   * @param reduction how to combine the per-element losses
   * @return the loss: 0-d, or shaped like {@code input} for {@link Reduction#NONE}
   * @throws TensorException if input's and target's shapes differ, var's shape is none of the
   *     above, or a variance is negative
   */
  public static Tensor gaussianNLLLoss(
      Tensor input, Tensor target, Tensor var, boolean full, double eps, Reduction reduction) {
    String op = "gaussianNLLLoss";
    requireLossArguments(op, input, target, reduction);
    Arguments.requireNonNull(op, "var", var);
    int[] shape = input.shape();
    int[] v = var.shape();
    if (!Arrays.equals(shape, v)) {
      int[] rows = Arrays.copyOf(shape, Math.max(shape.length - 1, 0));
      if (Arrays.equals(rows, v)) {
        var = var.unsqueeze(-1);
      } else if (v.length == 0
          || v[v.length - 1] != 1
          || !Arrays.equals(rows, Arrays.copyOf(v, v.length - 1))) {
        throw new TensorException(
            op
                + ": var of shape "
                + Shapes.format(v)
                + " does not fit the input's shape "
                + Shapes.format(shape)
                + ": expected the input's shape, or it without its last dim or with a last dim"
                + " of 1 (var is of incorrect size)");
      }
    }
    for (double x : var.toDoubleArray()) {
      if (x < 0) {
        throw new TensorException(
            op + ": var has negative entry/entries, found " + x + "; variances must be >= 0");
      }
    }
    Tensor fixed = var.detach();
    // + a constant: the value of the clamped var, the gradient of var itself, as PyTorch's clamp_
    // under no_grad
    Tensor clamped = var.add(fixed.clampMin(eps).sub(fixed));
    Tensor losses = clamped.log().add(input.sub(target).square().div(clamped)).mul(0.5);
    if (full) losses = losses.add(0.5 * Math.log(2 * Math.PI));
    return reduction.apply(losses);
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
    Tensor weighted = rowWeights == null ? input : input.mul(rowWeights);
    // where, not a product with the one-hot mask: a -inf log-probability of another class would
    // make a NaN of 0 * -inf. Negated as 0 - sum, so that an ignored example's loss is +0, and so
    // is the gradient of each class not picked (the where's zeros come after the negation in the
    // backward pass), as in PyTorch.
    Tensor zero = Tensor.scalar(0, weighted.dtype());
    Tensor perExample = zero.sub(Tensor.where(oneHot, weighted, zero).sum(1));
    if (eps > 0) {
      Tensor kept = picks.ne(-1);
      Tensor smooth = Tensor.where(kept, zero.sub(weighted.sum(1)), zero);
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
