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
 * <pre>{@code
 * Optimizer rms = RMSprop.builder(params).lr(0.01).alpha(0.9).momentum(0.5).centered(true).build();
 * }</pre>
 */
public final class RMSprop extends Optimizer {

  /** RMSprop over {@code params} with PyTorch's defaults. */
  public RMSprop(List<Tensor> params) {
    this(params, 1e-2);
  }

  /** RMSprop over {@code params} with learning rate {@code lr} and the other defaults. */
  public RMSprop(List<Tensor> params, double lr) {
    this(params, lr, 0.99, 1e-8, 0, 0, false);
  }

  /**
   * RMSprop with all options.
   *
   * @throws IllegalArgumentException if {@code lr}, {@code alpha}, {@code eps}, {@code weightDecay}
   *     or {@code momentum} is negative, or {@code params} is empty or holds a non-floating-point
   *     tensor
   */
  public RMSprop(
      List<Tensor> params,
      double lr,
      double alpha,
      double eps,
      double weightDecay,
      double momentum,
      boolean centered) {
    this(singleGroup(params), options(lr, alpha, eps, weightDecay, momentum, centered));
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

  /** A builder over one group of {@code params}. */
  public static Builder builder(List<Tensor> params) {
    return new Builder(singleGroup(params));
  }

  /** A builder over several groups, each with its own options; unset ones come from the builder. */
  public static Builder builder(ParamGroup... groups) {
    return new Builder(groups(groups));
  }

  /** Builds an {@link RMSprop}; defaults are PyTorch's. */
  public static final class Builder extends Optimizer.Builder<Builder, RMSprop> {
    private Builder(List<ParamGroup> groups) {
      super(groups, options(1e-2, 0.99, 1e-8, 0, 0, false));
    }

    /** The smoothing constant of the running averages (default 0.99). */
    public Builder alpha(double alpha) {
      return option("alpha", alpha);
    }

    /** The term added to the denominator for numerical stability (default 1e-8). */
    public Builder eps(double eps) {
      return option("eps", eps);
    }

    /** The momentum factor (default 0: none). */
    public Builder momentum(double momentum) {
      return option("momentum", momentum);
    }

    /** Normalizes by an estimate of the gradient's variance instead of its second moment. */
    public Builder centered(boolean centered) {
      return option("centered", centered);
    }

    @Override
    public RMSprop build() {
      return new RMSprop(groups, defaults);
    }
  }

  @Override
  protected void checkOptions(Map<String, Object> o) {
    checkNonNegative(o, "lr", "Invalid learning rate");
    checkNonNegative(o, "eps", "Invalid epsilon value");
    checkNonNegative(o, "momentum", "Invalid momentum value");
    checkNonNegative(o, "weightDecay", "Invalid weightDecay value");
    checkNonNegative(o, "alpha", "Invalid alpha value");
  }

  @Override
  protected void initState(Tensor param, ParamGroup group, Map<String, Object> state) {
    state.put("step", 0L);
    state.put("squareAvg", Tensor.zerosLike(param));
    if (group.getDouble("momentum") > 0) state.put("momentumBuffer", Tensor.zerosLike(param));
    if (group.getBoolean("centered")) state.put("gradAvg", Tensor.zerosLike(param));
  }

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
      Tensor gradAvg = (Tensor) state.get("gradAvg");
      gradAvg.mul_(alpha).add_(g.mul(1 - alpha));
      avg = squareAvg.sub(gradAvg.mul(gradAvg)).sqrt();
    } else {
      avg = squareAvg.sqrt();
    }
    avg = avg.add(eps);
    if (momentum > 0) {
      Tensor buf = (Tensor) state.get("momentumBuffer");
      buf.mul_(momentum).add_(g.div(avg));
      param.add_(buf.mul(-lr));
    } else {
      param.add_(g.mul(-lr).div(avg));
    }
  }
}
