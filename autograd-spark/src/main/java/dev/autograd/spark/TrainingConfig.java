package dev.autograd.spark;

import dev.autograd.Tensor;
import dev.autograd.optim.EpochScheduler;
import dev.autograd.optim.Optimizer;
import java.util.List;
import java.util.function.Function;

/**
 * What to train and how, shared by {@link LocalTrainer} and {@link SparkTrainer}: the model, the
 * loss, the optimizer and scheduler, and how the examples are cut into batches.
 *
 * <p>Each optimizer step uses {@code accumulationSteps} consecutive global batches of {@code
 * batchSize} examples: its gradient is {@code (1 / M) * sum_m grad L_m} over the {@code M}
 * micro-batches' losses {@code L_m}, as {@code (loss / M).backward()} once per micro-batch does in
 * a PyTorch loop. The gradient is then clipped to {@code maxGradNorm} (if set), the optimizer steps
 * (with its own weight decay), and the scheduler (if any) steps once.
 *
 * <p>Global batch {@code g} (counting micro-batches from 0) is cut from a permutation of the
 * example indices {@code 0..N-1} drawn for its epoch {@code e = g / (N / batchSize)} from a
 * generator seeded with {@code seed} and {@code e}; the examples of a last incomplete batch of an
 * epoch are left out of that epoch (PyTorch's {@code drop_last=True}), so every batch has exactly
 * {@code batchSize} examples. Batches depend only on the seed and the step, never on where they are
 * computed.
 *
 * <pre>{@code
 * TrainingConfig config =
 *     TrainingConfig.builder()
 *         .model(() -> new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 1)))
 *         .loss((output, target) -> output.sub(target).pow(2).mean())
 *         .optimizer(params -> new Adam(params, 1e-3))
 *         .scheduler(optimizer -> new StepLR(optimizer, 100, 0.5))
 *         .batchSize(64)
 *         .maxGradNorm(1.0)
 *         .seed(42)
 *         .build();
 * }</pre>
 */
public final class TrainingConfig {
  private final ModelFactory model;
  private final BatchLoss loss;
  private final Function<List<Tensor>, Optimizer> optimizer;
  private final Function<Optimizer, EpochScheduler> scheduler;
  private final int batchSize;
  private final int accumulationSteps;
  private final double maxGradNorm;
  private final long seed;

  private TrainingConfig(Builder b) {
    this.model = b.model;
    this.loss = b.loss;
    this.optimizer = b.optimizer;
    this.scheduler = b.scheduler;
    this.batchSize = b.batchSize;
    this.accumulationSteps = b.accumulationSteps;
    this.maxGradNorm = b.maxGradNorm;
    this.seed = b.seed;
  }

  /**
   * A builder; {@link Builder#model}, {@link Builder#loss}, {@link Builder#optimizer} and {@link
   * Builder#batchSize} are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The model factory.
   *
   * @return the factory
   */
  public ModelFactory model() {
    return model;
  }

  /**
   * The loss.
   *
   * @return the loss
   */
  public BatchLoss loss() {
    return loss;
  }

  /**
   * The optimizer factory, applied once to the driver's model's parameters.
   *
   * @return the factory
   */
  public Function<List<Tensor>, Optimizer> optimizer() {
    return optimizer;
  }

  /**
   * The scheduler factory, or null for none.
   *
   * @return the factory or null
   */
  public Function<Optimizer, EpochScheduler> scheduler() {
    return scheduler;
  }

  /**
   * The number of examples in a global batch.
   *
   * @return the batch size, positive
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * The number of global batches whose gradients each optimizer step accumulates.
   *
   * @return at least 1
   */
  public int accumulationSteps() {
    return accumulationSteps;
  }

  /**
   * The largest 2-norm of the gradient of all parameters together, or {@link Double#NaN} for no
   * clipping.
   *
   * @return the norm, or NaN
   */
  public double maxGradNorm() {
    return maxGradNorm;
  }

  /**
   * The seed the batches are drawn from.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /** Builds a {@link TrainingConfig}; each setter returns this builder. */
  public static final class Builder {
    private ModelFactory model;
    private BatchLoss loss;
    private Function<List<Tensor>, Optimizer> optimizer;
    private Function<Optimizer, EpochScheduler> scheduler;
    private int batchSize;
    private int accumulationSteps = 1;
    private double maxGradNorm = Double.NaN;
    private long seed;

    private Builder() {}

    /**
     * Sets the model factory (required).
     *
     * @param model builds the model, on the driver and on each executor
     * @return this builder
     */
    public Builder model(ModelFactory model) {
      this.model = model;
      return this;
    }

    /**
     * Sets the loss (required).
     *
     * @param loss the loss of a batch, reducing as its {@link BatchLoss#reduction()} says
     * @return this builder
     */
    public Builder loss(BatchLoss loss) {
      this.loss = loss;
      return this;
    }

    /**
     * Sets the optimizer factory (required): any optimizer of {@code dev.autograd.optim}.
     *
     * @param optimizer builds the optimizer over the driver's model's parameters
     * @return this builder
     */
    public Builder optimizer(Function<List<Tensor>, Optimizer> optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /**
     * Sets the scheduler factory (optional); the scheduler steps once after each optimizer step.
     *
     * @param scheduler builds the scheduler of the optimizer
     * @return this builder
     */
    public Builder scheduler(Function<Optimizer, EpochScheduler> scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /**
     * Sets the number of examples in a global batch (required).
     *
     * @param batchSize positive, and at most the number of examples
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Sets how many global batches each optimizer step accumulates (1 unless set).
     *
     * @param accumulationSteps at least 1
     * @return this builder
     */
    public Builder accumulationSteps(int accumulationSteps) {
      this.accumulationSteps = accumulationSteps;
      return this;
    }

    /**
     * Clips the gradient to this 2-norm before each optimizer step, as {@code
     * ClipGrad.clipGradNorm} does (no clipping unless set).
     *
     * @param maxGradNorm non-negative
     * @return this builder
     */
    public Builder maxGradNorm(double maxGradNorm) {
      this.maxGradNorm = maxGradNorm;
      return this;
    }

    /**
     * Sets the seed of the batches (0 unless set).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The configuration.
     *
     * @return a new configuration
     * @throws TrainingException if a required setting is missing or a value is out of range; the
     *     message names the setting and the value
     */
    public TrainingConfig build() {
      String op = "TrainingConfig.build";
      if (model == null) throw new TrainingException(op + ": model is not set");
      if (loss == null) throw new TrainingException(op + ": loss is not set");
      if (optimizer == null) throw new TrainingException(op + ": optimizer is not set");
      if (batchSize <= 0) {
        throw new TrainingException(op + ": batchSize must be positive, got " + batchSize);
      }
      if (accumulationSteps < 1) {
        throw new TrainingException(
            op + ": accumulationSteps must be at least 1, got " + accumulationSteps);
      }
      if (!Double.isNaN(maxGradNorm) && !(maxGradNorm >= 0)) {
        throw new TrainingException(op + ": maxGradNorm must be non-negative, got " + maxGradNorm);
      }
      return new TrainingConfig(this);
    }
  }
}
