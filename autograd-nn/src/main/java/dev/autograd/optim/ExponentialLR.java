package dev.autograd.optim;

/**
 * Decays the learning rate by {@code gamma} every epoch, like {@code
 * torch.optim.lr_scheduler.ExponentialLR}:
 *
 * <pre>
 * lr_e = lr_{e-1} * gamma  = base_lr * gamma^e   (when nothing else changes lr)
 * </pre>
 *
 * <pre>{@code
 * ExponentialLR scheduler = new ExponentialLR(optimizer, 0.9);
 * }</pre>
 */
public final class ExponentialLR extends LRScheduler {
  private final double gamma;

  /** Decays by {@code gamma} every epoch. */
  public ExponentialLR(Optimizer optimizer, double gamma) {
    super(optimizer);
    this.gamma = gamma;
  }

  @Override
  protected double computeLr(double previousLr, double baseLr, int epoch) {
    return previousLr * gamma;
  }
}
