package dev.autograd.internal;

import dev.autograd.DType;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Plain Java kernels, always available. Each kernel takes a fast path when its views are contiguous
 * (or a broadcast scalar) and of one type, with loops simple enough for the JIT to vectorize;
 * everything else goes through the general strided walk, the reference any faster path is tested
 * against.
 *
 * <p>The loops over contiguous {@code float[]} and {@code double[]} ranges are each function's own
 * ({@link UnaryFn}, {@link BinaryFn}); a subclass replaces them with SIMD loops from its own table,
 * keyed by the same functions (see VectorKernels). Splitting large ranges across threads, the
 * strided cases and the matrix-product blocking stay here.
 */
class PlainKernels implements Kernels {
  static final PlainKernels INSTANCE = new PlainKernels();

  /** Elements per task when an element-wise kernel is split across threads. */
  static final int CHUNK = 1 << 15;

  /** Sizes from which a cheap element-wise kernel (add, mul, copy) is split across threads. */
  static final int PARALLEL_CHEAP = 1 << 18;

  /** Sizes from which a costly element-wise kernel (exp, tanh, ...) is split across threads. */
  static final int PARALLEL_COSTLY = 1 << 14;

  /**
   * Float ranges shorter than this are computed one element at a time ({@link UnaryFn#applyFloat},
   * {@link BinaryFn#applyFloat}), so that the vectorized loops never see the trip counts of scalar
   * code; one AVX-512 vector of floats.
   */
  static final int SHORT = 16;

  PlainKernels() {}

  @Override
  public String name() {
    return "plain";
  }

  @Override
  public String toString() {
    return name();
  }

  /** A range of a contiguous loop: elements {@code [from, from + length)}. */
  @FunctionalInterface
  interface Range {
    void run(int from, int length);
  }

  /** Runs {@code range} over [0, n), in chunks on several threads when n reaches threshold. */
  static void split(int n, int threshold, Range range) {
    if (n < threshold || ThreadPool.threads() == 1) {
      range.run(0, n);
      return;
    }
    int tasks = (n + CHUNK - 1) / CHUNK;
    ThreadPool.parallelFor(tasks, t -> range.run(t * CHUNK, Math.min(CHUNK, n - t * CHUNK)));
  }

  // ------------------------------------------------------------------ copy and fill

  @Override
  public void copy(StridedView src, StridedView dst) {
    int n = dst.numel();
    if (n == 0) return;
    Storage s = src.storage();
    Storage d = dst.storage();
    int so = src.offset();
    int dOff = dst.offset();
    if (dst.isContiguous()) {
      if (src.isContiguous()) {
        if (s.dtype() == d.dtype()) {
          // Same representation: no rounding to do. arraycopy also handles overlapping ranges.
          Object from = s.floats() != null ? s.floats() : s.doubles();
          Object to = d.floats() != null ? d.floats() : d.doubles();
          System.arraycopy(from, so, to, dOff, n);
        } else {
          for (int i = 0; i < n; i++) d.set(dOff + i, s.get(so + i));
        }
        return;
      }
      if (src.isRepeated()) {
        fill(dst, s.get(so));
        return;
      }
    }
    if (s.dtype() == d.dtype() && copyByRows(src, dst)) return;
    StridedView.Walker ws = src.walker();
    StridedView.Walker wd = dst.walker();
    for (int i = 0; i < n; i++) d.set(wd.next(), s.get(ws.next()));
  }

  /**
   * dst = src of one representation, row by row after merging the dims laid out alike in both: a
   * row packed in both (a transpose of whole rows, a slice of the last dim) is one arraycopy, any
   * other a loop over the two strides, with no call per element. False for a single element.
   */
  private static boolean copyByRows(StridedView src, StridedView dst) {
    Merged m = Merged.of(dst.shape(), src.strides(), dst.strides());
    if (m == null || m.rank == 0) return false;
    int row = m.sizes[0];
    int ss = m.strides[0][0];
    int ds = m.strides[1][0];
    float[] sf = src.storage().floats();
    float[] df = dst.storage().floats();
    double[] sd = src.storage().doubles();
    double[] dd = dst.storage().doubles();
    if ((sf == null || df == null) && (sd == null || dd == null)) return false;
    forEachRow(
        dst.numel(),
        row,
        PARALLEL_CHEAP,
        r -> {
          int from = src.offset() + m.offsetOf(0, r);
          int to = dst.offset() + m.offsetOf(1, r);
          if (ss == 1 && ds == 1) {
            System.arraycopy(sf != null ? sf : sd, from, df != null ? df : dd, to, row);
          } else if (sf != null) {
            for (int j = 0; j < row; j++) df[to + j * ds] = sf[from + j * ss];
          } else {
            for (int j = 0; j < row; j++) dd[to + j * ds] = sd[from + j * ss];
          }
        });
    return true;
  }

  @Override
  public void fill(StridedView dst, double value) {
    Storage d = dst.storage();
    int n = dst.numel();
    if (n == 0) return;
    if (dst.isContiguous()) {
      int from = dst.offset();
      if (d.floats() != null) {
        Fills.fill(d.floats(), from, n, (float) value);
      } else {
        Fills.fill(d.doubles(), from, n, d.dtype().round(value));
      }
      return;
    }
    StridedView.Walker wd = dst.walker();
    for (int i = 0; i < n; i++) d.set(wd.next(), value);
  }

  // ------------------------------------------------------------------ element-wise

  @Override
  public void unary(UnaryFn fn, double p, double q, StridedView x, StridedView out) {
    int n = out.numel();
    if (n == 0) return;
    if (out.isContiguous() && x.isContiguous()) {
      unaryPacked(fn, p, q, x.storage(), x.offset(), out.storage(), out.offset(), n);
      return;
    }
    if (unaryByRows(fn, p, q, x, out)) return;
    Storage s = x.storage();
    Storage d = out.storage();
    StridedView.Walker ws = x.walker();
    StridedView.Walker wd = out.walker();
    for (int i = 0; i < n; i++) d.set(wd.next(), fn.apply(s.get(ws.next()), p, q));
  }

  @Override
  public void unaryPacked(
      UnaryFn fn, double p, double q, Storage s, int xo, Storage d, int oo, int n) {
    float[] xf = s.floats();
    float[] of = d.floats();
    if (xf != null && of != null) {
      int threshold = fn.isTranscendental() ? PARALLEL_COSTLY : PARALLEL_CHEAP;
      if (n < threshold) {
        unaryFloat(fn, p, q, xf, xo, of, oo, n);
      } else {
        split(n, threshold, (from, len) -> unaryFloat(fn, p, q, xf, xo + from, of, oo + from, len));
      }
      return;
    }
    double[] xd = s.doubles();
    double[] od = d.doubles();
    if (xd != null && od != null && d.dtype() == DType.FLOAT64) {
      int threshold = fn.isTranscendental() ? PARALLEL_COSTLY : PARALLEL_CHEAP;
      if (n < threshold) {
        unaryDouble(fn, p, q, xd, xo, od, oo, n);
      } else {
        split(
            n, threshold, (from, len) -> unaryDouble(fn, p, q, xd, xo + from, od, oo + from, len));
      }
      return;
    }
    for (int i = 0; i < n; i++) d.set(oo + i, fn.apply(s.get(xo + i), p, q));
  }

  /**
   * out[oo + i] = fn(x[xo + i]; p, q) for i in [0, n), rounded to float: the function's own loop
   * ({@link UnaryFn#floats}), or its value element by element for ranges under {@link #SHORT}.
   *
   * <p>Why the short path: C2 (JDK 17) unrolls a loop, and so vectorizes it, only as far as the
   * trip count its profile has seen; the one-element tensors of scalar code would teach the loops
   * to stay scalar for the rest of the run. The dispatching methods stay small for the same code:
   * the JIT inlines a hot method only under 325 bytes of bytecode, and for one-element tensors the
   * call costs as much as the work.
   */
  void unaryFloat(UnaryFn fn, double p, double q, float[] x, int xo, float[] out, int oo, int n) {
    if (n < SHORT) {
      for (int i = 0; i < n; i++) out[oo + i] = fn.applyFloat(x[xo + i], p, q);
      return;
    }
    fn.floats(x, xo, out, oo, n, p, q);
  }

  /** out[oo + i] = fn(x[xo + i]; p, q) for i in [0, n): the function's own loop. */
  void unaryDouble(
      UnaryFn fn, double p, double q, double[] x, int xo, double[] out, int oo, int n) {
    fn.doubles(x, xo, out, oo, n, p, q);
  }

  @Override
  public void binary(BinaryFn fn, StridedView a, StridedView b, StridedView out) {
    int n = out.numel();
    if (n == 0) return;
    Storage sa = a.storage();
    Storage sb = b.storage();
    Storage d = out.storage();
    if (out.isContiguous()) {
      boolean ac = a.isContiguous();
      boolean bc = b.isContiguous();
      if (ac && bc) {
        binaryPacked(fn, sa, a.offset(), sb, b.offset(), d, out.offset(), n);
        return;
      }
      int ao = a.offset();
      int bo = b.offset();
      int oo = out.offset();
      float[] af = sa.floats();
      float[] bf = sb.floats();
      float[] of = d.floats();
      if (af != null && bf != null && of != null) {
        if (withNumber(fn, a, ac, bf[bo], b, bc, af[ao], out)) return;
      }
      double[] ad = sa.doubles();
      double[] bd = sb.doubles();
      double[] od = d.doubles();
      if (ad != null && bd != null && od != null && d.dtype() == DType.FLOAT64) {
        if (withNumber(fn, a, ac, bd[bo], b, bc, ad[ao], out)) return;
      }
      if ((ac || a.isRepeated()) && (bc || b.isRepeated())) {
        binaryWithRepeated(fn, sa, ao, ac, sb, bo, bc, d, oo, n);
        return;
      }
      if (binaryByRows(fn, a, b, out)) return;
    }
    StridedView.Walker wa = a.walker();
    StridedView.Walker wb = b.walker();
    StridedView.Walker wd = out.walker();
    for (int i = 0; i < n; i++) d.set(wd.next(), fn.apply(sa.get(wa.next()), sb.get(wb.next())));
  }

  /** Rows shorter than this are not worth a kernel call each: they go element by element. */
  private static final int MIN_ROW = 64;

  private static final int[] PACKED_ROW = {1};
  private static final int[] REPEATED_ROW = {0};

  /**
   * out = fn(a, b) into packed out, row by row, when after merging the dims laid out alike in all
   * three each innermost row of a and of b is packed or one repeated number: broadcasting over
   * trailing dims ({@code [N, C, H, W]} with {@code [1, C, 1, 1]}, a batch norm's statistics) then
   * runs the packed kernels on each row rather than a walker on each element. False when the rows
   * are shorter than {@link #MIN_ROW} or of another kind. Each element gets fn of the same two
   * values as element by element; rows are split across threads when there are many.
   */
  private boolean binaryByRows(BinaryFn fn, StridedView a, StridedView b, StridedView out) {
    Merged m = Merged.of(out.shape(), a.strides(), b.strides());
    if (m == null || m.rank < 2) return false;
    int row = m.sizes[0];
    int rowA = m.strides[0][0];
    int rowB = m.strides[1][0];
    if (row < MIN_ROW || rowA > 1 || rowB > 1) return false;
    int[] rowShape = {row};
    int[] stridesA = rowA == 1 ? PACKED_ROW : REPEATED_ROW;
    int[] stridesB = rowB == 1 ? PACKED_ROW : REPEATED_ROW;
    forEachRow(
        out.numel(),
        row,
        PARALLEL_CHEAP,
        r ->
            binary(
                fn,
                new StridedView(a.storage(), rowShape, stridesA, a.offset() + m.offsetOf(0, r)),
                new StridedView(b.storage(), rowShape, stridesB, b.offset() + m.offsetOf(1, r)),
                StridedView.contiguous(out.storage(), rowShape, out.offset() + r * row)));
    return true;
  }

  /**
   * Runs {@code task} on each of the {@code n / row} rows, in chunks of rows split across threads
   * when there are at least {@code threshold} elements in all.
   */
  private static void forEachRow(int n, int row, int threshold, IntConsumer task) {
    int rows = n / row;
    int perTask = Math.max(1, CHUNK / row);
    int tasks = n < threshold ? 1 : (rows + perTask - 1) / perTask;
    int each = tasks == 1 ? rows : perTask;
    ThreadPool.parallelFor(
        tasks,
        t -> {
          int last = Math.min(rows, t * each + each);
          for (int r = t * each; r < last; r++) task.accept(r);
        });
  }

  /**
   * out = fn(x) row by row when, after merging the dims laid out alike in both, each innermost row
   * of x and of out is packed: a slice of the last dim ({@code gates.narrow(-1, k, h)}) then runs
   * the packed kernels on each row rather than a walker on each element. False when the rows are
   * shorter than {@link #MIN_ROW} or strided.
   */
  private boolean unaryByRows(UnaryFn fn, double p, double q, StridedView x, StridedView out) {
    Merged m = Merged.of(out.shape(), x.strides(), out.strides());
    if (m == null || m.rank < 2) return false;
    int row = m.sizes[0];
    if (row < MIN_ROW || m.strides[0][0] != 1 || m.strides[1][0] != 1) return false;
    int threshold = fn.isTranscendental() ? PARALLEL_COSTLY : PARALLEL_CHEAP;
    forEachRow(
        out.numel(),
        row,
        threshold,
        r -> {
          int xo = x.offset() + m.offsetOf(0, r);
          int oo = out.offset() + m.offsetOf(1, r);
          unaryPacked(fn, p, q, x.storage(), xo, out.storage(), oo, row);
        });
    return true;
  }

  /**
   * A shape and the strides of some views over it with the dims merged where every view steps
   * through them alike (dims of size 1 dropped), innermost first: {@code sizes[0]} is the length of
   * the innermost run, {@code strides[v][0]} view v's step along it.
   */
  private static final class Merged {
    final int rank;
    final int[] sizes;
    final int[][] strides;

    private Merged(int rank, int[] sizes, int[][] strides) {
      this.rank = rank;
      this.sizes = sizes;
      this.strides = strides;
    }

    /** The merged layout, or null for an empty shape. */
    static Merged of(int[] shape, int[]... viewStrides) {
      int views = viewStrides.length;
      int[] sizes = new int[shape.length];
      int[][] strides = new int[views][shape.length];
      int rank = 0;
      for (int d = shape.length - 1; d >= 0; d--) {
        if (shape[d] == 0) return null;
        if (shape[d] == 1) continue;
        boolean alike = rank > 0;
        for (int v = 0; v < views && alike; v++) {
          alike = viewStrides[v][d] == strides[v][rank - 1] * sizes[rank - 1];
        }
        if (alike) {
          sizes[rank - 1] *= shape[d];
        } else {
          sizes[rank] = shape[d];
          for (int v = 0; v < views; v++) strides[v][rank] = viewStrides[v][d];
          rank++;
        }
      }
      return new Merged(rank, sizes, strides);
    }

    /** View v's offset (from its own) of the start of row r, rows being the innermost runs. */
    int offsetOf(int view, int r) {
      int at = 0;
      for (int d = 1; d < rank && r > 0; d++) {
        at += (r % sizes[d]) * strides[view][d];
        r /= sizes[d];
      }
      return at;
    }
  }

  /**
   * out = fn(a, b) as a unary kernel when one side is a broadcast number and fn has a unary form
   * with that number as its parameter ({@link BinaryFn#withNumberRight}, {@link
   * BinaryFn#withNumberLeft}); false when it has none. {@code right} and {@code left} are the
   * numbers at b's and a's offsets.
   */
  private boolean withNumber(
      BinaryFn fn,
      StridedView a,
      boolean ac,
      double right,
      StridedView b,
      boolean bc,
      double left,
      StridedView out) {
    if (ac && b.isRepeated()) {
      UnaryFn unaryFn = fn.withNumberRight();
      if (unaryFn == null) return false;
      unary(unaryFn, fn.numberRight(right), 0, a, out);
      return true;
    }
    if (a.isRepeated() && bc) {
      UnaryFn unaryFn = fn.withNumberLeft();
      if (unaryFn == null) return false;
      unary(unaryFn, left, 0, b, out);
      return true;
    }
    return false;
  }

  @Override
  public void binaryPacked(
      BinaryFn fn, Storage sa, int ao, Storage sb, int bo, Storage d, int oo, int n) {
    float[] af = sa.floats();
    float[] bf = sb.floats();
    float[] of = d.floats();
    if (af != null && bf != null && of != null) {
      if (n < PARALLEL_CHEAP) {
        binaryFloat(fn, af, ao, bf, bo, of, oo, n);
      } else {
        split(
            n,
            PARALLEL_CHEAP,
            (from, len) -> binaryFloat(fn, af, ao + from, bf, bo + from, of, oo + from, len));
      }
      return;
    }
    double[] ad = sa.doubles();
    double[] bd = sb.doubles();
    double[] od = d.doubles();
    if (ad != null && bd != null && od != null && d.dtype() == DType.FLOAT64) {
      if (n < PARALLEL_CHEAP) {
        binaryDouble(fn, ad, ao, bd, bo, od, oo, n);
      } else {
        split(
            n,
            PARALLEL_CHEAP,
            (from, len) -> binaryDouble(fn, ad, ao + from, bd, bo + from, od, oo + from, len));
      }
      return;
    }
    for (int i = 0; i < n; i++) d.set(oo + i, fn.apply(sa.get(ao + i), sb.get(bo + i)));
  }

  /**
   * Elements per pass of {@link #binaryWithRepeated}: a block this small is cheap to fill, stays in
   * the L1 cache, and is below {@link Storage#NUMBERED_SIZE}, so it is never taken for a gradient.
   */
  private static final int REPEATED_BLOCK = 512;

  /**
   * out = fn(a, b) into packed out, where a and b are each packed ({@code ac}, {@code bc}) or one
   * repeated number (a broadcast scalar, such as the gradient of a sum): the number is written into
   * a small block and the packed kernel runs block by block, vectorized and split across threads as
   * for two packed operands, with the same roundings as element by element.
   */
  private void binaryWithRepeated(
      BinaryFn fn,
      Storage sa,
      int ao,
      boolean ac,
      Storage sb,
      int bo,
      boolean bc,
      Storage d,
      int oo,
      int n) {
    // The numbers are read once, before any thread writes: out may be their own storage (x.mul_
    // of one of x's elements, broadcast), and every element must then see the same number.
    double va = ac ? 0 : sa.get(ao);
    double vb = bc ? 0 : sb.get(bo);
    split(
        n,
        PARALLEL_CHEAP,
        (from, len) -> {
          int block = Math.min(len, REPEATED_BLOCK);
          Storage ra = ac ? sa : repeatedBlock(sa.dtype(), va, block);
          Storage rb = bc ? sb : repeatedBlock(sb.dtype(), vb, block);
          for (int done = 0; done < len; done += block) {
            int m = Math.min(block, len - done);
            int at = from + done;
            binaryPacked(fn, ra, ac ? ao + at : 0, rb, bc ? bo + at : 0, d, oo + at, m);
          }
        });
  }

  /** A block of {@code size} copies of {@code value}, of the given type. */
  private static Storage repeatedBlock(DType type, double value, int size) {
    Storage block = Storage.allocate(type, size);
    block.fill(value);
    return block;
  }

  /**
   * out[oo + i] = fn(a[ao + i], b[bo + i]) for i in [0, n), rounded to float: the function's own
   * loop ({@link BinaryFn#floatsAt}), in work arrays when the offsets differ (the loops need one
   * offset to be vectorized), or element by element under {@link #SHORT}, as in {@link
   * #unaryFloat}.
   */
  void binaryFloat(BinaryFn fn, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    if (n < SHORT) {
      for (int i = 0; i < n; i++) out[oo + i] = fn.applyFloat(a[ao + i], b[bo + i]);
      return;
    }
    if (ao == oo && bo == oo) {
      fn.floatsAt(a, b, out, oo, n);
      return;
    }
    float[][] work = Scratch.get().floatBlocks(2, FloatMath.BLOCK);
    float[] wa = work[0];
    float[] wb = work[1];
    for (int from = 0; from < n; from += FloatMath.BLOCK) {
      int m = Math.min(FloatMath.BLOCK, n - from);
      System.arraycopy(a, ao + from, wa, 0, m);
      System.arraycopy(b, bo + from, wb, 0, m);
      fn.floatsAt(wa, wb, wa, 0, m);
      System.arraycopy(wa, 0, out, oo + from, m);
    }
  }

  /** out[oo + i] = fn(a[ao + i], b[bo + i]) for i in [0, n): the function's own loop. */
  void binaryDouble(
      BinaryFn fn, double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    fn.doubles(a, ao, b, bo, out, oo, n);
  }

  @Override
  public void where(StridedView cond, StridedView a, StridedView b, StridedView out) {
    Storage sc = cond.storage();
    Storage sa = a.storage();
    Storage sb = b.storage();
    Storage d = out.storage();
    int n = out.numel();
    if (out.isContiguous()
        && (cond.isContiguous() || cond.isRepeated())
        && (a.isContiguous() || a.isRepeated())
        && (b.isContiguous() || b.isRepeated())) {
      int cs = cond.isContiguous() ? 1 : 0;
      int as = a.isContiguous() ? 1 : 0;
      int bs = b.isContiguous() ? 1 : 0;
      int co = cond.offset();
      int ao = a.offset();
      int bo = b.offset();
      int oo = out.offset();
      for (int i = 0; i < n; i++) {
        double va = sa.get(ao + i * as);
        double vb = sb.get(bo + i * bs);
        d.set(oo + i, sc.get(co + i * cs) != 0 ? va : vb);
      }
      return;
    }
    StridedView.Walker wc = cond.walker();
    StridedView.Walker wa = a.walker();
    StridedView.Walker wb = b.walker();
    StridedView.Walker wd = out.walker();
    for (int i = 0; i < n; i++) {
      double va = sa.get(wa.next());
      double vb = sb.get(wb.next());
      d.set(wd.next(), sc.get(wc.next()) != 0 ? va : vb);
    }
  }

  // ------------------------------------------------------------------ reductions

  @Override
  public void reduce(
      ReduceFn fn, StridedView x, int groupSize, StridedView out, StridedView indices) {
    int groups = out.numel();
    if (groups == 0) return;
    if (fn == ReduceFn.SUM && indices == null) {
      if (x.isContiguous() && out.isContiguous()) {
        sumRows(x, groups, groupSize, out);
        return;
      }
      if (isColumnReduction(x, groups, groupSize) && out.isContiguous()) {
        sumColumns(x, groups, groupSize, out);
        return;
      }
      if (sumByRows(x, groups, groupSize, out)) return;
    }
    Storage s = x.storage();
    Storage d = out.storage();
    StridedView.Walker ws = x.walker();
    StridedView.Walker wd = out.walker();
    StridedView.Walker wi = indices == null ? null : indices.walker();
    for (int g = 0; g < groups; g++) {
      double acc;
      int best = 0;
      if (fn == ReduceFn.SUM) {
        acc = 0;
        for (int i = 0; i < groupSize; i++) acc += s.get(ws.next());
      } else if (fn == ReduceFn.PROD) {
        acc = 1;
        for (int i = 0; i < groupSize; i++) acc *= s.get(ws.next());
      } else {
        boolean max = fn == ReduceFn.MAX;
        acc = s.get(ws.next());
        for (int i = 1; i < groupSize; i++) {
          double v = s.get(ws.next());
          if (Double.isNaN(acc)) continue;
          if (Double.isNaN(v) || (max ? v > acc : v < acc)) {
            acc = v;
            best = i;
          }
        }
      }
      d.set(wd.next(), acc);
      if (wi != null) indices.storage().set(wi.next(), best);
    }
  }

  /**
   * Sums each group of x (each {@code groupSize} consecutive elements in row-major order) when x's
   * innermost rows, after merging the dims laid out alike, are packed and at least {@link #MIN_ROW}
   * long, and a whole number of them make a group: a sum over the batch and the pixels of {@code
   * [N, C, H, W]} for each channel. Each row is summed as a packed range ({@link #sumPacked}) and
   * the rows' sums added in order. False for other layouts.
   */
  private boolean sumByRows(StridedView x, int groups, int groupSize, StridedView out) {
    Merged m = Merged.of(x.shape(), x.strides());
    if (m == null || m.rank < 2) return false;
    int row = m.sizes[0];
    if (row < MIN_ROW || m.strides[0][0] != 1 || groupSize % row != 0) return false;
    int rowsPerGroup = groupSize / row;
    Storage s = x.storage();
    Storage d = out.storage();
    StridedView.Walker wd = out.walker();
    for (int g = 0; g < groups; g++) {
      double acc = 0;
      for (int r = g * rowsPerGroup, last = r + rowsPerGroup; r < last; r++) {
        acc += sumPacked(s, x.offset() + m.offsetOf(0, r), row);
      }
      d.set(wd.next(), acc);
    }
    return true;
  }

  /**
   * Sums each run of {@code groupSize} consecutive elements. A long run is summed in blocks of
   * {@link #CHUNK} (in parallel when large) whose partial sums are then added in order, so that the
   * result does not depend on the number of threads.
   */
  private void sumRows(StridedView x, int groups, int groupSize, StridedView out) {
    Storage s = x.storage();
    Storage d = out.storage();
    int xo = x.offset();
    int oo = out.offset();
    for (int g = 0; g < groups; g++) d.set(oo + g, sumPacked(s, xo + g * groupSize, groupSize));
  }

  @Override
  public void lstmCellForward(
      Storage gates,
      int go,
      Storage c,
      int co,
      Storage cNext,
      int cno,
      Storage tanhCell,
      int to,
      Storage hNext,
      int hno,
      Storage out,
      int oo,
      int hidden) {
    float[] gf = gates.floats();
    if (gf != null) {
      float[] nf = cNext.floats();
      float[] tf = tanhCell.floats();
      lstmStateFloat(gf, go, c.floats(), co, nf, cno, hidden, 0);
      unaryFloat(UnaryFn.TANH, 0, 0, nf, cno, tf, to, hidden);
      lstmOutputFloat(
          gf, go + 3 * hidden, tf, to, hNext.floats(), hno, out.floats(), oo, hidden, 0);
      return;
    }
    double[] gd = gates.doubles();
    double[] cd = c.doubles();
    double[] nd = cNext.doubles();
    double[] td = tanhCell.doubles();
    double[] hd = hNext.doubles();
    double[] od = out.doubles();
    for (int j = 0; j < hidden; j++) {
      nd[cno + j] = gd[go + hidden + j] * cd[co + j] + gd[go + j] * gd[go + 2 * hidden + j];
    }
    unaryDouble(UnaryFn.TANH, 0, 0, nd, cno, td, to, hidden);
    for (int j = 0; j < hidden; j++) {
      double v = gd[go + 3 * hidden + j] * td[to + j];
      hd[hno + j] = v;
      od[oo + j] = v;
    }
  }

  /**
   * {@code next = f c + i g} for the elements from {@code from} to n of a row of n, with i, f and g
   * at {@code g[go]}, {@code g[go + n]} and {@code g[go + 2n]}.
   */
  void lstmStateFloat(float[] g, int go, float[] c, int co, float[] next, int no, int n, int from) {
    for (int j = from; j < n; j++)
      next[no + j] = g[go + n + j] * c[co + j] + g[go + j] * g[go + 2 * n + j];
  }

  /** {@code h = out = o t} for the elements from {@code from} to n. */
  void lstmOutputFloat(
      float[] o,
      int oi,
      float[] t,
      int ti,
      float[] h,
      int hi,
      float[] out,
      int oo,
      int n,
      int from) {
    for (int j = from; j < n; j++) {
      float v = o[oi + j] * t[ti + j];
      h[hi + j] = v;
      out[oo + j] = v;
    }
  }

  @Override
  public void lstmCellBackward(
      Storage gates,
      int go,
      Storage tanhCell,
      int to,
      Storage c,
      int co,
      Storage dh,
      int dho,
      Storage dc,
      int dco,
      Storage dout,
      int douto,
      Storage gateGrads,
      int ggo,
      Storage dcPrev,
      int dpo,
      int hidden) {
    float[] gf = gates.floats();
    if (gf != null) {
      lstmBackwardFloat(
          gf,
          go,
          tanhCell.floats(),
          to,
          c.floats(),
          co,
          dh.floats(),
          dho,
          dc.floats(),
          dco,
          dout.floats(),
          douto,
          gateGrads.floats(),
          ggo,
          dcPrev.floats(),
          dpo,
          hidden,
          0);
      return;
    }
    double[] a = gates.doubles();
    double[] td = tanhCell.doubles();
    double[] cd = c.doubles();
    double[] dhd = dh.doubles();
    double[] dcd = dc.doubles();
    double[] dod = dout.doubles();
    double[] d = gateGrads.doubles();
    double[] pd = dcPrev.doubles();
    int n = hidden;
    for (int j = 0; j < n; j++) {
      double i = a[go + j];
      double f = a[go + n + j];
      double g = a[go + 2 * n + j];
      double o = a[go + 3 * n + j];
      double t = td[to + j];
      double dhAll = dhd[dho + j] + dod[douto + j];
      double dcAll = dcd[dco + j] + dhAll * o * (1 - t * t);
      d[ggo + j] = dcAll * g * (i * (1 - i));
      d[ggo + n + j] = dcAll * cd[co + j] * (f * (1 - f));
      d[ggo + 2 * n + j] = dcAll * i * (1 - g * g);
      d[ggo + 3 * n + j] = dhAll * t * (o * (1 - o));
      pd[dpo + j] = dcAll * f;
    }
  }

  /** The float loop of {@link #lstmCellBackward}, for the elements from {@code from} to n. */
  void lstmBackwardFloat(
      float[] a,
      int go,
      float[] tf,
      int to,
      float[] cf,
      int co,
      float[] dhf,
      int dho,
      float[] dcf,
      int dco,
      float[] dof,
      int douto,
      float[] d,
      int ggo,
      float[] pf,
      int dpo,
      int n,
      int from) {
    for (int j = from; j < n; j++) {
      float i = a[go + j];
      float f = a[go + n + j];
      float g = a[go + 2 * n + j];
      float o = a[go + 3 * n + j];
      float t = tf[to + j];
      float dhAll = dhf[dho + j] + dof[douto + j];
      float dcAll = dcf[dco + j] + dhAll * o * (1 - t * t);
      d[ggo + j] = dcAll * g * (i * (1 - i));
      d[ggo + n + j] = dcAll * cf[co + j] * (f * (1 - f));
      d[ggo + 2 * n + j] = dcAll * i * (1 - g * g);
      d[ggo + 3 * n + j] = dhAll * t * (o * (1 - o));
      pf[dpo + j] = dcAll * f;
    }
  }

  @Override
  public double sumPacked(Storage s, int from, int n) {
    if (n >= PARALLEL_CHEAP && ThreadPool.threads() > 1) {
      int blocks = (n + CHUNK - 1) / CHUNK;
      double[] partial = new double[blocks];
      ThreadPool.parallelFor(
          blocks, t -> partial[t] = sumRange(s, from + t * CHUNK, Math.min(CHUNK, n - t * CHUNK)));
      double total = 0;
      for (double v : partial) total += v;
      return total;
    }
    double total = 0;
    for (int at = 0; at < n; at += CHUNK) total += sumRange(s, from + at, Math.min(CHUNK, n - at));
    return total;
  }

  private double sumRange(Storage s, int from, int n) {
    float[] f = s.floats();
    return f != null ? sumFloat(f, from, n) : sumDouble(s.doubles(), from, n);
  }

  /** Floats per block of {@link #sumFloat}'s work arrays. */
  static final int SUM_BLOCK = 1024;

  /** Blocks added element by element into the accumulating block before it is summed. */
  private static final int SUM_BLOCKS_PER_FLUSH = 8;

  /**
   * The sum of f[from, from + n), in float across {@link #SUM_BLOCK} lanes, then pairwise, then in
   * double: up to 8 blocks are added element by element into one accumulating block, whose halves
   * are then added until 16 floats remain (6 levels), and those are summed in double. Each
   * element's share of the result has gone through at most 14 float roundings, about the accuracy
   * of PyTorch's cascade sum of floats; large sums go on in double.
   *
   * <p>Why not all in double: C2 vectorizes neither a float-to-double conversion nor a reduction
   * into one variable, so such a loop runs one element at a time; adding two arrays element by
   * element it vectorizes, when both are indexed from 0, hence the copies into the work arrays.
   */
  double sumFloat(float[] f, int from, int n) {
    if (n < SUM_BLOCK) return sumFloatInDouble(f, from, n);
    float[][] work = Scratch.get().floatBlocks(2, SUM_BLOCK);
    float[] acc = work[0];
    float[] spare = work[1];
    double total = 0;
    int blocks = 0;
    int at = 0;
    for (; at + SUM_BLOCK <= n; at += SUM_BLOCK) {
      if (blocks == 0) {
        System.arraycopy(f, from + at, acc, 0, SUM_BLOCK);
      } else {
        addBlock(acc, f, from + at, SUM_BLOCK, spare);
      }
      if (++blocks == SUM_BLOCKS_PER_FLUSH) {
        total += sumPairwise(acc, spare);
        blocks = 0;
      }
    }
    if (blocks > 0) total += sumPairwise(acc, spare);
    return total + sumFloatInDouble(f, from + at, n - at);
  }

  /** The sum of acc's {@link #SUM_BLOCK} floats, halves added pairwise; spare is overwritten. */
  private double sumPairwise(float[] acc, float[] spare) {
    for (int half = SUM_BLOCK / 2; half >= 16; half /= 2) addBlock(acc, acc, half, half, spare);
    return sumFloatInDouble(acc, 0, 16);
  }

  /**
   * acc[i] += x[from + i] for i in [0, n), one float addition each (the Vector API kernels add the
   * same pairs); spare, of at least n floats, is overwritten. The ranges of x and acc do not
   * overlap.
   */
  void addBlock(float[] acc, float[] x, int from, int n, float[] spare) {
    // NOTE: copied first, so that the loop reads both arrays at the same index, as C2's
    // auto-vectorizer needs (see FloatMath).
    System.arraycopy(x, from, spare, 0, n);
    for (int i = 0; i < n; i++) acc[i] += spare[i];
  }

  /** The sum of f[from, from + n), accumulated in double. */
  static double sumFloatInDouble(float[] f, int from, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += f[from + i];
      s1 += f[from + i + 1];
      s2 += f[from + i + 2];
      s3 += f[from + i + 3];
    }
    for (; i < n; i++) s0 += f[from + i];
    return (s0 + s1) + (s2 + s3);
  }

  /** The sum of v[from, from + n). */
  double sumDouble(double[] v, int from, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += v[from + i];
      s1 += v[from + i + 1];
      s2 += v[from + i + 2];
      s3 += v[from + i + 3];
    }
    for (; i < n; i++) s0 += v[from + i];
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * Whether x, seen as [groups, groupSize], is the transpose of a contiguous [groupSize, groups]
   * block: the sum over the leading dim of a matrix (a bias gradient), best done row by row.
   */
  private static boolean isColumnReduction(StridedView x, int groups, int groupSize) {
    int[] shape = x.shape();
    int[] strides = x.strides();
    return shape.length == 2
        && shape[0] == groups
        && shape[1] == groupSize
        && strides[0] == 1
        && strides[1] == groups;
  }

  private static void sumColumns(StridedView x, int groups, int groupSize, StridedView out) {
    Storage s = x.storage();
    Storage d = out.storage();
    int xo = x.offset();
    int oo = out.offset();
    double[] acc = Scratch.get().doubles(groups);
    Arrays.fill(acc, 0, groups, 0.0);
    float[] f = s.floats();
    double[] v = s.doubles();
    for (int r = 0; r < groupSize; r++) {
      int row = xo + r * groups;
      if (f != null) {
        for (int j = 0; j < groups; j++) acc[j] += f[row + j];
      } else {
        for (int j = 0; j < groups; j++) acc[j] += v[row + j];
      }
    }
    for (int j = 0; j < groups; j++) d.set(oo + j, acc[j]);
  }

  // ------------------------------------------------------------------ matrix product

  @Override
  public void matmul(StridedView a, StridedView b, StridedView out) {
    Gemm.multiply(this, a, b, out);
  }

  /**
   * c[co + i ldc + j] = sum_l a[ao + i lda + l] b[bo + j ldb + l] for i &lt; rows, j &lt; cols: C
   * as dot products of rows of A with rows of B (the columns of the B of the product), each packed
   * along l; see {@code Gemm.dots}. Each dot product is summed in four interleaved partial sums,
   * added in a fixed order.
   */
  void floatDots(
      float[] a,
      int ao,
      int lda,
      float[] b,
      int bo,
      int ldb,
      float[] c,
      int co,
      int ldc,
      int rows,
      int cols,
      int k) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int x = ao + i * lda;
        int y = bo + j * ldb;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int l = 0;
        for (; l + 3 < k; l += 4) {
          s0 += a[x + l] * b[y + l];
          s1 += a[x + l + 1] * b[y + l + 1];
          s2 += a[x + l + 2] * b[y + l + 2];
          s3 += a[x + l + 3] * b[y + l + 3];
        }
        for (; l < k; l++) s0 += a[x + l] * b[y + l];
        c[co + i * ldc + j] = (s0 + s1) + (s2 + s3);
      }
    }
  }

  /**
   * {@code to[q kc run + l run + r] = from[at + l stride + q run + r]} for l &lt; kc, q &lt;
   * panels, r &lt; run: at each step l, a run of {@code panels run} adjacent floats dealt out to
   * the panels (column-major rows of A packed for {@link #floatPanel}).
   */
  void copyRunsToPanels(float[] from, int at, int stride, float[] to, int kc, int panels, int run) {
    for (int l = 0; l < kc; l++) {
      int src = at + l * stride;
      for (int q = 0; q < panels; q++) {
        System.arraycopy(from, src + q * run, to, q * kc * run + l * run, run);
      }
    }
  }

  /** Rows of A per micro-panel of the matrix product; see {@link #floatPanel}. */
  int panelRows() {
    return 4;
  }

  /** The packed B block's width is padded to a multiple of this. */
  int panelColumns() {
    return 1;
  }

  /**
   * How {@link #floatPanel} wants a float block of B packed: 0 for rows, {@code b[b0 + l][j]}; w
   * for strips of w columns, each one array of the block's rows in turn, {@code b[b0 + s][l * w +
   * t]} for column {@code s * w + t} (so a micro-kernel's tile of B is read in one sequential run).
   */
  int floatStripWidth() {
    return 0;
  }

  /** {@link #floatStripWidth()} for {@link #doublePanel}'s B. */
  int doubleStripWidth() {
    return 0;
  }

  /**
   * C[r, j] += sum_l A[r, l] B[l, j] for r &lt; rows, j &lt; cols, or C[r, j] = that sum when not
   * {@code accumulate} (the first block of k: C is not read, so nothing has to zero it first): A
   * packed as {@code a[ao + l * panelRows() + r]}, B packed as {@link #floatStripWidth()} says,
   * from row or strip {@code b0} (zero beyond {@code cols}, up to a multiple of {@link
   * #panelColumns()}), C at {@code c[co + r * ldc + j]}. The sum starts from +0, so it is never -0,
   * and writing it gives the bits that adding it to a zeroed C would.
   *
   * <p>Each C row is summed in a scratch row against four rows of B at a time, all indexed from 0:
   * the loop shape the JIT vectorizes. The products are added in order of l, so the result is the
   * naive float sum whatever the blocking.
   */
  void floatPanel(
      int kc,
      float[] a,
      int ao,
      float[][] b,
      int b0,
      float[] c,
      int co,
      int ldc,
      int rows,
      int cols,
      boolean accumulate) {
    floatPanel(kc, a, ao, 1, panelRows(), b, b0, c, co, ldc, rows, cols, accumulate);
  }

  /** Whether {@link #floatPanelRowMajor} may be called: Gemm packs every panel of A otherwise. */
  boolean readsRowMajorPanels() {
    return true;
  }

  /**
   * {@link #floatPanel} for {@link #panelRows()} rows of A read where they are, row-major: A[r, l]
   * at {@code a[ao + r * lda + l]}. Each element of C is summed as {@link #floatPanel} sums it, so
   * the two give the same bits. For products with few columns, where a packed panel of A would be
   * read only a few times.
   */
  void floatPanelRowMajor(
      int kc,
      float[] a,
      int ao,
      int lda,
      float[][] b,
      int b0,
      float[] c,
      int co,
      int ldc,
      int cols,
      boolean accumulate) {
    floatPanel(kc, a, ao, lda, 1, b, b0, c, co, ldc, panelRows(), cols, accumulate);
  }

  /** {@link #floatPanel} with A[r, l] at {@code a[ao + r * rowStride + l * kStride]}. */
  private static void floatPanel(
      int kc,
      float[] a,
      int ao,
      int rowStride,
      int kStride,
      float[][] b,
      int b0,
      float[] c,
      int co,
      int ldc,
      int rows,
      int cols,
      boolean accumulate) {
    float[] acc = Scratch.get().floatRow(cols);
    for (int r = 0; r < rows; r++) {
      Arrays.fill(acc, 0, cols, 0f);
      int l = 0;
      int ar0 = ao + r * rowStride;
      for (; l + 3 < kc; l += 4) {
        int ar = ar0 + l * kStride;
        axpy4(
            acc,
            a[ar],
            b[b0 + l],
            a[ar + kStride],
            b[b0 + l + 1],
            a[ar + 2 * kStride],
            b[b0 + l + 2],
            a[ar + 3 * kStride],
            b[b0 + l + 3],
            cols);
      }
      for (; l < kc; l++) {
        float al = a[ar0 + l * kStride];
        float[] bl = b[b0 + l];
        for (int j = 0; j < cols; j++) acc[j] += al * bl[j];
      }
      int cr = co + r * ldc;
      if (accumulate) {
        for (int j = 0; j < cols; j++) c[cr + j] += acc[j];
      } else {
        System.arraycopy(acc, 0, c, cr, cols);
      }
    }
  }

  /** The double version of {@link #floatPanel}. */
  void doublePanel(
      int kc,
      double[] a,
      int ao,
      double[][] b,
      int b0,
      double[] c,
      int co,
      int ldc,
      int rows,
      int cols,
      boolean accumulate) {
    int mr = panelRows();
    double[] acc = Scratch.get().doubleRow(cols);
    for (int r = 0; r < rows; r++) {
      Arrays.fill(acc, 0, cols, 0.0);
      int l = 0;
      for (; l + 3 < kc; l += 4) {
        int ar = ao + l * mr + r;
        axpy4(
            acc,
            a[ar],
            b[b0 + l],
            a[ar + mr],
            b[b0 + l + 1],
            a[ar + 2 * mr],
            b[b0 + l + 2],
            a[ar + 3 * mr],
            b[b0 + l + 3],
            cols);
      }
      for (; l < kc; l++) {
        double al = a[ao + l * mr + r];
        double[] bl = b[b0 + l];
        for (int j = 0; j < cols; j++) acc[j] += al * bl[j];
      }
      int cr = co + r * ldc;
      if (accumulate) {
        for (int j = 0; j < cols; j++) c[cr + j] += acc[j];
      } else {
        System.arraycopy(acc, 0, c, cr, cols);
      }
    }
  }

  @Override
  public void adamStep(
      Storage param,
      int po,
      Storage grad,
      int go,
      Storage expAvg,
      int mo,
      Storage expAvgSq,
      int vo,
      int n,
      double beta1,
      double beta2,
      double negStepSize,
      double biasCorrection2Sqrt,
      double eps) {
    float[] pf = param.floats();
    if (pf != null) {
      adamFloat(
          pf,
          po,
          grad.floats(),
          go,
          expAvg.floats(),
          mo,
          expAvgSq.floats(),
          vo,
          n,
          0,
          (float) beta1,
          (float) (1 - beta1),
          (float) beta2,
          (float) (1 - beta2),
          (float) negStepSize,
          (float) biasCorrection2Sqrt,
          (float) eps);
      return;
    }
    double[] p = param.doubles();
    double[] g = grad.doubles();
    double[] m = expAvg.doubles();
    double[] v = expAvgSq.doubles();
    double c1 = 1 - beta1;
    double c2 = 1 - beta2;
    for (int i = 0; i < n; i++) {
      double gi = g[go + i];
      double mi = m[mo + i] * beta1 + gi * c1;
      double vi = v[vo + i] * beta2 + gi * c2 * gi;
      m[mo + i] = mi;
      v[vo + i] = vi;
      p[po + i] = p[po + i] + mi / (Math.sqrt(vi) / biasCorrection2Sqrt + eps) * negStepSize;
    }
  }

  /**
   * The float loop of {@link #adamStep} for the elements from {@code from} to n, with the numbers
   * already rounded to float.
   */
  void adamFloat(
      float[] p,
      int po,
      float[] g,
      int go,
      float[] m,
      int mo,
      float[] v,
      int vo,
      int n,
      int from,
      float beta1,
      float oneMinusBeta1,
      float beta2,
      float oneMinusBeta2,
      float negStepSize,
      float correction,
      float eps) {
    if (po == go && po == mo && po == vo) {
      adamFloatAt(
          p,
          g,
          m,
          v,
          po + from,
          n - from,
          beta1,
          oneMinusBeta1,
          beta2,
          oneMinusBeta2,
          negStepSize,
          correction,
          eps);
      return;
    }
    for (int i = from; i < n; i++) {
      float gi = g[go + i];
      float mi = m[mo + i] * beta1 + gi * oneMinusBeta1;
      float vi = v[vo + i] * beta2 + gi * oneMinusBeta2 * gi;
      m[mo + i] = mi;
      v[vo + i] = vi;
      p[po + i] = p[po + i] + mi / ((float) Math.sqrt(vi) / correction + eps) * negStepSize;
    }
  }

  /**
   * {@link #adamFloat} for ranges that start at one offset in all four arrays: a loop the JIT
   * compiles to SIMD code, which it does not for four offsets (it cannot tell whether the arrays'
   * ranges overlap).
   */
  private static void adamFloatAt(
      float[] p,
      float[] g,
      float[] m,
      float[] v,
      int o,
      int n,
      float beta1,
      float oneMinusBeta1,
      float beta2,
      float oneMinusBeta2,
      float negStepSize,
      float correction,
      float eps) {
    for (int i = o; i < o + n; i++) {
      float gi = g[i];
      float mi = m[i] * beta1 + gi * oneMinusBeta1;
      float vi = v[i] * beta2 + gi * oneMinusBeta2 * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] = p[i] + mi / ((float) Math.sqrt(vi) / correction + eps) * negStepSize;
    }
  }

  /** acc[j] += a0 b0[j] + a1 b1[j] + a2 b2[j] + a3 b3[j], added in that order. */
  private static void axpy4(
      float[] acc,
      float a0,
      float[] b0,
      float a1,
      float[] b1,
      float a2,
      float[] b2,
      float a3,
      float[] b3,
      int cols) {
    for (int j = 0; j < cols; j++) {
      acc[j] = acc[j] + a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
    }
  }

  private static void axpy4(
      double[] acc,
      double a0,
      double[] b0,
      double a1,
      double[] b1,
      double a2,
      double[] b2,
      double a3,
      double[] b3,
      int cols) {
    for (int j = 0; j < cols; j++) {
      acc[j] = acc[j] + a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
    }
  }
}
