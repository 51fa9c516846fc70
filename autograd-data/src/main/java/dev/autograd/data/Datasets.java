package dev.autograd.data;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Operations on data sets: {@link #randomSplit(Dataset, int[], Generator)} as PyTorch's {@code
 * random_split}.
 *
 * <pre>{@code
 * List<Subset<List<Tensor>>> parts =
 *     Datasets.randomSplit(data, new double[] {0.8, 0.2}, new Generator(42));
 * Subset<List<Tensor>> train = parts.get(0);
 * Subset<List<Tensor>> test = parts.get(1);
 * }</pre>
 */
public final class Datasets {
  private Datasets() {}

  /**
   * Splits {@code dataset} into disjoint subsets of the given lengths, the indices drawn as one
   * random permutation ({@link Tensor#randperm(Generator, int)}) and cut in order.
   *
   * @param <T> the type of one sample
   * @param dataset the data set to split
   * @param lengths the size of each part, non-negative, summing to {@code dataset.size()}
   * @param generator the source of the permutation; the same seed gives the same split
   * @return one subset per length, in order
   * @throws IllegalArgumentException if an argument is null, a length is negative, or the lengths
   *     do not sum to the data set's size
   */
  public static <T> List<Subset<T>> randomSplit(
      Dataset<T> dataset, int[] lengths, Generator generator) {
    Checks.nonNull("randomSplit", "dataset", dataset);
    Checks.nonNull("randomSplit", "lengths", lengths);
    Checks.nonNull("randomSplit", "generator", generator);
    long sum = 0;
    for (int i = 0; i < lengths.length; i++) {
      if (lengths[i] < 0) {
        throw new IllegalArgumentException(
            "randomSplit: lengths[" + i + "] = " + lengths[i] + " is negative");
      }
      sum += lengths[i];
    }
    if (sum != dataset.size()) {
      throw new IllegalArgumentException(
          "randomSplit: the lengths "
              + Arrays.toString(lengths)
              + " sum to "
              + sum
              + ", not to the data set's size "
              + dataset.size());
    }
    double[] perm = Tensor.randperm(generator, (int) sum).toDoubleArray();
    List<Subset<T>> parts = new ArrayList<>(lengths.length);
    int offset = 0;
    for (int length : lengths) {
      int[] indices = new int[length];
      for (int j = 0; j < length; j++) indices[j] = (int) perm[offset + j];
      offset += length;
      parts.add(new Subset<>(dataset, indices));
    }
    return List.copyOf(parts);
  }

  /**
   * Splits {@code dataset} into disjoint subsets holding the given fractions of it, as PyTorch's
   * {@code random_split} with fractions: each part gets {@code floor(size * fraction)} samples,
   * then the samples left over are dealt one each to parts 0, 1, 2, ... in turn.
   *
   * <p>For example 10 samples split by {@code {0.5, 0.3, 0.2}} give 5, 3, 2; 11 samples by {@code
   * {1/3, 1/3, 1/3}} give 4, 4, 3.
   *
   * @param <T> the type of one sample
   * @param dataset the data set to split
   * @param fractions each in [0, 1], summing to 1 (within 1e-9, and not above it)
   * @param generator the source of the permutation; the same seed gives the same split
   * @return one subset per fraction, in order
   * @throws IllegalArgumentException if an argument is null, a fraction is outside [0, 1], or the
   *     fractions do not sum to 1
   */
  public static <T> List<Subset<T>> randomSplit(
      Dataset<T> dataset, double[] fractions, Generator generator) {
    Checks.nonNull("randomSplit", "dataset", dataset);
    Checks.nonNull("randomSplit", "fractions", fractions);
    return randomSplit(dataset, splitLengths(dataset.size(), fractions), generator);
  }

  /** The lengths PyTorch's {@code random_split} gives {@code fractions} of {@code n}. */
  static int[] splitLengths(int n, double[] fractions) {
    double sum = 0;
    for (int i = 0; i < fractions.length; i++) {
      if (!(fractions[i] >= 0 && fractions[i] <= 1)) {
        throw new IllegalArgumentException(
            "randomSplit: fractions[" + i + "] = " + fractions[i] + " is not between 0 and 1");
      }
      sum += fractions[i];
    }
    // math.isclose(sum, 1) with its default relative tolerance, and not above 1
    if (!(Math.abs(sum - 1) <= 1e-9 && sum <= 1)) {
      throw new IllegalArgumentException(
          "randomSplit: the fractions "
              + Arrays.toString(fractions)
              + " sum to "
              + sum
              + "; expected 1");
    }
    int[] lengths = new int[fractions.length];
    int assigned = 0;
    for (int i = 0; i < fractions.length; i++) {
      lengths[i] = (int) Math.floor(n * fractions[i]);
      assigned += lengths[i];
    }
    for (int i = 0; i < n - assigned; i++) lengths[i % lengths.length]++;
    return lengths;
  }
}
