package dev.autograd.data;

import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * One epoch of a {@link DataLoader}: the batches of a batch sampler, loaded on the calling thread
 * or by worker threads that keep at most {@code numWorkers * prefetchFactor} batches in flight.
 *
 * <p>The sampler is iterated on the calling thread, so the order and the sample positions do not
 * depend on the workers; each batch is a future, and {@link #next()} waits for the oldest. The
 * workers and their tasks never refer to this object, so that an epoch abandoned without {@link
 * #close()} can be collected, and its cleaner then stops the workers.
 */
final class LoaderEpoch<T, B> implements DataLoader.Epoch<B> {
  private static final AtomicInteger SERIAL = new AtomicInteger();
  private static final Cleaner CLEANER = Cleaner.create();

  /** The prefix of the worker threads' names. */
  static final String THREAD_PREFIX = "DataLoader-";

  /** The batch numbered {@code number} of the epoch, its first sample at {@code firstPosition}. */
  record Batch(int number, int firstPosition, int[] indices) {}

  /** What loads a batch: no reference to the epoch, so that the workers may hold it. */
  record Loading<T, B>(
      Dataset<T> dataset, BiFunction<List<T>, int[], B> collate, long baseSeed, int epoch) {
    /** The batch's samples, collated; {@code current[0]} is the index being read, -1 after. */
    B load(Batch batch, int[] current) {
      List<T> samples = new ArrayList<>(batch.indices.length);
      for (int k = 0; k < batch.indices.length; k++) {
        int index = batch.indices[k];
        current[0] = index;
        samples.add(
            new SampleContext(baseSeed, epoch, batch.firstPosition + k, index).load(dataset::get));
      }
      current[0] = -1;
      return collate.apply(samples, batch.indices);
    }
  }

  /** A worker's failure: the index being read (-1 while collating) and what it threw. */
  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final int index;

    Failure(int index, Throwable cause) {
      super(cause);
      this.index = index;
    }
  }

  /** The sampler's failure, rethrown as it is when its batch's turn comes. */
  private static final class SamplerFailure extends Exception {
    private static final long serialVersionUID = 1L;

    SamplerFailure(RuntimeException cause) {
      super(cause);
    }
  }

  private record Pending<B>(Batch batch, CompletableFuture<B> result) {}

  /** The worker threads and their queue of tasks. */
  private static final class Workers<T, B> implements Runnable {
    private final BlockingQueue<Pending<B>> tasks = new LinkedBlockingQueue<>();
    private final Thread[] threads;
    private volatile boolean stopped;

    Workers(int n, Loading<T, B> loading) {
      String name = THREAD_PREFIX + SERIAL.incrementAndGet() + "-worker-";
      threads = new Thread[n];
      for (int i = 0; i < n; i++) {
        threads[i] = new Thread(() -> work(loading), name + i);
        threads[i].setDaemon(true);
      }
      for (Thread t : threads) t.start();
    }

    private void work(Loading<T, B> loading) {
      int[] current = {-1};
      while (!stopped) {
        Pending<B> task;
        try {
          task = tasks.take();
        } catch (InterruptedException e) {
          return; // stopped: nothing to restore, the thread ends
        }
        try {
          task.result.complete(loading.load(task.batch, current));
        } catch (Throwable t) { // reported to the consumer, who rethrows it with the index
          if (stopped) return;
          task.result.completeExceptionally(new Failure(current[0], t));
        }
      }
    }

    /** Stops the threads without waiting: the cleaner's action. */
    @Override
    public void run() {
      stopped = true;
      for (Thread t : threads) t.interrupt();
    }

    /** Waits for the stopped threads to end, keeping the caller's interrupt. */
    void join() {
      boolean interrupted = false;
      for (Thread t : threads) {
        while (t.isAlive()) {
          try {
            t.join();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  private final Dataset<T> dataset;
  private final Iterator<int[]> batches;
  private final Loading<T, B> loading;
  private final Workers<T, B> workers; // null: the calling thread loads
  private final Cleaner.Cleanable cleanable;
  private final int capacity;
  private final ArrayDeque<Pending<B>> inFlight = new ArrayDeque<>();
  private final int[] current = {-1};
  private int taken;
  private int positions;
  private boolean samplerFailed;
  private boolean closed;
  private boolean finished; // the last batch was returned
  private final Progress.Task task;

  LoaderEpoch(
      Dataset<T> dataset,
      Iterator<int[]> batches,
      Loading<T, B> loading,
      int numWorkers,
      int prefetchFactor,
      Progress.Task task) {
    this.dataset = dataset;
    this.task = task;
    this.batches = batches;
    this.loading = loading;
    this.capacity = numWorkers * prefetchFactor;
    if (!batches.hasNext()) finish(); // an empty epoch: its report ends at once
    if (numWorkers == 0 || !batches.hasNext()) {
      workers = null;
      cleanable = null;
      return;
    }
    workers = new Workers<>(numWorkers, loading);
    cleanable = CLEANER.register(this, workers);
    fill();
  }

  /** The sampler's next batch, its indices checked against the data set. */
  private Batch take() {
    int[] indices = batches.next();
    int n = dataset.size();
    for (int i : indices) {
      if (i < 0 || i >= n) {
        throw new IndexOutOfBoundsException(
            "DataLoader: the sampler gave index "
                + i
                + ", out of range for a data set of size "
                + n);
      }
    }
    Batch b = new Batch(taken++, positions, indices);
    positions += indices.length;
    return b;
  }

  /** Dispatches batches until {@code capacity} are in flight or the sampler is done. */
  private void fill() {
    while (!samplerFailed && inFlight.size() < capacity && batches.hasNext()) {
      Pending<B> p;
      try {
        p = new Pending<>(take(), new CompletableFuture<>());
      } catch (RuntimeException e) {
        samplerFailed = true;
        Batch unread = new Batch(taken, positions, new int[0]);
        inFlight.add(new Pending<>(unread, CompletableFuture.failedFuture(new SamplerFailure(e))));
        return;
      }
      inFlight.add(p);
      workers.tasks.add(p);
    }
  }

  @Override
  public boolean hasNext() {
    if (closed) return false;
    return workers == null ? batches.hasNext() : !inFlight.isEmpty();
  }

  private void finish() {
    finished = true;
    close();
  }

  @Override
  public B next() {
    if (!hasNext()) {
      throw new NoSuchElementException(
          closed && !finished
              ? "DataLoader: the epoch was closed before its end"
              : "DataLoader: the epoch is over");
    }
    B batch;
    if (workers == null) {
      batch = loading.load(take(), current);
    } else {
      batch = await(inFlight.poll());
      fill();
    }
    task.step(1);
    if (!hasNext()) finish();
    return batch;
  }

  private B await(Pending<B> head) {
    try {
      return head.result.get();
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new DataLoaderException(
          "DataLoader: interrupted while waiting for batch " + head.batch.number,
          e,
          head.batch.number,
          -1);
    } catch (ExecutionException e) {
      close();
      if (e.getCause() instanceof SamplerFailure s) throw (RuntimeException) s.getCause();
      Failure f = (Failure) e.getCause();
      Batch b = head.batch;
      throw new DataLoaderException(
          f.index >= 0
              ? "DataLoader: sample "
                  + f.index
                  + " (batch "
                  + b.number
                  + ") failed on a worker thread: "
                  + f.getCause()
              : "DataLoader: collating batch "
                  + b.number
                  + " (samples "
                  + Arrays.toString(b.indices)
                  + ") failed on a worker thread: "
                  + f.getCause(),
          f.getCause(),
          b.number,
          f.index);
    }
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    task.close();
    inFlight.clear();
    if (workers != null) {
      cleanable.clean();
      workers.join();
    }
  }
}
