package dev.autograd.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.function.LongToDoubleFunction;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * What this machine can do at most, the "physical limit" against which the benchmark figures are
 * read: the floating-point peak per core, measured as the throughput of independent fused
 * multiply-adds on the widest vectors the JVM offers, and the memory bandwidth, measured as a
 * STREAM-style read (sum) and triad ({@code a[i] = b[i] + s·c[i]}, counted as STREAM counts it: 3
 * arrays' bytes, not the write-allocate read). Each on 1 to N threads, one JSON line each as the
 * harness prints.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     dev.autograd.benchmarks.MachineLimits --threads 2
 * </pre>
 *
 * <p>The FMA loop keeps 16 accumulators in flight, more than latency × pipes on current x86 cores
 * (4 cycles × 2), so it is bound by throughput, not by the dependency chain. Each figure is the
 * best of several timed runs of about a quarter of a second: the limit, not the typical.
 */
public final class MachineLimits {
  private static final int RUNS = 7;
  private static volatile double sink;

  private MachineLimits() {}

  /**
   * Prints the limits.
   *
   * @param args {@code --threads N} (default: the available processors), {@code --quick}
   */
  public static void main(String[] args) throws Exception {
    int threads = Runtime.getRuntime().availableProcessors();
    boolean quick = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--quick" -> quick = true;
        default -> throw new IllegalArgumentException("MachineLimits: unknown argument " + args[i]);
      }
    }
    int runs = quick ? 3 : RUNS;
    emitText(
        "machine_limits_vectors",
        "float lanes "
            + FloatVector.SPECIES_PREFERRED.length()
            + ", double lanes "
            + DoubleVector.SPECIES_PREFERRED.length());
    for (int t = 1; t <= threads; t++) {
      int n = t;
      emit("peak_fp32_fma_t" + t, "gflops", best(runs, () -> fmaFloat(n)));
      emit("peak_fp64_fma_t" + t, "gflops", best(runs, () -> fmaDouble(n)));
    }
    // 64 MB per array: far beyond the L3 cache, so the figure is the memory's.
    int big = 16 << 20;
    // 2 MB per array, 6 MB for the triad: inside L3 (but not L2), as the element-wise workload's
    // 4 MB tensors partly are.
    int small = 512 << 10;
    for (int t = 1; t <= threads; t++) {
      int n = t;
      emit("memory_read_gbs_t" + t, "gb/s", best(runs, () -> readBandwidth(big, n)));
      emit("memory_triad_gbs_t" + t, "gb/s", best(runs, () -> triadBandwidth(big, n)));
      emit("l3_triad_gbs_t" + t, "gb/s", best(runs, () -> triadBandwidth(small, n)));
    }
  }

  private interface Measurement {
    double run() throws Exception;
  }

  private static double best(int runs, Measurement m) throws Exception {
    m.run(); // warm-up: compiles the loop
    double best = 0;
    for (int i = 0; i < runs; i++) best = Math.max(best, m.run());
    return best;
  }

  /** GFLOP/s of {@code threads} threads each running float FMAs on 16 independent vectors. */
  private static double fmaFloat(int threads) throws Exception {
    long iterations = 20_000_000L;
    int lanes = FloatVector.SPECIES_PREFERRED.length();
    double seconds = onThreads(threads, part -> fmaFloatLoop(iterations));
    return threads * iterations * 16.0 * lanes * 2 / seconds / 1e9;
  }

  /** GFLOP/s of {@code threads} threads each running double FMAs on 16 independent vectors. */
  private static double fmaDouble(int threads) throws Exception {
    long iterations = 20_000_000L;
    int lanes = DoubleVector.SPECIES_PREFERRED.length();
    double seconds = onThreads(threads, part -> fmaDoubleLoop(iterations));
    return threads * iterations * 16.0 * lanes * 2 / seconds / 1e9;
  }

  // a ← a·b + c converges to c / (1 − b) = 1: no overflow, no subnormals. The float and double
  // loops are spelled out apart: the JIT emits SIMD code only for a concrete vector type, and
  // sixteen named accumulators stay in registers where an array of them would not.
  private static double fmaFloatLoop(long iterations) {
    VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
    FloatVector b = FloatVector.broadcast(s, 0.999999f);
    FloatVector c = FloatVector.broadcast(s, 1e-6f);
    FloatVector a0 = FloatVector.broadcast(s, 0.10f);
    FloatVector a1 = FloatVector.broadcast(s, 0.11f);
    FloatVector a2 = FloatVector.broadcast(s, 0.12f);
    FloatVector a3 = FloatVector.broadcast(s, 0.13f);
    FloatVector a4 = FloatVector.broadcast(s, 0.14f);
    FloatVector a5 = FloatVector.broadcast(s, 0.15f);
    FloatVector a6 = FloatVector.broadcast(s, 0.16f);
    FloatVector a7 = FloatVector.broadcast(s, 0.17f);
    FloatVector a8 = FloatVector.broadcast(s, 0.18f);
    FloatVector a9 = FloatVector.broadcast(s, 0.19f);
    FloatVector a10 = FloatVector.broadcast(s, 0.20f);
    FloatVector a11 = FloatVector.broadcast(s, 0.21f);
    FloatVector a12 = FloatVector.broadcast(s, 0.22f);
    FloatVector a13 = FloatVector.broadcast(s, 0.23f);
    FloatVector a14 = FloatVector.broadcast(s, 0.24f);
    FloatVector a15 = FloatVector.broadcast(s, 0.25f);
    for (long i = 0; i < iterations; i++) {
      a0 = a0.fma(b, c);
      a1 = a1.fma(b, c);
      a2 = a2.fma(b, c);
      a3 = a3.fma(b, c);
      a4 = a4.fma(b, c);
      a5 = a5.fma(b, c);
      a6 = a6.fma(b, c);
      a7 = a7.fma(b, c);
      a8 = a8.fma(b, c);
      a9 = a9.fma(b, c);
      a10 = a10.fma(b, c);
      a11 = a11.fma(b, c);
      a12 = a12.fma(b, c);
      a13 = a13.fma(b, c);
      a14 = a14.fma(b, c);
      a15 = a15.fma(b, c);
    }
    FloatVector sum =
        a0.add(a1)
            .add(a2)
            .add(a3)
            .add(a4)
            .add(a5)
            .add(a6)
            .add(a7)
            .add(a8)
            .add(a9)
            .add(a10)
            .add(a11)
            .add(a12)
            .add(a13)
            .add(a14)
            .add(a15);
    return sum.reduceLanes(VectorOperators.ADD);
  }

  private static double fmaDoubleLoop(long iterations) {
    VectorSpecies<Double> s = DoubleVector.SPECIES_PREFERRED;
    DoubleVector b = DoubleVector.broadcast(s, 0.999999);
    DoubleVector c = DoubleVector.broadcast(s, 1e-6);
    DoubleVector a0 = DoubleVector.broadcast(s, 0.10);
    DoubleVector a1 = DoubleVector.broadcast(s, 0.11);
    DoubleVector a2 = DoubleVector.broadcast(s, 0.12);
    DoubleVector a3 = DoubleVector.broadcast(s, 0.13);
    DoubleVector a4 = DoubleVector.broadcast(s, 0.14);
    DoubleVector a5 = DoubleVector.broadcast(s, 0.15);
    DoubleVector a6 = DoubleVector.broadcast(s, 0.16);
    DoubleVector a7 = DoubleVector.broadcast(s, 0.17);
    DoubleVector a8 = DoubleVector.broadcast(s, 0.18);
    DoubleVector a9 = DoubleVector.broadcast(s, 0.19);
    DoubleVector a10 = DoubleVector.broadcast(s, 0.20);
    DoubleVector a11 = DoubleVector.broadcast(s, 0.21);
    DoubleVector a12 = DoubleVector.broadcast(s, 0.22);
    DoubleVector a13 = DoubleVector.broadcast(s, 0.23);
    DoubleVector a14 = DoubleVector.broadcast(s, 0.24);
    DoubleVector a15 = DoubleVector.broadcast(s, 0.25);
    for (long i = 0; i < iterations; i++) {
      a0 = a0.fma(b, c);
      a1 = a1.fma(b, c);
      a2 = a2.fma(b, c);
      a3 = a3.fma(b, c);
      a4 = a4.fma(b, c);
      a5 = a5.fma(b, c);
      a6 = a6.fma(b, c);
      a7 = a7.fma(b, c);
      a8 = a8.fma(b, c);
      a9 = a9.fma(b, c);
      a10 = a10.fma(b, c);
      a11 = a11.fma(b, c);
      a12 = a12.fma(b, c);
      a13 = a13.fma(b, c);
      a14 = a14.fma(b, c);
      a15 = a15.fma(b, c);
    }
    DoubleVector sum =
        a0.add(a1)
            .add(a2)
            .add(a3)
            .add(a4)
            .add(a5)
            .add(a6)
            .add(a7)
            .add(a8)
            .add(a9)
            .add(a10)
            .add(a11)
            .add(a12)
            .add(a13)
            .add(a14)
            .add(a15);
    return sum.reduceLanes(VectorOperators.ADD);
  }

  /** GB/s of summing a float array of {@code length} elements split across the threads. */
  private static double readBandwidth(int length, int threads) throws Exception {
    float[] a = new float[length];
    Arrays.fill(a, 1f);
    int passes = Math.max(1, (256 << 20) / (length * 4));
    double seconds =
        onThreads(
            threads,
            part -> {
              int from = (int) ((long) length * part / threads);
              int to = (int) ((long) length * (part + 1) / threads);
              double total = 0;
              for (int p = 0; p < passes; p++) total += sum(a, from, to);
              return total;
            });
    return (double) passes * length * 4 / seconds / 1e9;
  }

  private static double sum(float[] a, int from, int to) {
    // Four vector accumulators: one would be a chain of dependent additions, bound by their
    // latency.
    VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
    int lanes = s.length();
    FloatVector t0 = FloatVector.zero(s);
    FloatVector t1 = t0;
    FloatVector t2 = t0;
    FloatVector t3 = t0;
    int i = from;
    for (; i + 4 * lanes <= to; i += 4 * lanes) {
      t0 = t0.add(FloatVector.fromArray(s, a, i));
      t1 = t1.add(FloatVector.fromArray(s, a, i + lanes));
      t2 = t2.add(FloatVector.fromArray(s, a, i + 2 * lanes));
      t3 = t3.add(FloatVector.fromArray(s, a, i + 3 * lanes));
    }
    double rest = t0.add(t1).add(t2).add(t3).reduceLanes(VectorOperators.ADD);
    for (; i < to; i++) rest += a[i];
    return rest;
  }

  /** STREAM's triad bandwidth in GB/s on three float arrays of {@code length} elements. */
  private static double triadBandwidth(int length, int threads) throws Exception {
    float[] a = new float[length];
    float[] b = new float[length];
    float[] c = new float[length];
    Arrays.fill(b, 1f);
    Arrays.fill(c, 2f);
    int passes = Math.max(1, (768 << 20) / (3 * length * 4));
    double seconds =
        onThreads(
            threads,
            part -> {
              int from = (int) ((long) length * part / threads);
              int to = (int) ((long) length * (part + 1) / threads);
              for (int p = 0; p < passes; p++) {
                for (int i = from; i < to; i++) a[i] = b[i] + 0.5f * c[i];
              }
              return a[from];
            });
    return (double) passes * 3 * length * 4 / seconds / 1e9;
  }

  /**
   * Runs {@code work(part)} on {@code threads} threads started together; the seconds from the first
   * thread's start to the last one's end (each thread reads the clock itself, so a late wake-up of
   * the calling thread cannot shorten the interval).
   */
  private static double onThreads(int threads, LongToDoubleFunction work) throws Exception {
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Thread> running = new ArrayList<>();
    double[] results = new double[threads];
    long[] begins = new long[threads];
    long[] ends = new long[threads];
    Throwable[] failure = new Throwable[1];
    for (int t = 0; t < threads; t++) {
      int part = t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  begins[part] = System.nanoTime();
                  results[part] = work.applyAsDouble(part);
                  ends[part] = System.nanoTime();
                } catch (Exception e) {
                  failure[0] = e;
                }
              });
      thread.setDaemon(true);
      thread.start();
      running.add(thread);
    }
    for (Thread thread : running) thread.join();
    if (failure[0] != null) {
      throw new IllegalStateException("MachineLimits: a measuring thread failed", failure[0]);
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    double total = 0;
    for (int t = 0; t < threads; t++) {
      first = Math.min(first, begins[t]);
      last = Math.max(last, ends[t]);
      total += results[t];
    }
    sink = total;
    return (last - first) / 1e9;
  }

  private static void emit(String workload, String unit, double value) {
    System.out.printf(
        Locale.ROOT,
        "{\"workload\": \"%s\", \"unit\": \"%s\", \"value\": %.4g}%n",
        workload,
        unit,
        value);
  }

  private static void emitText(String workload, String text) {
    System.out.printf(
        Locale.ROOT,
        "{\"workload\": \"%s\", \"unit\": \"text\", \"value\": \"%s\"}%n",
        workload,
        text);
  }
}
