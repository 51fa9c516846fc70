package dev.autograd.nn;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;

/**
 * One step of a gated recurrent unit, as {@code torch.nn.GRUCell}, with PyTorch's gates (reset r,
 * update z, new n, stacked in that order):
 *
 * <pre>
 * r = sigmoid(x W_ir^T + b_ir + h W_hr^T + b_hr)
 * z = sigmoid(x W_iz^T + b_iz + h W_hz^T + b_hz)
 * n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn))
 * h' = (1 - z) * n + z * h
 * </pre>
 *
 * <p>For an input [N, inputSize] (or unbatched [inputSize]) and a state [N, hiddenSize], zeros when
 * not given; parameters {@code weight_ih} [3 hidden, input], {@code weight_hh} [3 hidden, hidden],
 * {@code bias_ih}, {@code bias_hh}, uniform in ±1/√hiddenSize.
 */
public final class GRUCell extends SingleStateCell {
  /**
   * A cell with biases.
   *
   * @param inputSize the size of each input
   * @param hiddenSize the size of the state
   */
  public GRUCell(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, true, Generator.global());
  }

  /**
   * A cell with PyTorch's options.
   *
   * @param inputSize the size of each input
   * @param hiddenSize the size of the state
   * @param bias whether it has the two biases
   * @param generator the source of the initial values
   * @throws TensorException if a size is not positive
   */
  public GRUCell(int inputSize, int hiddenSize, boolean bias, Generator generator) {
    super(inputSize, hiddenSize, bias, 3, generator);
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
    checkInput("GRUCell.forward", input);
    Tensor state = stateOrZeros("GRUCell.forward", "the state", h, input);
    return RecurrentSteps.gru(weights(), input, state, hiddenSize);
  }
}
