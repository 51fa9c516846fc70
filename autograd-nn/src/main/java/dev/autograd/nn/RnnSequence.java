package dev.autograd.nn;

import dev.autograd.FunctionContext;
import dev.autograd.Tensor;
import dev.autograd.internal.PackedMatrix;

/**
 * One layer and direction of an Elman RNN (tanh or relu) over a whole sequence, recorded as one op,
 * as {@link LstmSequence} runs an LSTM's: the inputs of all steps projected in one product; per
 * step {@code h W_hh^T} with W_hh^T packed once and the activation ({@link RnnSteps}); backward
 * takes the steps in reverse, then each weight's gradient over all steps is one product. Outputs:
 * [T, N, hidden], hN.
 */
final class RnnSequence extends RecurrentSequence {
  private final boolean relu;

  /**
   * @param alive for each step a BOOL [N, 1] of the sequences still running, or null for all
   */
  RnnSequence(RecurrentLayer.Kind kind, int hidden, boolean reverse, Tensor[] alive) {
    super(kind, hidden, reverse, alive);
    this.relu = kind == RecurrentLayer.Kind.RNN_RELU;
  }

  /** What forward keeps for backward, per step t (in time order, whichever the direction). */
  private record Steps(Tensor[] hNew, Tensor[] prevH) {}

  @Override
  protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
    Tensor x = in[0];
    Tensor h = in[1].contiguous();
    int steps = x.size(0);
    int batch = x.size(1);
    Tensor projected = x.reshape(steps * batch, x.size(2)).matmul(in[3].t());
    if (in[5] != null) projected = projected.add(in[5].add(in[6]));
    PackedMatrix weightHhT = PackedMatrix.of(in[4].t());
    Steps saved = new Steps(new Tensor[steps], new Tensor[steps]);
    Tensor output = Tensor.zeros(x.dtype(), steps, batch, hidden);
    for (int k = 0; k < steps; k++) {
      int t = reverse ? steps - 1 - k : k;
      saved.prevH[t] = h;
      Tensor pre = weightHhT.leftTimes(h);
      Tensor hNext = Tensor.zeros(x.dtype(), batch, hidden);
      boolean[] live = aliveRows == null ? null : aliveRows[t];
      int at = t * batch * hidden;
      RnnSteps.forward(pre, projected, at, h, hNext, output, at, live, relu);
      saved.hNew[t] = pre;
      h = hNext;
    }
    return outputs(ctx, in, saved, output, h);
  }

  @Override
  Tensor[] backwardSteps(FunctionContext ctx, Tensor[] in, Tensor[] grads) {
    Steps saved = ctx.get("steps", Steps.class);
    Tensor x = in[0];
    int steps = x.size(0);
    int batch = x.size(1);
    Tensor gradOutput = grads[0];
    Tensor dh = grads[1];
    Tensor gates = Tensor.zeros(x.dtype(), steps, batch, hidden);
    PackedMatrix packedHh = PackedMatrix.of(in[4]);
    for (int k = 0; k < steps; k++) {
      int t = reverse ? k : steps - 1 - k;
      boolean[] live = aliveRows == null ? null : aliveRows[t];
      int at = t * batch * hidden;
      RnnSteps.backward(dh, gradOutput, at, saved.hNew[t], gates, at, live, relu);
      Tensor dhPrev = packedHh.leftTimes(gates.select(0, t));
      if (live != null) passThrough(dh, dhPrev, live);
      dh = dhPrev;
    }
    Tensor[] result = new Tensor[7];
    if (ctx.needsInputGrad(1)) result[1] = dh;
    Tensor flat = gates.reshape(steps * batch, hidden);
    weightGrads(ctx, in, flat, flat, saved.prevH, result);
    return result;
  }
}
