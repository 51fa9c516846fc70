package dev.autograd;

import static dev.autograd.OpInfo.op;
import static dev.autograd.OpInfo.s;

import dev.autograd.OpInfo.Arr;
import dev.autograd.OpInfo.Builder;
import dev.autograd.OpInfo.Sample;
import java.util.List;

/**
 * The OpInfo rows of scaledDotProductAttention, with a plain-Java reference: for each batch and
 * query, the softmax of the scaled scores (masked or shifted), times the values.
 */
final class AttentionRows {
  private AttentionRows() {}

  static void add(List<Builder> t) {
    t.add(
        op(
                "scaledDotProductAttention",
                3,
                (x, s) ->
                    Functional.scaledDotProductAttention(
                        x[0], x[1], x[2], mask(s), 0, s.args().length > 1 && s.b(1)),
                (a, s) -> reference(a[0], a[1], a[2], s))
            .samples(
                Sample.of(s(2, 3, 4), s(2, 5, 4), s(2, 5, 2)).with("no mask", null, false),
                Sample.of(s(3, 4), s(3, 4), s(3, 3)).with("causal", null, true),
                Sample.of(s(2, 3, 2), s(2, 4, 2), s(2, 4, 3))
                    .with(
                        "bool mask",
                        new double[][] {{1, 1, 0, 0}, {1, 0, 1, 1}, {0, 1, 1, 1}},
                        false),
                Sample.of(s(1, 2, 2), s(1, 3, 2), s(1, 3, 2))
                    .with("float mask", new double[][] {{0, -1, 0.5}, {2, 0, -0.5}}, false))
            .errors(Sample.of(s(), s(), s()).with("0-d", null, false)));
  }

  /** The sample's mask: rows of 0/1 as BOOL when they are all 0 or 1, else floats. */
  private static Tensor mask(Sample s) {
    double[][] m = (double[][]) s.args()[0];
    if (m == null) return null;
    boolean bool = true;
    for (double[] row : m) {
      for (double v : row) bool &= v == 0 || v == 1;
    }
    Tensor t = Tensor.of(m, DType.FLOAT64);
    return bool ? t.ne(0) : t;
  }

  private static Arr reference(Arr q, Arr k, Arr v, Sample s) {
    double[][] m = (double[][]) s.args()[0];
    boolean causal = s.b(1);
    int rank = q.shape().length;
    int l = q.shape()[rank - 2];
    int e = q.shape()[rank - 1];
    int n = k.shape()[rank - 2];
    int ev = v.shape()[rank - 1];
    int batches = q.v().length / (l * e);
    double[] out = new double[batches * l * ev];
    for (int b = 0; b < batches; b++) {
      for (int i = 0; i < l; i++) {
        double[] w = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          double dot = 0;
          for (int c = 0; c < e; c++)
            dot += q.v()[(b * l + i) * e + c] * k.v()[(b * n + j) * e + c];
          double score = dot / Math.sqrt(e);
          boolean bool = m != null && isBool(m);
          if ((causal && j > i) || (bool && m[i][j] == 0)) score = Double.NEGATIVE_INFINITY;
          else if (m != null && !bool) score += m[i][j];
          w[j] = score;
          max = Math.max(max, score);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) sum += w[j] = Math.exp(w[j] - max);
        for (int c = 0; c < ev; c++) {
          double acc = 0;
          for (int j = 0; j < n; j++) acc += w[j] / sum * v.v()[(b * n + j) * ev + c];
          out[(b * l + i) * ev + c] = acc;
        }
      }
    }
    int[] shape = q.shape().clone();
    shape[rank - 1] = ev;
    return new Arr(out, shape);
  }

  private static boolean isBool(double[][] m) {
    for (double[] row : m) {
      for (double v : row) {
        if (v != 0 && v != 1) return false;
      }
    }
    return true;
  }
}
