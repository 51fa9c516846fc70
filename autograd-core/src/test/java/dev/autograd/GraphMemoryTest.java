package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Very long graphs and long training loops: no stack overflow, no memory growth. */
@SuppressWarnings("try") // try (Autograd.Scope ignored = ...) is how scopes are used
class GraphMemoryTest {

  @Test
  @Timeout(60)
  void millionOpChainRunsForwardAndBackwardWithoutStackOverflow() {
    double a = 0.999999;
    double b = 0.000001;
    int steps = 500_000; // two ops each
    Tensor x = Tensor.scalar(0.5, DType.FLOAT64).requiresGrad(true);
    long start = System.nanoTime();
    Tensor y = x;
    for (int i = 0; i < steps; i++) y = y.mul(a).add(b);
    long forward = System.nanoTime();
    y.backward();
    long end = System.nanoTime();
    System.out.printf(
        "GraphMemoryTest: chain of %d ops: forward %d ms, backward %d ms%n",
        2 * steps, (forward - start) / 1_000_000, (end - forward) / 1_000_000);
    assertEquals(DType.FLOAT64, y.dtype());
    // y_n = 1 - (1 - x) a^n, so dy/dx = a^n
    double expected = Math.pow(a, steps);
    assertEquals(expected, x.grad().item(), 1e-9 * expected);
    assertEquals(1 - 0.5 * expected, y.item(), 1e-9);
  }

  @Test
  @Timeout(60)
  void millionOpChainGradientWithAutogradGrad() {
    int steps = 500_000;
    Tensor x = Tensor.scalar(2, DType.FLOAT64).requiresGrad(true);
    Tensor y = x;
    for (int i = 0; i < steps; i++) y = y.add(1).sub(1);
    assertEquals(1.0, Autograd.grad(y, x)[0].item());
  }

  @Test
  @Timeout(120)
  void memoryStaysFlatOverManyTrainingIterations() {
    Generator gen = new Generator(7);
    Tensor x = Tensor.randn(gen, 16);
    Tensor y = x.mul(3).add(0.5);
    Tensor w = Tensor.zeros(1).requiresGrad(true);
    Tensor bias = Tensor.zeros(1).requiresGrad(true);
    int iterations = 100_000;
    int warmup = 10_000;
    long atWarmup = 0;
    long start = System.nanoTime();
    for (int it = 1; it <= iterations; it++) {
      Tensor loss = w.mul(x).add(bias).sub(y).pow(2).mean();
      loss.backward();
      try (Autograd.Scope ignored = Autograd.noGrad()) {
        w.sub_(w.grad().mul(0.05));
        bias.sub_(bias.grad().mul(0.05));
      }
      w.zeroGrad();
      bias.zeroGrad();
      if (it == warmup) atWarmup = usedHeap();
    }
    long atEnd = usedHeap();
    long growth = atEnd - atWarmup;
    System.out.printf(
        "GraphMemoryTest: %d iterations in %d ms; used heap %.1f MB at %d, %.1f MB at end"
            + " (growth %.2f MB)%n",
        iterations,
        (System.nanoTime() - start) / 1_000_000,
        atWarmup / 1e6,
        warmup,
        atEnd / 1e6,
        growth / 1e6);
    assertTrue(growth < 16L << 20, "heap grew by " + growth / 1e6 + " MB");
    assertArrayEquals(new float[] {3}, w.toFloatArray(), 1e-4f);
    assertArrayEquals(new float[] {0.5f}, bias.toFloatArray(), 1e-4f);
  }

  @Test
  void graphKeptAfterBackwardDoesNotHoldItsConstantInputs() {
    Tensor w = Tensor.ones(1).requiresGrad(true);
    Tensor batch = Tensor.ones(1 << 20); // 4 MB of input data that does not require grad
    Tensor loss = w.mul(batch).sum();
    loss.backward();
    WeakReference<Tensor> data = new WeakReference<>(batch);
    batch = null;
    usedHeap();
    // Keeping the loss (e.g. in a list, for logging) must not keep the batches alive.
    assertTrue(
        data.get() == null, "the constant input is still reachable from " + loss.gradFn().name());
    assertEquals((double) (1 << 20), w.grad().item());
  }

  @Test
  void graphFreedByBackwardDoesNotHoldItsIntermediateResults() {
    Tensor w = Tensor.ones(1).requiresGrad(true);
    Tensor hidden = w.mul(Tensor.ones(1 << 20)).exp(); // 4 MB intermediate that requires grad
    Tensor loss = hidden.sum();
    WeakReference<Tensor> intermediate = new WeakReference<>(hidden);
    hidden = null;
    loss.backward();
    usedHeap();
    assertTrue(intermediate.get() == null, "the intermediate result outlived the freed graph");
    assertEquals((1 << 20) * Math.E, w.grad().item(), 1e-3 * (1 << 20));
  }

  @Test
  void graphRetainedForASecondBackwardKeepsItsIntermediateResults() {
    Tensor w = Tensor.ones(1).requiresGrad(true);
    Tensor loss = w.mul(Tensor.ones(1 << 10)).exp().sum();
    loss.backward(BackwardOptions.defaults().retainGraph(true));
    loss.backward();
    assertEquals(2 * (1 << 10) * Math.E, w.grad().item(), 1e-2);
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(Duration.ofMillis(20).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      best = Math.min(best, rt.totalMemory() - rt.freeMemory());
    }
    return best;
  }
}
