package dev.autograd.nn;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.util.Arrays;

/**
 * What {@link RNNCell}, {@link LSTMCell} and {@link GRUCell} share, as PyTorch's {@code
 * RNNCellBase}: the parameters {@code weight_ih} [gates x hidden, input], {@code weight_hh} [gates
 * x hidden, hidden], {@code bias_ih} and {@code bias_hh} [gates x hidden], the gates stacked in
 * PyTorch's order, all initialised uniform in ±1/√hidden; and the checks of an input [N, input] (or
 * unbatched [input]) and a state [N, hidden] (or [hidden]).
 */
abstract class RecurrentCell extends Module {
  final int inputSize;
  final int hiddenSize;
  final boolean bias;

  RecurrentCell(int inputSize, int hiddenSize, boolean bias, int gates, Generator generator) {
    String name = getClass().getSimpleName();
    Arguments.requireNonNull(name, "generator", generator);
    RecurrentSteps.checkSizes(name, inputSize, hiddenSize);
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.bias = bias;
    RecurrentSteps.initialWeights("", generator, gates, hiddenSize, inputSize, bias)
        .forEach(this::registerParameter);
  }

  /** The cell's weights, as the steps take them. */
  final RecurrentSteps.Weights weights() {
    return new RecurrentSteps.Weights(
        parameter("weight_ih"),
        parameter("weight_hh"),
        bias ? parameter("bias_ih") : null,
        bias ? parameter("bias_hh") : null);
  }

  /** Checks an input [N, inputSize] or [inputSize]. */
  final void checkInput(String op, Tensor input) {
    Arguments.requireNonNull(op, "input", input);
    if ((input.dim() != 1 && input.dim() != 2) || input.size(-1) != inputSize) {
      throw new TensorException(
          op
              + ": expected an input of shape [N, "
              + inputSize
              + "] or ["
              + inputSize
              + "], got "
              + Arrays.toString(input.shape()));
    }
  }

  /** The state given, checked against the input's batch, or zeros where it is null. */
  final Tensor stateOrZeros(String op, String what, Tensor state, Tensor input) {
    int[] shape = input.dim() == 2 ? new int[] {input.size(0), hiddenSize} : new int[] {hiddenSize};
    if (state == null) return Tensor.zeros(input.dtype(), shape);
    if (!Arrays.equals(state.shape(), shape)) {
      throw new TensorException(
          op
              + ": expected "
              + what
              + " of shape "
              + Arrays.toString(shape)
              + " for an input of shape "
              + Arrays.toString(input.shape())
              + ", got "
              + Arrays.toString(state.shape()));
    }
    return state;
  }

  /**
   * The printout as PyTorch's.
   *
   * @return "input, hidden" and the options that are not the default
   */
  @Override
  protected String extraRepr() {
    return inputSize + ", " + hiddenSize + (bias ? "" : ", bias=False");
  }
}
