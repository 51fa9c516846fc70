package dev.autograd;

import dev.autograd.internal.Kernels;
import dev.autograd.internal.ReduceFn;
import dev.autograd.internal.Shapes;
import dev.autograd.internal.StridedView;
import dev.autograd.internal.UnaryFn;

/**
 * The forward of the reductions: sum, mean, amax/amin, max/min with indices and the L2 norm are
 * primitives (their records, with their derivatives, are in {@link Primitives}); var and logsumexp
 * are built on them. Every derivative broadcasts {@code grad} back over the reduced dims.
 */
final class ReduceOps {
  private ReduceOps() {}

  /** Which dims a reduction removes, and the shapes before and after. */
  private static final class Plan {
    final boolean[] reduced;
    final int[] keptShape; // the result with keepDim: reduced dims have size 1
    final int[] outShape;
    final int groupSize;
    final StridedView grouped; // x permuted so that the reduced dims come last

    Plan(String op, Tensor x, int[] dims, boolean keepDim) {
      int rank = x.dim();
      reduced = new boolean[rank];
      if (dims.length == 0) {
        java.util.Arrays.fill(reduced, true);
      } else {
        for (int dim : dims) {
          int d = x.wrapDim(op, dim);
          if (rank == 0) continue;
          if (reduced[d]) {
            throw new TensorException(
                op + ": dim " + d + " appears multiple times in the list of dims");
          }
          reduced[d] = true;
        }
      }
      keptShape = x.shape.clone();
      int kept = 0;
      int group = 1;
      for (int d = 0; d < rank; d++) {
        if (reduced[d]) {
          group *= x.shape[d];
          keptShape[d] = 1;
        } else {
          kept++;
        }
      }
      groupSize = group;
      if (keepDim) {
        outShape = keptShape.clone();
      } else {
        outShape = kept == 0 ? Shapes.SCALAR : new int[kept];
        for (int d = 0, k = 0; d < rank; d++) if (!reduced[d]) outShape[k++] = x.shape[d];
      }
      if (kept == 0) {
        // Everything is reduced: the elements are already in the order the groups need.
        grouped = x.view();
        return;
      }
      int[] order = new int[rank];
      int k = 0;
      for (int d = 0; d < rank; d++) if (!reduced[d]) order[k++] = d;
      for (int d = 0; d < rank; d++) if (reduced[d]) order[k++] = d;
      int[] shape = new int[rank];
      int[] strides = new int[rank];
      for (int i = 0; i < rank; i++) {
        shape[i] = x.shape[order[i]];
        strides[i] = x.strides[order[i]];
      }
      grouped = new StridedView(x.storage, shape, strides, x.offset);
    }

    /** PyTorch's errors for a reduction without identity (max, amin, ...) over no elements. */
    void requireNonEmpty(String op, Tensor x, int[] dims) {
      if (groupSize != 0) return;
      if (dims.length == 0) {
        throw new TensorException(
            op
                + ": Expected reduction dim to be specified for input.numel() == 0. Specify the"
                + " reduction dim with the 'dim' argument. (shape "
                + Shapes.format(x.shape)
                + ")");
      }
      int d = 0;
      while (!reduced[d] || x.shape[d] != 0) d++;
      throw new TensorException(
          op
              + ": Expected reduction dim "
              + d
              + " to have non-zero size. (shape "
              + Shapes.format(x.shape)
              + ")");
    }
  }

  /** The dims of a reduction over all of them. */
  static final int[] ALL_DIMS = new int[0];

  /**
   * Whether a reduction over {@code dims} is the sum of all of a contiguous x's elements into a 0-d
   * result: the common case (a loss), taken without a plan or views.
   */
  private static boolean isPackedTotal(Tensor x, int[] dims, boolean keepDim) {
    return dims.length == 0 && !keepDim && x.isContiguous();
  }

  /** The sum of all of a contiguous x's elements, in a new 0-d tensor of {@code type}. */
  private static Tensor total(Tensor x, DType type) {
    Tensor out = Tensor.empty(type, Shapes.SCALAR);
    out.storage.set(0, Kernels.get().sumPacked(x.storage, x.offset, x.numel()));
    return out;
  }

  static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
    DType type = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
    boolean total = isPackedTotal(x, dims, keepDim);
    Plan plan = total ? null : new Plan("sum", x, dims, keepDim);
    Tensor out = total ? total(x, type) : summed(plan, type);
    if (!Primitive.active(x)) return out;
    int[] keptShape = total ? Shapes.SCALAR : plan.keptShape;
    return Primitives.SUM.record(out, new Tensor[] {x}, new Spread(keptShape, x.shape, 1));
  }

  /** The sums of the plan's groups, in a new tensor of the plan's result shape. */
  private static Tensor summed(Plan plan, DType type) {
    Tensor out = Tensor.empty(type, plan.outShape);
    Kernels.get().reduce(ReduceFn.SUM, plan.grouped, plan.groupSize, out.view(), null);
    return out;
  }

  /**
   * The gradient of a reduction's result broadcast back over the input's shape: a 0-d gradient (a
   * full reduction) expands as it is; otherwise the reduced dims come back as size 1 first.
   */
  static Tensor spread(Tensor g, Spread s) {
    return (g.dim() == 0 ? g : g.reshape(s.keptShape)).expand(s.inShape);
  }

  /**
   * What a reduction's derivative needs: the result's shape with the reduced dims kept as size 1,
   * the input's shape, and for the mean the number of elements per group.
   */
  record Spread(int[] keptShape, int[] inShape, double count) {}

  /**
   * The mean: the sum, divided in place by the number of elements per group (the same two roundings
   * as {@code sum().div(n)}), recorded as one op. Derivative: {@code grad / n} broadcast back over
   * the reduced dims.
   */
  static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
    if (!x.dtype().isFloatingPoint()) {
      // As PyTorch: the mean of integers has no obvious type; the caller says which.
      throw new TensorException(
          "mean: input dtype must be floating point, got "
              + x.dtype().pytorchName()
              + "; convert first, e.g. to(DType.FLOAT32)");
    }
    boolean total = isPackedTotal(x, dims, keepDim);
    Plan plan = total ? null : new Plan("mean", x, dims, keepDim);
    Tensor out = total ? total(x, x.dtype()) : summed(plan, x.dtype());
    double n = x.dtype().round(total ? x.numel() : plan.groupSize);
    Kernels.get().unaryPacked(UnaryFn.DIV, n, 0, out.storage, 0, out.storage, 0, out.numel());
    if (!Primitive.active(x)) return out;
    int[] keptShape = total ? Shapes.SCALAR : plan.keptShape;
    return Primitives.MEAN.record(out, new Tensor[] {x}, new Spread(keptShape, x.shape, n));
  }

  /**
   * The product over all elements ({@code dim} null) or along one dim, as PyTorch's {@code prod}:
   * integer and BOOL inputs give INT64, and an empty group gives 1.
   */
  static Tensor prod(Tensor x, Integer dim, boolean keepDim) {
    DType type = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
    int[] dims = dim == null ? ALL_DIMS : new int[] {dim};
    Plan plan = new Plan("prod", x, dims, keepDim);
    Tensor out = Tensor.empty(type, plan.outShape);
    Kernels.get().reduce(ReduceFn.PROD, plan.grouped, plan.groupSize, out.view(), null);
    if (!Primitive.active(x)) return out;
    int d = dim == null || x.dim() == 0 ? -1 : x.wrapDim("prod", dim);
    return Primitives.PROD.record(out, new Tensor[] {x}, new Product(d, keepDim, plan.keptShape));
  }

  /**
   * What prod's derivative needs: the dim (-1 for the product of all elements), whether it was
   * kept, and the result's shape with the reduced dims kept as size 1.
   */
  record Product(int dim, boolean keepDim, int[] keptShape) {}

  /**
   * PyTorch's prod_backward: {@code grad * result / self} when no element is 0, and otherwise
   * {@code grad} times the product of the other elements of each group, taken as the exclusive
   * running products from both ends ({@link #othersProduct}), so that with one 0 the gradient at it
   * is the product of the others and with two or more every gradient is 0. Written in tensor ops,
   * so that it can be differentiated again.
   */
  static Tensor prodBackward(Tensor g, Tensor x, Tensor result, Product p) {
    if (x.dim() == 0) return g;
    if (p.dim < 0) {
      Tensor flat = prodBackward(g.reshape(1), x.reshape(-1), result.reshape(1), 0);
      return flat.reshape(x.shape);
    }
    return prodBackward(g.reshape(p.keptShape), x, result.reshape(p.keptShape), p.dim);
  }

  /** prod's derivative along {@code dim}, with {@code g} and {@code result} of size 1 there. */
  private static Tensor prodBackward(Tensor g, Tensor x, Tensor result, int dim) {
    if (x.numel() == 0) return Tensor.zeros(g.dtype(), x.shape);
    if (!containsZero(x)) return g.mul(result.div(x));
    return g.mul(othersProduct(x, dim));
  }

  /**
   * For each element, the product of the other elements along {@code dim}, without dividing: {@code
   * [a, b, c] -> [1, a, ab] * [bc, c, 1]}, the running products before and after it.
   */
  private static Tensor othersProduct(Tensor x, int dim) {
    int n = x.shape[dim];
    int[] oneShape = x.shape.clone();
    oneShape[dim] = 1;
    Tensor ones = Tensor.ones(x.dtype(), oneShape);
    Tensor before = Tensor.cat(java.util.List.of(ones, x.narrow(dim, 0, n - 1)), dim).cumprod(dim);
    Tensor reversed = x.narrow(dim, 1, n - 1).flip(dim);
    Tensor after = Tensor.cat(java.util.List.of(ones, reversed), dim).cumprod(dim).flip(dim);
    return before.mul(after);
  }

  /**
   * The tangent of prod, as PyTorch's: {@code sum(t * prodBackward(1, self, result))} over the
   * reduced dims.
   */
  static Tensor prodTangent(Tensor t, Tensor x, Tensor result, Product p) {
    Tensor slopes = prodBackward(Tensor.onesLike(result), x, result, p);
    return summedTo(t.mul(slopes), p.keptShape, result);
  }

  /** Whether some element of x is 0 (or -0): where a derivative cannot divide by it. */
  static boolean containsZero(Tensor x) {
    return x.numel() > 0 && x.eq(0).any().item() != 0;
  }

  /** amax or amin over {@code dims}; {@code op} is the method the user called, for messages. */
  static Tensor extreme(String op, Tensor x, int[] dims, boolean keepDim, boolean max) {
    Plan plan = new Plan(op, x, dims, keepDim);
    plan.requireNonEmpty(op, x, dims);
    Tensor out = Tensor.empty(x.dtype(), plan.outShape);
    Kernels.get()
        .reduce(max ? ReduceFn.MAX : ReduceFn.MIN, plan.grouped, plan.groupSize, out.view(), null);
    if (!Primitive.active(x)) return out;
    Reduced args = new Reduced(new Spread(plan.keptShape, x.shape, 1), dimsOf(plan.reduced));
    return (max ? Primitives.AMAX : Primitives.AMIN).record(out, new Tensor[] {x}, args);
  }

  /**
   * The tangent of a sum: the input's tangent summed over the reduced dims, in the result's shape.
   */
  static Tensor reducedTangent(Tensor t, Spread s, Tensor result) {
    return summedTo(t, s.keptShape, result);
  }

  /** t summed over the dims that are 1 in {@code keptShape}, in the result's shape. */
  private static Tensor summedTo(Tensor t, int[] keptShape, Tensor result) {
    return Tensor.sumToShape(t, keptShape).reshape(result.shape);
  }

  /** The tangent of amax or amin: the tangent's mean over the elements equal to the extreme. */
  static Tensor extremeTangent(Tensor t, Tensor x, Tensor result, Reduced r) {
    int[] kept = r.spread.keptShape;
    Tensor hits = x.eq(result.reshape(kept)).to(t.dtype());
    Tensor count = sum(hits, r.dims, true);
    return Tensor.sumToShape(t.mul(hits), kept).div(count).reshape(result.shape);
  }

  /** The tangent of max or min along a dim: the tangent at the recorded index. */
  static Tensor indexedTangent(Tensor t, Tensor result, Indexed r) {
    int[] inShape = r.spread.inShape;
    if (inShape.length == 0) return t;
    return summedTo(t.mul(oneHot(r)), r.spread.keptShape, result);
  }

  /** The tangent of the L2 norm: {@code sum(x t) / |x|}, 0 where the norm is 0. */
  static Tensor normTangent(Tensor t, Tensor x, Tensor result, int[] keptShape) {
    Tensor norm = result.reshape(keptShape);
    Tensor safe = Tensor.where(norm.eq(0), Tensor.onesLike(norm), norm);
    return Tensor.sumToShape(x.mul(t), keptShape).div(safe).reshape(result.shape);
  }

  /** What amax's and amin's derivative needs: the spread, and the reduced dims. */
  record Reduced(Spread spread, int[] dims) {}

  /** The gradient of amax or amin: shared evenly among the elements equal to the extreme. */
  static Tensor extremeBackward(Tensor g, Tensor x, Tensor result, Reduced r) {
    Tensor hits = x.eq(result.detach().reshape(r.spread.keptShape)).to(g.dtype());
    Tensor count = sum(hits, r.dims, true);
    return spread(g, r.spread).mul(hits).div(count);
  }

  /**
   * max or min along {@code dim}, with the indices; {@code op} is the method the user called (max,
   * argmax, ...), for messages.
   */
  static ValuesAndIndices maxWithIndices(
      String op, Tensor x, int dim, boolean keepDim, boolean max) {
    Plan plan = new Plan(op, x, new int[] {dim}, keepDim);
    plan.requireNonEmpty(op, x, new int[] {dim});
    Tensor values = Tensor.empty(x.dtype(), plan.outShape);
    Tensor indices = Tensor.empty(DType.INT64, plan.outShape);
    Kernels.get()
        .reduce(
            max ? ReduceFn.MAX : ReduceFn.MIN,
            plan.grouped,
            plan.groupSize,
            values.view(),
            indices.view());
    int d = x.dim() == 0 ? 0 : x.wrapDim(op, dim);
    if (!Primitive.active(x)) return new ValuesAndIndices(values, indices);
    Indexed args = new Indexed(new Spread(plan.keptShape, x.shape, 1), d, indices);
    Primitive primitive = max ? Primitives.MAX_ALONG : Primitives.MIN_ALONG;
    return new ValuesAndIndices(primitive.record(values, new Tensor[] {x}, args), indices);
  }

  /** What max's and min's derivative along a dim needs: the spread, the dim and the indices. */
  record Indexed(Spread spread, int dim, Tensor indices) {}

  /** The gradient of max or min along a dim: to the element at the recorded index. */
  static Tensor indexedBackward(Tensor g, Indexed r) {
    if (r.spread.inShape.length == 0) return g;
    return spread(g, r.spread).mul(oneHot(r));
  }

  /** One-hot along the dim at the recorded index: positions 0..size-1 compared with it. */
  private static Tensor oneHot(Indexed r) {
    int[] inShape = r.spread.inShape;
    int[] along = new int[inShape.length];
    java.util.Arrays.fill(along, 1);
    along[r.dim] = inShape[r.dim];
    Tensor positions = Tensor.arange(inShape[r.dim]).reshape(along);
    return positions.eq(r.indices.reshape(r.spread.keptShape));
  }

  static Tensor norm(Tensor x, int[] dims, boolean keepDim) {
    Plan plan = new Plan("norm", x, dims, keepDim);
    requireFloating("norm", x);
    Tensor out;
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      out = sum(x.mul(x), dims, keepDim).sqrt();
    }
    if (!Primitive.active(x)) return out;
    return Primitives.NORM.record(out, new Tensor[] {x}, plan.keptShape);
  }

  /**
   * The gradient of the L2 norm: x / |x|, defined as 0 at |x| = 0 (as PyTorch does) instead of 0/0.
   * The result is not detached, so that the gradient can be differentiated again.
   */
  static Tensor normBackward(Tensor g, Tensor x, Tensor result, int[] keptShape) {
    Tensor norm = result.reshape(keptShape);
    Tensor safe = Tensor.where(norm.eq(0), Tensor.onesLike(norm), norm);
    Tensor scale = g.reshape(keptShape).div(safe);
    return x.mul(scale);
  }

  /**
   * The variance {@code sum((x - mean)^2) / max(0, n - correction)} over {@code dims}, as PyTorch
   * computes it: NaN (0 / 0) over no elements or one element per correction, infinite for fewer
   * elements than the correction. Its gradient is PyTorch's {@code 2 (x - mean) grad / (n -
   * correction)}, divided by the signed count, not by the clamped one.
   */
  static Tensor var(String op, Tensor x, int[] dims, int correction, boolean keepDim) {
    requireFloating(op, x);
    Plan plan = new Plan(op, x, dims, keepDim);
    if (x.dtype() == DType.FLOAT32) {
      // NOTE: as PyTorch, float32 is reduced in double: a mean rounded to float32 shifts every
      // deviation by up to half a float32 step of the values, which is the whole spread of values
      // a few steps apart at a large offset.
      Tensor wide = var(op, x.to(DType.FLOAT64), dims, correction, keepDim);
      return wide.to(DType.FLOAT32).named("VarBackward");
    }
    double dof = (double) plan.groupSize - correction;
    Tensor mean = mean(x, dims, true);
    // NOTE: with dof = 0 each (x - mean) gets an infinite gradient, and the mean's share of them
    // (their sum, 0 in exact arithmetic) would be inf - inf = NaN: PyTorch's 2 (x - mean) grad / 0
    // leaves the mean out, and so does a detached mean.
    Tensor centered = x.sub(dof == 0 ? mean.detach() : mean);
    Tensor squares = sum(centered.mul(centered), dims, keepDim);
    Tensor out = squares.div(dof);
    if (dof < 0) {
      // The value divides by max(0, dof), the gradient by dof: the value's difference is detached.
      out = out.add(squares.div(0).sub(out).detach());
    }
    return out.named("VarBackward");
  }

  /**
   * The standard deviation, {@code sqrt(var)}, with PyTorch's gradient 0 where it is 0 (all
   * elements equal) instead of {@code 0 / 0}.
   */
  static Tensor std(Tensor x, int[] dims, int correction, boolean keepDim) {
    Tensor v = var("std", x, dims, correction, keepDim);
    Tensor zero = v.eq(0);
    Tensor safe = Tensor.where(zero, Tensor.onesLike(v), v);
    return Tensor.where(zero, Tensor.scalar(0, v.dtype()), safe.sqrt()).named("StdBackward");
  }

  /** Refuses an integer or boolean input to an op defined only for floating point numbers. */
  static void requireFloating(String op, Tensor x) {
    if (!x.dtype().isFloatingPoint()) {
      throw new TensorException(
          op + ": expected a floating point tensor, got " + x.dtype().pytorchName());
    }
  }

  static Tensor logsumexp(Tensor x, int[] dims, boolean keepDim) {
    Plan plan = new Plan("logsumexp", x, dims, keepDim);
    Tensor shift = stableShift(x, dims);
    Tensor out = sum(x.sub(shift).exp(), dims, true).log().add(shift);
    return (keepDim ? out : out.reshape(plan.outShape)).named("LogsumexpBackward");
  }

  /**
   * The maximum over {@code dims} (kept as size 1), detached: subtracted before an exponential so
   * that it cannot overflow, a constant shift that changes no derivative. An infinite maximum would
   * give inf - inf = NaN; the shift is 0 there, which is exact. It is 0 too where the reduced dims
   * are empty: nothing is exponentiated there, and, as in PyTorch, softmax gives an empty result
   * and logsumexp {@code log(0) = -inf}.
   */
  static Tensor stableShift(Tensor x, int[] dims) {
    Plan plan = new Plan("logsumexp", x, dims, true);
    if (plan.groupSize == 0) return Tensor.zeros(x.dtype(), plan.keptShape);
    Tensor m = extreme("amax", x.detach(), dims, true, true);
    return Tensor.where(m.abs().eq(Double.POSITIVE_INFINITY), Tensor.zerosLike(m), m);
  }

  static int[] dimsOf(boolean[] reduced) {
    int count = 0;
    for (boolean r : reduced) if (r) count++;
    int[] dims = new int[count];
    for (int d = 0, k = 0; d < reduced.length; d++) if (reduced[d]) dims[k++] = d;
    return dims;
  }
}
