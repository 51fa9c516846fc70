package dev.autograd.optim;

import dev.autograd.internal.Arguments;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs schedulers one after another, each over its range of epochs, like {@code
 * torch.optim.lr_scheduler.SequentialLR}: with milestones {@code m_1 <= ... <= m_{n-1}}, scheduler
 * {@code k} sets the rates at the epochs {@code e} with {@code m_k <= e < m_{k+1}} ({@code m_0 =
 * 0}, {@code m_n} infinite). At its milestone a scheduler starts over from epoch 0 of its own
 * schedule (PyTorch's {@code step(0)}, from the base rates), then steps on from there:
 *
 * <pre>
 * lr_e = schedule_k(e - m_k)   for m_k &lt;= e &lt; m_{k+1}
 * </pre>
 *
 * <p>A warm-up then a cosine decay, the rate at epochs 0 to 4 being 0.025, 0.05, 0.075, 0.1, then
 * 0.1 * (1 + cos(pi * (e - 4) / 20)) / 2:
 *
 * <pre>{@code
 * Optimizer optimizer = new SGD(model.parameters(), 0.1);
 * LinearLR warmup = new LinearLR(optimizer, 0.25, 1.0, 3);
 * CosineAnnealingLR decay = new CosineAnnealingLR(optimizer, 20);
 * SequentialLR scheduler = new SequentialLR(optimizer, List.of(warmup, decay), List.of(4));
 * }</pre>
 *
 * <p>As in PyTorch, the held schedulers are built first on the same optimizer, and each changed the
 * groups' rates at its construction; building the {@code SequentialLR} undoes that: it resets every
 * group's rate to its {@code initialLr} and takes the first scheduler's initial step again. Step
 * only the {@code SequentialLR} from then on.
 */
public final class SequentialLR implements EpochScheduler {
  private static final String WHO = "SequentialLR";

  private final Optimizer optimizer;
  private final List<LRScheduler> schedulers;
  private final List<Integer> milestones;
  private int lastEpoch;
  private List<Double> lastLr;

  /**
   * Runs {@code schedulers.get(0)} until epoch {@code milestones.get(0)}, then {@code
   * schedulers.get(1)} until the next milestone, and so on.
   *
   * @param optimizer the optimizer all the schedulers set the rates of
   * @param schedulers the schedulers in the order they run, built on {@code optimizer}
   * @param milestones the epochs at which the next scheduler takes over, one fewer than the
   *     schedulers, in increasing order (one given twice skips a scheduler)
   * @throws IllegalArgumentException if a scheduler belongs to another optimizer, the number of
   *     milestones is not one fewer than the number of schedulers, or the milestones decrease
   * @throws dev.autograd.TensorException if an argument, a scheduler or a milestone is null
   */
  public SequentialLR(Optimizer optimizer, List<LRScheduler> schedulers, List<Integer> milestones) {
    Arguments.requireNonNull(WHO, "optimizer", optimizer);
    this.schedulers = CombinedSchedulers.copy(WHO, schedulers);
    this.milestones = List.copyOf(Arguments.requireNoNulls(WHO, "milestones", milestones));
    CombinedSchedulers.requireOptimizer(
        WHO, this.schedulers, optimizer, "", " to be different than the optimizer passed in");
    if (this.milestones.size() != this.schedulers.size() - 1) {
      throw new IllegalArgumentException(
          WHO
              + ": expects number of schedulers provided to be one more than the number of"
              + " milestone points, but got number of schedulers "
              + this.schedulers.size()
              + " and the number of milestones to be equal to "
              + this.milestones.size());
    }
    for (int i = 1; i < this.milestones.size(); i++) {
      if (this.milestones.get(i) < this.milestones.get(i - 1)) {
        throw new IllegalArgumentException(
            WHO + ": expects milestones in increasing order, got " + this.milestones);
      }
    }
    this.optimizer = optimizer;
    List<ParamGroup> groups = optimizer.paramGroups();
    for (int i = 0; i < groups.size(); i++) {
      if (!groups.get(i).has(LRScheduler.INITIAL_LR)) {
        throw new IllegalArgumentException(
            WHO
                + ": param group "
                + i
                + " has no initialLr: it was added after the schedulers were built");
      }
    }
    for (ParamGroup group : groups) group.setLr(group.getDouble(LRScheduler.INITIAL_LR));
    this.schedulers.get(0).initialStep();
    this.lastEpoch = 0;
    this.lastLr = this.schedulers.get(0).getLastLr();
  }

  /**
   * Moves to the next epoch: the scheduler whose range holds it steps, or, at its milestone, starts
   * its schedule at epoch 0.
   */
  @Override
  public void step() {
    int epoch = lastEpoch + 1;
    int index = 0; // the number of milestones at or before epoch, as Python's bisect_right
    while (index < milestones.size() && milestones.get(index) <= epoch) index++;
    LRScheduler scheduler = schedulers.get(index);
    if (index > 0 && milestones.get(index - 1) == epoch) scheduler.stepToEpochZero();
    else scheduler.step();
    lastEpoch = epoch;
    lastLr = scheduler.getLastLr();
  }

  @Override
  public List<Double> getLastLr() {
    return lastLr;
  }

  /**
   * The number of {@link #step()} calls so far: the current epoch.
   *
   * @return the epoch, 0 before the first step
   */
  public int lastEpoch() {
    return lastEpoch;
  }

  @Override
  public Optimizer optimizer() {
    return optimizer;
  }

  /**
   * Where the schedule is: {@code "lastEpoch"}, {@code "lastLr"}, {@code "milestones"} and, under
   * {@code "schedulers"}, the held schedulers' state dicts in order, as PyTorch saves them.
   *
   * @return an unmodifiable snapshot
   */
  @Override
  public Map<String, Object> stateDict() {
    Map<String, Object> own = new LinkedHashMap<>();
    own.put("lastEpoch", lastEpoch);
    own.put("lastLr", lastLr);
    own.put("milestones", milestones);
    return CombinedSchedulers.stateDict(own, schedulers);
  }

  /**
   * Restores a {@link #stateDict()}: the epoch, the last rates and each held scheduler's state. The
   * milestones must be this scheduler's, and each held scheduler's settings its own.
   *
   * @param stateDict a map as {@link #stateDict()} returns it
   * @throws IllegalArgumentException if a key is missing or of the wrong type, the milestones
   *     differ, or a held scheduler refuses its state; nothing is changed then
   * @throws dev.autograd.TensorException if {@code stateDict} is null
   */
  @Override
  public void loadStateDict(Map<String, Object> stateDict) {
    List<Double> last = CombinedSchedulers.lastLr(WHO, stateDict, optimizer);
    SchedulerStates.sameSettings(WHO, stateDict, Map.of("milestones", milestones));
    int epoch = SchedulerStates.count(WHO, stateDict, "lastEpoch");
    CombinedSchedulers.load(
        WHO,
        stateDict,
        schedulers,
        () -> {
          lastEpoch = epoch;
          lastLr = last;
        });
  }

  /**
   * The held schedulers, in the order they run.
   *
   * @return an unmodifiable list
   */
  public List<LRScheduler> schedulers() {
    return schedulers;
  }

  /**
   * The epochs at which the next scheduler takes over.
   *
   * @return an unmodifiable list
   */
  public List<Integer> milestones() {
    return milestones;
  }
}
