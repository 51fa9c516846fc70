package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Negative log likelihood of log-probabilities [N, C] against INT64 class indices [N]; see {@link
 * Functional#nllLoss(Tensor, Tensor, Reduction)}. For a model that ends in {@link LogSoftmax};
 * together they make {@link CrossEntropyLoss}.
 *
 * <pre>
 * l_n = -x_n[t_n]                    one loss per example, [N]
 * MEAN: loss = (1/N) sum_n l_n       derivative for x_n: -onehot(t_n) grad / N
 * </pre>
 *
 * <pre>{@code
 * Tensor logProbs = new LogSoftmax(1).forward(logits);             // [N, C]
 * Tensor loss = new NLLLoss().forward(logProbs, labels);          // = CrossEntropyLoss of logits
 * }</pre>
 */
public final class NLLLoss extends Loss {
  private final long ignoreIndex;

  /** Mean-reduced, PyTorch's default. */
  public NLLLoss() {
    this(Reduction.MEAN);
  }

  /**
   * With the given reduction.
   *
   * @param reduction how the per-example losses are combined
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  public NLLLoss(Reduction reduction) {
    this(reduction, Functional.DEFAULT_IGNORE_INDEX);
  }

  /**
   * With the given reduction, leaving out the examples whose target is {@code ignoreIndex} (see
   * {@link Functional#nllLoss(Tensor, Tensor, Reduction, long)}): they add nothing to the loss or
   * the gradient, and the mean is over the others.
   *
   * @param reduction how the per-example losses are combined
   * @param ignoreIndex the target value of the examples to leave out; PyTorch's default is -100
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  public NLLLoss(Reduction reduction, long ignoreIndex) {
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
   * The negative log likelihood of each example's class (see the class description), reduced.
   *
   * @param input the log-probabilities, [N, C] (or [C] for a single example)
   * @param target the class of each example, INT64 values in [0, C) or the ignore index, [N] (or
   *     0-d)
   * @return a 0-d tensor (MEAN, SUM), or the N per-example losses (NONE)
   * @throws dev.autograd.TensorException if {@code target} is not INT64 or does not have one index
   *     per example, or an index is out of range
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Arguments.requireNonNull("NLLLoss.forward", "input", input);
    Arguments.requireNonNull("NLLLoss.forward", "target", target);
    return Functional.nllLoss(input, target, reduction(), ignoreIndex);
  }
}
