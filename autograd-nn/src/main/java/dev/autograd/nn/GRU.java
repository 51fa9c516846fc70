package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;

/**
 * A multi-layer gated recurrent unit network, as {@code torch.nn.GRU}: each step is {@link
 * GRUCell}'s, with PyTorch's parameters and semantics (see {@link RecurrentLayer}).
 *
 * <pre>{@code
 * GRU net = new GRU(8, 16, RecurrentOptions.defaults().numLayers(2).batchFirst(true));
 * RecurrentLayer.Result r = net.forwardWithState(Tensor.randn(4, 10, 8), null); // 4 sequences, 10 steps
 * r.output(); // [4, 10, 16]
 * r.hN();     // [2, 4, 16]
 * }</pre>
 */
public final class GRU extends RecurrentLayer {
  /**
   * One layer with PyTorch's defaults.
   *
   * @param inputSize the size of each step's input
   * @param hiddenSize the size of the state
   */
  public GRU(int inputSize, int hiddenSize) {
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
  public GRU(int inputSize, int hiddenSize, RecurrentOptions options) {
    super(Kind.GRU, inputSize, hiddenSize, options);
  }

  /**
   * Runs the layers over the sequence.
   *
   * @param input [T, N, input] ([N, T, input] with batchFirst) or unbatched [T, input]
   * @param h0 the initial states [layers x directions, N, hidden], or null for zeros
   * @return the outputs and the final states
   * @throws TensorException if a shape is wrong
   */
  public Result forwardWithState(Tensor input, Tensor h0) {
    return run("GRU.forwardWithState", input, h0, null, null);
  }

  /**
   * Runs the layers over a batch of sequences of different lengths, padded to T steps, as PyTorch
   * over a packed sequence: outputs past each length are zeros, and the final states are those of
   * each sequence's last step.
   *
   * @param input the padded sequences
   * @param h0 the initial states, or null for zeros
   * @param lengths each sequence's steps, in [1, T]
   * @return the outputs and the final states
   * @throws TensorException if a shape or length is wrong
   */
  public Result forwardWithState(Tensor input, Tensor h0, long[] lengths) {
    Arguments.requireNonNull("GRU.forwardWithState", "lengths", lengths);
    return run("GRU.forwardWithState", input, h0, null, lengths);
  }
}
