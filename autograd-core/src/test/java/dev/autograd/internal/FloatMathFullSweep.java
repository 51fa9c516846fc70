package dev.autograd.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleUnaryOperator;

/**
 * Every one of the 2^32 floats through {@link FloatMath}'s exp, sigmoid and tanh, against float64:
 * the worst error in ulps of the correctly rounded result, the most steps from it, and how often
 * the result is not the correctly rounded float. The bounds in {@link FloatMathTest} and in
 * docs/performance.md come from this program; it is not a test (a few minutes on two cores), run it
 * after changing FloatMath:
 *
 * <pre>
 * ./mvnw -q -pl autograd-core test-compile
 * java -cp autograd-core/target/classes:autograd-core/target/test-classes:$(ls \
 *     ~/.m2/repository/org/slf4j/slf4j-api/2*&#47;slf4j-api-*.jar | head -1) \
 *     dev.autograd.internal.FloatMathFullSweep
 * </pre>
 */
public final class FloatMathFullSweep {
  private FloatMathFullSweep() {}

  /** A kernel of FloatMath: out[oo + i] = f(x[xo + i]). */
  private interface Kernel {
    void apply(float[] x, int xo, float[] out, int oo, int n);
  }

  /** The worst errors over a set of floats, and where: also what FloatMathTest's sweeps check. */
  static final class Errors {
    double ulps;
    float ulpsAt;
    long steps;
    float stepsAt;
    long notCorrectlyRounded;
    long count;

    void add(float x, float y, double exact) {
      count++;
      float rounded = (float) exact;
      if (Float.isNaN(rounded) || Float.isNaN(y)) {
        if (Float.isNaN(rounded) != Float.isNaN(y)) {
          throw new AssertionError("NaN at " + x + ": " + y + " against " + exact);
        }
        return;
      }
      long s = Math.abs(ordinal(y) - ordinal(rounded));
      if (s > 0) notCorrectlyRounded++;
      if (s > steps) {
        steps = s;
        stepsAt = x;
      }
      double u = y == rounded ? 0.0 : Math.abs(y - exact) / Math.ulp(rounded);
      if (Float.isInfinite(y) || Float.isInfinite(rounded)) u = y == rounded ? 0 : 1e9;
      if (u > ulps) {
        ulps = u;
        ulpsAt = x;
      }
    }

    @Override
    public String toString() {
      return String.format(
          "%d floats: worst %.4f ulp at %s; worst %d steps at %s; %.3f%% not correctly rounded",
          count, ulps, ulpsAt, steps, stepsAt, 100.0 * notCorrectlyRounded / count);
    }

    void merge(Errors o) {
      count += o.count;
      notCorrectlyRounded += o.notCorrectlyRounded;
      if (o.ulps > ulps) {
        ulps = o.ulps;
        ulpsAt = o.ulpsAt;
      }
      if (o.steps > steps) {
        steps = o.steps;
        stepsAt = o.stepsAt;
      }
    }
  }

  /** Floats ordered as integers: adjacent floats differ by 1, and -0 and +0 are one apart. */
  private static long ordinal(float f) {
    int bits = Float.floatToRawIntBits(f);
    return bits < 0 ? -(long) (bits & 0x7fffffff) - 1 : bits;
  }

  private static Errors sweep(Kernel kernel, DoubleUnaryOperator reference, long from, long to) {
    Errors errors = new Errors();
    float[] xs = new float[1 << 16];
    float[] ys = new float[xs.length];
    for (long bits = from; bits < to; ) {
      int n = (int) Math.min(xs.length, to - bits);
      for (int i = 0; i < n; i++) xs[i] = Float.intBitsToFloat((int) (bits + i));
      kernel.apply(xs, 0, ys, 0, n);
      for (int i = 0; i < n; i++) errors.add(xs[i], ys[i], reference.applyAsDouble(xs[i]));
      bits += n;
    }
    return errors;
  }

  public static void main(String[] args) throws Exception {
    String[] names = {"exp", "sigmoid", "tanh"};
    Kernel[] kernels = {FloatMath::exp, FloatMath::sigmoid, FloatMath::tanh};
    DoubleUnaryOperator[] references = {Math::exp, x -> UnaryFn.SIGMOID.apply(x, 0, 0), Math::tanh};
    int parts = 64;
    long part = (1L << 32) / parts;
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    try {
      for (int f = 0; f < names.length; f++) {
        List<Future<Errors>> futures = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
          long from = p * part;
          Kernel kernel = kernels[f];
          DoubleUnaryOperator reference = references[f];
          futures.add(pool.submit(() -> sweep(kernel, reference, from, from + part)));
        }
        Errors all = new Errors();
        for (Future<Errors> future : futures) all.merge(future.get());
        System.out.println(names[f] + ": " + all);
      }
    } finally {
      pool.shutdown();
    }
  }
}
