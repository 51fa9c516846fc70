package dev.autograd.plot;

/**
 * Receives a training loop's progress: one call per step, and one when training ends. {@link
 * TrainingMonitor} draws it.
 */
public interface TrainingListener {
  /** Called after each training step. */
  void onStep(TrainingStep step);

  /** Called once when training is over; the default does nothing. */
  default void onTrainingEnd() {}
}
