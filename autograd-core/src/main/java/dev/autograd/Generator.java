package dev.autograd;

import dev.autograd.internal.Storage;
import java.nio.ByteBuffer;

/**
 * A seedable source of random numbers for {@link Tensor#rand(Generator, int...)} and {@link
 * Tensor#randn(Generator, int...)}; the same seed gives the same numbers on every run and every
 * machine.
 *
 * <p>The ops that take no generator use the global one, reset by {@link Tensor#manualSeed(long)}. A
 * generator may be shared between threads (its methods are synchronized), but then the order of the
 * numbers each thread draws depends on scheduling; give each thread its own for reproducibility.
 *
 * <pre>{@code
 * Generator gen = new Generator(42);
 * Tensor w = Tensor.randn(gen, 3, 2); // the same values on every run
 * }</pre>
 *
 * <p>{@link #getState()} and {@link #setState(Tensor)} save and restore where the sequence is, as
 * PyTorch's {@code get_state}/{@code set_state}: a run resumed from a checkpoint that holds the
 * state draws the numbers the uninterrupted run would have drawn (see {@code Checkpoint}).
 *
 * <p>The numbers are those of {@link java.util.SplittableRandom} seeded alike (its SplitMix64
 * algorithm, written out here so that its state can be read): {@code seed} advances by the constant
 * {@code gamma = 0x9e3779b97f4a7c15} per draw, and each draw is a mix of the new seed.
 */
public final class Generator {
  private static final Generator GLOBAL = new Generator(0);

  private static final long GAMMA = 0x9e3779b97f4a7c15L;

  /** Identifies the layout of {@link #getState()}; changed with the layout. */
  private static final int STATE_TAG = 0x41475231; // "AGR1"

  /** Tag, seed, the spare Gaussian's flag and value. */
  private static final int STATE_BYTES = 4 + 8 + 1 + 8;

  private long seed;
  private double spareGaussian;
  private boolean hasSpare;

  /**
   * A generator seeded with {@code seed}.
   *
   * @param seed the start of the sequence; equal seeds give equal sequences
   */
  public Generator(long seed) {
    manualSeed(seed);
  }

  /**
   * The global generator used by the random ops that are not given one.
   *
   * @return the single global instance, seeded with 0 at start-up
   */
  public static Generator global() {
    return GLOBAL;
  }

  /**
   * Restarts this generator's sequence from {@code seed}.
   *
   * @param seed the start of the sequence; equal seeds give equal sequences
   * @return this generator
   */
  public synchronized Generator manualSeed(long seed) {
    this.seed = seed;
    hasSpare = false;
    spareGaussian = 0;
    return this;
  }

  /**
   * Where this generator's sequence is, as PyTorch's {@code Generator.get_state()}: an opaque INT64
   * tensor of bytes (each element in [0, 255]) for {@link #setState(Tensor)}, on this generator or
   * another. Later draws do not change it.
   *
   * <pre>{@code
   * Tensor state = gen.getState();
   * double a = gen.nextUniform();
   * gen.setState(state);
   * double b = gen.nextUniform(); // a == b
   * }</pre>
   *
   * @return a new 1-D tensor of 21 bytes
   */
  public synchronized Tensor getState() {
    ByteBuffer bytes = ByteBuffer.allocate(STATE_BYTES);
    bytes.putInt(STATE_TAG).putLong(seed).put((byte) (hasSpare ? 1 : 0)).putDouble(spareGaussian);
    long[] values = new long[STATE_BYTES];
    for (int i = 0; i < STATE_BYTES; i++) values[i] = bytes.get(i) & 0xff;
    return Tensor.of(values);
  }

  /**
   * Continues from a state taken by {@link #getState()}, as PyTorch's {@code
   * Generator.set_state(state)}: the numbers drawn next are those drawn after the state was taken.
   *
   * @param state a tensor returned by {@link #getState()} (or one equal to it, such as one loaded
   *     from a checkpoint)
   * @return this generator
   * @throws TensorException if {@code state} is null, not a 1-D INT64 tensor of 21 bytes in [0,
   *     255], or not a state of this generator
   */
  public synchronized Generator setState(Tensor state) {
    if (state == null) throw new TensorException("Generator.setState: state is null");
    if (state.dtype() != DType.INT64 || state.dim() != 1 || state.numel() != STATE_BYTES) {
      throw new TensorException(
          "Generator.setState: expected a 1-D int64 tensor of "
              + STATE_BYTES
              + " bytes, as getState() returns, got "
              + state.dtype().pytorchName()
              + " of shape "
              + java.util.Arrays.toString(state.shape()));
    }
    double[] values = state.toDoubleArray();
    ByteBuffer bytes = ByteBuffer.allocate(STATE_BYTES);
    for (int i = 0; i < STATE_BYTES; i++) {
      if (!(values[i] >= 0 && values[i] <= 255)) {
        throw new TensorException(
            "Generator.setState: element " + i + " is " + (long) values[i] + ", not a byte");
      }
      bytes.put(i, (byte) values[i]);
    }
    int flag = bytes.get(12);
    if (bytes.getInt(0) != STATE_TAG || (flag != 0 && flag != 1)) {
      throw new TensorException(
          "Generator.setState: the tensor is not a state returned by Generator.getState()");
    }
    seed = bytes.getLong(4);
    hasSpare = flag == 1;
    spareGaussian = bytes.getDouble(13);
    return this;
  }

  /** The next 64 bits: SplittableRandom's nextLong. */
  private long nextLong() {
    return mix64(seed += GAMMA);
  }

  /** The next 32 bits: SplittableRandom's nextInt. */
  private int nextInt() {
    long z = seed += GAMMA;
    z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
    return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
  }

  /** The next double in [0, 1): SplittableRandom's nextDouble. */
  private double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * A uniform number in [0, 1).
   *
   * @return the next number, with the 53 bits of precision of a double
   */
  public synchronized double nextUniform() {
    return nextDouble();
  }

  /**
   * A uniform number in [0, 1) with the 24 bits of precision of a float: a multiple of 2^-24, so
   * that it stays below 1 when stored as FLOAT32 (a double this close to 1 would round up to 1).
   *
   * @return the next number
   */
  public synchronized double nextFloat() {
    return (nextInt() >>> 8) * 0x1.0p-24;
  }

  /**
   * A standard normal number (mean 0, variance 1), by the Marsaglia polar method.
   *
   * @return the next number
   */
  public synchronized double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double scale = Math.sqrt(-2 * Math.log(s) / s);
    spareGaussian = v * scale;
    hasSpare = true;
    return u * scale;
  }

  /** Fills {@code out} with uniform numbers in [0, 1), under one lock. */
  synchronized void fillUniform(Storage out, int n) {
    // float precision, so that rounding to float32 can never give 1.0
    for (int i = 0; i < n; i++) out.set(i, nextFloat());
  }

  /** Fills {@code out} with standard normal numbers, under one lock. */
  synchronized void fillGaussian(Storage out, int n) {
    for (int i = 0; i < n; i++) out.set(i, nextGaussian());
  }

  /**
   * A uniform integer in [0, bound).
   *
   * @param bound the exclusive upper bound, positive
   * @return the next integer
   * @throws IllegalArgumentException if {@code bound} is not positive
   */
  public synchronized int nextInt(int bound) {
    if (bound <= 0) throw new IllegalArgumentException("bound must be positive");
    // SplittableRandom's bounded draw: a mask for a power of 2, otherwise rejection of the
    // over-represented tail so that every value is equally likely
    int r = nextInt();
    int m = bound - 1;
    if ((bound & m) == 0) return r & m;
    for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1) {}
    return r;
  }
}
