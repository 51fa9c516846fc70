package dev.autograd.optim;

import dev.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adadelta, as {@code torch.optim.Adadelta}: steps scaled by the ratio of running averages of the
 * squared updates and of the squared gradients. With {@code g} the gradient (plus {@code
 * weightDecay * p}):
 *
 * <pre>
 * v = rho v + (1 - rho) g^2
 * d = sqrt(u + eps) / sqrt(v + eps) * g
 * u = rho u + (1 - rho) d^2
 * p = p - lr d
 * </pre>
 *
 * <p>State: {@code "step"}, {@code "squareAvg"} (v), {@code "accDelta"} (u). Defaults as PyTorch's:
 * lr 1.0, rho 0.9, eps 1e-6, no weight decay.
 */
public final class Adadelta extends Optimizer {
  /**
   * Adadelta with PyTorch's defaults.
   *
   * @param params the parameters
   */
  public Adadelta(List<Tensor> params) {
    this(singleGroup("Adadelta", params), defaultOptions());
  }

  private Adadelta(List<ParamGroup> groups, Map<String, Object> defaults) {
    super(groups, defaults);
  }

  private static Map<String, Object> defaultOptions() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("lr", 1.0);
    o.put("rho", 0.9);
    o.put("eps", 1e-6);
    o.put("weightDecay", 0.0);
    o.put("maximize", false);
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

  /** Adadelta's settings: lr, rho, eps, weightDecay. */
  public static final class Builder extends Optimizer.Builder<Builder, Adadelta> {
    private Builder(List<ParamGroup> groups) {
      super(groups, defaultOptions());
    }

    /**
     * The running averages' decay rate.
     *
     * @param rho in [0, 1]
     * @return this builder
     */
    public Builder rho(double rho) {
      return option("rho", rho);
    }

    /**
     * Added inside both square roots.
     *
     * @param eps a non-negative number
     * @return this builder
     */
    public Builder eps(double eps) {
      return option("eps", eps);
    }

    @Override
    public Adadelta build() {
      return new Adadelta(groups, defaults);
    }
  }

  @Override
  protected void checkOptions(Map<String, Object> o) {
    checkNonNegative(o, "lr", "Invalid learning rate");
    checkNonNegative(o, "eps", "Invalid epsilon value");
    checkNonNegative(o, "weightDecay", "Invalid weight_decay value");
    double rho = ((Number) o.get("rho")).doubleValue();
    if (!(rho >= 0 && rho <= 1)) {
      throw new IllegalArgumentException("Invalid rho value: " + rho);
    }
  }

  @Override
  protected void initState(Tensor param, ParamGroup group, Map<String, Object> state) {
    state.put("step", 0L);
    state.put("squareAvg", Tensor.zerosLike(param));
    state.put("accDelta", Tensor.zerosLike(param));
  }

  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state) {
    double rho = group.getDouble("rho");
    double eps = group.getDouble("eps");
    Tensor g = Adamax.withWeightDecay(param, grad, group);
    state.put("step", (Long) state.get("step") + 1);
    Tensor squareAvg = (Tensor) state.get("squareAvg");
    Tensor accDelta = (Tensor) state.get("accDelta");
    squareAvg.mul_(rho).add_(g.mul(g).mul(1 - rho));
    Tensor std = squareAvg.add(eps).sqrt();
    Tensor delta = accDelta.add(eps).sqrt().div(std).mul(g);
    accDelta.mul_(rho).add_(delta.mul(delta).mul(1 - rho));
    param.add_(delta.mul(-group.lr()));
  }
}
