package dev.autograd.nn;

import dev.autograd.Tensor;

/**
 * Modules applied one after another: {@code forward(x) = m_n(...m_1(m_0(x)))}. Children are named
 * "0", "1", ... as in PyTorch, so parameters are called {@code 0.weight}, {@code 0.bias}, ....
 */
public final class Sequential extends Module {
  private int size;

  /** A sequence of the given modules, in order. */
  public Sequential(Module... modules) {
    for (Module m : modules) add(m);
  }

  /** Appends a module. Returns this. */
  public Sequential add(Module module) {
    registerModule(Integer.toString(size++), module);
    return this;
  }

  /** The module at {@code index}. */
  public Module get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(
          "Sequential: index " + index + " is out of range for " + size + " modules");
    }
    return namedChildren().get(Integer.toString(index));
  }

  /** The number of modules. */
  public int size() {
    return size;
  }

  @Override
  public Tensor forward(Tensor input) {
    Tensor x = input;
    for (Module m : namedChildren().values()) x = m.forward(x);
    return x;
  }
}
