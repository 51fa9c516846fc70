package dev.autograd;

import dev.autograd.internal.Kernels;
import dev.autograd.internal.ThreadPool;

/**
 * How the numeric kernels use the machine: the number of threads that large ops (matrix products of
 * a few million multiply-adds and up, element-wise ops on hundreds of thousands of elements) are
 * split across, and which kernel implementation is in use.
 *
 * <p>The default number of threads is the number of available processors, or the value of the
 * system property {@code autograd.threads}. Small ops always run on the calling thread. Results do
 * not depend on the number of threads: work is split at fixed boundaries and every element is
 * summed in the same order. (With the Vector API, float32 exp, log, tanh and sigmoid can differ in
 * the last bit between the JIT's compiled code and its fallback while a method warms up.)
 *
 * <p>The kernels use the Vector API (SIMD) when the JVM was started with {@code --add-modules
 * jdk.incubator.vector}, and plain Java otherwise (or when {@code -Dautograd.vectorization=false}
 * is given); the choice is made once, at the first op, and logged once.
 *
 * <pre>{@code
 * Parallelism.setThreads(1); // everything on the calling thread
 * }</pre>
 */
public final class Parallelism {
  private Parallelism() {}

  /**
   * Sets the number of threads large ops are split across, the calling thread included.
   *
   * @param threads the number of threads, at least 1
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public static void setThreads(int threads) {
    ThreadPool.setThreads(threads);
  }

  /**
   * The number of threads large ops are split across, the calling thread included.
   *
   * @return the number set by {@link #setThreads(int)}, or the default
   */
  public static int threads() {
    return ThreadPool.threads();
  }

  /**
   * The kernel implementation in use: {@code "vector"} (Vector API) or {@code "plain"}.
   *
   * @return the name of the implementation, chosen at the first op
   */
  public static String kernels() {
    return Kernels.get().name();
  }
}
