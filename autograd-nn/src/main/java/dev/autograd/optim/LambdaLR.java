package dev.autograd.optim;

import dev.autograd.internal.Arguments;
import java.util.Collections;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Sets each group's learning rate to its base rate times a function of the epoch, like {@code
 * torch.optim.lr_scheduler.LambdaLR}:
 *
 * <pre>
 * lr_e = base_lr * lambda(e)        for every epoch e, 0 included
 * </pre>
 *
 * One function serves every group, or a list gives one per group. As in PyTorch, the functions are
 * not part of the {@link #stateDict()}: the resumed scheduler is built with the same ones.
 *
 * <pre>{@code
 * Optimizer optimizer = new SGD(model.parameters(), 0.1);
 * LambdaLR scheduler = new LambdaLR(optimizer, epoch -> Math.pow(0.95, epoch)); // 0.1, 0.095 ...
 * }</pre>
 */
public final class LambdaLR extends LRScheduler {
  private final List<IntToDoubleFunction> lambdas;

  /**
   * Scales every group's base rate by {@code lrLambda(epoch)}.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @param lrLambda the factor for each epoch
   * @throws dev.autograd.TensorException if an argument is null
   */
  public LambdaLR(Optimizer optimizer, IntToDoubleFunction lrLambda) {
    this(optimizer, lambdasFor("LambdaLR", optimizer, lrLambda));
  }

  /**
   * Scales group {@code i}'s base rate by {@code lrLambdas.get(i).applyAsDouble(epoch)}.
   *
   * @param optimizer the optimizer whose learning rates are scheduled
   * @param lrLambdas one factor function per parameter group, in group order
   * @throws IllegalArgumentException if there is not one function per group
   * @throws dev.autograd.TensorException if an argument or a function is null
   */
  public LambdaLR(Optimizer optimizer, List<IntToDoubleFunction> lrLambdas) {
    super(optimizer);
    this.lambdas = perGroup("LambdaLR", optimizer, lrLambdas);
    startAtEpochZero();
  }

  /** {@code baseLr * lambda_group(epoch)}. */
  @Override
  protected double computeLr(int group, double previousLr, double baseLr, int epoch) {
    return baseLr * lambdas.get(group).applyAsDouble(epoch);
  }

  /** The same function for each of the optimizer's groups. */
  static List<IntToDoubleFunction> lambdasFor(
      String who, Optimizer optimizer, IntToDoubleFunction lrLambda) {
    Arguments.requireNonNull(who, "optimizer", optimizer);
    Arguments.requireNonNull(who, "lrLambda", lrLambda);
    return Collections.nCopies(optimizer.paramGroups().size(), lrLambda);
  }

  /**
   * Checks that {@code lambdas} has one non-null function per group of {@code optimizer}, with
   * PyTorch's message ("Expected 2 lr_lambdas, but got 1") naming the scheduler.
   */
  static List<IntToDoubleFunction> perGroup(
      String who, Optimizer optimizer, List<IntToDoubleFunction> lambdas) {
    Arguments.requireNonNull(who, "lrLambdas", lambdas);
    for (int i = 0; i < lambdas.size(); i++) {
      Arguments.requireNonNull(who, "lrLambdas[" + i + "]", lambdas.get(i));
    }
    int groups = optimizer.paramGroups().size();
    if (lambdas.size() != groups) {
      throw new IllegalArgumentException(
          who
              + ": Expected "
              + groups
              + " lr_lambdas, one per parameter group, but got "
              + lambdas.size());
    }
    return List.copyOf(lambdas);
  }
}
