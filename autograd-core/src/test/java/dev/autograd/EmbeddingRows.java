package dev.autograd;

import static dev.autograd.OpInfo.op;
import static dev.autograd.OpInfo.s;

import dev.autograd.OpInfo.Arr;
import dev.autograd.OpInfo.Builder;
import dev.autograd.OpInfo.Sample;
import java.util.List;

/**
 * The OpInfo rows of embedding and embeddingBag (golden values: {@code golden/embedding.py}), with
 * plain-Java references: the rows picked, and each bag's sum, mean or maximum of them. The options
 * that change the gradient on purpose (the padding index, scaling by frequency) are not rows, whose
 * gradients are checked against finite differences; EmbeddingTest checks them against PyTorch.
 */
final class EmbeddingRows {
  private EmbeddingRows() {}

  static void add(List<Builder> t) {
    t.add(
        op(
                "embedding",
                1,
                (x, s) -> Functional.embedding(Tensor.of(s.longs(0)).reshape(s.ints(1)), x[0]),
                (a, s) -> rows(a[0], s.longs(0), s.ints(1)))
            .samples(
                Sample.of(s(5, 3)).with("indices=[4, 0, 2, 0]", new long[] {4, 0, 2, 0}, s(4)),
                Sample.of(s(6, 2))
                    .with("indices=[[1, 2], [5, 0]]", new long[] {1, 2, 5, 0}, s(2, 2)),
                Sample.of(s(4, 3)).with("index=2 (0-d)", new long[] {2}, s()),
                Sample.of(s(3, 4)).noncontig().with("indices=[2, 1]", new long[] {2, 1}, s(2)))
            .errors(
                Sample.of(s()).with("0-d weight", new long[] {0}, s(1)),
                Sample.of(s(3, 2)).with("index 3 of 3 rows", new long[] {3}, s(1))));
    for (String mode : List.of("sum", "mean", "max")) {
      t.add(
          op(
                  "embeddingBag(" + mode + ")",
                  1,
                  (x, s) ->
                      Functional.embeddingBag(
                          Tensor.of(s.longs(0)),
                          x[0],
                          Tensor.of(s.longs(1)),
                          mode,
                          null,
                          false,
                          null),
                  (a, s) -> bags(a[0], s.longs(0), s.longs(1), mode, null))
              .samples(
                  Sample.of(s(6, 3))
                      .with("bags [1, 2 | 4, 5, 3]", new long[] {1, 2, 4, 5, 3}, new long[] {0, 2}),
                  Sample.of(s(5, 2))
                      .with("bags [0 | empty | 4, 1]", new long[] {0, 4, 1}, new long[] {0, 1, 1}))
              .errors(Sample.of(s()).with("0-d weight", new long[] {0}, new long[] {0})));
    }
    t.add(
        op(
                "embeddingBag(sum, perSampleWeights)",
                2,
                (x, s) ->
                    Functional.embeddingBag(
                        Tensor.of(s.longs(0)),
                        x[0],
                        Tensor.of(s.longs(1)),
                        "sum",
                        x[1],
                        false,
                        null),
                (a, s) -> bags(a[0], s.longs(0), s.longs(1), "sum", a[1]))
            .samples(
                Sample.of(s(6, 3), s(5))
                    .with("bags [1, 2 | 4, 4, 0]", new long[] {1, 2, 4, 4, 0}, new long[] {0, 2}))
            .errors(Sample.of(s(), s(1)).with("0-d weight", new long[] {0}, new long[] {0})));
  }

  /** The rows of a [N, D] weight at the indices, shaped {@code shape + [D]}. */
  private static Arr rows(Arr weight, long[] indices, int[] shape) {
    int d = weight.shape()[1];
    double[] out = new double[indices.length * d];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(weight.v(), (int) indices[i] * d, out, i * d, d);
    }
    int[] outShape = java.util.Arrays.copyOf(shape, shape.length + 1);
    outShape[shape.length] = d;
    return new Arr(out, outShape);
  }

  /** Each bag's sum, mean or maximum of its rows (zeros for an empty bag), [B, D]. */
  private static Arr bags(Arr weight, long[] indices, long[] offsets, String mode, Arr weights) {
    int d = weight.shape()[1];
    int bags = offsets.length;
    double[] out = new double[bags * d];
    for (int b = 0; b < bags; b++) {
      int from = (int) offsets[b];
      int to = b + 1 < bags ? (int) offsets[b + 1] : indices.length;
      for (int j = 0; j < d; j++) {
        double acc = mode.equals("max") ? Double.NEGATIVE_INFINITY : 0;
        for (int i = from; i < to; i++) {
          double v = weight.v()[(int) indices[i] * d + j] * (weights == null ? 1 : weights.v()[i]);
          acc = mode.equals("max") ? Math.max(acc, v) : acc + v;
        }
        if (to == from) acc = 0;
        else if (mode.equals("mean")) acc /= to - from;
        out[b * d + j] = acc;
      }
    }
    return new Arr(out, new int[] {bags, d});
  }
}
