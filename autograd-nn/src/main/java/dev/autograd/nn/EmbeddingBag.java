package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.util.List;

/**
 * Sums, means or maxima of bags of rows of a lookup table, as {@code torch.nn.EmbeddingBag} ({@link
 * Functional#embeddingBag}): {@code forward(indices)} for a [B, L] input of B bags of L indices,
 * {@code forward(indices, offsets)} for a 1-D input cut into bags at the offsets, and {@code
 * call(List.of(indices, offsets, perSampleWeights))} as PyTorch's three arguments. The table is the
 * parameter {@code weight}, initialised from N(0, 1) as in PyTorch, the padding row zero.
 *
 * <pre>{@code
 * EmbeddingBag bagOfWords = new EmbeddingBag(100, 8, "mean");
 * Tensor sentences = Tensor.of(new long[] {5, 7, 2, 9, 4});   // two bags: [5, 7] and [2, 9, 4]
 * bagOfWords.forward(sentences, Tensor.of(new long[] {0, 2})); // [2, 8]
 * }</pre>
 */
public final class EmbeddingBag extends Module {
  private final int numEmbeddings;
  private final int embeddingDim;
  private final String mode;
  private final boolean includeLastOffset;
  private final Integer paddingIdx;

  /**
   * A table whose bags are reduced by {@code mode}.
   *
   * @param numEmbeddings the number of rows
   * @param embeddingDim the size of each row
   * @param mode "sum", "mean" (PyTorch's default) or "max"
   */
  public EmbeddingBag(int numEmbeddings, int embeddingDim, String mode) {
    this(numEmbeddings, embeddingDim, mode, false, null, Generator.global());
  }

  /**
   * A table with PyTorch's options (max_norm and scale_grad_by_freq are not supported here).
   *
   * @param numEmbeddings the number of rows
   * @param embeddingDim the size of each row
   * @param mode "sum", "mean" or "max"
   * @param includeLastOffset whether the last offset ends the last bag
   * @param paddingIdx a row left out of every bag (and zero), or null
   * @param generator the source of the initial N(0, 1) values
   * @throws TensorException if a size is not positive, the mode unknown or paddingIdx out of range
   */
  public EmbeddingBag(
      int numEmbeddings,
      int embeddingDim,
      String mode,
      boolean includeLastOffset,
      Integer paddingIdx,
      Generator generator) {
    Arguments.requireNonNull("EmbeddingBag", "mode", mode);
    Arguments.requireNonNull("EmbeddingBag", "generator", generator);
    if (!mode.equals("sum") && !mode.equals("mean") && !mode.equals("max")) {
      throw new TensorException(
          "EmbeddingBag: mode has to be one of sum, mean or max, got '" + mode + "'");
    }
    Embedding table =
        new Embedding(numEmbeddings, embeddingDim, paddingIdx, null, 2, false, generator);
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.mode = mode;
    this.includeLastOffset = includeLastOffset;
    this.paddingIdx =
        paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
    registerParameter("weight", table.weight());
  }

  /**
   * The table, registered as parameter {@code "weight"}.
   *
   * @return the weight, [numEmbeddings, embeddingDim]
   */
  public Tensor weight() {
    return parameter("weight");
  }

  /**
   * The bags of a 2-D input, one per row.
   *
   * @param input INT64 indices [B, L]
   * @return [B, embeddingDim]
   * @throws TensorException as {@link Functional#embeddingBag}
   */
  @Override
  public Tensor forward(Tensor input) {
    return forward(input, null, null);
  }

  /**
   * The bags of a 1-D input cut at the offsets.
   *
   * @param input INT64 indices [n]
   * @param offsets where each bag starts, INT64, offsets[0] = 0
   * @return [B, embeddingDim]
   * @throws TensorException as {@link Functional#embeddingBag}
   */
  public Tensor forward(Tensor input, Tensor offsets) {
    return forward(input, offsets, null);
  }

  /**
   * The bags with a weight per index (mode "sum").
   *
   * @param input INT64 indices
   * @param offsets where each bag starts in a 1-D input, or null for a 2-D one
   * @param perSampleWeights one weight per index, of input's shape, or null
   * @return [B, embeddingDim]
   * @throws TensorException as {@link Functional#embeddingBag}
   */
  public Tensor forward(Tensor input, Tensor offsets, Tensor perSampleWeights) {
    Arguments.requireNonNull("EmbeddingBag.forward", "input", input);
    return Functional.embeddingBag(
        input, weight(), offsets, mode, perSampleWeights, includeLastOffset, paddingIdx);
  }

  /**
   * PyTorch's {@code forward(input, offsets=None, per_sample_weights=None)} through {@link
   * #call(List)}: one to three inputs, null for an absent one.
   *
   * @param inputs the indices, then optionally the offsets and the per-sample weights
   * @return one output, [B, embeddingDim]
   * @throws TensorException if there are no inputs or more than three, or as {@link
   *     Functional#embeddingBag}
   */
  @Override
  public List<Tensor> forward(List<Tensor> inputs) {
    List<Tensor> in =
        checkedInputs(
            "EmbeddingBag.forward",
            inputs,
            1,
            2,
            "the indices, then the offsets and the per-sample weights");
    return List.of(forward(in.get(0), in.get(1), in.get(2)));
  }

  @Override
  protected String extraRepr() {
    // as PyTorch prints it: the mode unquoted, include_last_offset not shown
    StringBuilder s = new StringBuilder(numEmbeddings + ", " + embeddingDim + ", mode=" + mode);
    if (paddingIdx != null) s.append(", padding_idx=").append(paddingIdx);
    return s.toString();
  }
}
