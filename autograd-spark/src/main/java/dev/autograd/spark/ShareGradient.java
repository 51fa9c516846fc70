package dev.autograd.spark;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.nn.Module;
import java.util.Arrays;
import java.util.List;

/**
 * The gradient of one share of a global micro-batch, the one computation both trainers run: the
 * local trainer on the whole batch, each Spark partition on the examples of the batch it holds.
 */
final class ShareGradient {
  private ShareGradient() {}

  /**
   * Adds to {@code sum} the gradient of {@code scale * loss(share)} with {@code scale = (n / B) /
   * M} for a mean loss and {@code 1 / M} for a summed one ({@code n} examples in the share, {@code
   * B} in the batch, {@code M} micro-batches per step), so the shares of all micro-batches add up
   * to the step's gradient; and the share's part of micro-batch {@code micro}'s loss.
   */
  static void accumulate(
      Module model,
      List<Tensor> params,
      BatchLoss lossFn,
      int batchSize,
      int accumulationSteps,
      List<Example> share,
      int micro,
      GradientSum sum) {
    if (share.isEmpty()) return;
    DType dtype = params.isEmpty() ? DType.FLOAT32 : params.get(0).dtype();
    for (Tensor p : params) p.setGrad(null);
    Tensor[] batch = stack(share, dtype);
    Tensor loss = lossFn.compute(model.call(batch[0]), batch[1]);
    if (loss == null || loss.numel() != 1) {
      throw new TrainingException(
          "Trainer: the loss must be a scalar tensor, got "
              + (loss == null ? "null" : "shape " + Arrays.toString(loss.shape())));
    }
    double weight =
        lossFn.reduction() == BatchLoss.Reduction.MEAN ? (double) share.size() / batchSize : 1.0;
    loss.mul(weight / accumulationSteps).backward();
    sum.microLoss[micro] += loss.item() * weight;
    Flat.addGradients(params, sum.grad, sum.hasGrad);
    for (Tensor p : params) p.setGrad(null);
  }

  /** The share's features and targets, stacked along a new dimension 0. */
  static Tensor[] stack(List<Example> share, DType dtype) {
    Example first = share.get(0);
    int nf = first.featureCount();
    int nt = first.targetCount();
    double[] features = new double[share.size() * nf];
    double[] targets = new double[share.size() * nt];
    for (int i = 0; i < share.size(); i++) {
      share.get(i).copyFeatures(features, i * nf);
      share.get(i).copyTarget(targets, i * nt);
    }
    return new Tensor[] {
      Tensor.of(features, dtype, withBatch(share.size(), first.featureShape())),
      Tensor.of(targets, dtype, withBatch(share.size(), first.targetShape()))
    };
  }

  private static int[] withBatch(int n, int[] shape) {
    int[] out = new int[shape.length + 1];
    out[0] = n;
    System.arraycopy(shape, 0, out, 1, shape.length);
    return out;
  }
}
