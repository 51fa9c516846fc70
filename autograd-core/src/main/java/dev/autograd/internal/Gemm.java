package dev.autograd.internal;

import dev.autograd.DType;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The batched matrix product behind {@link Kernels#matmul}, blocked for the caches in the manner of
 * BLIS: for each block of {@link #KC} rows of B and {@link #NC_FLOAT} (or {@link #NC_DOUBLE})
 * columns, B is packed once, in rows or in strips of the micro-kernel's width; each block of {@link
 * #MC} rows of A is packed into panels of {@code panelRows()} interleaved rows, or, for a block of
 * at most {@link #IN_PLACE_A_COLUMNS} columns, read in place when row-major; the kernel
 * implementation's micro-kernel ({@code floatPanel}, {@code floatPanelRowMajor}, {@code
 * doublePanel}) multiplies one A panel by the B block into C. The first block of k writes C and the
 * others add to it, so C is never zeroed first.
 *
 * <p>Large blocks are split into tasks over row blocks and column ranges of C, on the kernel thread
 * pool; every element of C is summed in the same order whatever the split, so the result does not
 * depend on the number of threads. Small products skip the packing: a direct loop, accumulated in
 * double.
 */
final class Gemm {
  private Gemm() {}

  /** Rows of B (columns of A) per packed block. */
  static final int KC = 256;

  /** Rows of A per packed block: a multiple of every panelRows(). */
  static final int MC = 96;

  /** Columns of B per packed float block: KC * NC_FLOAT floats stay in the L2 cache. */
  static final int NC_FLOAT = 512;

  /** Columns of B per packed double block. */
  static final int NC_DOUBLE = 256;

  /** Products of at most this many multiply-adds use the direct loop. */
  static final long SMALL = 4096;

  /**
   * Columns of a block of C at most for which whole panels of a row-major A are read where they are
   * ({@code floatPanelRowMajor}) rather than packed: a packed panel is read once per strip of
   * columns, so below this its packing costs more than the kernel loses on A's scattered rows.
   */
  static final int IN_PLACE_A_COLUMNS = 128;

  /**
   * Rows of C at most for which a parallel product is split by columns only, each thread taking one
   * block of columns and all the rows: each block of B is then used by one task, which packs it on
   * its own thread, where a split by rows has every thread read the one packed B from the cache of
   * the thread that packed it, a cost that a few rows do not repay.
   */
  static final int COLUMN_SPLIT_ROWS = 128;

  /** Blocks of at least this many multiply-adds are split across threads. */
  static final long PARALLEL = 1 << 20;

  static void multiply(PlainKernels kernels, StridedView a, StridedView b, StridedView out) {
    if (out.shape().length == 2) {
      // Matrices: a small product reads them as they are; a large one goes through batch views.
      int n = a.shape()[0];
      int k = a.shape()[1];
      int m = b.shape()[1];
      if ((long) n * m * k <= SMALL) {
        direct(a, b, out, 0, n, k, m);
        return;
      }
      a = asBatch(a);
      b = asBatch(b);
      out = asBatch(out);
    }
    int batches = out.shape()[0];
    int n = a.shape()[1];
    int k = a.shape()[2];
    int m = b.shape()[2];
    if (batches == 0 || n == 0 || m == 0) return;
    if (k == 0) {
      kernels.fill(out, 0);
      return;
    }
    for (int batch = 0; batch < batches; batch++) {
      if ((long) n * m * k <= SMALL) {
        direct(a, b, out, batch, n, k, m);
      } else if (isDotForm(a, b, out, n, k, m)) {
        dots(kernels, a, b, out, batch, n, k, m);
      } else if (out.storage().floats() != null) {
        floats(kernels, a, b, out, batch, n, k, m);
      } else {
        doubles(kernels, a, b, out, batch, n, k, m);
      }
    }
  }

  /** Columns of A at least, and rows and columns of C at most, for {@link #dots}. */
  static final int DOT_MIN_K = 2048;

  static final int DOT_MAX_ROWS = 64;

  static final int DOT_MAX_COLS = 256;

  /**
   * Whether a float product is a few long dot products: a C of at most {@link #DOT_MAX_ROWS} x
   * {@link #DOT_MAX_COLS} over at least {@link #DOT_MIN_K} terms, with the rows of A and the
   * columns of B (B read transposed) each packed along k. Such a product, the weight gradient of a
   * convolution (a few channels summed over every position of a batch), is all packing in the
   * blocked path, and none in {@link #dots}.
   */
  private static boolean isDotForm(
      StridedView a, StridedView b, StridedView out, int n, int k, int m) {
    return out.storage().floats() != null
        && a.storage().floats() != null
        && b.storage().floats() != null
        && k >= DOT_MIN_K
        && n <= DOT_MAX_ROWS
        && m <= DOT_MAX_COLS
        && a.strides()[2] == 1
        && b.strides()[1] == 1;
  }

  /**
   * C = A B as dot products of A's rows with B's columns, both packed along k: the kernels' {@code
   * floatDots}, split across threads by rows of C when large. Each element is summed in the same
   * order whatever the split.
   */
  private static void dots(
      PlainKernels kernels,
      StridedView a,
      StridedView b,
      StridedView out,
      int batch,
      int n,
      int k,
      int m) {
    float[] af = a.storage().floats();
    float[] bf = b.storage().floats();
    int[] as = a.strides();
    int[] bs = b.strides();
    int[] os = out.strides();
    int ao = a.offset() + batch * as[0];
    int bo = b.offset() + batch * bs[0];
    boolean packedOut = os[2] == 1;
    float[] c = packedOut ? out.storage().floats() : new float[n * m];
    int co = packedOut ? out.offset() + batch * os[0] : 0;
    int ldc = packedOut ? os[1] : m;
    int rowsPerTask =
        (long) n * m * k >= PARALLEL ? Math.max(1, ceilDiv(n, ThreadPool.threads())) : n;
    int tasks = ceilDiv(n, rowsPerTask);
    ThreadPool.parallelFor(
        tasks,
        t -> {
          int i0 = t * rowsPerTask;
          int rows = Math.min(rowsPerTask, n - i0);
          kernels.floatDots(
              af, ao + i0 * as[1], as[1], bf, bo, bs[2], c, co + i0 * ldc, ldc, rows, m, k);
        });
    if (!packedOut) writeBack(c, out, batch, n, m);
  }

  /** A matrix seen as a batch of one, [1, rows, cols]. */
  private static StridedView asBatch(StridedView v) {
    int[] shape = v.shape();
    int[] strides = v.strides();
    return new StridedView(
        v.storage(),
        new int[] {1, shape[0], shape[1]},
        new int[] {0, strides[0], strides[1]},
        v.offset());
  }

  private static int ceilDiv(int x, int y) {
    return (x + y - 1) / y;
  }

  private static int roundUp(int x, int multiple) {
    return ceilDiv(x, multiple) * multiple;
  }

  /** {@link #direct} on matrices, or on one batch of 3-D views. */
  private static void direct(
      StridedView a, StridedView b, StridedView out, int batch, int n, int k, int m) {
    int row = out.shape().length - 2; // the dim of rows: 0 for matrices, 1 for batches
    int[] as = a.strides();
    int[] bs = b.strides();
    int[] os = out.strides();
    int ab = row == 0 ? 0 : batch * as[0];
    int bb = row == 0 ? 0 : batch * bs[0];
    int ob = row == 0 ? 0 : batch * os[0];
    direct(
        a.storage(),
        a.offset() + ab,
        as[row],
        as[row + 1],
        b.storage(),
        b.offset() + bb,
        bs[row],
        bs[row + 1],
        out.storage(),
        out.offset() + ob,
        os[row],
        os[row + 1],
        n,
        k,
        m);
  }

  /**
   * out_ij = sum_l a_il b_lj, summed in double in order of l, for matrices given by their storage,
   * offset, row stride and column stride (an empty k leaves zeros).
   */
  private static void direct(
      Storage sa,
      int ao,
      int aRow,
      int aCol,
      Storage sb,
      int bo,
      int bRow,
      int bCol,
      Storage so,
      int oo,
      int oRow,
      int oCol,
      int n,
      int k,
      int m) {
    for (int i = 0; i < n; i++) {
      int aI = ao + i * aRow;
      for (int j = 0; j < m; j++) {
        int bJ = bo + j * bCol;
        double acc = 0;
        for (int l = 0; l < k; l++) acc += sa.get(aI + l * aCol) * sb.get(bJ + l * bRow);
        so.set(oo + i * oRow + j * oCol, acc);
      }
    }
  }

  /**
   * How a block of C is cut into tasks: row blocks of {@code rows} rows (MC, or fewer when there
   * are too few row blocks for the threads) times column ranges of {@code width}, with enough tasks
   * to keep every thread busy when the block is split.
   *
   * <p>Rows are split before columns: each task then packs only its own rows of A, and the
   * micro-kernel keeps the block's full width. Narrow column ranges cost the plain kernel most of
   * its vectorized loop (a 64 by 784 by 256 product on 2 threads took longer than on one, in 4
   * column ranges of 64). Columns are split when there are fewer rows than threads, and when there
   * are at most {@link #COLUMN_SPLIT_ROWS} rows and enough columns for a range of at least one
   * panel width per thread: then each range of B is read by one task only, which packs it.
   */
  private static final class Split {
    final int rows;
    final int rowBlocks;
    final int colBlocks;
    final int width;
    final int tasks;
    final boolean parallel;

    Split(int n, int kc, int nc, int mr, int nr) {
      this(n, kc, nc, mr, nr, true);
    }

    /** Strips of {@code sw} columns per column block, its width padded to a multiple of nr. */
    int strips(int nr, int sw) {
      return roundUp(width, nr) / sw;
    }

    /** A split of the rows only: one column block of the whole width, as a B packed once has. */
    static Split rowsOnly(int n, int kc, int nc, int mr, int nr) {
      return new Split(n, kc, nc, mr, nr, false);
    }

    private Split(int n, int kc, int nc, int mr, int nr, boolean splitColumns) {
      int threads = ThreadPool.threads();
      parallel = threads > 1 && (long) n * kc * nc >= PARALLEL;
      // Few rows and columns enough for every thread: a block of columns each, all rows.
      boolean byColumns =
          parallel && splitColumns && n <= COLUMN_SPLIT_ROWS && nc >= threads * Math.max(nr, 16);
      rows = byColumns ? n : parallel ? balancedRows(n, threads, mr) : MC;
      rowBlocks = ceilDiv(n, rows);
      int wanted =
          splitColumns && parallel && rowBlocks < threads ? ceilDiv(threads, rowBlocks) : 1;
      width = roundUp(ceilDiv(nc, wanted), Math.max(nr, 16));
      colBlocks = ceilDiv(nc, width);
      tasks = rowBlocks * colBlocks;
    }

    /**
     * Rows per block of C: the whole panels, up to {@link #MC}, that leave the busiest thread the
     * fewest rows once the blocks are dealt out, the larger on a tie (fewer tasks). 32 rows on 2
     * threads: 2 blocks of 16 rows; 1024: 16 blocks of 64, where blocks of 96 make 11, six on one
     * thread.
     */
    private static int balancedRows(int n, int threads, int mr) {
      int best = MC;
      long bestLoad = Long.MAX_VALUE;
      for (int rows = mr; rows <= MC; rows += mr) {
        long load = (long) ceilDiv(ceilDiv(n, rows), threads) * rows;
        if (load <= bestLoad) {
          best = rows;
          bestLoad = load;
        }
      }
      return best;
    }

    void run(IntConsumer task) {
      if (parallel) {
        ThreadPool.parallelFor(tasks, task);
      } else {
        for (int t = 0; t < tasks; t++) task.accept(t);
      }
    }
  }

  // ------------------------------------------------------------------ float

  private static void floats(
      PlainKernels kernels,
      StridedView a,
      StridedView b,
      StridedView out,
      int batch,
      int n,
      int k,
      int m) {
    floats(kernels, a, b, null, out, batch, n, k, m);
  }

  /** {@link #floats} with B either as a view (packed here) or packed already. */
  private static void floats(
      PlainKernels kernels,
      StridedView a,
      StridedView b,
      PackedFloats packed,
      StridedView out,
      int batch,
      int n,
      int k,
      int m) {
    int[] os = out.strides();
    boolean inPlace = os[2] == 1 || m == 1;
    float[] c = inPlace ? out.storage().floats() : new float[n * m];
    int cBase = inPlace ? out.offset() + batch * os[0] : 0;
    int ldc = inPlace && n > 1 ? os[1] : m;
    int mr = kernels.panelRows();
    int nr = kernels.panelColumns();
    if (packed != null) {
      prepacked(kernels, a, batch, packed, c, cBase, ldc, n);
      if (!inPlace) writeBack(c, out, batch, n, m);
      return;
    }
    float[] af = a.storage().floats();
    int[] as = a.strides();
    boolean inPlaceA = af != null && as[2] == 1 && kernels.readsRowMajorPanels();
    int aBase = a.offset() + batch * as[0];
    int lda = as[1];
    for (int pc = 0; pc < k; pc += KC) {
      int kc = Math.min(KC, k - pc);
      for (int jc = 0; jc < m; jc += NC_FLOAT) {
        int nc = Math.min(NC_FLOAT, m - jc);
        Split split = new Split(n, kc, nc, mr, nr);
        int sw = kernels.floatStripWidth();
        int perBlock = sw == 0 ? kc : split.strips(nr, sw);
        // With one block of rows, each block of B is used by one task only: packed there.
        boolean packPerTask = split.rowBlocks == 1;
        float[][] shared =
            packPerTask ? null : packedB(split.colBlocks, kc, perBlock, split.width, nr, sw);
        for (int cb = 0; shared != null && cb < split.colBlocks; cb++) {
          packB(b, batch, pc, kc, jc, nc, split, cb, shared, cb * perBlock, nr, sw);
        }
        int p = pc;
        int q = jc;
        int cBlock = cBase + jc;
        split.run(
            t -> {
              int i0 = (t / split.colBlocks) * split.rows;
              int mc = Math.min(split.rows, n - i0);
              int cb = t % split.colBlocks;
              int j0 = cb * split.width;
              int cw = Math.min(split.width, nc - j0);
              float[][] bp = shared;
              int b0 = cb * perBlock;
              if (packPerTask) {
                bp = packedB(1, kc, perBlock, split.width, nr, sw);
                packB(b, batch, p, kc, q, nc, split, cb, bp, 0, nr, sw);
                b0 = 0;
              }
              // Whole panels of a row-major A are read in place where a packed panel would be
              // read only a few times; the rest of the rows are packed.
              int direct = inPlaceA && cw <= IN_PLACE_A_COLUMNS ? mc / mr * mr : 0;
              for (int ir = 0; ir < direct; ir += mr) {
                kernels.floatPanelRowMajor(
                    kc,
                    af,
                    aBase + (i0 + ir) * lda + p,
                    lda,
                    bp,
                    b0,
                    c,
                    cBlock + (i0 + ir) * ldc + j0,
                    ldc,
                    cw,
                    p > 0);
              }
              if (direct == mc) return;
              float[] ap = Scratch.get().packedA(roundUp(mc - direct, mr) * kc);
              packA(kernels, a, batch, i0 + direct, mc - direct, p, kc, ap, mr);
              for (int ir = direct; ir < mc; ir += mr) {
                kernels.floatPanel(
                    kc,
                    ap,
                    (ir - direct) * kc,
                    bp,
                    b0,
                    c,
                    cBlock + (i0 + ir) * ldc + j0,
                    ldc,
                    Math.min(mr, mc - ir),
                    cw,
                    p > 0);
              }
            });
      }
    }
    if (!inPlace) writeBack(c, out, batch, n, m);
  }

  /**
   * C += A B for B packed already: one task per block of rows of C, each through all the blocks of
   * k and of columns in the order {@link #floats} takes them (so the same bits), packing its rows
   * of A once per block of k for all the column blocks, and with one wait for the threads per
   * product rather than one per block.
   */
  private static void prepacked(
      PlainKernels kernels,
      StridedView a,
      int batch,
      PackedFloats packed,
      float[] c,
      int cBase,
      int ldc,
      int n) {
    int mr = kernels.panelRows();
    int k = packed.k;
    int m = packed.m;
    Split split =
        Split.rowsOnly(n, Math.min(KC, k), Math.min(NC_FLOAT, m), mr, kernels.panelColumns());
    split.run(
        t -> {
          int i0 = t * split.rows;
          int mc = Math.min(split.rows, n - i0);
          for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            float[] ap = Scratch.get().packedA(roundUp(mc, mr) * kc);
            packA(kernels, a, batch, i0, mc, pc, kc, ap, mr);
            for (int jc = 0; jc < m; jc += NC_FLOAT) {
              float[][] bp = packed.blocks[(pc / KC) * packed.columnBlocks + jc / NC_FLOAT];
              int nc = Math.min(NC_FLOAT, m - jc);
              for (int ir = 0; ir < mc; ir += mr) {
                kernels.floatPanel(
                    kc,
                    ap,
                    ir * kc,
                    bp,
                    0,
                    c,
                    cBase + jc + (i0 + ir) * ldc,
                    ldc,
                    Math.min(mr, mc - ir),
                    nc,
                    pc > 0);
              }
            }
          }
        });
  }

  /**
   * A float matrix B [k, m] packed once for many products with it (an LSTM's W_hh^T, the same at
   * every step): its blocks of KC rows by NC_FLOAT columns as {@link #floats} packs them, each in
   * one column block, for the kernels whose panel width it was packed for.
   */
  static final class PackedFloats {
    final int k;
    final int m;
    final int panelColumns;
    final int columnBlocks;
    final float[][][] blocks;

    private PackedFloats(int k, int m, int panelColumns) {
      this.k = k;
      this.m = m;
      this.panelColumns = panelColumns;
      this.columnBlocks = ceilDiv(m, NC_FLOAT);
      this.blocks = new float[ceilDiv(k, KC) * columnBlocks][][];
    }
  }

  /**
   * Packs the float matrix b [k, m] (k and m at least 1) for {@link #multiply(PlainKernels,
   * StridedView, PackedFloats, StridedView)}.
   */
  static PackedFloats pack(PlainKernels kernels, StridedView b) {
    StridedView b3 = asBatch(b);
    int k = b.shape()[0];
    int m = b.shape()[1];
    int nr = kernels.panelColumns();
    PackedFloats packed = new PackedFloats(k, m, nr);
    for (int pc = 0; pc < k; pc += KC) {
      int kc = Math.min(KC, k - pc);
      for (int jc = 0; jc < m; jc += NC_FLOAT) {
        int nc = Math.min(NC_FLOAT, m - jc);
        Split whole = Split.rowsOnly(1, kc, nc, kernels.panelRows(), nr);
        int sw = kernels.floatStripWidth();
        float[][] bp =
            sw == 0
                ? new float[kc][roundUp(whole.width, nr)]
                : new float[whole.strips(nr, sw)][kc * sw];
        packB(b3, 0, pc, kc, jc, nc, whole, 0, bp, 0, nr, sw);
        packed.blocks[(pc / KC) * packed.columnBlocks + jc / NC_FLOAT] = bp;
      }
    }
    return packed;
  }

  /**
   * out = a b for a float matrix a [n, k] and b packed by {@link #pack} with these kernels: the
   * same products, in the same order, as {@link #multiply(PlainKernels, StridedView, StridedView,
   * StridedView)} of the matrix b, without packing it again.
   */
  static void multiply(PlainKernels kernels, StridedView a, PackedFloats b, StridedView out) {
    if (b.panelColumns != kernels.panelColumns()) {
      throw new IllegalStateException("B was packed for other kernels");
    }
    int n = a.shape()[0];
    if (n == 0) return;
    floats(kernels, asBatch(a), null, b, asBatch(out), 0, n, b.k, b.m);
  }

  /**
   * Whether {@link #multiply(PlainKernels, StridedView, StridedView, StridedView)} of matrices runs
   * the blocked path, which packs B, for a [n, k] by b [k, m]: not for a product small enough for
   * the direct loop, nor for one of {@link #dots}.
   */
  static boolean packsB(StridedView a, StridedView b, StridedView out) {
    int n = a.shape()[0];
    int k = a.shape()[1];
    int m = b.shape()[1];
    if ((long) n * m * k <= SMALL) return false;
    return !isDotForm(asBatch(a), asBatch(b), asBatch(out), n, k, m);
  }

  /** Packs rows [i0, i0 + mc) and columns [p, p + kc) of A into panels of mr interleaved rows. */
  private static void packA(
      PlainKernels kernels,
      StridedView a,
      int batch,
      int i0,
      int mc,
      int p,
      int kc,
      float[] ap,
      int mr) {
    Storage s = a.storage();
    float[] f = s.floats();
    int[] st = a.strides();
    int rs = st[1];
    int ls = st[2];
    int base = a.offset() + batch * st[0] + i0 * rs + p * ls;
    int start = 0;
    if (f != null && rs == 1 && ls != 1) {
      // A column-major (the transpose of a gradient, in a weight's gradient): at each step of k
      // the whole panels' elements are one run, read at once and dealt out to the panels; a
      // panel at a time would read a short piece of each of kc lines far apart, again per panel.
      int panels = mc / mr;
      kernels.copyRunsToPanels(f, base, ls, ap, kc, panels, mr);
      start = panels * mr;
    }
    for (int r0 = start; r0 < mc; r0 += mr) {
      int rows = Math.min(mr, mc - r0);
      int dst = r0 * kc;
      if (f != null && ls == 1) {
        // A row-major: each row read along its length into the panel, rather than a column of
        // rows far apart gathered at every step of k (cache misses that cost more than a product
        // with few columns of B).
        if (rows == 8 && mr == 8) {
          // eight rows read side by side, the panel written in order
          int s0 = base + r0 * rs;
          int s1 = s0 + rs;
          int s2 = s1 + rs;
          int s3 = s2 + rs;
          int s4 = s3 + rs;
          int s5 = s4 + rs;
          int s6 = s5 + rs;
          int s7 = s6 + rs;
          for (int l = 0; l < kc; l++) {
            int at = dst + 8 * l;
            ap[at] = f[s0 + l];
            ap[at + 1] = f[s1 + l];
            ap[at + 2] = f[s2 + l];
            ap[at + 3] = f[s3 + l];
            ap[at + 4] = f[s4 + l];
            ap[at + 5] = f[s5 + l];
            ap[at + 6] = f[s6 + l];
            ap[at + 7] = f[s7 + l];
          }
          continue;
        }
        for (int r = 0; r < rows; r++) {
          int src = base + (r0 + r) * rs;
          for (int l = 0; l < kc; l++) ap[dst + l * mr + r] = f[src + l];
        }
        if (rows < mr) {
          for (int l = 0; l < kc; l++) {
            for (int r = rows; r < mr; r++) ap[dst + l * mr + r] = 0f;
          }
        }
        continue;
      }
      for (int l = 0; l < kc; l++) {
        int src = base + r0 * rs + l * ls;
        int at = dst + l * mr;
        for (int r = 0; r < rows; r++) {
          ap[at + r] = f != null ? f[src + r * rs] : (float) s.get(src + r * rs);
        }
        for (int r = rows; r < mr; r++) ap[at + r] = 0f;
      }
    }
  }

  /**
   * Room in this thread's scratch for {@code blocks} packed blocks of B as {@link #packB} packs.
   */
  private static float[][] packedB(int blocks, int kc, int perBlock, int width, int nr, int sw) {
    return sw == 0
        ? Scratch.get().packedB(kc * blocks, roundUp(width, nr))
        : Scratch.get().packedB(perBlock * blocks, kc * sw);
  }

  /**
   * Packs column block {@code cb} of the split of rows [p, p + kc) and columns [jc, jc + nc) of B
   * for the float kernels, from row or strip {@code dst} of {@code bp} on: as rows ({@code sw} 0),
   * one array per row starting at index 0 (the JIT vectorizes a loop over several arrays only when
   * they are distinct and indexed alike), or as strips of {@code sw} columns (see {@link
   * PlainKernels#floatStripWidth()}); zero-padded to a multiple of {@code nr} columns.
   */
  private static void packB(
      StridedView b,
      int batch,
      int p,
      int kc,
      int jc,
      int nc,
      Split split,
      int cb,
      float[][] bp,
      int dst,
      int nr,
      int sw) {
    Storage s = b.storage();
    float[] f = s.floats();
    int[] st = b.strides();
    int ls = st[1];
    int js = st[2];
    int j0 = cb * split.width;
    int cw = Math.min(split.width, nc - j0);
    int base = b.offset() + batch * st[0] + p * ls + (jc + j0) * js;
    if (sw > 0) {
      packStrips(s, base, ls, js, kc, cw, bp, dst, sw);
      return;
    }
    if (f != null && js == 1) {
      for (int l = 0; l < kc; l++) System.arraycopy(f, base + l * ls, bp[dst + l], 0, cw);
    } else if (f != null) {
      // In tiles of 16 columns: reads B's transpose (a weight matrix seen as W^T) from 16 of its
      // rows at a time, and writes each packed row 16 floats at a time.
      for (int jt = 0; jt < cw; jt += 16) {
        int tile = Math.min(16, cw - jt);
        for (int l = 0; l < kc; l++) {
          float[] row = bp[dst + l];
          int src = base + jt * js + l * ls;
          for (int j = 0; j < tile; j++) row[jt + j] = f[src + j * js];
        }
      }
    } else {
      for (int l = 0; l < kc; l++) {
        for (int j = 0; j < cw; j++) bp[dst + l][j] = (float) s.get(base + l * ls + j * js);
      }
    }
    int padded = roundUp(cw, nr);
    if (padded > cw) {
      // a few zeros per row: a loop costs less than a call of Arrays.fill
      for (int l = 0; l < kc; l++) {
        float[] row = bp[dst + l];
        for (int j = cw; j < padded; j++) row[j] = 0f;
      }
    }
  }

  private static void writeBack(float[] c, StridedView out, int batch, int n, int m) {
    Storage so = out.storage();
    int[] os = out.strides();
    int base = out.offset() + batch * os[0];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) so.set(base + i * os[1] + j * os[2], c[i * m + j]);
    }
  }

  // ------------------------------------------------------------------ double

  private static void doubles(
      PlainKernels kernels,
      StridedView a,
      StridedView b,
      StridedView out,
      int batch,
      int n,
      int k,
      int m) {
    int[] os = out.strides();
    boolean inPlace = (os[2] == 1 || m == 1) && out.storage().dtype() == DType.FLOAT64;
    double[] c = inPlace ? out.storage().doubles() : new double[n * m];
    int cBase = inPlace ? out.offset() + batch * os[0] : 0;
    int ldc = inPlace && n > 1 ? os[1] : m;
    int mr = kernels.panelRows();
    int nr = kernels.panelColumns();
    for (int pc = 0; pc < k; pc += KC) {
      int kc = Math.min(KC, k - pc);
      for (int jc = 0; jc < m; jc += NC_DOUBLE) {
        int nc = Math.min(NC_DOUBLE, m - jc);
        Split split = new Split(n, kc, nc, mr, nr);
        int sw = kernels.doubleStripWidth();
        int perBlock = sw == 0 ? kc : split.strips(nr, sw);
        double[][] bp =
            sw == 0
                ? Scratch.get().packedDoubleB(kc * split.colBlocks, roundUp(split.width, nr))
                : Scratch.get().packedDoubleB(perBlock * split.colBlocks, kc * sw);
        packB(b, batch, pc, kc, jc, nc, bp, split, nr, sw);
        int p = pc;
        int cBlock = cBase + jc;
        split.run(
            t -> {
              int i0 = (t / split.colBlocks) * split.rows;
              int mc = Math.min(split.rows, n - i0);
              int cb = t % split.colBlocks;
              int j0 = cb * split.width;
              int cw = Math.min(split.width, nc - j0);
              double[] ap = Scratch.get().packedDoubleA(roundUp(mc, mr) * kc);
              packA(a, batch, i0, mc, p, kc, ap, mr);
              for (int ir = 0; ir < mc; ir += mr) {
                kernels.doublePanel(
                    kc,
                    ap,
                    ir * kc,
                    bp,
                    cb * perBlock,
                    c,
                    cBlock + (i0 + ir) * ldc + j0,
                    ldc,
                    Math.min(mr, mc - ir),
                    cw,
                    p > 0);
              }
            });
      }
    }
    if (!inPlace) writeBack(c, out, batch, n, m);
  }

  private static void packA(
      StridedView a, int batch, int i0, int mc, int p, int kc, double[] ap, int mr) {
    Storage s = a.storage();
    double[] v = s.doubles();
    int[] st = a.strides();
    int rs = st[1];
    int ls = st[2];
    int base = a.offset() + batch * st[0] + i0 * rs + p * ls;
    for (int r0 = 0; r0 < mc; r0 += mr) {
      int rows = Math.min(mr, mc - r0);
      int dst = r0 * kc;
      for (int l = 0; l < kc; l++) {
        int src = base + r0 * rs + l * ls;
        int at = dst + l * mr;
        for (int r = 0; r < rows; r++)
          ap[at + r] = v != null ? v[src + r * rs] : s.get(src + r * rs);
        for (int r = rows; r < mr; r++) ap[at + r] = 0.0;
      }
    }
  }

  /**
   * Columns [0, cw) of kc rows of B (element (l, j) at {@code base + l * ls + j * js}) as strips of
   * sw columns from {@code bp[strip0]} on, each row's sw values one after the other, zeros past cw.
   */
  private static void packStrips(
      Storage s, int base, int ls, int js, int kc, int cw, float[][] bp, int strip0, int sw) {
    float[] f = s.floats();
    int strips = ceilDiv(cw, sw);
    for (int t = 0; t < strips; t++) {
      float[] strip = bp[strip0 + t];
      int j0 = t * sw;
      int w = Math.min(sw, cw - j0);
      for (int l = 0; l < kc; l++) {
        int src = base + l * ls + j0 * js;
        int dst = l * sw;
        if (f != null && js == 1) {
          System.arraycopy(f, src, strip, dst, w);
        } else if (f != null) {
          for (int j = 0; j < w; j++) strip[dst + j] = f[src + j * js];
        } else {
          for (int j = 0; j < w; j++) strip[dst + j] = (float) s.get(src + j * js);
        }
        for (int j = w; j < sw; j++) strip[dst + j] = 0f;
      }
    }
  }

  /**
   * The column blocks of the split of B's block (rows from p, columns from jc) packed as the
   * kernels' {@code doubleStripWidth()} says: in rows, block cb from row {@code cb * kc}, or in
   * strips of sw columns, block cb from strip {@code cb * split.strips(nr, sw)}.
   */
  private static void packB(
      StridedView b,
      int batch,
      int p,
      int kc,
      int jc,
      int nc,
      double[][] bp,
      Split split,
      int nr,
      int sw) {
    Storage s = b.storage();
    double[] v = s.doubles();
    int[] st = b.strides();
    int ls = st[1];
    int js = st[2];
    for (int cb = 0; cb < split.colBlocks; cb++) {
      int j0 = cb * split.width;
      int cw = Math.min(split.width, nc - j0);
      int base = b.offset() + batch * st[0] + p * ls + (jc + j0) * js;
      if (sw > 0) {
        packDoubleStrips(s, base, ls, js, kc, cw, bp, cb * split.strips(nr, sw), sw);
        continue;
      }
      int row0 = cb * kc;
      if (v != null && js == 1) {
        for (int l = 0; l < kc; l++) System.arraycopy(v, base + l * ls, bp[row0 + l], 0, cw);
      } else if (v != null) {
        // Column by column: reads B's transpose (a weight matrix seen as W^T) sequentially.
        for (int j = 0; j < cw; j++) {
          int src = base + j * js;
          for (int l = 0; l < kc; l++) bp[row0 + l][j] = v[src + l * ls];
        }
      } else {
        for (int l = 0; l < kc; l++) {
          for (int j = 0; j < cw; j++) bp[row0 + l][j] = s.get(base + l * ls + j * js);
        }
      }
      int padded = roundUp(cw, nr);
      if (padded > cw) {
        for (int l = 0; l < kc; l++) Arrays.fill(bp[row0 + l], cw, padded, 0.0);
      }
    }
  }

  /** {@link #packStrips} for double: strips of sw columns, zeros past cw. */
  private static void packDoubleStrips(
      Storage s, int base, int ls, int js, int kc, int cw, double[][] bp, int strip0, int sw) {
    double[] v = s.doubles();
    int strips = ceilDiv(cw, sw);
    for (int t = 0; t < strips; t++) {
      double[] strip = bp[strip0 + t];
      int j0 = t * sw;
      int w = Math.min(sw, cw - j0);
      for (int l = 0; l < kc; l++) {
        int src = base + l * ls + j0 * js;
        int dst = l * sw;
        if (v != null && js == 1) {
          System.arraycopy(v, src, strip, dst, w);
        } else if (v != null) {
          for (int j = 0; j < w; j++) strip[dst + j] = v[src + j * js];
        } else {
          for (int j = 0; j < w; j++) strip[dst + j] = s.get(src + j * js);
        }
        for (int j = w; j < sw; j++) strip[dst + j] = 0.0;
      }
    }
  }

  private static void writeBack(double[] c, StridedView out, int batch, int n, int m) {
    Storage so = out.storage();
    int[] os = out.strides();
    int base = out.offset() + batch * os[0];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) so.set(base + i * os[1] + j * os[2], c[i * m + j]);
    }
  }
}
