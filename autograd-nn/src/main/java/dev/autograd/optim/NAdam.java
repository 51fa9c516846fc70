package dev.autograd.optim;

import dev.autograd.Tensor;
import java.util.List;
import java.util.Map;

/**
 * NAdam, as {@code torch.optim.NAdam}: Adam with Nesterov momentum and PyTorch's momentum schedule.
 * With {@code g} the gradient (plus {@code weightDecay * p}), at step t:
 *
 * <pre>
 * mu_t = beta1 (1 - 0.5 * 0.96^(t psi)),   psi = momentumDecay
 * m = beta1 m + (1 - beta1) g;   v = beta2 v + (1 - beta2) g^2
 * d = sqrt(v / (1 - beta2^t)) + eps
 * p = p - lr (1 - mu_t) / (1 - prod_{i &lt;= t} mu_i) * g / d
 *       - lr mu_(t+1) / (1 - mu_t prod_{i &lt;= t+1} mu_i) * m / d
 * </pre>
 *
 * <p>The last denominator is PyTorch 1.13's, which counts {@code mu_t} twice (PyTorch 2 does not):
 * the trajectories are 1.13's.
 *
 * <p>State: {@code "step"}, {@code "muProduct"}, {@code "expAvg"}, {@code "expAvgSq"}. Defaults as
 * PyTorch's: lr 2e-3, betas (0.9, 0.999), eps 1e-8, no weight decay, momentumDecay 4e-3.
 */
public final class NAdam extends Optimizer {
  /**
   * NAdam with PyTorch's defaults.
   *
   * @param params the parameters
   */
  public NAdam(List<Tensor> params) {
    this(singleGroup("NAdam", params), defaultOptions());
  }

  private NAdam(List<ParamGroup> groups, Map<String, Object> defaults) {
    super(groups, defaults);
  }

  private static Map<String, Object> defaultOptions() {
    Map<String, Object> o = Adamax.options(2e-3);
    o.put("momentumDecay", 4e-3);
    return o;
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

  /** NAdam's settings: lr, betas, eps, weightDecay, momentumDecay. */
  public static final class Builder extends MomentsBuilder<Builder, NAdam> {
    private Builder(List<ParamGroup> groups) {
      super(groups, defaultOptions());
    }

    /**
     * The momentum schedule's psi.
     *
     * @param momentumDecay a non-negative number
     * @return this builder
     */
    public Builder momentumDecay(double momentumDecay) {
      return option("momentumDecay", momentumDecay);
    }

    @Override
    public NAdam build() {
      return new NAdam(groups, defaults);
    }
  }

  @Override
  protected void checkOptions(Map<String, Object> o) {
    Adam.checkAdamOptions(o);
    checkNonNegative(o, "momentumDecay", "Invalid momentum_decay value");
  }

  @Override
  protected void initState(Tensor param, ParamGroup group, Map<String, Object> state) {
    state.put("step", 0L);
    state.put("muProduct", 1.0);
    state.put("expAvg", Tensor.zerosLike(param));
    state.put("expAvgSq", Tensor.zerosLike(param));
  }

  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state) {
    double lr = group.lr();
    double[] betas = group.getDoubles("betas");
    double eps = group.getDouble("eps");
    double psi = group.getDouble("momentumDecay");
    Tensor g = Adamax.withWeightDecay(param, grad, group);
    long step = (Long) state.get("step") + 1;
    state.put("step", step);
    double biasCorrection2 = 1 - Math.pow(betas[1], step);
    double mu = betas[0] * (1 - 0.5 * Math.pow(0.96, step * psi));
    double muNext = betas[0] * (1 - 0.5 * Math.pow(0.96, (step + 1) * psi));
    double muProduct = (Double) state.get("muProduct") * mu;
    state.put("muProduct", muProduct);
    // NOTE: as PyTorch 1.13, which counts mu_t twice in the next product (later versions do not)
    double muProductNext = muProduct * mu * muNext;
    Tensor expAvg = (Tensor) state.get("expAvg");
    Tensor expAvgSq = (Tensor) state.get("expAvgSq");
    expAvg.mul_(betas[0]).add_(g.mul(1 - betas[0]));
    expAvgSq.mul_(betas[1]).add_(g.mul(g).mul(1 - betas[1]));
    Tensor denom = expAvgSq.div(biasCorrection2).sqrt().add(eps);
    param.add_(g.div(denom).mul(-lr * (1 - mu) / (1 - muProduct)));
    param.add_(expAvg.div(denom).mul(-lr * muNext / (1 - muProductNext)));
  }
}
