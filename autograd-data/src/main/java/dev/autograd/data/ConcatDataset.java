package dev.autograd.data;

import java.util.Arrays;
import java.util.List;

/**
 * Data sets one after another, as PyTorch's {@code ConcatDataset}: index {@code i} reads the data
 * set whose range holds {@code i}.
 *
 * <pre>{@code
 * ConcatDataset<List<Tensor>> both = new ConcatDataset<>(List.of(train, extra));
 * both.size(); // train.size() + extra.size()
 * both.get(train.size()); // extra.get(0)
 * }</pre>
 *
 * @param <T> the type of one sample
 */
public final class ConcatDataset<T> implements Dataset<T> {
  private final List<Dataset<? extends T>> datasets;

  /** cumulativeSizes[k]: the total size of datasets 0..k. */
  private final int[] cumulativeSizes;

  /**
   * The concatenation of {@code datasets}, in order.
   *
   * @param datasets at least one data set; the list is copied
   * @throws IllegalArgumentException if the list is empty or holds null, or the total size passes
   *     {@code Integer.MAX_VALUE}
   */
  public ConcatDataset(List<? extends Dataset<? extends T>> datasets) {
    Checks.nonNull("ConcatDataset", "datasets", datasets);
    if (datasets.isEmpty()) {
      throw new IllegalArgumentException(
          "ConcatDataset: expected at least one data set, got an empty list");
    }
    cumulativeSizes = new int[datasets.size()];
    long total = 0;
    for (int k = 0; k < datasets.size(); k++) {
      Checks.nonNull("ConcatDataset", "data set " + k, datasets.get(k));
      total += datasets.get(k).size();
      if (total > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "ConcatDataset: the total size passes Integer.MAX_VALUE at data set " + k);
      }
      cumulativeSizes[k] = (int) total;
    }
    this.datasets = List.copyOf(datasets);
  }

  /**
   * The data sets concatenated.
   *
   * @return an unmodifiable list, in order
   */
  public List<Dataset<? extends T>> datasets() {
    return datasets;
  }

  @Override
  public int size() {
    return cumulativeSizes[cumulativeSizes.length - 1];
  }

  @Override
  public T get(int index) {
    Checks.index("ConcatDataset.get", index, size());
    // the first data set whose cumulative size passes index (empty data sets are skipped)
    int k = Arrays.binarySearch(cumulativeSizes, index + 1);
    if (k < 0) k = -k - 1;
    else while (k > 0 && cumulativeSizes[k - 1] == index + 1) k--;
    int start = k == 0 ? 0 : cumulativeSizes[k - 1];
    return datasets.get(k).get(index - start);
  }
}
