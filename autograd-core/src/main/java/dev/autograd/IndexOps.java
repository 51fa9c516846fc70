package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The indexing and ordering ops of {@link Tensor}: gather, scatter, scatterAdd, indexAdd,
 * indexCopy, maskedFill, maskedSelect, index and indexPut ({@code x[indices]} and {@code x[indices]
 * = values}), sort, argsort, topk and nonzero.
 *
 * <p>Each is a composite: the positions it reads or writes are worked out here once, in plain Java,
 * and the values move through the primitives {@code indexSelect} (reading a list of positions of a
 * flattened tensor), its derivative {@code indexAdd} (adding into zeros at positions) and {@code
 * where}. Their derivatives are then PyTorch's: gather's is a scatterAdd of {@code grad} into
 * zeros, scatterAdd's a gather of {@code grad}, scatter's {@code grad} with the written positions
 * masked to 0, sort's and topk's {@code grad} scattered back through the indices. Indices and masks
 * are never differentiated.
 */
final class IndexOps {
  private IndexOps() {}

  // ================================================================ gather and scatter

  /** {@code out[i][j][k] = x[index[i][j][k]][j][k]} for dim 0 (likewise for other dims). */
  static Tensor gather(Tensor x, int dim, Tensor index) {
    Arguments.requireNonNull("gather", "index", index);
    Positions p = positions("gather", x, dim, index, null);
    return take(x, p.flat).reshape(index.shape).named("GatherBackward");
  }

  /** x + src scattered additively (at {@code index} along {@code dim}); duplicates accumulate. */
  static Tensor scatterAdd(String op, Tensor x, int dim, Tensor index, Tensor src) {
    Arguments.requireNonNull(op, "index", index);
    Arguments.requireNonNull(op, "src", src);
    requireSameType(op, x, src);
    Positions p = positions(op, x, dim, index, src);
    return x.add(place(x, p.flat, srcPart(src, index))).named("ScatterAddBackward");
  }

  /** x with src written at {@code index} along {@code dim}. */
  static Tensor scatter(String op, Tensor x, int dim, Tensor index, Tensor src) {
    Arguments.requireNonNull(op, "index", index);
    Arguments.requireNonNull(op, "src", src);
    requireSameType(op, x, src);
    Positions p = positions(op, x, dim, index, src);
    // NOTE: with duplicate positions PyTorch's result is undefined; the last write wins here.
    int[] kept = lastWrites(p.flat, Shapes.numel(x.shape));
    Tensor values = srcPart(src, index);
    int[] at = p.flat;
    if (kept != null) {
      values = take(values, kept);
      at = pick(p.flat, kept);
    }
    return Tensor.where(written(x, p.flat), place(x, at, values), x).named("ScatterBackward");
  }

  /** x with {@code value} written at {@code index} along {@code dim}. */
  static Tensor scatter(String op, Tensor x, int dim, Tensor index, double value) {
    Arguments.requireNonNull(op, "index", index);
    Positions p = positions(op, x, dim, index, null);
    return Tensor.where(written(x, p.flat), Tensor.scalar(value, x.dtype()), x)
        .named("ScatterBackward");
  }

  /** The flat positions of x that gather reads, or scatter writes, for each element of index. */
  private record Positions(int[] flat) {}

  /**
   * Checks index against x (and src when given) as PyTorch's gather and scatter do, and returns the
   * position in x, flattened row-major, of each element of index in row-major order: index[i] with
   * its dim {@code dim} replaced by the value there.
   */
  private static Positions positions(String op, Tensor x, int dim, Tensor index, Tensor src) {
    requireInt64(op, index);
    int d = x.wrapDim(op, dim);
    int rank = Math.max(x.dim(), 1);
    if (Math.max(index.dim(), 1) != rank || (src != null && Math.max(src.dim(), 1) != rank)) {
      throw new TensorException(
          op
              + ": index must have the same number of dimensions as self"
              + (src == null ? "" : " and src")
              + ", got index of shape "
              + Shapes.format(index.shape)
              + " for self of shape "
              + Shapes.format(x.shape)
              + (src == null ? "" : " and src of shape " + Shapes.format(src.shape)));
    }
    int[] selfShape = asRank1(x.shape);
    int[] indexShape = asRank1(index.shape);
    int[] srcShape = src == null ? null : asRank1(src.shape);
    for (int k = 0; k < rank; k++) {
      boolean tooBig = k != d && indexShape[k] > selfShape[k];
      if (tooBig || (srcShape != null && indexShape[k] > srcShape[k])) {
        throw new TensorException(
            op
                + ": expected index "
                + Shapes.format(index.shape)
                + " to be no larger than self "
                + Shapes.format(x.shape)
                + " apart from dimension "
                + d
                + (src == null ? "" : " and no larger than src " + Shapes.format(src.shape))
                + ", but it is larger at dimension "
                + k);
      }
    }
    int[] strides = Shapes.contiguousStrides(selfShape);
    double[] values = index.toDoubleArray();
    int[] flat = new int[values.length];
    int[] at = new int[rank];
    for (int i = 0; i < values.length; i++) {
      long v = (long) values[i];
      if (v < 0 || v >= selfShape[d]) {
        throw outOfRange(op, v, d, selfShape[d], x.shape);
      }
      int pos = 0;
      for (int k = 0; k < rank; k++) pos += (k == d ? (int) v : at[k]) * strides[k];
      flat[i] = pos;
      for (int k = rank - 1; k >= 0 && ++at[k] == indexShape[k]; k--) at[k] = 0;
    }
    return new Positions(flat);
  }

  /** A 0-d shape as [1], as PyTorch treats a 0-d tensor in gather and scatter. */
  private static int[] asRank1(int[] shape) {
    return shape.length == 0 ? new int[] {1} : shape;
  }

  /** The part of src that index covers, flattened: {@code src[0:index.size(0), ...]}. */
  private static Tensor srcPart(Tensor src, Tensor index) {
    Tensor part = src;
    for (int k = 0; k < index.dim(); k++) {
      if (part.shape[k] != index.shape[k]) part = part.narrow(k, 0, index.shape[k]);
    }
    return part.reshape(-1);
  }

  /** The elements of x, flattened, at the given positions: a 1-D tensor. */
  private static Tensor take(Tensor x, int[] flat) {
    return x.reshape(-1).indexSelect(0, Tensor.of(toLongs(flat)));
  }

  /**
   * A tensor of x's shape and type, zero except for {@code values[i]} added at flat position {@code
   * at[i]}: indexSelect's derivative, whose own derivative reads the positions back.
   */
  private static Tensor place(Tensor x, int[] at, Tensor values) {
    int n = Shapes.numel(x.shape);
    Tensor index = Tensor.of(toLongs(at));
    Tensor flat =
        ShapeOps.indexAdd(values, index, new ShapeOps.Selected(new int[] {n}, 0, at, index));
    return flat.reshape(x.shape);
  }

  /** A BOOL mask of x's shape, true at the given flat positions. */
  private static Tensor written(Tensor x, int[] flat) {
    double[] mask = new double[Shapes.numel(x.shape)];
    for (int p : flat) mask[p] = 1;
    return Tensor.of(mask, DType.BOOL, mask.length).reshape(x.shape);
  }

  /**
   * The entries of {@code positions} that are the last to write their position, or null when no
   * position repeats.
   */
  private static int[] lastWrites(int[] positions, int size) {
    int[] last = new int[size];
    Arrays.fill(last, -1);
    boolean repeats = false;
    for (int i = 0; i < positions.length; i++) {
      repeats |= last[positions[i]] >= 0;
      last[positions[i]] = i;
    }
    if (!repeats) return null;
    return java.util.stream.IntStream.range(0, positions.length)
        .filter(i -> last[positions[i]] == i)
        .toArray();
  }

  private static int[] pick(int[] values, int[] entries) {
    int[] out = new int[entries.length];
    for (int i = 0; i < entries.length; i++) out[i] = values[entries[i]];
    return out;
  }

  // ================================================================ indexAdd and indexCopy

  /** {@code x} with {@code alpha * source}'s slices along dim added at the positions of index. */
  static Tensor indexAdd(String op, Tensor x, int dim, Tensor index, Tensor source, double alpha) {
    Sliced s = slices(op, x, dim, index, source);
    Tensor scaled = alpha == 1 ? s.source : s.source.mul(alpha);
    Tensor out = s.self.add(ShapeOps.indexAdd(scaled, s.index, s.selected));
    return out.reshape(x.shape).named("IndexAddBackward");
  }

  /** {@code x} with its slices along dim at the positions of index replaced by source's. */
  static Tensor indexCopy(String op, Tensor x, int dim, Tensor index, Tensor source) {
    Sliced s = slices(op, x, dim, index, source);
    int[] positions = s.selected.positions();
    // NOTE: with duplicate positions PyTorch's result is undefined; the last copy wins here.
    int[] kept = lastWrites(positions, s.self.shape[s.selected.dim()]);
    Tensor values = s.source;
    ShapeOps.Selected at = s.selected;
    if (kept != null) {
      Tensor keep = Tensor.of(toLongs(kept));
      values = values.indexSelect(at.dim(), keep);
      int[] p = pick(positions, kept);
      Tensor index2 = Tensor.of(toLongs(p));
      at = new ShapeOps.Selected(at.shape(), at.dim(), p, index2);
    }
    int[] rowShape = new int[s.self.dim()];
    Arrays.fill(rowShape, 1);
    rowShape[at.dim()] = s.self.shape[at.dim()];
    double[] rows = new double[rowShape[at.dim()]];
    for (int p : positions) rows[p] = 1;
    Tensor mask = Tensor.of(rows, DType.BOOL, rowShape);
    Tensor out = Tensor.where(mask, ShapeOps.indexAdd(values, at.index(), at), s.self);
    return out.reshape(x.shape).named("IndexCopyBackward");
  }

  /** indexAdd's and indexCopy's operands, a 0-d self and source taken as [1]. */
  private record Sliced(Tensor self, Tensor source, Tensor index, ShapeOps.Selected selected) {}

  private static Sliced slices(String op, Tensor x, int dim, Tensor index, Tensor source) {
    Arguments.requireNonNull(op, "index", index);
    Arguments.requireNonNull(op, "source", source);
    requireSameType(op, x, source);
    int[] positions = ShapeOps.checkIndex(op, x, dim, index);
    int d = x.wrapDim(op, dim);
    Tensor self = x.dim() == 0 ? x.reshape(1) : x;
    Tensor src = source.dim() == 0 ? source.reshape(1) : source;
    boolean sameSlices = src.dim() == self.dim();
    for (int k = 0; sameSlices && k < self.dim(); k++) {
      sameSlices = k == d ? src.shape[k] == positions.length : src.shape[k] == self.shape[k];
    }
    if (!sameSlices) {
      throw new TensorException(
          op
              + ": source of shape "
              + Shapes.format(source.shape)
              + " does not fit self of shape "
              + Shapes.format(x.shape)
              + " with "
              + positions.length
              + " indices along dimension "
              + d
              + " (expected source to have self's shape with size "
              + positions.length
              + " at dimension "
              + d
              + ")");
    }
    Tensor flatIndex = index.dim() == 0 ? index.reshape(1) : index;
    return new Sliced(
        self, src, flatIndex, new ShapeOps.Selected(self.shape, d, positions, flatIndex));
  }

  // ================================================================ masks

  /** x with {@code value} wherever the mask (broadcast with x) is true. */
  static Tensor maskedFill(String op, Tensor x, Tensor mask, Tensor value) {
    Arguments.requireNonNull(op, "value", value);
    requireMask(op, x, mask);
    if (value.dim() != 0) {
      throw new TensorException(
          op
              + ": only a 0-d value tensor is supported, but got a tensor of shape "
              + Shapes.format(value.shape));
    }
    Tensor v = value.dtype() == x.dtype() ? value : value.to(x.dtype());
    return Tensor.where(mask, v, x).named("MaskedFillBackward");
  }

  /** The elements of x (broadcast with the mask) where the mask is true, as a 1-D tensor. */
  static Tensor maskedSelect(Tensor x, Tensor mask) {
    int[] shape = requireMask("maskedSelect", x, mask);
    Tensor where = nonzeroFlat(mask.expand(shape));
    return x.expand(shape).reshape(-1).indexSelect(0, where).named("MaskedSelectBackward");
  }

  /** Checks that the mask is BOOL and broadcasts with x; returns the broadcast shape. */
  private static int[] requireMask(String op, Tensor x, Tensor mask) {
    Arguments.requireNonNull(op, "mask", mask);
    if (mask.dtype() != DType.BOOL) {
      throw new TensorException(
          op
              + ": expected a BOOL mask, got a tensor of dtype "
              + mask.dtype().pytorchName()
              + "; compare first (x.gt(0), x.ne(0))");
    }
    return PointwiseOps.broadcastShape(op, x, mask);
  }

  /** The row-major flat positions of the nonzero elements, as a 1-D INT64 tensor. */
  private static Tensor nonzeroFlat(Tensor x) {
    double[] v = x.toDoubleArray();
    long[] at = new long[v.length];
    int n = 0;
    for (int i = 0; i < v.length; i++) if (v[i] != 0) at[n++] = i;
    return Tensor.of(Arrays.copyOf(at, n));
  }

  /** The indices of the nonzero elements (NaN is nonzero), one row each: INT64 [n, dim()]. */
  static Tensor nonzero(Tensor x) {
    double[] v = x.toDoubleArray();
    int rank = x.dim();
    long[] rows = new long[v.length * rank];
    int n = 0;
    int[] at = new int[rank];
    for (int i = 0; i < v.length; i++) {
      if (v[i] != 0) {
        for (int k = 0; k < rank; k++) rows[n * rank + k] = at[k];
        n++;
      }
      for (int k = rank - 1; k >= 0 && ++at[k] == x.shape[k]; k--) at[k] = 0;
    }
    if (rank == 0) n = v[0] != 0 ? 1 : 0;
    return Tensor.of(Arrays.copyOf(rows, n * rank)).reshape(n, rank);
  }

  // ================================================================ x[indices] and x[indices] = v

  /** {@code x[indices]}: the rows of x that a BOOL mask or an INT64 index picks. */
  static Tensor index(Tensor x, Tensor indices) {
    Picked p = pick("index", x, indices);
    return p.rows.indexSelect(0, p.positions).reshape(p.shape).named("IndexBackward");
  }

  /** {@code x[indices] = values}, out of place: values broadcast to the shape of x[indices]. */
  static Tensor indexPut(String op, Tensor x, Tensor indices, Tensor values) {
    Arguments.requireNonNull(op, "values", values);
    Picked p = pick(op, x, indices);
    if (values.dtype() != x.dtype()) {
      throw new TensorException(
          op
              + ": Index put requires the source and destination dtypes match, got "
              + x.dtype().pytorchName()
              + " for the destination and "
              + values.dtype().pytorchName()
              + " for the source");
    }
    if (!Arrays.equals(Shapes.broadcast(values.shape, p.shape), p.shape)) {
      throw new TensorException(
          op
              + ": shape mismatch: value tensor of shape "
              + Shapes.format(values.shape)
              + " cannot be broadcast to indexing result of shape "
              + Shapes.format(p.shape));
    }
    int[] rowsShape = p.rows.shape.clone();
    rowsShape[0] = p.positions.numel();
    Tensor source = values.expand(p.shape).reshape(rowsShape);
    Tensor out = indexCopy(op, p.rows, 0, p.positions, source);
    return out.reshape(x.shape).named("IndexPutBackward");
  }

  /**
   * What {@code x[indices]} reads: x as rows (its leading dims that the index covers flattened into
   * one), the positions of the rows read, in order, and the shape of the result.
   */
  private record Picked(Tensor rows, Tensor positions, int[] shape) {}

  /**
   * Checks the index as PyTorch's {@code x[indices]} does: a BOOL mask must have the shape of x's
   * leading dims (the result is [number of trues, rest of x's dims]); an INT64 index picks rows of
   * dim 0, negative ones counting from the end (the result is index's shape followed by the rest of
   * x's dims).
   */
  private static Picked pick(String op, Tensor x, Tensor indices) {
    Arguments.requireNonNull(op, "indices", indices);
    if (indices.dtype() == DType.BOOL) {
      int covered = indices.dim();
      if (covered > x.dim()) throw tooManyIndices(op, x);
      for (int k = 0; k < covered; k++) {
        if (indices.shape[k] != x.shape[k]) {
          throw new TensorException(
              op
                  + ": The shape of the mask "
                  + Shapes.format(indices.shape)
                  + " at index "
                  + k
                  + " does not match the shape of the indexed tensor "
                  + Shapes.format(x.shape)
                  + " at index "
                  + k);
        }
      }
      int[] rowsShape = new int[x.dim() - covered + 1];
      rowsShape[0] = Shapes.numel(indices.shape);
      System.arraycopy(x.shape, covered, rowsShape, 1, x.dim() - covered);
      Tensor positions = nonzeroFlat(indices);
      int[] shape = rowsShape.clone();
      shape[0] = positions.numel();
      return new Picked(x.reshape(rowsShape), positions, shape);
    }
    if (indices.dtype() != DType.INT64) {
      throw new TensorException(
          op
              + ": tensors used as indices must be INT64 or BOOL tensors, got "
              + indices.dtype().pytorchName());
    }
    if (x.dim() == 0) throw tooManyIndices(op, x);
    int n = x.shape[0];
    double[] values = indices.toDoubleArray();
    long[] positions = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      long v = (long) values[i];
      if (v < -n || v >= n) {
        throw new TensorException(
            op + ": index " + v + " is out of bounds for dimension 0 with size " + n);
      }
      positions[i] = v < 0 ? v + n : v;
    }
    int[] shape = new int[indices.dim() + x.dim() - 1];
    System.arraycopy(indices.shape, 0, shape, 0, indices.dim());
    System.arraycopy(x.shape, 1, shape, indices.dim(), x.dim() - 1);
    return new Picked(x, Tensor.of(positions), shape);
  }

  private static TensorException tooManyIndices(String op, Tensor x) {
    return new TensorException(
        op
            + ": too many indices for tensor of dimension "
            + x.dim()
            + " (shape "
            + Shapes.format(x.shape)
            + ")");
  }

  // ================================================================ ordering

  /** x sorted along dim, with each value's index before sorting. */
  static ValuesAndIndices sort(String op, Tensor x, int dim, boolean descending) {
    Tensor indices = order(op, x, dim, descending);
    return new ValuesAndIndices(gatherNamed(x, dim, indices, "SortBackward"), indices);
  }

  /** The k largest (or smallest) elements along dim, in order, with their indices. */
  static ValuesAndIndices topk(Tensor x, int k, int dim, boolean largest) {
    int d = x.wrapDim("topk", dim);
    int size = x.dim() == 0 ? 1 : x.shape[d];
    if (k < 0 || k > size) {
      throw new TensorException(
          "topk: selected index k out of range: k = "
              + k
              + " for dimension "
              + d
              + " with size "
              + size
              + " (expected 0 <= k <= "
              + size
              + "; shape "
              + Shapes.format(x.shape)
              + ")");
    }
    Tensor indices = order("topk", x, dim, largest);
    if (x.dim() > 0 && k < size) indices = indices.narrow(d, 0, k).contiguous();
    return new ValuesAndIndices(gatherNamed(x, dim, indices, "TopkBackward"), indices);
  }

  private static Tensor gatherNamed(Tensor x, int dim, Tensor indices, String name) {
    Positions p = positions("gather", x, dim, indices, null);
    return take(x, p.flat).reshape(indices.shape).named(name);
  }

  /**
   * For each lane along dim, the positions of its elements in sorted order: ascending or
   * descending, NaN as the largest value, ties in their original order (a stable sort).
   */
  private static Tensor order(String op, Tensor x, int dim, boolean descending) {
    int d = x.wrapDim(op, dim);
    if (x.dim() == 0) return Tensor.of(new long[] {0}).reshape();
    double[] v = x.toDoubleArray();
    int size = x.shape[d];
    int inner = Shapes.contiguousStrides(x.shape)[d];
    int outer = v.length == 0 ? 0 : v.length / (size * inner);
    long[] out = new long[v.length];
    Comparator<Integer> byValue = (a, b) -> compareNanLast(v[a], v[b]);
    Comparator<Integer> cmp = descending ? byValue.reversed() : byValue;
    Integer[] lane = new Integer[size];
    for (int o = 0; o < outer; o++) {
      for (int in = 0; in < inner; in++) {
        int base = o * size * inner + in;
        for (int j = 0; j < size; j++) lane[j] = base + j * inner;
        Arrays.sort(lane, cmp); // a merge sort: stable
        for (int j = 0; j < size; j++) out[base + j * inner] = (lane[j] - base) / inner;
      }
    }
    return Tensor.of(out).reshape(x.shape);
  }

  /**
   * PyTorch's sort order: NaN above every number (NaNs equal to each other), and -0.0 equal to 0.0
   * (where {@link Double#compare} would order them), so that a stable sort keeps them in place.
   */
  private static int compareNanLast(double a, double b) {
    if (a < b) return -1;
    if (a > b) return 1;
    boolean aNan = Double.isNaN(a);
    return aNan == Double.isNaN(b) ? 0 : aNan ? 1 : -1;
  }

  // ================================================================ checks

  static void requireInt64(String op, Tensor index) {
    if (index.dtype() != DType.INT64) {
      throw new TensorException(
          op + ": index must be an INT64 tensor, got " + index.dtype().pytorchName());
    }
  }

  private static void requireSameType(String op, Tensor x, Tensor src) {
    if (src.dtype() != x.dtype()) {
      throw new TensorException(
          op
              + ": expected self and source to have the same dtype, got "
              + x.dtype().pytorchName()
              + " and "
              + src.dtype().pytorchName());
    }
  }

  /** The out-of-range message shared with indexSelect. */
  static TensorException outOfRange(String op, long index, int dim, int size, int[] shape) {
    return new TensorException(
        op
            + ": index "
            + index
            + " is out of range for dimension "
            + dim
            + " with size "
            + size
            + " (expected 0 <= index < "
            + size
            + "; shape "
            + Shapes.format(shape)
            + ")");
  }

  private static long[] toLongs(int[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) out[i] = values[i];
    return out;
  }
}
