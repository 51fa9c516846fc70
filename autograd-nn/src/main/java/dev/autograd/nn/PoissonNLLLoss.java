package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Negative log likelihood of counts under a Poisson distribution; see {@link
 * Functional#poissonNLLLoss(Tensor, Tensor, boolean, boolean, double, Reduction)}.
 *
 * <pre>
 * l_i = exp(input_i) - target_i input_i            (logInput, the default: input = log(rate))
 *     = input_i - target_i log(input_i + eps)      (otherwise: input = rate)
 * full: l_i += target_i log(target_i) - target_i + 0.5 log(2 pi target_i)   where target_i &gt; 1
 * </pre>
 *
 * <pre>{@code
 * Tensor logRate = Tensor.of(new double[] {0, Math.log(2)}, 2);
 * new PoissonNLLLoss().forward(logRate, Tensor.of(new double[] {1, 2}, 2));
 * // ((1 - 0) + (2 - 2 log 2)) / 2 = tensor(0.8069)
 * }</pre>
 */
public final class PoissonNLLLoss extends Loss {
  private final boolean logInput;
  private final boolean full;
  private final double eps;

  /** Log input, no Stirling term, eps 1e-8, mean-reduced (PyTorch's defaults). */
  public PoissonNLLLoss() {
    this(true, false, 1e-8, Reduction.MEAN);
  }

  /**
   * With the given settings, in PyTorch's order.
   *
   * @param logInput whether the input is the log of the rate
   * @param full whether to add the Stirling approximation of {@code log(target!)}
   * @param eps added to the rate before its log when {@code logInput} is false
   * @param reduction how the per-element losses are combined
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  public PoissonNLLLoss(boolean logInput, boolean full, double eps, Reduction reduction) {
    super(reduction);
    this.logInput = logInput;
    this.full = full;
    this.eps = eps;
  }

  /**
   * The Poisson negative log likelihood of each count (see the class description), reduced.
   *
   * @param input the log-rates (or rates), any shape
   * @param target the counts, the same shape as {@code input}
   * @return a 0-d tensor (MEAN, SUM), or the per-element losses in {@code input}'s shape (NONE)
   * @throws dev.autograd.TensorException if the shapes differ (they are not broadcast)
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Arguments.requireNonNull("PoissonNLLLoss.forward", "input", input);
    Arguments.requireNonNull("PoissonNLLLoss.forward", "target", target);
    return Functional.poissonNLLLoss(input, target, logInput, full, eps, reduction());
  }

  @Override
  protected String extraRepr() {
    return "logInput=" + logInput + ", full=" + full + ", eps=" + eps;
  }
}
