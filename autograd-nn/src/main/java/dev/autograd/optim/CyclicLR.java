package dev.autograd.optim;

import dev.autograd.internal.Arguments;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Cycles the learning rate between {@code baseLr} and {@code maxLr}, like {@code
 * torch.optim.lr_scheduler.CyclicLR} (Smith's cyclical learning rates); it is stepped after every
 * batch. With {@code s} the number of steps taken, {@code up} and {@code down} the lengths of the
 * rising and falling halves:
 *
 * <pre>
 * cycle = floor(1 + s / (up + down)),   x = 1 + s / (up + down) - cycle
 * f     = x / r              if x &lt;= r = up / (up + down),   else (x - 1) / (r - 1)
 * lr    = baseLr + (maxLr - baseLr) * f * scale
 * </pre>
 *
 * where {@code scale} is 1 ({@link Mode#TRIANGULAR}), {@code 1 / 2^(cycle - 1)} ({@link
 * Mode#TRIANGULAR2}), {@code gamma^s} ({@link Mode#EXP_RANGE}), or a function of the cycle or of
 * {@code s} given with {@link Builder#scaleFn(DoubleUnaryOperator, ScaleMode)}. With {@code
 * cycleMomentum} (the default) the momentum goes the other way: {@code maxMomentum - (maxMomentum -
 * baseMomentum) * f * scale}.
 *
 * <p>As in PyTorch, each group's {@code lr} and {@code initialLr} are set to its {@code baseLr},
 * and with {@code cycleMomentum} its {@code momentum} is set at every step (an optimizer with a
 * {@code momentum} option: SGD, RMSprop). A {@code scaleFn} is not part of the {@link
 * #stateDict()}: a resumed scheduler is built with the same one.
 *
 * <pre>{@code
 * Optimizer optimizer = new SGD(model.parameters(), 0.01, 0.9);
 * CyclicLR scheduler = CyclicLR.builder(optimizer, 0.01, 0.1).stepSizeUp(2000).build();
 * // in the loop, after each batch's optimizer.step(): scheduler.step();
 * }</pre>
 */
public final class CyclicLR extends LRScheduler {
  /** The built-in scalings of each cycle's amplitude. */
  public enum Mode {
    /** The same amplitude every cycle, PyTorch's {@code 'triangular'} (the default). */
    TRIANGULAR,
    /** The amplitude halved every cycle, PyTorch's {@code 'triangular2'}. */
    TRIANGULAR2,
    /** The amplitude scaled by {@code gamma^step}, PyTorch's {@code 'exp_range'}. */
    EXP_RANGE
  }

  /** What a custom scale function is given. */
  public enum ScaleMode {
    /** The cycle number, from 1 (PyTorch's {@code 'cycle'}, the default). */
    CYCLE,
    /** The number of steps taken (PyTorch's {@code 'iterations'}). */
    ITERATIONS
  }

  private static final String WHO = "CyclicLR";

  private final List<Double> maxLrs;
  private final double stepSizeUp;
  private final double stepSizeDown;
  private final double totalSize;
  private final double stepRatio;
  private final Mode mode;
  private final double gamma;
  private final DoubleUnaryOperator scaleFn;
  private final ScaleMode scaleMode;
  private final boolean cycleMomentum;
  private final List<Double> baseMomentums;
  private final List<Double> maxMomentums;

  private CyclicLR(Builder b, Optimizer optimizer) {
    super(prepare(b, optimizer));
    this.maxLrs = b.resolvedMaxLrs;
    this.stepSizeUp = b.stepSizeUp;
    this.stepSizeDown = b.stepSizeDown != null ? b.stepSizeDown : b.stepSizeUp;
    this.totalSize = stepSizeUp + stepSizeDown;
    this.stepRatio = stepSizeUp / totalSize;
    this.mode = b.mode;
    this.gamma = b.gamma;
    this.scaleFn = b.scaleFn;
    this.scaleMode = b.scaleFn != null ? b.scaleMode : defaultScaleMode(b.mode);
    this.cycleMomentum = b.cycleMomentum;
    this.baseMomentums = b.resolvedBaseMomentums;
    this.maxMomentums = b.resolvedMaxMomentums;
    startAtEpochZero();
  }

  private static ScaleMode defaultScaleMode(Mode mode) {
    return mode == Mode.EXP_RANGE ? ScaleMode.ITERATIONS : ScaleMode.CYCLE;
  }

  /** Checks the settings and sets each group's rate (and momentum) to its base, as PyTorch does. */
  private static Optimizer prepare(Builder b, Optimizer optimizer) {
    int groups = optimizer.paramGroups().size();
    List<Double> baseLrs = perGroupValues(WHO, "baseLr", b.baseLr, b.baseLrs, groups);
    b.resolvedMaxLrs = perGroupValues(WHO, "maxLr", b.maxLr, b.maxLrs, groups);
    if (!(b.stepSizeUp > 0) || (b.stepSizeDown != null && !(b.stepSizeDown >= 0))) {
      throw new IllegalArgumentException(
          WHO
              + ": stepSizeUp must be greater than 0 and stepSizeDown at least 0, got stepSizeUp = "
              + b.stepSizeUp
              + ", stepSizeDown = "
              + b.stepSizeDown);
    }
    if (b.cycleMomentum) {
      if (!optimizer.defaults().containsKey("momentum")) {
        throw new IllegalArgumentException(
            WHO
                + ": the optimizer must support momentum with cycleMomentum enabled; "
                + optimizer.getClass().getSimpleName()
                + " has no momentum option");
      }
      b.resolvedBaseMomentums = b.baseMomentums(WHO, groups);
      b.resolvedMaxMomentums = b.maxMomentums(WHO, groups);
    } else {
      b.resolvedBaseMomentums = List.of();
      b.resolvedMaxMomentums = List.of();
    }
    for (int i = 0; i < groups; i++) {
      ParamGroup group = optimizer.paramGroups().get(i);
      group.setLr(baseLrs.get(i));
      group.set(INITIAL_LR, baseLrs.get(i));
      if (b.cycleMomentum) group.set("momentum", b.resolvedBaseMomentums.get(i));
    }
    return optimizer;
  }

  /**
   * The rate of the class description at step {@code epoch}; with {@code cycleMomentum} it also
   * sets the group's momentum, since PyTorch computes both in the same pass.
   */
  @Override
  protected double computeLr(int group, double previousLr, double baseLr, int epoch) {
    double cycle = Math.floor(1 + epoch / totalSize);
    double x = 1.0 + epoch / totalSize - cycle;
    double factor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
    double scale = scale(scaleMode == ScaleMode.CYCLE ? cycle : epoch);
    if (cycleMomentum) {
      double max = maxMomentums.get(group);
      double height = (max - baseMomentums.get(group)) * factor;
      optimizer().paramGroups().get(group).set("momentum", max - height * scale);
    }
    return baseLr + (maxLrs.get(group) - baseLr) * factor * scale;
  }

  private double scale(double x) {
    if (scaleFn != null) return scaleFn.applyAsDouble(x);
    switch (mode) {
      case TRIANGULAR2:
        return 1 / Math.pow(2.0, x - 1);
      case EXP_RANGE:
        return Math.pow(gamma, x);
      default:
        return 1.0;
    }
  }

  /**
   * {@code "maxLrs"}, {@code "stepSizeUp"}, {@code "stepSizeDown"}, {@code "mode"}, {@code
   * "gamma"}, {@code "scaleMode"}, {@code "cycleMomentum"}, {@code "baseMomentums"} and {@code
   * "maxMomentums"} (empty without {@code cycleMomentum}).
   */
  @Override
  protected Map<String, Object> settings() {
    return Map.of(
        "maxLrs", maxLrs,
        "stepSizeUp", stepSizeUp,
        "stepSizeDown", stepSizeDown,
        "mode", mode.name(),
        "gamma", gamma,
        "scaleMode", scaleMode.name(),
        "cycleMomentum", cycleMomentum,
        "baseMomentums", baseMomentums,
        "maxMomentums", maxMomentums);
  }

  /**
   * A builder with PyTorch's defaults, the same bounds for every group.
   *
   * @param optimizer the optimizer whose learning rates (and momentums) are scheduled
   * @param baseLr the lower bound of the rate
   * @param maxLr the upper bound of the rate (reached only when the scale is 1)
   * @return a new builder
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  public static Builder builder(Optimizer optimizer, double baseLr, double maxLr) {
    return new Builder(
        Arguments.requireNonNull("builder", "optimizer", optimizer), baseLr, null, maxLr, null);
  }

  /**
   * A builder with PyTorch's defaults, bounds per group.
   *
   * @param optimizer the optimizer whose learning rates (and momentums) are scheduled
   * @param baseLrs the lower bound of each group's rate, in group order
   * @param maxLrs the upper bound of each group's rate, in group order
   * @return a new builder
   * @throws dev.autograd.TensorException if an argument or an element is null
   */
  public static Builder builder(Optimizer optimizer, List<Double> baseLrs, List<Double> maxLrs) {
    return new Builder(
        Arguments.requireNonNull("builder", "optimizer", optimizer),
        0,
        List.copyOf(Arguments.requireNoNulls("builder", "baseLrs", baseLrs)),
        0,
        List.copyOf(Arguments.requireNoNulls("builder", "maxLrs", maxLrs)));
  }

  /**
   * Builds a {@link CyclicLR}; each setter returns the builder. Defaults as PyTorch's: {@code
   * stepSizeUp = 2000}, {@code stepSizeDown = stepSizeUp}, {@code mode = TRIANGULAR}, {@code gamma
   * = 1}, no {@code scaleFn}, {@code cycleMomentum = true}, {@code baseMomentum = 0.8}, {@code
   * maxMomentum = 0.9}.
   */
  public static final class Builder extends MomentumCycleBuilder<Builder> {
    private final Optimizer optimizer;
    private final double baseLr;
    private final List<Double> baseLrs;
    private final double maxLr;
    private final List<Double> maxLrs;
    private double stepSizeUp = 2000;
    private Double stepSizeDown;
    private Mode mode = Mode.TRIANGULAR;
    private double gamma = 1.0;
    private DoubleUnaryOperator scaleFn;
    private ScaleMode scaleMode = ScaleMode.CYCLE;
    private List<Double> resolvedMaxLrs;
    private List<Double> resolvedBaseMomentums;
    private List<Double> resolvedMaxMomentums;

    private Builder(
        Optimizer optimizer,
        double baseLr,
        List<Double> baseLrs,
        double maxLr,
        List<Double> maxLrs) {
      super(0.8, 0.9);
      this.optimizer = optimizer;
      this.baseLr = baseLr;
      this.baseLrs = baseLrs;
      this.maxLr = maxLr;
      this.maxLrs = maxLrs;
    }

    /**
     * The number of steps of the rising half of a cycle (default 2000).
     *
     * @param stepSizeUp greater than 0, checked by {@link #build()}
     * @return this builder
     */
    public Builder stepSizeUp(int stepSizeUp) {
      this.stepSizeUp = stepSizeUp;
      return this;
    }

    /**
     * The number of steps of the falling half of a cycle (default: {@code stepSizeUp}).
     *
     * @param stepSizeDown at least 0, checked by {@link #build()}
     * @return this builder
     */
    public Builder stepSizeDown(int stepSizeDown) {
      this.stepSizeDown = (double) stepSizeDown;
      return this;
    }

    /**
     * The scaling of each cycle's amplitude (default {@link Mode#TRIANGULAR}); a {@link
     * #scaleFn(DoubleUnaryOperator, ScaleMode)} takes its place.
     *
     * @param mode the scaling
     * @return this builder
     * @throws dev.autograd.TensorException if {@code mode} is null
     */
    public Builder mode(Mode mode) {
      this.mode = Arguments.requireNonNull("mode", "mode", mode);
      return this;
    }

    /**
     * The factor of {@link Mode#EXP_RANGE}'s {@code gamma^step} (default 1).
     *
     * @param gamma the factor
     * @return this builder
     */
    public Builder gamma(double gamma) {
      this.gamma = gamma;
      return this;
    }

    /**
     * A custom scaling of the amplitude, in place of the {@link #mode(Mode)}'s, given the cycle
     * number or the step count; it should stay in [0, 1].
     *
     * @param scaleFn the scale for a cycle number (from 1) or a step count
     * @param scaleMode what {@code scaleFn} is given
     * @return this builder
     * @throws dev.autograd.TensorException if an argument is null
     */
    public Builder scaleFn(DoubleUnaryOperator scaleFn, ScaleMode scaleMode) {
      this.scaleFn = Arguments.requireNonNull("scaleFn", "scaleFn", scaleFn);
      this.scaleMode = Arguments.requireNonNull("scaleFn", "scaleMode", scaleMode);
      return this;
    }

    /**
     * Checks the settings, sets each group's rate (and momentum) to its base, and starts the
     * schedule at step 0.
     *
     * @return the scheduler
     * @throws IllegalArgumentException if a step size is out of range, a per-group list has not one
     *     value per group, or {@code cycleMomentum} is on for an optimizer without momentum
     */
    public CyclicLR build() {
      return new CyclicLR(this, optimizer);
    }
  }
}
