package dev.autograd.spark;

import java.io.Serializable;

/**
 * What a step's shares add up to: the flat gradient, which parameters received one, each
 * micro-batch's loss, and the tasks' timings (see {@link StepTimings}). Spark's {@code
 * treeAggregate} merges these, partition by partition.
 */
final class GradientSum implements Serializable {
  private static final long serialVersionUID = 1L;

  final double[] grad;
  final boolean[] hasGrad;
  final double[] microLoss;
  double longestTaskSeconds;
  double computeSeconds;
  double scanSeconds;
  int tasks;

  /** Set by the driver, not summed: its time creating the step's broadcast. */
  transient double broadcastSeconds;

  GradientSum(int values, int params, int microBatches) {
    this.grad = new double[values];
    this.hasGrad = new boolean[params];
    this.microLoss = new double[microBatches];
  }

  /**
   * The zero of {@link #add}, with no arrays: {@code treeAggregate} serializes its zero into every
   * task, which a full one would make as large as the parameters.
   */
  static GradientSum none() {
    return new GradientSum(0, 0, 0);
  }

  private boolean isNone() {
    return microLoss.length == 0;
  }

  /**
   * Adds {@code other} into this one and returns this (Spark allows aggregating in place), or
   * {@code other} if this is {@link #none()}.
   */
  GradientSum add(GradientSum other) {
    if (other.isNone()) return this;
    if (isNone()) return other;
    for (int i = 0; i < grad.length; i++) grad[i] += other.grad[i];
    for (int i = 0; i < hasGrad.length; i++) hasGrad[i] |= other.hasGrad[i];
    for (int i = 0; i < microLoss.length; i++) microLoss[i] += other.microLoss[i];
    longestTaskSeconds = Math.max(longestTaskSeconds, other.longestTaskSeconds);
    computeSeconds += other.computeSeconds;
    scanSeconds += other.scanSeconds;
    tasks += other.tasks;
    return this;
  }

  /** Records one task that spent these nanoseconds finding its examples and computing. */
  GradientSum timeTask(long scanNanos, long computeNanos) {
    scanSeconds += scanNanos / 1e9;
    computeSeconds += computeNanos / 1e9;
    longestTaskSeconds = Math.max(longestTaskSeconds, (scanNanos + computeNanos) / 1e9);
    tasks++;
    return this;
  }

  /** The timings of the step whose gradient took {@code gradientSeconds} on the driver. */
  StepTimings timings(double gradientSeconds) {
    return new StepTimings(
        gradientSeconds, broadcastSeconds, longestTaskSeconds, computeSeconds, scanSeconds, tasks);
  }

  /** The mean of the micro-batches' losses: the loss the step reports. */
  double loss() {
    double s = 0;
    for (double l : microLoss) s += l;
    return s / microLoss.length;
  }
}
