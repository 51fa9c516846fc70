package dev.autograd.optim;

import java.util.Map;

/**
 * Scales the learning rate by a factor that moves linearly from {@code startFactor} to {@code
 * endFactor} over {@code totalIters} epochs, then stays there, like {@code
 * torch.optim.lr_scheduler.LinearLR} (a warm-up with the defaults):
 *
 * <pre>
 * lr_e = base_lr * (startFactor + (endFactor - startFactor) * min(e, totalIters) / totalIters)
 * </pre>
 *
 * As in PyTorch, this is computed recursively from the previous rate, so that changes made to the
 * rate by others are kept: {@code lr_0 = lr * startFactor} and, for {@code 1 <= e <= totalIters},
 *
 * <pre>
 * lr_e = lr_{e-1} * (1 + (endFactor - startFactor)
 *                        / (totalIters * startFactor + (e - 1) * (endFactor - startFactor)))
 * </pre>
 *
 * <pre>{@code
 * Optimizer optimizer = new SGD(model.parameters(), 0.05);
 * // 0.025, 0.03125, 0.0375, 0.04375, then 0.05 from epoch 4 on
 * LinearLR scheduler = new LinearLR(optimizer, 0.5, 1.0, 4);
 * }</pre>
 */
public final class LinearLR extends LRScheduler {
  private final double startFactor;
  private final double endFactor;
  private final int totalIters;

  /**
   * Warms up from a third of each group's rate to the full rate over 5 epochs: PyTorch's defaults
   * {@code startFactor = 1/3}, {@code endFactor = 1}, {@code totalIters = 5}.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  public LinearLR(Optimizer optimizer) {
    this(optimizer, 1.0 / 3, 1.0, 5);
  }

  /**
   * Moves the factor from {@code startFactor} to {@code endFactor} over {@code totalIters} epochs.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @param startFactor the factor at epoch 0, in (0, 1]
   * @param endFactor the factor from epoch {@code totalIters} on, in [0, 1]
   * @param totalIters the number of epochs the factor takes to reach {@code endFactor}, at least 0
   * @throws IllegalArgumentException if a factor or {@code totalIters} is out of its range
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
    super(optimizer);
    // PyTorch 1.13 lets startFactor = 0 through, then divides by 0 at epoch 1; later versions
    // refuse it, as here.
    requireFactor("LinearLR", "Starting multiplicative factor", "startFactor", startFactor, false);
    requireFactor("LinearLR", "Ending multiplicative factor", "endFactor", endFactor, true);
    requireNonNegative("LinearLR", "totalIters", totalIters);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    startAtEpochZero();
  }

  /** The recursive form given in the class description. */
  @Override
  protected double computeLr(int group, double previousLr, double baseLr, int epoch) {
    if (epoch == 0) return previousLr * startFactor;
    if (epoch > totalIters) return previousLr;
    return previousLr
        * (1.0
            + (endFactor - startFactor)
                / (totalIters * startFactor + (epoch - 1) * (endFactor - startFactor)));
  }

  /** {@code "startFactor"}, {@code "endFactor"} and {@code "totalIters"}. */
  @Override
  protected Map<String, Object> settings() {
    return Map.of("startFactor", startFactor, "endFactor", endFactor, "totalIters", totalIters);
  }
}
