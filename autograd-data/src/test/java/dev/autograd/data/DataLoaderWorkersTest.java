package dev.autograd.data;

import static dev.autograd.data.DataLoaderTest.pairs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class DataLoaderWorkersTest {
  static final int[] WORKER_COUNTS = {0, 1, 2, 4};

  static Dataset<Tensor> dataset(int size, IntFunction<Tensor> get) {
    return new Dataset<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Tensor get(int index) {
        return get.apply(index);
      }
    };
  }

  /** Sample i: [i, i + noise, i + noise'] with noise from the sample's generator. */
  static Dataset<Tensor> noisy(int size) {
    return dataset(
        size, i -> Tensor.randn(SampleContext.random(), 3).mul(0.1).add(Tensor.full(i, 3)));
  }

  static long liveWorkerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(LoaderEpoch.THREAD_PREFIX))
        .count();
  }

  /** The bits of every batch of {@code epochs} epochs. */
  static List<double[]> run(DataLoader<?, Tensor> loader, int epochs) {
    List<double[]> out = new ArrayList<>();
    for (int e = 0; e < epochs; e++) for (Tensor b : loader) out.add(b.toDoubleArray());
    return out;
  }

  static DataLoader<Tensor, Tensor> noisyLoader(int workers, long seed) {
    DataLoader.Builder<Tensor, Tensor> b =
        DataLoader.builder(noisy(23)).batchSize(4).shuffle(true).generator(new Generator(seed));
    return b.numWorkers(workers).build();
  }

  @Test
  void theSameSeedGivesTheSameBitsWhateverTheNumberOfWorkers() {
    List<double[]> reference = run(noisyLoader(0, 11), 3);
    assertEquals(18, reference.size()); // 6 batches an epoch
    for (int workers : WORKER_COUNTS) {
      List<double[]> got = run(noisyLoader(workers, 11), 3);
      assertEquals(reference.size(), got.size());
      for (int k = 0; k < got.size(); k++) {
        assertArrayEquals(reference.get(k), got.get(k), workers + " workers, batch " + k);
      }
    }
    // the noise really is there, and is new in each epoch
    double[] first = reference.get(0);
    assertTrue(first[0] != Math.rint(first[0]), "noisy");
    List<double[]> other = run(noisyLoader(2, 12), 1);
    assertFalse(java.util.Arrays.equals(reference.get(0), other.get(0)), "another seed differs");
  }

  @Test
  void eachEpochDrawsNewNoiseForTheSameSample() {
    DataLoader<Tensor, Tensor> loader =
        DataLoader.builder(noisy(1)).numWorkers(2).generator(new Generator(3)).build();
    double[] a = run(loader, 1).get(0);
    double[] b = run(loader, 1).get(0);
    assertFalse(java.util.Arrays.equals(a, b));
    assertEquals(0, Math.rint(a[0]));
    assertEquals(0, Math.rint(b[0]));
  }

  @Test
  void batchesComeInTheSamplersOrderEvenWhenLaterOnesAreReadyFirst() {
    // early samples are the slowest, so that later batches finish first
    Dataset<Tensor> slowStart =
        dataset(
            16,
            i -> {
              sleep(16 - i);
              return Tensor.scalar(i);
            });
    for (int workers : WORKER_COUNTS) {
      DataLoader<Tensor, Tensor> loader =
          DataLoader.builder(slowStart).batchSize(2).numWorkers(workers).build();
      List<double[]> batches = run(loader, 1);
      assertEquals(8, batches.size());
      for (int k = 0; k < 8; k++) {
        assertArrayEquals(new double[] {2 * k, 2 * k + 1}, batches.get(k), workers + " workers");
      }
    }
  }

  @Test
  void workersNeverRunMoreThanNumWorkersTimesPrefetchFactorBatchesAhead() {
    int workers = 2;
    int prefetch = 3;
    int bound = workers * prefetch;
    AtomicInteger delivered = new AtomicInteger();
    AtomicInteger maxAhead = new AtomicInteger(Integer.MIN_VALUE);
    AtomicInteger requested = new AtomicInteger();
    // batchSize 1 and sequential: index i is batch i
    Dataset<Tensor> counting =
        dataset(
            40,
            i -> {
              maxAhead.accumulateAndGet(i - delivered.get(), Math::max);
              requested.incrementAndGet();
              return Tensor.scalar(i);
            });
    DataLoader<Tensor, Tensor> loader =
        DataLoader.builder(counting).numWorkers(workers).prefetchFactor(prefetch).build();
    try (DataLoader.Epoch<Tensor> epoch = loader.iterator()) {
      int k = 0;
      while (epoch.hasNext()) {
        assertEquals(k, epoch.next().item());
        delivered.incrementAndGet();
        k++;
        if (k == 1) {
          // a slow consumer: the workers fill the queue, and stop there
          awaitValue(requested, Math.min(40, 1 + bound));
          sleep(50);
          assertEquals(1 + bound, requested.get(), "batch 0 and the " + bound + " in flight");
        }
      }
      assertEquals(40, k);
    }
    assertTrue(maxAhead.get() <= bound, "ahead by " + maxAhead.get());
  }

  @Test
  void aWorkerExceptionNamesTheSampleAndTheBatchAndStopsTheWorkers() {
    RuntimeException bad = new RuntimeException("cannot read sample 13");
    Dataset<Tensor> failing =
        dataset(
            30,
            i -> {
              if (i == 13) throw bad;
              return Tensor.scalar(i);
            });
    long before = liveWorkerThreads();
    DataLoader<Tensor, Tensor> loader =
        DataLoader.builder(failing).batchSize(4).numWorkers(3).build();
    DataLoader.Epoch<Tensor> epoch = loader.iterator();
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(
          new double[] {4 * k, 4 * k + 1, 4 * k + 2, 4 * k + 3}, epoch.next().toDoubleArray());
    }
    DataLoaderException e = assertThrows(DataLoaderException.class, epoch::next);
    assertEquals(
        "DataLoader: sample 13 (batch 3) failed on a worker thread: java.lang.RuntimeException:"
            + " cannot read sample 13",
        e.getMessage());
    assertSame(bad, e.getCause());
    assertEquals(13, e.index());
    assertEquals(3, e.batch());
    assertFalse(epoch.hasNext(), "the epoch is over");
    assertEquals(before, liveWorkerThreads(), "the workers are stopped");
    // on the calling thread the exception comes as it is
    assertSame(bad, assertThrows(RuntimeException.class, () -> run(withWorkers(failing, 0), 1)));
  }

  @Test
  void aBadSamplerIndexFailsAtItsOwnBatchWhateverTheNumberOfWorkers() {
    Sampler bad =
        new Sampler() {
          @Override
          public int size() {
            return 8;
          }

          @Override
          public java.util.Iterator<Integer> iterator() {
            return List.of(0, 1, 2, 3, 4, 5, 99, 6).iterator();
          }
        };
    long before = liveWorkerThreads();
    for (int workers : WORKER_COUNTS) {
      DataLoader<Tensor, Tensor> loader =
          DataLoader.builder(dataset(10, Tensor::scalar))
              .sampler(bad)
              .batchSize(2)
              .numWorkers(workers)
              .build();
      DataLoader.Epoch<Tensor> epoch = loader.iterator();
      for (int k = 0; k < 3; k++) {
        assertArrayEquals(new double[] {2 * k, 2 * k + 1}, epoch.next().toDoubleArray());
      }
      IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, epoch::next);
      assertEquals(
          "DataLoader: the sampler gave index 99, out of range for a data set of size 10",
          e.getMessage());
      epoch.close();
      assertEquals(before, liveWorkerThreads(), workers + " workers");
    }
  }

  static DataLoader<Tensor, Tensor> withWorkers(Dataset<Tensor> data, int workers) {
    return DataLoader.builder(data).batchSize(4).numWorkers(workers).build();
  }

  @Test
  void aCollateFailureOnAWorkerNamesTheBatchAndItsSamples() {
    Dataset<Tensor> ragged = dataset(6, i -> Tensor.zeros(i == 5 ? 3 : 2));
    DataLoader<Tensor, Tensor> loader =
        DataLoader.builder(ragged).batchSize(3).numWorkers(2).build();
    DataLoader.Epoch<Tensor> epoch = loader.iterator();
    epoch.next();
    DataLoaderException e = assertThrows(DataLoaderException.class, epoch::next);
    assertTrue(
        e.getMessage()
            .startsWith(
                "DataLoader: collating batch 1 (samples [3, 4, 5]) failed on a worker thread:"
                    + " java.lang.IllegalArgumentException: DataLoader: samples of different"
                    + " shapes in one batch: sample 3 has shape [2] but sample 5 has shape [3]"),
        e.getMessage());
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
    assertEquals(-1, e.index());
    assertEquals(1, e.batch());
  }

  @Test
  void noWorkerThreadOutlivesItsEpoch() {
    long before = liveWorkerThreads();
    DataLoader<Tensor, Tensor> loader = withWorkers(noisy(40), 4);
    run(loader, 2); // to the end: the last batch stops them
    assertEquals(before, liveWorkerThreads(), "after full epochs");

    try (DataLoader.Epoch<Tensor> epoch = loader.iterator()) {
      epoch.next(); // and leave early
      assertEquals(before + 4, liveWorkerThreads(), "four workers while the epoch runs");
    }
    assertEquals(before, liveWorkerThreads(), "after close()");

    DataLoader.Epoch<Tensor> closedTwice = loader.iterator();
    closedTwice.close();
    closedTwice.close();
    assertFalse(closedTwice.hasNext());
    assertThrows(java.util.NoSuchElementException.class, closedTwice::next);
    assertEquals(before, liveWorkerThreads(), "after two closes");

    for (Tensor b : withWorkers(dataset(0, Tensor::scalar), 2)) fail("no batch: " + b);
    assertEquals(before, liveWorkerThreads(), "an empty epoch starts none");
  }

  /** Starts an epoch, takes one batch and drops the epoch without closing it. */
  static void abandon(DataLoader<Tensor, Tensor> loader) {
    loader.iterator().next();
  }

  @Test
  void anEpochAbandonedWithoutCloseStopsItsWorkersWhenCollected() {
    long before = liveWorkerThreads();
    abandon(withWorkers(noisy(40), 2));
    // a guard against a hang, not a measurement: the collector runs when asked
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (liveWorkerThreads() > before) {
      if (System.nanoTime() > deadline) fail("the abandoned epoch's workers are still alive");
      System.gc();
      sleep(10);
    }
  }

  @Test
  void anInterruptedConsumerGetsADataLoaderExceptionAndKeepsItsInterrupt() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    Dataset<Tensor> blocking =
        dataset(
            8,
            i -> {
              reading.countDown();
              try {
                new CountDownLatch(1).await(); // until interrupted
              } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
              }
              return Tensor.scalar(i);
            });
    long before = liveWorkerThreads();
    DataLoader<Tensor, Tensor> loader = withWorkers(blocking, 2);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> interruptKept = new AtomicReference<>();
    Thread consumer =
        new Thread(
            () -> {
              try {
                loader.iterator().next();
              } catch (Throwable t) {
                thrown.set(t);
                interruptKept.set(Thread.currentThread().isInterrupted());
              }
            });
    consumer.start();
    reading.await();
    consumer.interrupt();
    consumer.join();
    DataLoaderException e = assertInstanceOf(DataLoaderException.class, thrown.get());
    assertEquals("DataLoader: interrupted while waiting for batch 0", e.getMessage());
    assertInstanceOf(InterruptedException.class, e.getCause());
    assertTrue(interruptKept.get(), "the interrupt flag is set again");
    assertEquals(before, liveWorkerThreads());
  }

  @Test
  void theSampleContextNamesTheSampleAndIsAbsentOutsideALoader() {
    List<int[]> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    Dataset<Tensor> recording =
        dataset(
            5,
            i -> {
              SampleContext c = SampleContext.current().orElseThrow();
              seen.add(new int[] {c.index(), c.position(), c.epoch()});
              assertSame(c.generator(), SampleContext.random());
              return Tensor.scalar(i);
            });
    DataLoader<Tensor, Tensor> loader =
        DataLoader.builder(recording)
            .batchSize(2)
            .shuffle(true)
            .generator(new Generator(1))
            .numWorkers(2)
            .build();
    List<double[]> order = new ArrayList<>();
    for (int e = 0; e < 2; e++) for (Tensor b : loader) order.add(b.toDoubleArray());
    assertEquals(10, seen.size());
    seen.sort((a, b) -> a[2] != b[2] ? a[2] - b[2] : a[1] - b[1]);
    double[] indices = new double[10];
    for (int k = 0; k < 10; k++) {
      assertEquals(k % 5, seen.get(k)[1], "position");
      assertEquals(k / 5, seen.get(k)[2], "epoch");
      indices[k] = seen.get(k)[0];
    }
    double[] flat = order.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
    assertArrayEquals(flat, indices, "the index at each position is the batch's sample");

    assertTrue(SampleContext.current().isEmpty());
    assertSame(Generator.global(), SampleContext.random());
  }

  @Test
  void badWorkerOptionsAreRejectedNamingTheValue() {
    DataLoader.Builder<java.util.List<Tensor>, java.util.List<Tensor>> b =
        DataLoader.builder(pairs(3));
    assertEquals(
        "DataLoader: numWorkers should be a non-negative integer, got -1",
        assertThrows(IllegalArgumentException.class, () -> b.numWorkers(-1)).getMessage());
    assertEquals(
        "DataLoader: prefetchFactor should be a positive integer, got 0",
        assertThrows(IllegalArgumentException.class, () -> b.prefetchFactor(0)).getMessage());
    b.prefetchFactor(4);
    assertTrue(
        assertThrows(IllegalArgumentException.class, b::build)
            .getMessage()
            .startsWith("DataLoader: prefetchFactor(4) applies to worker threads only"));
    DataLoader<?, ?> loader = b.numWorkers(3).build();
    assertEquals(3, loader.numWorkers());
    assertEquals(4, loader.prefetchFactor());
    assertEquals(2, DataLoader.builder(pairs(3)).numWorkers(1).build().prefetchFactor());
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until {@code value} reaches {@code target}; a guard, not a measurement. */
  static void awaitValue(AtomicInteger value, int target) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (value.get() < target) {
      if (System.nanoTime() > deadline) fail("stuck at " + value.get() + " of " + target);
      sleep(1);
    }
  }
}
