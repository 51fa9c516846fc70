package dev.autograd.data;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import java.util.Iterator;

/**
 * The indices of a data set in random order, as PyTorch's {@code RandomSampler}: a new order each
 * epoch, drawn from the {@link Generator}, so that the same seed gives the same epochs.
 *
 * <p>Without replacement an epoch of the default length is a permutation of all indices; with
 * {@code numSamples} larger than the data set, whole permutations follow one another and the last
 * is cut short. With replacement each index is drawn uniformly and independently.
 *
 * <pre>{@code
 * Sampler shuffled = new RandomSampler(data, new Generator(42));
 * Sampler bootstrap = new RandomSampler(data, true, 1000, new Generator(42));
 * }</pre>
 */
public final class RandomSampler implements Sampler {
  private final Dataset<?> dataset;
  private final boolean replacement;
  private final int numSamples; // 0: the data set's size, read at each epoch
  private final Generator generator;

  /**
   * A sampler yielding a new permutation of the indices of {@code dataset} each epoch.
   *
   * @param dataset the data set sampled
   * @param generator the source of the orders
   * @throws IllegalArgumentException if an argument is null
   */
  public RandomSampler(Dataset<?> dataset, Generator generator) {
    this(dataset, false, 0, generator, true);
  }

  /**
   * A sampler yielding {@code numSamples} indices each epoch, with or without replacement.
   *
   * @param dataset the data set sampled
   * @param replacement whether an index may come more than once in an epoch
   * @param numSamples the number of indices per epoch, positive
   * @param generator the source of the orders
   * @throws IllegalArgumentException if an argument is null or {@code numSamples} is not positive
   */
  public RandomSampler(
      Dataset<?> dataset, boolean replacement, int numSamples, Generator generator) {
    this(dataset, replacement, numSamples, generator, false);
  }

  private RandomSampler(
      Dataset<?> dataset,
      boolean replacement,
      int numSamples,
      Generator generator,
      boolean defaultLength) {
    this.dataset = Checks.nonNull("RandomSampler", "dataset", dataset);
    this.generator = Checks.nonNull("RandomSampler", "generator", generator);
    if (!defaultLength && numSamples <= 0) {
      throw new IllegalArgumentException(
          "RandomSampler: numSamples should be a positive integer, got " + numSamples);
    }
    this.replacement = replacement;
    this.numSamples = numSamples;
  }

  /**
   * Whether an index may come more than once in an epoch.
   *
   * @return the replacement flag
   */
  public boolean replacement() {
    return replacement;
  }

  @Override
  public int size() {
    return numSamples == 0 ? dataset.size() : numSamples;
  }

  @Override
  public Iterator<Integer> iterator() {
    int n = dataset.size();
    int count = size();
    if (count > 0 && n == 0) {
      throw new IllegalStateException(
          "RandomSampler: cannot draw " + count + " indices from an empty data set");
    }
    int[] order = new int[count];
    if (replacement) {
      for (int i = 0; i < count; i++) order[i] = generator.nextInt(n);
    } else {
      for (int start = 0; start < count; start += n) {
        double[] perm = Tensor.randperm(generator, n).toDoubleArray();
        for (int j = 0; j < n && start + j < count; j++) order[start + j] = (int) perm[j];
      }
    }
    return Indices.of(order, "RandomSampler");
  }
}
