package dev.autograd.data;

/**
 * A batch a {@link DataLoader}'s worker threads could not make: the data set's {@code get} or the
 * collate function threw (the original exception is the {@linkplain #getCause() cause}), or the
 * thread waiting for the batch was interrupted. The message names the sample's index and the batch;
 * the loader's epoch is over and its threads are stopped.
 *
 * <pre>{@code
 * try {
 *   for (List<Tensor> batch : loader) { ... }
 * } catch (DataLoaderException e) {
 *   System.err.println("bad sample " + e.index() + ": " + e.getCause());
 * }
 * }</pre>
 */
public final class DataLoaderException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The number of the batch in the epoch, from 0. */
  private final int batch;

  /** The index in the data set of the sample that failed, or -1 for the batch as a whole. */
  private final int index;

  DataLoaderException(String message, Throwable cause, int batch, int index) {
    super(message, cause);
    this.batch = batch;
    this.index = index;
  }

  /**
   * The number of the batch in the epoch, from 0.
   *
   * @return the batch that failed
   */
  public int batch() {
    return batch;
  }

  /**
   * The index in the data set of the sample whose {@code get} threw.
   *
   * @return the index, or -1 when the collate function threw or the wait was interrupted
   */
  public int index() {
    return index;
  }
}
