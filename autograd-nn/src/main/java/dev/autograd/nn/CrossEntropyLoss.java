package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Cross entropy of logits [N, C] against INT64 class indices [N]; see {@link
 * Functional#crossEntropy(Tensor, Tensor, Reduction)}. The usual loss for classification into C
 * classes: it applies the log-softmax itself, so the model should end in a {@link Linear} layer,
 * not a {@link Softmax}.
 *
 * <pre>
 * l_n = -log softmax(x_n)[t_n] = logsumexp(x_n) - x_n[t_n]      one loss per example, [N]
 * MEAN: loss = (1/N) sum_n l_n       derivative for x_n: (softmax(x_n) - onehot(t_n)) grad / N
 * </pre>
 *
 * <pre>{@code
 * Tensor logits = Tensor.of(new double[] {2, 0, 0, 0, 2, 0}, 2, 3); // N = 2, C = 3
 * Tensor labels = Tensor.of(new long[] {0, 1}, 2);
 * new CrossEntropyLoss().forward(logits, labels); // tensor(0.2395)
 * }</pre>
 */
public final class CrossEntropyLoss extends Loss {
  private final long ignoreIndex;

  /** Mean-reduced, PyTorch's default. */
  public CrossEntropyLoss() {
    this(Reduction.MEAN);
  }

  /**
   * With the given reduction.
   *
   * @param reduction how the per-example losses are combined
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  public CrossEntropyLoss(Reduction reduction) {
    this(reduction, Functional.DEFAULT_IGNORE_INDEX);
  }

  /**
   * With the given reduction, leaving out the examples whose target is {@code ignoreIndex} (see
   * {@link Functional#crossEntropy(Tensor, Tensor, Reduction, long)}): they add nothing to the loss
   * or the gradient, and the mean is over the others.
   *
   * @param reduction how the per-example losses are combined
   * @param ignoreIndex the target value of the examples to leave out; PyTorch's default is -100
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  public CrossEntropyLoss(Reduction reduction, long ignoreIndex) {
    super(reduction);
    this.ignoreIndex = ignoreIndex;
  }

  /**
   * The target value whose examples are left out.
   *
   * @return the ignore index given at construction, -100 by default
   */
  public long ignoreIndex() {
    return ignoreIndex;
  }

  /**
   * The cross entropy of each example (see the class description), reduced.
   *
   * @param input the logits, [N, C] (or [C] for a single example)
   * @param target the class of each example, INT64 values in [0, C) or the ignore index, [N] (or
   *     0-d)
   * @return a 0-d tensor (MEAN, SUM), or the N per-example losses (NONE)
   * @throws dev.autograd.TensorException if {@code input} is not 1-D or 2-D, {@code target} is not
   *     INT64 or does not have one index per example, or an index is out of range
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Arguments.requireNonNull("CrossEntropyLoss.forward", "input", input);
    Arguments.requireNonNull("CrossEntropyLoss.forward", "target", target);
    return Functional.crossEntropy(input, target, reduction(), ignoreIndex);
  }
}
