package dev.autograd.nn;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Functional;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-head attention, as {@code torch.nn.MultiheadAttention} (PyTorch 1.13's computation): the
 * query, key and value are projected by the stacked {@code in_proj_weight} [3E, E] and {@code
 * in_proj_bias}, split into {@code numHeads} heads of E / numHeads, attended with {@code softmax(q
 * k^T / sqrt(E / heads) + mask) v} in each, joined and projected by {@code out_proj}. Parameter
 * names, initialisation (Xavier uniform for the input projection, zero biases) and semantics are
 * PyTorch's, so a PyTorch state dict loads unchanged.
 *
 * <p>Inputs are [L, N, E] ([N, L, E] with batchFirst) or unbatched [L, E]. Masks as in PyTorch:
 * {@code keyPaddingMask} [N, S], BOOL true where a key is padding (ignored) or floating (added);
 * {@code attnMask} [L, S] or [N x heads, L, S], BOOL true where attention is not allowed, or
 * floating (added). The attention weights are [N, L, S], averaged over the heads, or [N, heads, L,
 * S].
 *
 * <pre>{@code
 * MultiheadAttention attention = new MultiheadAttention(16, 4);
 * Tensor x = Tensor.randn(10, 2, 16);                                  // 10 steps, batch 2
 * MultiheadAttention.Result r = attention.forwardWithWeights(x, x, x, null, null, true, true);
 * r.output();  // [10, 2, 16]
 * r.weights(); // [2, 10, 10]
 * }</pre>
 */
public final class MultiheadAttention extends Module {
  /**
   * The attention's output and, when asked for, its weights.
   *
   * @param output [L, N, E] ([N, L, E] with batchFirst, [L, E] unbatched)
   * @param weights [N, L, S] (or per head [N, heads, L, S]; without N when unbatched), or null
   */
  public record Result(Tensor output, Tensor weights) {
    /**
     * Checks that the output is given.
     *
     * @param output the output
     * @param weights the weights, or null
     * @throws TensorException if output is null
     */
    public Result {
      Arguments.requireNonNull("MultiheadAttention.Result", "output", output);
    }
  }

  private final int embedDim;
  private final int numHeads;
  private final double dropout;
  private final boolean bias;
  private final boolean batchFirst;
  private final Generator generator;
  private final Linear outProj;

  /**
   * Attention with PyTorch's defaults: no dropout, biases, time first.
   *
   * @param embedDim E, the size of queries, keys and values
   * @param numHeads the number of heads, dividing E
   */
  public MultiheadAttention(int embedDim, int numHeads) {
    this(embedDim, numHeads, 0, true, false, Generator.global());
  }

  /**
   * Attention with PyTorch's options (the keys and values have E features, as PyTorch's default
   * kdim and vdim).
   *
   * @param embedDim E
   * @param numHeads the number of heads, dividing E
   * @param dropout the dropout probability of the attention weights in training mode
   * @param bias whether the projections have biases
   * @param batchFirst whether inputs and output are [N, L, E]
   * @param generator the source of the initial weights and of the dropout masks
   * @throws TensorException if E is not positive, numHeads does not divide it, or dropout is
   *     outside [0, 1)
   */
  public MultiheadAttention(
      int embedDim,
      int numHeads,
      double dropout,
      boolean bias,
      boolean batchFirst,
      Generator generator) {
    Arguments.requireNonNull("MultiheadAttention", "generator", generator);
    if (embedDim < 1 || numHeads < 1 || embedDim % numHeads != 0) {
      throw new TensorException(
          "MultiheadAttention: embed_dim must be divisible by num_heads, got "
              + embedDim
              + " and "
              + numHeads);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new TensorException("MultiheadAttention: dropout must be in [0, 1), got " + dropout);
    }
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.dropout = dropout;
    this.bias = bias;
    this.batchFirst = batchFirst;
    this.generator = generator;
    double xavier = Math.sqrt(6.0 / (embedDim + 3 * embedDim));
    registerParameter(
        "in_proj_weight", Init.uniformWithin(generator, xavier, 3 * embedDim, embedDim));
    if (bias) registerParameter("in_proj_bias", Tensor.zeros(3 * embedDim));
    outProj = registerModule("out_proj", new Linear(embedDim, embedDim, bias, generator));
    if (bias) {
      try (Autograd.Scope ignored = Autograd.noGrad()) {
        outProj.bias().zero_();
      }
    }
  }

  /**
   * The causal mask of a sequence of {@code size} positions, as PyTorch's {@code
   * nn.Transformer.generate_square_subsequent_mask(size)}: a float32 [size, size] additive mask,
   * minus infinity above the diagonal and 0 on and below it, so that position i attends to
   * positions 0..i only. Pass it as {@code attnMask} here, as {@code srcMask} of {@link
   * TransformerEncoderLayer} or as {@code tgtMask} of {@link TransformerDecoderLayer}.
   *
   * <pre>{@code
   * MultiheadAttention.generateSquareSubsequentMask(3);
   * // tensor([[0., -inf, -inf],
   * //         [0.,   0., -inf],
   * //         [0.,   0.,   0.]])
   * }</pre>
   *
   * @param size the sequence length, positive
   * @return a new [size, size] FLOAT32 tensor
   * @throws TensorException if size is not positive
   */
  public static Tensor generateSquareSubsequentMask(int size) {
    if (size < 1) {
      throw new TensorException(
          "MultiheadAttention.generateSquareSubsequentMask: size must be positive, got " + size);
    }
    float[] mask = new float[size * size];
    for (int i = 0; i < size; i++) {
      for (int j = i + 1; j < size; j++) mask[i * size + j] = Float.NEGATIVE_INFINITY;
    }
    return Tensor.of(mask, size, size);
  }

  /**
   * The attention of the queries over the keys and values.
   *
   * @param query [L, N, E] ([N, L, E] with batchFirst) or [L, E]
   * @param key [S, N, E] or [S, E]
   * @param value [S, N, E] or [S, E]
   * @param keyPaddingMask [N, S] (or [S]): BOOL true for padding, or floating; or null
   * @param attnMask [L, S] or [N x heads, L, S]: BOOL true where not allowed, or floating; or null
   * @param needWeights whether to return the attention weights
   * @param averageAttnWeights whether the weights are averaged over the heads
   * @return the output and the weights (null unless needWeights)
   * @throws TensorException if the shapes do not fit
   */
  public Result forwardWithWeights(
      Tensor query,
      Tensor key,
      Tensor value,
      Tensor keyPaddingMask,
      Tensor attnMask,
      boolean needWeights,
      boolean averageAttnWeights) {
    return attend(
        "MultiheadAttention.forwardWithWeights",
        query,
        key,
        value,
        keyPaddingMask,
        attnMask,
        needWeights,
        averageAttnWeights);
  }

  private Result attend(
      String op,
      Tensor query,
      Tensor key,
      Tensor value,
      Tensor keyPaddingMask,
      Tensor attnMask,
      boolean needWeights,
      boolean averageAttnWeights) {
    Arguments.requireNonNull(op, "query", query);
    Arguments.requireNonNull(op, "key", key);
    Arguments.requireNonNull(op, "value", value);
    boolean unbatched = query.dim() == 2;
    int rank = unbatched ? 2 : 3;
    if ((query.dim() != 2 && query.dim() != 3)
        || key.dim() != rank
        || value.dim() != rank
        || query.size(-1) != embedDim
        || key.size(-1) != embedDim
        || value.size(-1) != embedDim
        || !Arrays.equals(key.shape(), value.shape())) {
      throw new TensorException(
          op
              + ": expected query [L, N, "
              + embedDim
              + "] and key and value [S, N, "
              + embedDim
              + "] (batchFirst: N first; unbatched: no N), got "
              + Arrays.toString(query.shape())
              + ", "
              + Arrays.toString(key.shape())
              + " and "
              + Arrays.toString(value.shape()));
    }
    Tensor q = timeFirst(query, unbatched);
    Tensor k = timeFirst(key, unbatched);
    Tensor v = timeFirst(value, unbatched);
    int l = q.size(0);
    int n = q.size(1);
    int s = k.size(0);
    int head = embedDim / numHeads;
    Tensor w = parameter("in_proj_weight");
    Tensor b = bias ? parameter("in_proj_bias") : null;
    q = heads(project(q, w, b, 0), l, n, head);
    k = heads(project(k, w, b, 1), s, n, head);
    v = heads(project(v, w, b, 2), s, n, head);
    Tensor scores = q.div(Math.sqrt(head)).matmul(k.transpose(-2, -1)); // [N * heads, L, S]
    Tensor mask = additiveMask(op, attnMask, keyPaddingMask, unbatched, n, l, s, scores.dtype());
    if (mask != null) scores = scores.add(mask);
    Tensor weights = scores.softmax(-1);
    if (dropout > 0 && isTraining()) {
      Tensor keep = Tensor.rand(generator, weights.shape()).ge(dropout);
      weights = weights.mul(keep).div(1 - dropout);
    }
    Tensor out = weights.matmul(v).transpose(0, 1).reshape(l, n, embedDim);
    out = outProj.forward(out);
    out = unbatched ? out.squeeze(1) : batchFirst ? out.transpose(0, 1) : out;
    Tensor shown = null;
    if (needWeights) {
      shown = weights.reshape(n, numHeads, l, s);
      if (averageAttnWeights) shown = shown.mean(new int[] {1}, false);
      if (unbatched) shown = shown.squeeze(0);
    }
    return new Result(out, shown);
  }

  private Tensor timeFirst(Tensor x, boolean unbatched) {
    return unbatched ? x.unsqueeze(1) : batchFirst ? x.transpose(0, 1) : x;
  }

  /** The part {@code k} (0: query, 1: key, 2: value) of the stacked input projection. */
  private Tensor project(Tensor x, Tensor w, Tensor b, int k) {
    return Functional.linear(
        x,
        w.narrow(0, k * embedDim, embedDim),
        b == null ? null : b.narrow(0, k * embedDim, embedDim));
  }

  /** [T, N, E] as [N x heads, T, E / heads]. */
  private Tensor heads(Tensor x, int t, int n, int head) {
    return x.reshape(t, n * numHeads, head).transpose(0, 1);
  }

  /**
   * The masks as one additive mask broadcasting to [N x heads, L, S]: minus infinity where a BOOL
   * mask is true, a floating mask as it is; null without masks.
   */
  private Tensor additiveMask(
      String op,
      Tensor attnMask,
      Tensor padding,
      boolean unbatched,
      int n,
      int l,
      int s,
      DType type) {
    Tensor mask = null;
    if (attnMask != null) {
      boolean square = attnMask.dim() == 2 && attnMask.size(0) == l && attnMask.size(1) == s;
      boolean perHead =
          attnMask.dim() == 3 && Arrays.equals(attnMask.shape(), new int[] {n * numHeads, l, s});
      if (!square && !perHead) {
        throw new TensorException(
            op
                + ": attnMask must be ["
                + l
                + ", "
                + s
                + "] or ["
                + n * numHeads
                + ", "
                + l
                + ", "
                + s
                + "], got "
                + Arrays.toString(attnMask.shape()));
      }
      mask = additive(attnMask, type);
    }
    if (padding != null) {
      int[] expected = unbatched ? new int[] {s} : new int[] {n, s};
      if (!Arrays.equals(padding.shape(), expected)) {
        throw new TensorException(
            op
                + ": keyPaddingMask must be "
                + Arrays.toString(expected)
                + ", got "
                + Arrays.toString(padding.shape()));
      }
      // [N, S] -> [N, heads, 1, S] -> [N x heads, 1, S]
      Tensor p =
          additive(padding, type)
              .reshape(n, 1, 1, s)
              .expand(n, numHeads, 1, s)
              .reshape(n * numHeads, 1, s);
      mask = mask == null ? p : mask.add(p);
    }
    return mask;
  }

  private static Tensor additive(Tensor mask, DType type) {
    if (mask.dtype() == DType.BOOL) {
      return Tensor.where(
          mask, Tensor.scalar(Double.NEGATIVE_INFINITY, type), Tensor.scalar(0, type));
    }
    return mask.to(type);
  }

  /**
   * PyTorch's {@code attention(query, key, value, key_padding_mask=None, need_weights=True,
   * attn_mask=None)} through {@link #call(List)}.
   *
   * @param inputs query, key, value, then optionally keyPaddingMask and attnMask (null for none)
   * @return [output, weights averaged over the heads]
   * @throws TensorException if there are not 3 to 5 inputs, or as {@link #forwardWithWeights}
   */
  @Override
  public List<Tensor> forward(List<Tensor> inputs) {
    String op = "MultiheadAttention.forward";
    List<Tensor> in =
        checkedInputs(op, inputs, 3, 2, "query, key and value, then keyPaddingMask and attnMask");
    Result r = attend(op, in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), true, true);
    return List.of(r.output(), r.weights());
  }

  @Override
  protected String extraRepr() {
    return "";
  }
}
