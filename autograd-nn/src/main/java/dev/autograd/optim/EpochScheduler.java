package dev.autograd.optim;

import java.util.List;
import java.util.Map;

/**
 * A learning-rate scheduler stepped once per epoch without arguments: every {@link LRScheduler},
 * and the schedulers that combine others, {@link SequentialLR} and {@link ChainedScheduler}, which
 * can therefore hold each other. ({@link ReduceLROnPlateau}, stepped with a metric, is not one.)
 *
 * <pre>{@code
 * EpochScheduler scheduler =
 *     new ChainedScheduler(
 *         List.of(new ConstantLR(optimizer, 0.1, 2), new ExponentialLR(optimizer, 0.9)));
 * for (int epoch = 0; epoch < 100; epoch++) {
 *   train(optimizer);  // calls optimizer.step() for each batch
 *   scheduler.step();  // once per epoch, after the optimizer's steps
 * }
 * }</pre>
 */
public interface EpochScheduler {
  /**
   * Moves to the next epoch and sets the groups' learning rates for it. Call it once per epoch,
   * after that epoch's {@code optimizer.step()} calls.
   */
  void step();

  /**
   * The learning rate of each group as last set by this scheduler (or at construction).
   *
   * @return an unmodifiable list, one rate per group, in group order
   */
  List<Double> getLastLr();

  /**
   * Where the schedule is, like PyTorch's {@code scheduler.state_dict()}: numbers, lists and, for a
   * scheduler holding others, their state dicts.
   *
   * @return an unmodifiable snapshot
   */
  Map<String, Object> stateDict();

  /**
   * Restores a {@link #stateDict()} of a scheduler built the same way, like PyTorch's {@code
   * load_state_dict}.
   *
   * @param stateDict a map as {@link #stateDict()} returns it
   * @throws IllegalArgumentException if the state does not fit this scheduler; nothing is changed
   *     then
   */
  void loadStateDict(Map<String, Object> stateDict);

  /**
   * The optimizer whose learning rates this scheduler sets.
   *
   * @return the optimizer
   */
  Optimizer optimizer();
}
