package dev.autograd.plot;

/**
 * What a training loop reports after one step: the loss, and optionally the accuracy and the
 * learning rate (NaN when not reported).
 *
 * <pre>{@code
 * monitor.onStep(TrainingStep.of(step, loss.item()).withAccuracy(acc).withLearningRate(lr));
 * }</pre>
 *
 * @param step the step (or epoch) number
 * @param loss the training loss
 * @param accuracy the accuracy in [0, 1], or NaN
 * @param learningRate the learning rate used, or NaN
 */
public record TrainingStep(int step, double loss, double accuracy, double learningRate) {
  /**
   * A step reporting only the loss.
   *
   * @param step the step (or epoch) number
   * @param loss the training loss
   * @return a step with NaN accuracy and learning rate
   */
  public static TrainingStep of(int step, double loss) {
    return new TrainingStep(step, loss, Double.NaN, Double.NaN);
  }

  /**
   * This step, also reporting the accuracy.
   *
   * @param accuracy the accuracy, in [0, 1]
   * @return a new step; this one is unchanged
   */
  public TrainingStep withAccuracy(double accuracy) {
    return new TrainingStep(step, loss, accuracy, learningRate);
  }

  /**
   * This step, also reporting the learning rate.
   *
   * @param learningRate the learning rate used for this step
   * @return a new step; this one is unchanged
   */
  public TrainingStep withLearningRate(double learningRate) {
    return new TrainingStep(step, loss, accuracy, learningRate);
  }

  /**
   * Whether an accuracy was reported.
   *
   * @return true unless {@link #accuracy()} is NaN
   */
  public boolean hasAccuracy() {
    return !Double.isNaN(accuracy);
  }

  /**
   * Whether a learning rate was reported.
   *
   * @return true unless {@link #learningRate()} is NaN
   */
  public boolean hasLearningRate() {
    return !Double.isNaN(learningRate);
  }
}
