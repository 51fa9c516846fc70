package dev.autograd.spark;

import dev.autograd.nn.Module;
import dev.autograd.optim.EpochScheduler;
import dev.autograd.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Synchronous data-parallel training, the same on one machine ({@link LocalTrainer}) and on a Spark
 * cluster ({@link SparkTrainer}). The model, optimizer and scheduler live on the driver (the
 * calling JVM); each step computes the gradient of the step's global batches (see {@link
 * TrainingConfig}), then clips it, lets the optimizer update the driver's parameters and steps the
 * scheduler. After {@code n} steps both implementations hold the same parameters, up to rounding.
 *
 * <pre>{@code
 * try (Trainer trainer = new SparkTrainer(config, examples)) {
 *   trainer.addListener(r -> System.out.println(r.step() + ": " + r.loss()));
 *   trainer.train(1000);
 *   trainer.saveCheckpoint(Path.of("run/step-1000.agck"));
 * }
 * }</pre>
 */
public interface Trainer extends AutoCloseable {
  /**
   * Runs one optimizer step.
   *
   * @return what the step did
   * @throws TrainingException if the step's gradient could not be computed; the model, optimizer,
   *     scheduler and step count are then unchanged
   */
  StepReport step();

  /**
   * Runs {@code steps} optimizer steps.
   *
   * @param steps how many, non-negative
   * @return the steps' reports, in order
   * @throws TrainingException if {@code steps} is negative, or as {@link #step()}; the steps before
   *     the failing one stay applied
   */
  List<StepReport> train(int steps);

  /**
   * The number of steps applied, including those before a {@link #resume}.
   *
   * @return the count; the number the next step will have
   */
  long stepCount();

  /**
   * The driver's model, whose parameters the steps update.
   *
   * @return the model
   */
  Module model();

  /**
   * The optimizer over the driver's model's parameters.
   *
   * @return the optimizer
   */
  Optimizer optimizer();

  /**
   * The scheduler, or null if the configuration has none.
   *
   * @return the scheduler or null
   */
  EpochScheduler scheduler();

  /**
   * Adds a listener, called after each step.
   *
   * @param listener the listener
   * @throws TrainingException if {@code listener} is null
   */
  void addListener(ProgressListener listener);

  /**
   * Writes a checkpoint of the run at this step boundary, atomically, with {@code
   * dev.autograd.nn.Checkpoint}: the model's state dict ("model"), the optimizer's ("optimizer"),
   * the scheduler's ("scheduler", if any), the global generator's state ("generator"), the step
   * count ("step"), and the seed, batch size and accumulation steps the batches depend on.
   *
   * @param path the file to write
   * @throws IOException if it cannot be written; an existing file is then left as it was
   */
  void saveCheckpoint(Path path) throws IOException;

  /**
   * Restores a checkpoint written by {@link #saveCheckpoint} of a trainer with the same
   * configuration; the next step is then the step after the checkpoint's, with the batches the
   * uninterrupted run would have used.
   *
   * @param path the checkpoint
   * @throws IOException if it cannot be read
   * @throws TrainingException if the checkpoint's seed, batch size or accumulation steps differ
   *     from this trainer's, or it lacks a part this trainer needs
   */
  void resume(Path path) throws IOException;

  /** Releases what the trainer holds outside the driver's heap (Spark: its cached examples). */
  @Override
  void close();
}
