package dev.autograd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel threads: a worker that has gone idle (spinning, or parked after {@link
 * ThreadPool#SPIN_NANOS}) must still take the next helper, and every task must run exactly once.
 */
class ThreadPoolTest {
  @AfterEach
  void restoreThreads() {
    ThreadPool.setThreads(Runtime.getRuntime().availableProcessors());
  }

  /**
   * Two tasks that can only finish together (a barrier of 2): the caller runs one, so a worker must
   * run the other, woken from spinning (no pause) or from parking (a pause longer than the spin).
   */
  @Test
  void anIdleWorkerTakesTheNextHelperWhetherSpinningOrParked() throws Exception {
    ThreadPool.setThreads(2);
    CyclicBarrier both = new CyclicBarrier(2);
    long[] pausesNanos = {0, ThreadPool.SPIN_NANOS / 4, 4 * ThreadPool.SPIN_NANOS};
    for (int call = 0; call < 150; call++) {
      long pause = pausesNanos[call % pausesNanos.length];
      if (pause > 0) TimeUnit.NANOSECONDS.sleep(pause);
      int attempt = call;
      ThreadPool.parallelFor(
          2,
          t -> {
            try {
              both.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
              throw new IllegalStateException("no worker took the second task of call " + attempt);
            }
          });
    }
  }

  @Test
  void everyTaskRunsExactlyOnceAcrossChangesOfTheThreadCount() {
    int tasks = 1000;
    for (int round = 0; round < 40; round++) {
      ThreadPool.setThreads(1 + round % 3);
      AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
      ThreadPool.parallelFor(tasks, runs::incrementAndGet);
      for (int i = 0; i < tasks; i++) assertEquals(1, runs.get(i), "task " + i);
    }
  }

  @Test
  void aFailingTaskIsRethrownToTheCaller() {
    ThreadPool.setThreads(2);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ThreadPool.parallelFor(
                    64,
                    t -> {
                      if (t == 37) throw new IllegalArgumentException("task 37");
                    }));
    assertEquals("task 37", e.getMessage());
  }
}
