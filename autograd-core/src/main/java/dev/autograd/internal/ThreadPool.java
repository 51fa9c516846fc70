package dev.autograd.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.slf4j.LoggerFactory;

/**
 * The threads large kernels split their work across: {@code threads() - 1} daemon workers plus the
 * calling thread, which always takes part. Small work never leaves the calling thread.
 *
 * <p>Tasks are handed out through one shared counter, so a caller never waits for a helper that no
 * thread has started: it runs what is left itself, claims the helpers that never began (they then
 * do nothing) and waits only for those that are running. That keeps a kernel called from inside a
 * pool thread (or from many user threads at once) free of deadlock.
 *
 * <p>Between kernels, a worker spins for {@link #SPIN_NANOS} before it parks, and so does a caller
 * waiting for a helper: waking a parked thread takes as long as a simple element-wise kernel on a
 * large tensor (see docs/performance.md), and a training step runs one large kernel after another.
 * OpenMP, under PyTorch, spins in the same way.
 */
public final class ThreadPool {
  private ThreadPool() {}

  private static final AtomicInteger WORKER_NUMBER = new AtomicInteger();
  private static volatile int threads = initialThreads();
  private static volatile Workers workers;

  /** How long an idle worker, or a caller waiting for a helper, spins before it parks. */
  static final long SPIN_NANOS = 200_000;

  private static int initialThreads() {
    String property = System.getProperty("autograd.threads");
    if (property != null) {
      try {
        int n = Integer.parseInt(property.trim());
        if (n >= 1) return n;
      } catch (NumberFormatException e) {
        // fall through to the default
      }
      LoggerFactory.getLogger("dev.autograd")
          .warn("ignoring -Dautograd.threads={}: expected a positive integer", property);
    }
    return Runtime.getRuntime().availableProcessors();
  }

  /** The number of threads large kernels use, the calling thread included. */
  public static int threads() {
    return threads;
  }

  /** Sets the number of threads (at least 1; 1 keeps every kernel on the calling thread). */
  public static synchronized void setThreads(int n) {
    if (n < 1) throw new IllegalArgumentException("threads must be at least 1, got " + n);
    if (n == threads) return;
    threads = n;
    Workers old = workers;
    workers = null;
    if (old != null) old.shutdown();
  }

  private static Workers workers() {
    Workers w = workers;
    if (w != null) return w;
    synchronized (ThreadPool.class) {
      if (workers == null) workers = new Workers(Math.max(threads - 1, 1));
      return workers;
    }
  }

  /**
   * Runs {@code body.accept(i)} for every i in [0, tasks), on up to {@link #threads()} threads; the
   * tasks must write disjoint outputs. Returns when all are done; rethrows the first failure.
   */
  public static void parallelFor(int tasks, IntConsumer body) {
    int helpers = Math.min(tasks, threads) - 1;
    if (helpers <= 0) {
      for (int i = 0; i < tasks; i++) body.accept(i);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Workers pool = workers();
    Helper[] started = new Helper[helpers];
    for (int h = 0; h < helpers; h++) {
      Helper helper = new Helper(next, tasks, body);
      if (!pool.execute(helper)) break; // replaced by setThreads: the caller does the work
      started[h] = helper;
    }
    Throwable failure = null;
    try {
      drain(next, tasks, body);
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    for (Helper helper : started) {
      if (helper == null) continue;
      // A helper that has not begun is claimed here, so it never will: no task is left for it.
      if (helper.claimed.compareAndSet(false, true)) continue;
      spinUntilDone(helper.done);
      boolean interrupted = false;
      while (true) {
        try {
          helper.done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
      if (failure == null) failure = helper.failure;
    }
    if (failure instanceof RuntimeException r) throw r;
    if (failure instanceof Error err) throw err;
    if (failure != null) throw new IllegalStateException(failure);
  }

  /** Spins for up to {@link #SPIN_NANOS} while {@code done} is not yet counted down. */
  private static void spinUntilDone(CountDownLatch done) {
    if (done.getCount() == 0) return;
    long start = System.nanoTime();
    while (done.getCount() != 0 && System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
  }

  private static void drain(AtomicInteger next, int tasks, IntConsumer body) {
    for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) body.accept(i);
  }

  /**
   * Daemon threads taking helpers from one queue. An idle worker spins, then marks itself parked,
   * looks at the queue once more and parks; {@link #execute} queues first and then wakes the
   * workers marked parked. Both marks are volatile, so either the worker sees the new helper or the
   * caller sees the mark: no helper is left waiting while every worker sleeps (and one that were
   * would be run by its caller anyway).
   */
  private static final class Workers {
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final Worker[] threads;
    private volatile boolean shutdown;

    Workers(int count) {
      threads = new Worker[count];
      for (int i = 0; i < count; i++) {
        threads[i] = new Worker();
        threads[i].start();
      }
    }

    /** Queues {@code helper}; false once shut down. */
    boolean execute(Runnable helper) {
      if (shutdown) return false;
      queue.offer(helper);
      for (Worker w : threads) {
        if (w.parked) LockSupport.unpark(w);
      }
      return true;
    }

    void shutdown() {
      shutdown = true;
      for (Worker w : threads) LockSupport.unpark(w);
    }

    private final class Worker extends Thread {
      volatile boolean parked;

      Worker() {
        super("autograd-kernel-" + WORKER_NUMBER.incrementAndGet());
        setDaemon(true);
      }

      @Override
      public void run() {
        long idleSince = System.nanoTime();
        while (!shutdown) {
          Runnable helper = queue.poll();
          if (helper != null) {
            helper.run();
            idleSince = System.nanoTime();
          } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
            Thread.onSpinWait();
          } else {
            parked = true;
            if (queue.isEmpty() && !shutdown) LockSupport.park(this);
            parked = false;
            idleSince = System.nanoTime();
          }
        }
      }
    }
  }

  /** One helper thread's share: runs tasks until none is left, unless claimed first. */
  private static final class Helper implements Runnable {
    final AtomicInteger next;
    final int tasks;
    final IntConsumer body;
    final AtomicBoolean claimed = new AtomicBoolean();
    final CountDownLatch done = new CountDownLatch(1);
    volatile Throwable failure;

    Helper(AtomicInteger next, int tasks, IntConsumer body) {
      this.next = next;
      this.tasks = tasks;
      this.body = body;
    }

    @Override
    public void run() {
      if (!claimed.compareAndSet(false, true)) return;
      try {
        drain(next, tasks, body);
      } catch (Throwable t) {
        failure = t;
      } finally {
        done.countDown();
      }
    }
  }
}
