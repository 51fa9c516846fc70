package dev.autograd.optim;

import dev.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent, optionally with momentum, like {@code torch.optim.SGD}.
 *
 * <p>For each parameter {@code p} with gradient {@code g}, at step {@code t}:
 *
 * <pre>
 * g   = g + weightDecay * p                       (if weightDecay != 0)
 * b_1 = g,  b_t = momentum * b_{t-1} + (1 - dampening) * g   (if momentum != 0)
 * g   = g + momentum * b_t  if nesterov,  else  g = b_t
 * p   = p - lr * g
 * </pre>
 *
 * With {@code maximize}, {@code -g} is used in place of {@code g}. The state of a parameter is its
 * {@code "momentumBuffer"} {@code b_t} (only when momentum is used).
 *
 * <p>Options ({@link ParamGroup} keys and builder methods): {@code lr} (required), {@code momentum
 * = 0}, {@code dampening = 0}, {@code weightDecay = 0}, {@code nesterov = false}, {@code maximize =
 * false}.
 *
 * <pre>{@code
 * Optimizer sgd = new SGD(model.parameters(), 0.1);
 * Optimizer nesterov = SGD.builder(params).lr(0.1).momentum(0.9).nesterov(true).build();
 * }</pre>
 */
public final class SGD extends Optimizer {

  /** Plain gradient descent {@code p = p - lr * g} over {@code params}. */
  public SGD(List<Tensor> params, double lr) {
    this(params, lr, 0, 0, 0, false);
  }

  /**
   * SGD with all options.
   *
   * @throws IllegalArgumentException if {@code lr}, {@code momentum} or {@code weightDecay} is
   *     negative, {@code params} is empty or holds a non-floating-point tensor, or {@code nesterov}
   *     is requested without momentum or with dampening
   */
  public SGD(
      List<Tensor> params,
      double lr,
      double momentum,
      double dampening,
      double weightDecay,
      boolean nesterov) {
    this(singleGroup(params), options(lr, momentum, dampening, weightDecay, nesterov));
  }

  private SGD(List<ParamGroup> groups, Map<String, Object> defaults) {
    super(groups, defaults);
  }

  private static Map<String, Object> options(
      Double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("lr", lr); // null: required, each group must give it
    o.put("momentum", momentum);
    o.put("dampening", dampening);
    o.put("weightDecay", weightDecay);
    o.put("nesterov", nesterov);
    o.put("maximize", false);
    return o;
  }

  /** A builder over one group of {@code params}; {@code lr} must be set (here or per group). */
  public static Builder builder(List<Tensor> params) {
    return new Builder(singleGroup(params));
  }

  /** A builder over several groups, each with its own options; unset ones come from the builder. */
  public static Builder builder(ParamGroup... groups) {
    return new Builder(groups(groups));
  }

  /** Builds an {@link SGD}; defaults are PyTorch's. */
  public static final class Builder extends Optimizer.Builder<Builder, SGD> {
    private Builder(List<ParamGroup> groups) {
      super(groups, options(null, 0, 0, 0, false));
    }

    /** The momentum factor (default 0: none). */
    public Builder momentum(double momentum) {
      return option("momentum", momentum);
    }

    /** The dampening of the momentum (default 0). */
    public Builder dampening(double dampening) {
      return option("dampening", dampening);
    }

    /** Nesterov momentum (default false); needs momentum and zero dampening. */
    public Builder nesterov(boolean nesterov) {
      return option("nesterov", nesterov);
    }

    @Override
    public SGD build() {
      return new SGD(groups, defaults);
    }
  }

  @Override
  protected void checkOptions(Map<String, Object> o) {
    checkNonNegative(o, "lr", "Invalid learning rate");
    checkNonNegative(o, "momentum", "Invalid momentum value");
    checkNonNegative(o, "weightDecay", "Invalid weightDecay value");
    if (Boolean.TRUE.equals(o.get("nesterov"))
        && !((Double) o.get("momentum") > 0 && (Double) o.get("dampening") == 0)) {
      throw new IllegalArgumentException(
          "Nesterov momentum requires a momentum and zero dampening");
    }
  }

  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state) {
    double lr = group.lr();
    double momentum = group.getDouble("momentum");
    double dampening = group.getDouble("dampening");
    double weightDecay = group.getDouble("weightDecay");
    Tensor d = group.getBoolean("maximize") ? grad.neg() : grad;
    if (weightDecay != 0) d = d.add(param.mul(weightDecay));
    if (momentum != 0) {
      Tensor buf = (Tensor) state.get("momentumBuffer");
      if (buf == null) {
        buf = d.clone();
        state.put("momentumBuffer", buf);
      } else {
        buf.mul_(momentum).add_(d.mul(1 - dampening));
      }
      d = group.getBoolean("nesterov") ? d.add(buf.mul(momentum)) : buf;
    }
    param.add_(d.mul(-lr));
  }
}
