package dev.autograd.optim;

import dev.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam, the adaptive moment estimation method of Kingma and Ba, like {@code torch.optim.Adam}.
 *
 * <p>For each parameter {@code p} with gradient {@code g}, at step {@code t = 1, 2, ...}:
 *
 * <pre>
 * g   = g + weightDecay * p                     (L2 penalty, if weightDecay != 0)
 * m_t = beta1 * m_{t-1} + (1 - beta1) * g
 * v_t = beta2 * v_{t-1} + (1 - beta2) * g^2
 * vmax_t = max(vmax_{t-1}, v_t)  and v_t is replaced by vmax_t   (if amsgrad)
 * p   = p - lr / (1 - beta1^t) * m_t / (sqrt(v_t) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * With {@code maximize}, {@code -g} is used in place of {@code g}. The state of a parameter is
 * {@code "step"} ({@code t}, a Long), {@code "expAvg"} ({@code m}), {@code "expAvgSq"} ({@code v})
 * and, with amsgrad, {@code "maxExpAvgSq"} ({@code vmax}), all starting at zero.
 *
 * <p>Options ({@link ParamGroup} keys and builder methods): {@code lr = 1e-3}, {@code betas = (0.9,
 * 0.999)}, {@code eps = 1e-8}, {@code weightDecay = 0}, {@code amsgrad = false}, {@code maximize =
 * false}. For weight decay decoupled from the moments, use {@link AdamW}.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(params);                       // lr 1e-3
 * Optimizer tuned = Adam.builder(params).lr(0.05).betas(0.8, 0.99).amsgrad(true).build();
 * }</pre>
 */
public final class Adam extends Optimizer {

  /** Adam over {@code params} with PyTorch's defaults. */
  public Adam(List<Tensor> params) {
    this(params, 1e-3);
  }

  /** Adam over {@code params} with learning rate {@code lr} and the other defaults. */
  public Adam(List<Tensor> params, double lr) {
    this(params, lr, 0.9, 0.999, 1e-8, 0, false);
  }

  /**
   * Adam with all options.
   *
   * @throws IllegalArgumentException if {@code lr}, {@code eps} or {@code weightDecay} is negative,
   *     a beta is outside [0, 1), or {@code params} is empty or holds a non-floating-point tensor
   */
  public Adam(
      List<Tensor> params,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      boolean amsgrad) {
    this(singleGroup(params), options(lr, beta1, beta2, eps, weightDecay, amsgrad));
  }

  private Adam(List<ParamGroup> groups, Map<String, Object> defaults) {
    super(groups, defaults);
  }

  static Map<String, Object> options(
      double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("lr", lr);
    o.put("betas", List.of(beta1, beta2));
    o.put("eps", eps);
    o.put("weightDecay", weightDecay);
    o.put("amsgrad", amsgrad);
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

  /** Builds an {@link Adam}; defaults are PyTorch's. */
  public static final class Builder extends Optimizer.Builder<Builder, Adam> {
    private Builder(List<ParamGroup> groups) {
      super(groups, options(1e-3, 0.9, 0.999, 1e-8, 0, false));
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
    public Adam build() {
      return new Adam(groups, defaults);
    }
  }

  @Override
  protected void checkOptions(Map<String, Object> o) {
    checkAdamOptions(o);
  }

  static void checkAdamOptions(Map<String, Object> o) {
    checkNonNegative(o, "lr", "Invalid learning rate");
    checkNonNegative(o, "eps", "Invalid epsilon value");
    checkBetas(o);
    checkNonNegative(o, "weightDecay", "Invalid weightDecay value");
  }

  @Override
  protected void initState(Tensor param, ParamGroup group, Map<String, Object> state) {
    initAdamState(param, group, state);
  }

  static void initAdamState(Tensor param, ParamGroup group, Map<String, Object> state) {
    state.put("step", 0L);
    state.put("expAvg", Tensor.zerosLike(param));
    state.put("expAvgSq", Tensor.zerosLike(param));
    if (group.getBoolean("amsgrad")) state.put("maxExpAvgSq", Tensor.zerosLike(param));
  }

  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state) {
    adamUpdate(param, grad, group, state, false);
  }

  /**
   * The Adam update of one parameter; with {@code decoupled} (AdamW) the weight decay shrinks the
   * parameter, {@code p = p * (1 - lr * weightDecay)}, instead of being added to the gradient.
   */
  static void adamUpdate(
      Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state, boolean decoupled) {
    double lr = group.lr();
    double[] betas = group.getDoubles("betas");
    double beta1 = betas[0];
    double beta2 = betas[1];
    double eps = group.getDouble("eps");
    double weightDecay = group.getDouble("weightDecay");
    Tensor g = group.getBoolean("maximize") ? grad.neg() : grad;
    long step = (Long) state.get("step") + 1;
    state.put("step", step);
    if (decoupled) {
      param.mul_(1 - lr * weightDecay);
    } else if (weightDecay != 0) {
      g = g.add(param.mul(weightDecay));
    }
    Tensor expAvg = (Tensor) state.get("expAvg");
    Tensor expAvgSq = (Tensor) state.get("expAvgSq");
    expAvg.mul_(beta1).add_(g.mul(1 - beta1));
    expAvgSq.mul_(beta2).add_(g.mul(1 - beta2).mul(g));
    double biasCorrection1 = 1 - Math.pow(beta1, step);
    double biasCorrection2 = 1 - Math.pow(beta2, step);
    double stepSize = lr / biasCorrection1;
    Tensor second = expAvgSq;
    if (group.getBoolean("amsgrad")) {
      Tensor maxExpAvgSq = (Tensor) state.get("maxExpAvgSq");
      maxExpAvgSq.copy_(maxExpAvgSq.maximum(expAvgSq));
      second = maxExpAvgSq;
    }
    Tensor denom = second.sqrt().div(Math.sqrt(biasCorrection2)).add(eps);
    param.add_(expAvg.mul(-stepSize).div(denom));
  }
}
