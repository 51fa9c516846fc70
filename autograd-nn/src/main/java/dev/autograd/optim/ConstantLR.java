package dev.autograd.optim;

import java.util.Map;

/**
 * Scales the learning rate by a constant {@code factor} for the first {@code totalIters} epochs,
 * then restores it, like {@code torch.optim.lr_scheduler.ConstantLR}:
 *
 * <pre>
 * lr_e = base_lr * factor   for e &lt; totalIters,   base_lr from e = totalIters on
 * </pre>
 *
 * As in PyTorch, this is computed from the previous rate ({@code lr_0 = lr * factor}, {@code
 * lr_totalIters = lr_{totalIters-1} / factor}), so that changes made to the rate by others are
 * kept.
 *
 * <pre>{@code
 * Optimizer optimizer = new SGD(model.parameters(), 0.05);
 * ConstantLR scheduler = new ConstantLR(optimizer, 0.5, 4); // 0.025 for epochs 0-3, then 0.05
 * }</pre>
 */
public final class ConstantLR extends LRScheduler {
  private final double factor;
  private final int totalIters;

  /**
   * Scales by PyTorch's default {@code factor = 1/3} for the first {@code totalIters = 5} epochs.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  public ConstantLR(Optimizer optimizer) {
    this(optimizer, 1.0 / 3, 5);
  }

  /**
   * Scales by {@code factor} for the first {@code totalIters} epochs.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @param factor the factor until epoch {@code totalIters}, in (0, 1]
   * @param totalIters the number of epochs with the lowered rate, at least 0
   * @throws IllegalArgumentException if {@code factor} or {@code totalIters} is out of its range
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  public ConstantLR(Optimizer optimizer, double factor, int totalIters) {
    super(optimizer);
    // PyTorch 1.13 lets factor = 0 through, then divides by 0 at epoch totalIters; refused here.
    requireFactor("ConstantLR", "Constant multiplicative factor", "factor", factor, false);
    requireNonNegative("ConstantLR", "totalIters", totalIters);
    this.factor = factor;
    this.totalIters = totalIters;
    startAtEpochZero();
  }

  /** {@code previousLr * factor} at epoch 0, {@code previousLr / factor} at {@code totalIters}. */
  @Override
  protected double computeLr(int group, double previousLr, double baseLr, int epoch) {
    if (epoch == 0) return previousLr * factor;
    if (epoch != totalIters) return previousLr;
    return previousLr * (1.0 / factor);
  }

  /**
   * PyTorch's closed form at epoch 0: {@code baseLr * factor}, or {@code baseLr} when {@code
   * totalIters} is 0.
   */
  @Override
  protected double closedFormAtEpochZero(int group, double currentLr, double baseLr) {
    return totalIters > 0 ? baseLr * factor : baseLr;
  }

  /** {@code "factor"} and {@code "totalIters"}. */
  @Override
  protected Map<String, Object> settings() {
    return Map.of("factor", factor, "totalIters", totalIters);
  }
}
