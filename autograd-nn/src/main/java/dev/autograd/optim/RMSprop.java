package dev.autograd.optim;

import dev.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop, Hinton's root-mean-square propagation, like {@code torch.optim.RMSprop}.
 *
 * <p>For each parameter {@code p} with gradient {@code g}:
 *
 * <pre>
 * g   = g + weightDecay * p                       (if weightDecay != 0)
 * v_t = alpha * v_{t-1} + (1 - alpha) * g^2
 * a_t = alpha * a_{t-1} + (1 - alpha) * g,   d = sqrt(v_t - a_t^2) + eps   (if centered)
 *                                          else d = sqrt(v_t) + eps
 * b_t = momentum * b_{t-1} + g / d,  p = p - lr * b_t                     (if momentum > 0)
 *                                   else p = p - lr * g / d
 * </pre>
 *
 * With {@code maximize}, {@code -g} is used in place of {@code g}. The state of a parameter is
 * {@code "step"} (a Long), {@code "squareAvg"} ({@code v}), {@code "momentumBuffer"} ({@code b}, if
 * momentum > 0) and {@code "gradAvg"} ({@code a}, if centered), all starting at zero.
 *
 * <p>Options ({@link ParamGroup} keys and builder methods): {@code lr = 1e-2}, {@code alpha =
 * 0.99}, {@code eps = 1e-8}, {@code weightDecay = 0}, {@code momentum = 0}, {@code centered =
 * false}, {@code maximize = false}.
 *
 * <p>Dividing by the root of a running mean of {@code g^2} scales each parameter's step by the
 * recent size of its own gradients: steep directions are slowed, flat ones sped up. Unlike {@link
 * Adagrad}'s sum, the running mean forgets old gradients, so the steps do not shrink for ever.
 *
 * <pre>{@code
 * Optimizer rms = RMSprop.builder(params).lr(0.01).alpha(0.9).momentum(0.5).centered(true).build();
 *
 * // new RMSprop(List.of(x), 0.01) on f(x) = x^2 from x = 3:
 * // after 1, 2, 3 steps x is 2.9, 2.8305, 2.7744
 * // (the first step is lr / sqrt(1 - alpha) = 0.1, as v_1 = (1 - alpha) g^2)
 * }</pre>
 */
public final class RMSprop extends Optimizer {

  /**
   * RMSprop over {@code params} with PyTorch's defaults (lr 1e-2).
   *
   * @param params the parameters to optimize, one group
   * @throws IllegalArgumentException if {@code params} is empty, holds a tensor that is not a
   *     floating-point leaf, or holds one twice
   * @throws dev.autograd.TensorException if {@code params} is null or holds null
   */
  public RMSprop(List<Tensor> params) {
    this(params, 1e-2);
  }

  /**
   * RMSprop over {@code params} with learning rate {@code lr} and the other defaults.
   *
   * @param params the parameters to optimize, one group
   * @param lr the learning rate, non-negative
   * @throws IllegalArgumentException if {@code lr} is negative, or {@code params} is empty, holds a
   *     tensor that is not a floating-point leaf, or holds one twice
   * @throws dev.autograd.TensorException if {@code params} is null or holds null
   */
  public RMSprop(List<Tensor> params, double lr) {
    this(params, lr, 0.99, 1e-8, 0, 0, false);
  }

  /**
   * RMSprop with all options but {@code maximize} (use the {@linkplain #builder(List) builder} for
   * that).
   *
   * @param params the parameters to optimize, one group
   * @param lr the learning rate, non-negative
   * @param alpha the smoothing constant of the running averages, non-negative
   * @param eps the term added to the denominator, non-negative
   * @param weightDecay the L2 penalty factor, non-negative; 0 for none
   * @param momentum the momentum factor, non-negative; 0 for none
   * @param centered whether to divide by an estimate of the gradient's standard deviation rather
   *     than its root mean square
   * @throws IllegalArgumentException if {@code lr}, {@code alpha}, {@code eps}, {@code weightDecay}
   *     or {@code momentum} is negative, or {@code params} is empty or holds a non-floating-point
   *     tensor
   * @throws dev.autograd.TensorException if {@code params} is null or holds null
   */
  public RMSprop(
      List<Tensor> params,
      double lr,
      double alpha,
      double eps,
      double weightDecay,
      double momentum,
      boolean centered) {
    this(singleGroup("RMSprop", params), options(lr, alpha, eps, weightDecay, momentum, centered));
  }

  private RMSprop(List<ParamGroup> groups, Map<String, Object> defaults) {
    super(groups, defaults);
  }

  private static Map<String, Object> options(
      double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("lr", lr);
    o.put("alpha", alpha);
    o.put("eps", eps);
    o.put("weightDecay", weightDecay);
    o.put("momentum", momentum);
    o.put("centered", centered);
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

  /** Builds an {@link RMSprop}; defaults are PyTorch's. */
  public static final class Builder extends Optimizer.Builder<Builder, RMSprop> {
    private Builder(List<ParamGroup> groups) {
      super(groups, options(1e-2, 0.99, 1e-8, 0, 0, false));
    }

    /**
     * The smoothing constant of the running averages (default 0.99): the closer to 1, the longer
     * their memory.
     *
     * @param alpha the constant, non-negative
     * @return this builder
     */
    public Builder alpha(double alpha) {
      return option("alpha", alpha);
    }

    /**
     * The term added to the denominator for numerical stability (default 1e-8).
     *
     * @param eps the term, non-negative
     * @return this builder
     */
    public Builder eps(double eps) {
      return option("eps", eps);
    }

    /**
     * The momentum factor (default 0: none).
     *
     * @param momentum the factor of the buffer {@code b}, non-negative
     * @return this builder
     */
    public Builder momentum(double momentum) {
      return option("momentum", momentum);
    }

    /**
     * Normalizes by an estimate of the gradient's standard deviation, {@code sqrt(v - a^2)},
     * instead of its root mean square {@code sqrt(v)} (default false).
     *
     * @param centered true for the centered variant
     * @return this builder
     */
    public Builder centered(boolean centered) {
      return option("centered", centered);
    }

    /**
     * An {@link RMSprop} over the builder's groups.
     *
     * @return a new optimizer
     * @throws IllegalArgumentException for an invalid setting (as the constructor)
     */
    @Override
    public RMSprop build() {
      return new RMSprop(groups, defaults);
    }
  }

  /**
   * Refuses a negative {@code lr}, {@code eps}, {@code momentum}, {@code weightDecay} or {@code
   * alpha}.
   */
  @Override
  protected void checkOptions(Map<String, Object> o) {
    checkNonNegative(o, "lr", "Invalid learning rate");
    checkNonNegative(o, "eps", "Invalid epsilon value");
    checkNonNegative(o, "momentum", "Invalid momentum value");
    checkNonNegative(o, "weightDecay", "Invalid weightDecay value");
    checkNonNegative(o, "alpha", "Invalid alpha value");
  }

  /**
   * Sets {@code "step"} to 0 and the buffers this group's options need to zeros of the parameter's
   * shape.
   */
  @Override
  protected void initState(Tensor param, ParamGroup group, Map<String, Object> state) {
    state.put("step", 0L);
    state.put("squareAvg", Tensor.zerosLike(param));
    if (group.getDouble("momentum") > 0) state.put("momentumBuffer", Tensor.zerosLike(param));
    if (group.getBoolean("centered")) state.put("gradAvg", Tensor.zerosLike(param));
  }

  @Override
  protected boolean updateKeepsNoGradient() {
    return true; // update computes with the gradient and keeps new tensors only
  }

  /** Applies the update rule of the class description to one parameter. */
  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state) {
    double lr = group.lr();
    double alpha = group.getDouble("alpha");
    double eps = group.getDouble("eps");
    double weightDecay = group.getDouble("weightDecay");
    double momentum = group.getDouble("momentum");
    state.put("step", (Long) state.get("step") + 1);
    Tensor g = group.getBoolean("maximize") ? grad.neg() : grad;
    if (weightDecay != 0) g = g.add(param.mul(weightDecay));
    Tensor squareAvg = (Tensor) state.get("squareAvg");
    squareAvg.mul_(alpha).add_(g.mul(1 - alpha).mul(g));
    Tensor avg;
    if (group.getBoolean("centered")) {
      Tensor gradAvg = (Tensor) state.computeIfAbsent("gradAvg", k -> Tensor.zerosLike(param));
      gradAvg.mul_(alpha).add_(g.mul(1 - alpha));
      avg = squareAvg.sub(gradAvg.mul(gradAvg)).sqrt();
    } else {
      avg = squareAvg.sqrt();
    }
    avg = avg.add(eps);
    if (momentum > 0) {
      Tensor buf = (Tensor) state.computeIfAbsent("momentumBuffer", k -> Tensor.zerosLike(param));
      buf.mul_(momentum).add_(g.div(avg));
      param.add_(buf.mul(-lr));
    } else {
      param.add_(g.mul(-lr).div(avg));
    }
  }
}
