package dev.autograd.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The indices 0, 1, ..., size - 1 of a data set in order, every epoch, as PyTorch's {@code
 * SequentialSampler}.
 *
 * <pre>{@code
 * for (int index : new SequentialSampler(data)) { ... } // 0, 1, 2, ...
 * }</pre>
 */
public final class SequentialSampler implements Sampler {
  private final Dataset<?> dataset;

  /**
   * A sampler over the indices of {@code dataset}, whose size is read at each epoch.
   *
   * @param dataset the data set sampled
   * @throws IllegalArgumentException if {@code dataset} is null
   */
  public SequentialSampler(Dataset<?> dataset) {
    this.dataset = Checks.nonNull("SequentialSampler", "dataset", dataset);
  }

  @Override
  public int size() {
    return dataset.size();
  }

  @Override
  public Iterator<Integer> iterator() {
    int n = dataset.size();
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < n;
      }

      @Override
      public Integer next() {
        if (next >= n) throw new NoSuchElementException("SequentialSampler: the epoch is over");
        return next++;
      }
    };
  }
}
