package dev.autograd.optim;

import java.util.Map;

/**
 * Decays the learning rate along a polynomial to 0 over {@code totalIters} epochs, like {@code
 * torch.optim.lr_scheduler.PolynomialLR}:
 *
 * <pre>
 * lr_e = base_lr * (1 - min(e, totalIters) / totalIters)^power
 * </pre>
 *
 * As in PyTorch, this is computed recursively from the previous rate, so that changes made to the
 * rate by others are kept: for {@code 1 <= e <= totalIters},
 *
 * <pre>
 * lr_e = lr_{e-1} * ((1 - e / totalIters) / (1 - (e - 1) / totalIters))^power
 * </pre>
 *
 * <pre>{@code
 * Optimizer optimizer = new SGD(model.parameters(), 0.001);
 * // 0.001, 0.00075, 0.0005, 0.00025, then 0 from epoch 4 on
 * PolynomialLR scheduler = new PolynomialLR(optimizer, 4, 1.0);
 * }</pre>
 */
public final class PolynomialLR extends LRScheduler {
  private final int totalIters;
  private final double power;

  /**
   * Decays linearly to 0 over 5 epochs: PyTorch's defaults {@code totalIters = 5}, {@code power =
   * 1}.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  public PolynomialLR(Optimizer optimizer) {
    this(optimizer, 5, 1.0);
  }

  /**
   * Decays along {@code (1 - e / totalIters)^power} over {@code totalIters} epochs.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @param totalIters the number of epochs until the rate is 0, at least 0
   * @param power the power of the polynomial
   * @throws IllegalArgumentException if {@code totalIters < 0}
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  public PolynomialLR(Optimizer optimizer, int totalIters, double power) {
    super(optimizer);
    requireNonNegative("PolynomialLR", "totalIters", totalIters);
    this.totalIters = totalIters;
    this.power = power;
  }

  /** The recursive form given in the class description. */
  @Override
  protected double computeLr(int group, double previousLr, double baseLr, int epoch) {
    if (epoch == 0 || epoch > totalIters) return previousLr;
    double decay =
        Math.pow(
            (1.0 - (double) epoch / totalIters) / (1.0 - (double) (epoch - 1) / totalIters), power);
    return previousLr * decay;
  }

  /** {@code "totalIters"} and {@code "power"}. */
  @Override
  protected Map<String, Object> settings() {
    return Map.of("totalIters", totalIters, "power", power);
  }
}
