package dev.autograd.data;

/**
 * The order in which a data set's indices are visited, as PyTorch's {@code Sampler}: each call of
 * {@link #iterator()} starts a new epoch.
 *
 * <pre>{@code
 * Sampler sampler = new RandomSampler(data, new Generator(0));
 * for (int index : sampler) {
 *   List<Tensor> sample = data.get(index);
 * }
 * }</pre>
 */
public interface Sampler extends Iterable<Integer> {
  /**
   * The number of indices one epoch yields.
   *
   * @return the length of an epoch, non-negative
   */
  int size();
}
