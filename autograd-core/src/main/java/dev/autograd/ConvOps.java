package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Kernels;
import dev.autograd.internal.Shapes;
import dev.autograd.internal.Storage;
import dev.autograd.internal.StridedView;
import dev.autograd.internal.ThreadPool;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Two-dimensional convolution, as three primitives that are each other's derivatives (as in
 * PyTorch's {@code convolution_backward}): the convolution {@code y = conv(x, w)}, its adjoint in
 * x, {@code inputGrad(g, w)} (which is also the transposed convolution), and its adjoint in w,
 * {@code weightGrad(x, g)}. All three are bilinear, so their rules are these same three ops, and
 * gradients of every order follow.
 *
 * <p>Each runs as matrix products through the fast kernels: the input is unfolded ("im2col") for a
 * chunk of the batch at a time into one buffer of at most about {@link #CHUNK_ELEMENTS} elements,
 * whose rows are the (channel, kernel row, kernel column) triples of one group and whose columns
 * are the output positions of the chunk's samples. Where each row of output positions reads the
 * input comes from a table built once per call: for each (unfolded row, output row), the input's
 * offset and the range of output columns that read inside it rather than padding, so that unfolding
 * and folding are copies (and sums) of runs of elements.
 *
 * <p>Conv1d is conv2d with a height of 1, through views.
 */
final class ConvOps {
  /** The unfolding buffer grows to about this many elements before the batch is split. */
  private static final int CHUNK_ELEMENTS = 1 << 22;

  private ConvOps() {}

  /**
   * The shapes and settings of one convolution: input [N, C, H, W], weight [O, C / groups, kh, kw],
   * output [N, O, OH, OW], padding added before and after each spatial dim (they differ only for
   * "same" padding with an even kernel extent).
   */
  record Geometry(
      int batch,
      int inChannels,
      int outChannels,
      int groups,
      int[] input,
      int[] kernel,
      int[] output,
      int[] stride,
      int[] padBefore,
      int[] dilation) {

    int[] inputShape() {
      return new int[] {batch, inChannels, input[0], input[1]};
    }

    int[] weightShape() {
      return new int[] {outChannels, inChannels / groups, kernel[0], kernel[1]};
    }

    int[] outputShape() {
      return new int[] {batch, outChannels, output[0], output[1]};
    }

    /** Rows of one group's unfolded input: (channel, kernel row, kernel column). */
    int unfoldedRows() {
      return inChannels / groups * kernel[0] * kernel[1];
    }

    int positions() {
      return output[0] * output[1];
    }
  }

  // ---- the three primitives ----

  /** {@code y[n, o, i, j] = sum_{c, a, b} w[o, c, a, b] x[n, g(o) C/G + c, i s + a d - p, ...]}. */
  static Tensor conv(Tensor x, Tensor w, Geometry geo) {
    Tensor out = Tensor.empty(x.dtype(), geo.outputShape());
    Tensor xc = packed(x);
    Tensor wc = packed(w);
    forEachChunk(
        geo,
        x.dtype(),
        false,
        (task, n0, count, group, col, table) -> {
          int rows = geo.unfoldedRows();
          int og = geo.outChannels / geo.groups;
          int l = geo.positions();
          unfold(xc, geo, n0, count, group, col, table);
          // out[n0 + b, group * og + o, p] = sum_r w[group * og + o, r] col[r, b * L + p]
          StridedView a =
              new StridedView(
                  wc.storage,
                  new int[] {count, og, rows},
                  new int[] {0, rows, 1},
                  wc.offset + group * og * rows);
          StridedView b =
              new StridedView(col, new int[] {count, rows, l}, new int[] {l, count * l, 1}, 0);
          StridedView o =
              new StridedView(
                  out.storage,
                  new int[] {count, og, l},
                  new int[] {geo.outChannels * l, l, 1},
                  (n0 * geo.outChannels + group * og) * l);
          Kernels.get().matmul(a, b, o);
        });
    if (!Primitive.active(x, w)) return out;
    return Primitives.CONV2D.record(out, new Tensor[] {x, w}, geo);
  }

  /**
   * {@link #conv} plus a bias per output channel, added into the fresh output (one pass fewer than
   * a broadcast add). Derivatives: conv's for x and w, {@code grad} summed over N, OH and OW for b.
   */
  static Tensor conv(Tensor x, Tensor w, Tensor b, Geometry geo) {
    Tensor out;
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      out = conv(x, w, geo);
    }
    double[] bias = b.contiguous().toDoubleArray();
    int l = geo.positions();
    int planes = geo.batch * geo.outChannels;
    if (out.storage.floats() != null) {
      float[] o = out.storage.floats();
      for (int p = 0; p < planes; p++) {
        float v = (float) bias[p % geo.outChannels];
        for (int i = p * l, end = i + l; i < end; i++) o[i] += v;
      }
    } else {
      double[] o = out.storage.doubles();
      for (int p = 0; p < planes; p++) {
        double v = bias[p % geo.outChannels];
        for (int i = p * l, end = i + l; i < end; i++) o[i] += v;
      }
    }
    if (!Primitive.active(x, w, b)) return out;
    return Primitives.CONV2D_BIAS.record(out, new Tensor[] {x, w, b}, geo);
  }

  /** The bias's share of conv's tangent: each channel's tangent over the whole output. */
  static Tensor biasTangent(Tensor t, Geometry geo) {
    return t.reshape(1, geo.outChannels, 1, 1).expand(geo.outputShape());
  }

  /** The adjoint of {@link #conv} in x: {@code <inputGrad(g, w), v> = <g, conv(v, w)>}. */
  static Tensor inputGrad(Tensor g, Tensor w, Geometry geo) {
    Tensor out = Tensor.empty(g.dtype(), geo.inputShape());
    Tensor gc = packed(g);
    Tensor wc = packed(w);
    forEachChunk(
        geo,
        g.dtype(),
        false,
        (task, n0, count, group, col, table) -> {
          int rows = geo.unfoldedRows();
          int og = geo.outChannels / geo.groups;
          int l = geo.positions();
          // col[r, b * L + p] = sum_o w[group * og + o, r] g[n0 + b, group * og + o, p]
          StridedView a =
              new StridedView(
                  wc.storage,
                  new int[] {rows, og},
                  new int[] {1, rows},
                  wc.offset + group * og * rows);
          StridedView b = gradPanel(gc, geo, n0, count, group);
          StridedView c =
              new StridedView(col, new int[] {rows, count * l}, new int[] {count * l, 1}, 0);
          Kernels.get().matmul(a, b, c);
          fold(out, geo, n0, count, group, col, table);
        });
    if (!Primitive.active(g, w)) return out;
    return Primitives.CONV2D_INPUT_GRAD.record(out, new Tensor[] {g, w}, geo);
  }

  /** The adjoint of {@link #conv} in w: {@code <weightGrad(x, g), v> = <g, conv(x, v)>}. */
  static Tensor weightGrad(Tensor x, Tensor g, Geometry geo) {
    Tensor out = Tensor.empty(x.dtype(), geo.weightShape());
    int rows = geo.unfoldedRows();
    int og = geo.outChannels / geo.groups;
    Tensor xc = packed(x);
    Tensor gc = packed(g);
    int most = Math.max(1, geo.groups * geo.batch);
    Tensor[] partials = new Tensor[most];
    int[] groups = new int[most];
    int tasks =
        forEachChunk(
            geo,
            x.dtype(),
            true,
            (task, n0, count, group, col, table) -> {
              int width = count * geo.positions();
              unfold(xc, geo, n0, count, group, col, table);
              // partial[o, r] = sum_{b, p} g[n0 + b, group * og + o, p] col[r, b * L + p]: col
              // read transposed, which the product packs in tiles
              StridedView a = gradPanel(gc, geo, n0, count, group);
              StridedView b =
                  new StridedView(col, new int[] {width, rows}, new int[] {1, width}, 0);
              Tensor partial = Tensor.empty(x.dtype(), new int[] {og, rows});
              Kernels.get().matmul(a, b, partial.view());
              partials[task] = partial;
              groups[task] = group;
            });
    // the chunks' sums added in their order, whichever thread computed each
    for (int t = 0; t < tasks; t++) addInto(out, groups[t] * og * rows, partials[t], og * rows);
    if (!Primitive.active(x, g)) return out;
    return Primitives.CONV2D_WEIGHT_GRAD.record(out, new Tensor[] {x, g}, geo);
  }

  // ---- the rules, for Primitives ----

  // ---- chunks, unfolding and folding ----

  @FunctionalInterface
  private interface ChunkStep {
    void run(int task, int n0, int count, int group, Storage col, int[] table);
  }

  /**
   * Runs {@code step} for each group and chunk of the batch, with the running thread's unfolding
   * buffer of at least rows x (count x positions) elements and the table of where each of its
   * elements comes from; the chunks run in parallel on the kernel threads, each writing its own
   * part of the result. With {@code sums}, the result is a sum over the chunks, so that the chunks
   * are the same on any number of threads (as the sum's order must be); otherwise each thread gets
   * at least one. Returns the number of tasks: groups x chunks, numbered group-major.
   */
  private static int forEachChunk(Geometry geo, DType dtype, boolean sums, ChunkStep step) {
    int rows = geo.unfoldedRows();
    int l = geo.positions();
    if (geo.batch == 0 || rows == 0 || l == 0 || geo.outChannels == 0) return 0;
    long perSample = (long) rows * l;
    int chunk = (int) Math.max(1, Math.min(geo.batch, CHUNK_ELEMENTS / Math.max(1, perSample)));
    int perThread = (geo.batch + ThreadPool.threads() - 1) / ThreadPool.threads();
    if (!sums && perSample * perThread >= PARALLEL_CHUNK) {
      // results that do not depend on the chunks: at least one large chunk per thread
      chunk = Math.min(chunk, perThread);
    }
    int[] table = unfoldTable(geo);
    int size = Math.toIntExact(perSample * chunk);
    int chunks = (geo.batch + chunk - 1) / chunk;
    int tasks = geo.groups * chunks;
    int each = chunk;
    IntConsumer run =
        t -> {
          int group = t / chunks;
          int n0 = (t % chunks) * each;
          step.run(
              t, n0, Math.min(each, geo.batch - n0), group, unfoldingBuffer(dtype, size), table);
        };
    if (tasks == 1 || ThreadPool.threads() == 1 || perSample * chunk < PARALLEL_CHUNK) {
      // small chunks: one after another, each op within them split across the threads
      for (int t = 0; t < tasks; t++) run.accept(t);
    } else {
      ThreadPool.parallelFor(tasks, run);
    }
    return tasks;
  }

  /** Each thread's unfolding buffers, one per floating type (FLOAT32, FLOAT64). */
  private static final ThreadLocal<Storage[]> UNFOLDING =
      ThreadLocal.withInitial(() -> new Storage[2]);

  /**
   * The calling thread's unfolding buffer of at least {@code size} elements: one per thread and
   * type, reused by every convolution and both of its derivatives on that thread (a backward pass
   * allocates none once the forward pass has run), and grown to the largest asked for, as PyTorch's
   * allocator keeps its blocks. At most about {@link #CHUNK_ELEMENTS} elements, or one sample's
   * unfolding where that is larger. It is this thread's own array, never a {@code MemoryScope}'s,
   * and every element an op reads it writes first.
   */
  private static Storage unfoldingBuffer(DType dtype, int size) {
    Storage[] buffers = UNFOLDING.get();
    int slot = dtype == DType.FLOAT32 ? 0 : 1;
    Storage buffer = buffers[slot];
    if (buffer == null || buffer.size() < size) {
      buffer =
          dtype == DType.FLOAT32
              ? Storage.wrap(new float[size])
              : Storage.wrap(dtype, new double[size]);
      buffers[slot] = buffer;
    }
    return buffer;
  }

  /**
   * For each (unfolded row r, output row i) of one sample's group, three ints at {@code 3 (r OH +
   * i)}: the offset in a contiguous input (channel-major, then rows, then columns) of the element
   * that output column {@code lo} reads, and the range {@code [lo, hi)} of output columns that read
   * inside the input; the others read padding. An input row outside the input gives an empty range.
   * Consecutive output columns read input columns {@code stride[1]} apart.
   */
  private static int[] unfoldTable(Geometry geo) {
    int kh = geo.kernel[0];
    int kw = geo.kernel[1];
    int h = geo.input[0];
    int w = geo.input[1];
    int oh = geo.output[0];
    int ow = geo.output[1];
    int sw = geo.stride[1];
    int[] table = new int[geo.unfoldedRows() * oh * 3];
    int r = 0;
    for (int c = 0; c < geo.inChannels / geo.groups; c++) {
      for (int a = 0; a < kh; a++) {
        for (int b = 0; b < kw; b++, r++) {
          // output column j reads input column j sw + x0
          int x0 = b * geo.dilation[1] - geo.padBefore[1];
          int lo = Math.min(ow, Math.max(0, ceilDiv(-x0, sw)));
          int hi = Math.max(lo, Math.min(ow, ceilDiv(w - x0, sw)));
          for (int i = 0; i < oh; i++) {
            int y = i * geo.stride[0] - geo.padBefore[0] + a * geo.dilation[0];
            int at = 3 * (r * oh + i);
            boolean inside = y >= 0 && y < h;
            table[at] = inside ? (c * h + y) * w + lo * sw + x0 : 0;
            table[at + 1] = inside ? lo : 0;
            table[at + 2] = inside ? hi : 0;
          }
        }
      }
    }
    return table;
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }

  /** col[r, b * L + p] = x[n0 + b, group's channel of r, ...] for the chunk's samples. */
  private static void unfold(
      Tensor xc, Geometry geo, int n0, int count, int group, Storage col, int[] table) {
    int sample = geo.inChannels * geo.input[0] * geo.input[1];
    int groupOffset = group * (geo.inChannels / geo.groups) * geo.input[0] * geo.input[1];
    int rows = geo.unfoldedRows();
    int oh = geo.output[0];
    int ow = geo.output[1];
    int l = geo.positions();
    int width = count * l;
    int sw = geo.stride[1];
    float[] srcF = xc.storage.floats();
    float[] dstF = col.floats();
    double[] srcD = xc.storage.doubles();
    double[] dstD = col.doubles();
    // one task per sample (each writes its own columns of col), or per row for a single sample
    inParallel(
        count > 1 ? count : rows,
        (long) width * rows,
        task -> {
          int first = count > 1 ? 0 : task;
          int last = count > 1 ? rows : task + 1;
          int sampleIndex = count > 1 ? task : 0;
          int base = xc.offset + (n0 + sampleIndex) * sample + groupOffset;
          for (int r = first; r < last; r++) {
            int d = r * width + sampleIndex * l;
            if (dstF != null) {
              unfoldRow(srcF, base, dstF, d, table, r, oh, ow, sw);
            } else {
              unfoldRow(srcD, base, dstD, d, table, r, oh, ow, sw);
            }
          }
        });
  }

  /** Unfolded row r of one sample (at {@code base} in src) into dst from d: floats. */
  private static void unfoldRow(
      float[] src, int base, float[] dst, int d, int[] table, int r, int oh, int ow, int sw) {
    for (int i = 0; i < oh; i++, d += ow) {
      int t = 3 * (r * oh + i);
      int from = base + table[t];
      int lo = table[t + 1];
      int hi = table[t + 2];
      // the padding's few zeros by a loop: a call of Arrays.fill costs more
      for (int j = 0; j < lo; j++) dst[d + j] = 0f;
      if (sw == 1) {
        System.arraycopy(src, from, dst, d + lo, hi - lo);
      } else {
        for (int j = lo; j < hi; j++) dst[d + j] = src[from + (j - lo) * sw];
      }
      for (int j = hi; j < ow; j++) dst[d + j] = 0f;
    }
  }

  /** {@link #unfoldRow} for doubles. */
  private static void unfoldRow(
      double[] src, int base, double[] dst, int d, int[] table, int r, int oh, int ow, int sw) {
    for (int i = 0; i < oh; i++, d += ow) {
      int t = 3 * (r * oh + i);
      int from = base + table[t];
      int lo = table[t + 1];
      int hi = table[t + 2];
      for (int j = 0; j < lo; j++) dst[d + j] = 0.0;
      if (sw == 1) {
        System.arraycopy(src, from, dst, d + lo, hi - lo);
      } else {
        for (int j = lo; j < hi; j++) dst[d + j] = src[from + (j - lo) * sw];
      }
      for (int j = hi; j < ow; j++) dst[d + j] = 0.0;
    }
  }

  /** Adds each element of col back where {@link #unfold} took it from: out is contiguous. */
  private static void fold(
      Tensor out, Geometry geo, int n0, int count, int group, Storage col, int[] table) {
    int sample = geo.inChannels * geo.input[0] * geo.input[1];
    int groupOffset = group * (geo.inChannels / geo.groups) * geo.input[0] * geo.input[1];
    int rows = geo.unfoldedRows();
    int oh = geo.output[0];
    int ow = geo.output[1];
    int l = geo.positions();
    int width = count * l;
    int sw = geo.stride[1];
    float[] dstF = out.storage.floats();
    float[] srcF = col.floats();
    double[] dstD = out.storage.doubles();
    double[] srcD = col.doubles();
    // one task per (sample, input channel): each adds into that channel's plane only
    int kernelArea = geo.kernel[0] * geo.kernel[1];
    int channels = rows / Math.max(1, kernelArea);
    inParallel(
        count * channels,
        (long) width * rows,
        task -> {
          int b = task / channels;
          int c = task % channels;
          int base = (n0 + b) * sample + groupOffset;
          for (int r = c * kernelArea; r < (c + 1) * kernelArea; r++) {
            for (int i = 0; i < oh; i++) {
              int t = 3 * (r * oh + i);
              int to = base + table[t];
              int lo = table[t + 1];
              int n = table[t + 2] - lo;
              int s = r * width + b * l + i * ow + lo;
              if (srcF != null) {
                for (int j = 0; j < n; j++) dstF[to + j * sw] += srcF[s + j];
              } else {
                for (int j = 0; j < n; j++) dstD[to + j * sw] += srcD[s + j];
              }
            }
          }
        });
  }

  /**
   * Runs {@code body} for each of {@code tasks} independent tasks, across the kernel threads when
   * the work (elements moved in all) is large enough to pay for them.
   */
  private static void inParallel(int tasks, long work, IntConsumer body) {
    if (work < PARALLEL_WORK || ThreadPool.threads() == 1) {
      for (int t = 0; t < tasks; t++) body.accept(t);
    } else {
      ThreadPool.parallelFor(tasks, body);
    }
  }

  /** Unfolded elements per chunk from which chunks run in parallel, one per thread. */
  private static final long PARALLEL_CHUNK = 1 << 18;

  /** Elements of unfolding from which it is split across threads. */
  private static final long PARALLEL_WORK = 1 << 16;

  /**
   * The chunk's slice of g for one group as a matrix [og, count x L] (column b * L + p for sample
   * n0 + b, position p): a copy, since the samples' rows are not one stride apart. g is contiguous.
   */
  private static StridedView gradPanel(Tensor g, Geometry geo, int n0, int count, int group) {
    int og = geo.outChannels / geo.groups;
    int l = geo.positions();
    Storage panel = Storage.allocate(g.dtype(), og * count * l);
    Object src = g.storage.floats() != null ? g.storage.floats() : g.storage.doubles();
    Object dst = panel.floats() != null ? panel.floats() : panel.doubles();
    for (int o = 0; o < og; o++) {
      for (int b = 0; b < count; b++) {
        int from = g.offset + ((n0 + b) * geo.outChannels + group * og + o) * l;
        System.arraycopy(src, from, dst, (o * count + b) * l, l);
      }
    }
    return new StridedView(panel, new int[] {og, count * l}, new int[] {count * l, 1}, 0);
  }

  /** t itself when contiguous, else a contiguous copy (not recorded: the kernels only read it). */
  private static Tensor packed(Tensor t) {
    return t.isContiguous() ? t : ShapeOps.copyRaw(t, t.dtype());
  }

  /** out[from + i] += partial[i] for i < n; both contiguous from their offsets. */
  private static void addInto(Tensor out, int from, Tensor partial, int n) {
    if (out.storage.floats() != null) {
      float[] o = out.storage.floats();
      float[] p = partial.storage.floats();
      for (int i = 0; i < n; i++) o[from + i] += p[i];
    } else {
      double[] o = out.storage.doubles();
      double[] p = partial.storage.doubles();
      for (int i = 0; i < n; i++) o[from + i] += p[i];
    }
  }

  // ---- the public ops ----

  /** conv2d of Functional: [N, C, H, W] or unbatched [C, H, W]; padding before = after. */
  static Tensor conv2d(
      String op,
      Tensor x,
      Tensor w,
      Tensor b,
      int[] stride,
      int[] padding,
      int[] dilation,
      int groups) {
    int[] s = pair(op, "stride", stride);
    int[] p = pair(op, "padding", padding);
    return conv2dPadded(op, x, w, b, s, p, p, pair(op, "dilation", dilation), groups);
  }

  /** conv2d with padding "valid" (none) or "same" (the output as large as the input). */
  static Tensor conv2d(
      String op,
      Tensor x,
      Tensor w,
      Tensor b,
      int[] stride,
      String padding,
      int[] dilation,
      int groups) {
    Arguments.requireNonNull(op, "input", x);
    Arguments.requireNonNull(op, "weight", w);
    Arguments.requireNonNull(op, "padding", padding);
    int[] s = pair(op, "stride", stride);
    int[] d = pair(op, "dilation", dilation);
    if (padding.equals("valid"))
      return conv2dPadded(op, x, w, b, s, new int[2], new int[2], d, groups);
    if (!padding.equals("same")) {
      throw new TensorException(
          op + ": padding must be \"valid\", \"same\" or sizes, got \"" + padding + "\"");
    }
    if (s[0] != 1 || s[1] != 1) {
      throw new TensorException(
          op
              + ": padding='same' is not supported for strided convolutions (stride "
              + Arrays.toString(s)
              + ")");
    }
    if (w.dim() < 2) return conv2dPadded(op, x, w, b, s, new int[2], new int[2], d, groups);
    int[] before = new int[2];
    int[] after = new int[2];
    for (int k = 0; k < 2; k++) {
      // as PyTorch: the extra padding of an even total goes after
      int total = d[k] * (w.shape[w.dim() - 2 + k] - 1);
      before[k] = total / 2;
      after[k] = total - before[k];
    }
    return conv2dPadded(op, x, w, b, s, before, after, d, groups);
  }

  private static Tensor conv2dPadded(
      String op,
      Tensor x,
      Tensor w,
      Tensor b,
      int[] stride,
      int[] before,
      int[] after,
      int[] dilation,
      int groups) {
    Arguments.requireNonNull(op, "input", x);
    boolean unbatched = x.dim() == 3;
    Tensor x4 = unbatched ? x.unsqueeze(0) : x;
    Geometry geo = geometry(op, x4.shape, x4.dtype(), w, stride, before, after, dilation, groups);
    checkBias(op, b, w, geo.outChannels);
    Tensor out = b == null ? conv(x4, w, geo) : conv(x4, w, b, geo);
    return unbatched ? out.squeeze(0).named("ConvolutionBackward") : out;
  }

  /** conv1d: [N, C, L] (or [C, L]) with weight [O, C / groups, k], as conv2d of height 1. */
  static Tensor conv1d(
      String op,
      Tensor x,
      Tensor w,
      Tensor b,
      int stride,
      Object padding,
      int dilation,
      int groups) {
    Arguments.requireNonNull(op, "input", x);
    Arguments.requireNonNull(op, "weight", w);
    if (x.dim() != 2 && x.dim() != 3) {
      throw new TensorException(
          op
              + ": expected a 3-D input [N, C, L] (or 2-D unbatched [C, L]), got shape "
              + Shapes.format(x.shape));
    }
    if (w.dim() != 3) {
      throw new TensorException(
          op
              + ": expected a 3-D weight [out, in / groups, k], got shape "
              + Shapes.format(w.shape));
    }
    Tensor x4 = x.unsqueeze(-2);
    Tensor w4 = w.unsqueeze(-2);
    int[] s = {1, stride};
    int[] d = {1, dilation};
    Tensor out =
        padding instanceof String
            ? conv2d(op, x4, w4, b, s, (String) padding, d, groups)
            : conv2d(op, x4, w4, b, s, new int[] {0, (Integer) padding}, d, groups);
    return out.squeeze(-2).named("ConvolutionBackward");
  }

  /**
   * conv_transpose2d: input [N, Cin, H, W] with weight [Cin, Cout / groups, kh, kw], the adjoint of
   * the conv2d from [N, Cout, Hout, Wout] to the input's shape.
   */
  static Tensor convTranspose2d(
      String op,
      Tensor x,
      Tensor w,
      Tensor b,
      int[] stride,
      int[] padding,
      int[] outputPadding,
      int groups,
      int[] dilation) {
    Arguments.requireNonNull(op, "input", x);
    Arguments.requireNonNull(op, "weight", w);
    int[] s = pair(op, "stride", stride);
    int[] p = pair(op, "padding", padding);
    int[] op2 = pair(op, "outputPadding", outputPadding);
    int[] d = pair(op, "dilation", dilation);
    boolean unbatched = x.dim() == 3;
    Tensor x4 = unbatched ? x.unsqueeze(0) : x;
    if (x4.dim() != 4 || w.dim() != 4) {
      throw new TensorException(
          op
              + ": expected a 4-D input [N, C, H, W] and weight [in, out / groups, kh, kw], got shapes "
              + Shapes.format(x.shape)
              + " and "
              + Shapes.format(w.shape));
    }
    if (groups < 1 || w.shape[0] % groups != 0) {
      throw new TensorException(
          op
              + ": groups ("
              + groups
              + ") must be positive and divide the weight's first dim "
              + w.shape[0]);
    }
    int[] size = new int[2];
    for (int k = 0; k < 2; k++) {
      if (op2[k] < 0 || (op2[k] >= s[k] && op2[k] >= d[k])) {
        throw new TensorException(
            op
                + ": output padding must be smaller than either stride or dilation, got outputPadding "
                + Arrays.toString(op2)
                + ", stride "
                + Arrays.toString(s)
                + ", dilation "
                + Arrays.toString(d));
      }
      long n =
          (long) (x4.shape[2 + k] - 1) * s[k]
              - 2L * p[k]
              + (long) d[k] * (w.shape[2 + k] - 1)
              + op2[k]
              + 1;
      if (n < 1 || n > Integer.MAX_VALUE) {
        throw new TensorException(
            op
                + ": the output size "
                + n
                + " in spatial dim "
                + k
                + " is not positive (input "
                + Shapes.format(x.shape)
                + ", weight "
                + Shapes.format(w.shape)
                + ")");
      }
      size[k] = (int) n;
    }
    // The conv this is the adjoint of: from [N, Cout, size] to [N, Cin, H, W], weight w as it is.
    int[] convInput = {x4.shape[0], w.shape[1] * groups, size[0], size[1]};
    if (x4.shape[1] != w.shape[0]) {
      throw new TensorException(
          op
              + ": weight of shape "
              + Shapes.format(w.shape)
              + " expects "
              + w.shape[0]
              + " input channels (weight.size(0)), but the input of shape "
              + Shapes.format(x.shape)
              + " has "
              + x4.shape[1]);
    }
    Geometry geo = geometry(op, convInput, x4.dtype(), w, s, p, p, d, groups);
    Geometry exact =
        new Geometry(
            geo.batch(),
            geo.inChannels(),
            geo.outChannels(),
            groups,
            geo.input(),
            geo.kernel(),
            new int[] {x4.shape[2], x4.shape[3]},
            s,
            p,
            d);
    checkBias(op, b, w, exact.inChannels());
    Tensor out = inputGrad(x4, w, exact).named("ConvolutionBackward");
    if (b != null) out = out.add(b.view(1, exact.inChannels(), 1, 1)).named("ConvolutionBackward");
    return unbatched ? out.squeeze(0).named("ConvolutionBackward") : out;
  }

  private static void checkBias(String op, Tensor b, Tensor w, int channels) {
    if (b == null) return;
    if (b.dim() != 1 || b.shape[0] != channels) {
      throw new TensorException(
          op
              + ": bias must be 1-D with "
              + channels
              + " elements (one per output channel), got shape "
              + Shapes.format(b.shape));
    }
    if (b.dtype() != w.dtype()) {
      throw new TensorException(
          op
              + ": bias needs the weight's dtype "
              + w.dtype().pytorchName()
              + ", got "
              + b.dtype().pytorchName());
    }
  }

  /** A size given for both spatial dims, or once for both, as PyTorch's int-or-pair arguments. */
  static int[] pair(String op, String name, int[] values) {
    Arguments.requireNonNull(op, name, values);
    if (values.length == 1) return new int[] {values[0], values[0]};
    if (values.length == 2) return values.clone();
    throw new TensorException(
        op
            + ": "
            + name
            + " needs 1 or 2 values, got "
            + values.length
            + " "
            + Arrays.toString(values));
  }

  // ---- the public ops' checks ----

  /** The size of each spatial output dim, or a message-ready failure. */
  static int outputSize(int in, int padTotal, int dilation, int kernel, int stride) {
    long span = (long) dilation * (kernel - 1) + 1;
    long numerator = (long) in + padTotal - span;
    return numerator < 0 ? 0 : (int) (numerator / stride + 1);
  }

  /**
   * Checks a conv2d call and works out its geometry.
   *
   * @param padBefore padding before each spatial dim
   * @param padAfter padding after each (equal to padBefore except for "same" with even extents)
   */
  static Geometry geometry(
      String op,
      int[] xShape,
      DType xType,
      Tensor w,
      int[] stride,
      int[] padBefore,
      int[] padAfter,
      int[] dilation,
      int groups) {
    Arguments.requireNonNull(op, "weight", w);
    if (xShape.length != 4) {
      throw new TensorException(
          op + ": expected a 4-D input [N, C, H, W], got shape " + Shapes.format(xShape));
    }
    if (w.dim() != 4) {
      throw new TensorException(
          op
              + ": expected a 4-D weight [out, in / groups, kh, kw], got shape "
              + Shapes.format(w.shape));
    }
    if (!xType.isFloatingPoint() || xType != w.dtype()) {
      throw new TensorException(
          op
              + ": input and weight need the same floating-point dtype, got "
              + xType.pytorchName()
              + " and "
              + w.dtype().pytorchName());
    }
    if (groups < 1) throw new TensorException(op + ": groups must be positive, got " + groups);
    for (int d = 0; d < 2; d++) {
      if (stride[d] < 1) {
        throw new TensorException(op + ": stride must be positive, got " + Arrays.toString(stride));
      }
      if (dilation[d] < 1) {
        throw new TensorException(
            op + ": dilation must be positive, got " + Arrays.toString(dilation));
      }
      if (padBefore[d] < 0 || padAfter[d] < 0) {
        throw new TensorException(
            op + ": padding must be non-negative, got " + Arrays.toString(padBefore));
      }
    }
    int c = xShape[1];
    int o = w.shape[0];
    if (c % groups != 0 || o % groups != 0) {
      throw new TensorException(
          op
              + ": "
              + (c % groups != 0 ? "in" : "out")
              + " channels ("
              + (c % groups != 0 ? c : o)
              + ") must be divisible by groups ("
              + groups
              + ")");
    }
    if (w.shape[1] * groups != c) {
      throw new TensorException(
          op
              + ": weight of shape "
              + Shapes.format(w.shape)
              + " expects "
              + (long) w.shape[1] * groups
              + " input channels (weight.size(1) * groups), but the input of shape "
              + Shapes.format(xShape)
              + " has "
              + c);
    }
    int[] out = new int[2];
    for (int d = 0; d < 2; d++) {
      int in = xShape[2 + d];
      long padded = (long) in + padBefore[d] + padAfter[d];
      long span = (long) dilation[d] * (w.shape[2 + d] - 1) + 1;
      if (padded < span) {
        throw new TensorException(
            op
                + ": the kernel's extent ("
                + span
                + " = dilation * (kernel - 1) + 1) is larger than the padded input ("
                + padded
                + ") in spatial dim "
                + d
                + " (input "
                + Shapes.format(xShape)
                + ", weight "
                + Shapes.format(w.shape)
                + ")");
      }
      out[d] = outputSize(in, padBefore[d] + padAfter[d], dilation[d], w.shape[2 + d], stride[d]);
    }
    Geometry geo =
        new Geometry(
            xShape[0],
            c,
            o,
            groups,
            new int[] {xShape[2], xShape[3]},
            new int[] {w.shape[2], w.shape[3]},
            out,
            stride.clone(),
            padBefore.clone(),
            dilation.clone());
    Shapes.checkedNumel(op, geo.outputShape());
    Shapes.checkedNumel(op, new int[] {geo.unfoldedRows(), geo.positions()});
    return geo;
  }
}
