package dev.autograd.optim;

import dev.autograd.Tensor;
import java.util.List;
import java.util.Map;

/**
 * RAdam, as {@code torch.optim.RAdam}: Adam whose adaptive step is rectified by the variance of its
 * estimate, and left out (plain momentum) while that variance is intractable. With {@code g} the
 * gradient (plus {@code weightDecay * p}), at step t:
 *
 * <pre>
 * m = beta1 m + (1 - beta1) g;   v = beta2 v + (1 - beta2) g^2;   m' = m / (1 - beta1^t)
 * rho_inf = 2 / (1 - beta2) - 1;   rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
 * if rho_t &gt; 5: r = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
 *                p = p - lr m' r sqrt(1 - beta2^t) / (sqrt(v) + eps)
 * else:          p = p - lr m'
 * </pre>
 *
 * <p>State: {@code "step"}, {@code "expAvg"}, {@code "expAvgSq"}. Defaults as PyTorch's: lr 1e-3,
 * betas (0.9, 0.999), eps 1e-8, no weight decay.
 */
public final class RAdam extends Optimizer {
  /**
   * RAdam with PyTorch's defaults.
   *
   * @param params the parameters
   */
  public RAdam(List<Tensor> params) {
    this(singleGroup("RAdam", params), Adamax.options(1e-3));
  }

  private RAdam(List<ParamGroup> groups, Map<String, Object> defaults) {
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

  /** RAdam's settings: lr, betas, eps, weightDecay. */
  public static final class Builder extends MomentsBuilder<Builder, RAdam> {
    private Builder(List<ParamGroup> groups) {
      super(groups, Adamax.options(1e-3));
    }

    @Override
    public RAdam build() {
      return new RAdam(groups, defaults);
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
    state.put("expAvgSq", Tensor.zerosLike(param));
  }

  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state) {
    double lr = group.lr();
    double[] betas = group.getDoubles("betas");
    double eps = group.getDouble("eps");
    Tensor g = Adamax.withWeightDecay(param, grad, group);
    long step = (Long) state.get("step") + 1;
    state.put("step", step);
    double biasCorrection1 = 1 - Math.pow(betas[0], step);
    double biasCorrection2 = 1 - Math.pow(betas[1], step);
    Tensor expAvg = (Tensor) state.get("expAvg");
    Tensor expAvgSq = (Tensor) state.get("expAvgSq");
    expAvg.mul_(betas[0]).add_(g.mul(1 - betas[0]));
    expAvgSq.mul_(betas[1]).add_(g.mul(g).mul(1 - betas[1]));
    Tensor corrected = expAvg.div(biasCorrection1);
    double rhoInf = 2 / (1 - betas[1]) - 1;
    double rhoT = rhoInf - 2 * step * Math.pow(betas[1], step) / biasCorrection2;
    if (rhoT > 5) {
      double rect =
          Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
      Tensor adaptive = expAvgSq.sqrt().add(eps).reciprocal().mul(Math.sqrt(biasCorrection2));
      param.add_(corrected.mul(lr).mul(adaptive).mul(rect).neg());
    } else {
      param.add_(corrected.mul(-lr));
    }
  }
}
