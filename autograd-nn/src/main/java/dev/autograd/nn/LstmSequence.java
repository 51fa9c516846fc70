package dev.autograd.nn;

import dev.autograd.FunctionContext;
import dev.autograd.Tensor;
import dev.autograd.internal.PackedMatrix;
import java.util.List;

/**
 * One layer and direction of an LSTM over a whole sequence, recorded as one op, the way PyTorch's
 * CPU kernel runs it. Each step's gates are one product {@code [x_t | h_{t-1}] [W_ih | W_hh]^T},
 * against the two weights side by side, packed once per pass, plus {@code b_ih + b_hh}; then the
 * gates are applied (see {@link LSTMCell}). The rows {@code [x_t | h_{t-1}]} of all steps are kept
 * in one tensor. Backward takes the steps in reverse for the gates' gradients {@code dG_t} and the
 * states', {@code dh_{t-1} = dG_t W_hh}, {@code dc_{t-1} = dc_t * f_t}; then both weights'
 * gradients over all steps are one product, {@code [dW_ih | dW_hh] = dG^T [X | H_prev]}. Between
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

  /**
   * What forward keeps for backward, per step t (in time order, whichever the direction), and
   * {@code inputs} [T, N, in + hidden], the rows [x_t | h_{t-1}] of every step.
   */
  private record Steps(Tensor[] gates, Tensor[] tanhCell, Tensor[] prevC, Tensor inputs) {}

  @Override
  protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
    Tensor x = in[0];
    Tensor h = in[1].contiguous();
    Tensor c = in[2].contiguous();
    int steps = x.size(0);
    int batch = x.size(1);
    int inputSize = x.size(2);
    // Each step's gates are one product [x_t | h_{t-1}] [W_ih | W_hh]^T, against the weights
    // packed once: the step's part of the input's projection is made where it is used, not read
    // back from a projection of the whole sequence made first, and the rows are kept for the
    // weights' gradient, one product too.
    Tensor inputs = Tensor.zeros(x.dtype(), steps, batch, inputSize + hidden);
    inputs.narrow(2, 0, inputSize).copy_(x);
    PackedMatrix weightsT = PackedMatrix.of(Tensor.cat(List.of(in[3], in[4]), 1).t());
    Tensor bias = in[5] == null ? null : in[5].add(in[6]);
    Steps saved = new Steps(new Tensor[steps], new Tensor[steps], new Tensor[steps], inputs);
    Tensor output = Tensor.zeros(x.dtype(), steps, batch, hidden);
    for (int k = 0; k < steps; k++) {
      int t = reverse ? steps - 1 - k : k;
      saved.prevC[t] = c;
      Tensor rows = inputs.select(0, t);
      rows.narrow(1, inputSize, hidden).copy_(h);
      Tensor gates = weightsT.leftTimes(rows);
      Tensor hNext = Tensor.zeros(x.dtype(), batch, hidden);
      Tensor cNext = Tensor.zeros(x.dtype(), batch, hidden);
      Tensor tanhCell = Tensor.zeros(x.dtype(), batch, hidden);
      boolean[] live = aliveRows == null ? null : aliveRows[t];
      LstmSteps.forward(
          gates, bias, h, c, hNext, cNext, tanhCell, output, t * batch * hidden, live, hidden);
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
      dc = dcPrev;
      if (k == steps - 1 && !ctx.needsInputGrad(1)) break;
      Tensor dhPrev = packedHh.leftTimes(gateGrads.select(0, t));
      // a sequence past its length kept its state: the gradient passes through unchanged
      if (live != null) passThrough(dh, dhPrev, live);
      dh = dhPrev;
    }
    Tensor flat = gateGrads.reshape(steps * batch, 4 * hidden);
    Tensor[] result = new Tensor[7];
    if (ctx.needsInputGrad(1)) result[1] = dh;
    if (ctx.needsInputGrad(2)) result[2] = dc;
    stackedWeightGrads(ctx, in, flat, saved.inputs, result);
    return result;
  }
}
