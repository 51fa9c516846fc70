package dev.autograd.optim;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.internal.Kernels;
import dev.autograd.internal.TensorStorage;
import java.util.Arrays;
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
 * <p>Dividing by {@code sqrt(v)} gives every parameter its own step size: in the first steps {@code
 * m / sqrt(v)} is about {@code sign(g)}, so each parameter moves by about {@code lr} whatever the
 * scale of its gradient. The bias corrections {@code 1 - beta^t} undo the pull of the zero starting
 * values of {@code m} and {@code v} toward 0.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(params);                       // lr 1e-3
 * Optimizer tuned = Adam.builder(params).lr(0.05).betas(0.8, 0.99).amsgrad(true).build();
 *
 * // new Adam(List.of(x), 0.1) on f(x) = x^2 from x = 3 (gradient 6):
 * // after 1, 2, 3 steps x is 2.9, 2.8001, 2.7004, about lr per step
 * }</pre>
 */
public final class Adam extends Optimizer {

  /**
   * Adam over {@code params} with PyTorch's defaults (lr 1e-3).
   *
   * @param params the parameters to optimize, one group
   * @throws IllegalArgumentException if {@code params} is empty, holds a tensor that is not a
   *     floating-point leaf, or holds one twice
   * @throws dev.autograd.TensorException if {@code params} is null or holds null
   */
  public Adam(List<Tensor> params) {
    this(params, 1e-3);
  }

  /**
   * Adam over {@code params} with learning rate {@code lr} and the other defaults.
   *
   * @param params the parameters to optimize, one group
   * @param lr the learning rate, non-negative
   * @throws IllegalArgumentException if {@code lr} is negative, or {@code params} is empty, holds a
   *     tensor that is not a floating-point leaf, or holds one twice
   * @throws dev.autograd.TensorException if {@code params} is null or holds null
   */
  public Adam(List<Tensor> params, double lr) {
    this(params, lr, 0.9, 0.999, 1e-8, 0, false);
  }

  /**
   * Adam with all options but {@code maximize} (use the {@linkplain #builder(List) builder} for
   * that).
   *
   * @param params the parameters to optimize, one group
   * @param lr the learning rate, non-negative
   * @param beta1 the decay rate of the first moment {@code m}, in [0, 1)
   * @param beta2 the decay rate of the second moment {@code v}, in [0, 1)
   * @param eps the term added to the denominator, non-negative
   * @param weightDecay the L2 penalty factor, non-negative; 0 for none
   * @param amsgrad whether to use the maximum of the second moments so far
   * @throws IllegalArgumentException if {@code lr}, {@code eps} or {@code weightDecay} is negative,
   *     a beta is outside [0, 1), or {@code params} is empty or holds a non-floating-point tensor
   * @throws dev.autograd.TensorException if {@code params} is null or holds null
   */
  public Adam(
      List<Tensor> params,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      boolean amsgrad) {
    this(singleGroup("Adam", params), options(lr, beta1, beta2, eps, weightDecay, amsgrad));
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

  /** Builds an {@link Adam}; defaults are PyTorch's. */
  public static final class Builder extends Optimizer.Builder<Builder, Adam> {
    private Builder(List<ParamGroup> groups) {
      super(groups, options(1e-3, 0.9, 0.999, 1e-8, 0, false));
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
     * An {@link Adam} over the builder's groups.
     *
     * @return a new optimizer
     * @throws IllegalArgumentException for an invalid setting (as the constructor)
     */
    @Override
    public Adam build() {
      return new Adam(groups, defaults);
    }
  }

  /**
   * Refuses a negative {@code lr}, {@code eps} or {@code weightDecay}, and betas outside [0, 1).
   */
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

  /** Sets {@code "step"} to 0 and the moment buffers to zeros of the parameter's shape. */
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
  protected boolean updateKeepsNoGradient() {
    return true; // update computes with the gradient and keeps new tensors only
  }

  /** Applies the update rule of the class description to one parameter. */
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
    boolean single = param.dtype() == DType.FLOAT32;
    if (decoupled) {
      param.mul_(number(single, 1 - lr * weightDecay));
    } else if (weightDecay != 0) {
      g = g.add(param.mul(number(single, weightDecay)));
    }
    Tensor expAvg = (Tensor) state.get("expAvg");
    Tensor expAvgSq = (Tensor) state.get("expAvgSq");
    double biasCorrection1 = 1 - Math.pow(beta1, step);
    double biasCorrection2 = 1 - Math.pow(beta2, step);
    double stepSize = lr / biasCorrection1;
    if (!group.getBoolean("amsgrad") && packedAlike(param, g, expAvg, expAvgSq)) {
      // The formula below in one pass, with the same roundings.
      Kernels.get()
          .adamStep(
              TensorStorage.of(param),
              TensorStorage.offset(param),
              TensorStorage.of(g),
              TensorStorage.offset(g),
              TensorStorage.of(expAvg),
              TensorStorage.offset(expAvg),
              TensorStorage.of(expAvgSq),
              TensorStorage.offset(expAvgSq),
              param.numel(),
              beta1,
              beta2,
              -stepSize,
              Math.sqrt(biasCorrection2),
              eps);
      return;
    }
    // Each product in place in a tensor of its own where the formula makes a new one: the same
    // roundings in the same order, half the temporaries (this runs inside noGrad).
    expAvg.mul_(number(single, beta1)).add_(g.mul(number(single, 1 - beta1)));
    expAvgSq.mul_(number(single, beta2)).add_(g.mul(number(single, 1 - beta2)).mul_(g));
    Tensor second = expAvgSq;
    if (group.getBoolean("amsgrad")) {
      Tensor maxExpAvgSq =
          (Tensor) state.computeIfAbsent("maxExpAvgSq", k -> Tensor.zerosLike(param));
      maxExpAvgSq.copy_(maxExpAvgSq.maximum(expAvgSq));
      second = maxExpAvgSq;
    }
    Tensor denom =
        second.sqrt().div_(number(single, Math.sqrt(biasCorrection2))).add_(number(single, eps));
    param.add_(expAvg.div(denom).mul_(number(single, -stepSize)));
  }

  /**
   * The number as the update multiplies a float32 parameter by it: rounded to float first, as
   * PyTorch's kernels take a number for a float tensor (in double it would round twice).
   */
  private static double number(boolean single, double value) {
    return single ? (float) value : value;
  }

  /**
   * Whether the tensors are all contiguous, of the same shape and the same floating type: the fused
   * step's packed ranges.
   */
  private static boolean packedAlike(Tensor param, Tensor... others) {
    if (!param.dtype().isFloatingPoint() || !param.isContiguous()) return false;
    for (Tensor t : others) {
      if (t.dtype() != param.dtype()
          || !t.isContiguous()
          || !Arrays.equals(t.shape(), param.shape())) {
        return false;
      }
    }
    return true;
  }
}
