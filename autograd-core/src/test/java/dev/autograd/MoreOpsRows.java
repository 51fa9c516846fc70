package dev.autograd;

import static dev.autograd.OpInfo.op;
import static dev.autograd.OpInfo.s;

import dev.autograd.OpInfo.Arr;
import dev.autograd.OpInfo.Builder;
import dev.autograd.OpInfo.Sample;
import dev.autograd.testing.Attrs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The OpInfo rows of prod, cumprod, einsum, index and indexPut (golden values: {@code
 * golden/more_ops.py}), with their plain-Java references: products in loops, einsum as the sum over
 * every assignment of its indices, and index as the rows it picks.
 */
final class MoreOpsRows {
  private MoreOpsRows() {}

  static void add(List<Builder> t) {
    t.add(
        op("prod()", 1, (x, s) -> x[0].prod(), (a, s) -> OpInfo.reduce(a[0], null, false, PRODUCT))
            .samples(OpInfo.UNARY)
            .pytorch("prod"));
    t.add(
        op(
                "prod(dim)",
                1,
                (x, s) -> x[0].prod(s.ints(0)[0], s.b(1)),
                OpInfo.reductionRef(MoreOpsRows::product))
            .samples(OpInfo.REDUCE_ONE_DIM)
            .errors(OpInfo.reduceSample(s(2, 3), s(2), false))
            .pytorch("prod_dim", (a, in) -> in[0].prod(a.integer("dim"), a.bool("keepdim"))));
    t.add(
        op(
                "cumprod",
                1,
                (x, s) -> x[0].cumprod(s.i(0)),
                (a, s) -> OpInfo.alongDim(a[0], s.i(0), MoreOpsRows::runningProducts))
            .samples(OpInfo.SCANS)
            .errors(Sample.of(s(2, 3)).with("dim=2", 2))
            .pytorch("cumprod", (a, in) -> in[0].cumprod(a.integer("dim"))));
    t.add(
        op(
                "einsum",
                -1,
                (x, s) -> Tensor.einsum((String) s.args()[0], x),
                (a, s) -> einsumRef((String) s.args()[0], a))
            .samples(
                einsumSample("ii", s(3, 3)),
                einsumSample("ii->i", s(3, 3)),
                einsumSample("ij->", s(2, 3)),
                einsumSample("ji", s(2, 3)),
                einsumSample("i,j", s(3), s(4)),
                einsumSample("ij,jk->ik", s(2, 3), s(3, 4)),
                einsumSample("ij,jk->ik", s(2, 1), s(3, 4)),
                einsumSample("bij,bjk->bik", s(2, 3, 4), s(2, 4, 2)),
                einsumSample("...ij,...jk->...ik", s(2, 1, 3, 2), s(3, 2, 2)),
                einsumSample("...ii->...i", s(2, 3, 3)),
                einsumSample("iij,jk", s(2, 2, 3), s(3, 2)),
                einsumSample("bn,anm,bm->ba", s(2, 3), s(2, 3, 4), s(2, 4)),
                einsumSample("ab,bc,cd->ad", s(2, 3), s(3, 2), s(2, 3)),
                einsumSample("bA,bc", s(2, 3), s(2, 2)),
                einsumSample(",->", s(), s()),
                einsumSample("i,->i", s(3), s()),
                einsumSample("ij,jk", s(3, 3), s(3, 2)).noncontig())
            .errors(
                einsumSample("i", s()),
                einsumSample("ij,jk", s(2, 3), s(2, 4)),
                einsumSample("ij->k", s(2, 3)),
                einsumSample("i1", s(2)))
            .pytorch("einsum", (a, in) -> Tensor.einsum(String.valueOf(a.get("equation")), in)));
    t.add(
        op(
                "index(mask)",
                1,
                (x, s) -> x[0].index(OpInfo.maskOf(s.longs(0), s.ints(1))),
                (a, s) -> maskRowsRef(a[0], s.longs(0), s.ints(1)))
            .samples(MASKS)
            .errors(
                maskSample(s(2, 3), new long[] {1, 0, 1}, s(3)),
                maskSample(s(), new long[] {1}, s(1)))
            .pytorch("index_mask", (a, in) -> in[0].index(mask(a))));
    t.add(
        op(
                "index(int64)",
                1,
                (x, s) -> x[0].index(OpInfo.indexOf(s.longs(0), s.ints(1))),
                (a, s) ->
                    OpInfo.reshape(
                        rowsRef(a[0], wrapped(s.longs(0), a[0])), pickedShape(a[0], s.ints(1))))
            .samples(INDICES)
            .errors(
                indexSample(s(), new long[] {0}, s(1)),
                indexSample(s(3, 2), new long[] {3}, s(1)),
                indexSample(s(3, 2), new long[] {-4}, s(1)))
            .pytorch("index_long", (a, in) -> in[0].index(index(a))));
    t.add(
        op(
                "indexPut(mask)",
                2,
                (x, s) -> x[0].indexPut(OpInfo.maskOf(s.longs(0), s.ints(1)), x[1]),
                (a, s) -> {
                  long[] rows = maskedRows(s.longs(0));
                  int covered = s.ints(1).length;
                  int[] picked = asRows(a[0], covered).shape().clone();
                  picked[0] = rows.length;
                  return putRef(a[0], a[1], rows, covered, picked);
                })
            .samples(
                putSample(s(3, 4), new long[] {1, 0, 1}, s(3), s(2, 4)),
                putSample(s(3, 4), new long[] {1, 0, 1}, s(3), s(4)),
                putSample(s(3, 4), new long[] {0, 1, 1}, s(3), s()),
                putSample(s(2, 3), new long[] {1, 0, 0, 1, 1, 0}, s(2, 3), s(3)),
                putSample(s(2, 3, 2), new long[] {0, 1, 1, 1, 0, 0}, s(2, 3), s(3, 2)),
                putSample(s(3, 2), new long[] {1, 0, 1}, s(3), s(2, 2)).noncontig())
            .errors(
                putSample(s(3, 4), new long[] {1, 0, 1}, s(3), s(3)),
                putSample(s(3, 4), new long[] {1, 0}, s(2), s()))
            .pytorch("index_put_mask", (a, in) -> in[0].indexPut(mask(a), in[1])));
    t.add(
        op(
                "indexPut(int64)",
                2,
                (x, s) -> x[0].indexPut(OpInfo.indexOf(s.longs(0), s.ints(1)), x[1]),
                (a, s) ->
                    putRef(a[0], a[1], wrapped(s.longs(0), a[0]), 1, pickedShape(a[0], s.ints(1))))
            .samples(
                putSample(s(4, 3), new long[] {2, -1, 0}, s(3), s(3, 3)),
                putSample(s(4, 3), new long[] {2, -1, 0}, s(3), s(3)),
                putSample(s(4, 3), new long[] {0, 3}, s(2, 1), s(2, 1, 3)),
                putSample(s(5), new long[] {0, 4, -2, 1}, s(2, 2), s()),
                putSample(s(5), new long[] {3}, s(), s()))
            .errors(
                putSample(s(4, 3), new long[] {4}, s(1), s()),
                putSample(s(4, 3), new long[] {0, 1}, s(2), s(3, 3)))
            .pytorch("index_put_long", (a, in) -> in[0].indexPut(index(a), in[1])));
  }

  // ================================================================ prod and cumprod

  private static final java.util.function.ToDoubleFunction<double[]> PRODUCT = MoreOpsRows::product;

  private static double product(double[] group) {
    double p = 1;
    for (double v : group) p *= v;
    return p;
  }

  private static double[] runningProducts(double[] lane) {
    double[] out = new double[lane.length];
    double p = 1;
    for (int i = 0; i < lane.length; i++) out[i] = p *= lane[i];
    return out;
  }

  // ================================================================ einsum

  private static Sample einsumSample(String equation, int[]... shapes) {
    return Sample.of(shapes).with("'" + equation + "'", equation);
  }

  /**
   * einsum by its definition: every index (a letter, or one dim of "...", right-aligned and
   * broadcast) runs over its size, and each assignment adds the product of the operands' elements
   * (index 0 where an operand's size is 1) to the output element it names.
   */
  static Arr einsumRef(String equation, Arr[] operands) {
    String eq = equation.replace(" ", "");
    int arrow = eq.indexOf("->");
    String[] inputs = (arrow < 0 ? eq : eq.substring(0, arrow)).split(",", -1);
    int ellipsisDims = 0;
    for (int i = 0; i < inputs.length; i++) {
      int named = inputs[i].replace("...", "").length();
      if (inputs[i].contains("...")) {
        ellipsisDims = Math.max(ellipsisDims, operands[i].rank() - named);
      }
    }
    // Each operand's indices, one char per dim: the ellipsis's dims as the digits 0, 1, ...
    List<String> dims = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      int covered = operands[i].rank() - inputs[i].replace("...", "").length();
      dims.add(inputs[i].replace("...", digits(ellipsisDims - covered, ellipsisDims)));
    }
    String output;
    if (arrow >= 0) {
      output = eq.substring(arrow + 2).replace("...", digits(0, ellipsisDims));
    } else {
      Map<Character, Integer> count = new HashMap<>();
      for (String d : dims) for (char c : d.toCharArray()) count.merge(c, 1, Integer::sum);
      StringBuilder implicit = new StringBuilder(digits(0, ellipsisDims));
      // Java orders A-Z before a-z, as PyTorch's implicit output does.
      for (char c : new TreeSet<>(count.keySet())) {
        if (Character.isLetter(c) && count.get(c) == 1) implicit.append(c);
      }
      output = implicit.toString();
    }
    Map<Character, Integer> size = new HashMap<>();
    for (int i = 0; i < dims.size(); i++) {
      for (int k = 0; k < dims.get(i).length(); k++) {
        size.merge(dims.get(i).charAt(k), operands[i].shape()[k], Math::max);
      }
    }
    String all = output;
    for (char c : size.keySet()) if (all.indexOf(c) < 0) all += c;
    int[] outShape = new int[output.length()];
    for (int k = 0; k < outShape.length; k++) outShape[k] = size.get(output.charAt(k));
    int[] allShape = new int[all.length()];
    for (int k = 0; k < allShape.length; k++) allShape[k] = size.get(all.charAt(k));
    double[] out = new double[OpInfo.numel(outShape)];
    for (int flat = 0; flat < OpInfo.numel(allShape); flat++) {
      int[] at = OpInfo.unravel(flat, allShape);
      double product = 1;
      for (int i = 0; i < operands.length; i++) {
        int[] idx = new int[operands[i].rank()];
        for (int k = 0; k < idx.length; k++) {
          int value = at[all.indexOf(dims.get(i).charAt(k))];
          idx[k] = operands[i].shape()[k] == 1 ? 0 : value;
        }
        product *= operands[i].v()[OpInfo.ravel(idx, operands[i].shape())];
      }
      out[OpInfo.ravel(Arrays.copyOf(at, outShape.length), outShape)] += product;
    }
    return new Arr(out, outShape);
  }

  private static String digits(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int j = from; j < to; j++) sb.append((char) ('0' + j));
    return sb.toString();
  }

  // ================================================================ index and indexPut

  private static Sample maskSample(int[] self, long[] mask, int[] maskShape) {
    return Sample.of(self).with("mask=" + Arrays.toString(mask), mask, maskShape);
  }

  private static Sample indexSample(int[] self, long[] index, int[] indexShape) {
    return Sample.of(self).with("index=" + Arrays.toString(index), index, indexShape);
  }

  private static Sample putSample(int[] self, long[] index, int[] indexShape, int[] values) {
    return Sample.of(self, values).with("index=" + Arrays.toString(index), index, indexShape);
  }

  private static final List<Sample> MASKS =
      List.of(
          maskSample(s(3, 4), new long[] {1, 0, 1}, s(3)),
          maskSample(s(2, 3), new long[] {1, 0, 1, 0, 0, 1}, s(2, 3)),
          maskSample(s(2, 3, 2), new long[] {0, 1, 1, 1, 0, 0}, s(2, 3)),
          maskSample(s(), new long[] {1}, s()),
          maskSample(s(2, 3), new long[] {0, 0}, s(2)),
          maskSample(s(3, 2), new long[] {1, 1, 0}, s(3)).noncontig());

  private static final List<Sample> INDICES =
      List.of(
          indexSample(s(4, 3), new long[] {2, -1, 0, 2}, s(4)),
          indexSample(s(4, 3), new long[] {0, 3, -4, 1}, s(2, 2)),
          indexSample(s(4, 3), new long[] {1}, s()),
          indexSample(s(5), new long[] {0, 4, -1, 2}, s(2, 2)),
          indexSample(s(4, 3), new long[0], s(0)),
          indexSample(s(3, 2), new long[] {2, 0}, s(2)).noncontig());

  private static Tensor mask(Attrs a) {
    return a.longs("mask").reshape(a.ints("mask_shape")).ne(0);
  }

  private static Tensor index(Attrs a) {
    return a.longs("index").reshape(a.ints("index_shape"));
  }

  /** The rows of x flattened over its first {@code covered} dims, as [rows, rest...] arrays. */
  private static Arr asRows(Arr x, int covered) {
    int[] shape = new int[x.rank() - covered + 1];
    shape[0] = OpInfo.numel(Arrays.copyOf(x.shape(), covered));
    System.arraycopy(x.shape(), covered, shape, 1, x.rank() - covered);
    return new Arr(x.v(), shape);
  }

  /** The positions of the true elements of a mask. */
  private static long[] maskedRows(long[] mask) {
    return java.util.stream.IntStream.range(0, mask.length)
        .filter(i -> mask[i] != 0)
        .asLongStream()
        .toArray();
  }

  /** Negative positions counted from the end of x's dim 0. */
  private static long[] wrapped(long[] index, Arr x) {
    return Arrays.stream(index).map(v -> v < 0 ? v + x.shape()[0] : v).toArray();
  }

  /** The rows of x (along dim 0) at the given positions, stacked. */
  private static Arr rowsRef(Arr x, long[] positions) {
    int row = x.rank() == 0 ? 1 : x.numel() / Math.max(x.shape()[0], 1);
    double[] out = new double[positions.length * row];
    for (int i = 0; i < positions.length; i++) {
      System.arraycopy(x.v(), (int) positions[i] * row, out, i * row, row);
    }
    int[] shape = x.shape().clone();
    shape[0] = positions.length;
    return new Arr(out, shape);
  }

  private static Arr maskRowsRef(Arr x, long[] mask, int[] maskShape) {
    return rowsRef(asRows(x, maskShape.length), maskedRows(mask));
  }

  private static int[] pickedShape(Arr x, int[] indexShape) {
    int[] shape = Arrays.copyOf(indexShape, indexShape.length + x.rank() - 1);
    System.arraycopy(x.shape(), 1, shape, indexShape.length, x.rank() - 1);
    return shape;
  }

  /**
   * x with its rows (over the first {@code covered} dims) at {@code positions} replaced by values
   * broadcast to {@code target} (the shape of x[indices]), the last write winning.
   */
  private static Arr putRef(Arr x, Arr values, long[] positions, int covered, int[] target) {
    Arr rows = asRows(x, covered);
    int row = rows.shape()[0] == 0 ? 0 : x.numel() / rows.shape()[0];
    double[] out = x.v().clone();
    for (int i = 0; i < positions.length; i++) {
      for (int k = 0; k < row; k++) {
        int[] at = OpInfo.unravel(i * row + k, target);
        int[] v = new int[values.rank()];
        for (int d = 0; d < v.length; d++) {
          int td = target.length - v.length + d;
          v[d] = values.shape()[d] == 1 ? 0 : at[td];
        }
        out[(int) positions[i] * row + k] = values.v()[OpInfo.ravel(v, values.shape())];
      }
    }
    return new Arr(out, x.shape());
  }
}
