package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Merges dims {@code startDim..endDim} (1 to -1 by default: everything but the batch dim),
 * typically between a layer that keeps a spatial shape and a {@link Linear} that needs rows:
 *
 * <pre>{@code
 * new Flatten().forward(Tensor.zeros(8, 3, 4, 5)).shape(); // [8, 60]
 * }</pre>
 */
public final class Flatten extends Module {
  private final int startDim;
  private final int endDim;

  /** Flattens all dims but the first: {@code [N, d1, ..., dk] -> [N, d1 * ... * dk]}. */
  public Flatten() {
    this(1, -1);
  }

  /**
   * Flattens dims {@code startDim} to {@code endDim}, inclusive. The dims are checked against the
   * input in {@link #forward(Tensor)}.
   *
   * @param startDim the first dim to merge (negative counts from the end)
   * @param endDim the last dim to merge (negative counts from the end)
   */
  public Flatten(int startDim, int endDim) {
    this.startDim = startDim;
    this.endDim = endDim;
  }

  /**
   * Reshapes {@code input} so that dims {@code startDim..endDim} become one, of their sizes'
   * product; the elements keep their row-major order. For the default {@code [N, d1, ..., dk] ->
   * [N, d1 * ... * dk]}. A 0-d input becomes [1]. Derivative: {@code grad} reshaped back.
   *
   * @param input the tensor to flatten
   * @return the flattened tensor
   * @throws dev.autograd.TensorException if a dim is out of range for {@code input}, or {@code
   *     startDim} comes after {@code endDim}
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("Flatten.forward", "input", input);
    return input.flatten(startDim, endDim);
  }

  @Override
  protected String extraRepr() {
    return "start_dim=" + startDim + ", end_dim=" + endDim;
  }
}
