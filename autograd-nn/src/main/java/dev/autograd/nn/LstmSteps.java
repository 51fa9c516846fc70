package dev.autograd.nn;

import dev.autograd.Tensor;
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
    for (int r = r0; r < r1; r++) {
      int at = r * 4 * hidden;
      if (b == null) {
        // no bias to add
      } else if (g.floats() != null) {
        float[] gf = g.floats();
        float[] bf = b.floats();
        for (int j = 0; j < 4 * hidden; j++) gf[at + j] += bf[bo + j];
      } else {
        double[] gd = g.doubles();
        double[] bd = b.doubles();
        for (int j = 0; j < 4 * hidden; j++) gd[at + j] += bd[bo + j];
      }
      kernels.unaryPacked(UnaryFn.SIGMOID, 0, 0, g, at, g, at, 2 * hidden);
      kernels.unaryPacked(UnaryFn.TANH, 0, 0, g, at + 2 * hidden, g, at + 2 * hidden, hidden);
      kernels.unaryPacked(UnaryFn.SIGMOID, 0, 0, g, at + 3 * hidden, g, at + 3 * hidden, hidden);
    }
    Storage cs = TensorStorage.of(c);
    int co = TensorStorage.offset(c);
    Storage next = TensorStorage.of(cNext);
    if (g.floats() != null) {
      float[] gf = g.floats();
      float[] cf = cs.floats();
      float[] nf = next.floats();
      for (int r = r0; r < r1; r++) {
        int at = r * 4 * hidden;
        int s = r * hidden;
        boolean live = alive == null || alive[r];
        for (int j = 0; j < hidden; j++) {
          float cPrev = cf[co + s + j];
          nf[s + j] =
              live ? gf[at + hidden + j] * cPrev + gf[at + j] * gf[at + 2 * hidden + j] : cPrev;
        }
      }
    } else {
      double[] gd = g.doubles();
      double[] cd = cs.doubles();
      double[] nd = next.doubles();
      for (int r = r0; r < r1; r++) {
        int at = r * 4 * hidden;
        int s = r * hidden;
        boolean live = alive == null || alive[r];
        for (int j = 0; j < hidden; j++) {
          double cPrev = cd[co + s + j];
          nd[s + j] =
              live ? gd[at + hidden + j] * cPrev + gd[at + j] * gd[at + 2 * hidden + j] : cPrev;
        }
      }
    }
    Storage tc = TensorStorage.of(tanhCell);
    kernels.unaryPacked(UnaryFn.TANH, 0, 0, next, r0 * hidden, tc, r0 * hidden, (r1 - r0) * hidden);
    Storage hs = TensorStorage.of(h);
    int ho = TensorStorage.offset(h);
    Storage hn = TensorStorage.of(hNext);
    Storage out = TensorStorage.of(output);
    int oo = TensorStorage.offset(output) + outputAt;
    if (g.floats() != null) {
      float[] gf = g.floats();
      float[] tf = tc.floats();
      float[] hf = hs.floats();
      float[] nf = hn.floats();
      float[] of = out.floats();
      for (int r = r0; r < r1; r++) {
        int at = r * 4 * hidden + 3 * hidden;
        int s = r * hidden;
        boolean live = alive == null || alive[r];
        for (int j = 0; j < hidden; j++) {
          float v = gf[at + j] * tf[s + j];
          nf[s + j] = live ? v : hf[ho + s + j];
          of[oo + s + j] = live ? v : 0f;
        }
      }
    } else {
      double[] gd = g.doubles();
      double[] td = tc.doubles();
      double[] hd = hs.doubles();
      double[] nd = hn.doubles();
      double[] od = out.doubles();
      for (int r = r0; r < r1; r++) {
        int at = r * 4 * hidden + 3 * hidden;
        int s = r * hidden;
        boolean live = alive == null || alive[r];
        for (int j = 0; j < hidden; j++) {
          double v = gd[at + j] * td[s + j];
          nd[s + j] = live ? v : hd[ho + s + j];
          od[oo + s + j] = live ? v : 0;
        }
      }
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
    int go = TensorStorage.offset(gradOutput) + gradOutputAt;
    int co = TensorStorage.offset(c);
    int dho = TensorStorage.offset(dh);
    int dco = TensorStorage.offset(dc);
    int gg = TensorStorage.offset(gateGrads) + gateGradsAt;
    if (TensorStorage.of(gates).floats() != null) {
      float[] dhf = TensorStorage.of(dh).floats();
      float[] dcf = TensorStorage.of(dc).floats();
      float[] gof = TensorStorage.of(gradOutput).floats();
      float[] a = TensorStorage.of(gates).floats();
      float[] tf = TensorStorage.of(tanhCell).floats();
      float[] cf = TensorStorage.of(c).floats();
      float[] d = TensorStorage.of(gateGrads).floats();
      float[] pf = TensorStorage.of(dcPrev).floats();
      for (int r = r0; r < r1; r++) {
        int s = r * hidden;
        if (alive != null && !alive[r]) {
          for (int j = 0; j < hidden; j++) pf[s + j] = dcf[dco + s + j];
          continue;
        }
        int at = 4 * s;
        for (int j = 0; j < hidden; j++) {
          float i = a[at + j];
          float f = a[at + hidden + j];
          float g = a[at + 2 * hidden + j];
          float o = a[at + 3 * hidden + j];
          float t = tf[s + j];
          float dhAll = dhf[dho + s + j] + gof[go + s + j];
          float dcAll = dcf[dco + s + j] + dhAll * o * (1 - t * t);
          d[gg + at + j] = dcAll * g * (i * (1 - i));
          d[gg + at + hidden + j] = dcAll * cf[co + s + j] * (f * (1 - f));
          d[gg + at + 2 * hidden + j] = dcAll * i * (1 - g * g);
          d[gg + at + 3 * hidden + j] = dhAll * t * (o * (1 - o));
          pf[s + j] = dcAll * f;
        }
      }
    } else {
      double[] dhd = TensorStorage.of(dh).doubles();
      double[] dcd = TensorStorage.of(dc).doubles();
      double[] god = TensorStorage.of(gradOutput).doubles();
      double[] a = TensorStorage.of(gates).doubles();
      double[] td = TensorStorage.of(tanhCell).doubles();
      double[] cd = TensorStorage.of(c).doubles();
      double[] d = TensorStorage.of(gateGrads).doubles();
      double[] pd = TensorStorage.of(dcPrev).doubles();
      for (int r = r0; r < r1; r++) {
        int s = r * hidden;
        if (alive != null && !alive[r]) {
          for (int j = 0; j < hidden; j++) pd[s + j] = dcd[dco + s + j];
          continue;
        }
        int at = 4 * s;
        for (int j = 0; j < hidden; j++) {
          double i = a[at + j];
          double f = a[at + hidden + j];
          double g = a[at + 2 * hidden + j];
          double o = a[at + 3 * hidden + j];
          double t = td[s + j];
          double dhAll = dhd[dho + s + j] + god[go + s + j];
          double dcAll = dcd[dco + s + j] + dhAll * o * (1 - t * t);
          d[gg + at + j] = dcAll * g * (i * (1 - i));
          d[gg + at + hidden + j] = dcAll * cd[co + s + j] * (f * (1 - f));
          d[gg + at + 2 * hidden + j] = dcAll * i * (1 - g * g);
          d[gg + at + 3 * hidden + j] = dhAll * t * (o * (1 - o));
          pd[s + j] = dcAll * f;
        }
      }
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
