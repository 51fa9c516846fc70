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
 * <p>Why decoupled: with Adam's L2 penalty the decay term is divided by {@code sqrt(v)} like the
 * gradient, so parameters with large gradients are hardly decayed; here every parameter shrinks by
 * the same factor {@code 1 - lr * weightDecay} each step.
 *
 * <pre>{@code
 * Optimizer adamw = AdamW.builder(params).lr(0.1).weightDecay(0.1).build();
 * // on f(x) = x^2 from x = 3: after 1, 2, 3 steps x is 2.87, 2.7414, 2.6144
 * // (Adam without decay: 2.9, 2.8001, 2.7004)
 * }</pre>
 */
public final class AdamW extends Optimizer {

  /**
   * AdamW over {@code params} with PyTorch's defaults (lr 1e-3, weightDecay 1e-2).
   *
   * @param params the parameters to optimize, one group
   * @throws IllegalArgumentException if {@code params} is empty, holds a tensor that is not a
   *     floating-point leaf, or holds one twice
   * @throws dev.autograd.TensorException if {@code params} is null or holds null
   */
  public AdamW(List<Tensor> params) {
    this(params, 1e-3);
  }

  /**
   * AdamW over {@code params} with learning rate {@code lr} and the other defaults.
   *
   * @param params the parameters to optimize, one group
   * @param lr the learning rate, non-negative
   * @throws IllegalArgumentException if {@code lr} is negative, or {@code params} is empty, holds a
   *     tensor that is not a floating-point leaf, or holds one twice
   * @throws dev.autograd.TensorException if {@code params} is null or holds null
   */
  public AdamW(List<Tensor> params, double lr) {
    this(params, lr, 0.9, 0.999, 1e-8, 1e-2, false);
  }

  /**
   * AdamW with all options but {@code maximize} (use the {@linkplain #builder(List) builder} for
   * that).
   *
   * @param params the parameters to optimize, one group
   * @param lr the learning rate, non-negative
   * @param beta1 the decay rate of the first moment {@code m}, in [0, 1)
   * @param beta2 the decay rate of the second moment {@code v}, in [0, 1)
   * @param eps the term added to the denominator, non-negative
   * @param weightDecay the decoupled weight decay factor, non-negative; 0 for none
   * @param amsgrad whether to use the maximum of the second moments so far
   * @throws IllegalArgumentException if {@code lr}, {@code eps} or {@code weightDecay} is negative,
   *     a beta is outside [0, 1), or {@code params} is empty or holds a non-floating-point tensor
   * @throws dev.autograd.TensorException if {@code params} is null or holds null
   */
  public AdamW(
      List<Tensor> params,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      boolean amsgrad) {
    this(singleGroup("AdamW", params), Adam.options(lr, beta1, beta2, eps, weightDecay, amsgrad));
  }

  private AdamW(List<ParamGroup> groups, Map<String, Object> defaults) {
    super(groups, defaults);
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

  /** Builds an {@link AdamW}; defaults are PyTorch's. */
  public static final class Builder extends Optimizer.Builder<Builder, AdamW> {
    private Builder(List<ParamGroup> groups) {
      super(groups, Adam.options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false));
    }

    /**
     * The decay rates of the moment estimates (default 0.9, 0.999): the closer to 1, the longer the
     * memory of past gradients.
     *
     * @param beta1 the decay rate of the first moment {@code m}, in [0, 1)
     * @param beta2 the decay rate of the second moment {@code v}, in [0, 1)
     * @return this builder
     */
    public Builder betas(double beta1, double beta2) {
      return option("betas", List.of(beta1, beta2));
    }

    /**
     * The term added to the denominator for numerical stability (default 1e-8): it bounds the step
     * where {@code v} is near 0.
     *
     * @param eps the term, non-negative
     * @return this builder
     */
    public Builder eps(double eps) {
      return option("eps", eps);
    }

    /**
     * Uses the maximum of the second moments so far (AMSGrad; default false), so that the effective
     * step size never grows back after a large gradient.
     *
     * @param amsgrad true for AMSGrad
     * @return this builder
     */
    public Builder amsgrad(boolean amsgrad) {
      return option("amsgrad", amsgrad);
    }

    /**
     * An {@link AdamW} over the builder's groups.
     *
     * @return a new optimizer
     * @throws IllegalArgumentException for an invalid setting (as the constructor)
     */
    @Override
    public AdamW build() {
      return new AdamW(groups, defaults);
    }
  }

  /**
   * Refuses a negative {@code lr}, {@code eps} or {@code weightDecay}, and betas outside [0, 1).
   */
  @Override
  protected void checkOptions(Map<String, Object> o) {
    Adam.checkAdamOptions(o);
  }

  /** Sets {@code "step"} to 0 and the moment buffers to zeros of the parameter's shape. */
  @Override
  protected void initState(Tensor param, ParamGroup group, Map<String, Object> state) {
    Adam.initAdamState(param, group, state);
  }

  @Override
  protected boolean updateKeepsNoGradient() {
    return true; // update computes with the gradient and keeps new tensors only
  }

  /** Applies the update rule of the class description to one parameter. */
  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state) {
    Adam.adamUpdate(param, grad, group, state, true);
  }
}
