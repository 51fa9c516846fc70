package dev.autograd.nn;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;

/**
 * One step of an Elman recurrent network, as {@code torch.nn.RNNCell}: {@code h' = tanh(x W_ih^T +
 * b_ih + h W_hh^T + b_hh)} (or relu), for an input [N, inputSize] (or unbatched [inputSize]) and a
 * state [N, hiddenSize], zeros when not given. Parameters {@code weight_ih}, {@code weight_hh},
 * {@code bias_ih}, {@code bias_hh}, uniform in ±1/√hiddenSize, as PyTorch's.
 *
 * <pre>{@code
 * RNNCell cell = new RNNCell(3, 4);
 * Tensor h = null;
 * for (Tensor x : Tensor.randn(5, 2, 3).unbind(0)) h = cell.forward(x, h); // [2, 4]
 * }</pre>
 */
public final class RNNCell extends SingleStateCell {
  private final boolean relu;

  /**
   * A cell with tanh and biases.
   *
   * @param inputSize the size of each input
   * @param hiddenSize the size of the state
   */
  public RNNCell(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, true, "tanh", Generator.global());
  }

  /**
   * A cell with PyTorch's options.
   *
   * @param inputSize the size of each input
   * @param hiddenSize the size of the state
   * @param bias whether it has the two biases
   * @param nonlinearity "tanh" or "relu"
   * @param generator the source of the initial values
   * @throws TensorException if a size is not positive or the nonlinearity unknown
   */
  public RNNCell(
      int inputSize, int hiddenSize, boolean bias, String nonlinearity, Generator generator) {
    super(inputSize, hiddenSize, bias, 1, generator);
    dev.autograd.internal.Arguments.requireNonNull("RNNCell", "nonlinearity", nonlinearity);
    if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
      throw new TensorException("RNNCell: Unknown nonlinearity: " + nonlinearity);
    }
    this.relu = nonlinearity.equals("relu");
  }

  /**
   * The next state.
   *
   * @param input [N, inputSize] or [inputSize]
   * @param h the state, or null for zeros
   * @return h'
   * @throws TensorException if a shape is wrong
   */
  @Override
  public Tensor forward(Tensor input, Tensor h) {
    checkInput("RNNCell.forward", input);
    Tensor state = stateOrZeros("RNNCell.forward", "the state", h, input);
    return RecurrentSteps.rnn(weights(), input, state, relu);
  }

  @Override
  protected String extraRepr() {
    return super.extraRepr() + (relu ? ", nonlinearity=relu" : "");
  }
}
