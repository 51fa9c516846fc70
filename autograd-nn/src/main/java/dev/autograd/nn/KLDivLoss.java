package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Kullback-Leibler divergence of log-probabilities {@code input} from probabilities {@code target}
 * (or log-probabilities, with {@code logTarget}); see {@link Functional#klDivLoss(Tensor, Tensor,
 * Reduction, boolean)}.
 *
 * <pre>
 * l_i = target_i (log target_i - input_i)        (0 where target_i = 0)
 * batch mean: loss = (1/N) sum_i l_i             N = input.size(0): the mean KL(p || q) per example
 * </pre>
 *
 * As in PyTorch, {@link Reduction#MEAN} (the default) divides by the number of elements, not of
 * examples, and is not the divergence; {@link #batchMean(boolean)} is PyTorch's {@code
 * reduction="batchmean"}, which is.
 *
 * <pre>{@code
 * Tensor logQ = Tensor.of(new double[] {0.25, 0.75}, 1, 2).log();
 * KLDivLoss.batchMean(false).forward(logQ, Tensor.of(new double[] {0.5, 0.5}, 1, 2));
 * // 0.5 log 2 + 0.5 log(2/3) = tensor(0.1438)
 * }</pre>
 */
public final class KLDivLoss extends Loss {
  private final boolean logTarget;
  private final boolean batchMean;

  /** Mean-reduced over every element, with probabilities as targets (PyTorch's defaults). */
  public KLDivLoss() {
    this(Reduction.MEAN, false);
  }

  /**
   * With the given reduction.
   *
   * @param reduction how the per-element losses are combined
   * @param logTarget whether the targets are log-probabilities
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  public KLDivLoss(Reduction reduction, boolean logTarget) {
    this(reduction, logTarget, false);
  }

  private KLDivLoss(Reduction reduction, boolean logTarget, boolean batchMean) {
    super(reduction);
    this.logTarget = logTarget;
    this.batchMean = batchMean;
  }

  /**
   * The divergence summed and divided by the batch size, as PyTorch's {@code
   * KLDivLoss(reduction="batchmean")}; its {@link #reduction()} is SUM, the reduction before the
   * division.
   *
   * @param logTarget whether the targets are log-probabilities
   * @return the loss
   */
  public static KLDivLoss batchMean(boolean logTarget) {
    return new KLDivLoss(Reduction.SUM, logTarget, true);
  }

  /**
   * Whether the sum is divided by the batch size (see {@link #batchMean(boolean)}).
   *
   * @return true for PyTorch's {@code reduction="batchmean"}
   */
  public boolean isBatchMean() {
    return batchMean;
  }

  /**
   * Whether the targets are log-probabilities.
   *
   * @return PyTorch's {@code log_target}
   */
  public boolean logTarget() {
    return logTarget;
  }

  /**
   * The pointwise divergence (see the class description), reduced.
   *
   * @param input log-probabilities, any shape ([N, ...] for the batch mean)
   * @param target probabilities (or log-probabilities), the same shape as {@code input}
   * @return a 0-d tensor (MEAN, SUM, batch mean), or the per-element losses in {@code input}'s
   *     shape (NONE)
   * @throws dev.autograd.TensorException if the shapes differ (they are not broadcast)
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Arguments.requireNonNull("KLDivLoss.forward", "input", input);
    Arguments.requireNonNull("KLDivLoss.forward", "target", target);
    return batchMean
        ? Functional.klDivLossBatchMean(input, target, logTarget)
        : Functional.klDivLoss(input, target, reduction(), logTarget);
  }

  @Override
  protected String extraRepr() {
    return (batchMean ? "reduction=batchmean, " : "") + "logTarget=" + logTarget;
  }
}
