package dev.autograd.nn;

import dev.autograd.FunctionContext;
import dev.autograd.Tensor;
import dev.autograd.internal.PackedMatrix;

/**
 * One layer and direction of an LSTM over a whole sequence, recorded as one op, the way PyTorch's
 * CPU kernel runs it. Forward projects the inputs of all steps in one matrix product, {@code X
 * W_ih^T + b_ih + b_hh}, and then per step adds {@code h W_hh^T} and applies the gates (see {@link
 * LSTMCell}). Backward takes the steps in reverse for the gates' gradients {@code dG_t} and the
 * states', {@code dh_{t-1} = dG_t W_hh}, {@code dc_{t-1} = dc_t * f_t}; then each weight's gradient
 * over all steps is one product, {@code dW_ih = dG^T X} and {@code dW_hh = dG^T H_prev}. Between
 * the products, each step's element-wise work is one pass over its arrays ({@link LstmSteps}).
 *
 * <p>The same sequence as a composite of per-step ops ({@link RecurrentSteps#sequence}) records
 * about twenty nodes a step, multiplies each step's input on its own, and takes the weights'
 * gradients in one small product per step. Its results are the same up to rounding.
 *
 * <p>A backward pass that records its graph (for second derivatives) runs that composite instead
 * ({@link RecurrentSequence}).
 *
 * <p>Inputs: x [T, N, in], h0 and c0 [N, hidden], weight_ih [4 hidden, in], weight_hh [4 hidden,
 * hidden], bias_ih and bias_hh [4 hidden] or both null. Outputs: [T, N, hidden], hN, cN.
 */
final class LstmSequence extends RecurrentSequence {
  /**
   * @param alive for each step a BOOL [N, 1] of the sequences still running, or null for all
   */
  LstmSequence(int hidden, boolean reverse, Tensor[] alive) {
    super(RecurrentLayer.Kind.LSTM, hidden, reverse, alive);
  }

  /** What forward keeps for backward, per step t (in time order, whichever the direction). */
  private record Steps(Tensor[] gates, Tensor[] tanhCell, Tensor[] prevH, Tensor[] prevC) {}

  @Override
  protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
    Tensor x = in[0];
    Tensor h = in[1].contiguous();
    Tensor c = in[2].contiguous();
    Tensor weightIh = in[3];
    Tensor weightHh = in[4];
    int steps = x.size(0);
    int batch = x.size(1);
    Tensor projected = x.reshape(steps * batch, x.size(2)).matmul(weightIh.t());
    if (in[5] != null) projected = projected.add(in[5].add(in[6]));
    // packed once for every step's product
    PackedMatrix weightHhT = PackedMatrix.of(weightHh.t());
    Steps saved =
        new Steps(new Tensor[steps], new Tensor[steps], new Tensor[steps], new Tensor[steps]);
    Tensor output = Tensor.zeros(x.dtype(), steps, batch, hidden);
    for (int k = 0; k < steps; k++) {
      int t = reverse ? steps - 1 - k : k;
      saved.prevH[t] = h;
      saved.prevC[t] = c;
      Tensor gates = weightHhT.leftTimes(h);
      Tensor hNext = Tensor.zeros(x.dtype(), batch, hidden);
      Tensor cNext = Tensor.zeros(x.dtype(), batch, hidden);
      Tensor tanhCell = Tensor.zeros(x.dtype(), batch, hidden);
      boolean[] live = aliveRows == null ? null : aliveRows[t];
      int at = t * batch;
      LstmSteps.forward(
          gates,
          projected,
          at * 4 * hidden,
          h,
          c,
          hNext,
          cNext,
          tanhCell,
          output,
          at * hidden,
          live,
          hidden);
      saved.gates[t] = gates;
      saved.tanhCell[t] = tanhCell;
      h = hNext;
      c = cNext;
    }
    return outputs(ctx, in, saved, output, h, c);
  }

  @Override
  Tensor[] backwardSteps(FunctionContext ctx, Tensor[] in, Tensor[] grads) {
    Steps saved = ctx.get("steps", Steps.class);
    Tensor x = in[0];
    Tensor weightIh = in[3];
    Tensor weightHh = in[4];
    int steps = x.size(0);
    int batch = x.size(1);
    Tensor gradOutput = grads[0];
    Tensor dh = grads[1];
    Tensor dc = grads[2];
    Tensor gateGrads = Tensor.zeros(x.dtype(), steps, batch, 4 * hidden);
    PackedMatrix packedHh = PackedMatrix.of(weightHh);
    for (int k = 0; k < steps; k++) {
      int t = reverse ? k : steps - 1 - k;
      boolean[] live = aliveRows == null ? null : aliveRows[t];
      Tensor dcPrev = Tensor.zeros(x.dtype(), batch, hidden);
      LstmSteps.backward(
          dh,
          dc,
          gradOutput,
          t * batch * hidden,
          saved.gates[t],
          saved.tanhCell[t],
          saved.prevC[t],
          gateGrads,
          t * batch * 4 * hidden,
          dcPrev,
          live,
          hidden);
      Tensor dhPrev = packedHh.leftTimes(gateGrads.select(0, t));
      // a sequence past its length kept its state: the gradient passes through unchanged
      if (live != null) passThrough(dh, dhPrev, live);
      dh = dhPrev;
      dc = dcPrev;
    }
    Tensor flat = gateGrads.reshape(steps * batch, 4 * hidden);
    Tensor[] result = new Tensor[7];
    if (ctx.needsInputGrad(1)) result[1] = dh;
    if (ctx.needsInputGrad(2)) result[2] = dc;
    weightGrads(ctx, in, flat, flat, saved.prevH, result);
    return result;
  }
}
