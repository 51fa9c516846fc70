package dev.autograd.spark;

/**
 * What one optimizer step did, as {@link Trainer#step()} returns it and {@link ProgressListener}s
 * receive it.
 *
 * @param step the step's number, counting from 0
 * @param loss the mean of the step's global micro-batches' losses, before the update
 * @param examples the number of examples the step used ({@code batchSize * accumulationSteps})
 * @param seconds the step's wall-clock time, from cutting the batches to the end of the update
 * @param learningRate the first parameter group's learning rate the update used
 * @param timings where the step's gradient time went: tasks' compute against communication
 */
public record StepReport(
    long step,
    double loss,
    int examples,
    double seconds,
    double learningRate,
    StepTimings timings) {
  /**
   * A report; the trainers make these.
   *
   * @param step the step's number
   * @param loss the step's loss
   * @param examples the number of examples the step used
   * @param seconds the step's wall-clock time
   * @param learningRate the learning rate the update used
   * @param timings where the step's gradient time went
   * @throws TrainingException if {@code timings} is null
   */
  public StepReport {
    if (timings == null) throw new TrainingException("StepReport: timings is null");
  }

  /**
   * The step's throughput.
   *
   * @return {@code examples / seconds}
   */
  public double examplesPerSecond() {
    return examples / seconds;
  }

  /**
   * The fraction of the step's wall-clock time spent communicating (see {@link StepTimings}).
   *
   * @return {@code timings.communicationSeconds() / seconds}, between 0 and 1
   */
  public double communicationFraction() {
    return Math.min(1, timings.communicationSeconds() / seconds);
  }
}
