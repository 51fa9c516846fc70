package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.internal.Kernels;
import dev.autograd.internal.Storage;
import dev.autograd.internal.TensorStorage;
import dev.autograd.internal.UnaryFn;

/**
 * The element-wise part of one step of an Elman RNN ({@code h' = act(x W_ih^T + b_ih + h W_hh^T +
 * b_hh)}, act tanh or relu) and of its derivative: what {@link RnnSequence} runs between the
 * products. All tensors are contiguous, of one floating type; N rows of hidden elements. A row
 * whose {@code alive} entry is false (a sequence past its length) keeps its state, outputs zeros
 * and passes its gradient through.
 */
final class RnnSteps {
  private RnnSteps() {}

  /**
   * One step forward: {@code pre} holds {@code h W_hh^T} on entry and {@code h'} on return, after
   * the step's {@code x W_ih^T + b_ih + b_hh} ({@code projected} from {@code projectedAt}) is added
   * and the activation applied; {@code hNext} and the output row get h' (or the kept state and
   * zeros past a sequence's length).
   */
  static void forward(
      Tensor pre,
      Tensor projected,
      int projectedAt,
      Tensor h,
      Tensor hNext,
      Tensor output,
      int outputAt,
      boolean[] alive,
      boolean relu) {
    int n = pre.numel();
    int hidden = h.size(1);
    Storage p = TensorStorage.of(pre);
    int po = TensorStorage.offset(projected) + projectedAt;
    int ho = TensorStorage.offset(h);
    int oo = TensorStorage.offset(output) + outputAt;
    if (p.floats() != null) {
      float[] pf = p.floats();
      float[] xf = TensorStorage.of(projected).floats();
      for (int i = 0; i < n; i++) pf[i] += xf[po + i];
    } else {
      double[] pd = p.doubles();
      double[] xd = TensorStorage.of(projected).doubles();
      for (int i = 0; i < n; i++) pd[i] += xd[po + i];
    }
    Kernels.get().unaryPacked(relu ? UnaryFn.RELU : UnaryFn.TANH, 0, 0, p, 0, p, 0, n);
    Storage hs = TensorStorage.of(h);
    Storage next = TensorStorage.of(hNext);
    Storage out = TensorStorage.of(output);
    for (int r = 0; r < h.size(0); r++) {
      int s = r * hidden;
      if (alive == null || alive[r]) {
        System.arraycopy(array(p), s, array(next), s, hidden);
        System.arraycopy(array(p), s, array(out), oo + s, hidden);
      } else {
        System.arraycopy(array(hs), ho + s, array(next), s, hidden);
      }
    }
  }

  /**
   * One step backward: the pre-activation gradient {@code dh' act'} into {@code gates} from {@code
   * gatesAt} ({@code act' = 1 - h'^2} for tanh, {@code h' > 0} for relu), where {@code dh' = dh +
   * dout}; left as it is, zeros, in rows past their length.
   */
  static void backward(
      Tensor dh,
      Tensor gradOutput,
      int gradOutputAt,
      Tensor hNew,
      Tensor gates,
      int gatesAt,
      boolean[] alive,
      boolean relu) {
    int hidden = dh.size(1);
    int dho = TensorStorage.offset(dh);
    int go = TensorStorage.offset(gradOutput) + gradOutputAt;
    int ho = TensorStorage.offset(hNew);
    int g0 = TensorStorage.offset(gates) + gatesAt;
    boolean floats = TensorStorage.of(dh).floats() != null;
    for (int r = 0; r < dh.size(0); r++) {
      if (alive != null && !alive[r]) continue;
      int s = r * hidden;
      if (floats) {
        float[] d = TensorStorage.of(dh).floats();
        float[] o = TensorStorage.of(gradOutput).floats();
        float[] y = TensorStorage.of(hNew).floats();
        float[] g = TensorStorage.of(gates).floats();
        for (int j = 0; j < hidden; j++) {
          float v = y[ho + s + j];
          float slope = relu ? (v > 0 ? 1f : 0f) : 1 - v * v;
          g[g0 + s + j] = (d[dho + s + j] + o[go + s + j]) * slope;
        }
      } else {
        double[] d = TensorStorage.of(dh).doubles();
        double[] o = TensorStorage.of(gradOutput).doubles();
        double[] y = TensorStorage.of(hNew).doubles();
        double[] g = TensorStorage.of(gates).doubles();
        for (int j = 0; j < hidden; j++) {
          double v = y[ho + s + j];
          double slope = relu ? (v > 0 ? 1 : 0) : 1 - v * v;
          g[g0 + s + j] = (d[dho + s + j] + o[go + s + j]) * slope;
        }
      }
    }
  }

  private static Object array(Storage s) {
    return s.floats() != null ? s.floats() : s.doubles();
  }
}
