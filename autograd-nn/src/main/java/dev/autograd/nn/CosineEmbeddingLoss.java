package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Cosine embedding loss: pulls the pairs labelled 1 together and pushes those labelled -1 apart, by
 * their cosine similarity; see {@link Functional#cosineEmbeddingLoss(Tensor, Tensor, Tensor,
 * double, Reduction)}.
 *
 * <pre>
 * l_n = 1 - cos(x1_n, x2_n)                 where y_n = 1
 *     = max(0, cos(x1_n, x2_n) - margin)    where y_n = -1
 * </pre>
 *
 * <pre>{@code
 * Tensor x1 = Tensor.of(new double[] {1, 0, 1, 1}, 2, 2);
 * Tensor x2 = Tensor.of(new double[] {0, 1, 1, 1}, 2, 2);
 * new CosineEmbeddingLoss().forward(x1, x2, Tensor.of(new double[] {1, -1}, 2)); // tensor(1.)
 * }</pre>
 */
public final class CosineEmbeddingLoss extends ThreeInputLoss {
  private final double margin;

  /** Margin 0, mean-reduced (PyTorch's defaults). */
  public CosineEmbeddingLoss() {
    this(0, Reduction.MEAN);
  }

  /**
   * With the given margin and reduction.
   *
   * @param margin the cosine below which unlike pairs give no loss (PyTorch suggests 0 to 0.5)
   * @param reduction how the per-pair losses are combined
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  public CosineEmbeddingLoss(double margin, Reduction reduction) {
    super(reduction);
    this.margin = margin;
  }

  /**
   * The cosine embedding loss of each pair (see the class description), reduced.
   *
   * @param input1 the first embeddings, [N, D] (or one of [D])
   * @param input2 the second embeddings, the same shape
   * @param target 1 or -1 for each pair: [N] (or 0-d)
   * @return a 0-d tensor (MEAN, SUM), or the per-pair losses (NONE)
   * @throws dev.autograd.TensorException if the shapes do not fit
   */
  @Override
  public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
    Arguments.requireNonNull("CosineEmbeddingLoss.forward", "input1", input1);
    Arguments.requireNonNull("CosineEmbeddingLoss.forward", "input2", input2);
    Arguments.requireNonNull("CosineEmbeddingLoss.forward", "target", target);
    return Functional.cosineEmbeddingLoss(input1, input2, target, margin, reduction());
  }

  @Override
  protected String extraRepr() {
    return "margin=" + margin;
  }
}
