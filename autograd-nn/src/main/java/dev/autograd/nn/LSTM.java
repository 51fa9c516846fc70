package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;

/**
 * A multi-layer long short-term memory, as {@code torch.nn.LSTM}: each step is {@link LSTMCell}'s,
 * with PyTorch's parameters and semantics (see {@link RecurrentLayer}); its result has the final
 * cell states too.
 *
 * <pre>{@code
 * LSTM lstm = new LSTM(8, 16, RecurrentOptions.defaults().numLayers(2).bidirectional(true));
 * RecurrentLayer.Result r = lstm.forwardWithState(Tensor.randn(10, 4, 8), null); // 10 steps of 4
 * r.output(); // [10, 4, 32]
 * r.cN();     // [4, 4, 16]
 * }</pre>
 */
public final class LSTM extends RecurrentLayer {
  /**
   * One layer with PyTorch's defaults.
   *
   * @param inputSize the size of each step's input
   * @param hiddenSize the size of the state
   */
  public LSTM(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, RecurrentOptions.defaults());
  }

  /**
   * Layers with the given options.
   *
   * @param inputSize the size of each step's input
   * @param hiddenSize the size of the state
   * @param options layers, bias, batchFirst, dropout, bidirectional, generator
   * @throws TensorException if a size is not positive
   */
  public LSTM(int inputSize, int hiddenSize, RecurrentOptions options) {
    super(Kind.LSTM, inputSize, hiddenSize, options);
  }

  /**
   * Runs the layers over the sequence.
   *
   * @param input [T, N, input] ([N, T, input] with batchFirst) or unbatched [T, input]
   * @param initial the initial (h0, c0), each [layers x directions, N, hidden], or null for zeros
   * @return the outputs and the final hidden and cell states
   * @throws TensorException if a shape is wrong
   */
  public Result forwardWithState(Tensor input, LSTMCell.State initial) {
    return run(
        "LSTM.forwardWithState",
        input,
        initial == null ? null : initial.h(),
        initial == null ? null : initial.c(),
        null);
  }

  /**
   * Runs the layers over a batch of sequences of different lengths, padded to T steps, as PyTorch
   * over a packed sequence: outputs past each length are zeros, and the final states are those of
   * each sequence's last step.
   *
   * @param input the padded sequences
   * @param initial the initial (h0, c0), or null for zeros
   * @param lengths each sequence's steps, in [1, T]
   * @return the outputs and the final states
   * @throws TensorException if a shape or length is wrong
   */
  public Result forwardWithState(Tensor input, LSTMCell.State initial, long[] lengths) {
    Arguments.requireNonNull("LSTM.forwardWithState", "lengths", lengths);
    return run(
        "LSTM.forwardWithState",
        input,
        initial == null ? null : initial.h(),
        initial == null ? null : initial.c(),
        lengths);
  }
}
