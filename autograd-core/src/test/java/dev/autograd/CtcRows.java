package dev.autograd;

import static dev.autograd.OpInfo.op;
import static dev.autograd.OpInfo.s;

import dev.autograd.OpInfo.Arr;
import dev.autograd.OpInfo.Builder;
import dev.autograd.OpInfo.Sample;
import java.util.List;

/**
 * The OpInfo row of ctcLoss (golden values: {@code golden/ctc.py}), with a plain-Java reference:
 * the forward recursion over the extended target in probabilities, not logs.
 */
final class CtcRows {
  private CtcRows() {}

  static void add(List<Builder> t) {
    t.add(
        op(
                "ctcLoss",
                1,
                (x, s) ->
                    Functional.ctcLoss(
                        x[0],
                        Tensor.of((long[][]) s.args()[0]),
                        s.longs(1),
                        s.longs(2),
                        0,
                        Reduction.SUM,
                        false),
                (a, s) -> reference(a[0], (long[][]) s.args()[0], s.longs(1), s.longs(2)))
            .samples(
                Sample.of(s(4, 2, 3))
                    .with(
                        "targets [[1, 2], [2, 2]]",
                        new long[][] {{1, 2}, {2, 2}},
                        new long[] {4, 4},
                        new long[] {2, 2}),
                Sample.of(s(3, 1, 4))
                    .with(
                        "target [3], 2 steps", new long[][] {{3}}, new long[] {2}, new long[] {1}))
            .errors(
                Sample.of(s()).with("0-d", new long[][] {{1}}, new long[] {1}, new long[] {1})));
  }

  private static Arr reference(
      Arr lp, long[][] targets, long[] inputLengths, long[] targetLengths) {
    int steps = lp.shape()[0];
    int batch = lp.shape()[1];
    int classes = lp.shape()[2];
    double total = 0;
    for (int b = 0; b < batch; b++) {
      int l = (int) targetLengths[b];
      int size = 2 * l + 1;
      long[] ext = new long[size];
      for (int i = 0; i < l; i++) ext[2 * i + 1] = targets[b][i];
      double[] alpha = new double[size];
      for (int t = 0; t < inputLengths[b]; t++) {
        double[] next = new double[size];
        for (int s = 0; s < size; s++) {
          double p = Math.exp(lp.v()[(t * batch + b) * classes + (int) ext[s]]);
          double sum;
          if (t == 0) {
            sum = s < 2 ? 1 : 0;
          } else {
            sum = alpha[s] + (s >= 1 ? alpha[s - 1] : 0);
            if (s >= 2 && ext[s] != 0 && ext[s] != ext[s - 2]) sum += alpha[s - 2];
          }
          next[s] = sum * p;
        }
        alpha = next;
      }
      double likelihood = alpha[size - 1] + (size >= 2 ? alpha[size - 2] : 0);
      total -= Math.log(likelihood);
    }
    return new Arr(new double[] {total}, new int[0]);
  }
}
