package dev.autograd.spark;

/**
 * Receives each step's {@link StepReport} on the driver. A functional interface, so the plot
 * module's {@code TrainingListener} (or {@code TrainingMonitor}) attaches with a lambda, without
 * this module depending on it:
 *
 * <pre>{@code
 * TrainingMonitor monitor = ...;
 * trainer.addListener(r -> monitor.onStep(
 *     TrainingStep.of((int) r.step(), r.loss()).withLearningRate(r.learningRate())));
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {
  /**
   * Called after each step, once its update is applied.
   *
   * @param report what the step did
   */
  void onStep(StepReport report);
}
