package dev.autograd.data;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The indices of a {@link Sampler} grouped into batches of {@code batchSize}, as PyTorch's {@code
 * BatchSampler}: the last batch is smaller when the epoch does not divide evenly, or dropped with
 * {@code dropLast}.
 *
 * <pre>{@code
 * BatchSampler batches = new BatchSampler(new SequentialSampler(data), 3, false);
 * // with 10 samples: [0, 1, 2], [3, 4, 5], [6, 7, 8], [9]
 * }</pre>
 */
public final class BatchSampler implements Iterable<int[]> {
  private final Sampler sampler;
  private final int batchSize;
  private final boolean dropLast;

  /**
   * Batches of the indices of {@code sampler}.
   *
   * @param sampler the order of the indices
   * @param batchSize the number of indices per batch, positive
   * @param dropLast whether to drop the last batch when it is smaller than {@code batchSize}
   * @throws IllegalArgumentException if {@code sampler} is null or {@code batchSize} is not
   *     positive
   */
  public BatchSampler(Sampler sampler, int batchSize, boolean dropLast) {
    this.sampler = Checks.nonNull("BatchSampler", "sampler", sampler);
    if (batchSize < 1) {
      throw new IllegalArgumentException(
          "BatchSampler: batchSize should be a positive integer, got " + batchSize);
    }
    this.batchSize = batchSize;
    this.dropLast = dropLast;
  }

  /**
   * The number of indices per full batch.
   *
   * @return the batch size
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Whether a last batch smaller than {@link #batchSize()} is dropped.
   *
   * @return the dropLast flag
   */
  public boolean dropLast() {
    return dropLast;
  }

  /**
   * The number of batches per epoch.
   *
   * @return {@code size / batchSize}, rounded down with dropLast and up without it
   */
  public int size() {
    int n = sampler.size();
    // not (n + batchSize - 1) / batchSize, which overflows near Integer.MAX_VALUE
    return n / batchSize + (dropLast || n % batchSize == 0 ? 0 : 1);
  }

  /**
   * A new epoch: the sampler's next order, in batches.
   *
   * @return an iterator over new arrays of indices
   */
  @Override
  public Iterator<int[]> iterator() {
    Iterator<Integer> indices = sampler.iterator();
    return new Iterator<>() {
      private int[] pending = fill();

      private int[] fill() {
        int[] batch = new int[batchSize];
        int k = 0;
        while (k < batchSize && indices.hasNext()) batch[k++] = indices.next();
        if (k == 0 || (dropLast && k < batchSize)) return null;
        return k == batchSize ? batch : Arrays.copyOf(batch, k);
      }

      @Override
      public boolean hasNext() {
        return pending != null;
      }

      @Override
      public int[] next() {
        if (pending == null) throw new NoSuchElementException("BatchSampler: the epoch is over");
        int[] batch = pending;
        pending = fill();
        return batch;
      }
    };
  }
}
