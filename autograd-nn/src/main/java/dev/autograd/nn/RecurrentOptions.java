package dev.autograd.nn;

import dev.autograd.Generator;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.util.function.Consumer;

/**
 * The settings of {@link RNN}, {@link LSTM} and {@link GRU} beyond their sizes, with PyTorch's
 * defaults: one layer, biases, time first ([T, N, in]), no dropout, one direction, tanh (for RNN),
 * the global generator. Immutable: each setter returns a changed copy.
 *
 * <pre>{@code
 * LSTM lstm = new LSTM(8, 16, RecurrentOptions.defaults().numLayers(2).bidirectional(true).batchFirst(true));
 * }</pre>
 */
public final class RecurrentOptions {
  private static final RecurrentOptions DEFAULTS = new RecurrentOptions();

  int numLayers = 1;
  boolean bias = true;
  boolean batchFirst;
  double dropout;
  boolean bidirectional;
  String nonlinearity = "tanh";
  Generator generator;

  private RecurrentOptions() {}

  /**
   * PyTorch's defaults.
   *
   * @return the default settings
   */
  public static RecurrentOptions defaults() {
    return DEFAULTS;
  }

  private RecurrentOptions with(Consumer<RecurrentOptions> change) {
    RecurrentOptions copy = new RecurrentOptions();
    copy.numLayers = numLayers;
    copy.bias = bias;
    copy.batchFirst = batchFirst;
    copy.dropout = dropout;
    copy.bidirectional = bidirectional;
    copy.nonlinearity = nonlinearity;
    copy.generator = generator;
    change.accept(copy);
    return copy;
  }

  /**
   * Stacked layers, each reading the previous one's output.
   *
   * @param numLayers at least 1
   * @return a changed copy
   * @throws TensorException if numLayers is less than 1
   */
  public RecurrentOptions numLayers(int numLayers) {
    if (numLayers < 1) {
      throw new TensorException("RecurrentOptions: numLayers must be positive, got " + numLayers);
    }
    return with(o -> o.numLayers = numLayers);
  }

  /**
   * Whether the layers have the biases {@code bias_ih_l*} and {@code bias_hh_l*}.
   *
   * @param bias true by default
   * @return a changed copy
   */
  public RecurrentOptions bias(boolean bias) {
    return with(o -> o.bias = bias);
  }

  /**
   * Whether inputs and outputs are [N, T, ...] rather than [T, N, ...]; the states stay [layers x
   * directions, N, hidden], as in PyTorch.
   *
   * @param batchFirst false by default
   * @return a changed copy
   */
  public RecurrentOptions batchFirst(boolean batchFirst) {
    return with(o -> o.batchFirst = batchFirst);
  }

  /**
   * Dropout on the outputs of every layer but the last, in training mode.
   *
   * @param dropout a probability in [0, 1]
   * @return a changed copy
   * @throws TensorException if dropout is outside [0, 1]
   */
  public RecurrentOptions dropout(double dropout) {
    if (!(dropout >= 0 && dropout <= 1)) {
      throw new TensorException(
          "RecurrentOptions: dropout should be a number in range [0, 1] representing the"
              + " probability of an element being zeroed, got "
              + dropout);
    }
    return with(o -> o.dropout = dropout);
  }

  /**
   * Whether each layer also runs backwards in time, its outputs concatenated with the forward
   * direction's.
   *
   * @param bidirectional false by default
   * @return a changed copy
   */
  public RecurrentOptions bidirectional(boolean bidirectional) {
    return with(o -> o.bidirectional = bidirectional);
  }

  /**
   * The activation of {@link RNN}: "tanh" (default) or "relu".
   *
   * @param nonlinearity "tanh" or "relu"
   * @return a changed copy
   * @throws TensorException for another name
   */
  public RecurrentOptions nonlinearity(String nonlinearity) {
    Arguments.requireNonNull("RecurrentOptions.nonlinearity", "nonlinearity", nonlinearity);
    if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
      throw new TensorException("RecurrentOptions: Unknown nonlinearity '" + nonlinearity + "'");
    }
    return with(o -> o.nonlinearity = nonlinearity);
  }

  /**
   * The source of the initial weights and of the dropout masks.
   *
   * @param generator the generator
   * @return a changed copy
   */
  public RecurrentOptions generator(Generator generator) {
    Arguments.requireNonNull("RecurrentOptions.generator", "generator", generator);
    return with(o -> o.generator = generator);
  }
}
