package dev.autograd.optim;

import java.util.Map;

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
 * if (e - 1 - tMax) % (2 tMax) == 0   (just after a minimum, where the ratio below divides by 0):
 *   lr_e = lr_{e-1} + (base_lr - etaMin) * (1 - cos(pi / tMax)) / 2
 * otherwise:
 *   lr_e = (1 + cos(pi e / tMax)) / (1 + cos(pi (e - 1) / tMax)) * (lr_{e-1} - etaMin) + etaMin
 * </pre>
 *
 * <pre>{@code
 * CosineAnnealingLR scheduler = new CosineAnnealingLR(optimizer, 100, 1e-5);
 *
 * // base_lr 0.1, tMax 4, etaMin 0: epochs 1 to 8 get
 * // 0.0854, 0.05, 0.0146, 0, 0.0146, 0.05, 0.0854, 0.1
 * }</pre>
 */
public final class CosineAnnealingLR extends LRScheduler {
  private final int tMax;
  private final double etaMin;

  /**
   * Anneals down to 0 over {@code tMax} epochs.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @param tMax the number of epochs from the base rate down to the minimum, at least 1
   * @throws IllegalArgumentException if {@code tMax < 1}
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  public CosineAnnealingLR(Optimizer optimizer, int tMax) {
    this(optimizer, tMax, 0);
  }

  /**
   * Anneals down to {@code etaMin} over {@code tMax} epochs.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @param tMax the number of epochs from the base rate down to the minimum, at least 1
   * @param etaMin the minimum learning rate, reached at epochs {@code tMax}, {@code 3 tMax}, ...
   * @throws IllegalArgumentException if {@code tMax < 1}
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
    super(optimizer);
    if (tMax < 1) throw new IllegalArgumentException("Invalid tMax: " + tMax);
    this.tMax = tMax;
    this.etaMin = etaMin;
  }

  /** The recursive form of the cosine schedule given in the class description. */
  @Override
  protected double computeLr(int group, double previousLr, double baseLr, int epoch) {
    if (Math.floorMod(epoch - 1 - tMax, 2 * tMax) == 0) {
      return previousLr + (baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
    }
    return (1 + Math.cos(Math.PI * epoch / tMax))
            / (1 + Math.cos(Math.PI * (epoch - 1) / tMax))
            * (previousLr - etaMin)
        + etaMin;
  }

  /** {@code "tMax"} and {@code "etaMin"}. */
  @Override
  protected Map<String, Object> settings() {
    return Map.of("tMax", tMax, "etaMin", etaMin);
  }
}
