package dev.autograd.data;

import java.util.function.Function;

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

  /**
   * This data set with {@code function} applied to each sample when it is read, as the {@code
   * transform} argument of torchvision's data sets. The function runs inside {@link #get(int)}, so
   * in a loader it may draw from the sample's generator ({@link SampleContext#random()}, which
   * {@link Transform#apply(Tensor)} uses) and, with workers, on several threads at once.
   *
   * <pre>{@code
   * Dataset<List<Tensor>> train = data.map(Transforms.onElement(0, Transforms.randomHorizontalFlip(0.5)));
   * Dataset<Tensor> images = data.map(sample -> sample.get(0));
   * }</pre>
   *
   * @param <R> the type of a mapped sample
   * @param function the function of a sample
   * @return a view of this data set: same size, samples mapped on each read
   * @throws IllegalArgumentException if {@code function} is null
   */
  default <R> Dataset<R> map(Function<? super T, ? extends R> function) {
    return new MappedDataset<>(this, function);
  }
}
