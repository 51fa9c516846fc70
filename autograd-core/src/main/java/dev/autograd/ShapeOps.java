package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Kernels;
import dev.autograd.internal.Shapes;
import dev.autograd.internal.Storage;
import dev.autograd.internal.StridedView;
import java.util.Arrays;
import java.util.List;

/**
 * The forward of the movement primitives (their records, with their derivatives, are in {@link
 * Primitives}): views that share storage (reshape, permute, expand, narrow; select is built on
 * narrow) and the ops that copy (copy, cat, indexSelect). Each derivative moves {@code grad} back
 * where the elements came from.
 */
final class ShapeOps {
  private ShapeOps() {}

  private static Tensor viewOf(Tensor x, int[] shape, int[] strides, int offset) {
    return new Tensor(x.storage, shape, strides, offset).viewing(x);
  }

  static Tensor reshape(Tensor x, int[] requested, boolean mustBeView) {
    String op = mustBeView ? "view" : "reshape";
    Arguments.requireNonNull(op, "newShape", requested);
    int[] shape = inferShape(op, x, requested);
    int[] strides = viewStrides(x.shape, x.strides, shape);
    Tensor out;
    if (strides != null) {
      out = viewOf(x, shape, strides, x.offset);
    } else if (mustBeView) {
      throw new TensorException(
          "view: size "
              + Shapes.format(shape)
              + " is not compatible with the input's size "
              + Shapes.format(x.shape)
              + " and strides "
              + Shapes.format(x.strides)
              + " (at least one dimension spans across two contiguous subspaces); use reshape()"
              + " instead");
    } else {
      Tensor packed = copyRaw(x, x.dtype());
      out = new Tensor(packed.storage, shape, Shapes.contiguousStrides(shape), 0); // no view
    }
    if (!Primitive.active(x)) return out;
    // PyTorch 1.13's names: a view, a reshape that could view, and a reshape that had to copy.
    Primitive primitive =
        mustBeView
            ? Primitives.VIEW
            : strides != null ? Primitives.RESHAPE_ALIAS : Primitives.UNSAFE_VIEW;
    return primitive.record(out, new Tensor[] {x}, x.shape);
  }

  private static int[] inferShape(String op, Tensor x, int[] requested) {
    int[] shape = requested.clone();
    int infer = -1;
    long known = 1;
    int[] knownSizes = new int[shape.length];
    for (int d = 0; d < shape.length; d++) knownSizes[d] = shape[d] < 0 ? 1 : shape[d];
    Shapes.checkedNumel(op, knownSizes);
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] == -1) {
        if (infer >= 0)
          throw new TensorException(
              op + ": only one dimension can be inferred, got " + Shapes.format(requested));
        infer = d;
      } else if (shape[d] < 0) {
        throw new TensorException(
            op + ": invalid shape dimension " + shape[d] + " in " + Shapes.format(requested));
      } else {
        known *= shape[d];
      }
    }
    int numel = x.numel();
    if (infer >= 0) {
      if (known == 0 || numel % known != 0) {
        throw new TensorException(
            op
                + ": shape "
                + Shapes.format(requested)
                + " is invalid for input of size "
                + numel
                + " (shape "
                + Shapes.format(x.shape)
                + ")");
      }
      shape[infer] = (int) (numel / known);
    } else if (known != numel) {
      throw new TensorException(
          op
              + ": shape "
              + Shapes.format(requested)
              + " is invalid for input of size "
              + numel
              + " (shape "
              + Shapes.format(x.shape)
              + ")");
    }
    return shape;
  }

  /**
   * Strides that show a tensor of {@code oldShape}/{@code oldStrides} with {@code newShape} without
   * copying, or null when no such strides exist. Each run of old dims that is contiguous in memory
   * may be split or merged freely; a new dim may not span two such runs.
   */
  static int[] viewStrides(int[] oldShape, int[] oldStrides, int[] newShape) {
    int[] newStrides = new int[newShape.length];
    if (oldShape.length == 0) {
      Arrays.fill(newStrides, 1);
      return newStrides;
    }
    if (Shapes.numel(oldShape) == 0) return Shapes.contiguousStrides(newShape);
    int viewD = newShape.length - 1;
    long chunkBaseStride = oldStrides[oldStrides.length - 1];
    long tensorNumel = 1;
    long viewNumel = 1;
    for (int tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
      tensorNumel *= oldShape[tensorD];
      boolean chunkEnds =
          tensorD == 0
              || (oldShape[tensorD - 1] != 1
                  && oldStrides[tensorD - 1] != tensorNumel * chunkBaseStride);
      if (chunkEnds) {
        while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
          newStrides[viewD] = (int) (viewNumel * chunkBaseStride);
          viewNumel *= newShape[viewD];
          viewD--;
        }
        if (viewNumel != tensorNumel) return null;
        if (tensorD > 0) {
          chunkBaseStride = oldStrides[tensorD - 1];
          tensorNumel = 1;
          viewNumel = 1;
        }
      }
    }
    return viewD == -1 ? newStrides : null;
  }

  static Tensor permute(Tensor x, int[] dims) {
    Arguments.requireNonNull("permute", "dims", dims);
    int rank = x.dim();
    if (dims.length != rank) {
      throw new TensorException(
          "permute: number of dims don't match: the tensor has shape "
              + Shapes.format(x.shape)
              + " but the order "
              + Shapes.format(dims)
              + " has "
              + dims.length
              + " entries");
    }
    int[] order = new int[rank];
    boolean[] seen = new boolean[rank];
    for (int i = 0; i < rank; i++) {
      int d = x.wrapDim("permute", dims[i]);
      if (seen[d])
        throw new TensorException("permute: repeated dim " + d + " in " + Shapes.format(dims));
      seen[d] = true;
      order[i] = d;
    }
    int[] shape = new int[rank];
    int[] strides = new int[rank];
    int[] inverse = new int[rank];
    for (int i = 0; i < rank; i++) {
      shape[i] = x.shape[order[i]];
      strides[i] = x.strides[order[i]];
      inverse[order[i]] = i;
    }
    Tensor out = viewOf(x, shape, strides, x.offset);
    if (!Primitive.active(x)) return out;
    return Primitives.PERMUTE.record(out, new Tensor[] {x}, inverse);
  }

  /**
   * The transpose of a matrix, as {@link #permute} with [1, 0] but without its checks: it runs on
   * every Linear layer's weight. Derivative: {@code grad.t()}.
   */
  static Tensor transposeMatrix(Tensor x) {
    Tensor out =
        viewOf(
            x,
            new int[] {x.shape[1], x.shape[0]},
            new int[] {x.strides[1], x.strides[0]},
            x.offset);
    if (!Primitive.active(x)) return out;
    return Primitives.T.record(out, new Tensor[] {x}, null);
  }

  static Tensor expand(Tensor x, int[] sizes) {
    Arguments.requireNonNull("expand", "sizes", sizes);
    if (sizes.length < x.dim()) {
      throw new TensorException(
          "expand: the number of sizes provided ("
              + sizes.length
              + ") must be greater or equal to the number of dimensions in the tensor ("
              + x.dim()
              + "), shape "
              + Shapes.format(x.shape));
    }
    int lead = sizes.length - x.dim();
    int[] shape = new int[sizes.length];
    int[] strides = new int[sizes.length];
    for (int d = 0; d < sizes.length; d++) {
      if (sizes[d] < -1 || (d < lead && sizes[d] < 0)) {
        throw new TensorException(
            "expand: size "
                + sizes[d]
                + " is not allowed at dimension "
                + d
                + (d < lead
                    ? ", a leading, new one"
                    : " (sizes are non-negative, or -1 to keep one)")
                + ". Target sizes: "
                + Shapes.format(sizes)
                + ". Tensor sizes: "
                + Shapes.format(x.shape));
      }
      if (d < lead) {
        shape[d] = sizes[d];
        strides[d] = 0;
        continue;
      }
      int own = x.shape[d - lead];
      int want = sizes[d] == -1 ? own : sizes[d];
      if (want != own) {
        if (own != 1) {
          throw new TensorException(
              "expand: the expanded size of the tensor ("
                  + want
                  + ") must match the existing size ("
                  + own
                  + ") at non-singleton dimension "
                  + d
                  + ". Target sizes: "
                  + Shapes.format(sizes)
                  + ". Tensor sizes: "
                  + Shapes.format(x.shape));
        }
        strides[d] = 0;
      } else {
        strides[d] = x.strides[d - lead];
      }
      shape[d] = want;
    }
    Shapes.checkedNumel("expand", shape);
    Tensor out = viewOf(x, shape, strides, x.offset);
    if (!Primitive.active(x)) return out;
    return Primitives.EXPAND.record(out, new Tensor[] {x}, x.shape);
  }

  static Tensor narrow(Tensor x, int dim, int start, int length) {
    if (x.dim() == 0) throw new TensorException("narrow: cannot be applied to a 0-d tensor");
    int d = x.wrapDim("narrow", dim);
    int size = x.shape[d];
    int s = start < 0 ? start + size : start;
    if (s < 0 || length < 0 || s + length > size) {
      throw new TensorException(
          "narrow: start ("
              + start
              + ") + length ("
              + length
              + ") exceeds dimension size ("
              + size
              + ") of dim "
              + d
              + " in shape "
              + Shapes.format(x.shape));
    }
    int[] shape = x.shape.clone();
    shape[d] = length;
    Tensor out = viewOf(x, shape, x.strides.clone(), x.offset + s * x.strides[d]);
    if (!Primitive.active(x)) return out;
    return Primitives.NARROW.record(out, new Tensor[] {x}, new Slice(x.shape, d, s, length));
  }

  /** A range of one dim of a tensor of {@code shape}: narrow's arguments. */
  record Slice(int[] shape, int dim, int start, int length) {}

  /**
   * A zero tensor of the slice's shape with {@code g} placed at its range: the derivative of
   * narrow. Its own derivative is narrow again.
   */
  static Tensor placeInto(Tensor g, Slice slice) {
    Tensor out = Tensor.empty(g.dtype(), slice.shape);
    Kernels.get()
        .copy(g.view(), narrowView(out.view(), slice.dim, slice.start, g.shape[slice.dim]));
    if (!Primitive.active(g)) return out;
    return Primitives.PLACE_INTO.record(out, new Tensor[] {g}, slice);
  }

  /** The slice's range of {@code g}: the derivative of {@link #placeInto}. */
  static Tensor narrowBack(Tensor g, Slice slice) {
    return g.narrow(slice.dim, slice.start, slice.length);
  }

  static Tensor select(Tensor x, int dim, int index) {
    if (x.dim() == 0) throw new TensorException("select: cannot be applied to a 0-d tensor");
    int d = x.wrapDim("select", dim);
    int size = x.shape[d];
    if (index < -size || index >= size) {
      throw new TensorException(
          "select: index "
              + index
              + " out of range for tensor of size "
              + Shapes.format(x.shape)
              + " at dimension "
              + d);
    }
    int i = index < 0 ? index + size : index;
    return narrow(x, d, i, 1).squeeze(d).named("SelectBackward");
  }

  static StridedView narrowView(StridedView v, int dim, int start, int length) {
    int[] shape = v.shape().clone();
    shape[dim] = length;
    return new StridedView(v.storage(), shape, v.strides(), v.offset() + start * v.strides()[dim]);
  }

  private static StridedView selectView(StridedView v, int dim, int index) {
    int rank = v.shape().length;
    int[] shape = new int[rank - 1];
    int[] strides = new int[rank - 1];
    for (int d = 0, k = 0; d < rank; d++) {
      if (d == dim) continue;
      shape[k] = v.shape()[d];
      strides[k++] = v.strides()[d];
    }
    return new StridedView(v.storage(), shape, strides, v.offset() + index * v.strides()[dim]);
  }

  /** A row-major copy in {@code dtype}, not recorded. */
  static Tensor copyRaw(Tensor x, DType dtype) {
    Tensor out = Tensor.empty(dtype, x.shape);
    Kernels.get().copy(x.view(), out.view());
    return out;
  }

  /**
   * A copy of x laid out as {@code layout} when that is a dense layout other than row-major (a
   * transposed matrix), else row-major: PyTorch's rule for the gradient of a leaf, which keeps the
   * leaf's strides. Recorded as a clone when x requires grad and recording is on.
   */
  static Tensor copyLaidOutAs(Tensor x, Tensor layout) {
    if (layout.isContiguous() || !Shapes.isNonOverlappingAndDense(layout.shape, layout.strides)) {
      return copy(x, x.dtype(), Primitives.CLONE);
    }
    Tensor out =
        new Tensor(
            Storage.allocate(x.dtype(), Shapes.numel(x.shape)), x.shape, layout.strides.clone(), 0);
    Kernels.get().copy(x.view(), out.view());
    if (!Primitive.active(x)) return out;
    return Primitives.CLONE.record(out, new Tensor[] {x}, x.dtype());
  }

  /** A copy of x in {@code dtype}, recorded as {@code primitive} (CLONE or TO_COPY). */
  static Tensor copy(Tensor x, DType dtype, Primitive primitive) {
    Tensor out = copyRaw(x, dtype);
    if (!dtype.isFloatingPoint()) return out; // integer and boolean results carry no gradient
    if (!Primitive.active(x)) return out;
    return primitive.record(out, new Tensor[] {x}, x.dtype());
  }

  static Tensor cat(List<Tensor> tensors, int dim) {
    if (Arguments.requireNoNulls("cat", "tensors", tensors).isEmpty())
      throw new TensorException("cat: expects a non-empty list of tensors");
    Tensor first = tensors.get(0);
    if (first.dim() == 0)
      throw new TensorException(
          "cat: zero-dimensional tensor (at position 0) cannot be concatenated");
    int d = first.wrapDim("cat", dim);
    int[] shape = first.shape.clone();
    DType type = first.dtype();
    long total = 0;
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      if (t.dim() != first.dim()) {
        throw new TensorException(
            "cat: tensors must have the same number of dimensions: got "
                + first.dim()
                + " and "
                + t.dim()
                + " (shapes "
                + Shapes.format(first.shape)
                + " at position 0 and "
                + Shapes.format(t.shape)
                + " at position "
                + i
                + ")");
      }
      for (int k = 0; k < shape.length; k++) {
        if (k != d && t.shape[k] != first.shape[k]) {
          throw new TensorException(
              "cat: sizes of tensors must match except in dimension "
                  + d
                  + ". Expected size "
                  + first.shape[k]
                  + " but got size "
                  + t.shape[k]
                  + " for tensor number "
                  + i
                  + " in the list (shapes "
                  + Shapes.format(first.shape)
                  + " and "
                  + Shapes.format(t.shape)
                  + ")");
        }
      }
      total += t.shape[d];
      type = DType.promote(type, t.dtype());
    }
    if (total > Shapes.MAX_NUMEL) {
      throw new TensorException(
          "cat: the sizes along dim "
              + d
              + " add up to "
              + total
              + ", more than 2^31 - 1, the most a tensor can index");
    }
    shape[d] = (int) total;
    Shapes.checkedNumel("cat", shape);
    Tensor out = Tensor.empty(type, shape);
    int[] starts = new int[tensors.size()];
    int at = 0;
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      starts[i] = at;
      Kernels.get().copy(t.view(), narrowView(out.view(), d, at, t.shape[d]));
      at += t.shape[d];
    }
    Tensor[] inputs = tensors.toArray(new Tensor[0]);
    if (!Primitive.active(inputs)) return out;
    int[] sizes = new int[inputs.length];
    for (int i = 0; i < inputs.length; i++) sizes[i] = inputs[i].shape[d];
    return Primitives.CAT.record(out, inputs, new Joined(d, starts, sizes));
  }

  /** Where each input of cat went: the dim, and each input's start and size along it. */
  record Joined(int dim, int[] starts, int[] sizes) {}

  /** Input i's tangent placed at its range of cat's result: its contribution to the tangent. */
  static Tensor catTangent(Tensor t, Joined joined, Tensor result, int i) {
    return placeInto(t, new Slice(result.shape, joined.dim, joined.starts[i], joined.sizes[i]));
  }

  /** The inverse of a permutation of dims. */
  static int[] inverse(int[] order) {
    int[] inverse = new int[order.length];
    for (int i = 0; i < order.length; i++) inverse[order[i]] = i;
    return inverse;
  }

  /** Input i's range of cat's gradient. */
  static Tensor catBackward(Tensor g, Joined joined, int i) {
    return g.narrow(joined.dim, joined.starts[i], joined.sizes[i]);
  }

  static Tensor indexSelect(Tensor x, int dim, Tensor index) {
    Arguments.requireNonNull("indexSelect", "index", index);
    int[] positions = checkIndex("indexSelect", x, dim, index);
    int d = x.wrapDim("indexSelect", dim);
    if (x.dim() == 0) {
      return x.reshape(1)
          .indexSelect(0, index)
          .reshape(positions.length == 1 ? new int[0] : new int[] {positions.length});
    }
    return indexSelectAt(x, d, positions, index);
  }

  /**
   * indexSelect at positions already checked against x's size along dim d ({@code index} holds the
   * same positions as INT64, for the derivative's derivative).
   */
  static Tensor indexSelectAt(Tensor x, int d, int[] positions, Tensor index) {
    int[] shape = x.shape.clone();
    shape[d] = positions.length;
    Shapes.checkedNumel("indexSelect", shape);
    Tensor out = Tensor.empty(x.dtype(), shape);
    if (x.isContiguous()) {
      copyRows(x, d, positions, out);
    } else {
      StridedView src = x.view();
      StridedView dst = out.view();
      for (int i = 0; i < positions.length; i++) {
        Kernels.get().copy(selectView(src, d, positions[i]), selectView(dst, d, i));
      }
    }
    if (!Primitive.active(x)) return out;
    return Primitives.INDEX_SELECT.record(
        out, new Tensor[] {x, index}, new Selected(x.shape, d, positions, index));
  }

  /**
   * out[o, i, :] = x[o, positions[i], :] for contiguous x and a fresh out, seen as [outer, n,
   * inner]: whole rows at a time rather than a view per position (the element-wise case, inner 1,
   * is what gather and the pooling ops make).
   */
  private static void copyRows(Tensor x, int d, int[] positions, Tensor out) {
    int n = x.shape[d];
    int m = positions.length;
    int inner = 1;
    for (int k = d + 1; k < x.shape.length; k++) inner *= x.shape[k];
    int outer = m == 0 || inner == 0 ? 0 : out.numel() / (m * inner);
    Object src = x.storage.floats() != null ? x.storage.floats() : x.storage.doubles();
    Object dst = out.storage.floats() != null ? out.storage.floats() : out.storage.doubles();
    for (int o = 0; o < outer; o++) {
      int from = x.offset + o * n * inner;
      int to = o * m * inner;
      if (inner == 1 && src instanceof float[]) {
        float[] a = (float[]) src;
        float[] b = (float[]) dst;
        for (int i = 0; i < m; i++) b[to + i] = a[from + positions[i]];
      } else if (inner == 1) {
        double[] a = (double[]) src;
        double[] b = (double[]) dst;
        for (int i = 0; i < m; i++) b[to + i] = a[from + positions[i]];
      } else {
        for (int i = 0; i < m; i++) {
          System.arraycopy(src, from + positions[i] * inner, dst, to + i * inner, inner);
        }
      }
    }
  }

  /** out[o, positions[i], :] += g[o, i, :], for contiguous g and a fresh zero out. */
  private static void addRows(Tensor g, int d, int[] positions, Tensor out) {
    int n = out.shape[d];
    int m = positions.length;
    int inner = 1;
    for (int k = d + 1; k < out.shape.length; k++) inner *= out.shape[k];
    int outer = m == 0 || inner == 0 ? 0 : g.numel() / (m * inner);
    if (g.storage.floats() != null) {
      float[] a = g.storage.floats();
      float[] b = out.storage.floats();
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < m; i++) {
          int from = g.offset + (o * m + i) * inner;
          int to = (o * n + positions[i]) * inner;
          for (int e = 0; e < inner; e++) b[to + e] += a[from + e];
        }
      }
    } else {
      double[] a = g.storage.doubles();
      double[] b = out.storage.doubles();
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < m; i++) {
          int from = g.offset + (o * m + i) * inner;
          int to = (o * n + positions[i]) * inner;
          for (int e = 0; e < inner; e++) b[to + e] += a[from + e];
        }
      }
    }
  }

  /** indexSelect's arguments: the input's shape, the dim, and the checked positions. */
  record Selected(int[] shape, int dim, int[] positions, Tensor index) {}

  /**
   * A zero tensor of the input's shape to which each slice i of {@code g} along the dim is added at
   * position {@code positions[i]}: the derivative of indexSelect. Its derivative is indexSelect.
   */
  static Tensor indexAdd(Tensor g, Tensor index, Selected selected) {
    Tensor out = Tensor.empty(g.dtype(), selected.shape);
    int[] positions = selected.positions;
    if (g.isContiguous()) {
      addRows(g, selected.dim, positions, out);
    } else {
      StridedView dst = out.view();
      StridedView src = g.view();
      for (int i = 0; i < positions.length; i++) {
        StridedView target = selectView(dst, selected.dim, positions[i]);
        Kernels.get()
            .binary(
                dev.autograd.internal.BinaryFn.ADD,
                target,
                selectView(src, selected.dim, i),
                target);
      }
    }
    if (!Primitive.active(g)) return out;
    return Primitives.INDEX_ADD.record(out, new Tensor[] {g}, selected);
  }

  /** The slices of {@code g} at the selected positions: the derivative of {@link #indexAdd}. */
  static Tensor indexSelectBack(Tensor g, Selected selected) {
    return g.indexSelect(selected.dim, selected.index);
  }

  /** Checks a 0-d or 1-D INT64 index along dim of x and returns its positions. */
  static int[] checkIndex(String op, Tensor x, int dim, Tensor index) {
    IndexOps.requireInt64(op, index);
    if (index.dim() > 1) {
      throw new TensorException(
          op + ": index must be 0-d or 1-D, got shape " + Shapes.format(index.shape));
    }
    int d = x.wrapDim(op, dim);
    int size = x.dim() == 0 ? 1 : x.shape[d];
    double[] raw = index.toDoubleArray();
    int[] positions = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      long p = (long) raw[i];
      // NOTE: unlike get() and select(), PyTorch's index_select takes no negative indices.
      if (p < 0 || p >= size) throw IndexOps.outOfRange(op, p, d, size, x.shape);
      positions[i] = (int) p;
    }
    return positions;
  }
}
