package dev.autograd.optim;

import dev.autograd.internal.Arguments;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of the epoch-based learning-rate schedulers, like PyTorch's {@code
 * torch.optim.lr_scheduler._LRScheduler}: each {@link #step()} moves to the next epoch and sets
 * every group's learning rate from its current one, {@code lr_e = f(lr_{e-1}, base_lr, e)}.
 *
 * <pre>{@code
 * LRScheduler scheduler = new StepLR(optimizer, 30, 0.1);
 * for (int epoch = 0; epoch < 100; epoch++) {
 *   train(optimizer);   // calls optimizer.step() for each batch
 *   scheduler.step();   // once per epoch, after the optimizer's steps
 * }
 * }</pre>
 *
 * <p>On construction a group without an {@code "initialLr"} option gets its current {@code lr}
 * there; the {@code initialLr}s are the schedule's base learning rates. The scheduler starts at
 * epoch 0 with the groups' current rates (PyTorch's initial step, which leaves them unchanged).
 *
 * <p>As in PyTorch, a warning is logged if the first {@code step()} comes before any {@code
 * optimizer.step()} (the first value of the schedule would be skipped).
 *
 * <p>A new schedule implements {@link #computeLr(int, double, double, int)}; {@link ExponentialLR}
 * is {@code return previousLr * gamma;}. The rate is computed from the previous one, not from the
 * epoch alone, so that changes others make to a group's rate (another scheduler, or a hand-set
 * {@code setLr}) carry through.
 *
 * <p>{@link #stateDict()} and {@link #loadStateDict(Map)} save and restore where a schedule is, to
 * resume training along with the optimizer's own state dict.
 */
public abstract class LRScheduler implements EpochScheduler {
  /** The group option holding the learning rate the schedule started from. */
  static final String INITIAL_LR = "initialLr";

  private static final Logger log = LoggerFactory.getLogger(LRScheduler.class);

  private final Optimizer optimizer;
  private List<Double> baseLrs;
  private final long optimizerStepsAtStart;
  private int lastEpoch;
  private List<Double> lastLr;
  private boolean computesEpochZero;

  /**
   * Attaches the schedule to {@code optimizer}, at epoch 0; each group without an {@code
   * "initialLr"} option gets one, its current {@code lr}.
   *
   * @param optimizer the optimizer whose groups' learning rates this scheduler sets
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  protected LRScheduler(Optimizer optimizer) {
    this.optimizer = Arguments.requireNonNull(getClass().getSimpleName(), "optimizer", optimizer);
    List<Double> base = new ArrayList<>();
    for (ParamGroup group : optimizer.paramGroups()) {
      if (!group.has(INITIAL_LR)) group.set(INITIAL_LR, group.lr());
      base.add(group.getDouble(INITIAL_LR));
    }
    this.baseLrs = Collections.unmodifiableList(base);
    this.optimizerStepsAtStart = optimizer.stepCount();
    this.lastEpoch = 0;
    this.lastLr = optimizer.lrs();
  }

  /**
   * The learning rate of a group at {@code epoch} (at least 1, or 0 from {@link
   * #startAtEpochZero()}), given its rate at the previous epoch and its base rate.
   *
   * @param group the group's index in the optimizer's groups
   * @param previousLr the group's rate now (at {@code epoch - 1})
   * @param baseLr the group's {@code initialLr}
   * @param epoch the epoch being entered, 1 at the first {@link #step()}
   * @return the group's rate for {@code epoch}
   */
  protected abstract double computeLr(int group, double previousLr, double baseLr, int epoch);

  /**
   * Moves to the next epoch and sets each group's learning rate for it. Call it once per epoch,
   * after that epoch's {@code optimizer.step()} calls.
   */
  @Override
  public final void step() {
    if (lastEpoch == 0 && optimizer.stepCount() == optimizerStepsAtStart) {
      log.warn(
          "Detected call of lr scheduler step() before optimizer step(). Call optimizer.step()"
              + " before scheduler.step(), or the first value of the learning rate schedule is"
              + " skipped.");
    }
    advance(lastEpoch + 1);
    lastEpoch++;
    setLrs();
  }

  /**
   * Called by {@link #step()} before it moves to {@code nextEpoch} and computes the rates, for a
   * schedule with progress of its own ({@link CosineAnnealingWarmRestarts}' position in its cycle)
   * or a last epoch ({@link OneCycleLR}); nothing here.
   *
   * @param nextEpoch the epoch being entered
   * @throws IllegalArgumentException if the schedule has no such epoch; nothing is changed then
   */
  protected void advance(int nextEpoch) {}

  /**
   * Moves to {@code epoch} and sets each group's rate for it, without the step-order check of
   * {@link #step()}: for a schedule stepped to a given epoch, having set its own progress first.
   *
   * @param epoch the epoch entered, at least 0
   */
  protected final void stepTo(int epoch) {
    lastEpoch = epoch;
    setLrs();
  }

  /**
   * Sets the rates of epoch 0 from {@link #computeLr(int, double, double, int)}, as PyTorch's
   * initial step does. A schedule whose rate at epoch 0 differs from the group's current one
   * ({@link ConstantLR}, {@link LinearLR}, {@link LambdaLR}) calls it last in its constructor, once
   * its own fields are set; the others start at the groups' current rates.
   */
  protected final void startAtEpochZero() {
    computesEpochZero = true;
    setLrs();
  }

  /**
   * PyTorch's initial step, taken again by {@link SequentialLR} once it has reset the groups' rates
   * to their {@code initialLr}: back to epoch 0 with the rates of epoch 0 computed from the groups'
   * current ones, as at construction.
   */
  void initialStep() {
    lastEpoch = 0;
    if (computesEpochZero) setLrs();
    else lastLr = optimizer.lrs();
  }

  /**
   * PyTorch's {@code step(0)}, which {@link SequentialLR} calls at the milestone where this
   * schedule takes over: back to epoch 0 with each group's rate from {@link
   * #closedFormAtEpochZero(int, double, double)}.
   */
  void stepToEpochZero() {
    List<ParamGroup> groups = optimizer.paramGroups();
    for (int i = 0; i < groups.size(); i++) {
      ParamGroup group = groups.get(i);
      group.setLr(closedFormAtEpochZero(i, group.lr(), baseLrs.get(i)));
    }
    lastEpoch = 0;
    lastLr = optimizer.lrs();
  }

  /**
   * A group's rate at epoch 0 when the schedule is stepped there explicitly, as PyTorch's {@code
   * step(0)} computes it (from the closed form where the schedule has one): here {@code
   * computeLr(group, baseLr, baseLr, 0)} for a schedule that {@link #startAtEpochZero() starts at
   * epoch 0}, else {@code baseLr}. A schedule whose {@code step(0)} differs overrides this ({@link
   * MultiplicativeLR} keeps the current rate).
   *
   * @param group the group's index in the optimizer's groups
   * @param currentLr the group's rate now
   * @param baseLr the group's {@code initialLr}
   * @return the group's rate at epoch 0
   */
  protected double closedFormAtEpochZero(int group, double currentLr, double baseLr) {
    return computesEpochZero ? computeLr(group, baseLr, baseLr, 0) : baseLr;
  }

  private void setLrs() {
    List<ParamGroup> groups = optimizer.paramGroups();
    for (int i = 0; i < groups.size(); i++) {
      ParamGroup group = groups.get(i);
      group.setLr(computeLr(i, group.lr(), baseLrs.get(i), lastEpoch));
    }
    lastLr = optimizer.lrs();
  }

  /**
   * The learning rate of each group as last set by this scheduler (or at construction).
   *
   * @return an unmodifiable list, one rate per group, in group order
   */
  @Override
  public final List<Double> getLastLr() {
    return lastLr;
  }

  /**
   * The base learning rate of each group: its {@code initialLr}.
   *
   * @return an unmodifiable list, one rate per group, in group order
   */
  public final List<Double> baseLrs() {
    return baseLrs;
  }

  /**
   * The number of {@link #step()} calls so far: the current epoch.
   *
   * @return the epoch, 0 before the first step
   */
  public final int lastEpoch() {
    return lastEpoch;
  }

  /**
   * The schedule's settings, as they appear in {@link #stateDict()}: for {@link StepLR} {@code
   * "stepSize"} and {@code "gamma"}. A subclass with settings of its own overrides this; {@link
   * #loadStateDict(Map)} requires the saved values to be the same.
   *
   * @return the settings by name; empty here
   */
  protected Map<String, Object> settings() {
    return Map.of();
  }

  /**
   * A schedule's own progress besides the epoch, as it appears in {@link #stateDict()} after the
   * settings: for {@link CosineAnnealingWarmRestarts} {@code "tCur"} and {@code "tI"}. A subclass
   * that overrides this overrides {@link #loadProgress(Map)} too.
   *
   * @return the progress by name; empty here
   */
  protected Map<String, Object> progress() {
    return Map.of();
  }

  /**
   * Restores what {@link #progress()} saved, from a state dict whose other entries have been
   * checked. It checks its own entries before changing anything, and throws {@link
   * IllegalArgumentException} naming the key if one does not fit; nothing here.
   *
   * @param stateDict the whole state dict being loaded
   */
  protected void loadProgress(Map<String, Object> stateDict) {}

  /**
   * Where the schedule is, like PyTorch's {@code scheduler.state_dict()}: a map with the settings
   * (see {@link #settings()}), the schedule's own progress (see {@link #progress()}), {@code
   * "baseLrs"} and {@code "lastLr"} (lists of numbers, one per group) and {@code "lastEpoch"}. It
   * holds numbers only, so it can be kept as it is; the optimizer's state dict holds the groups'
   * current rates.
   *
   * <pre>{@code
   * Map<String, Object> savedOptimizer = optimizer.stateDict();
   * Map<String, Object> savedSchedule = scheduler.stateDict();
   * // later, in a new run:
   * Optimizer resumedOptimizer = new SGD(model.parameters(), 0.1);
   * resumedOptimizer.loadStateDict(savedOptimizer);
   * StepLR resumed = new StepLR(resumedOptimizer, 30, 0.1);
   * resumed.loadStateDict(savedSchedule); // continues at the saved epoch
   * }</pre>
   *
   * @return an unmodifiable snapshot
   */
  @Override
  public final Map<String, Object> stateDict() {
    Map<String, Object> dict = new LinkedHashMap<>(new TreeMap<>(settings())); // in name order
    dict.putAll(new TreeMap<>(progress()));
    dict.put("baseLrs", baseLrs);
    dict.put("lastEpoch", lastEpoch);
    dict.put("lastLr", lastLr);
    return Collections.unmodifiableMap(dict);
  }

  /**
   * Restores a {@link #stateDict()}, like PyTorch's {@code load_state_dict}: the epoch, the base
   * rates and the last rates. The groups' current rates are the optimizer's, restored by its own
   * {@code loadStateDict}. Unlike PyTorch, which takes the saved settings over, the settings must
   * match this scheduler's: they are fixed when a scheduler is built.
   *
   * @param stateDict a map as {@link #stateDict()} returns it
   * @throws IllegalArgumentException if a key is missing or of the wrong type, a list does not have
   *     one number per parameter group, or a setting differs from this scheduler's; nothing is
   *     changed then
   */
  @Override
  public final void loadStateDict(Map<String, Object> stateDict) {
    String who = getClass().getSimpleName();
    Arguments.requireNonNull("loadStateDict", "stateDict", stateDict);
    int groups = optimizer.paramGroups().size();
    SchedulerStates.sameSettings(who, stateDict, settings());
    int epoch = SchedulerStates.count(who, stateDict, "lastEpoch");
    List<Double> base = SchedulerStates.perGroup(who, stateDict, "baseLrs", groups);
    List<Double> last = SchedulerStates.perGroup(who, stateDict, "lastLr", groups);
    loadProgress(stateDict);
    lastEpoch = epoch;
    baseLrs = base;
    lastLr = last;
  }

  /**
   * The optimizer whose learning rates this scheduler sets.
   *
   * @return the optimizer given at construction
   */
  @Override
  public final Optimizer optimizer() {
    return optimizer;
  }

  /** Refuses a negative count of epochs, naming the scheduler and the argument. */
  static void requireNonNegative(String who, String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(who + ": " + name + " must be at least 0, got " + value);
    }
  }

  /**
   * Refuses a multiplicative factor outside (0, 1] (or [0, 1] when {@code zeroAllowed}), with
   * PyTorch's wording: {@code what} is e.g. "Starting multiplicative factor".
   */
  static void requireFactor(
      String who, String what, String name, double value, boolean zeroAllowed) {
    boolean low = zeroAllowed ? value >= 0 : value > 0;
    if (!(low && value <= 1)) {
      throw new IllegalArgumentException(
          who
              + ": "
              + what
              + (zeroAllowed
                  ? " expected to be between 0 and 1"
                  : " expected to be greater than 0 and less or equal to 1")
              + ", got "
              + name
              + " = "
              + value);
    }
  }

  /**
   * A setting given once for every group or as a list, one per group: {@code value} for each group
   * when {@code values} is null, else {@code values}, which must have one element per group.
   */
  static List<Double> perGroupValues(
      String who, String name, double value, List<Double> values, int groups) {
    if (values == null) return Collections.nCopies(groups, value);
    if (values.size() != groups) {
      throw new IllegalArgumentException(
          who
              + ": expected "
              + groups
              + " values for "
              + name
              + ", one per parameter group, got "
              + values.size());
    }
    return List.copyOf(values);
  }
}
