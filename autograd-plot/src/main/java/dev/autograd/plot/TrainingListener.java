package dev.autograd.plot;

/**
 * Receives a training loop's progress: one call per step, and one when training ends. {@link
 * TrainingMonitor} draws it; a training loop written against this interface can report to a
 * monitor, a logger or a test double alike.
 *
 * <pre>{@code
 * void train(Module model, Optimizer optimizer, TrainingListener listener) {
 *   for (int step = 0; step < 100; step++) {
 *     optimizer.zeroGrad();
 *     Tensor loss = criterion.forward(model.forward(x), y);
 *     loss.backward();
 *     optimizer.step();
 *     listener.onStep(TrainingStep.of(step, loss.item()));
 *   }
 *   listener.onTrainingEnd();
 * }
 * }</pre>
 */
public interface TrainingListener {
  /**
   * Called after each training step.
   *
   * @param step what the step reports: its number, its loss and optionally more
   */
  void onStep(TrainingStep step);

  /** Called once when training is over; the default does nothing. */
  default void onTrainingEnd() {}
}
