package dev.autograd.nn;

import dev.autograd.FunctionContext;
import dev.autograd.Tensor;
import dev.autograd.internal.PackedMatrix;

/**
 * One layer and direction of a GRU over a whole sequence, recorded as one op, as {@link
 * LstmSequence} runs an LSTM's: the inputs of all steps projected in one product, {@code X W_ih^T +
 * b_ih}; per step {@code h W_hh^T + b_hh} with W_hh^T packed once, and the gates (see {@link
 * GRUCell}) in one pass ({@link GruSteps}). Backward takes the steps in reverse; the gates'
 * gradients differ through the input's and the hidden state's projections only in n (times r in the
 * hidden one), and each weight's gradient over all steps is one product. Outputs: [T, N, hidden],
 * hN.
 */
final class GruSequence extends RecurrentSequence {
  /**
   * @param alive for each step a BOOL [N, 1] of the sequences still running, or null for all
   */
  GruSequence(int hidden, boolean reverse, Tensor[] alive) {
    super(RecurrentLayer.Kind.GRU, hidden, reverse, alive);
  }

  /** What forward keeps for backward, per step t (in time order, whichever the direction). */
  private record Steps(Tensor[] gates, Tensor[] hiddenPart, Tensor[] prevH) {}

  @Override
  protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
    Tensor x = in[0];
    Tensor h = in[1].contiguous();
    int steps = x.size(0);
    int batch = x.size(1);
    Tensor projected = x.reshape(steps * batch, x.size(2)).matmul(in[3].t());
    if (in[5] != null) projected = projected.add(in[5]);
    PackedMatrix weightHhT = PackedMatrix.of(in[4].t());
    Steps saved = new Steps(new Tensor[steps], new Tensor[steps], new Tensor[steps]);
    Tensor output = Tensor.zeros(x.dtype(), steps, batch, hidden);
    for (int k = 0; k < steps; k++) {
      int t = reverse ? steps - 1 - k : k;
      saved.prevH[t] = h;
      Tensor hiddenPart = weightHhT.leftTimes(h);
      if (in[6] != null) hiddenPart = hiddenPart.add(in[6]);
      Tensor gates = Tensor.zeros(x.dtype(), batch, 3 * hidden);
      Tensor hNext = Tensor.zeros(x.dtype(), batch, hidden);
      boolean[] live = aliveRows == null ? null : aliveRows[t];
      int at = t * batch;
      GruSteps.forward(
          projected,
          at * 3 * hidden,
          hiddenPart,
          h,
          gates,
          hNext,
          output,
          at * hidden,
          live,
          hidden);
      saved.gates[t] = gates;
      saved.hiddenPart[t] = hiddenPart;
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
    Tensor inputGates = Tensor.zeros(x.dtype(), steps, batch, 3 * hidden);
    Tensor hiddenGates = Tensor.zeros(x.dtype(), steps, batch, 3 * hidden);
    PackedMatrix packedHh = PackedMatrix.of(in[4]);
    for (int k = 0; k < steps; k++) {
      int t = reverse ? k : steps - 1 - k;
      boolean[] live = aliveRows == null ? null : aliveRows[t];
      Tensor dhDirect = Tensor.zeros(x.dtype(), batch, hidden);
      GruSteps.backward(
          dh,
          gradOutput,
          t * batch * hidden,
          saved.gates[t],
          saved.hiddenPart[t],
          saved.prevH[t],
          inputGates,
          hiddenGates,
          t * batch * 3 * hidden,
          dhDirect,
          live,
          hidden);
      dh = packedHh.leftTimes(hiddenGates.select(0, t)).add(dhDirect);
    }
    Tensor[] result = new Tensor[7];
    if (ctx.needsInputGrad(1)) result[1] = dh;
    weightGrads(
        ctx,
        in,
        inputGates.reshape(steps * batch, 3 * hidden),
        hiddenGates.reshape(steps * batch, 3 * hidden),
        saved.prevH,
        result);
    return result;
  }
}
