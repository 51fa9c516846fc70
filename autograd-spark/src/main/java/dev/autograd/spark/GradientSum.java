package dev.autograd.spark;

import java.io.Serializable;

/**
 * What a step's shares add up to: the flat gradient, which parameters received one, and each
 * micro-batch's loss. Spark's {@code treeAggregate} merges these, partition by partition.
 */
final class GradientSum implements Serializable {
  private static final long serialVersionUID = 1L;

  final double[] grad;
  final boolean[] hasGrad;
  final double[] microLoss;

  GradientSum(int values, int params, int microBatches) {
    this.grad = new double[values];
    this.hasGrad = new boolean[params];
    this.microLoss = new double[microBatches];
  }

  /** Adds {@code other} into this one and returns this (Spark allows aggregating in place). */
  GradientSum add(GradientSum other) {
    for (int i = 0; i < grad.length; i++) grad[i] += other.grad[i];
    for (int i = 0; i < hasGrad.length; i++) hasGrad[i] |= other.hasGrad[i];
    for (int i = 0; i < microLoss.length; i++) microLoss[i] += other.microLoss[i];
    return this;
  }

  /** The mean of the micro-batches' losses: the loss the step reports. */
  double loss() {
    double s = 0;
    for (double l : microLoss) s += l;
    return s / microLoss.length;
  }
}
