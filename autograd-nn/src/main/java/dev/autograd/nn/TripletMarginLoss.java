package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Triplet margin loss: each anchor should be nearer its positive than its negative by a margin; see
 * {@link Functional#tripletMarginLoss(Tensor, Tensor, Tensor, double, double, double, boolean,
 * Reduction)}.
 *
 * <pre>
 * l_n = max(0, d(a_n, p_n) - d(a_n, n_n) + margin)      d(x, y) = ||x - y + eps||_p
 * swap: d(a_n, n_n) is replaced by min(d(a_n, n_n), d(p_n, n_n))
 * </pre>
 *
 * <pre>{@code
 * Tensor anchor = Tensor.of(new double[] {0, 0}, 1, 2);
 * Tensor positive = Tensor.of(new double[] {0, 1}, 1, 2);
 * Tensor negative = Tensor.of(new double[] {3, 0}, 1, 2);
 * new TripletMarginLoss().forward(anchor, positive, negative); // tensor(0.)
 * }</pre>
 */
public final class TripletMarginLoss extends ThreeInputLoss {
  private final double margin;
  private final double p;
  private final double eps;
  private final boolean swap;

  /** Margin 1, p 2, eps 1e-6, no swap, mean-reduced (PyTorch's defaults). */
  public TripletMarginLoss() {
    this(1.0, 2, 1e-6, false, Reduction.MEAN);
  }

  /**
   * With the given settings, in PyTorch's order.
   *
   * @param margin how much nearer the positive must be than the negative to give no loss
   * @param p the order of the norm of the distances
   * @param eps added to each difference before its norm
   * @param swap whether the distance to the negative is the smaller of the anchor's and the
   *     positive's
   * @param reduction how the per-triplet losses are combined
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  public TripletMarginLoss(double margin, double p, double eps, boolean swap, Reduction reduction) {
    super(reduction);
    this.margin = margin;
    this.p = p;
    this.eps = eps;
    this.swap = swap;
  }

  /**
   * The triplet margin loss of each triplet (see the class description), reduced.
   *
   * @param anchor the anchors, [N, D] (or one of [D])
   * @param positive the examples like them, the same shape
   * @param negative the examples unlike them, the same shape
   * @return a 0-d tensor (MEAN, SUM), or the per-triplet losses (NONE)
   * @throws dev.autograd.TensorException if the shapes differ
   */
  @Override
  public Tensor forward(Tensor anchor, Tensor positive, Tensor negative) {
    Arguments.requireNonNull("TripletMarginLoss.forward", "anchor", anchor);
    Arguments.requireNonNull("TripletMarginLoss.forward", "positive", positive);
    Arguments.requireNonNull("TripletMarginLoss.forward", "negative", negative);
    return Functional.tripletMarginLoss(
        anchor, positive, negative, margin, p, eps, swap, reduction());
  }

  @Override
  protected String extraRepr() {
    return "margin=" + margin + ", p=" + p + ", eps=" + eps + ", swap=" + swap;
  }
}
