package dev.autograd.nn;

import dev.autograd.Autograd;
import dev.autograd.AutogradFunction;
import dev.autograd.FunctionContext;
import dev.autograd.GradOptions;
import dev.autograd.Tensor;
import dev.autograd.internal.Storage;
import dev.autograd.internal.TensorStorage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the recurrent layers run as one recorded op per layer and direction share ({@link
 * LstmSequence}, {@link GruSequence}): the sequences' lengths, the gradients of the weights over
 * all steps in one product each, and the way to second derivatives, a backward pass that records
 * its graph running the per-step composite ({@link RecurrentSteps#sequence}) from the saved inputs
 * and differentiating it, so that gradients of every order are the composite's.
 *
 * <p>Inputs: x [T, N, in], h0 [N, hidden], c0 (the LSTM's, else null), weight_ih [gates hidden,
 * in], weight_hh [gates hidden, hidden], bias_ih and bias_hh [gates hidden] or both null.
 */
abstract class RecurrentSequence extends AutogradFunction {
  final RecurrentLayer.Kind kind;
  final int hidden;
  final boolean reverse;
  private final Tensor[] alive;

  /** For each step, whether each sequence still runs; null when all run every step. */
  final boolean[][] aliveRows;

  /**
   * @param alive for each step a BOOL [N, 1] of the sequences still running, or null for all
   */
  RecurrentSequence(RecurrentLayer.Kind kind, int hidden, boolean reverse, Tensor[] alive) {
    this.kind = kind;
    this.hidden = hidden;
    this.reverse = reverse;
    this.alive = alive;
    if (alive == null) {
      this.aliveRows = null;
    } else {
      this.aliveRows = new boolean[alive.length][];
      for (int t = 0; t < alive.length; t++) {
        double[] m = alive[t].toDoubleArray();
        aliveRows[t] = new boolean[m.length];
        for (int b = 0; b < m.length; b++) aliveRows[t][b] = m[b] != 0;
      }
    }
  }

  /**
   * The gradients of the weights (and of x) over all steps, into {@code result} at the inputs'
   * positions: {@code dW_ih = dGx^T X}, {@code dW_hh = dGh^T H_prev}, the biases' the sums of the
   * gate gradients over the rows, {@code dx = dGx W_ih}.
   *
   * @param inputGates the gates' gradients through the input's projection [T N, gates hidden]
   * @param hiddenGates through the hidden state's (the same tensor but for the GRU)
   * @param prevH the state before each step, in time order
   */
  final void weightGrads(
      FunctionContext ctx,
      Tensor[] in,
      Tensor inputGates,
      Tensor hiddenGates,
      Tensor[] prevH,
      Tensor[] result) {
    Tensor x = in[0];
    int rows = x.size(0) * x.size(1);
    inputAndBiasGrads(ctx, in, inputGates, hiddenGates, result);
    if (ctx.needsInputGrad(3)) {
      result[3] = inputGates.t().matmul(x.reshape(rows, x.size(2)));
    }
    if (ctx.needsInputGrad(4)) {
      Tensor h = Tensor.stack(Arrays.asList(prevH), 0).reshape(rows, hidden);
      result[4] = hiddenGates.t().matmul(h);
    }
  }

  /** dx = dGx W_ih, and the biases' gradients, the gate gradients summed over the rows. */
  private static void inputAndBiasGrads(
      FunctionContext ctx, Tensor[] in, Tensor inputGates, Tensor hiddenGates, Tensor[] result) {
    Tensor x = in[0];
    if (ctx.needsInputGrad(0)) result[0] = inputGates.matmul(in[3]).reshape(x.shape());
    if (ctx.needsInputGrad(5)) result[5] = inputGates.sum(new int[] {0}, false);
    if (ctx.needsInputGrad(6)) {
      boolean same = hiddenGates == inputGates && result[5] != null;
      result[6] = same ? result[5] : hiddenGates.sum(new int[] {0}, false);
    }
  }

  /**
   * {@link #weightGrads} where each step's gates are one product of the rows {@code [x_t |
   * h_{t-1}]} (kept in {@code inputs} [T, N, in + hidden]) with {@code [W_ih | W_hh]^T}: both
   * weights' gradients are the one product {@code dG^T [X | H_prev]}, split.
   */
  final void stackedWeightGrads(
      FunctionContext ctx, Tensor[] in, Tensor gates, Tensor inputs, Tensor[] result) {
    Tensor x = in[0];
    int rows = x.size(0) * x.size(1);
    int inputSize = x.size(2);
    inputAndBiasGrads(ctx, in, gates, gates, result);
    Tensor flat = inputs.reshape(rows, inputSize + hidden);
    if (ctx.needsInputGrad(3) && ctx.needsInputGrad(4)) {
      Tensor both = gates.t().matmul(flat);
      result[3] = both.narrow(1, 0, inputSize).contiguous();
      result[4] = both.narrow(1, inputSize, hidden).contiguous();
    } else if (ctx.needsInputGrad(3)) {
      result[3] = gates.t().matmul(flat.narrow(1, 0, inputSize));
    } else if (ctx.needsInputGrad(4)) {
      result[4] = gates.t().matmul(flat.narrow(1, inputSize, hidden));
    }
  }

  /** The gradients of the composite from the saved inputs, with their graph. */
  final Tensor[] throughComposite(FunctionContext ctx, Tensor[] in, Tensor[] grads) {
    RecurrentSteps.Weights w = new RecurrentSteps.Weights(in[3], in[4], in[5], in[6]);
    Tensor[] run = RecurrentSteps.sequence(kind, w, in[0], in[1], in[2], alive, reverse, hidden);
    List<Tensor> outputs = new ArrayList<>();
    for (int k = 0; k < grads.length; k++) outputs.add(run[k]);
    List<Tensor> wrt = new ArrayList<>();
    for (int i = 0; i < in.length; i++) if (ctx.needsInputGrad(i)) wrt.add(in[i]);
    List<Tensor> found =
        Autograd.grad(
            outputs,
            wrt,
            GradOptions.defaults().gradOutputs(grads).createGraph(true).allowUnused(true));
    Tensor[] result = new Tensor[in.length];
    for (int i = 0, next = 0; i < in.length; i++) {
      if (ctx.needsInputGrad(i)) result[i] = found.get(next++);
    }
    return result;
  }

  /**
   * The first derivatives by the steps in reverse, or, in a backward pass that records its graph,
   * those of the composite.
   */
  @Override
  protected final Tensor[] backward(FunctionContext ctx, Tensor... grads) {
    Tensor[] in = ctx.savedTensors();
    if (Autograd.isGradEnabled()) return throughComposite(ctx, in, grads);
    Tensor[] packed = new Tensor[grads.length];
    for (int k = 0; k < grads.length; k++) packed[k] = grads[k].contiguous();
    return backwardSteps(ctx, in, packed);
  }

  /**
   * The gradients of the inputs from those of the outputs, contiguous, by the steps in reverse.
   *
   * @param in the saved inputs
   * @param grads the gradients of the output sequence, hN (and cN)
   */
  abstract Tensor[] backwardSteps(FunctionContext ctx, Tensor[] in, Tensor[] grads);

  /** Saves the inputs and what the steps keep for backward, and returns the outputs. */
  static Tensor[] outputs(FunctionContext ctx, Tensor[] in, Object steps, Tensor... outputs) {
    ctx.saveForBackward(in);
    ctx.put("steps", steps);
    return outputs;
  }

  /**
   * Copies the rows of {@code from} into {@code into} where {@code alive} is false: the gradient of
   * a state that a sequence past its length kept unchanged.
   */
  static void passThrough(Tensor from, Tensor into, boolean[] alive) {
    int hidden = from.size(1);
    Storage f = TensorStorage.of(from);
    Storage t = TensorStorage.of(into);
    int fo = TensorStorage.offset(from);
    int to = TensorStorage.offset(into);
    Object source = f.floats() != null ? f.floats() : f.doubles();
    Object target = t.floats() != null ? t.floats() : t.doubles();
    for (int r = 0; r < alive.length; r++) {
      if (!alive[r]) System.arraycopy(source, fo + r * hidden, target, to + r * hidden, hidden);
    }
  }
}
