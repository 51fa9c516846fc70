package dev.autograd.spark;

/**
 * Where one step's gradient time went: the driver's wall-clock time to obtain the summed gradient,
 * against the time the tasks spent in their own work. On Spark the difference is the step's
 * communication: broadcasting the parameters, scheduling and starting the tasks, loading the
 * parameters into the executors' models, sending the partitions' gradients back and summing them
 * with {@code treeAggregate}. In {@link LocalTrainer} there is one "task", the driver itself, and
 * the difference is near zero.
 *
 * <p>A task's work is finding its examples of the step's batches ({@link #scanSeconds()}) and
 * computing their gradient: stacking them into tensors, the forward and backward pass, adding the
 * gradients into the flat sum ({@link #computeSeconds()}). The timings are a few {@code
 * System.nanoTime()} calls per task and step.
 *
 * <pre>{@code
 * StepReport r = trainer.step();
 * System.out.printf("%.0f%% communicating%n", 100 * r.communicationFraction());
 * }</pre>
 *
 * @param gradientSeconds the driver's wall-clock time from handing the step's parameters out to
 *     holding the summed gradient
 * @param broadcastSeconds the driver's part of handing them out (Spark: reading the parameters into
 *     one array and creating the broadcast, which serializes, compresses and stores its blocks;
 *     locally 0), within the communication
 * @param longestTaskSeconds the longest task's scan and compute time: the tasks' part of {@code
 *     gradientSeconds} when each task has a core of its own (no more partitions than task slots)
 * @param computeSeconds the tasks' compute time, summed over the tasks
 * @param scanSeconds the tasks' time finding their examples, summed over the tasks
 * @param tasks the number of tasks (Spark: the partitions of the examples; locally 1)
 */
public record StepTimings(
    double gradientSeconds,
    double broadcastSeconds,
    double longestTaskSeconds,
    double computeSeconds,
    double scanSeconds,
    int tasks) {
  /**
   * The step's time spent moving parameters and gradients and running tasks rather than in the
   * tasks' own work.
   *
   * @return {@code max(0, gradientSeconds - longestTaskSeconds)}
   */
  public double communicationSeconds() {
    return Math.max(0, gradientSeconds - longestTaskSeconds);
  }
}
