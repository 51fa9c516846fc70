package dev.autograd.data;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Batches of a data set, as PyTorch's {@code DataLoader}: each {@link #iterator()} is one epoch,
 * its batches the samples of a {@link BatchSampler} passed through a collate function, read on the
 * calling thread or, with {@link Builder#numWorkers(int)}, ahead of the loop by worker threads.
 *
 * <p>The default collate function is {@link #defaultCollate(List)}: samples that are tensors are
 * stacked along a new dim 0, and samples that are lists of tensors (as {@link TensorDataset}'s)
 * give the list of the stacked elements, as PyTorch's {@code default_collate}.
 *
 * <pre>{@code
 * TensorDataset data = new TensorDataset(x, y); // x [100, 3], y [100]
 * DataLoader<List<Tensor>, List<Tensor>> loader =
 *     DataLoader.builder(data).batchSize(32).shuffle(true).generator(new Generator(0)).build();
 * for (List<Tensor> batch : loader) {
 *   Tensor xb = batch.get(0); // [32, 3], the last batch [4, 3]
 *   Tensor yb = batch.get(1); // [32]
 * }
 * }</pre>
 *
 * @param <T> the type of one sample
 * @param <B> the type of one batch, as the collate function makes it
 */
public final class DataLoader<T, B> implements Iterable<B> {
  private final Dataset<T> dataset;
  private final int batchSize;
  private final boolean shuffle;
  private final boolean dropLast;
  private final Generator generator;
  private final Sampler sampler; // null: sequential, or random with shuffle
  private final Function<? super List<T>, ? extends B> collate; // null: the default
  private final int numWorkers;
  private final int prefetchFactor;
  private final Progress progress;
  private final AtomicInteger epochs = new AtomicInteger();

  private DataLoader(Builder<T, B> b) {
    this.dataset = b.dataset;
    this.batchSize = b.batchSize;
    this.shuffle = b.shuffle;
    this.dropLast = b.dropLast;
    this.generator = b.generator;
    this.sampler = b.sampler;
    this.collate = b.collate;
    this.numWorkers = b.numWorkers;
    this.prefetchFactor = b.prefetchFactor == null ? 2 : b.prefetchFactor;
    this.progress = b.progress;
  }

  /**
   * A builder of a loader over {@code dataset} with PyTorch's defaults: batchSize 1, no shuffle,
   * the last batch kept, the default collate function and the global generator.
   *
   * @param <T> the type of one sample
   * @param dataset the data set to load
   * @return a new builder
   * @throws IllegalArgumentException if {@code dataset} is null
   */
  public static <T> Builder<T, T> builder(Dataset<T> dataset) {
    return new Builder<>(Checks.nonNull("DataLoader", "dataset", dataset), null);
  }

  /**
   * The data set loaded.
   *
   * @return the data set
   */
  public Dataset<T> dataset() {
    return dataset;
  }

  /**
   * The number of samples per full batch.
   *
   * @return the batch size
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * The number of worker threads that load the batches; 0 for the calling thread.
   *
   * @return the numWorkers option
   */
  public int numWorkers() {
    return numWorkers;
  }

  /**
   * The number of batches each worker thread loads ahead.
   *
   * @return the prefetchFactor option (2 by default)
   */
  public int prefetchFactor() {
    return prefetchFactor;
  }

  /**
   * The number of batches per epoch.
   *
   * @return the sampler's size (by default the data set's) over {@code batchSize}, rounded down
   *     with dropLast and up without it
   */
  public int size() {
    Sampler order = sampler == null ? new SequentialSampler(dataset) : sampler;
    return new BatchSampler(order, batchSize, dropLast).size();
  }

  /**
   * A new epoch: with shuffle, a new order drawn from the generator. Over an empty data set the
   * epoch has no batch, as in PyTorch.
   *
   * <p>The sampler's order is drawn first, then the epoch's base seed (one draw from the generator,
   * as PyTorch's {@code base_seed}) from which each sample's {@link SampleContext} generator is
   * seeded. With {@code numWorkers > 0} the worker threads start here and batches are prefetched at
   * once; they stop when the last batch is returned, when a batch fails, or on {@link
   * Epoch#close()}. An epoch left before its end should be closed (try-with-resources); one that is
   * not is stopped only when it is garbage collected.
   *
   * <pre>{@code
   * try (DataLoader.Epoch<List<Tensor>> epoch = loader.iterator()) {
   *   while (epoch.hasNext()) {
   *     List<Tensor> batch = epoch.next();
   *     if (done(batch)) break; // the workers stop at the end of the block
   *   }
   * }
   * }</pre>
   *
   * @return the epoch's batches
   */
  @Override
  public Epoch<B> iterator() {
    Sampler order =
        sampler != null
            ? sampler
            : shuffle ? new RandomSampler(dataset, generator) : new SequentialSampler(dataset);
    Iterator<int[]> batches = new BatchSampler(order, batchSize, dropLast).iterator();
    long baseSeed = (long) (generator.nextUniform() * 0x1p53);
    int epoch = epochs.getAndIncrement();
    LoaderEpoch.Loading<T, B> loading =
        new LoaderEpoch.Loading<>(dataset, this::batch, baseSeed, epoch);
    Progress.Task task = progress.start("DataLoader epoch " + epoch, size(), "batches");
    return new LoaderEpoch<>(dataset, batches, loading, numWorkers, prefetchFactor, task);
  }

  /**
   * The batches of one epoch, as {@link DataLoader#iterator()} returns them: an iterator that holds
   * worker threads while it runs, and that {@link #close()} stops.
   *
   * @param <B> the type of one batch
   */
  public interface Epoch<B> extends Iterator<B>, AutoCloseable {
    /**
     * Ends the epoch before its last batch: stops the worker threads and waits for them to end
     * (each finishes the sample it is reading). Afterwards {@link #hasNext()} is false. Closing an
     * epoch that is over, or closing twice, does nothing.
     */
    @Override
    void close();
  }

  // without a collate function of its own the loader was built as a DataLoader<T, T>
  @SuppressWarnings("unchecked")
  private B batch(List<T> samples, int[] indices) {
    return collate == null ? (B) defaultCollate(samples, indices) : collate.apply(samples);
  }

  /**
   * PyTorch's {@code default_collate} for tensors: tensors of one shape are stacked along a new dim
   * 0 ({@link Tensor#stack(List, int)}); lists of equal length are collated element by element,
   * giving a list of the same length (and so for lists of lists).
   *
   * <pre>{@code
   * List<Tensor> batch = DataLoader.defaultCollate(List.of(data.get(0), data.get(1)));
   * // [x[0:2], y[0:2]]
   * }</pre>
   *
   * @param <T> the type of one sample: a Tensor, or a List of them
   * @param samples at least one sample
   * @return the batch, of the samples' type
   * @throws IllegalArgumentException if there is no sample, a sample is neither a tensor nor a
   *     list, or the shapes or lengths differ; the message names the positions in {@code samples}
   */
  public static <T> T defaultCollate(List<T> samples) {
    Checks.nonNull("DataLoader.defaultCollate", "samples", samples);
    int[] positions = new int[samples.size()];
    for (int i = 0; i < positions.length; i++) positions[i] = i;
    return defaultCollate(samples, positions);
  }

  /** The default collate, naming samples by {@code ids} (their indices in the data set). */
  @SuppressWarnings("unchecked")
  private static <T> T defaultCollate(List<T> samples, int[] ids) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("DataLoader: cannot collate an empty batch");
    }
    return (T) collate(samples, ids, "");
  }

  private static Object collate(List<?> samples, int[] ids, String where) {
    Object first = samples.get(0);
    if (first instanceof Tensor) {
      List<Tensor> tensors = new ArrayList<>(samples.size());
      int[] shape = ((Tensor) first).shape();
      for (int i = 0; i < samples.size(); i++) {
        Object s = samples.get(i);
        if (!(s instanceof Tensor)) throw unsupported(s, ids[i], where);
        Tensor t = (Tensor) s;
        if (!Arrays.equals(t.shape(), shape)) {
          throw new IllegalArgumentException(
              "DataLoader: samples of different shapes in one batch: "
                  + where
                  + "sample "
                  + ids[0]
                  + " has shape "
                  + Arrays.toString(shape)
                  + " but "
                  + where
                  + "sample "
                  + ids[i]
                  + " has shape "
                  + Arrays.toString(t.shape())
                  + "; the default collate stacks equal shapes (give the builder a collate"
                  + " function to batch them otherwise)");
        }
        tensors.add(t);
      }
      return Tensor.stack(tensors, 0);
    }
    if (first instanceof List) {
      int length = ((List<?>) first).size();
      for (int i = 0; i < samples.size(); i++) {
        Object s = samples.get(i);
        if (!(s instanceof List)) throw unsupported(s, ids[i], where);
        if (((List<?>) s).size() != length) {
          throw new IllegalArgumentException(
              "DataLoader: samples of different lengths in one batch: "
                  + where
                  + "sample "
                  + ids[0]
                  + " has "
                  + length
                  + " elements but "
                  + where
                  + "sample "
                  + ids[i]
                  + " has "
                  + ((List<?>) s).size());
        }
      }
      List<Object> out = new ArrayList<>(length);
      for (int k = 0; k < length; k++) {
        List<Object> column = new ArrayList<>(samples.size());
        for (Object s : samples) column.add(((List<?>) s).get(k));
        out.add(collate(column, ids, "element " + k + " of " + where));
      }
      return List.copyOf(out);
    }
    throw unsupported(first, ids[0], where);
  }

  private static IllegalArgumentException unsupported(Object sample, int id, String where) {
    return new IllegalArgumentException(
        "DataLoader: the default collate takes Tensors and Lists of them, but "
            + where
            + "sample "
            + id
            + " is "
            + (sample == null ? "null" : "a " + sample.getClass().getName())
            + "; give the builder a collate function for such samples");
  }

  /**
   * Options of a {@link DataLoader}; each setter returns this builder.
   *
   * @param <T> the type of one sample
   * @param <B> the type of one batch
   */
  public static final class Builder<T, B> {
    private final Dataset<T> dataset;
    private int batchSize = 1;
    private boolean shuffle;
    private boolean dropLast;
    private Generator generator = Generator.global();
    private Sampler sampler;
    private int numWorkers;
    private Integer prefetchFactor; // null: not set, 2 with workers
    private Progress progress = Progress.none();
    private final Function<? super List<T>, ? extends B> collate;

    private Builder(Dataset<T> dataset, Function<? super List<T>, ? extends B> collate) {
      this.dataset = dataset;
      this.collate = collate;
    }

    /**
     * The number of samples per batch (default 1).
     *
     * @param batchSize positive
     * @return this builder
     * @throws IllegalArgumentException if {@code batchSize} is below 1
     */
    public Builder<T, B> batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException(
            "DataLoader: batchSize should be a positive integer, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Whether each epoch visits the samples in a new random order (default false).
     *
     * @param shuffle true to shuffle
     * @return this builder
     */
    public Builder<T, B> shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /**
     * Whether a last batch smaller than the batch size is dropped (default false).
     *
     * @param dropLast true to drop it
     * @return this builder
     */
    public Builder<T, B> dropLast(boolean dropLast) {
      this.dropLast = dropLast;
      return this;
    }

    /**
     * The source of the shuffled orders and of each epoch's base seed for the samples' {@link
     * SampleContext} generators (default {@link Generator#global()}, drawn from once per epoch even
     * without shuffle, as PyTorch's default generator); a generator of its own makes the epochs
     * independent of other random draws.
     *
     * @param generator the generator
     * @return this builder
     * @throws IllegalArgumentException if {@code generator} is null
     */
    public Builder<T, B> generator(Generator generator) {
      this.generator = Checks.nonNull("DataLoader", "generator", generator);
      return this;
    }

    /**
     * The order of the indices of each epoch, as PyTorch's {@code sampler} argument, instead of the
     * sequential order or (with shuffle) a {@link RandomSampler}; for example a {@link
     * WeightedRandomSampler}. Its indices should be in [0, dataset.size()).
     *
     * <pre>{@code
     * DataLoader<List<Tensor>, List<Tensor>> balanced =
     *     DataLoader.builder(data)
     *         .sampler(new WeightedRandomSampler(weights, data.size(), new Generator(0)))
     *         .batchSize(32)
     *         .build();
     * }</pre>
     *
     * @param sampler the sampler; its size gives the length of an epoch
     * @return this builder
     * @throws IllegalArgumentException if {@code sampler} is null
     */
    public Builder<T, B> sampler(Sampler sampler) {
      this.sampler = Checks.nonNull("DataLoader", "sampler", sampler);
      return this;
    }

    /**
     * The number of worker threads that load batches ahead of the loop (default 0: the calling
     * thread loads each batch when it is asked for), as PyTorch's {@code num_workers}, but with
     * threads of this JVM rather than processes. The batches come in the sampler's order whatever
     * the number of workers, and a sample's random numbers, drawn from {@link
     * SampleContext#random()}, do not depend on it: the same seed gives the same batches, bit for
     * bit, for 0, 1 or 8 workers.
     *
     * <p>With workers, {@link Dataset#get(int)} and the collate function run on several threads at
     * once and should be safe for that (reading tensors is). The threads are daemon threads named
     * {@code DataLoader-<n>-worker-<i>}, started by each {@link DataLoader#iterator()} and stopped
     * at the end of the epoch, on an error, or by {@link Epoch#close()}. An exception thrown on a
     * worker comes out of {@code next()} as a {@link DataLoaderException} naming the sample's index
     * and the batch, the original as its cause; on the calling thread it comes out as it is.
     *
     * <pre>{@code
     * DataLoader<List<Tensor>, List<Tensor>> loader =
     *     DataLoader.builder(data).batchSize(64).shuffle(true).numWorkers(2).build();
     * }</pre>
     *
     * @param numWorkers 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code numWorkers} is negative
     */
    public Builder<T, B> numWorkers(int numWorkers) {
      if (numWorkers < 0) {
        throw new IllegalArgumentException(
            "DataLoader: numWorkers should be a non-negative integer, got " + numWorkers);
      }
      this.numWorkers = numWorkers;
      return this;
    }

    /**
     * The number of batches each worker loads ahead (default 2), as PyTorch's {@code
     * prefetch_factor}: at most {@code numWorkers * prefetchFactor} batches are in flight (being
     * loaded or waiting to be taken) beyond the one the loop holds, which bounds the memory the
     * prefetching takes. Only for {@code numWorkers > 0}, as in PyTorch.
     *
     * @param prefetchFactor positive
     * @return this builder
     * @throws IllegalArgumentException if {@code prefetchFactor} is below 1
     */
    public Builder<T, B> prefetchFactor(int prefetchFactor) {
      if (prefetchFactor < 1) {
        throw new IllegalArgumentException(
            "DataLoader: prefetchFactor should be a positive integer, got " + prefetchFactor);
      }
      this.prefetchFactor = prefetchFactor;
      return this;
    }

    /**
     * Where each epoch reports its progress (default {@link Progress#none()}: nothing): a task
     * labelled {@code DataLoader epoch <n>} counting the batches returned, with their rate and the
     * time left in the epoch, closed at the epoch's end or by {@link Epoch#close()}.
     *
     * <pre>{@code
     * DataLoader<List<Tensor>, List<Tensor>> loader =
     *     DataLoader.builder(data).batchSize(64).progress(Progress.console()).build();
     * }</pre>
     *
     * @param progress the progress
     * @return this builder
     * @throws IllegalArgumentException if {@code progress} is null
     */
    public Builder<T, B> progress(Progress progress) {
      this.progress = Checks.nonNull("DataLoader", "progress", progress);
      return this;
    }

    /**
     * The function that makes a batch of a list of samples (default {@link
     * DataLoader#defaultCollate(List)}).
     *
     * <pre>{@code
     * DataLoader<List<Tensor>, Tensor> inputs =
     *     DataLoader.builder(data).batchSize(8).collate(s -> DataLoader.defaultCollate(s).get(0))
     *         .build();
     * }</pre>
     *
     * @param <C> the type of one batch
     * @param collate the function, given the samples of one batch in order
     * @return a builder with the same options and this collate function
     * @throws IllegalArgumentException if {@code collate} is null
     */
    public <C> Builder<T, C> collate(Function<? super List<T>, ? extends C> collate) {
      Builder<T, C> b = new Builder<>(dataset, Checks.nonNull("DataLoader", "collate", collate));
      b.batchSize = batchSize;
      b.shuffle = shuffle;
      b.dropLast = dropLast;
      b.generator = generator;
      b.sampler = sampler;
      b.numWorkers = numWorkers;
      b.prefetchFactor = prefetchFactor;
      b.progress = progress;
      return b;
    }

    /**
     * The loader with these options.
     *
     * @return a new loader; over an empty data set its epochs have no batch
     * @throws IllegalArgumentException if both a sampler and shuffle were given (as in PyTorch, the
     *     sampler decides the order), or a prefetchFactor without workers
     */
    public DataLoader<T, B> build() {
      if (prefetchFactor != null && numWorkers == 0) {
        throw new IllegalArgumentException(
            "DataLoader: prefetchFactor("
                + prefetchFactor
                + ") applies to worker threads only; set numWorkers > 0, or leave prefetchFactor"
                + " unset");
      }
      if (sampler != null && shuffle) {
        throw new IllegalArgumentException(
            "DataLoader: the sampler option is mutually exclusive with shuffle(true); the sampler"
                + " decides the order (give a RandomSampler, or no sampler, to shuffle)");
      }
      return new DataLoader<>(this);
    }
  }
}
