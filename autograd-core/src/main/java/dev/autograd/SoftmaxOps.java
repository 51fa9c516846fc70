package dev.autograd;

import dev.autograd.internal.Kernels;
import dev.autograd.internal.ThreadPool;
import dev.autograd.internal.UnaryFn;

/**
 * Softmax and log-softmax along the last dim of a packed tensor, each one primitive as PyTorch's
 * {@code _softmax} and {@code _log_softmax}: per row the maximum, the exponentials of the shifted
 * values and their sum, in one pass over the row each, where the composites ({@link
 * Composites#softmax}) take five ops and a broadcast per step. The rows are those of attention
 * weights and of classifiers' logits. Other layouts go through the composites.
 *
 * <p>As the composites, each row is shifted by its maximum (0 when that is infinite), so that the
 * exponentials cannot overflow, and the sum of a row is taken in double. Derivatives, in tensor ops
 * so that they can be differentiated again, from the saved result y: {@code y (g - sum(g y))} for
 * softmax, {@code g - e^y sum(g)} for log-softmax, the sums over the row.
 */
final class SoftmaxOps {
  private SoftmaxOps() {}

  /** Elements per task when the rows are split across threads. */
  private static final int CHUNK = 1 << 15;

  /**
   * Whether the primitives apply: a packed floating tensor with non-empty rows, along its last dim.
   */
  static boolean applies(Tensor x, int dim) {
    return x.dim() > 0
        && dim == x.dim() - 1
        && x.dtype().isFloatingPoint()
        && x.shape[dim] > 0
        && x.numel() > 0
        && x.isContiguous();
  }

  static Tensor softmax(Tensor x) {
    Tensor out = rows(x, false);
    if (!Primitive.active(x)) return out;
    return Primitives.SOFTMAX.record(out, new Tensor[] {x}, null);
  }

  static Tensor logSoftmax(Tensor x) {
    Tensor out = rows(x, true);
    if (!Primitive.active(x)) return out;
    return Primitives.LOG_SOFTMAX.record(out, new Tensor[] {x}, null);
  }

  /** The derivative of softmax from its result: {@code y (g - sum(g y))} over the last dim. */
  static Tensor softmaxGrad(Tensor g, Tensor y) {
    return y.mul(g.sub(g.mul(y).sum(-1, true)));
  }

  /** The derivative of log-softmax from its result: {@code g - e^y sum(g)} over the last dim. */
  static Tensor logSoftmaxGrad(Tensor g, Tensor y) {
    return g.sub(y.exp().mul(g.sum(-1, true)));
  }

  private static Tensor rows(Tensor x, boolean log) {
    int row = x.shape[x.dim() - 1];
    int rows = x.numel() / row;
    Tensor out = Tensor.empty(x.dtype(), x.shape);
    Kernels kernels = Kernels.get();
    int perTask = Math.max(1, CHUNK / row);
    int tasks = (rows + perTask - 1) / perTask;
    ThreadPool.parallelFor(
        x.numel() < CHUNK ? 1 : tasks,
        t -> {
          int first = x.numel() < CHUNK ? 0 : t * perTask;
          int last = x.numel() < CHUNK ? rows : Math.min(rows, first + perTask);
          for (int r = first; r < last; r++) {
            int xo = x.offset + r * row;
            int oo = r * row;
            if (x.storage.floats() != null) {
              floatRow(kernels, x.storage.floats(), xo, out, oo, row, log);
            } else {
              doubleRow(kernels, x.storage.doubles(), xo, out, oo, row, log);
            }
          }
        });
    return out;
  }

  private static void floatRow(
      Kernels kernels, float[] x, int xo, Tensor outTensor, int oo, int n, boolean log) {
    float[] out = outTensor.storage.floats();
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) max = Math.max(max, x[xo + j]); // NaN if the row has one
    float shift = Float.isFinite(max) ? max : 0f;
    for (int j = 0; j < n; j++) out[oo + j] = x[xo + j] - shift;
    kernels.unaryPacked(UnaryFn.EXP, 0, 0, outTensor.storage, oo, outTensor.storage, oo, n);
    double sum = 0;
    for (int j = 0; j < n; j++) sum += out[oo + j];
    if (log) {
      float logSum = (float) Math.log(sum);
      for (int j = 0; j < n; j++) out[oo + j] = (x[xo + j] - shift) - logSum;
    } else {
      float total = (float) sum;
      for (int j = 0; j < n; j++) out[oo + j] /= total;
    }
  }

  private static void doubleRow(
      Kernels kernels, double[] x, int xo, Tensor outTensor, int oo, int n, boolean log) {
    double[] out = outTensor.storage.doubles();
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) max = Math.max(max, x[xo + j]); // NaN if the row has one
    double shift = Double.isFinite(max) ? max : 0;
    for (int j = 0; j < n; j++) out[oo + j] = x[xo + j] - shift;
    kernels.unaryPacked(UnaryFn.EXP, 0, 0, outTensor.storage, oo, outTensor.storage, oo, n);
    double sum = 0;
    for (int j = 0; j < n; j++) sum += out[oo + j];
    if (log) {
      double logSum = Math.log(sum);
      for (int j = 0; j < n; j++) out[oo + j] = (x[xo + j] - shift) - logSum;
    } else {
      for (int j = 0; j < n; j++) out[oo + j] /= sum;
    }
  }
}
