package dev.autograd.data;

/**
 * A data set of {@link #size()} samples read by index, as PyTorch's map-style {@code Dataset}
 * ({@code __len__} and {@code __getitem__}).
 *
 * <pre>{@code
 * Dataset<Integer> squares = new Dataset<>() {
 *   public int size() { return 10; }
 *   public Integer get(int index) { return index * index; }
 * };
 * }</pre>
 *
 * @param <T> the type of one sample
 */
public interface Dataset<T> {
  /**
   * The number of samples.
   *
   * @return the size, non-negative
   */
  int size();

  /**
   * The sample at {@code index}.
   *
   * @param index in [0, size())
   * @return the sample
   * @throws IndexOutOfBoundsException if the index is out of range
   */
  T get(int index);
}
