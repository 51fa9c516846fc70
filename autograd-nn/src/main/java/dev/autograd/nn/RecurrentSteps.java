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

  /**
   * One layer and direction over every step of {@code input} [T, N, in], one step's ops at a time,
   * from the initial states h [N, hidden] and c (the LSTM's, else null); {@code reverse} runs from
   * the last step to the first. With {@code alive} (for each step a BOOL [N, 1] of the sequences
   * still running), a sequence past its length keeps its state and outputs zeros.
   *
   * @return the outputs [T, N, hidden], the final h, and the final c (null but for the LSTM)
   */
  static Tensor[] sequence(
      RecurrentLayer.Kind kind,
      Weights w,
      Tensor input,
      Tensor h,
      Tensor c,
      Tensor[] alive,
      boolean reverse,
      int hidden) {
    int steps = input.size(0);
    Tensor[] outputs = new Tensor[steps];
    for (int k = 0; k < steps; k++) {
      int t = reverse ? steps - 1 - k : k;
      Tensor xt = input.select(0, t);
      Tensor hNew;
      Tensor cNew = null;
      switch (kind) {
        case RNN_TANH -> hNew = rnn(w, xt, h, false);
        case RNN_RELU -> hNew = rnn(w, xt, h, true);
        case GRU -> hNew = gru(w, xt, h, hidden);
        default -> {
          Tensor[] next = lstm(w, xt, h, c, hidden);
          hNew = next[0];
          cNew = next[1];
        }
      }
      Tensor[] next = afterStep(alive == null ? null : alive[t], hNew, cNew, h, c);
      h = next[0];
      c = next[1];
      outputs[t] = next[2];
    }
    return new Tensor[] {Tensor.stack(java.util.Arrays.asList(outputs), 0), h, c};
  }

  /**
   * The states after a step and its output, {h, c, output}, from the step's new states and the
   * previous ones: past its length (where {@code alive}, a BOOL [N, 1], is false) a sequence keeps
   * its state and outputs zeros. Without {@code alive}, the new states and h.
   */
  static Tensor[] afterStep(Tensor alive, Tensor hNew, Tensor cNew, Tensor h, Tensor c) {
    if (alive == null) return new Tensor[] {hNew, cNew, hNew};
    return new Tensor[] {
      Tensor.where(alive, hNew, h),
      cNew == null ? null : Tensor.where(alive, cNew, c),
      Tensor.where(alive, hNew, Tensor.scalar(0, hNew.dtype()))
    };
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
