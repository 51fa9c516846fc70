package dev.autograd.optim;

import java.util.List;
import java.util.Map;

/**
 * Steps several schedulers together, in order, like {@code
 * torch.optim.lr_scheduler.ChainedScheduler}: each {@link #step()} calls every scheduler's {@code
 * step()}, so that their chainable forms compose. With {@link ConstantLR} (factor 0.1 for 2 epochs)
 * and {@link ExponentialLR} (gamma 0.9) from a rate of 1 the rate is
 *
 * <pre>
 * lr_e = (e &lt; 2 ? 0.1 : 1) * 0.9^e   = 0.09, 0.081, 0.729, 0.6561, ...
 * </pre>
 *
 * <pre>{@code
 * Optimizer optimizer = new SGD(model.parameters(), 1.0);
 * ChainedScheduler scheduler =
 *     new ChainedScheduler(
 *         List.of(new ConstantLR(optimizer, 0.1, 2), new ExponentialLR(optimizer, 0.9)));
 * }</pre>
 *
 * <p>Unlike {@link SequentialLR} it leaves the rates as the schedulers' constructions set them.
 */
public final class ChainedScheduler implements EpochScheduler {
  private static final String WHO = "ChainedScheduler";

  private final List<EpochScheduler> schedulers;
  private List<Double> lastLr;

  /**
   * Chains {@code schedulers}, which are stepped in this order.
   *
   * @param schedulers at least one scheduler, all on the same optimizer
   * @throws IllegalArgumentException if {@code schedulers} is empty or its schedulers belong to
   *     different optimizers
   * @throws dev.autograd.TensorException if {@code schedulers} is or holds null
   */
  public ChainedScheduler(List<EpochScheduler> schedulers) {
    this.schedulers = CombinedSchedulers.copy(WHO, schedulers);
    if (this.schedulers.isEmpty()) {
      throw new IllegalArgumentException(WHO + ": expects at least one scheduler, got none");
    }
    Optimizer first = this.schedulers.get(0).optimizer();
    CombinedSchedulers.requireOptimizer(WHO, this.schedulers, first, "0 and ", " to be different");
    this.lastLr = first.lrs();
  }

  /** Steps every scheduler, in order. */
  @Override
  public void step() {
    for (EpochScheduler scheduler : schedulers) scheduler.step();
    lastLr = optimizer().lrs();
  }

  /**
   * The groups' learning rates after the last {@link #step()} (or at construction).
   *
   * @return an unmodifiable list, one rate per group, in group order
   */
  @Override
  public List<Double> getLastLr() {
    return lastLr;
  }

  /**
   * The optimizer of the chained schedulers.
   *
   * @return the first scheduler's optimizer
   */
  @Override
  public Optimizer optimizer() {
    return schedulers.get(0).optimizer();
  }

  /**
   * Where the schedule is: {@code "lastLr"} and, under {@code "schedulers"}, the chained
   * schedulers' state dicts in order, as PyTorch saves them.
   *
   * @return an unmodifiable snapshot
   */
  @Override
  public Map<String, Object> stateDict() {
    return CombinedSchedulers.stateDict(Map.of("lastLr", lastLr), schedulers);
  }

  /**
   * Restores a {@link #stateDict()}: the last rates and each chained scheduler's state.
   *
   * @param stateDict a map as {@link #stateDict()} returns it
   * @throws IllegalArgumentException if a key is missing or of the wrong type, or a chained
   *     scheduler refuses its state; nothing is changed then
   * @throws dev.autograd.TensorException if {@code stateDict} is null
   */
  @Override
  public void loadStateDict(Map<String, Object> stateDict) {
    List<Double> last = CombinedSchedulers.lastLr(WHO, stateDict, optimizer());
    CombinedSchedulers.load(WHO, stateDict, schedulers, () -> lastLr = last);
  }

  /**
   * The chained schedulers, in the order they are stepped.
   *
   * @return an unmodifiable list
   */
  public List<EpochScheduler> schedulers() {
    return schedulers;
  }
}
