package dev.autograd.optim;

import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Multiplies each group's learning rate by a function of the epoch at every step, like {@code
 * torch.optim.lr_scheduler.MultiplicativeLR}:
 *
 * <pre>
 * lr_0 = the group's rate,   lr_e = lr_{e-1} * lambda(e)   for e &gt;= 1
 * </pre>
 *
 * One function serves every group, or a list gives one per group. As in PyTorch, the functions are
 * not part of the {@link #stateDict()}: the resumed scheduler is built with the same ones.
 *
 * <pre>{@code
 * Optimizer optimizer = new SGD(model.parameters(), 0.1);
 * MultiplicativeLR scheduler = new MultiplicativeLR(optimizer, epoch -> 0.95); // 0.1, 0.095 ...
 * }</pre>
 */
public final class MultiplicativeLR extends LRScheduler {
  private final List<IntToDoubleFunction> lambdas;

  /**
   * Multiplies every group's rate by {@code lrLambda(epoch)} at each step.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @param lrLambda the factor for each epoch
   * @throws dev.autograd.TensorException if an argument is null
   */
  public MultiplicativeLR(Optimizer optimizer, IntToDoubleFunction lrLambda) {
    this(optimizer, LambdaLR.lambdasFor("MultiplicativeLR", optimizer, lrLambda));
  }

  /**
   * Multiplies group {@code i}'s rate by {@code lrLambdas.get(i).applyAsDouble(epoch)} at each
   * step.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @param lrLambdas one factor function per parameter group, in group order
   * @throws IllegalArgumentException if there is not one function per group
   * @throws dev.autograd.TensorException if an argument or a function is null
   */
  public MultiplicativeLR(Optimizer optimizer, List<IntToDoubleFunction> lrLambdas) {
    super(optimizer);
    this.lambdas = LambdaLR.perGroup("MultiplicativeLR", optimizer, lrLambdas);
  }

  /** The current rate: PyTorch's {@code step(0)} leaves it as it is. */
  @Override
  protected double closedFormAtEpochZero(int group, double currentLr, double baseLr) {
    return currentLr;
  }

  /** {@code previousLr * lambda_group(epoch)}. */
  @Override
  protected double computeLr(int group, double previousLr, double baseLr, int epoch) {
    return previousLr * lambdas.get(group).applyAsDouble(epoch);
  }
}
