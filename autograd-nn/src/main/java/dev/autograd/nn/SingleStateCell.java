package dev.autograd.nn;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import java.util.List;

/** A recurrent cell whose state is one tensor ({@link RNNCell}, {@link GRUCell}). */
abstract class SingleStateCell extends RecurrentCell {
  SingleStateCell(int inputSize, int hiddenSize, boolean bias, int gates, Generator generator) {
    super(inputSize, hiddenSize, bias, gates, generator);
  }

  /**
   * The next state.
   *
   * @param input [N, inputSize] or [inputSize]
   * @param h the state, or null for zeros
   * @return h', [N, hiddenSize] or [hiddenSize]
   * @throws TensorException if a shape is wrong
   */
  public abstract Tensor forward(Tensor input, Tensor h);

  /**
   * The next state from a zero state.
   *
   * @param input [N, inputSize] or [inputSize]
   * @return h'
   * @throws TensorException if the input's shape is wrong
   */
  @Override
  public Tensor forward(Tensor input) {
    return forward(input, null);
  }

  /**
   * PyTorch's {@code cell(input, hx=None)} through {@link #call(List)}.
   *
   * @param inputs the input, then optionally the state
   * @return [h']
   * @throws TensorException if there are no inputs or more than two
   */
  @Override
  public List<Tensor> forward(List<Tensor> inputs) {
    List<Tensor> in =
        checkedInputs(
            getClass().getSimpleName() + ".forward", inputs, 1, 1, "the input, then the state");
    return List.of(forward(in.get(0), in.get(1)));
  }
}
