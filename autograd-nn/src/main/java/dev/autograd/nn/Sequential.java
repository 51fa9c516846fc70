package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.util.ArrayList;
import java.util.List;

/**
 * Modules applied one after another: {@code forward(x) = m_n(...m_1(m_0(x)))}. Children are named
 * "0", "1", ... as in PyTorch, so parameters are called {@code 0.weight}, {@code 0.bias}, ....
 *
 * <pre>{@code
 * Sequential mlp = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
 * mlp.forward(Tensor.randn(5, 2));       // [5, 2] -> [5, 3] -> [5, 3] -> [5, 1]
 * mlp.namedParameters().keySet();       // [0.weight, 0.bias, 2.weight, 2.bias]
 * mlp.get(2);                           // the second Linear
 * }</pre>
 */
public final class Sequential extends Module {
  // NOTE: its own list rather than namedChildren(), which lists a module added twice once: such a
  // module runs at each of its positions, as in PyTorch.
  private final List<Module> sequence = new ArrayList<>();

  /**
   * A sequence of the given modules, in order.
   *
   * @param modules the modules, named "0", "1", ... in this order; none for an empty sequence,
   *     which passes its input through until modules are {@linkplain #add(Module) added}
   */
  public Sequential(Module... modules) {
    for (Module m : Arguments.requireNoNulls("Sequential", "modules", modules)) add(m);
  }

  /**
   * Appends a module, named after its position.
   *
   * @param module the module to run after the current last one
   * @return this sequence
   */
  public Sequential add(Module module) {
    Arguments.requireNonNull("add", "module", module);
    registerModule(Integer.toString(sequence.size()), module);
    sequence.add(module);
    return this;
  }

  /**
   * The module at {@code index}.
   *
   * <p>A negative index counts from the end, as in Python: {@code get(-1)} is the last module.
   *
   * @param index the position, from 0, or from -{@link #size()} (the first) to -1 (the last)
   * @return the module registered as child {@code "index"} (or {@code "size + index"})
   * @throws IndexOutOfBoundsException if {@code index} is below -{@link #size()} or not below
   *     {@link #size()}
   */
  public Module get(int index) {
    int size = sequence.size();
    if (index < -size || index >= size) {
      throw new IndexOutOfBoundsException(
          "Sequential: index " + index + " is out of range for " + sequence.size() + " modules");
    }
    return sequence.get(index < 0 ? size + index : index);
  }

  /**
   * The number of modules.
   *
   * @return how many modules have been added
   */
  public int size() {
    return sequence.size();
  }

  /**
   * Passes {@code input} through each module in order, each one's output being the next one's
   * input. The shapes are the chain's: for {@code Linear(in, h), ReLU, Linear(h, out)}, {@code [N,
   * in] -> [N, out]}.
   *
   * @param input the input of the first module
   * @return the output of the last module ({@code input} itself if there are none)
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("Sequential.forward", "input", input);
    Tensor x = input;
    for (Module m : sequence) x = m.call(x);
    return x;
  }

  /**
   * Passes the inputs to the first module and each module's outputs to the next as its inputs, so
   * that modules of several inputs and outputs chain as their counts match.
   *
   * @param inputs the first module's inputs
   * @return the last module's outputs (the inputs if there is no module)
   * @throws TensorException as the modules' {@link Module#call(List)}
   */
  @Override
  public List<Tensor> forward(List<Tensor> inputs) {
    Arguments.requireNonNull("Sequential.forward", "inputs", inputs);
    List<Tensor> x = inputs;
    for (Module m : sequence) x = m.call(x);
    return x;
  }
}
