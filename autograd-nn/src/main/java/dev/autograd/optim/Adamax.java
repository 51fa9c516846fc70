package dev.autograd.optim;

import dev.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adamax, as {@code torch.optim.Adamax}: Adam with the infinity norm for the second moment. With
 * {@code g} the gradient (plus {@code weightDecay * p}), at step t:
 *
 * <pre>
 * m = beta1 m + (1 - beta1) g
 * u = max(beta2 u, |g| + eps)
 * p = p - lr / (1 - beta1^t) * m / u
 * </pre>
 *
 * <p>State: {@code "step"}, {@code "expAvg"} (m), {@code "expInf"} (u). Defaults as PyTorch's: lr
 * 2e-3, betas (0.9, 0.999), eps 1e-8, no weight decay.
 */
public final class Adamax extends Optimizer {
  /**
   * Adamax with PyTorch's defaults.
   *
   * @param params the parameters
   */
  public Adamax(List<Tensor> params) {
    this(singleGroup("Adamax", params), options(2e-3));
  }

  private Adamax(List<ParamGroup> groups, Map<String, Object> defaults) {
    super(groups, defaults);
  }

  /**
   * A builder over the parameters, with PyTorch's defaults.
   *
   * @param params the parameters
   * @return the builder
   */
  public static Builder builder(List<Tensor> params) {
    return new Builder(singleGroup("builder", params));
  }

  /** Adamax's settings: lr, betas, eps, weightDecay. */
  public static final class Builder extends MomentsBuilder<Builder, Adamax> {
    private Builder(List<ParamGroup> groups) {
      super(groups, options(2e-3));
    }

    @Override
    public Adamax build() {
      return new Adamax(groups, defaults);
    }
  }

  @Override
  protected void checkOptions(Map<String, Object> o) {
    Adam.checkAdamOptions(o);
  }

  @Override
  protected void initState(Tensor param, ParamGroup group, Map<String, Object> state) {
    state.put("step", 0L);
    state.put("expAvg", Tensor.zerosLike(param));
    state.put("expInf", Tensor.zerosLike(param));
  }

  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state) {
    double[] betas = group.getDoubles("betas");
    double eps = group.getDouble("eps");
    Tensor g = withWeightDecay(param, grad, group);
    long step = (Long) state.get("step") + 1;
    state.put("step", step);
    Tensor expAvg = (Tensor) state.get("expAvg");
    Tensor expInf = (Tensor) state.get("expInf");
    expAvg.mul_(betas[0]).add_(g.mul(1 - betas[0]));
    expInf.copy_(expInf.mul(betas[1]).maximum(g.abs().add(eps)));
    double clr = group.lr() / (1 - Math.pow(betas[0], step));
    param.add_(expAvg.div(expInf).mul(-clr));
  }

  /**
   * {@code g + weightDecay * p} (the gradient itself without weight decay), negated to maximize.
   */
  static Tensor withWeightDecay(Tensor param, Tensor grad, ParamGroup group) {
    Tensor g = group.has("maximize") && group.getBoolean("maximize") ? grad.neg() : grad;
    double weightDecay = group.getDouble("weightDecay");
    return weightDecay == 0 ? g : g.add(param.mul(weightDecay));
  }

  /** lr, betas (0.9, 0.999), eps 1e-8, no weight decay, not maximizing: the Adam family's. */
  static Map<String, Object> options(double lr) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("lr", lr);
    o.put("betas", List.of(0.9, 0.999));
    o.put("eps", 1e-8);
    o.put("weightDecay", 0.0);
    o.put("maximize", false);
    return o;
  }
}
