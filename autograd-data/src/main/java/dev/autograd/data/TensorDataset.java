package dev.autograd.data;

import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tensors that share their first dim, sample {@code i} being the list of their {@code i}-th slices
 * along dim 0, as PyTorch's {@code TensorDataset}.
 *
 * <pre>{@code
 * Tensor x = Tensor.rand(new Generator(0), 100, 3);
 * Tensor y = Tensor.arange(100);
 * TensorDataset data = new TensorDataset(x, y);
 * List<Tensor> sample = data.get(7); // [x[7] of shape [3], y[7] a scalar]
 * }</pre>
 *
 * <p>The slices are views of the tensors ({@link Tensor#select(int, int)}), so no data is copied.
 */
public final class TensorDataset implements Dataset<List<Tensor>> {
  private final List<Tensor> tensors;
  private final int size;

  /**
   * A data set over {@code tensors}.
   *
   * @param tensors at least one tensor, each with at least one dim, all of the same size in dim 0
   * @throws IllegalArgumentException if there is no tensor, one is null or a scalar, or their first
   *     dims differ
   */
  public TensorDataset(Tensor... tensors) {
    if (tensors == null || tensors.length == 0) {
      throw new IllegalArgumentException("TensorDataset: expected at least one tensor, got none");
    }
    for (int i = 0; i < tensors.length; i++) {
      Checks.nonNull("TensorDataset", "tensor " + i, tensors[i]);
      if (tensors[i].dim() == 0) {
        throw new IllegalArgumentException(
            "TensorDataset: tensor " + i + " is a scalar; each tensor needs a first dim to index");
      }
    }
    int n = tensors[0].size(0);
    for (int i = 1; i < tensors.length; i++) {
      if (tensors[i].size(0) != n) {
        throw new IllegalArgumentException(
            "TensorDataset: size mismatch between tensors: tensor 0 has shape "
                + Arrays.toString(tensors[0].shape())
                + " but tensor "
                + i
                + " has shape "
                + Arrays.toString(tensors[i].shape())
                + "; all must have the same size in dim 0");
      }
    }
    this.tensors = List.of(tensors);
    this.size = n;
  }

  /**
   * The tensors this data set slices.
   *
   * @return an unmodifiable list, in the order given
   */
  public List<Tensor> tensors() {
    return tensors;
  }

  @Override
  public int size() {
    return size;
  }

  /**
   * The {@code index}-th slice along dim 0 of each tensor.
   *
   * @param index in [0, size())
   * @return an unmodifiable list with one view per tensor
   * @throws IndexOutOfBoundsException if the index is out of range
   */
  @Override
  public List<Tensor> get(int index) {
    Checks.index("TensorDataset.get", index, size);
    List<Tensor> sample = new ArrayList<>(tensors.size());
    for (Tensor t : tensors) sample.add(t.select(0, index));
    return List.copyOf(sample);
  }
}
