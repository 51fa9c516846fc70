package dev.autograd.data;

/**
 * The samples of a data set at the given indices, in their order, as PyTorch's {@code Subset}.
 *
 * <pre>{@code
 * Subset<List<Tensor>> firstTen = new Subset<>(data, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
 * firstTen.get(3); // data.get(3)
 * }</pre>
 *
 * @param <T> the type of one sample
 */
public final class Subset<T> implements Dataset<T> {
  private final Dataset<T> dataset;
  private final int[] indices;

  /**
   * The samples of {@code dataset} at {@code indices}.
   *
   * @param dataset the data set read
   * @param indices indices into it, each in [0, dataset.size()); copied
   * @throws IllegalArgumentException if an argument is null or an index is out of range
   */
  public Subset(Dataset<T> dataset, int[] indices) {
    Checks.nonNull("Subset", "dataset", dataset);
    Checks.nonNull("Subset", "indices", indices);
    int n = dataset.size();
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= n) {
        throw new IllegalArgumentException(
            "Subset: indices["
                + i
                + "] = "
                + indices[i]
                + " is out of range for a data set of size "
                + n);
      }
    }
    this.dataset = dataset;
    this.indices = indices.clone();
  }

  /**
   * The data set this subset reads.
   *
   * @return the underlying data set
   */
  public Dataset<T> dataset() {
    return dataset;
  }

  /**
   * The indices into {@link #dataset()}.
   *
   * @return a copy of the indices, in order
   */
  public int[] indices() {
    return indices.clone();
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public T get(int index) {
    Checks.index("Subset.get", index, indices.length);
    return dataset.get(indices[index]);
  }
}
