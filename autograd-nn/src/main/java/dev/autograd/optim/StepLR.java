package dev.autograd.optim;

import java.util.Map;

/**
 * Decays the learning rate by {@code gamma} every {@code stepSize} epochs, like {@code
 * torch.optim.lr_scheduler.StepLR}:
 *
 * <pre>
 * lr_e = lr_{e-1} * gamma   if e % stepSize == 0,   else lr_{e-1}
 *      = base_lr * gamma^floor(e / stepSize)       (when nothing else changes lr)
 * </pre>
 *
 * <pre>{@code
 * Optimizer optimizer = new SGD(model.parameters(), 0.05);
 * StepLR scheduler = new StepLR(optimizer, 30, 0.1); // 0.05 for epochs 0-29, 0.005 for 30-59 ...
 * }</pre>
 */
public final class StepLR extends LRScheduler {
  private final int stepSize;
  private final double gamma;

  /**
   * Decays by the default {@code gamma = 0.1} every {@code stepSize} epochs.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @param stepSize the number of epochs between decays, at least 1
   * @throws IllegalArgumentException if {@code stepSize < 1}
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  public StepLR(Optimizer optimizer, int stepSize) {
    this(optimizer, stepSize, 0.1);
  }

  /**
   * Decays by {@code gamma} every {@code stepSize} epochs.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @param stepSize the number of epochs between decays, at least 1
   * @param gamma the factor applied at each decay
   * @throws IllegalArgumentException if {@code stepSize < 1}
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  public StepLR(Optimizer optimizer, int stepSize, double gamma) {
    super(optimizer);
    if (stepSize < 1) throw new IllegalArgumentException("Invalid stepSize: " + stepSize);
    this.stepSize = stepSize;
    this.gamma = gamma;
  }

  /** {@code previousLr * gamma} at every {@code stepSize}-th epoch, else {@code previousLr}. */
  @Override
  protected double computeLr(int group, double previousLr, double baseLr, int epoch) {
    return epoch % stepSize == 0 ? previousLr * gamma : previousLr;
  }

  /** {@code "stepSize"} and {@code "gamma"}. */
  @Override
  protected Map<String, Object> settings() {
    return Map.of("stepSize", stepSize, "gamma", gamma);
  }
}
