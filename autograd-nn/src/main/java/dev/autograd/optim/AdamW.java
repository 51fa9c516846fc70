package dev.autograd.optim;

import dev.autograd.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), like {@code torch.optim.AdamW}.
 *
 * <p>For each parameter {@code p} with gradient {@code g}, at step {@code t = 1, 2, ...}:
 *
 * <pre>
 * p   = p * (1 - lr * weightDecay)
 * m_t = beta1 * m_{t-1} + (1 - beta1) * g
 * v_t = beta2 * v_{t-1} + (1 - beta2) * g^2
 * vmax_t = max(vmax_{t-1}, v_t)  and v_t is replaced by vmax_t   (if amsgrad)
 * p   = p - lr / (1 - beta1^t) * m_t / (sqrt(v_t) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * Unlike {@link Adam}'s L2 penalty, the decay does not pass through the moment estimates. With
 * {@code maximize}, {@code -g} is used in place of {@code g}. The state is {@link Adam}'s.
 *
 * <p>Options ({@link ParamGroup} keys and builder methods): {@code lr = 1e-3}, {@code betas = (0.9,
 * 0.999)}, {@code eps = 1e-8}, {@code weightDecay = 1e-2}, {@code amsgrad = false}, {@code maximize
 * = false}.
 *
 * <pre>{@code
 * Optimizer adamw = AdamW.builder(params).lr(0.1).weightDecay(0.1).build();
 * }</pre>
 */
public final class AdamW extends Optimizer {

  /** AdamW over {@code params} with PyTorch's defaults. */
  public AdamW(List<Tensor> params) {
    this(params, 1e-3);
  }

  /** AdamW over {@code params} with learning rate {@code lr} and the other defaults. */
  public AdamW(List<Tensor> params, double lr) {
    this(params, lr, 0.9, 0.999, 1e-8, 1e-2, false);
  }

  /**
   * AdamW with all options.
   *
   * @throws IllegalArgumentException if {@code lr}, {@code eps} or {@code weightDecay} is negative,
   *     a beta is outside [0, 1), or {@code params} is empty or holds a non-floating-point tensor
   */
  public AdamW(
      List<Tensor> params,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      boolean amsgrad) {
    this(singleGroup(params), Adam.options(lr, beta1, beta2, eps, weightDecay, amsgrad));
  }

  private AdamW(List<ParamGroup> groups, Map<String, Object> defaults) {
    super(groups, defaults);
  }

  /** A builder over one group of {@code params}. */
  public static Builder builder(List<Tensor> params) {
    return new Builder(singleGroup(params));
  }

  /** A builder over several groups, each with its own options; unset ones come from the builder. */
  public static Builder builder(ParamGroup... groups) {
    return new Builder(groups(groups));
  }

  /** Builds an {@link AdamW}; defaults are PyTorch's. */
  public static final class Builder extends Optimizer.Builder<Builder, AdamW> {
    private Builder(List<ParamGroup> groups) {
      super(groups, Adam.options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false));
    }

    /** The decay rates of the moment estimates (default 0.9, 0.999), each in [0, 1). */
    public Builder betas(double beta1, double beta2) {
      return option("betas", List.of(beta1, beta2));
    }

    /** The term added to the denominator for numerical stability (default 1e-8). */
    public Builder eps(double eps) {
      return option("eps", eps);
    }

    /** Uses the maximum of the second moments so far (AMSGrad; default false). */
    public Builder amsgrad(boolean amsgrad) {
      return option("amsgrad", amsgrad);
    }

    @Override
    public AdamW build() {
      return new AdamW(groups, defaults);
    }
  }

  @Override
  protected void checkOptions(Map<String, Object> o) {
    Adam.checkAdamOptions(o);
  }

  @Override
  protected void initState(Tensor param, ParamGroup group, Map<String, Object> state) {
    Adam.initAdamState(param, group, state);
  }

  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state) {
    Adam.adamUpdate(param, grad, group, state, true);
  }
}
