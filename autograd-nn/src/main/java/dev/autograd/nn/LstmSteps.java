package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.internal.BinaryFn;
import dev.autograd.internal.Kernels;
import dev.autograd.internal.Storage;
import dev.autograd.internal.TensorStorage;
import dev.autograd.internal.ThreadPool;
import dev.autograd.internal.UnaryFn;

/**
 * The element-wise part of one LSTM step and of its derivative, in one pass over the step's arrays
 * rather than a dozen tensor ops: what {@link LstmSequence} runs between the products. All tensors
 * are contiguous, of one floating type, made by the caller; N rows of hidden elements each, the
 * gates [N, 4 hidden] in PyTorch's order i, f, g, o. A row whose {@code alive} entry is false (a
 * sequence past its length) keeps its state, outputs zeros and passes its gradients through.
 */
final class LstmSteps {
  private LstmSteps() {}

  /**
   * One step forward. {@code gates} holds {@code [x_t | h] [W_ih | W_hh]^T} on entry and the gates'
   * activations (sigmoid of i, f, o; tanh of g) on return, after {@code bias} ({@code b_ih + b_hh},
   * or null for none) is added.
   *
   * <pre>
   * c' = f c + i g,   h' = o tanh(c'),   output = h'
   * </pre>
   */
  static void forward(
      Tensor gates,
      Tensor bias,
      Tensor h,
      Tensor c,
      Tensor hNext,
      Tensor cNext,
      Tensor tanhCell,
      Tensor output,
      int outputAt,
      boolean[] alive,
      int hidden) {
    byRows(
        h.size(0),
        hidden,
        (r0, r1) ->
            forwardRows(
                r0, r1, gates, bias, h, c, hNext, cNext, tanhCell, output, outputAt, alive,
                hidden));
  }

  /** {@link #forward} for rows [r0, r1). */
  private static void forwardRows(
      int r0,
      int r1,
      Tensor gates,
      Tensor bias,
      Tensor h,
      Tensor c,
      Tensor hNext,
      Tensor cNext,
      Tensor tanhCell,
      Tensor output,
      int outputAt,
      boolean[] alive,
      int hidden) {
    Kernels kernels = Kernels.get();
    Storage g = TensorStorage.of(gates);
    Storage b = bias == null ? null : TensorStorage.of(bias);
    int bo = bias == null ? 0 : TensorStorage.offset(bias);
    Storage cs = TensorStorage.of(c);
    int co = TensorStorage.offset(c);
    Storage next = TensorStorage.of(cNext);
    Storage tc = TensorStorage.of(tanhCell);
    Storage hs = TensorStorage.of(h);
    int ho = TensorStorage.offset(h);
    Storage hn = TensorStorage.of(hNext);
    Storage out = TensorStorage.of(output);
    int oo = TensorStorage.offset(output) + outputAt;
    for (int r = r0; r < r1; r++) {
      int at = r * 4 * hidden;
      int s = r * hidden;
      if (b != null) kernels.binaryPacked(BinaryFn.ADD, g, at, b, bo, g, at, 4 * hidden);
      kernels.unaryPacked(UnaryFn.SIGMOID, 0, 0, g, at, g, at, 2 * hidden);
      kernels.unaryPacked(UnaryFn.TANH, 0, 0, g, at + 2 * hidden, g, at + 2 * hidden, hidden);
      kernels.unaryPacked(UnaryFn.SIGMOID, 0, 0, g, at + 3 * hidden, g, at + 3 * hidden, hidden);
      if (alive == null || alive[r]) {
        kernels.lstmCellForward(g, at, cs, co + s, next, s, tc, s, hn, s, out, oo + s, hidden);
        continue;
      }
      // past its length: the row keeps its state and outputs zeros
      for (int j = 0; j < hidden; j++) {
        next.set(s + j, cs.get(co + s + j));
        hn.set(s + j, hs.get(ho + s + j));
        out.set(oo + s + j, 0);
      }
      kernels.unaryPacked(UnaryFn.TANH, 0, 0, next, s, tc, s, hidden);
    }
  }

  /**
   * One step backward: from the gradients of the state after the step (dh, dc) and of its output
   * ({@code gradOutput} from {@code gradOutputAt}), the gates' pre-activation gradients into {@code
   * gateGrads} from {@code gateGradsAt} (left as they are, zeros, in rows past their length) and
   * the cell state's gradient before the step into {@code dcPrev}:
   *
   * <pre>
   * dh' = dh + dout,   dc' = dc + dh' o (1 - tanh(c')^2)
   * di = dc' g i (1 - i),   df = dc' c f (1 - f),   dg = dc' i (1 - g^2),
   * do = dh' tanh(c') o (1 - o),   dc_prev = dc' f
   * </pre>
   */
  static void backward(
      Tensor dh,
      Tensor dc,
      Tensor gradOutput,
      int gradOutputAt,
      Tensor gates,
      Tensor tanhCell,
      Tensor c,
      Tensor gateGrads,
      int gateGradsAt,
      Tensor dcPrev,
      boolean[] alive,
      int hidden) {
    byRows(
        dh.size(0),
        hidden,
        (r0, r1) ->
            backwardRows(
                r0,
                r1,
                dh,
                dc,
                gradOutput,
                gradOutputAt,
                gates,
                tanhCell,
                c,
                gateGrads,
                gateGradsAt,
                dcPrev,
                alive,
                hidden));
  }

  /** {@link #backward} for rows [r0, r1). */
  private static void backwardRows(
      int r0,
      int r1,
      Tensor dh,
      Tensor dc,
      Tensor gradOutput,
      int gradOutputAt,
      Tensor gates,
      Tensor tanhCell,
      Tensor c,
      Tensor gateGrads,
      int gateGradsAt,
      Tensor dcPrev,
      boolean[] alive,
      int hidden) {
    Kernels kernels = Kernels.get();
    Storage dhs = TensorStorage.of(dh);
    int dho = TensorStorage.offset(dh);
    Storage dcs = TensorStorage.of(dc);
    int dco = TensorStorage.offset(dc);
    Storage gos = TensorStorage.of(gradOutput);
    int go = TensorStorage.offset(gradOutput) + gradOutputAt;
    Storage a = TensorStorage.of(gates);
    Storage tc = TensorStorage.of(tanhCell);
    Storage cs = TensorStorage.of(c);
    int co = TensorStorage.offset(c);
    Storage d = TensorStorage.of(gateGrads);
    int gg = TensorStorage.offset(gateGrads) + gateGradsAt;
    Storage p = TensorStorage.of(dcPrev);
    for (int r = r0; r < r1; r++) {
      int s = r * hidden;
      if (alive != null && !alive[r]) {
        for (int j = 0; j < hidden; j++) p.set(s + j, dcs.get(dco + s + j));
        continue;
      }
      int at = 4 * s;
      kernels.lstmCellBackward(
          a, at, tc, s, cs, co + s, dhs, dho + s, dcs, dco + s, gos, go + s, d, gg + at, p, s,
          hidden);
    }
  }

  /** A range of rows [r0, r1) of a step. */
  interface RowRange {
    void run(int r0, int r1);
  }

  /** Elements of a step from which its rows are split across the kernel threads. */
  static final int PARALLEL_ELEMENTS = 4096;

  /**
   * Runs {@code body} over the step's rows: on the kernel threads in one range per thread when the
   * step has at least {@link #PARALLEL_ELEMENTS} elements, else at once. Rows are independent, so
   * the split does not change a bit of the result; between the products of a sequence on two
   * threads, a step run on one thread would leave the other idle.
   */
  static void byRows(int rows, int hidden, RowRange body) {
    int threads = Math.min(ThreadPool.threads(), rows);
    if (threads <= 1 || (long) rows * hidden < PARALLEL_ELEMENTS) {
      body.run(0, rows);
      return;
    }
    int per = (rows + threads - 1) / threads;
    ThreadPool.parallelFor(
        threads,
        t -> {
          int r0 = t * per;
          int r1 = Math.min(rows, r0 + per);
          if (r0 < r1) body.run(r0, r1);
        });
  }
}
