package dev.autograd.spark;

import dev.autograd.Generator;
import dev.autograd.Tensor;

/**
 * The global batches of a run: batch {@code g} is the slice {@code [j * B, (j + 1) * B)}, {@code j
 * = g mod (N / B)}, of a permutation of {@code 0..N-1} drawn for epoch {@code g / (N / B)}. A
 * function of the seed, N, B and g only, so the local and the Spark trainer, and a resumed run, cut
 * the same batches.
 */
final class GlobalBatches {
  private final long seed;
  private final int examples;
  private final int batchSize;
  private final int batchesPerEpoch;
  private long cachedEpoch = -1;
  private long[] cachedPermutation;

  GlobalBatches(long seed, int examples, int batchSize) {
    this.seed = seed;
    this.examples = examples;
    this.batchSize = batchSize;
    this.batchesPerEpoch = examples / batchSize;
  }

  /** The example indices of global batch {@code g}, in batch order. */
  long[] batch(long g) {
    long epoch = g / batchesPerEpoch;
    int j = (int) (g % batchesPerEpoch);
    long[] permutation = permutation(epoch);
    long[] out = new long[batchSize];
    System.arraycopy(permutation, j * batchSize, out, 0, batchSize);
    return out;
  }

  private long[] permutation(long epoch) {
    if (epoch != cachedEpoch) {
      double[] p = Tensor.randperm(new Generator(epochSeed(seed, epoch)), examples).toDoubleArray();
      long[] perm = new long[p.length];
      for (int i = 0; i < p.length; i++) perm[i] = (long) p[i];
      cachedPermutation = perm;
      cachedEpoch = epoch;
    }
    return cachedPermutation;
  }

  /**
   * NOTE: mixed, not added: a Generator advances its seed by a fixed constant per draw, so seeds
   * {@code seed + k * constant} would give epochs the same numbers shifted by k draws.
   */
  static long epochSeed(long seed, long epoch) {
    return mix64(seed ^ mix64(epoch + 1));
  }

  /** SplitMix64's finalizer. */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
