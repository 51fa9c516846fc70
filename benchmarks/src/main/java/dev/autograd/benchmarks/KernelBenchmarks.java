package dev.autograd.benchmarks;

import dev.autograd.DType;
import dev.autograd.internal.BinaryFn;
import dev.autograd.internal.Kernels;
import dev.autograd.internal.ReduceFn;
import dev.autograd.internal.Storage;
import dev.autograd.internal.StridedView;
import dev.autograd.internal.UnaryFn;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kernels one call at a time, on the calling thread, to check with JMH's GC profiler that a
 * call allocates nothing once warm ({@code gc.alloc.rate.norm} near 0 B/op):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar KernelBenchmarks -prof gc
 * java -jar benchmarks/target/benchmarks.jar KernelBenchmarks -prof gc \
 *     -jvmArgsAppend --add-modules=jdk.incubator.vector
 * </pre>
 *
 * The sizes stay below the thresholds at which kernels split work across threads (a split allocates
 * its few task objects, once per call, whatever the size).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class KernelBenchmarks {
  @Param({"1", "4096"})
  public int size;

  private final Kernels kernels = Kernels.get();
  private StridedView x;
  private StridedView y;
  private StridedView out;
  private StridedView sum;
  private StridedView a;
  private StridedView b;
  private StridedView c;

  @Setup
  public void setUp() {
    x = vector(size, 0.5f);
    y = vector(size, 0.25f);
    out = vector(size, 0);
    sum = vector(1, 0);
    int n = 64;
    a = StridedView.contiguous(filled(n * n), new int[] {1, n, n}, 0);
    b = StridedView.contiguous(filled(n * n), new int[] {1, n, n}, 0);
    c = StridedView.contiguous(filled(n * n), new int[] {1, n, n}, 0);
  }

  private static Storage filled(int n) {
    Storage s = Storage.allocate(DType.FLOAT32, n);
    for (int i = 0; i < n; i++) s.set(i, (i % 7) * 0.1);
    return s;
  }

  private static StridedView vector(int n, float value) {
    Storage s = Storage.allocate(DType.FLOAT32, n);
    for (int i = 0; i < n; i++) s.set(i, value);
    return StridedView.contiguous(s, new int[] {n}, 0);
  }

  @Benchmark
  public void sigmoid() {
    kernels.unary(UnaryFn.SIGMOID, 0, 0, x, out);
  }

  /** The other float32 transcendentals of the kernels, one benchmark per function. */
  @State(Scope.Thread)
  public static class Transcendental {
    @Param({"EXP", "LOG", "TANH"})
    public UnaryFn fn;
  }

  @Benchmark
  public void transcendental(Transcendental t) {
    kernels.unary(t.fn, 0, 0, x, out);
  }

  @Benchmark
  public void mulByNumber() {
    kernels.unary(UnaryFn.MUL, 0.5, 0, x, out);
  }

  @Benchmark
  public void mul() {
    kernels.binary(BinaryFn.MUL, x, y, out);
  }

  @Benchmark
  public void sum() {
    kernels.reduce(ReduceFn.SUM, x, size, sum, null);
  }

  /** A 64 x 64 x 64 product (the size parameter does not apply). */
  @Benchmark
  public void matmul64() {
    kernels.matmul(a, b, c);
  }
}
