package dev.autograd.optim;

import dev.autograd.internal.Arguments;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The 1cycle policy, like {@code torch.optim.lr_scheduler.OneCycleLR}: the learning rate rises from
 * {@code maxLr / divFactor} to {@code maxLr} over the first {@code pctStart} of {@code totalSteps}
 * steps, then falls to {@code maxLr / divFactor / finalDivFactor}; the momentum (Adam's {@code
 * beta1}) moves the other way, between {@code maxMomentum} and {@code baseMomentum}. It is stepped
 * after every batch, not every epoch.
 *
 * <p>Each phase anneals from its start value {@code a} to its end value {@code b} as {@code pct}
 * goes from 0 to 1 within the phase:
 *
 * <pre>
 * cos:    b + (a - b) / 2 * (1 + cos(pi * pct))
 * linear: a + (b - a) * pct
 * </pre>
 *
 * With {@code threePhase}, the rate rises to {@code maxLr}, comes back to {@code maxLr / divFactor}
 * symmetrically, then falls to the minimum, as in fastai's schedule.
 *
 * <p>As in PyTorch, a group's {@code initialLr} is set to {@code maxLr / divFactor} (its base rate)
 * and, with {@code cycleMomentum} (the default), its {@code momentum} or {@code betas} are set at
 * every step; stepping past {@code totalSteps} is refused.
 *
 * <pre>{@code
 * Optimizer optimizer = new SGD(model.parameters(), 0.1, 0.9);
 * OneCycleLR scheduler = OneCycleLR.builder(optimizer, 0.5).epochs(10).stepsPerEpoch(100).build();
 * // in the loop, after each batch's optimizer.step(): scheduler.step();
 * }</pre>
 */
public final class OneCycleLR extends LRScheduler {
  /** How each phase goes from its start value to its end value. */
  public enum AnnealStrategy {
    /** Along half a cosine, PyTorch's {@code anneal_strategy='cos'} (the default). */
    COS,
    /** Along a straight line, PyTorch's {@code anneal_strategy='linear'}. */
    LINEAR
  }

  private static final String WHO = "OneCycleLR";

  private final int totalSteps;
  private final double pctStart;
  private final AnnealStrategy annealStrategy;
  private final boolean threePhase;
  private final boolean cycleMomentum;
  private final boolean useBeta1;
  private final List<Double> maxLrs;
  private final List<Double> minLrs;
  private final List<Double> maxMomentums;
  private final List<Double> baseMomentums;

  /** The last step of each phase, as PyTorch computes them (fractional ones included). */
  private final double[] phaseEnds;

  private OneCycleLR(Builder b, Optimizer optimizer) {
    super(prepare(b, optimizer));
    this.totalSteps = b.resolvedTotalSteps;
    this.pctStart = b.pctStart;
    this.annealStrategy = b.annealStrategy;
    this.threePhase = b.threePhase;
    this.cycleMomentum = b.cycleMomentum;
    this.useBeta1 = optimizer.defaults().containsKey("betas");
    this.maxLrs = b.resolvedMaxLrs;
    this.minLrs = b.resolvedMinLrs;
    this.maxMomentums = b.resolvedMaxMomentums;
    this.baseMomentums = b.resolvedBaseMomentums;
    this.phaseEnds =
        threePhase
            ? new double[] {
              pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1
            }
            : new double[] {pctStart * totalSteps - 1, totalSteps - 1};
    startAtEpochZero();
  }

  /**
   * Checks the builder's settings and sets the groups' {@code initialLr} before the base class
   * reads them, as PyTorch does before its base constructor runs.
   */
  private static Optimizer prepare(Builder b, Optimizer optimizer) {
    if (b.totalSteps != null) {
      if (b.totalSteps <= 0) {
        throw new IllegalArgumentException(
            WHO + ": Expected positive integer totalSteps, but got " + b.totalSteps);
      }
      b.resolvedTotalSteps = b.totalSteps;
    } else if (b.epochs != null && b.stepsPerEpoch != null) {
      if (b.epochs <= 0) {
        throw new IllegalArgumentException(
            WHO + ": Expected positive integer epochs, but got " + b.epochs);
      }
      if (b.stepsPerEpoch <= 0) {
        throw new IllegalArgumentException(
            WHO + ": Expected positive integer stepsPerEpoch, but got " + b.stepsPerEpoch);
      }
      b.resolvedTotalSteps = Math.multiplyExact(b.epochs, b.stepsPerEpoch);
    } else {
      throw new IllegalArgumentException(
          WHO + ": You must define either totalSteps OR (epochs AND stepsPerEpoch)");
    }
    if (!(b.pctStart >= 0 && b.pctStart <= 1)) {
      throw new IllegalArgumentException(
          WHO + ": Expected float between 0 and 1 pctStart, but got " + b.pctStart);
    }
    int groups = optimizer.paramGroups().size();
    b.resolvedMaxLrs = perGroupValues(WHO, "maxLr", b.maxLr, b.maxLrs, groups);
    List<Double> initial = new ArrayList<>();
    List<Double> min = new ArrayList<>();
    for (double maxLr : b.resolvedMaxLrs) {
      initial.add(maxLr / b.divFactor);
      min.add(maxLr / b.divFactor / b.finalDivFactor);
    }
    b.resolvedMinLrs = Collections.unmodifiableList(min);
    b.resolvedMaxMomentums = b.maxMomentums(WHO, groups);
    b.resolvedBaseMomentums = b.baseMomentums(WHO, groups);
    Map<String, Object> defaults = optimizer.defaults();
    if (b.cycleMomentum && !defaults.containsKey("momentum") && !defaults.containsKey("betas")) {
      throw new IllegalArgumentException(
          WHO
              + ": the optimizer must support momentum (a momentum or betas option) with"
              + " cycleMomentum enabled; "
              + optimizer.getClass().getSimpleName()
              + " has neither");
    }
    for (int i = 0; i < groups; i++) {
      optimizer.paramGroups().get(i).set(INITIAL_LR, initial.get(i));
    }
    return optimizer;
  }

  /** Refuses a step past {@code totalSteps}, with PyTorch's message. */
  @Override
  protected void advance(int nextEpoch) {
    if (nextEpoch > totalSteps) {
      throw new IllegalArgumentException(
          WHO
              + ".step: Tried to step "
              + (nextEpoch + 1)
              + " times. The specified number of total steps is "
              + totalSteps);
    }
  }

  /**
   * The rate of the phase holding step {@code epoch}; with {@code cycleMomentum} it also sets the
   * group's momentum for that step, since PyTorch computes both in the same pass.
   */
  @Override
  protected double computeLr(int group, double previousLr, double baseLr, int epoch) {
    double start = 0;
    for (int phase = 0; phase < phaseEnds.length; phase++) {
      double end = phaseEnds[phase];
      if (epoch <= end || phase == phaseEnds.length - 1) {
        if (end == start) throw emptyPhase(phase, end);
        double pct = (epoch - start) / (end - start);
        if (cycleMomentum) {
          setMomentum(
              group, anneal(momentumAt(group, phase, true), momentumAt(group, phase, false), pct));
        }
        return anneal(lrAt(group, phase, baseLr, true), lrAt(group, phase, baseLr, false), pct);
      }
      start = end;
    }
    throw new AssertionError("the last phase takes every step");
  }

  /**
   * A phase that starts where it ends: PyTorch divides by its length, 0, and fails with
   * ZeroDivisionError; without this check the rate would be a silent NaN.
   */
  private IllegalArgumentException emptyPhase(int phase, double at) {
    return new IllegalArgumentException(
        WHO
            + ": phase "
            + (phase + 1)
            + " of the schedule has no steps (it starts and ends at step "
            + at
            + ", from pctStart "
            + pctStart
            + " and totalSteps "
            + totalSteps
            + "), so its rate would be 0 / 0 (PyTorch: ZeroDivisionError); choose pctStart and"
            + " totalSteps with pctStart * totalSteps other than 1");
  }

  /** The rate at the start ({@code atStart}) or end of {@code phase}, as PyTorch's phase table. */
  private double lrAt(int group, int phase, double initialLr, boolean atStart) {
    double max = maxLrs.get(group);
    double min = minLrs.get(group);
    if (phase == 0) return atStart ? initialLr : max;
    if (threePhase && phase == 1) return atStart ? max : initialLr;
    if (threePhase) return atStart ? initialLr : min;
    return atStart ? max : min;
  }

  /** The momentum at the start or end of {@code phase}, as PyTorch's phase table. */
  private double momentumAt(int group, int phase, boolean atStart) {
    double max = maxMomentums.get(group);
    double base = baseMomentums.get(group);
    if (phase == 0) return atStart ? max : base;
    if (threePhase && phase == 2) return max;
    return atStart ? base : max;
  }

  private double anneal(double start, double end, double pct) {
    if (annealStrategy == AnnealStrategy.COS) {
      return end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1);
    }
    return (end - start) * pct + start;
  }

  private void setMomentum(int group, double momentum) {
    ParamGroup g = optimizer().paramGroups().get(group);
    if (useBeta1) g.set("betas", List.of(momentum, g.getDoubles("betas")[1]));
    else g.set("momentum", momentum);
  }

  /**
   * {@code "totalSteps"}, {@code "pctStart"}, {@code "annealStrategy"}, {@code "threePhase"},
   * {@code "cycleMomentum"} and the per-group {@code "maxLrs"}, {@code "minLrs"}, {@code
   * "maxMomentums"} and {@code "baseMomentums"}.
   */
  @Override
  protected Map<String, Object> settings() {
    return Map.of(
        "totalSteps", totalSteps,
        "pctStart", pctStart,
        "annealStrategy", annealStrategy.name(),
        "threePhase", threePhase,
        "cycleMomentum", cycleMomentum,
        "maxLrs", maxLrs,
        "minLrs", minLrs,
        "maxMomentums", maxMomentums,
        "baseMomentums", baseMomentums);
  }

  /**
   * A builder with PyTorch's defaults, the same {@code maxLr} for every group.
   *
   * @param optimizer the optimizer whose learning rates and momentums are scheduled
   * @param maxLr the peak learning rate
   * @return a new builder; give it {@link Builder#totalSteps(int)} or {@link Builder#epochs(int)}
   *     and {@link Builder#stepsPerEpoch(int)}
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  public static Builder builder(Optimizer optimizer, double maxLr) {
    return new Builder(Arguments.requireNonNull("builder", "optimizer", optimizer), maxLr, null);
  }

  /**
   * A builder with PyTorch's defaults, one {@code maxLr} per group.
   *
   * @param optimizer the optimizer whose learning rates and momentums are scheduled
   * @param maxLrs the peak learning rate of each group, in group order
   * @return a new builder
   * @throws dev.autograd.TensorException if an argument or an element is null
   */
  public static Builder builder(Optimizer optimizer, List<Double> maxLrs) {
    return new Builder(
        Arguments.requireNonNull("builder", "optimizer", optimizer),
        0,
        List.copyOf(Arguments.requireNoNulls("builder", "maxLrs", maxLrs)));
  }

  /**
   * Builds a {@link OneCycleLR}; each setter returns the builder. Defaults as PyTorch's: {@code
   * pctStart = 0.3}, {@code annealStrategy = COS}, {@code cycleMomentum = true}, {@code
   * baseMomentum = 0.85}, {@code maxMomentum = 0.95}, {@code divFactor = 25}, {@code finalDivFactor
   * = 1e4}, {@code threePhase = false}.
   */
  public static final class Builder extends MomentumCycleBuilder<Builder> {
    private final Optimizer optimizer;
    private final double maxLr;
    private final List<Double> maxLrs;
    private Integer totalSteps;
    private Integer epochs;
    private Integer stepsPerEpoch;
    private double pctStart = 0.3;
    private AnnealStrategy annealStrategy = AnnealStrategy.COS;
    private double divFactor = 25;
    private double finalDivFactor = 1e4;
    private boolean threePhase = false;
    private int resolvedTotalSteps;
    private List<Double> resolvedMaxLrs;
    private List<Double> resolvedMinLrs;
    private List<Double> resolvedMaxMomentums;
    private List<Double> resolvedBaseMomentums;

    private Builder(Optimizer optimizer, double maxLr, List<Double> maxLrs) {
      super(0.85, 0.95);
      this.optimizer = optimizer;
      this.maxLr = maxLr;
      this.maxLrs = maxLrs;
    }

    /**
     * The number of steps of the cycle; takes the place of {@code epochs * stepsPerEpoch}.
     *
     * @param totalSteps at least 1, checked by {@link #build()}
     * @return this builder
     */
    public Builder totalSteps(int totalSteps) {
      this.totalSteps = totalSteps;
      return this;
    }

    /**
     * The number of epochs, with {@link #stepsPerEpoch(int)}, when no {@link #totalSteps(int)}.
     *
     * @param epochs at least 1, checked by {@link #build()}
     * @return this builder
     */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /**
     * The number of steps per epoch, with {@link #epochs(int)}.
     *
     * @param stepsPerEpoch at least 1, checked by {@link #build()}
     * @return this builder
     */
    public Builder stepsPerEpoch(int stepsPerEpoch) {
      this.stepsPerEpoch = stepsPerEpoch;
      return this;
    }

    /**
     * The fraction of the cycle spent raising the rate (default 0.3).
     *
     * @param pctStart in [0, 1], checked by {@link #build()}
     * @return this builder
     */
    public Builder pctStart(double pctStart) {
      this.pctStart = pctStart;
      return this;
    }

    /**
     * How each phase anneals (default {@link AnnealStrategy#COS}).
     *
     * @param annealStrategy cosine or linear
     * @return this builder
     * @throws dev.autograd.TensorException if {@code annealStrategy} is null
     */
    public Builder annealStrategy(AnnealStrategy annealStrategy) {
      this.annealStrategy =
          Arguments.requireNonNull("annealStrategy", "annealStrategy", annealStrategy);
      return this;
    }

    /**
     * The starting rate is {@code maxLr / divFactor} (default 25).
     *
     * @param divFactor the divisor
     * @return this builder
     */
    public Builder divFactor(double divFactor) {
      this.divFactor = divFactor;
      return this;
    }

    /**
     * The final rate is {@code maxLr / divFactor / finalDivFactor} (default 1e4).
     *
     * @param finalDivFactor the divisor
     * @return this builder
     */
    public Builder finalDivFactor(double finalDivFactor) {
      this.finalDivFactor = finalDivFactor;
      return this;
    }

    /**
     * Whether the rate comes back to its start before falling to the minimum (default false).
     *
     * @param threePhase true for fastai's three phases
     * @return this builder
     */
    public Builder threePhase(boolean threePhase) {
      this.threePhase = threePhase;
      return this;
    }

    /**
     * Checks the settings, sets each group's {@code initialLr} and, with {@code cycleMomentum}, its
     * momentum, and starts the schedule at step 0.
     *
     * @return the scheduler
     * @throws IllegalArgumentException if a setting is out of range, a per-group list has not one
     *     value per group, or {@code cycleMomentum} is on for an optimizer without momentum
     */
    public OneCycleLR build() {
      return new OneCycleLR(this, optimizer);
    }
  }
}
