package dev.autograd.optim;

import dev.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adagrad, the adaptive subgradient method of Duchi et al., like {@code torch.optim.Adagrad}.
 *
 * <p>For each parameter {@code p} with gradient {@code g}, at step {@code t = 1, 2, ...}:
 *
 * <pre>
 * g     = g + weightDecay * p                   (if weightDecay != 0)
 * lr_t  = lr / (1 + (t - 1) * lrDecay)
 * s_t   = s_{t-1} + g^2,   s_0 = initialAccumulatorValue
 * p     = p - lr_t * g / (sqrt(s_t) + eps)
 * </pre>
 *
 * With {@code maximize}, {@code -g} is used in place of {@code g}. The state of a parameter is
 * {@code "step"} ({@code t}, a Long) and {@code "sum"} ({@code s}); as in PyTorch it is created
 * when the optimizer is built, so {@link #stateDict()} holds it before the first step.
 *
 * <p>Options ({@link ParamGroup} keys and builder methods): {@code lr = 1e-2}, {@code lrDecay = 0},
 * {@code weightDecay = 0}, {@code initialAccumulatorValue = 0}, {@code eps = 1e-10}, {@code
 * maximize = false}.
 *
 * <p>Each parameter's step is divided by the root of the sum of all its squared gradients so far:
 * parameters that are rarely updated (the weights of rare features) keep large steps, frequent ones
 * get small steps. As the sum only grows, every step size decays over training.
 *
 * <pre>{@code
 * Optimizer adagrad = new Adagrad(params, 0.1);
 *
 * // new Adagrad(List.of(x), 0.1) on f(x) = x^2 from x = 3:
 * // after 1, 2, 3 steps x is 2.9, 2.8303, 2.7739
 * }</pre>
 */
public final class Adagrad extends Optimizer {

  /**
   * Adagrad over {@code params} with PyTorch's defaults (lr 1e-2).
   *
   * @param params the parameters to optimize, one group
   * @throws IllegalArgumentException if {@code params} is empty, holds a tensor that is not a
   *     floating-point leaf, or holds one twice
   * @throws dev.autograd.TensorException if {@code params} is null or holds null
   */
  public Adagrad(List<Tensor> params) {
    this(params, 1e-2);
  }

  /**
   * Adagrad over {@code params} with learning rate {@code lr} and the other defaults.
   *
   * @param params the parameters to optimize, one group
   * @param lr the learning rate, non-negative
   * @throws IllegalArgumentException if {@code lr} is negative, or {@code params} is empty, holds a
   *     tensor that is not a floating-point leaf, or holds one twice
   * @throws dev.autograd.TensorException if {@code params} is null or holds null
   */
  public Adagrad(List<Tensor> params, double lr) {
    this(params, lr, 0, 0, 0, 1e-10);
  }

  /**
   * Adagrad with all options but {@code maximize} (use the {@linkplain #builder(List) builder} for
   * that).
   *
   * @param params the parameters to optimize, one group
   * @param lr the learning rate, non-negative
   * @param lrDecay the decay of the learning rate per step, non-negative
   * @param weightDecay the L2 penalty factor, non-negative; 0 for none
   * @param initialAccumulatorValue the starting value {@code s_0} of the sum of squares,
   *     non-negative
   * @param eps the term added to the denominator, non-negative
   * @throws IllegalArgumentException if {@code lr}, {@code lrDecay}, {@code weightDecay}, {@code
   *     initialAccumulatorValue} or {@code eps} is negative, or {@code params} is empty or holds a
   *     non-floating-point tensor
   * @throws dev.autograd.TensorException if {@code params} is null or holds null
   */
  public Adagrad(
      List<Tensor> params,
      double lr,
      double lrDecay,
      double weightDecay,
      double initialAccumulatorValue,
      double eps) {
    this(
        singleGroup("Adagrad", params),
        options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps));
  }

  private Adagrad(List<ParamGroup> groups, Map<String, Object> defaults) {
    super(groups, defaults);
    for (ParamGroup group : paramGroups()) {
      for (Tensor p : group.params()) {
        // NOTE: PyTorch creates Adagrad's state in the constructor; step() fills it lazily too,
        // for groups added later with addParamGroup.
        initState(p, group, mutableState(p));
      }
    }
  }

  private static Map<String, Object> options(
      double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("lr", lr);
    o.put("lrDecay", lrDecay);
    o.put("weightDecay", weightDecay);
    o.put("initialAccumulatorValue", initialAccumulatorValue);
    o.put("eps", eps);
    o.put("maximize", false);
    return o;
  }

  /**
   * A builder over one group of {@code params}.
   *
   * @param params the parameters to optimize
   * @return a builder with PyTorch's defaults
   * @throws IllegalArgumentException if {@code params} is empty
   * @throws dev.autograd.TensorException if {@code params} is null or holds null
   */
  public static Builder builder(List<Tensor> params) {
    return new Builder(singleGroup("builder", params));
  }

  /**
   * A builder over several groups, each with its own options; unset ones come from the builder.
   *
   * @param groups the parameter groups
   * @return a builder with PyTorch's defaults
   * @throws IllegalArgumentException if no group is given
   */
  public static Builder builder(ParamGroup... groups) {
    return new Builder(groups(groups));
  }

  /** Builds an {@link Adagrad}; defaults are PyTorch's. */
  public static final class Builder extends Optimizer.Builder<Builder, Adagrad> {
    private Builder(List<ParamGroup> groups) {
      super(groups, options(1e-2, 0, 0, 0, 1e-10));
    }

    /**
     * The learning-rate decay per step (default 0): {@code lr_t = lr / (1 + (t - 1) * lrDecay)}.
     *
     * @param lrDecay the decay, non-negative
     * @return this builder
     */
    public Builder lrDecay(double lrDecay) {
      return option("lrDecay", lrDecay);
    }

    /**
     * The starting value of the sum of squared gradients (default 0); a positive value damps the
     * first steps.
     *
     * @param initialAccumulatorValue the value {@code s_0}, non-negative
     * @return this builder
     */
    public Builder initialAccumulatorValue(double initialAccumulatorValue) {
      return option("initialAccumulatorValue", initialAccumulatorValue);
    }

    /**
     * The term added to the denominator for numerical stability (default 1e-10).
     *
     * @param eps the term, non-negative
     * @return this builder
     */
    public Builder eps(double eps) {
      return option("eps", eps);
    }

    /**
     * An {@link Adagrad} over the builder's groups.
     *
     * @return a new optimizer
     * @throws IllegalArgumentException for an invalid setting (as the constructor)
     */
    @Override
    public Adagrad build() {
      return new Adagrad(groups, defaults);
    }
  }

  /**
   * Refuses a negative {@code lr}, {@code lrDecay}, {@code weightDecay}, {@code
   * initialAccumulatorValue} or {@code eps}.
   */
  @Override
  protected void checkOptions(Map<String, Object> o) {
    checkNonNegative(o, "lr", "Invalid learning rate");
    checkNonNegative(o, "lrDecay", "Invalid lrDecay value");
    checkNonNegative(o, "weightDecay", "Invalid weightDecay value");
    checkNonNegative(o, "initialAccumulatorValue", "Invalid initialAccumulatorValue value");
    checkNonNegative(o, "eps", "Invalid epsilon value");
  }

  /**
   * Sets {@code "step"} to 0 and {@code "sum"} to {@code initialAccumulatorValue} in the
   * parameter's shape and dtype.
   */
  @Override
  protected void initState(Tensor param, ParamGroup group, Map<String, Object> state) {
    state.put("step", 0L);
    state.put(
        "sum",
        Tensor.full(group.getDouble("initialAccumulatorValue"), param.dtype(), param.shape()));
  }

  @Override
  protected boolean updateKeepsNoGradient() {
    return true; // update computes with the gradient and keeps new tensors only
  }

  /** Applies the update rule of the class description to one parameter. */
  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state) {
    double lr = group.lr();
    double lrDecay = group.getDouble("lrDecay");
    double weightDecay = group.getDouble("weightDecay");
    double eps = group.getDouble("eps");
    long step = (Long) state.get("step") + 1;
    state.put("step", step);
    Tensor g = group.getBoolean("maximize") ? grad.neg() : grad;
    if (weightDecay != 0) g = g.add(param.mul(weightDecay));
    double clr = lr / (1 + (step - 1) * lrDecay);
    Tensor sum = (Tensor) state.get("sum");
    sum.add_(g.mul(g));
    Tensor std = sum.sqrt().add(eps);
    param.add_(g.mul(-clr).div(std));
  }
}
