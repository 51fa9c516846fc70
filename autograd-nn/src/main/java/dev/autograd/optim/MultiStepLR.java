package dev.autograd.optim;

import dev.autograd.internal.Arguments;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Decays the learning rate by {@code gamma} at each milestone epoch, like {@code
 * torch.optim.lr_scheduler.MultiStepLR}:
 *
 * <pre>
 * lr_e = lr_{e-1} * gamma^count(e)   where count(e) is how often e is among the milestones
 *      = base_lr * gamma^(number of milestones &lt;= e)   (when nothing else changes lr)
 * </pre>
 *
 * As in PyTorch, a milestone given twice decays twice at that epoch.
 *
 * <pre>{@code
 * Optimizer optimizer = new SGD(model.parameters(), 0.05);
 * // 0.05 for epochs 0-29, 0.005 for 30-79, 0.0005 from 80 on
 * MultiStepLR scheduler = new MultiStepLR(optimizer, List.of(30, 80), 0.1);
 * }</pre>
 */
public final class MultiStepLR extends LRScheduler {
  private final List<Integer> milestones;
  private final double gamma;

  /**
   * Decays by the default {@code gamma = 0.1} at each milestone.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @param milestones the epochs at which to decay
   * @throws dev.autograd.TensorException if an argument or a milestone is null
   */
  public MultiStepLR(Optimizer optimizer, List<Integer> milestones) {
    this(optimizer, milestones, 0.1);
  }

  /**
   * Decays by {@code gamma} at each milestone.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @param milestones the epochs at which to decay; one given twice decays twice
   * @param gamma the factor applied at each milestone
   * @throws dev.autograd.TensorException if an argument or a milestone is null
   */
  public MultiStepLR(Optimizer optimizer, List<Integer> milestones, double gamma) {
    super(optimizer);
    List<Integer> sorted =
        new ArrayList<>(Arguments.requireNonNull("MultiStepLR", "milestones", milestones));
    for (int i = 0; i < sorted.size(); i++) {
      Arguments.requireNonNull("MultiStepLR", "milestones[" + i + "]", sorted.get(i));
    }
    Collections.sort(sorted);
    this.milestones = Collections.unmodifiableList(sorted);
    this.gamma = gamma;
    // a milestone at 0 decays the rate at construction, as PyTorch's initial step does
    startAtEpochZero();
  }

  /** {@code previousLr * gamma^k} where {@code epoch} is {@code k} times among the milestones. */
  @Override
  protected double computeLr(int group, double previousLr, double baseLr, int epoch) {
    int count = Collections.frequency(milestones, epoch);
    return count == 0 ? previousLr : previousLr * Math.pow(gamma, count);
  }

  /**
   * PyTorch's closed form at epoch 0: {@code baseLr * gamma^k}, {@code k} the number of milestones
   * at or before 0.
   */
  @Override
  protected double closedFormAtEpochZero(int group, double currentLr, double baseLr) {
    int k = 0;
    while (k < milestones.size() && milestones.get(k) <= 0) k++;
    return baseLr * Math.pow(gamma, k);
  }

  /** {@code "milestones"} (sorted) and {@code "gamma"}. */
  @Override
  protected Map<String, Object> settings() {
    return Map.of("milestones", milestones, "gamma", gamma);
  }
}
