package dev.autograd.optim;

import dev.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rprop, as {@code torch.optim.Rprop}: each element moves by a step size of its own against the
 * sign of its gradient; the step grows by {@code etaPlus} while the gradient keeps its sign and
 * shrinks by {@code etaMinus} when it flips (and that element then rests for a step), within {@code
 * [stepMin, stepMax]}.
 *
 * <p>State: {@code "step"}, {@code "prev"} (the last gradient used), {@code "stepSize"}. Defaults
 * as PyTorch's: lr 0.01 (the initial step sizes), etas (0.5, 1.2), step sizes (1e-6, 50).
 */
public final class Rprop extends Optimizer {
  /**
   * Rprop with PyTorch's defaults.
   *
   * @param params the parameters
   */
  public Rprop(List<Tensor> params) {
    this(singleGroup("Rprop", params), defaultOptions());
  }

  private Rprop(List<ParamGroup> groups, Map<String, Object> defaults) {
    super(groups, defaults);
  }

  private static Map<String, Object> defaultOptions() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("lr", 1e-2);
    o.put("etas", List.of(0.5, 1.2));
    o.put("stepSizes", List.of(1e-6, 50.0));
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

  /** Rprop's settings: lr, etas, stepSizes. */
  public static final class Builder extends Optimizer.Builder<Builder, Rprop> {
    private Builder(List<ParamGroup> groups) {
      super(groups, defaultOptions());
    }

    /**
     * The factors by which the step sizes shrink and grow.
     *
     * @param etaMinus in (0, 1)
     * @param etaPlus above 1
     * @return this builder
     */
    public Builder etas(double etaMinus, double etaPlus) {
      return option("etas", List.of(etaMinus, etaPlus));
    }

    /**
     * The bounds of the step sizes.
     *
     * @param min the smallest
     * @param max the largest
     * @return this builder
     */
    public Builder stepSizes(double min, double max) {
      return option("stepSizes", List.of(min, max));
    }

    @Override
    public Rprop build() {
      return new Rprop(groups, defaults);
    }
  }

  @Override
  protected void checkOptions(Map<String, Object> o) {
    checkNonNegative(o, "lr", "Invalid learning rate");
    @SuppressWarnings("unchecked")
    List<Number> etas = (List<Number>) o.get("etas");
    double minus = etas.get(0).doubleValue();
    double plus = etas.get(1).doubleValue();
    if (!(0 < minus && minus < 1 && 1 < plus)) {
      throw new IllegalArgumentException("Invalid eta values: " + minus + ", " + plus);
    }
  }

  @Override
  protected void initState(Tensor param, ParamGroup group, Map<String, Object> state) {
    state.put("step", 0L);
    state.put("prev", Tensor.zerosLike(param));
    state.put("stepSize", Tensor.onesLike(param).mul(group.lr()));
  }

  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state) {
    double[] etas = group.getDoubles("etas");
    double[] sizes = group.getDoubles("stepSizes");
    Tensor g = group.getBoolean("maximize") ? grad.neg() : grad;
    state.put("step", (Long) state.get("step") + 1);
    Tensor prev = (Tensor) state.get("prev");
    Tensor stepSize = (Tensor) state.get("stepSize");
    Tensor product = g.mul(prev);
    Tensor factor =
        Tensor.where(
            product.gt(0),
            Tensor.scalar(etas[1], g.dtype()),
            Tensor.where(
                product.lt(0), Tensor.scalar(etas[0], g.dtype()), Tensor.scalar(1, g.dtype())));
    stepSize.copy_(stepSize.mul(factor).clamp(sizes[0], sizes[1]));
    // where the sign flipped, this element rests and forgets its gradient
    Tensor used = Tensor.where(product.lt(0), Tensor.scalar(0, g.dtype()), g);
    param.add_(used.sign().mul(stepSize).neg());
    prev.copy_(used);
  }
}
