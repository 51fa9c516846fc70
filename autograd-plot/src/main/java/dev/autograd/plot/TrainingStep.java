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
  /** A step reporting only the loss. */
  public static TrainingStep of(int step, double loss) {
    return new TrainingStep(step, loss, Double.NaN, Double.NaN);
  }

  /** This step, also reporting the accuracy. */
  public TrainingStep withAccuracy(double accuracy) {
    return new TrainingStep(step, loss, accuracy, learningRate);
  }

  /** This step, also reporting the learning rate. */
  public TrainingStep withLearningRate(double learningRate) {
    return new TrainingStep(step, loss, accuracy, learningRate);
  }

  /** Whether an accuracy was reported. */
  public boolean hasAccuracy() {
    return !Double.isNaN(accuracy);
  }

  /** Whether a learning rate was reported. */
  public boolean hasLearningRate() {
    return !Double.isNaN(learningRate);
  }
}
