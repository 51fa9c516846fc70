package dev.autograd.spark;

import dev.autograd.Tensor;
import java.io.Serializable;

/**
 * The loss of a batch: the model's output and the targets of some examples to a scalar tensor.
 * Serializable, because executors compute it on their share of each global batch.
 *
 * <p>The trainer makes the shares' gradients add up to the gradient of the whole global batch. For
 * a loss that is the mean over the examples of a per-example loss (such as {@code MSELoss} or
 * {@code CrossEntropyLoss} with their default reduction "mean" and no class weights), which is
 * {@link Reduction#MEAN}, a share of {@code n} examples out of a global batch of {@code B} has its
 * loss multiplied by {@code n / B}: {@code sum_p (n_p / B) * mean_{i in p} l_i = (1 / B) * sum_i
 * l_i}. For a loss that sums over the examples ({@link Reduction#SUM}) the shares' losses are added
 * as they are. A loss that is neither (a weighted mean whose weights depend on the batch's targets,
 * or one that couples the examples) cannot be split into shares and is not exact.
 *
 * <pre>{@code
 * BatchLoss mse = (output, target) -> output.sub(target).pow(2).mean();
 * BatchLoss summed = BatchLoss.summed((output, target) -> output.sub(target).pow(2).sum());
 * }</pre>
 */
@FunctionalInterface
public interface BatchLoss extends Serializable {
  /** How a batch's loss is made of its examples' losses. */
  enum Reduction {
    /** The mean over the batch's examples. */
    MEAN,
    /** The sum over the batch's examples. */
    SUM
  }

  /**
   * The loss of a batch.
   *
   * @param output the model's output for the batch's features, the batch in dimension 0
   * @param target the batch's targets, stacked the same way, in the model's dtype
   * @return a scalar tensor
   */
  Tensor compute(Tensor output, Tensor target);

  /**
   * How {@link #compute} reduces over the examples; {@link Reduction#MEAN} unless overridden (see
   * {@link #summed}).
   *
   * @return the reduction
   */
  default Reduction reduction() {
    return Reduction.MEAN;
  }

  /**
   * A loss that sums over the examples, as {@code reduction="sum"} does in PyTorch.
   *
   * @param loss the loss, summing over the batch
   * @return {@code loss} declared as {@link Reduction#SUM}
   */
  static BatchLoss summed(BatchLoss loss) {
    if (loss == null) throw new TrainingException("BatchLoss.summed: loss is null");
    return new SummedLoss(loss);
  }
}
