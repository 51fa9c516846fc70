package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Tensor;

/**
 * One time step of each kind of recurrent network, from its four weights (the biases may be null),
 * with PyTorch's gate order: shared by the cells and the layers.
 */
final class RecurrentSteps {
  private RecurrentSteps() {}

  /** Refuses sizes below 1, for the constructor {@code op}. */
  static void checkSizes(String op, int inputSize, int hiddenSize) {
    if (inputSize < 1 || hiddenSize < 1) {
      throw new dev.autograd.TensorException(
          op
              + ": inputSize and hiddenSize must be positive, got "
              + inputSize
              + " and "
              + hiddenSize);
    }
  }

  /**
   * The initial weights of one cell, layer or direction, as PyTorch draws them (uniform in
   * ±1/√hidden), under PyTorch's names with {@code suffix} ("", "_l0", "_l1_reverse", ...).
   */
  static java.util.Map<String, Tensor> initialWeights(
      String suffix,
      dev.autograd.Generator generator,
      int gates,
      int hidden,
      int in,
      boolean bias) {
    double bound = 1 / Math.sqrt(hidden);
    java.util.Map<String, Tensor> w = new java.util.LinkedHashMap<>();
    w.put("weight_ih" + suffix, Init.uniformWithin(generator, bound, gates * hidden, in));
    w.put("weight_hh" + suffix, Init.uniformWithin(generator, bound, gates * hidden, hidden));
    if (bias) {
      w.put("bias_ih" + suffix, Init.uniformWithin(generator, bound, gates * hidden));
      w.put("bias_hh" + suffix, Init.uniformWithin(generator, bound, gates * hidden));
    }
    return w;
  }

  /** The weights of one layer and direction. */
  record Weights(Tensor ih, Tensor hh, Tensor bih, Tensor bhh) {
    Tensor input(Tensor x) {
      return Functional.linear(x, ih, bih);
    }

    Tensor hidden(Tensor h) {
      return Functional.linear(h, hh, bhh);
    }
  }

  /** {@code act(x W_ih^T + b_ih + h W_hh^T + b_hh)}. */
  static Tensor rnn(Weights w, Tensor x, Tensor h, boolean relu) {
    Tensor pre = w.input(x).add(w.hidden(h));
    return relu ? pre.relu() : pre.tanh();
  }

  /** The GRU's h' from gates r, z, n (see {@link GRUCell}). */
  static Tensor gru(Weights w, Tensor x, Tensor h, int hidden) {
    Tensor gi = w.input(x);
    Tensor gh = w.hidden(h);
    Tensor r = gate(gi, 0, hidden).add(gate(gh, 0, hidden)).sigmoid();
    Tensor z = gate(gi, 1, hidden).add(gate(gh, 1, hidden)).sigmoid();
    Tensor n = gate(gi, 2, hidden).add(r.mul(gate(gh, 2, hidden))).tanh();
    return n.add(z.mul(h.sub(n))); // (1 - z) n + z h
  }

  /** The LSTM's (h', c') from gates i, f, g, o (see {@link LSTMCell}). */
  static Tensor[] lstm(Weights w, Tensor x, Tensor h, Tensor c, int hidden) {
    Tensor gates = w.input(x).add(w.hidden(h));
    Tensor i = gate(gates, 0, hidden).sigmoid();
    Tensor f = gate(gates, 1, hidden).sigmoid();
    Tensor g = gate(gates, 2, hidden).tanh();
    Tensor o = gate(gates, 3, hidden).sigmoid();
    Tensor next = f.mul(c).add(i.mul(g));
    return new Tensor[] {o.mul(next.tanh()), next};
  }

  private static Tensor gate(Tensor gates, int k, int hidden) {
    return gates.narrow(-1, k * hidden, hidden);
  }
}
