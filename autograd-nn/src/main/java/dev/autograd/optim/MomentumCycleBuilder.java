package dev.autograd.optim;

import dev.autograd.internal.Arguments;
import java.util.List;

/**
 * The momentum settings shared by the builders of the cyclical schedules, {@link
 * OneCycleLR.Builder} and {@link CyclicLR.Builder}: whether the momentum cycles against the
 * learning rate, and between which values. Each setter returns the builder.
 *
 * @param <B> the concrete builder
 */
public abstract class MomentumCycleBuilder<B extends MomentumCycleBuilder<B>> {
  boolean cycleMomentum = true;
  private double baseMomentum;
  private List<Double> baseMomentums;
  private double maxMomentum;
  private List<Double> maxMomentums;

  MomentumCycleBuilder(double baseMomentum, double maxMomentum) {
    this.baseMomentum = baseMomentum;
    this.maxMomentum = maxMomentum;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * Whether the momentum cycles against the rate (default true).
   *
   * @param cycleMomentum true to cycle it; the optimizer must then have a {@code momentum} option
   *     ({@link OneCycleLR} also takes Adam's {@code betas})
   * @return this builder
   */
  public B cycleMomentum(boolean cycleMomentum) {
    this.cycleMomentum = cycleMomentum;
    return self();
  }

  /**
   * The lowest momentum, at the peak rate, of every group.
   *
   * @param baseMomentum the momentum
   * @return this builder
   */
  public B baseMomentum(double baseMomentum) {
    this.baseMomentum = baseMomentum;
    this.baseMomentums = null;
    return self();
  }

  /**
   * The lowest momentum of each group.
   *
   * @param baseMomentums one per group, in group order; their number is checked when built
   * @return this builder
   * @throws dev.autograd.TensorException if the list or an element is null
   */
  public B baseMomentums(List<Double> baseMomentums) {
    this.baseMomentums =
        List.copyOf(Arguments.requireNoNulls("baseMomentums", "baseMomentums", baseMomentums));
    return self();
  }

  /**
   * The highest momentum, at the lowest rates, of every group.
   *
   * @param maxMomentum the momentum
   * @return this builder
   */
  public B maxMomentum(double maxMomentum) {
    this.maxMomentum = maxMomentum;
    this.maxMomentums = null;
    return self();
  }

  /**
   * The highest momentum of each group.
   *
   * @param maxMomentums one per group, in group order; their number is checked when built
   * @return this builder
   * @throws dev.autograd.TensorException if the list or an element is null
   */
  public B maxMomentums(List<Double> maxMomentums) {
    this.maxMomentums =
        List.copyOf(Arguments.requireNoNulls("maxMomentums", "maxMomentums", maxMomentums));
    return self();
  }

  /** The base momentum of each of {@code groups} groups, checked for their number. */
  List<Double> baseMomentums(String who, int groups) {
    return LRScheduler.perGroupValues(who, "baseMomentum", baseMomentum, baseMomentums, groups);
  }

  /** The maximum momentum of each of {@code groups} groups, checked for their number. */
  List<Double> maxMomentums(String who, int groups) {
    return LRScheduler.perGroupValues(who, "maxMomentum", maxMomentum, maxMomentums, groups);
  }
}
