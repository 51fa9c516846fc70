package dev.autograd.nn;

import dev.autograd.Generator;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.util.function.Consumer;

/**
 * The settings of {@link TransformerEncoderLayer} and {@link TransformerDecoderLayer} beyond their
 * sizes, with PyTorch's defaults: a feed-forward of 2048, dropout 0.1, relu, layer norms of eps
 * 1e-5, time first, the norms after each block (post-norm), the global generator. Immutable: each
 * setter returns a changed copy.
 */
public final class TransformerOptions {
  private static final TransformerOptions DEFAULTS = new TransformerOptions();

  int dimFeedforward = 2048;
  double dropout = 0.1;
  String activation = "relu";
  double layerNormEps = 1e-5;
  boolean batchFirst;
  boolean normFirst;
  Generator generator;

  private TransformerOptions() {}

  /**
   * PyTorch's defaults.
   *
   * @return the default settings
   */
  public static TransformerOptions defaults() {
    return DEFAULTS;
  }

  private TransformerOptions with(Consumer<TransformerOptions> change) {
    TransformerOptions copy = new TransformerOptions();
    copy.dimFeedforward = dimFeedforward;
    copy.dropout = dropout;
    copy.activation = activation;
    copy.layerNormEps = layerNormEps;
    copy.batchFirst = batchFirst;
    copy.normFirst = normFirst;
    copy.generator = generator;
    change.accept(copy);
    return copy;
  }

  /**
   * The width of the feed-forward block.
   *
   * @param dimFeedforward at least 1
   * @return a changed copy
   * @throws TensorException if it is less than 1
   */
  public TransformerOptions dimFeedforward(int dimFeedforward) {
    if (dimFeedforward < 1) {
      throw new TensorException(
          "TransformerOptions: dimFeedforward must be positive, got " + dimFeedforward);
    }
    return with(o -> o.dimFeedforward = dimFeedforward);
  }

  /**
   * Dropout after the attention and feed-forward blocks, inside the feed-forward and on the
   * attention weights, in training mode.
   *
   * @param dropout a probability in [0, 1)
   * @return a changed copy
   * @throws TensorException if it is outside [0, 1)
   */
  public TransformerOptions dropout(double dropout) {
    if (!(dropout >= 0 && dropout < 1)) {
      throw new TensorException("TransformerOptions: dropout must be in [0, 1), got " + dropout);
    }
    return with(o -> o.dropout = dropout);
  }

  /**
   * The feed-forward's activation: "relu" or "gelu".
   *
   * @param activation the name
   * @return a changed copy
   * @throws TensorException for another name
   */
  public TransformerOptions activation(String activation) {
    Arguments.requireNonNull("TransformerOptions.activation", "activation", activation);
    if (!activation.equals("relu") && !activation.equals("gelu")) {
      throw new TensorException(
          "TransformerOptions: activation should be relu/gelu, not " + activation);
    }
    return with(o -> o.activation = activation);
  }

  /**
   * The layer norms' eps.
   *
   * @param layerNormEps a positive number
   * @return a changed copy
   */
  public TransformerOptions layerNormEps(double layerNormEps) {
    return with(o -> o.layerNormEps = layerNormEps);
  }

  /**
   * Whether inputs and outputs are [N, T, d] rather than [T, N, d].
   *
   * @param batchFirst false by default
   * @return a changed copy
   */
  public TransformerOptions batchFirst(boolean batchFirst) {
    return with(o -> o.batchFirst = batchFirst);
  }

  /**
   * Whether each block normalises its input (pre-norm) rather than the sum after it (post-norm).
   *
   * @param normFirst false by default
   * @return a changed copy
   */
  public TransformerOptions normFirst(boolean normFirst) {
    return with(o -> o.normFirst = normFirst);
  }

  /**
   * The source of the initial weights and of the dropout masks.
   *
   * @param generator the generator
   * @return a changed copy
   */
  public TransformerOptions generator(Generator generator) {
    Arguments.requireNonNull("TransformerOptions.generator", "generator", generator);
    return with(o -> o.generator = generator);
  }

  Generator generatorOrGlobal() {
    return generator != null ? generator : Generator.global();
  }
}
