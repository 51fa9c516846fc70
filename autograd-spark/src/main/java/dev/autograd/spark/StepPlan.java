package dev.autograd.spark;

import dev.autograd.Tensor;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * What the driver broadcasts for one step: its parameters, their version (the number of steps
 * applied to them), and the example indices of the step's micro-batches, each sorted for lookup.
 * The parameters of a model all in float32 travel as floats (4 bytes a value, not 8), exactly.
 */
final class StepPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  final long version;
  private final double[] values64;
  private final float[] values32;
  final long[][] sortedMicroBatches;

  /**
   * A plan of the parameters {@code values}, as floats if {@code float32} (the values are then
   * float32 values, which a float holds exactly).
   */
  StepPlan(long version, double[] values, boolean float32, long[][] microBatches) {
    this.version = version;
    if (float32) {
      values32 = new float[values.length];
      for (int i = 0; i < values.length; i++) values32[i] = (float) values[i];
      values64 = null;
    } else {
      values32 = null;
      values64 = values;
    }
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

  /** The number of parameter values. */
  int size() {
    return values32 != null ? values32.length : values64.length;
  }

  /** Sets {@code params} to the plan's values. */
  void loadInto(List<Tensor> params) {
    if (values32 != null) {
      Flat.load(params, values32);
    } else {
      Flat.load(params, values64);
    }
  }

  /** How many times example {@code index} occurs in micro-batch {@code m} (0 or 1). */
  boolean contains(int m, long index) {
    return Arrays.binarySearch(sortedMicroBatches[m], index) >= 0;
  }
}
