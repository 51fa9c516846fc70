package dev.autograd.nn;

import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * A loss of three tensors, as PyTorch's {@link MarginRankingLoss}, {@link CosineEmbeddingLoss},
 * {@link TripletMarginLoss} and {@link GaussianNLLLoss}: {@code criterion.forward(a, b, c)}, with a
 * {@link Reduction} of the per-element (or per-example) losses as a {@link Loss}.
 *
 * <pre>{@code
 * ThreeInputLoss criterion = new TripletMarginLoss();
 * Tensor loss = criterion.forward(anchor, positive, negative);
 * loss.backward();
 * }</pre>
 */
public abstract class ThreeInputLoss {
  private final Reduction reduction;

  /**
   * A three-input loss combining its losses with {@code reduction}.
   *
   * @param reduction MEAN, SUM or NONE
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  protected ThreeInputLoss(Reduction reduction) {
    this.reduction = Arguments.requireNonNull(getClass().getSimpleName(), "reduction", reduction);
  }

  /**
   * The reduction of the per-element losses.
   *
   * @return what the constructor was given
   */
  public Reduction reduction() {
    return reduction;
  }

  /**
   * The loss of the three tensors, recorded for backward; each subclass names them.
   *
   * @param input1 the first input (the anchor of a triplet, the means of a Gaussian)
   * @param input2 the second input (the positive of a triplet, the target of a Gaussian)
   * @param target the third (the negative of a triplet, the variances of a Gaussian)
   * @return a 0-d tensor for MEAN and SUM, the unreduced losses for NONE
   */
  public abstract Tensor forward(Tensor input1, Tensor input2, Tensor target);

  /**
   * The settings shown by {@link #toString()}, as PyTorch's {@code extra_repr}.
   *
   * @return the settings, comma-separated
   */
  protected abstract String extraRepr();

  /**
   * The printout of this loss: {@code TripletMarginLoss(margin=1.0, p=2.0, eps=1.0E-6,
   * swap=false)}.
   *
   * @return the class's simple name and {@link #extraRepr()}
   */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + extraRepr() + ")";
  }
}
