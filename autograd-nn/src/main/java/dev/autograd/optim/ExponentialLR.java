package dev.autograd.optim;

import java.util.Map;

/**
 * Decays the learning rate by {@code gamma} every epoch, like {@code
 * torch.optim.lr_scheduler.ExponentialLR}:
 *
 * <pre>
 * lr_e = lr_{e-1} * gamma  = base_lr * gamma^e   (when nothing else changes lr)
 * </pre>
 *
 * <pre>{@code
 * Optimizer optimizer = new SGD(model.parameters(), 0.1);
 * ExponentialLR scheduler = new ExponentialLR(optimizer, 0.5); // 0.1, then 0.05, 0.025, 0.0125 ...
 * }</pre>
 */
public final class ExponentialLR extends LRScheduler {
  private final double gamma;

  /**
   * Decays by {@code gamma} every epoch.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @param gamma the factor applied at each epoch
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  public ExponentialLR(Optimizer optimizer, double gamma) {
    super(optimizer);
    this.gamma = gamma;
  }

  /** {@code previousLr * gamma}. */
  @Override
  protected double computeLr(int group, double previousLr, double baseLr, int epoch) {
    return previousLr * gamma;
  }

  /** {@code "gamma"}. */
  @Override
  protected Map<String, Object> settings() {
    return Map.of("gamma", gamma);
  }
}
