package dev.autograd.optim;

/**
 * Anneals the learning rate from its base value down to {@code etaMin} along half a cosine over
 * {@code tMax} epochs, then back up over the next {@code tMax}, and so on, like {@code
 * torch.optim.lr_scheduler.CosineAnnealingLR} (SGDR without restarts):
 *
 * <pre>
 * lr_e = etaMin + (base_lr - etaMin) * (1 + cos(pi * e / tMax)) / 2
 * </pre>
 *
 * As in PyTorch, this is computed recursively from the previous rate, so that changes made to the
 * rate by others are kept:
 *
 * <pre>
 * lr_e = lr_{e-1} + (base_lr - etaMin) * (1 - cos(pi / tMax)) / 2       if (e - 1 - tMax) % (2 tMax) == 0
 * lr_e = (1 + cos(pi e / tMax)) / (1 + cos(pi (e - 1) / tMax)) * (lr_{e-1} - etaMin) + etaMin   otherwise
 * </pre>
 *
 * <pre>{@code
 * CosineAnnealingLR scheduler = new CosineAnnealingLR(optimizer, 100, 1e-5);
 * }</pre>
 */
public final class CosineAnnealingLR extends LRScheduler {
  private final int tMax;
  private final double etaMin;

  /** Anneals down to 0 over {@code tMax} epochs. */
  public CosineAnnealingLR(Optimizer optimizer, int tMax) {
    this(optimizer, tMax, 0);
  }

  /**
   * Anneals down to {@code etaMin} over {@code tMax} epochs.
   *
   * @throws IllegalArgumentException if {@code tMax < 1}
   */
  public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
    super(optimizer);
    if (tMax < 1) throw new IllegalArgumentException("Invalid tMax: " + tMax);
    this.tMax = tMax;
    this.etaMin = etaMin;
  }

  @Override
  protected double computeLr(double previousLr, double baseLr, int epoch) {
    if (Math.floorMod(epoch - 1 - tMax, 2 * tMax) == 0) {
      return previousLr + (baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
    }
    return (1 + Math.cos(Math.PI * epoch / tMax))
            / (1 + Math.cos(Math.PI * (epoch - 1) / tMax))
            * (previousLr - etaMin)
        + etaMin;
  }
}
