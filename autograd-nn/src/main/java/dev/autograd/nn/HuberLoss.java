package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Huber loss: with {@code d = input - target}, {@code 0.5 d^2} where {@code |d| < delta}, else
 * {@code delta (|d| - 0.5 delta)}; see {@link Functional#huberLoss(Tensor, Tensor, Reduction,
 * double)}.
 *
 * <pre>
 * l_i = 0.5 d_i^2                  if |d_i| &lt; delta   (quadratic near 0, as MSE)
 *     = delta (|d_i| - 0.5 delta)  otherwise         (linear further out, with slope delta)
 * </pre>
 *
 * It is {@code delta} times the {@link SmoothL1Loss} with {@code beta = delta}: the gradient of a
 * large error is {@code delta}, not 1.
 *
 * <pre>{@code
 * new HuberLoss().forward(Tensor.of(new double[] {0.5, 3}, 2), Tensor.zeros(2));
 * // (0.125 + 2.5) / 2 = tensor(1.3125)
 * }</pre>
 */
public final class HuberLoss extends Loss {
  private final double delta;

  /** Mean-reduced, delta = 1 (PyTorch's defaults). */
  public HuberLoss() {
    this(Reduction.MEAN, 1.0);
  }

  /**
   * With the given reduction and delta.
   *
   * @param reduction how the per-element losses are combined
   * @param delta where the loss changes from quadratic to linear, positive
   * @throws IllegalArgumentException if {@code delta} is not positive
   * @throws dev.autograd.TensorException if {@code reduction} is null
   */
  public HuberLoss(Reduction reduction, double delta) {
    super(reduction);
    if (!(delta > 0)) {
      throw new IllegalArgumentException("HuberLoss: delta must be positive, got " + delta);
    }
    this.delta = delta;
  }

  /**
   * The Huber loss of each element (see the class description), reduced.
   *
   * @param input the prediction, any shape
   * @param target the true values, the same shape as {@code input}
   * @return a 0-d tensor (MEAN, SUM), or the per-element losses in {@code input}'s shape (NONE)
   * @throws dev.autograd.TensorException if the shapes differ (they are not broadcast)
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Arguments.requireNonNull("HuberLoss.forward", "input", input);
    Arguments.requireNonNull("HuberLoss.forward", "target", target);
    return Functional.huberLoss(input, target, reduction(), delta);
  }

  @Override
  protected String extraRepr() {
    return "delta=" + delta;
  }
}
