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
 * {@code "momentumBuffer"} {@code b_t} (only when momentum is used). Momentum averages the recent
 * gradients, so steps build up along a direction the gradients agree on and cancel where they
 * oscillate; Nesterov's variant looks one momentum step ahead.
 *
 * <p>Options ({@link ParamGroup} keys and builder methods): {@code lr} (required), {@code momentum
 * = 0}, {@code dampening = 0}, {@code weightDecay = 0}, {@code nesterov = false}, {@code maximize =
 * false}.
 *
 * <pre>{@code
 * Optimizer sgd = new SGD(model.parameters(), 0.1);
 * Optimizer nesterov = SGD.builder(params).lr(0.1).momentum(0.9).nesterov(true).build();
 *
 * // f(x) = x^2 from x = 3 with lr 0.1: each step multiplies x by 1 - 0.1 * 2 = 0.8
 * Tensor x = Tensor.scalar(3.0).requiresGrad(true);
 * Optimizer opt = new SGD(List.of(x), 0.1);
 * for (int i = 0; i < 3; i++) {
 *   opt.zeroGrad();
 *   x.pow(2).backward();
 *   opt.step(); // x: 2.4, 1.92, 1.536
 * }
 * // with SGD.builder(List.of(x)).lr(0.1).momentum(0.9).build(): 2.4, 1.38, 0.186, then past 0
 * }</pre>
 */
public final class SGD extends Optimizer {

  /**
   * Plain gradient descent {@code p = p - lr * g} over {@code params}.
   *
   * @param params the parameters to optimize, one group
   * @param lr the learning rate, non-negative
   * @throws IllegalArgumentException if {@code lr} is negative, or {@code params} is empty, holds a
   *     tensor that is not a floating-point leaf, or holds one twice
   * @throws dev.autograd.TensorException if {@code params} is null or holds null
   */
  public SGD(List<Tensor> params, double lr) {
    this(params, lr, 0, 0, 0, false);
  }

  /**
   * SGD with all options but {@code maximize} (use the {@linkplain #builder(List) builder} for
   * that).
   *
   * @param params the parameters to optimize, one group
   * @param lr the learning rate, non-negative
   * @param momentum the momentum factor, non-negative; 0 for none
   * @param dampening the fraction of each new gradient left out of the momentum buffer
   * @param weightDecay the L2 penalty factor, non-negative; 0 for none
   * @param nesterov whether to use Nesterov momentum
   * @throws IllegalArgumentException if {@code lr}, {@code momentum} or {@code weightDecay} is
   *     negative, {@code params} is empty or holds a non-floating-point tensor, or {@code nesterov}
   *     is requested without momentum or with dampening
   * @throws dev.autograd.TensorException if {@code params} is null or holds null
   */
  public SGD(
      List<Tensor> params,
      double lr,
      double momentum,
      double dampening,
      double weightDecay,
      boolean nesterov) {
    this(singleGroup("SGD", params), options(lr, momentum, dampening, weightDecay, nesterov));
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

  /**
   * A builder over one group of {@code params}; {@code lr} must be set, as SGD has no default.
   *
   * @param params the parameters to optimize
   * @return a builder with PyTorch's defaults and no learning rate
   * @throws IllegalArgumentException if {@code params} is empty
   * @throws dev.autograd.TensorException if {@code params} is null or holds null
   */
  public static Builder builder(List<Tensor> params) {
    return new Builder(singleGroup("builder", params));
  }

  /**
   * A builder over several groups, each with its own options; unset ones come from the builder.
   * {@code lr} must be set on the builder or in every group.
   *
   * <pre>{@code
   * SGD.builder(new ParamGroup(backbone).setLr(0.01), new ParamGroup(head)).lr(0.1).build();
   * }</pre>
   *
   * @param groups the parameter groups
   * @return a builder with PyTorch's defaults and no learning rate
   * @throws IllegalArgumentException if no group is given
   */
  public static Builder builder(ParamGroup... groups) {
    return new Builder(groups(groups));
  }

  /** Builds an {@link SGD}; defaults are PyTorch's. */
  public static final class Builder extends Optimizer.Builder<Builder, SGD> {
    private Builder(List<ParamGroup> groups) {
      super(groups, options(null, 0, 0, 0, false));
    }

    /**
     * The momentum factor (default 0: none).
     *
     * @param momentum the factor {@code momentum} of the buffer update, non-negative
     * @return this builder
     */
    public Builder momentum(double momentum) {
      return option("momentum", momentum);
    }

    /**
     * The dampening of the momentum (default 0): each gradient enters the buffer scaled by {@code 1
     * - dampening}.
     *
     * @param dampening the dampening
     * @return this builder
     */
    public Builder dampening(double dampening) {
      return option("dampening", dampening);
    }

    /**
     * Nesterov momentum (default false); needs momentum and zero dampening.
     *
     * @param nesterov true for Nesterov momentum
     * @return this builder
     */
    public Builder nesterov(boolean nesterov) {
      return option("nesterov", nesterov);
    }

    /**
     * An {@link SGD} over the builder's groups.
     *
     * @return a new optimizer
     * @throws IllegalArgumentException for an invalid setting (as the constructor), or no {@code
     *     lr} on the builder or in a group
     */
    @Override
    public SGD build() {
      return new SGD(groups, defaults);
    }
  }

  /**
   * Refuses a negative {@code lr}, {@code momentum} or {@code weightDecay}, and {@code nesterov}
   * without momentum or with dampening.
   */
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
  protected boolean updateKeepsNoGradient() {
    return true; // update computes with the gradient and keeps new tensors only
  }

  /**
   * Applies the update rule of the class description to one parameter; the momentum buffer starts
   * as a copy of the first gradient.
   */
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
