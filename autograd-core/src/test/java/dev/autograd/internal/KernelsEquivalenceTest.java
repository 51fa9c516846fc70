package dev.autograd.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernels in use ({@link Kernels#get()}: the Vector API ones when the JVM has the module, as in
 * the build's second test run) and the plain ones, each against a one-line-per-element reference
 * and against each other, on random shapes, odd sizes, sizes that cross the vector width, the
 * blocking and the threading thresholds, and strided, offset and broadcast views.
 */
class KernelsEquivalenceTest {
  private static final Kernels PLAIN = Kernels.plain();
  private static final Kernels IN_USE = Kernels.get();
  private static final int[] SIZES = {0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 100, 1000, 20_011};

  @AfterEach
  void restoreThreads() {
    ThreadPool.setThreads(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void theImplementationInUseIsTheOneThisRunAskedFor() {
    String expected = System.getProperty("autograd.test.kernels", "plain");
    assertEquals(expected, IN_USE.name());
  }

  static Stream<Kernels> implementations() {
    return Stream.of(PLAIN, IN_USE);
  }

  // ------------------------------------------------------------------ views

  /** A view of n random values: contiguous, with an offset, or strided (every other element). */
  private static StridedView vector(SplittableRandom rnd, DType type, int n, int layout) {
    int stride = layout == 2 ? 2 : 1;
    int offset = layout >= 1 ? 3 : 0;
    Storage s = Storage.allocate(type, offset + n * stride + 1);
    for (int i = 0; i < s.size(); i++) s.set(i, value(rnd, type));
    return new StridedView(s, new int[] {n}, new int[] {stride}, offset);
  }

  private static double value(SplittableRandom rnd, DType type) {
    switch (type) {
      case BOOL:
        return rnd.nextInt(2);
      case INT64:
        return rnd.nextInt(-5, 6);
      default:
        // Mostly ordinary numbers, with the values where functions have kinks and edges.
        int pick = rnd.nextInt(40);
        if (pick == 0) return 0.0;
        if (pick == 1) return -0.0;
        if (pick == 2) return 30 * (rnd.nextDouble() - 0.5) * 8;
        return 6 * (rnd.nextDouble() - 0.5);
    }
  }

  private static StridedView output(DType type, int n) {
    return new StridedView(Storage.allocate(type, n), new int[] {n}, new int[] {1}, 0);
  }

  private static double[] values(StridedView v) {
    double[] out = new double[v.numel()];
    StridedView.Walker w = v.walker();
    for (int i = 0; i < out.length; i++) out[i] = v.storage().get(w.next());
    return out;
  }

  private static void assertClose(
      double[] expected, double[] actual, double relative, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      if (Double.isNaN(e) || Double.isNaN(a)) {
        assertEquals(Double.isNaN(e), Double.isNaN(a), what + " at " + i + ": " + e + " vs " + a);
        continue;
      }
      if (e == a) continue;
      double tolerance = relative * Math.max(1, Math.abs(e));
      assertTrue(
          Math.abs(e - a) <= tolerance,
          what
              + " at "
              + i
              + ": expected "
              + e
              + " but got "
              + a
              + " (tolerance "
              + tolerance
              + ")");
    }
  }

  /** Relative error allowed for a function of float32 values computed in a different way. */
  private static double tolerance(DType type, boolean exact) {
    if (exact) return 0;
    return type == DType.FLOAT32 ? 4e-6 : 1e-14;
  }

  // ------------------------------------------------------------------ element-wise

  static List<Arguments> unaryCases() {
    List<Arguments> cases = new ArrayList<>();
    for (Kernels k : List.of(PLAIN, IN_USE)) {
      for (UnaryFn fn : UnaryFn.values()) {
        for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
          cases.add(Arguments.of(k.name(), fn, type));
        }
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("unaryCases")
  void unaryMatchesTheReference(String impl, UnaryFn fn, DType type) {
    Kernels k = impl.equals("plain") ? PLAIN : IN_USE;
    SplittableRandom rnd = new SplittableRandom(fn.ordinal() * 31L + type.ordinal());
    double p = fn == UnaryFn.POW ? 3 : fn == UnaryFn.CLAMP ? -0.5 : 0.37;
    double q = fn == UnaryFn.CLAMP ? 1.25 : 0;
    boolean exact =
        switch (fn) {
          case ADD, MUL, DIV, NEG, ABS, RELU, SIGN, CLAMP, LEAKY_RELU -> true;
          default -> false;
        };
    for (int n : SIZES) {
      for (int layout = 0; layout < 3; layout++) {
        StridedView x = vector(rnd, type, n, layout);
        StridedView expected = output(type, n);
        StridedView actual = output(type, n);
        ReferenceKernels.unary(fn, p, q, x, expected);
        k.unary(fn, p, q, x, actual);
        assertClose(
            values(expected),
            values(actual),
            tolerance(type, exact),
            fn + " n=" + n + " layout=" + layout);
      }
    }
  }

  /**
   * exp, log, tanh and sigmoid of float32 are computed by the Vector API kernels with the plain
   * kernels' algorithm, operation for operation: the same bits, on a sweep of the whole float range
   * (every 251st bit pattern: some 17 million floats of both signs, every binade, NaNs included) at
   * an offset that leaves a tail shorter than a vector.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = UnaryFn.class,
      names = {"EXP", "LOG", "TANH", "SIGMOID"})
  void transcendentalsGiveThePlainKernelsBits(UnaryFn fn) {
    int n = (1 << 16) + 5;
    Storage x = Storage.allocate(DType.FLOAT32, n + 3);
    Storage expected = Storage.allocate(DType.FLOAT32, n);
    Storage actual = Storage.allocate(DType.FLOAT32, n);
    long bits = 0;
    while (bits < 1L << 32) {
      int m = 0;
      for (; m < n && bits < 1L << 32; m++, bits += 251) {
        x.floats()[3 + m] = Float.intBitsToFloat((int) bits);
      }
      PLAIN.unaryPacked(fn, 0, 0, x, 3, expected, 0, m);
      IN_USE.unaryPacked(fn, 0, 0, x, 3, actual, 0, m);
      for (int i = 0; i < m; i++) {
        float e = expected.floats()[i];
        float a = actual.floats()[i];
        if (Float.floatToIntBits(e) != Float.floatToIntBits(a)) {
          float at = x.floats()[3 + i];
          throw new AssertionError(
              IN_USE.name() + " " + fn + "(" + at + "): " + a + ", plain: " + e);
        }
      }
    }
  }

  /** Sums of float32 are the plain kernels' in every implementation, to the bit. */
  @Test
  void floatSumsGiveThePlainKernelsBits() {
    SplittableRandom rnd = new SplittableRandom(23);
    for (int n : new int[] {1, 15, 16, 17, 1000, 1024, 4096, 8191, 9000, 20_011, 300_000}) {
      Storage x = Storage.allocate(DType.FLOAT32, n + 1);
      for (int i = 0; i < x.size(); i++) x.set(i, (float) (rnd.nextGaussian() * 1000));
      for (int threads : new int[] {1, 2}) {
        ThreadPool.setThreads(threads);
        double plain = PLAIN.sumPacked(x, 1, n);
        double inUse = IN_USE.sumPacked(x, 1, n);
        assertEquals(
            Double.doubleToLongBits(plain),
            Double.doubleToLongBits(inUse),
            () -> "sum of " + n + " floats on " + threads + " threads: " + inUse + " vs " + plain);
      }
    }
  }

  static List<Arguments> binaryCases() {
    List<Arguments> cases = new ArrayList<>();
    for (Kernels k : List.of(PLAIN, IN_USE)) {
      for (BinaryFn fn : BinaryFn.values()) {
        for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
          cases.add(Arguments.of(k.name(), fn, type));
        }
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("binaryCases")
  void binaryMatchesTheReference(String impl, BinaryFn fn, DType type) {
    Kernels k = impl.equals("plain") ? PLAIN : IN_USE;
    SplittableRandom rnd = new SplittableRandom(fn.ordinal() * 17L + type.ordinal());
    DType outType = fn.isComparison() ? DType.BOOL : type;
    boolean exact =
        switch (fn) {
          case SIGMOID_BACKWARD, TANH_BACKWARD, POW -> false;
          default -> true;
        };
    for (int n : SIZES) {
      for (int layout = 0; layout < 5; layout++) {
        // 0-2: both laid out alike; 3: a broadcast number on the right; 4: on the left.
        StridedView a = layout == 4 ? repeated(rnd, type, n) : vector(rnd, type, n, layout % 3);
        StridedView b = layout == 3 ? repeated(rnd, type, n) : vector(rnd, type, n, layout % 3);
        StridedView expected = output(outType, n);
        StridedView actual = output(outType, n);
        ReferenceKernels.binary(fn, a, b, expected);
        k.binary(fn, a, b, actual);
        assertClose(
            values(expected),
            values(actual),
            tolerance(type, exact),
            fn + " n=" + n + " layout=" + layout);
      }
    }
  }

  /**
   * Ranges shorter than {@link PlainKernels#SHORT} have loops of their own, one element at a time;
   * they must give the very floats the long, vectorized loops give.
   */
  @Test
  void shortFloatRangesGiveTheFloatsOfTheLongLoops() {
    SplittableRandom rnd = new SplittableRandom(11);
    int n = 4 * PlainKernels.SHORT + 5;
    Storage a = Storage.allocate(DType.FLOAT32, n);
    Storage b = Storage.allocate(DType.FLOAT32, n);
    for (int i = 0; i < n; i++) {
      a.set(i, value(rnd, DType.FLOAT32));
      b.set(i, value(rnd, DType.FLOAT32));
    }
    Storage long_ = Storage.allocate(DType.FLOAT32, n);
    Storage short_ = Storage.allocate(DType.FLOAT32, n);
    for (UnaryFn fn : UnaryFn.values()) {
      for (double p : new double[] {0.37, 3, 0.1}) { // 0.1 is no float: the double loop
        double q = fn == UnaryFn.CLAMP ? 1.25 : 0;
        PLAIN.unaryPacked(fn, p, q, a, 0, long_, 0, n);
        for (int i = 0; i < n; i++) PLAIN.unaryPacked(fn, p, q, a, i, short_, i, 1);
        assertArrayEquals(long_.floats(), short_.floats(), fn + " p=" + p);
      }
    }
    for (BinaryFn fn : BinaryFn.values()) {
      if (fn.isComparison()) continue;
      PLAIN.binaryPacked(fn, a, 0, b, 0, long_, 0, n);
      // Short ranges at three different offsets, as the long loops never take them.
      for (int i = 0; i + 3 <= n; i += 3) PLAIN.binaryPacked(fn, a, i, b, i, short_, i, 3);
      PLAIN.binaryPacked(fn, a, n - n % 3, b, n - n % 3, short_, n - n % 3, n % 3);
      assertArrayEquals(long_.floats(), short_.floats(), fn.toString());
    }
  }

  private static StridedView repeated(SplittableRandom rnd, DType type, int n) {
    Storage s = Storage.allocate(type, 2);
    s.set(1, value(rnd, type));
    return new StridedView(s, new int[] {n}, new int[] {0}, 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void mixedTypesAndTransposedViewsMatchTheReference(Kernels k) {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int rows : new int[] {1, 5, 33}) {
      for (int cols : new int[] {1, 7, 64}) {
        StridedView a = matrix(rnd, DType.FLOAT32, rows, cols, false);
        StridedView b = matrix(rnd, DType.FLOAT64, rows, cols, true);
        StridedView mask = matrix(rnd, DType.BOOL, rows, cols, false);
        for (BinaryFn fn : List.of(BinaryFn.ADD, BinaryFn.MUL, BinaryFn.RELU_BACKWARD)) {
          StridedView expected =
              StridedView.contiguous(
                  Storage.allocate(DType.FLOAT32, rows * cols), new int[] {rows, cols}, 0);
          StridedView actual =
              StridedView.contiguous(
                  Storage.allocate(DType.FLOAT32, rows * cols), new int[] {rows, cols}, 0);
          ReferenceKernels.binary(fn, a, b, expected);
          k.binary(fn, a, b, actual);
          assertArrayEquals(values(expected), values(actual), fn + " " + rows + "x" + cols);
        }
        StridedView expected =
            StridedView.contiguous(
                Storage.allocate(DType.FLOAT64, rows * cols), new int[] {rows, cols}, 0);
        StridedView actual =
            StridedView.contiguous(
                Storage.allocate(DType.FLOAT64, rows * cols), new int[] {rows, cols}, 0);
        ReferenceKernels.where(mask, a, b, expected);
        k.where(mask, a, b, actual);
        assertArrayEquals(values(expected), values(actual), "where " + rows + "x" + cols);
        StridedView copied =
            StridedView.contiguous(
                Storage.allocate(DType.INT64, rows * cols), new int[] {rows, cols}, 0);
        StridedView reference =
            StridedView.contiguous(
                Storage.allocate(DType.INT64, rows * cols), new int[] {rows, cols}, 0);
        ReferenceKernels.copy(b, reference);
        k.copy(b, copied);
        assertArrayEquals(values(reference), values(copied), "copy " + rows + "x" + cols);
      }
    }
  }

  /**
   * Broadcasting over trailing dims ([N, C, H, W] against [1, C, 1, 1], or [N, C, 1, 1]), which
   * runs row by row, and sums over the batch and the pixels of each channel, which add row sums:
   * each element is the reference's, on one thread and on two (the rows split across them).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void broadcastRowsAndSumsOverRowsMatchTheReferenceOnAnyNumberOfThreads(Kernels k) {
    SplittableRandom rnd = new SplittableRandom(17);
    for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
      for (int[] nchw : new int[][] {{2, 3, 8, 9}, {16, 64, 16, 16}}) {
        int n = nchw[0];
        int c = nchw[1];
        int hw = nchw[2] * nchw[3];
        int[] shape = {n, c, nchw[2], nchw[3]};
        StridedView x = StridedView.contiguous(random(rnd, type, n * c * hw), shape, 0);
        StridedView perChannel =
            new StridedView(random(rnd, type, c), shape, new int[] {0, 1, 0, 0}, 0);
        StridedView perPlane =
            new StridedView(random(rnd, type, n * c), shape, new int[] {c, 1, 0, 0}, 0);
        // a transposed input: channels last in memory, so its rows are not packed
        StridedView channelsLast =
            new StridedView(
                random(rnd, type, n * c * hw), shape, new int[] {hw * c, 1, nchw[3] * c, c}, 0);
        for (int threads = 1; threads <= 2; threads++) {
          ThreadPool.setThreads(threads);
          for (BinaryFn fn : List.of(BinaryFn.SUB, BinaryFn.DIV, BinaryFn.MUL, BinaryFn.POW)) {
            for (StridedView[] pair :
                new StridedView[][] {
                  {x, perChannel}, {perChannel, x}, {x, perPlane}, {channelsLast, perChannel}
                }) {
              StridedView expected =
                  StridedView.contiguous(Storage.allocate(type, x.numel()), shape, 0);
              StridedView actual =
                  StridedView.contiguous(Storage.allocate(type, x.numel()), shape, 0);
              ReferenceKernels.binary(fn, pair[0], pair[1], expected);
              k.binary(fn, pair[0], pair[1], actual);
              assertClose(
                  values(expected),
                  values(actual),
                  tolerance(type, fn != BinaryFn.POW),
                  fn + " " + type + " " + Arrays.toString(shape) + " threads=" + threads);
            }
          }
          // the sum over N, H and W for each channel: x seen as [C, N, H * W]
          StridedView grouped =
              new StridedView(
                  x.storage(), new int[] {c, n, hw}, new int[] {hw, c * hw, 1}, x.offset());
          StridedView expected = output(type, c);
          StridedView actual = output(type, c);
          ReferenceKernels.reduce(ReduceFn.SUM, grouped, n * hw, expected, null);
          k.reduce(ReduceFn.SUM, grouped, n * hw, actual, null);
          assertClose(values(expected), values(actual), 1e-9 * n * hw, "sum " + type);
        }
      }
    }
  }

  /**
   * Element-wise functions of a slice of the last dim ({@code gates.narrow(-1, k, h)}, rows of a
   * matrix that are packed but not adjacent), which run row by row, written into a slice as well as
   * into packed output: each element is the reference's, on one thread and on two.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void unaryOfSlicedRowsMatchesTheReferenceOnAnyNumberOfThreads(Kernels k) {
    SplittableRandom rnd = new SplittableRandom(23);
    for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
      for (int[] rowsCols : new int[][] {{3, 70}, {256, 300}}) {
        int rows = rowsCols[0];
        int cols = rowsCols[1];
        int[] shape = {rows, cols};
        Storage wide = random(rnd, type, rows * 4 * cols);
        // the third quarter of each row of a [rows, 4 cols] matrix
        StridedView slice = new StridedView(wide, shape, new int[] {4 * cols, 1}, 2 * cols);
        for (int threads = 1; threads <= 2; threads++) {
          ThreadPool.setThreads(threads);
          for (UnaryFn fn : List.of(UnaryFn.TANH, UnaryFn.SIGMOID, UnaryFn.EXP, UnaryFn.NEG)) {
            StridedView expected =
                StridedView.contiguous(Storage.allocate(type, rows * cols), shape, 0);
            ReferenceKernels.unary(fn, 0, 0, slice, expected);
            StridedView packed =
                StridedView.contiguous(Storage.allocate(type, rows * cols), shape, 0);
            k.unary(fn, 0, 0, slice, packed);
            StridedView sliced =
                new StridedView(
                    Storage.allocate(type, rows * 2 * cols), shape, new int[] {2 * cols, 1}, cols);
            k.unary(fn, 0, 0, slice, sliced);
            String what = fn + " " + type + " " + rows + "x" + cols + " threads=" + threads;
            boolean exact = fn == UnaryFn.NEG;
            assertClose(values(expected), values(packed), tolerance(type, exact), what);
            assertArrayEquals(values(packed), values(sliced), what + " into a slice");
          }
        }
      }
    }
  }

  private static Storage random(SplittableRandom rnd, DType type, int n) {
    Storage s = Storage.allocate(type, n);
    for (int i = 0; i < n; i++) s.set(i, value(rnd, type));
    return s;
  }

  /** A random rows x cols matrix, stored row-major, or column-major (a transposed view). */
  private static StridedView matrix(
      SplittableRandom rnd, DType type, int rows, int cols, boolean transposed) {
    Storage s = Storage.allocate(type, rows * cols + 2);
    for (int i = 0; i < s.size(); i++) s.set(i, value(rnd, type));
    int[] strides = transposed ? new int[] {1, rows} : new int[] {cols, 1};
    return new StridedView(s, new int[] {rows, cols}, strides, 2);
  }

  // ------------------------------------------------------------------ reductions

  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void reductionsMatchTheReference(Kernels k) {
    SplittableRandom rnd = new SplittableRandom(11);
    for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
      for (int[] shape :
          new int[][] {{1, 1}, {3, 7}, {7, 3}, {64, 256}, {1, 300_000}, {5, 40_000}}) {
        for (boolean transposed : new boolean[] {false, true}) {
          StridedView x = matrix(rnd, type, shape[0], shape[1], transposed);
          for (ReduceFn fn : ReduceFn.values()) {
            int groups = shape[0];
            StridedView expected = output(type, groups);
            StridedView actual = output(type, groups);
            boolean indexed = fn == ReduceFn.MAX || fn == ReduceFn.MIN;
            StridedView expectedAt = indexed ? output(DType.INT64, groups) : null;
            StridedView actualAt = indexed ? output(DType.INT64, groups) : null;
            ReferenceKernels.reduce(fn, x, shape[1], expected, expectedAt);
            k.reduce(fn, x, shape[1], actual, actualAt);
            String what = fn + " " + type + " " + shape[0] + "x" + shape[1] + " t=" + transposed;
            // Sums are added in another order: relative to the sum of magnitudes.
            assertClose(
                values(expected), values(actual), fn == ReduceFn.SUM ? 1e-9 * shape[1] : 0, what);
            if (expectedAt != null) assertArrayEquals(values(expectedAt), values(actualAt), what);
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------ matrix product

  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void matmulMatchesTheReferenceOnOddShapesAndViews(Kernels k) {
    SplittableRandom rnd = new SplittableRandom(3);
    int[][] shapes = {
      {1, 1, 1, 1},
      {1, 2, 3, 4},
      {2, 5, 7, 3},
      {1, 64, 784, 10},
      {1, 97, 300, 45},
      {3, 17, 33, 65},
      {1, 200, 513, 130},
      {1, 1, 600, 1},
      {1, 130, 1, 70},
      {2, 0, 4, 3},
      // long dot products (a convolution's weight gradient), B transposed in layouts 2 and 3
      {2, 7, 4099, 9},
      {1, 64, 2048, 256},
      // few columns (rows of A read in place), two blocks of k, and few rows split by columns
      {1, 18, 3, 98},
      {1, 21, 300, 100},
      {1, 128, 128, 128},
      {2, 40, 70, 200}
    };
    for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
      for (int[] s : shapes) {
        for (int layout = 0; layout < 4; layout++) {
          StridedView a = batch(rnd, type, s[0], s[1], s[2], (layout & 1) != 0);
          StridedView b = batch(rnd, type, s[0], s[2], s[3], (layout & 2) != 0);
          double[] expected = referenceProduct(a, b, s);
          // NaN where the product must write: out's old contents must not leak into it
          Storage outStorage = Storage.allocate(type, s[0] * s[1] * s[3]);
          for (int i = 0; i < outStorage.size(); i++) outStorage.set(i, Double.NaN);
          StridedView out = StridedView.contiguous(outStorage, new int[] {s[0], s[1], s[3]}, 0);
          k.matmul(a, b, out);
          double[] actual = values(out);
          double[] scale = magnitudes(a, b, s);
          // float sums of k terms: rounding errors grow as the square root of k
          double eps = (type == DType.FLOAT32 ? 1e-6 : 1e-15) * Math.max(4, Math.sqrt(s[2]));
          for (int i = 0; i < expected.length; i++) {
            assertTrue(
                Math.abs(expected[i] - actual[i]) <= eps * scale[i] + 1e-30,
                type
                    + " "
                    + java.util.Arrays.toString(s)
                    + " layout "
                    + layout
                    + " at "
                    + i
                    + ": "
                    + expected[i]
                    + " vs "
                    + actual[i]);
          }
        }
      }
    }
  }

  /** A [batches, rows, cols] batch of random matrices, each stored row-major or transposed. */
  private static StridedView batch(
      SplittableRandom rnd, DType type, int batches, int rows, int cols, boolean transposed) {
    Storage s = Storage.allocate(type, batches * rows * cols + 1);
    for (int i = 0; i < s.size(); i++) s.set(i, rnd.nextDouble() * 2 - 1);
    int[] strides =
        transposed ? new int[] {rows * cols, 1, rows} : new int[] {rows * cols, cols, 1};
    return new StridedView(s, new int[] {batches, rows, cols}, strides, 1);
  }

  private static double[] referenceProduct(StridedView a, StridedView b, int[] s) {
    double[] out = new double[s[0] * s[1] * s[3]];
    for (int q = 0; q < s[0]; q++) {
      for (int i = 0; i < s[1]; i++) {
        for (int j = 0; j < s[3]; j++) {
          double acc = 0;
          for (int l = 0; l < s[2]; l++) acc += at(a, q, i, l) * at(b, q, l, j);
          out[(q * s[1] + i) * s[3] + j] = acc;
        }
      }
    }
    return out;
  }

  private static double[] magnitudes(StridedView a, StridedView b, int[] s) {
    double[] out = new double[s[0] * s[1] * s[3]];
    for (int q = 0; q < s[0]; q++) {
      for (int i = 0; i < s[1]; i++) {
        for (int j = 0; j < s[3]; j++) {
          double acc = 0;
          for (int l = 0; l < s[2]; l++) acc += Math.abs(at(a, q, i, l) * at(b, q, l, j));
          out[(q * s[1] + i) * s[3] + j] = acc * Math.max(1, s[2]);
        }
      }
    }
    return out;
  }

  private static double at(StridedView v, int q, int i, int j) {
    return v.storage().get(v.offsetOf(new int[] {q, i, j}));
  }

  @Test
  void thePlainAndTheInUseKernelsAgreeOnALargeProduct() {
    SplittableRandom rnd = new SplittableRandom(9);
    int[] s = {1, 150, 700, 260};
    StridedView a = batch(rnd, DType.FLOAT32, s[0], s[1], s[2], false);
    StridedView b = batch(rnd, DType.FLOAT32, s[0], s[2], s[3], true);
    StridedView plain =
        StridedView.contiguous(
            Storage.allocate(DType.FLOAT32, s[1] * s[3]), new int[] {1, s[1], s[3]}, 0);
    StridedView inUse =
        StridedView.contiguous(
            Storage.allocate(DType.FLOAT32, s[1] * s[3]), new int[] {1, s[1], s[3]}, 0);
    PLAIN.matmul(a, b, plain);
    IN_USE.matmul(a, b, inUse);
    assertClose(values(plain), values(inUse), 1e-4, "plain vs " + IN_USE.name());
  }

  /**
   * Written in place with one of its own elements, broadcast, as the other operand: every element
   * sees that element's value from before the op, on any number of threads.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void anInPlaceOpWithOneOfItsOwnElementsUsesThatElementsOldValue(Kernels k) {
    int n = 700_001;
    for (int threads = 1; threads <= 2; threads++) {
      ThreadPool.setThreads(threads);
      Storage s = Storage.allocate(DType.FLOAT32, n);
      for (int i = 0; i < n; i++) s.set(i, (i % 7) - 3);
      s.set(0, 0.5);
      StridedView x = new StridedView(s, new int[] {n}, new int[] {1}, 0);
      StridedView first = new StridedView(s, new int[] {n}, new int[] {0}, 0);
      k.binary(BinaryFn.POW, x, first, x);
      for (int i = 1; i < n; i++) {
        double base = (i % 7) - 3;
        assertEquals(
            (float) Math.pow(base, 0.5),
            s.floats()[i],
            1e-6,
            "element " + i + ", threads=" + threads);
      }
    }
  }

  /**
   * maximum and minimum in their own loops: NaN wins on either side, and +0 is above -0, element by
   * element as in the reference (and torch.maximum), bit for bit.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void maximumAndMinimumPropagateNaNAndOrderSignedZeros(Kernels k) {
    float nan = Float.NaN;
    float[] left = {nan, 1f, nan, -0f, 0f, -0f, 2f, -3f, Float.NEGATIVE_INFINITY};
    float[] right = {1f, nan, nan, 0f, -0f, -0f, -2f, 3f, Float.POSITIVE_INFINITY};
    int n = 4 * left.length; // long enough for the vectorized loops
    Storage sa = Storage.allocate(DType.FLOAT32, n);
    Storage sb = Storage.allocate(DType.FLOAT32, n);
    for (int i = 0; i < n; i++) {
      sa.set(i, left[i % left.length]);
      sb.set(i, right[i % right.length]);
    }
    StridedView a = new StridedView(sa, new int[] {n}, new int[] {1}, 0);
    StridedView b = new StridedView(sb, new int[] {n}, new int[] {1}, 0);
    for (BinaryFn fn : List.of(BinaryFn.MAXIMUM, BinaryFn.MINIMUM)) {
      StridedView expected = output(DType.FLOAT32, n);
      StridedView actual = output(DType.FLOAT32, n);
      ReferenceKernels.binary(fn, a, b, expected);
      k.binary(fn, a, b, actual);
      for (int i = 0; i < n; i++) {
        float e = expected.storage().floats()[i];
        float got = actual.storage().floats()[i];
        assertEquals(
            Float.floatToIntBits(e),
            Float.floatToIntBits(got),
            fn + "(" + sa.get(i) + ", " + sb.get(i) + "): expected " + e + " but got " + got);
      }
    }
  }

  /**
   * Products with few rows (a batch of 64 through a layer, a handful of rows) are split across
   * threads by thinner row blocks, or by column ranges below one row block per thread: the same
   * floats on 1, 2 or 3 threads, and the reference's values.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void productsWithFewRowsGiveTheSameFloatsOnAnyNumberOfThreads(Kernels k) {
    SplittableRandom rnd = new SplittableRandom(8);
    int[][] shapes = {{1, 64, 784, 256}, {1, 9, 300, 600}, {1, 8, 512, 700}, {1, 3, 1024, 900}};
    for (int[] s : shapes) {
      for (boolean transposed : new boolean[] {false, true}) {
        StridedView a = batch(rnd, DType.FLOAT32, s[0], s[1], s[2], false);
        StridedView b = batch(rnd, DType.FLOAT32, s[0], s[2], s[3], transposed);
        double[] first = null;
        for (int threads = 1; threads <= 3; threads++) {
          ThreadPool.setThreads(threads);
          StridedView out =
              StridedView.contiguous(
                  Storage.allocate(DType.FLOAT32, s[1] * s[3]), new int[] {1, s[1], s[3]}, 0);
          k.matmul(a, b, out);
          double[] values = values(out);
          String what =
              Arrays.toString(s) + (transposed ? " B transposed" : "") + " threads=" + threads;
          if (first == null) {
            first = values;
            assertClose(referenceProduct(a, b, s), values, 1e-4, what);
          } else {
            assertArrayEquals(first, values, what);
          }
        }
      }
    }
  }

  /**
   * A broadcast number against a large tensor (the gradient of a sum reaching a derivative) runs
   * block by block, split across threads: every element must still be the reference's.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void aBroadcastNumberAgainstALargeTensorGivesTheReferenceOnAnyNumberOfThreads(Kernels k) {
    SplittableRandom rnd = new SplittableRandom(5);
    int n = 700_001;
    for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
      StridedView x = vector(rnd, type, n, 0);
      StridedView number = repeated(rnd, type, n);
      for (BinaryFn fn : List.of(BinaryFn.SIGMOID_BACKWARD, BinaryFn.MAXIMUM, BinaryFn.GT)) {
        DType outType = fn.isComparison() ? DType.BOOL : type;
        for (boolean left : new boolean[] {true, false}) {
          StridedView a = left ? number : x;
          StridedView b = left ? x : number;
          StridedView expected = output(outType, n);
          ReferenceKernels.binary(fn, a, b, expected);
          for (int threads = 1; threads <= 2; threads++) {
            ThreadPool.setThreads(threads);
            StridedView actual = output(outType, n);
            k.binary(fn, a, b, actual);
            assertClose(
                values(expected),
                values(actual),
                tolerance(type, fn != BinaryFn.SIGMOID_BACKWARD),
                fn
                    + " "
                    + type
                    + (left ? " number on the left" : " number on the right")
                    + ", threads="
                    + threads);
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void resultsDoNotDependOnTheNumberOfThreads(Kernels k) {
    SplittableRandom rnd = new SplittableRandom(21);
    int[] s = {1, 300, 520, 290};
    StridedView a = batch(rnd, DType.FLOAT32, s[0], s[1], s[2], false);
    StridedView b = batch(rnd, DType.FLOAT32, s[0], s[2], s[3], false);
    StridedView x = vector(rnd, DType.FLOAT32, 700_001, 0);
    double[][] products = new double[2][];
    double[][] sums = new double[2][];
    double[][] exps = new double[2][];
    for (int threads = 1; threads <= 2; threads++) {
      ThreadPool.setThreads(threads);
      StridedView out =
          StridedView.contiguous(
              Storage.allocate(DType.FLOAT32, s[1] * s[3]), new int[] {1, s[1], s[3]}, 0);
      k.matmul(a, b, out);
      products[threads - 1] = values(out);
      StridedView sum = output(DType.FLOAT32, 1);
      k.reduce(ReduceFn.SUM, x, x.numel(), sum, null);
      sums[threads - 1] = values(sum);
      // NOTE: not exp: the Vector API's exp may differ in the last bit between compiled code and
      // the interpreter's fallback, which has nothing to do with threads.
      StridedView e = output(DType.FLOAT32, x.numel());
      k.binary(BinaryFn.TANH_BACKWARD, x, x, e);
      exps[threads - 1] = values(e);
    }
    assertArrayEquals(products[0], products[1]);
    assertArrayEquals(sums[0], sums[1]);
    assertArrayEquals(exps[0], exps[1]);
  }

  // ------------------------------------------------------------------ fused LSTM cell

  static List<Arguments> lstmCases() {
    List<Arguments> cases = new ArrayList<>();
    for (Kernels k : new Kernels[] {PLAIN, IN_USE}) {
      for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        for (int hidden : new int[] {1, 7, 16, 17, 33, 256})
          cases.add(Arguments.of(k, type, hidden));
      }
    }
    return cases;
  }

  /** n random values from offset 5 on (so no kernel may assume its rows start at 0). */
  private static Storage randomStorage(SplittableRandom rnd, DType type, int n) {
    Storage s = Storage.allocate(type, n + 5);
    for (int i = 0; i < s.size(); i++) s.set(i, 4 * (rnd.nextDouble() - 0.5));
    return s;
  }

  /** The value as the storage's type rounds it. */
  private static double round(DType type, double v) {
    return type == DType.FLOAT32 ? (float) v : v;
  }

  /**
   * The cell's arithmetic, element by element in the storage's type, as PyTorch's fused cell
   * defines it: every implementation must give exactly these values (tanh, computed by the unary
   * kernels, to their tolerance, and h from the tanh it wrote).
   */
  @ParameterizedTest
  @MethodSource("lstmCases")
  void lstmCellForwardComputesTheStateAndOutputOfOneRow(Kernels kernels, DType type, int hidden) {
    SplittableRandom rnd = new SplittableRandom(31 + hidden);
    Storage gates = randomStorage(rnd, type, 4 * hidden);
    Storage c = randomStorage(rnd, type, hidden);
    Storage cNext = Storage.allocate(type, hidden + 5);
    Storage tanhCell = Storage.allocate(type, hidden + 5);
    Storage hNext = Storage.allocate(type, hidden + 5);
    Storage out = Storage.allocate(type, hidden + 5);
    kernels.lstmCellForward(gates, 5, c, 5, cNext, 5, tanhCell, 5, hNext, 5, out, 5, hidden);
    for (int j = 0; j < hidden; j++) {
      double i = gates.get(5 + j);
      double f = gates.get(5 + hidden + j);
      double g = gates.get(5 + 2 * hidden + j);
      double o = gates.get(5 + 3 * hidden + j);
      double next = round(type, round(type, f * c.get(5 + j)) + round(type, i * g));
      assertEquals(next, cNext.get(5 + j), 0, "c' at " + j);
      double t = tanhCell.get(5 + j);
      assertEquals(Math.tanh(next), t, tolerance(type, false), "tanh(c') at " + j);
      assertEquals(round(type, o * t), hNext.get(5 + j), 0, "h' at " + j);
      assertEquals(round(type, o * t), out.get(5 + j), 0, "output at " + j);
    }
  }

  @ParameterizedTest
  @MethodSource("lstmCases")
  void lstmCellBackwardComputesTheGateAndCellGradientsOfOneRow(
      Kernels kernels, DType type, int hidden) {
    SplittableRandom rnd = new SplittableRandom(57 + hidden);
    Storage gates = randomStorage(rnd, type, 4 * hidden);
    Storage tanhCell = randomStorage(rnd, type, hidden);
    Storage c = randomStorage(rnd, type, hidden);
    Storage dh = randomStorage(rnd, type, hidden);
    Storage dc = randomStorage(rnd, type, hidden);
    Storage dout = randomStorage(rnd, type, hidden);
    Storage gateGrads = Storage.allocate(type, 4 * hidden + 5);
    Storage dcPrev = Storage.allocate(type, hidden + 5);
    kernels.lstmCellBackward(
        gates, 5, tanhCell, 5, c, 5, dh, 5, dc, 5, dout, 5, gateGrads, 5, dcPrev, 5, hidden);
    for (int j = 0; j < hidden; j++) {
      double i = gates.get(5 + j);
      double f = gates.get(5 + hidden + j);
      double g = gates.get(5 + 2 * hidden + j);
      double o = gates.get(5 + 3 * hidden + j);
      double t = tanhCell.get(5 + j);
      double dhAll = round(type, dh.get(5 + j) + dout.get(5 + j));
      double tanhSlope = round(type, 1 - round(type, t * t));
      double dcAll = round(type, dc.get(5 + j) + round(type, round(type, dhAll * o) * tanhSlope));
      double[] expected = {
        round(type, round(type, dcAll * g) * round(type, i * round(type, 1 - i))),
        round(type, round(type, dcAll * c.get(5 + j)) * round(type, f * round(type, 1 - f))),
        round(type, round(type, dcAll * i) * round(type, 1 - round(type, g * g))),
        round(type, round(type, dhAll * t) * round(type, o * round(type, 1 - o)))
      };
      for (int gate = 0; gate < 4; gate++) {
        assertEquals(
            expected[gate], gateGrads.get(5 + gate * hidden + j), 0, "gate " + gate + " at " + j);
      }
      assertEquals(round(type, dcAll * f), dcPrev.get(5 + j), 0, "dc_prev at " + j);
    }
  }

  // ------------------------------------------------------------------ fused Adam step

  static List<Arguments> adamCases() {
    List<Arguments> cases = new ArrayList<>();
    for (Kernels k : new Kernels[] {PLAIN, IN_USE}) {
      for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        for (int n : new int[] {1, 7, 16, 17, 33, 1000}) {
          // PyTorch's defaults at step 1 and 3, and numbers that are exactly floats.
          // (the gradient at another offset than the rest in the last case)
          cases.add(Arguments.of(k, type, n, 0.9, 0.999, 1, 1e-8, 5));
          cases.add(Arguments.of(k, type, n, 0.9, 0.999, 3, 1e-8, 5));
          cases.add(Arguments.of(k, type, n, 0.5, 0.75, 2, 0.25, 5));
          cases.add(Arguments.of(k, type, n, 0.9, 0.999, 2, 1e-8, 2));
        }
      }
    }
    return cases;
  }

  /**
   * The step is Adam's formula in PyTorch's order, each operation rounded to the storage's type,
   * with the numbers rounded to float first for float32, on every element.
   */
  @ParameterizedTest
  @MethodSource("adamCases")
  void adamStepIsTheFormulaRoundedOpByOp(
      Kernels kernels,
      DType type,
      int n,
      double beta1,
      double beta2,
      int step,
      double eps,
      int gradOffset) {
    SplittableRandom rnd = new SplittableRandom(71 + n);
    Storage p = randomStorage(rnd, type, n);
    Storage g = randomStorage(rnd, type, n);
    Storage m = randomStorage(rnd, type, n);
    Storage v = randomStorage(rnd, type, n);
    for (int i = 5; i < n + 5; i++) v.set(i, Math.abs(v.get(i)));
    double[] p0 = new double[n];
    double[] m0 = new double[n];
    double[] v0 = new double[n];
    for (int i = 0; i < n; i++) {
      p0[i] = p.get(5 + i);
      m0[i] = m.get(5 + i);
      v0[i] = v.get(5 + i);
    }
    double lr = 1e-3;
    double negStepSize = -lr / (1 - Math.pow(beta1, step));
    double correction = Math.sqrt(1 - Math.pow(beta2, step));
    kernels.adamStep(
        p, 5, g, gradOffset, m, 5, v, 5, n, beta1, beta2, negStepSize, correction, eps);
    double b1 = round(type, beta1);
    double c1 = round(type, 1 - beta1);
    double b2 = round(type, beta2);
    double c2 = round(type, 1 - beta2);
    double s = round(type, negStepSize);
    double c = round(type, correction);
    double e = round(type, eps);
    for (int i = 0; i < n; i++) {
      double gi = g.get(gradOffset + i);
      double mi = round(type, round(type, m0[i] * b1) + round(type, gi * c1));
      double vi = round(type, round(type, v0[i] * b2) + round(type, round(type, gi * c2) * gi));
      double denom = round(type, round(type, round(type, Math.sqrt(vi)) / c) + e);
      double pi = round(type, p0[i] + round(type, round(type, mi / denom) * s));
      assertEquals(mi, m.get(5 + i), 0, "m at " + i);
      assertEquals(vi, v.get(5 + i), 0, "v at " + i);
      assertEquals(pi, p.get(5 + i), 0, "p at " + i);
    }
  }
}
