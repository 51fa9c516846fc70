package dev.autograd.data;

import dev.autograd.Generator;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * What a {@link DataLoader} is loading while it calls {@link Dataset#get(int)}: the sample's index,
 * its position in the epoch, the epoch, and a {@link Generator} of the sample's own. It plays the
 * part of PyTorch's {@code torch.utils.data.get_worker_info()}, but per sample rather than per
 * worker, so that random augmentations give the same numbers whatever the number of workers.
 *
 * <p>A data set that draws random numbers in {@code get} (a random crop, noise) takes them from
 * {@link #random()}. Inside a loader that is the sample's generator, seeded from the loader's base
 * seed of the epoch (drawn from the loader's {@link DataLoader.Builder#generator(Generator)
 * generator} at the start of each epoch, as PyTorch's {@code base_seed}), the epoch number and the
 * sample's position in the epoch: the same loader seed gives the same samples, bit for bit, on the
 * calling thread and on any number of worker threads, and a new epoch gives new numbers. The
 * position rather than the index keys the seed so that an index drawn twice in one epoch (by a
 * sampler with replacement) gets two different draws.
 *
 * <pre>{@code
 * Dataset<Tensor> noisy = new Dataset<>() {
 *   public int size() { return images.size(0); }
 *   public Tensor get(int i) {
 *     Tensor image = images.select(0, i);
 *     return image.add(Tensor.randn(SampleContext.random(), image.shape()).mul(0.1));
 *   }
 * };
 * }</pre>
 *
 * <p>Outside a loader (a direct call of {@code get}) there is no context: {@link #current()} is
 * empty and {@link #random()} is {@link Generator#global()}.
 */
public final class SampleContext {
  private static final ThreadLocal<SampleContext> CURRENT = new ThreadLocal<>();

  private static final long GAMMA = 0x9e3779b97f4a7c15L;

  private final int index;
  private final int position;
  private final int epoch;
  private final long seed;
  private Generator generator; // made on first use: most data sets never ask for it

  SampleContext(long baseSeed, int epoch, int position, int index) {
    this.index = index;
    this.position = position;
    this.epoch = epoch;
    this.seed = seed(baseSeed, epoch, position);
  }

  /**
   * The seed of the sample at {@code position} of epoch {@code epoch}: SplitMix64's mix applied in
   * turn to the base seed and the two counters, so that nearby counters give unrelated seeds.
   */
  static long seed(long baseSeed, int epoch, int position) {
    long h = mix64(baseSeed + GAMMA * (epoch + 1L));
    return mix64(h + GAMMA * (position + 1L));
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * The context of the sample this thread is loading for a {@link DataLoader}.
   *
   * @return the context, or empty outside a loader's call of {@link Dataset#get(int)}
   */
  public static Optional<SampleContext> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /**
   * The generator for the random numbers of the sample being loaded: {@link #generator()} of the
   * current context, or {@link Generator#global()} outside a loader.
   *
   * <pre>{@code
   * boolean flip = SampleContext.random().nextUniform() < 0.5;
   * }</pre>
   *
   * @return the sample's generator
   */
  public static Generator random() {
    SampleContext c = CURRENT.get();
    return c == null ? Generator.global() : c.generator();
  }

  /**
   * The sample's index in the data set.
   *
   * @return the index passed to {@link Dataset#get(int)}
   */
  public int index() {
    return index;
  }

  /**
   * The sample's position in the epoch's order: 0 for the first sample of the first batch.
   *
   * @return the position, counted across batches
   */
  public int position() {
    return position;
  }

  /**
   * The epoch: 0 for the loader's first {@link DataLoader#iterator()}, 1 for the next, and so on.
   *
   * @return the epoch number
   */
  public int epoch() {
    return epoch;
  }

  /**
   * The seed of {@link #generator()}.
   *
   * @return a function of the loader's base seed, the epoch and the position
   */
  public long seed() {
    return seed;
  }

  /**
   * The sample's own generator, the same instance for every call during one {@code get}.
   *
   * @return a generator seeded with {@link #seed()}
   */
  public Generator generator() {
    if (generator == null) generator = new Generator(seed);
    return generator;
  }

  /** Calls {@code get} with this context set on the calling thread. */
  <T> T load(IntFunction<T> get) {
    SampleContext outer = CURRENT.get();
    CURRENT.set(this);
    try {
      return get.apply(index);
    } finally {
      if (outer == null) CURRENT.remove();
      else CURRENT.set(outer);
    }
  }
}
