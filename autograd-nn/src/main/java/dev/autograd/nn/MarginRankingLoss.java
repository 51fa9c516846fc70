package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Margin ranking loss of two scores and which should rank higher; see {@link
 * Functional#marginRankingLoss(Tensor, Tensor, Tensor, double, Reduction)}.
 *
 * <pre>
 * l_i = max(0, -y_i (x1_i - x2_i) + margin)     y_i = 1: x1_i should be higher, -1: x2_i
 * </pre>
 *
 * <pre>{@code
 * Tensor x1 = Tensor.of(new double[] {2, 1}, 2);
 * Tensor x2 = Tensor.of(new double[] {1, 3}, 2);
 * new MarginRankingLoss().forward(x1, x2, Tensor.of(new double[] {1, 1}, 2)); // (0 + 2) / 2 = tensor(1.)
 * }</pre>
 */
public final class MarginRankingLoss extends ThreeInputLoss {
  private final double margin;

  /** Margin 0, mean-reduced (PyTorch's defaults). */
  public MarginRankingLoss() {
    this(0, Reduction.MEAN);
  }

  /**
   * With the given margin and reduction.
   *
   * @param margin how far apart the scores must be to give no loss
   * @param reduction how the per-element losses are combined
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  public MarginRankingLoss(double margin, Reduction reduction) {
    super(reduction);
    this.margin = margin;
  }

  /**
   * The margin ranking loss of each pair of scores (see the class description), reduced.
   *
   * @param input1 the first scores, any shape
   * @param input2 the second scores, the same shape
   * @param target 1 or -1 for each pair, the same shape
   * @return a 0-d tensor (MEAN, SUM), or the per-element losses (NONE)
   * @throws dev.autograd.TensorException if the shapes differ
   */
  @Override
  public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
    Arguments.requireNonNull("MarginRankingLoss.forward", "input1", input1);
    Arguments.requireNonNull("MarginRankingLoss.forward", "input2", input2);
    Arguments.requireNonNull("MarginRankingLoss.forward", "target", target);
    return Functional.marginRankingLoss(input1, input2, target, margin, reduction());
  }

  @Override
  protected String extraRepr() {
    return "margin=" + margin;
  }
}
