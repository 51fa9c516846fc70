package dev.autograd.nn;

import dev.autograd.DType;
import dev.autograd.Functional;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share, as PyTorch's {@code _BatchNorm}: the
 * affine parameters {@code weight} (ones) and {@code bias} (zeros), the buffers {@code
 * running_mean} (zeros), {@code running_var} (ones) and {@code num_batches_tracked}, and the
 * forward pass, which uses the batch's statistics in training mode (or without running statistics)
 * and the running ones in eval mode.
 */
abstract class BatchNormLayer extends Module {
  private final String layer;
  private final int numFeatures;
  private final double eps;
  private final Double momentum;
  private final boolean affine;
  private final boolean trackRunningStats;

  BatchNormLayer(
      String layer,
      int numFeatures,
      double eps,
      Double momentum,
      boolean affine,
      boolean trackRunningStats) {
    if (numFeatures <= 0) {
      throw new IllegalArgumentException(
          layer + ": numFeatures must be positive, got " + numFeatures);
    }
    if (!(eps > 0))
      throw new IllegalArgumentException(layer + ": eps must be positive, got " + eps);
    this.layer = layer;
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.trackRunningStats = trackRunningStats;
    if (affine) {
      registerParameter("weight", Tensor.ones(numFeatures));
      registerParameter("bias", Tensor.zeros(numFeatures));
    }
    if (trackRunningStats) {
      registerBuffer("running_mean", Tensor.zeros(numFeatures));
      registerBuffer("running_var", Tensor.ones(numFeatures));
      registerBuffer("num_batches_tracked", Tensor.zeros(DType.INT64));
    }
  }

  /** Refuses an input of a rank this layer does not take, as PyTorch's _check_input_dim. */
  abstract void checkInputDim(Tensor input);

  /**
   * Normalises each channel (dim 1): {@code (x - mean) / sqrt(var + eps) * weight + bias}.
   *
   * @param input [N, C, ...] with C = numFeatures
   * @return the normalised input, of its shape
   * @throws TensorException if the rank or the channels do not fit, or a channel has one value in
   *     training mode
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull(layer + ".forward", "input", input);
    checkInputDim(input);
    if (input.shape()[1] != numFeatures) {
      throw new TensorException(
          layer
              + ".forward: expected "
              + numFeatures
              + " channels (dim 1), got input of shape "
              + Shapes.format(input.shape()));
    }
    double factor = momentum == null ? 0 : momentum;
    if (isTraining() && trackRunningStats) {
      Tensor count = buffer("num_batches_tracked");
      try (dev.autograd.Autograd.Scope ignored = dev.autograd.Autograd.noGrad()) {
        count.add_(1);
      }
      // momentum None: the cumulative average over the batches seen
      if (momentum == null) factor = 1.0 / count.item();
    }
    boolean useBatch = isTraining() || !trackRunningStats;
    // Tracked statistics are updated in training and used in eval mode.
    Tensor mean = trackRunningStats ? buffer("running_mean") : null;
    Tensor var = trackRunningStats ? buffer("running_var") : null;
    return Functional.batchNorm(
        input,
        mean,
        var,
        affine ? parameter("weight") : null,
        affine ? parameter("bias") : null,
        useBatch,
        factor,
        eps);
  }

  @Override
  protected String extraRepr() {
    return numFeatures
        + ", eps="
        + PyRepr.of(eps)
        + ", momentum="
        + (momentum == null ? "None" : PyRepr.of(momentum))
        + ", affine="
        + PyRepr.bool(affine)
        + ", track_running_stats="
        + PyRepr.bool(trackRunningStats);
  }
}
