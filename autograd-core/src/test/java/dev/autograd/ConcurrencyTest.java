package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Grad mode and anomaly detection are per thread; independent graphs can run in parallel. */
@SuppressWarnings("try") // try (Autograd.Scope ignored = ...) is how scopes are used
class ConcurrencyTest {

  private static final int THREADS = 4;
  private static final int ITERATIONS = 200;

  @Test
  @Timeout(60)
  void independentGraphsOnSeveralThreadsGiveTheRightGradients() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int seed = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return trainOnOwnTensors(seed);
                }));
      }
      for (Future<Integer> f : results) assertEquals(ITERATIONS, f.get(60, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Checks the gradients of ITERATIONS graphs built from this thread's own tensors. */
  private static int trainOnOwnTensors(long seed) {
    Generator gen = new Generator(seed);
    int checked = 0;
    for (int it = 0; it < ITERATIONS; it++) {
      Tensor x = Tensor.randn(gen, 5).to(DType.FLOAT64).requiresGrad(true);
      Tensor w = Tensor.randn(gen, 5).to(DType.FLOAT64).requiresGrad(true);
      Tensor m = Tensor.randn(gen, 3, 5).to(DType.FLOAT64).requiresGrad(true);
      // f = sum(sin(x) * w) + sum(m @ x)
      Tensor f = x.sin().mul(w).sum().add(m.matmul(x).sum());
      f.backward();
      double[] xs = x.toDoubleArray();
      double[] ws = w.toDoubleArray();
      double[] ms = m.toDoubleArray();
      double[] gx = new double[5];
      double[] gw = new double[5];
      double[] gm = new double[15];
      for (int j = 0; j < 5; j++) {
        gw[j] = Math.sin(xs[j]);
        gx[j] = Math.cos(xs[j]) * ws[j];
        for (int i = 0; i < 3; i++) {
          gx[j] += ms[i * 5 + j];
          gm[i * 5 + j] = xs[j];
        }
      }
      assertArrayEquals(gx, x.grad().toDoubleArray(), 1e-12);
      assertArrayEquals(gw, w.grad().toDoubleArray(), 1e-12);
      assertArrayEquals(gm, m.grad().toDoubleArray(), 1e-12);
      checked++;
    }
    return checked;
  }

  @Test
  @Timeout(30)
  void noGradOnOneThreadDoesNotStopRecordingOnAnother() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch checked = new CountDownLatch(1);
    boolean[] otherRecorded = new boolean[2];
    Thread other =
        new Thread(
            () -> {
              try {
                entered.await();
                Tensor x = Tensor.ones(2).requiresGrad(true);
                otherRecorded[0] = Autograd.isGradEnabled();
                otherRecorded[1] = x.mul(2).requiresGrad();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                checked.countDown();
              }
            });
    other.start();
    Tensor x = Tensor.ones(2).requiresGrad(true);
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      entered.countDown();
      assertTrue(checked.await(20, TimeUnit.SECONDS));
      assertFalse(x.mul(2).requiresGrad(), "this thread is still inside noGrad");
    }
    other.join();
    assertTrue(otherRecorded[0], "grad mode must stay enabled on the other thread");
    assertTrue(otherRecorded[1], "the other thread's op must be recorded");
  }

  @Test
  @Timeout(30)
  void noGradStartedOnAnotherThreadDoesNotAffectThisOne() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread other =
        new Thread(
            () -> {
              try (Autograd.Scope ignored = Autograd.noGrad()) {
                inside.countDown();
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    other.start();
    try {
      assertTrue(inside.await(20, TimeUnit.SECONDS));
      assertTrue(Autograd.isGradEnabled());
      assertTrue(Tensor.ones(2).requiresGrad(true).mul(2).requiresGrad());
    } finally {
      release.countDown();
      other.join();
    }
  }

  /**
   * Two threads taking turns op by op, one inside noGrad and one recording, each see their own mode
   * at every turn: the lookup of the last thread's mode (GradMode's one-entry cache) must not
   * answer for the other.
   */
  @Test
  @Timeout(30)
  void threadsTakingTurnsEachSeeTheirOwnGradMode() throws Exception {
    int turns = 2000;
    Semaphore mine = new Semaphore(1);
    Semaphore theirs = new Semaphore(0);
    int[] wrong = new int[2];
    Thread other =
        new Thread(
            () -> {
              Tensor x = Tensor.ones(1).requiresGrad(true);
              try (Autograd.Scope ignored = Autograd.noGrad()) {
                for (int i = 0; i < turns; i++) {
                  theirs.acquireUninterruptibly();
                  if (x.mul(2).requiresGrad()) wrong[1]++;
                  mine.release();
                }
              }
            });
    other.start();
    Tensor x = Tensor.ones(1).requiresGrad(true);
    for (int i = 0; i < turns; i++) {
      mine.acquireUninterruptibly();
      if (!x.mul(2).requiresGrad()) wrong[0]++;
      theirs.release();
    }
    other.join();
    assertEquals(0, wrong[0], "turns where this thread's op was not recorded");
    assertEquals(0, wrong[1], "turns where the op inside noGrad was recorded");
  }

  @Test
  @Timeout(30)
  void anomalyScopeIsPerThread() throws Exception {
    boolean[] otherSaw = new boolean[1];
    try (Autograd.Scope ignored = Autograd.detectAnomaly()) {
      Thread other = new Thread(() -> otherSaw[0] = Autograd.isAnomalyDetectionEnabled());
      other.start();
      other.join();
      assertTrue(Autograd.isAnomalyDetectionEnabled());
    }
    assertFalse(otherSaw[0]);
  }

  @Test
  @Timeout(30)
  void sharedGeneratorHandsOutEachNumberOnce() throws Exception {
    Generator shared = new Generator(11);
    int perThread = 10_000;
    double[][] drawn = new double[THREADS][perThread];
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int id = t;
      Thread th =
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) drawn[id][i] = shared.nextUniform();
              });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) th.join();
    Generator replay = new Generator(11);
    java.util.Set<Double> expected = new java.util.HashSet<>();
    for (int i = 0; i < THREADS * perThread; i++) expected.add(replay.nextUniform());
    java.util.Set<Double> actual = new java.util.HashSet<>();
    for (double[] row : drawn) for (double v : row) actual.add(v);
    assertEquals(expected, actual);
  }
}
