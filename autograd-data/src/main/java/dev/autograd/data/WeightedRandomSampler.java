package dev.autograd.data;

import dev.autograd.Generator;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Indices drawn with probabilities proportional to their weights, as PyTorch's {@code
 * WeightedRandomSampler} (which draws with {@code torch.multinomial}): index {@code i} of {@code
 * weights.length} comes with probability {@code weights[i] / sum(weights)}, and an index of weight
 * 0 never comes.
 *
 * <p>With replacement (the default) the {@code numSamples} draws of an epoch are independent.
 * Without replacement an epoch is a draw of {@code numSamples} distinct indices, each next index
 * chosen among those not yet drawn with probability proportional to its weight; as in PyTorch this
 * is done by taking the {@code numSamples} largest keys {@code weights[i] / E_i}, {@code E_i}
 * standard exponential, which has exactly that distribution. Each epoch draws anew from the {@link
 * Generator}, so that the same seed gives the same epochs.
 *
 * <p>A typical use is balancing classes: weight each sample by the inverse of its class's count.
 *
 * <pre>{@code
 * double[] weights = {0.1, 0.1, 0.8};
 * Sampler sampler = new WeightedRandomSampler(weights, 1000, new Generator(0));
 * // about 800 of the 1000 indices are 2
 * DataLoader<List<Tensor>, List<Tensor>> loader =
 *     DataLoader.builder(data).sampler(sampler).batchSize(32).build();
 * }</pre>
 */
public final class WeightedRandomSampler implements Sampler {
  private final double[] weights; // scaled so that the largest is 1, which keeps their sum finite
  private final int numSamples;
  private final boolean replacement;
  private final Generator generator;
  private final double[] cumulative; // with replacement: the running sums of the weights

  /**
   * A sampler of {@code numSamples} indices per epoch, drawn with replacement from the global
   * generator.
   *
   * @param weights one non-negative finite weight per index, not all 0; need not sum to 1
   * @param numSamples the number of indices per epoch, positive
   * @throws IllegalArgumentException if a weight is negative, NaN or infinite, all are 0, or {@code
   *     numSamples} is not positive
   */
  public WeightedRandomSampler(double[] weights, int numSamples) {
    this(weights, numSamples, true, Generator.global());
  }

  /**
   * A sampler of {@code numSamples} indices per epoch, drawn with replacement.
   *
   * @param weights one non-negative finite weight per index, not all 0; need not sum to 1
   * @param numSamples the number of indices per epoch, positive
   * @param generator the source of the draws
   * @throws IllegalArgumentException if an argument is null, a weight is negative, NaN or infinite,
   *     all are 0, or {@code numSamples} is not positive
   */
  public WeightedRandomSampler(double[] weights, int numSamples, Generator generator) {
    this(weights, numSamples, true, generator);
  }

  /**
   * A sampler of {@code numSamples} indices per epoch, with or without replacement.
   *
   * @param weights one non-negative finite weight per index, not all 0; need not sum to 1
   * @param numSamples the number of indices per epoch, positive; without replacement at most the
   *     number of non-zero weights
   * @param replacement whether an index may come more than once in an epoch
   * @param generator the source of the draws
   * @throws IllegalArgumentException if an argument is null, a weight is negative, NaN or infinite,
   *     all are 0, {@code numSamples} is not positive, or (without replacement) larger than the
   *     number of non-zero weights
   */
  public WeightedRandomSampler(
      double[] weights, int numSamples, boolean replacement, Generator generator) {
    String call = "WeightedRandomSampler";
    Checks.nonNull(call, "weights", weights);
    this.generator = Checks.nonNull(call, "generator", generator);
    if (numSamples < 1) {
      throw new IllegalArgumentException(
          call + ": numSamples should be a positive integer, got " + numSamples);
    }
    if (weights.length == 0) {
      throw new IllegalArgumentException(call + ": weights is empty; expected one per index");
    }
    double max = 0;
    int nonZero = 0;
    for (int i = 0; i < weights.length; i++) {
      double w = weights[i];
      if (!(w >= 0) || w == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException(
            call + ": weights[" + i + "] = " + w + "; weights should be finite and non-negative");
      }
      if (w > 0) nonZero++;
      max = Math.max(max, w);
    }
    if (nonZero == 0) {
      throw new IllegalArgumentException(
          call + ": all " + weights.length + " weights are 0; at least one should be positive");
    }
    if (!replacement && numSamples > nonZero) {
      throw new IllegalArgumentException(
          "WeightedRandomSampler: cannot draw numSamples = "
              + numSamples
              + " distinct indices without replacement from "
              + nonZero
              + " non-zero weights");
    }
    this.weights = new double[weights.length];
    for (int i = 0; i < weights.length; i++) this.weights[i] = weights[i] / max;
    this.numSamples = numSamples;
    this.replacement = replacement;
    if (replacement) {
      cumulative = new double[weights.length];
      double sum = 0;
      for (int i = 0; i < weights.length; i++) cumulative[i] = sum += this.weights[i];
    } else {
      cumulative = null;
    }
  }

  /**
   * Whether an index may come more than once in an epoch.
   *
   * @return the replacement flag
   */
  public boolean replacement() {
    return replacement;
  }

  /**
   * The number of indices one epoch yields.
   *
   * @return {@code numSamples}
   */
  @Override
  public int size() {
    return numSamples;
  }

  /**
   * A new epoch of {@code numSamples} indices in [0, weights.length).
   *
   * @return an iterator over the indices drawn
   */
  @Override
  public Iterator<Integer> iterator() {
    int[] order = replacement ? withReplacement() : withoutReplacement();
    return Indices.of(order, "WeightedRandomSampler");
  }

  /** Inverse-CDF draws: the first index whose running sum exceeds u * total. */
  private int[] withReplacement() {
    int n = cumulative.length;
    double total = cumulative[n - 1];
    int last = n - 1;
    while (weights[last] == 0) last--;
    int[] order = new int[numSamples];
    for (int k = 0; k < numSamples; k++) {
      double u = generator.nextUniform() * total;
      int lo = 0;
      int hi = n; // invariant: the answer is in [lo, hi]
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cumulative[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      // u * total may round up to total; the last positive weight then takes it
      order[k] = Math.min(lo, last);
    }
    return order;
  }

  /** The numSamples largest keys w / E, E ~ Exp(1), among the positive weights. */
  private int[] withoutReplacement() {
    int n = weights.length;
    double[] keys = new double[n];
    Integer[] ids = new Integer[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
      // drawn for every index, so that the draws do not depend on where the zeros are
      double e = -Math.log1p(-generator.nextUniform());
      keys[i] = weights[i] == 0 ? Double.NEGATIVE_INFINITY : weights[i] / e;
    }
    Arrays.sort(ids, (a, b) -> Double.compare(keys[b], keys[a]));
    int[] order = new int[numSamples];
    for (int k = 0; k < numSamples; k++) order[k] = ids[k];
    return order;
  }
}
