package dev.autograd.nn;

import dev.autograd.Autograd;
import dev.autograd.Functional;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}, as {@code
 * torch.nn.Embedding}: {@code forward(indices)} gives the rows at the indices, of shape {@code
 * indices.shape + [embeddingDim]} ({@link Functional#embedding(Tensor, Tensor, Integer, Double,
 * double, boolean)}). The table is the parameter {@code weight}, initialised from N(0, 1) as in
 * PyTorch, with the padding row (if any) zero; that row gets no gradient.
 *
 * <pre>{@code
 * Embedding words = new Embedding(100, 8, 0);          // 100 words, 8 numbers each, 0 is padding
 * Tensor vectors = words.forward(Tensor.of(new long[][] {{5, 7, 0}, {9, 0, 0}})); // [2, 3, 8]
 * }</pre>
 */
public final class Embedding extends Module {
  private final int numEmbeddings;
  private final int embeddingDim;
  private final Integer paddingIdx;
  private final Double maxNorm;
  private final double normType;
  private final boolean scaleGradByFreq;

  /**
   * A table without padding or renormalisation.
   *
   * @param numEmbeddings the number of rows
   * @param embeddingDim the size of each row
   */
  public Embedding(int numEmbeddings, int embeddingDim) {
    this(numEmbeddings, embeddingDim, null, null, 2, false, Generator.global());
  }

  /**
   * A table with a padding row.
   *
   * @param numEmbeddings the number of rows
   * @param embeddingDim the size of each row
   * @param paddingIdx the padding row (negative counts from the end), or null
   */
  public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
    this(numEmbeddings, embeddingDim, paddingIdx, null, 2, false, Generator.global());
  }

  /**
   * A table with all of PyTorch's options.
   *
   * @param numEmbeddings the number of rows
   * @param embeddingDim the size of each row
   * @param paddingIdx the padding row (negative counts from the end), zero and without gradient, or
   *     null
   * @param maxNorm rows looked up with a larger {@code normType}-norm are scaled down to it in
   *     place, or null
   * @param normType the p of that norm (2 in PyTorch)
   * @param scaleGradByFreq whether each row's gradient is divided by its frequency in the batch
   * @param generator the source of the initial N(0, 1) values
   * @throws TensorException if a size is not positive or paddingIdx is outside [-numEmbeddings,
   *     numEmbeddings)
   */
  public Embedding(
      int numEmbeddings,
      int embeddingDim,
      Integer paddingIdx,
      Double maxNorm,
      double normType,
      boolean scaleGradByFreq,
      Generator generator) {
    this(
        checkedTable(numEmbeddings, embeddingDim, generator),
        paddingIdx,
        maxNorm,
        normType,
        scaleGradByFreq,
        true);
  }

  private Embedding(
      Tensor weight,
      Integer paddingIdx,
      Double maxNorm,
      double normType,
      boolean scaleGradByFreq,
      boolean zeroPadding) {
    this.numEmbeddings = weight.size(0);
    this.embeddingDim = weight.size(1);
    this.paddingIdx = normalisedPadding(paddingIdx, numEmbeddings);
    this.maxNorm = maxNorm;
    this.normType = normType;
    this.scaleGradByFreq = scaleGradByFreq;
    if (zeroPadding && this.paddingIdx != null) {
      try (Autograd.Scope ignored = Autograd.noGrad()) {
        weight.narrow(0, this.paddingIdx, 1).zero_();
      }
    }
    registerParameter("weight", weight);
  }

  /**
   * A table holding {@code embeddings} themselves, as PyTorch's {@code
   * Embedding.from_pretrained(embeddings, freeze, padding_idx)}: the tensor is kept, not copied,
   * and its padding row is not zeroed.
   *
   * @param embeddings the rows, [numEmbeddings, embeddingDim], floating point
   * @param freeze whether the table is left out of training ({@code requiresGrad(false)})
   * @param paddingIdx the padding row, or null
   * @return the module
   * @throws TensorException if embeddings is not 2-D or paddingIdx is out of range
   */
  public static Embedding fromPretrained(Tensor embeddings, boolean freeze, Integer paddingIdx) {
    Arguments.requireNonNull("Embedding.fromPretrained", "embeddings", embeddings);
    if (embeddings.dim() != 2) {
      throw new TensorException(
          "Embedding.fromPretrained: Embeddings parameter is expected to be 2-dimensional, got"
              + " shape "
              + java.util.Arrays.toString(embeddings.shape()));
    }
    Embedding e = new Embedding(embeddings, paddingIdx, null, 2, false, false);
    if (freeze) e.weight().requiresGrad(false);
    return e;
  }

  private static Tensor checkedTable(int numEmbeddings, int embeddingDim, Generator generator) {
    Arguments.requireNonNull("Embedding", "generator", generator);
    if (numEmbeddings < 1 || embeddingDim < 1) {
      throw new TensorException(
          "Embedding: numEmbeddings and embeddingDim must be positive, got "
              + numEmbeddings
              + " and "
              + embeddingDim);
    }
    return Tensor.randn(generator, numEmbeddings, embeddingDim);
  }

  private static Integer normalisedPadding(Integer paddingIdx, int numEmbeddings) {
    if (paddingIdx == null) return null;
    if (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) {
      throw new TensorException(
          "Embedding: Padding_idx must be within num_embeddings, got "
              + paddingIdx
              + " for "
              + numEmbeddings);
    }
    return paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
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
   * The rows at the indices.
   *
   * @param input INT64 indices in [0, numEmbeddings), of any shape
   * @return the rows, of shape {@code input.shape + [embeddingDim]}
   * @throws TensorException as {@link Functional#embedding(Tensor, Tensor, Integer, Double, double,
   *     boolean)}
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("Embedding.forward", "input", input);
    return Functional.embedding(input, weight(), paddingIdx, maxNorm, normType, scaleGradByFreq);
  }

  @Override
  protected String extraRepr() {
    StringBuilder s = new StringBuilder(numEmbeddings + ", " + embeddingDim);
    if (paddingIdx != null) s.append(", padding_idx=").append(paddingIdx);
    if (maxNorm != null) s.append(", max_norm=").append(PyRepr.of(maxNorm));
    if (normType != 2) s.append(", norm_type=").append(PyRepr.of(normType));
    if (scaleGradByFreq) s.append(", scale_grad_by_freq=True");
    return s.toString();
  }
}
