package dev.autograd;

import dev.autograd.internal.Storage;
import java.util.SplittableRandom;

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
 */
public final class Generator {
  private static final Generator GLOBAL = new Generator(0);

  private SplittableRandom random;
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
    random = new SplittableRandom(seed);
    hasSpare = false;
    return this;
  }

  /**
   * A uniform number in [0, 1).
   *
   * @return the next number, with the 53 bits of precision of a double
   */
  public synchronized double nextUniform() {
    return random.nextDouble();
  }

  /**
   * A uniform number in [0, 1) with the 24 bits of precision of a float: a multiple of 2^-24, so
   * that it stays below 1 when stored as FLOAT32 (a double this close to 1 would round up to 1).
   *
   * @return the next number
   */
  public synchronized double nextFloat() {
    return (random.nextInt() >>> 8) * 0x1.0p-24;
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
      u = 2 * random.nextDouble() - 1;
      v = 2 * random.nextDouble() - 1;
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
    return random.nextInt(bound);
  }
}
