package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.TensorException;

/**
 * Batch normalisation of a 4-D input [N, C, H, W], as PyTorch's {@code BatchNorm2d}: each channel
 * normalised by the batch's mean and variance in training mode (and the running statistics updated,
 * {@code running = (1 - momentum) running + momentum batch}, with the unbiased variance), by the
 * running statistics in eval mode, then scaled by {@code weight} and shifted by {@code bias}.
 *
 * <pre>
 * y = (x - mean) / sqrt(var + eps) * weight + bias
 * </pre>
 *
 * <p>The state dict holds PyTorch's keys: {@code weight}, {@code bias}, {@code running_mean},
 * {@code running_var} and {@code num_batches_tracked} (INT64), so PyTorch's statistics load
 * unchanged.
 *
 * <pre>{@code
 * BatchNorm2d bn = new BatchNorm2d(16);
 * bn.eval(); // normalise with the running statistics
 * }</pre>
 */
public final class BatchNorm2d extends BatchNormLayer {
  /**
   * PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics.
   *
   * @param numFeatures the channels C
   * @throws IllegalArgumentException if numFeatures is not positive
   */
  public BatchNorm2d(int numFeatures) {
    this(numFeatures, 1e-5, 0.1, true, true);
  }

  /**
   * Every setting of PyTorch's {@code BatchNorm2d}.
   *
   * @param numFeatures the channels C
   * @param eps added to the variance
   * @param momentum the weight of each batch in the running statistics, or null for their
   *     cumulative average
   * @param affine learn a weight and a bias
   * @param trackRunningStats keep running statistics (without them, the batch's are used in eval
   *     mode too)
   * @throws IllegalArgumentException if numFeatures or eps is not positive
   */
  public BatchNorm2d(
      int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
    super("BatchNorm2d", numFeatures, eps, momentum, affine, trackRunningStats);
  }

  @Override
  void checkInputDim(Tensor input) {
    if (input.dim() != 4) {
      throw new TensorException(
          "BatchNorm2d.forward: expected 4D input (got " + input.dim() + "D input)");
    }
  }
}
