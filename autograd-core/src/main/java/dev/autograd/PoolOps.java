package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;
import dev.autograd.internal.ThreadPool;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Pooling, as composites. Max pooling finds the position of each window's maximum in a plain loop
 * (not differentiable, as PyTorch's indices are not) and then takes the values with {@code gather},
 * whose derivative sends each gradient to that position. Average pooling is a sum over each window
 * (a convolution of each channel with ones) divided by PyTorch's count for that window. Adaptive
 * average pooling is separable into two averaging matrices, {@code P_h x P_w^T}.
 */
final class PoolOps {
  private PoolOps() {}

  /** One spatial dim of a pooling window: the output size and each window's first position. */
  private record Axis(int in, int kernel, int stride, int padding, int dilation, int out) {
    int start(int o) {
      return o * stride - padding;
    }

    /**
     * For each output o, at {@code 2 o} and {@code 2 o + 1}, the range of kernel offsets whose
     * positions {@code start(o) + k dilation} lie inside the input.
     */
    int[] insideRange() {
      int[] range = new int[2 * out];
      for (int o = 0; o < out; o++) {
        int lo = Math.min(kernel, Math.max(0, -Math.floorDiv(start(o), dilation)));
        int hi = Math.max(lo, Math.min(kernel, -Math.floorDiv(start(o) - in, dilation)));
        range[2 * o] = lo;
        range[2 * o + 1] = hi;
      }
      return range;
    }
  }

  /** A size for both spatial dims (see ConvOps.pair), or {@code fallback} when not given. */
  private static int[] pair(String op, String name, int[] values, int[] fallback) {
    if (fallback != null && (values == null || values.length == 0)) return fallback.clone();
    return ConvOps.pair(op, name, values);
  }

  /** PyTorch's pooling output size, with ceil mode's rule that the last window starts in range. */
  private static Axis axis(
      String op, int d, int in, int kernel, int stride, int padding, int dilation, boolean ceil) {
    if (kernel < 1 || stride < 1 || dilation < 1) {
      throw new TensorException(
          op
              + ": kernel size, stride and dilation must be positive, got "
              + kernel
              + ", "
              + stride
              + " and "
              + dilation);
    }
    if (padding < 0 || padding > kernel / 2) {
      throw new TensorException(
          op
              + ": pad should be non-negative and smaller than or equal to half of kernel size, but"
              + " got pad = "
              + padding
              + ", kernel = "
              + kernel
              + " in spatial dim "
              + d);
    }
    long span = (long) dilation * (kernel - 1) + 1;
    long numerator = (long) in + 2L * padding - span;
    long out =
        (ceil ? Math.floorDiv(numerator + stride - 1, stride) : Math.floorDiv(numerator, stride))
            + 1;
    if (ceil && (out - 1) * stride >= in + padding) out--;
    if (out < 1) {
      throw new TensorException(
          op
              + ": the output size "
              + out
              + " of spatial dim "
              + d
              + " is too small (input size "
              + in
              + ", kernel "
              + kernel
              + ", stride "
              + stride
              + ", padding "
              + padding
              + ", dilation "
              + dilation
              + ")");
    }
    return new Axis(in, kernel, stride, padding, dilation, (int) out);
  }

  /** The input as [N, C, H, W] (a 3-D input is one sample), checked. */
  private static Tensor batched(String op, Tensor x) {
    Arguments.requireNonNull(op, "input", x);
    if (x.dim() != 3 && x.dim() != 4) {
      throw new TensorException(
          op
              + ": expected a 3-D or 4-D input ([C, H, W] or [N, C, H, W]), got shape "
              + Shapes.format(x.shape));
    }
    if (!x.dtype().isFloatingPoint()) {
      throw new TensorException(
          op + ": expected a floating-point input, got " + x.dtype().pytorchName());
    }
    return x.dim() == 3 ? x.unsqueeze(0) : x;
  }

  static ValuesAndIndices maxPool2d(
      String op,
      Tensor x,
      int[] kernel,
      int[] stride,
      int[] padding,
      int[] dilation,
      boolean ceilMode) {
    Arguments.requireNonNull(op, "input", x);
    int[] k = pair(op, "kernelSize", kernel, null);
    int[] s = pair(op, "stride", stride, k);
    int[] p = pair(op, "padding", padding, null);
    int[] d = pair(op, "dilation", dilation, null);
    Tensor x4 = batched(op, x);
    Axis h = axis(op, 0, x4.shape[2], k[0], s[0], p[0], d[0], ceilMode);
    Axis w = axis(op, 1, x4.shape[3], k[1], s[1], p[1], d[1], ceilMode);
    long[] index = windowArgmax(x4, h, w);
    return valuesAt(x, x4, index, h.out, w.out, "MaxPool2DWithIndicesBackward");
  }

  /**
   * The elements of x4 at {@code index} (a position in each H x W plane, for each output position
   * in row-major order), selected from the flattened x4 so that the gradient goes back to them
   * (indexSelect's derivative adds it at the positions); and the positions as INT64, both [N, C,
   * oh, ow] (without N when x is unbatched).
   */
  private static ValuesAndIndices valuesAt(
      Tensor x, Tensor x4, long[] index, int oh, int ow, String backwardName) {
    int n = x4.shape[0];
    int c = x4.shape[1];
    int plane = x4.shape[2] * x4.shape[3];
    int perPlane = oh * ow;
    int[] flat = new int[index.length];
    long[] flatIndex = new long[index.length];
    for (int i = 0; i < index.length; i++) {
      flat[i] = (i / perPlane) * plane + (int) index[i];
      flatIndex[i] = flat[i];
    }
    Tensor values =
        ShapeOps.indexSelectAt(x4.reshape(-1), 0, flat, Tensor.of(flatIndex)).reshape(n, c, oh, ow);
    Tensor indices = Tensor.of(index).reshape(n, c, oh, ow);
    if (x.dim() == 3) {
      values = values.squeeze(0);
      indices = indices.squeeze(0);
    }
    return new ValuesAndIndices(values.named(backwardName), indices);
  }

  /**
   * Whether {@code e} replaces the window's maximum so far: the first element, a greater one, or
   * the first NaN (NaN compares false), as PyTorch chooses.
   */
  private static boolean beats(double e, double max, int best) {
    return best < 0 || (max == max && !(e <= max));
  }

  /**
   * For each (n, c, i, j), the position in the H x W plane of its window's maximum: the first one
   * in row-major order, or the first NaN, as PyTorch picks. Padding never wins.
   */
  private static long[] windowArgmax(Tensor x4, Axis h, Axis w) {
    Tensor xc = x4.contiguous();
    float[] floats = xc.storage.floats();
    double[] doubles = floats == null ? xc.toDoubleArray() : null;
    int offset = floats == null ? 0 : xc.offset;
    int planes = x4.shape[0] * x4.shape[1];
    int plane = h.in * w.in;
    int[] rows = h.insideRange();
    int[] cols = w.insideRange();
    long[] out = new long[planes * h.out * w.out];
    IntConsumer onePlane =
        pl ->
            argmaxPlane(
                floats, doubles, offset + pl * plane, h, w, rows, cols, out, pl * h.out * w.out);
    if ((long) planes * plane < (1 << 16)) {
      for (int pl = 0; pl < planes; pl++) onePlane.accept(pl);
    } else {
      ThreadPool.parallelFor(planes, onePlane); // each plane writes its own outputs
    }
    return out;
  }

  /**
   * {@link #windowArgmax} for the plane at {@code base} of {@code floats} (or, when null, of {@code
   * doubles}), into out from {@code at}: a method of its own, called once per plane, so that the
   * JIT compiles it as a whole rather than only its loops.
   */
  private static void argmaxPlane(
      float[] floats,
      double[] doubles,
      int base,
      Axis h,
      Axis w,
      int[] rows,
      int[] cols,
      long[] out,
      int at) {
    for (int i = 0; i < h.out; i++) {
      int aLo = rows[2 * i];
      int aHi = rows[2 * i + 1];
      int top = h.start(i);
      for (int j = 0; j < w.out; j++) {
        int bLo = cols[2 * j];
        int bHi = cols[2 * j + 1];
        int width = bHi - bLo;
        out[at++] =
            floats == null || (aHi - aLo) * width > 32
                ? argmaxWindow(floats, doubles, base, h, w, i, j, aLo, aHi, bLo, bHi)
                : argmaxSmallWindow(floats, base, h, w, top, w.start(j), aLo, aHi, bLo, bHi);
      }
    }
  }

  /**
   * The position of a float window's maximum, for windows of at most 32 elements: the maximum
   * first, then the first element equal to it (or the first NaN, where the maximum is NaN) from a
   * bit mask. Neither loop branches on the data, whose outcomes a processor cannot predict (each
   * element of random values is the maximum of a 2 x 2 window a quarter of the time).
   */
  private static int argmaxSmallWindow(
      float[] f, int base, Axis h, Axis w, int top, int left, int aLo, int aHi, int bLo, int bHi) {
    int dy = h.dilation * w.in;
    int dx = w.dilation;
    int first = base + (top + aLo * h.dilation) * w.in + left;
    float max = Float.NEGATIVE_INFINITY;
    for (int a = aLo, row = first; a < aHi; a++, row += dy) {
      for (int b = bLo; b < bHi; b++) max = Math.max(max, f[row + b * dx]);
    }
    int mask = 0;
    int k = 0;
    for (int a = aLo, row = first; a < aHi; a++, row += dy) {
      for (int b = bLo; b < bHi; b++, k++) {
        float e = f[row + b * dx];
        mask |= ((e == max) | (e != e) ? 1 : 0) << k;
      }
    }
    if (mask == 0) return -1; // an empty window
    int hit = Integer.numberOfTrailingZeros(mask);
    int width = bHi - bLo;
    int a = aLo + hit / width;
    int b = bLo + hit % width;
    return (top + a * h.dilation) * w.in + left + b * dx;
  }

  /** The position of one large window's maximum, element by element (see {@link #beats}). */
  private static int argmaxWindow(
      float[] floats,
      double[] doubles,
      int base,
      Axis h,
      Axis w,
      int i,
      int j,
      int aLo,
      int aHi,
      int bLo,
      int bHi) {
    int best = -1;
    double max = Double.NEGATIVE_INFINITY;
    for (int a = aLo; a < aHi; a++) {
      int row = (h.start(i) + a * h.dilation) * w.in;
      for (int b = bLo; b < bHi; b++) {
        int z = row + w.start(j) + b * w.dilation;
        double e = floats != null ? floats[base + z] : doubles[base + z];
        if (beats(e, max, best)) {
          best = z;
          max = e;
        }
      }
    }
    return best;
  }

  static Tensor avgPool2d(
      String op,
      Tensor x,
      int[] kernel,
      int[] stride,
      int[] padding,
      boolean ceilMode,
      boolean countIncludePad,
      Integer divisorOverride) {
    Arguments.requireNonNull(op, "input", x);
    int[] k = pair(op, "kernelSize", kernel, null);
    int[] s = pair(op, "stride", stride, k);
    int[] p = pair(op, "padding", padding, null);
    Tensor x4 = batched(op, x);
    if (divisorOverride != null && divisorOverride == 0) {
      throw new TensorException(op + ": divisor must be not zero");
    }
    Axis h = axis(op, 0, x4.shape[2], k[0], s[0], p[0], 1, ceilMode);
    Axis w = axis(op, 1, x4.shape[3], k[1], s[1], p[1], 1, ceilMode);
    int n = x4.shape[0];
    int c = x4.shape[1];
    // Windows of ceil mode may reach past the padding: pad zeros far enough that all fit.
    int extraH = Math.max(0, h.start(h.out - 1) + h.kernel - (h.in + h.padding));
    int extraW = Math.max(0, w.start(w.out - 1) + w.kernel - (w.in + w.padding));
    Tensor planes = x4.reshape(n * c, 1, h.in, w.in);
    if (extraH > 0 || extraW > 0) planes = Functional.pad(planes, new int[] {0, extraW, 0, extraH});
    Tensor ones = Tensor.ones(x.dtype(), 1, 1, h.kernel, w.kernel);
    Tensor sums =
        ConvOps.conv2d(
            op,
            planes,
            ones,
            null,
            new int[] {s[0], s[1]},
            new int[] {p[0], p[1]},
            new int[] {1},
            1);
    double[] divisors = new double[h.out * w.out];
    for (int i = 0; i < h.out; i++) {
      for (int j = 0; j < w.out; j++) {
        int hs = h.start(i);
        int ws = w.start(j);
        int he = Math.min(hs + h.kernel, h.in + h.padding);
        int we = Math.min(ws + w.kernel, w.in + w.padding);
        int poolSize = (he - hs) * (we - ws);
        hs = Math.max(hs, 0);
        ws = Math.max(ws, 0);
        he = Math.min(he, h.in);
        we = Math.min(we, w.in);
        double divisor =
            divisorOverride != null
                ? divisorOverride
                : countIncludePad ? poolSize : (he - hs) * (we - ws);
        divisors[i * w.out + j] = divisor;
      }
    }
    Tensor out =
        sums.narrow(2, 0, h.out)
            .narrow(3, 0, w.out)
            .div(Tensor.of(divisors, x.dtype(), h.out, w.out))
            .reshape(n, c, h.out, w.out);
    if (x.dim() == 3) out = out.squeeze(0);
    return out.named("AvgPool2DBackward");
  }

  /** out[.., i, j] = mean of the window [floor(i H / OH), ceil((i + 1) H / OH)) x (same for W). */
  static Tensor adaptiveAvgPool2d(String op, Tensor x, int[] outputSize) {
    Arguments.requireNonNull(op, "input", x);
    Arguments.requireNonNull(op, "outputSize", outputSize);
    Tensor x4 = batched(op, x);
    int[] o = outputSizes(op, x4, outputSize);
    Tensor ph = averaging(x4.shape[2], o[0], x.dtype());
    Tensor pw = averaging(x4.shape[3], o[1], x.dtype());
    Tensor out = ph.matmul(x4).matmul(pw.t());
    if (x.dim() == 3) out = out.squeeze(0);
    return out.named("AdaptiveAvgPool2DBackward");
  }

  static ValuesAndIndices adaptiveMaxPool2d(String op, Tensor x, int[] outputSize) {
    Arguments.requireNonNull(op, "input", x);
    Arguments.requireNonNull(op, "outputSize", outputSize);
    Tensor x4 = batched(op, x);
    int[] o = outputSizes(op, x4, outputSize);
    int n = x4.shape[0];
    int c = x4.shape[1];
    int hin = x4.shape[2];
    int win = x4.shape[3];
    double[] v = x4.contiguous().toDoubleArray();
    long[] index = new long[n * c * o[0] * o[1]];
    int at = 0;
    for (int pl = 0; pl < n * c; pl++) {
      for (int i = 0; i < o[0]; i++) {
        int hs = (int) ((long) i * hin / o[0]);
        int he = (int) (((long) (i + 1) * hin + o[0] - 1) / o[0]);
        for (int j = 0; j < o[1]; j++) {
          int ws = (int) ((long) j * win / o[1]);
          int we = (int) (((long) (j + 1) * win + o[1] - 1) / o[1]);
          int best = -1;
          double max = Double.NEGATIVE_INFINITY;
          for (int y = hs; y < he; y++) {
            for (int z = ws; z < we; z++) {
              double e = v[pl * hin * win + y * win + z];
              if (beats(e, max, best)) {
                best = y * win + z;
                max = e;
              }
            }
          }
          index[at++] = best;
        }
      }
    }
    return valuesAt(x, x4, index, o[0], o[1], "AdaptiveMaxPool2DBackward");
  }

  private static int[] outputSizes(String op, Tensor x4, int[] outputSize) {
    int[] o = pair(op, "outputSize", outputSize, null);
    if (o[0] < 1 || o[1] < 1) {
      throw new TensorException(op + ": output size must be positive, got " + Arrays.toString(o));
    }
    if (x4.shape[2] == 0 || x4.shape[3] == 0) {
      throw new TensorException(
          op
              + ": expected an input with non-zero spatial sizes, got shape "
              + Shapes.format(x4.shape));
    }
    return o;
  }

  /** The [out, in] matrix whose row i averages PyTorch's adaptive window i. */
  private static Tensor averaging(int in, int out, DType dtype) {
    double[] m = new double[out * in];
    for (int i = 0; i < out; i++) {
      int start = (int) ((long) i * in / out);
      int end = (int) (((long) (i + 1) * in + out - 1) / out);
      for (int k = start; k < end; k++) m[i * in + k] = 1.0 / (end - start);
    }
    return Tensor.of(m, dtype, out, in);
  }
}
