package dev.autograd.optim;

import java.util.List;
import java.util.Map;

/**
 * The settings the Adam family's builders share (Adamax, NAdam, RAdam): the moments' decay rates
 * and the denominator's eps.
 *
 * @param <B> the builder's own type
 * @param <O> the optimizer it builds
 */
public abstract class MomentsBuilder<B extends MomentsBuilder<B, O>, O extends Optimizer>
    extends Optimizer.Builder<B, O> {
  MomentsBuilder(List<ParamGroup> groups, Map<String, Object> defaults) {
    super(groups, defaults);
  }

  /**
   * The moments' decay rates.
   *
   * @param beta1 of the first moment, in [0, 1)
   * @param beta2 of the second moment (Adamax: of the infinity norm), in [0, 1)
   * @return this builder
   */
  public B betas(double beta1, double beta2) {
    return option("betas", List.of(beta1, beta2));
  }

  /**
   * Added to the denominator (Adamax: to |g| in the norm).
   *
   * @param eps a non-negative number
   * @return this builder
   */
  public B eps(double eps) {
    return option("eps", eps);
  }
}
