package dev.autograd.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What the driver broadcasts for one step: its parameters, their version (the number of steps
 * applied to them), and the example indices of the step's micro-batches, each sorted for lookup.
 */
final class StepPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  final long version;
  final double[] values;
  final long[][] sortedMicroBatches;

  StepPlan(long version, double[] values, long[][] microBatches) {
    this.version = version;
    this.values = values;
    this.sortedMicroBatches = new long[microBatches.length][];
    for (int m = 0; m < microBatches.length; m++) {
      sortedMicroBatches[m] = microBatches[m].clone();
      Arrays.sort(sortedMicroBatches[m]);
    }
  }

  /**
   * Fails loudly if these parameters are not the version the task was built for: a task never
   * computes a gradient at parameters other than the driver's current ones.
   */
  StepPlan requireVersion(long expected, int partition) {
    if (version != expected) {
      throw new TrainingException(
          "SparkTrainer: partition "
              + partition
              + " of step "
              + expected
              + " received parameters of version "
              + version
              + ", expected "
              + expected
              + "; a stale broadcast is never used");
    }
    return this;
  }

  /** How many times example {@code index} occurs in micro-batch {@code m} (0 or 1). */
  boolean contains(int m, long index) {
    return Arrays.binarySearch(sortedMicroBatches[m], index) >= 0;
  }
}
