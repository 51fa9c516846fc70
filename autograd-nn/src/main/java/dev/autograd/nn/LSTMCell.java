package dev.autograd.nn;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import java.util.List;

/**
 * One step of a long short-term memory, as {@code torch.nn.LSTMCell}, with PyTorch's gates (input
 * i, forget f, cell g, output o, stacked in that order):
 *
 * <pre>
 * [i, f, g, o] = x W_ih^T + b_ih + h W_hh^T + b_hh
 * c' = sigmoid(f) * c + sigmoid(i) * tanh(g)
 * h' = sigmoid(o) * tanh(c')
 * </pre>
 *
 * <p>For an input [N, inputSize] (or unbatched [inputSize]) and a state (h, c) of [N, hiddenSize]
 * each, zeros when not given; parameters {@code weight_ih} [4 hidden, input], {@code weight_hh} [4
 * hidden, hidden], {@code bias_ih}, {@code bias_hh}, uniform in ±1/√hiddenSize. It has two outputs:
 * {@link #forward(Tensor, State)} returns both, and {@code call(List.of(x, h, c))} gives [h', c'],
 * as PyTorch's {@code cell(x, (h, c))}.
 *
 * <pre>{@code
 * LSTMCell cell = new LSTMCell(3, 4);
 * LSTMCell.State state = null;
 * for (Tensor x : Tensor.randn(5, 2, 3).unbind(0)) state = cell.forward(x, state);
 * state.h(); // [2, 4]
 * }</pre>
 */
public final class LSTMCell extends RecurrentCell {
  /**
   * The state of an LSTM: the hidden state and the cell state.
   *
   * @param h the hidden state, [N, hidden] or [hidden]
   * @param c the cell state, of h's shape
   */
  public record State(Tensor h, Tensor c) {
    /**
     * Checks that both are given.
     *
     * @param h the hidden state
     * @param c the cell state
     * @throws TensorException if h or c is null (pass a null State for zeros)
     */
    public State {
      dev.autograd.internal.Arguments.requireNonNull("LSTMCell.State", "h", h);
      dev.autograd.internal.Arguments.requireNonNull("LSTMCell.State", "c", c);
    }
  }

  /**
   * A cell with biases.
   *
   * @param inputSize the size of each input
   * @param hiddenSize the size of the state
   */
  public LSTMCell(int inputSize, int hiddenSize) {
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
  public LSTMCell(int inputSize, int hiddenSize, boolean bias, Generator generator) {
    super(inputSize, hiddenSize, bias, 4, generator);
  }

  /**
   * The next state.
   *
   * @param input [N, inputSize] or [inputSize]
   * @param state (h, c), or null for zeros
   * @return (h', c')
   * @throws TensorException if a shape is wrong
   */
  public State forward(Tensor input, State state) {
    String op = "LSTMCell.forward";
    checkInput(op, input);
    Tensor h = stateOrZeros(op, "h", state == null ? null : state.h(), input);
    Tensor c = stateOrZeros(op, "c", state == null ? null : state.c(), input);
    Tensor[] next = RecurrentSteps.lstm(weights(), input, h, c, hiddenSize);
    return new State(next[0], next[1]);
  }

  /**
   * PyTorch's {@code cell(input, (h, c))} through {@link #call(List)}: one input (a zero state) or
   * three.
   *
   * @param inputs the input, or the input, h and c
   * @return [h', c']
   * @throws TensorException if there are not one or three inputs, or as {@link #forward(Tensor,
   *     State)}
   */
  @Override
  public List<Tensor> forward(List<Tensor> inputs) {
    String what = "the input alone or with both h and c";
    List<Tensor> in = checkedInputs("LSTMCell.forward", inputs, 1, 2, what);
    if (inputs.size() == 2) {
      throw new TensorException("LSTMCell.forward: takes " + what + ", got 2 inputs");
    }
    State next = forward(in.get(0), in.get(1) == null ? null : new State(in.get(1), in.get(2)));
    return List.of(next.h(), next.c());
  }
}
