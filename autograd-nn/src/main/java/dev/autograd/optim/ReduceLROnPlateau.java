package dev.autograd.optim;

import dev.autograd.internal.Arguments;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces the learning rate when a metric has stopped improving, like {@code
 * torch.optim.lr_scheduler.ReduceLROnPlateau}.
 *
 * <p>Each {@link #step(double)} takes the epoch's metric (say the validation loss). A metric {@code
 * a} improves on the best so far when
 *
 * <pre>
 * MIN, REL: a &lt; best * (1 - threshold)      MIN, ABS: a &lt; best - threshold
 * MAX, REL: a &gt; best * (1 + threshold)      MAX, ABS: a &gt; best + threshold
 * </pre>
 *
 * Epochs without improvement are counted (not during the {@code cooldown} epochs that follow a
 * reduction); when more than {@code patience} have passed, each group's rate becomes
 *
 * <pre>
 * lr = max(lr * factor, minLr)     (only if that lowers it by more than eps)
 * </pre>
 *
 * and the count restarts.
 *
 * <pre>{@code
 * ReduceLROnPlateau scheduler =
 *     ReduceLROnPlateau.builder(optimizer).factor(0.5).patience(2).build();
 * for (int epoch = 0; epoch < 100; epoch++) {
 *   train(optimizer);
 *   scheduler.step(validationLoss());
 * }
 *
 * // lr 0.1, factor 0.5, patience 1; metrics 1.0, 0.9, 0.9, 0.9, 0.9, 0.8 give the rates
 * // 0.1, 0.1, 0.1 (one bad epoch), 0.05 (two), 0.05, 0.05
 * }</pre>
 *
 * <p>It is not an {@link LRScheduler}: its step needs the metric, and the rate it sets depends on
 * the history of the metric rather than on the epoch. Like one, it saves and restores where it is
 * with {@link #stateDict()} and {@link #loadStateDict(Map)}.
 */
public final class ReduceLROnPlateau {
  /** Whether the metric should decrease ({@code MIN}, a loss) or increase ({@code MAX}). */
  public enum Mode {
    /** Lower is better. */
    MIN,
    /** Higher is better. */
    MAX
  }

  /** Whether {@code threshold} is relative to the best value or absolute. */
  public enum ThresholdMode {
    /** Improvement by at least {@code best * threshold}. */
    REL,
    /** Improvement by at least {@code threshold}. */
    ABS
  }

  private final Optimizer optimizer;
  private final Mode mode;
  private final double factor;
  private final int patience;
  private final double threshold;
  private final ThresholdMode thresholdMode;
  private final int cooldown;
  private final List<Double> minLrs;
  private final double eps;

  private double best;
  private int numBadEpochs;
  private int cooldownCounter;
  private int lastEpoch;
  private List<Double> lastLr;

  /**
   * With PyTorch's defaults: mode MIN, factor 0.1, patience 10, threshold 1e-4 relative, cooldown
   * 0, minLr 0, eps 1e-8.
   *
   * @param optimizer the optimizer whose learning rates are reduced
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  public ReduceLROnPlateau(Optimizer optimizer) {
    this(builder(Arguments.requireNonNull("ReduceLROnPlateau", "optimizer", optimizer)));
  }

  private ReduceLROnPlateau(Builder b) {
    this.optimizer = b.optimizer;
    if (!(b.factor < 1.0)) throw new IllegalArgumentException("Factor should be < 1.0.");
    int groups = optimizer.paramGroups().size();
    if (b.minLrs != null && b.minLrs.size() != groups) {
      throw new IllegalArgumentException("expected " + groups + " min_lrs, got " + b.minLrs.size());
    }
    this.mode = b.mode;
    this.factor = b.factor;
    this.patience = b.patience;
    this.threshold = b.threshold;
    this.thresholdMode = b.thresholdMode;
    this.cooldown = b.cooldown;
    this.minLrs = b.minLrs != null ? List.copyOf(b.minLrs) : Collections.nCopies(groups, b.minLr);
    this.eps = b.eps;
    this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    this.lastLr = optimizer.lrs();
  }

  /**
   * A builder with PyTorch's defaults (see {@link #ReduceLROnPlateau(Optimizer)}).
   *
   * @param optimizer the optimizer whose learning rates are reduced
   * @return a new builder
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  public static Builder builder(Optimizer optimizer) {
    return new Builder(Arguments.requireNonNull("builder", "optimizer", optimizer));
  }

  /** Builds a {@link ReduceLROnPlateau}; each setter returns the builder. */
  public static final class Builder {
    private final Optimizer optimizer;
    private Mode mode = Mode.MIN;
    private double factor = 0.1;
    private int patience = 10;
    private double threshold = 1e-4;
    private ThresholdMode thresholdMode = ThresholdMode.REL;
    private int cooldown = 0;
    private double minLr = 0;
    private List<Double> minLrs;
    private double eps = 1e-8;

    private Builder(Optimizer optimizer) {
      this.optimizer = optimizer;
    }

    /**
     * MIN (default): the metric should decrease; MAX: it should increase.
     *
     * @param mode the direction of improvement
     * @return this builder
     * @throws dev.autograd.TensorException if {@code mode} is null
     */
    public Builder mode(Mode mode) {
      this.mode = Arguments.requireNonNull("mode", "mode", mode);
      return this;
    }

    /**
     * The factor applied to the rate at a plateau (default 0.1); must be below 1, checked by {@link
     * #build()}.
     *
     * @param factor the factor
     * @return this builder
     */
    public Builder factor(double factor) {
      this.factor = factor;
      return this;
    }

    /**
     * The number of epochs without improvement tolerated before reducing (default 10): the rate is
     * reduced at the {@code patience + 1}-th such epoch in a row.
     *
     * @param patience the number of epochs
     * @return this builder
     */
    public Builder patience(int patience) {
      this.patience = patience;
      return this;
    }

    /**
     * The least change that counts as an improvement (default 1e-4), relative or absolute as set by
     * {@link #thresholdMode(ThresholdMode)}; it keeps tiny fluctuations from counting as progress.
     *
     * @param threshold the threshold
     * @return this builder
     */
    public Builder threshold(double threshold) {
      this.threshold = threshold;
      return this;
    }

    /**
     * Whether the threshold is relative (REL, default) or absolute (ABS).
     *
     * @param thresholdMode how the threshold is applied
     * @return this builder
     * @throws dev.autograd.TensorException if {@code thresholdMode} is null
     */
    public Builder thresholdMode(ThresholdMode thresholdMode) {
      this.thresholdMode =
          Arguments.requireNonNull("thresholdMode", "thresholdMode", thresholdMode);
      return this;
    }

    /**
     * The number of epochs after a reduction during which no epoch counts as bad (default 0), to
     * give the new rate time to take effect.
     *
     * @param cooldown the number of epochs
     * @return this builder
     */
    public Builder cooldown(int cooldown) {
      this.cooldown = cooldown;
      return this;
    }

    /**
     * The lowest rate of every group (default 0); replaces any {@link #minLrs(List)}.
     *
     * @param minLr the rate below which no group is reduced
     * @return this builder
     */
    public Builder minLr(double minLr) {
      this.minLr = minLr;
      this.minLrs = null;
      return this;
    }

    /**
     * The lowest rate of each group, one per group.
     *
     * @param minLrs the rates, in group order; their number is checked by {@link #build()}
     * @return this builder
     * @throws dev.autograd.TensorException if {@code minLrs} or one of its elements is null
     */
    public Builder minLrs(List<Double> minLrs) {
      this.minLrs = List.copyOf(Arguments.requireNoNulls("minLrs", "minLrs", minLrs));
      return this;
    }

    /**
     * The least change of a rate that is applied (default 1e-8): a reduction by less is skipped, as
     * when the rate is already at its minimum.
     *
     * @param eps the least change
     * @return this builder
     */
    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    /**
     * The scheduler, starting with no best metric and no bad epochs.
     *
     * @return a new scheduler
     * @throws IllegalArgumentException if {@code factor >= 1} or the number of {@code minLrs}
     *     differs from the number of groups
     */
    public ReduceLROnPlateau build() {
      return new ReduceLROnPlateau(this);
    }
  }

  /**
   * Records the epoch's {@code metric} and reduces the rates if it has been on a plateau: the
   * metric becomes the best if it improves on it (see the class description), otherwise the epoch
   * counts as bad; when more than {@code patience} bad epochs in a row have passed, each group's
   * rate is reduced and cooldown starts.
   *
   * @param metric the value to watch, such as the validation loss (a NaN never improves)
   */
  public void step(double metric) {
    lastEpoch++;
    if (isBetter(metric, best)) {
      best = metric;
      numBadEpochs = 0;
    } else {
      numBadEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      numBadEpochs = 0;
    }
    if (numBadEpochs > patience) {
      reduceLr();
      cooldownCounter = cooldown;
      numBadEpochs = 0;
    }
    lastLr = optimizer.lrs();
  }

  private boolean isBetter(double a, double best) {
    if (mode == Mode.MIN) {
      return thresholdMode == ThresholdMode.REL ? a < best * (1 - threshold) : a < best - threshold;
    }
    return thresholdMode == ThresholdMode.REL ? a > best * (threshold + 1) : a > best + threshold;
  }

  private void reduceLr() {
    List<ParamGroup> groups = optimizer.paramGroups();
    for (int i = 0; i < groups.size(); i++) {
      double oldLr = groups.get(i).lr();
      double newLr = Math.max(oldLr * factor, minLrs.get(i));
      if (oldLr - newLr > eps) groups.get(i).setLr(newLr);
    }
  }

  /**
   * The learning rate of each group after the last {@link #step(double)} (or at construction).
   *
   * @return an unmodifiable list, one rate per group, in group order
   */
  public List<Double> getLastLr() {
    return lastLr;
  }

  /**
   * The best metric seen so far.
   *
   * @return the best metric; before the first step, positive infinity in MIN mode and negative
   *     infinity in MAX mode
   */
  public double best() {
    return best;
  }

  /**
   * The number of epochs since the last improvement (reset by a reduction or during cooldown).
   *
   * @return the count of bad epochs in a row
   */
  public int numBadEpochs() {
    return numBadEpochs;
  }

  /**
   * The number of {@link #step(double)} calls so far.
   *
   * @return the epoch, 0 before the first step
   */
  public int lastEpoch() {
    return lastEpoch;
  }

  /**
   * Where the scheduler is, like PyTorch's {@code state_dict()}: its settings ({@code "mode"} and
   * {@code "thresholdMode"} by name, {@code "factor"}, {@code "patience"}, {@code "threshold"},
   * {@code "cooldown"}, {@code "minLrs"}, {@code "eps"}) and its progress ({@code "best"}, {@code
   * "numBadEpochs"}, {@code "cooldownCounter"}, {@code "lastEpoch"}, {@code "lastLr"}).
   *
   * @return an unmodifiable snapshot of numbers, names and lists of numbers
   */
  public Map<String, Object> stateDict() {
    Map<String, Object> dict = new LinkedHashMap<>(settings());
    dict.put("best", best);
    dict.put("numBadEpochs", numBadEpochs);
    dict.put("cooldownCounter", cooldownCounter);
    dict.put("lastEpoch", lastEpoch);
    dict.put("lastLr", lastLr);
    return Collections.unmodifiableMap(dict);
  }

  /**
   * Restores a {@link #stateDict()}: the best metric, the counts of bad and cooldown epochs, the
   * epoch and the last rates. The groups' current rates are the optimizer's, restored by its own
   * {@code loadStateDict}. The settings must match this scheduler's (PyTorch takes the saved ones
   * over; here they are fixed when the scheduler is built).
   *
   * @param stateDict a map as {@link #stateDict()} returns it
   * @throws IllegalArgumentException if a key is missing or of the wrong type, {@code "lastLr"}
   *     does not have one number per parameter group, or a setting differs from this scheduler's;
   *     nothing is changed then
   */
  public void loadStateDict(Map<String, Object> stateDict) {
    String who = "ReduceLROnPlateau";
    Arguments.requireNonNull("loadStateDict", "stateDict", stateDict);
    SchedulerStates.sameSettings(who, stateDict, settings());
    double savedBest = SchedulerStates.number(who, stateDict, "best");
    int bad = SchedulerStates.count(who, stateDict, "numBadEpochs");
    int cooling = SchedulerStates.count(who, stateDict, "cooldownCounter");
    int epoch = SchedulerStates.count(who, stateDict, "lastEpoch");
    List<Double> last =
        SchedulerStates.perGroup(who, stateDict, "lastLr", optimizer.paramGroups().size());
    best = savedBest;
    numBadEpochs = bad;
    cooldownCounter = cooling;
    lastEpoch = epoch;
    lastLr = last;
  }

  private Map<String, Object> settings() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("mode", mode.name());
    settings.put("factor", factor);
    settings.put("patience", patience);
    settings.put("threshold", threshold);
    settings.put("thresholdMode", thresholdMode.name());
    settings.put("cooldown", cooldown);
    settings.put("minLrs", minLrs);
    settings.put("eps", eps);
    return settings;
  }
}
