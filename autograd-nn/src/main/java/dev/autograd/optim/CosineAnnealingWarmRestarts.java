package dev.autograd.optim;

import java.util.Map;

/**
 * Anneals the learning rate along half a cosine from its base value down to {@code etaMin} over
 * {@code T_i} epochs, then restarts at the base value with {@code T_{i+1} = T_i * tMult}, like
 * {@code torch.optim.lr_scheduler.CosineAnnealingWarmRestarts} (SGDR):
 *
 * <pre>
 * lr = etaMin + (base_lr - etaMin) * (1 + cos(pi * T_cur / T_i)) / 2
 * </pre>
 *
 * where {@code T_cur} is the (possibly fractional) number of epochs since the last restart and
 * {@code T_0 = t0}. As in PyTorch this is the closed form, from the base rate.
 *
 * <p>{@link #step()} moves {@code T_cur} on by one epoch; {@link #step(double)} jumps to an epoch,
 * fractional ones included, for a schedule stepped after every batch ({@code scheduler.step(epoch +
 * i / (double) batches)}). The two can be interleaved: after {@code step(26)}, {@code step()} goes
 * to epoch 27.
 *
 * <pre>{@code
 * Optimizer optimizer = new SGD(model.parameters(), 0.1);
 * // cycles of 10, 20, 40 ... epochs, each from 0.1 down towards 1e-4
 * CosineAnnealingWarmRestarts scheduler = new CosineAnnealingWarmRestarts(optimizer, 10, 2, 1e-4);
 * }</pre>
 */
public final class CosineAnnealingWarmRestarts extends LRScheduler {
  private final int t0;
  private final int tMult;
  private final double etaMin;
  private int tI;
  private double tCur;

  /**
   * Restarts every {@code t0} epochs, annealing down to 0.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @param t0 the number of epochs of the first cycle, at least 1
   * @throws IllegalArgumentException if {@code t0 < 1}
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0) {
    this(optimizer, t0, 1, 0);
  }

  /**
   * Restarts after {@code t0}, then {@code t0 * tMult}, {@code t0 * tMult^2} ... epochs.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @param t0 the number of epochs of the first cycle, at least 1
   * @param tMult the factor by which each cycle is longer than the one before, at least 1
   * @param etaMin the minimum learning rate
   * @throws IllegalArgumentException if {@code t0 < 1} or {@code tMult < 1}
   * @throws dev.autograd.TensorException if {@code optimizer} is null
   */
  public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult, double etaMin) {
    super(optimizer);
    if (t0 < 1) {
      throw new IllegalArgumentException(
          "CosineAnnealingWarmRestarts: Expected positive integer t0, but got " + t0);
    }
    if (tMult < 1) {
      throw new IllegalArgumentException(
          "CosineAnnealingWarmRestarts: Expected integer tMult >= 1, but got " + tMult);
    }
    this.t0 = t0;
    this.tMult = tMult;
    this.etaMin = etaMin;
    this.tI = t0;
    this.tCur = 0;
    startAtEpochZero();
  }

  /** One epoch on in the cycle, restarting with a cycle {@code tMult} times longer at its end. */
  @Override
  protected void advance(int nextEpoch) {
    tCur += 1;
    if (tCur >= tI) {
      tCur -= tI;
      tI *= tMult;
    }
  }

  /**
   * Jumps to {@code epoch}, which may be fractional, and sets each group's rate for it: {@code
   * T_cur} is {@code epoch} less the length of the cycles before it.
   *
   * @param epoch the epoch, at least 0; {@link #lastEpoch()} becomes its floor
   * @throws IllegalArgumentException if {@code epoch} is negative or not finite
   */
  public void step(double epoch) {
    if (!(epoch >= 0) || Double.isInfinite(epoch)) {
      throw new IllegalArgumentException(
          "CosineAnnealingWarmRestarts.step: Expected non-negative epoch, but got " + epoch);
    }
    if (epoch < t0) {
      tI = t0;
      tCur = epoch;
    } else if (tMult == 1) {
      tCur = epoch % t0;
    } else {
      // the index of the cycle holding epoch: the n with t0 (tMult^n - 1) / (tMult - 1) <= epoch
      int n = (int) (Math.log(epoch / t0 * (tMult - 1) + 1) / Math.log(tMult));
      long power = Math.round(Math.pow(tMult, n));
      tCur = epoch - (double) (t0 * (power - 1)) / (tMult - 1);
      tI = Math.toIntExact(t0 * power);
    }
    stepTo((int) Math.floor(epoch));
  }

  /** PyTorch's initial step: back to the start of the first cycle. */
  @Override
  void initialStep() {
    step(0.0);
  }

  /** PyTorch's {@code step(0)}: back to the start of the first cycle. */
  @Override
  void stepToEpochZero() {
    step(0.0);
  }

  /** The closed form given in the class description. */
  @Override
  protected double computeLr(int group, double previousLr, double baseLr, int epoch) {
    return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * tCur / tI)) / 2;
  }

  /** {@code "t0"}, {@code "tMult"} and {@code "etaMin"}. */
  @Override
  protected Map<String, Object> settings() {
    return Map.of("t0", t0, "tMult", tMult, "etaMin", etaMin);
  }

  /** {@code "tCur"}, the epochs since the last restart, and {@code "tI"}, this cycle's length. */
  @Override
  protected Map<String, Object> progress() {
    return Map.of("tCur", tCur, "tI", tI);
  }

  @Override
  protected void loadProgress(Map<String, Object> stateDict) {
    String who = "CosineAnnealingWarmRestarts";
    double cur = SchedulerStates.number(who, stateDict, "tCur");
    int i = SchedulerStates.count(who, stateDict, "tI");
    if (!(cur >= 0) || i < 1) {
      throw new IllegalArgumentException(
          who
              + ".loadStateDict: \"tCur\" must be at least 0 and \"tI\" at least 1, got tCur = "
              + cur
              + ", tI = "
              + i);
    }
    tCur = cur;
    tI = i;
  }
}
