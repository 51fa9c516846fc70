package dev.autograd.optim;

import dev.autograd.Autograd;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping, like {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}: call
 * it between {@code loss.backward()} and {@code optimizer.step()}.
 *
 * <pre>{@code
 * loss.backward();
 * double norm = ClipGrad.clipGradNorm(params, 1.0); // the norm before clipping
 * optimizer.step();
 * }</pre>
 *
 * Parameters whose {@code grad()} is null are ignored. Gradients are modified in place. Clipping
 * bounds the size of an update when a batch produces an exceptionally large gradient (exploding
 * gradients): norm clipping scales all the gradients down together, keeping their direction; value
 * clipping limits each component on its own.
 */
public final class ClipGrad {
  private ClipGrad() {}

  /**
   * {@link #clipGradNorm(List, double, double, boolean)} with the Euclidean norm (p = 2).
   *
   * <pre>{@code
   * p.setGrad(Tensor.of(new double[] {3, 4}, 2));
   * ClipGrad.clipGradNorm(List.of(p), 1.0); // 5.0; p.grad() is now tensor([0.6000, 0.8000])
   * }</pre>
   *
   * @param params the parameters whose gradients are clipped
   * @param maxNorm the largest joint norm allowed, non-negative
   * @return the joint norm of the gradients before clipping (0 if no parameter has a gradient)
   * @throws IllegalArgumentException if {@code maxNorm} is negative
   */
  public static double clipGradNorm(List<Tensor> params, double maxNorm) {
    return clipGradNorm(params, maxNorm, 2.0, false);
  }

  /**
   * {@link #clipGradNorm(List, double, double, boolean)} without the non-finite check.
   *
   * @param params the parameters whose gradients are clipped
   * @param maxNorm the largest joint norm allowed, non-negative
   * @param normType the p of the norm: positive, or {@link Double#POSITIVE_INFINITY} for the
   *     largest absolute value
   * @return the joint norm of the gradients before clipping (0 if no parameter has a gradient)
   * @throws IllegalArgumentException if {@code maxNorm} is negative or {@code normType} not
   *     positive
   */
  public static double clipGradNorm(List<Tensor> params, double maxNorm, double normType) {
    return clipGradNorm(params, maxNorm, normType, false);
  }

  /**
   * Rescales the gradients so that their joint norm is at most {@code maxNorm}, and returns that
   * norm as it was before clipping (0 if no parameter has a gradient).
   *
   * <pre>
   * total = || (||g_1||_p, ..., ||g_n||_p) ||_p     (for p = inf: max_i max |g_i|)
   * c     = min(1, maxNorm / (total + 1e-6))
   * g_i   = c * g_i
   * </pre>
   *
   * As in PyTorch, {@code c} is computed in the gradients' dtype (a FLOAT32 norm stays FLOAT32) and
   * is slightly below 1 also when {@code total} equals {@code maxNorm}. PyTorch returns the norm as
   * a 0-d tensor; here it is a double.
   *
   * @param params the parameters whose gradients are clipped
   * @param maxNorm the largest joint norm allowed, non-negative
   * @param normType the p of the norm: positive, or {@link Double#POSITIVE_INFINITY} for the
   *     largest absolute value
   * @param errorIfNonfinite throw instead of scaling when the total norm is NaN or infinite
   * @throws IllegalArgumentException if {@code maxNorm} is negative or {@code normType} not
   *     positive
   * @return the joint norm of the gradients before clipping (0 if no parameter has a gradient)
   * @throws ArithmeticException if {@code errorIfNonfinite} and the total norm is not finite
   */
  public static double clipGradNorm(
      List<Tensor> params, double maxNorm, double normType, boolean errorIfNonfinite) {
    Arguments.requireNoNulls("clipGradNorm", "params", params);
    if (!(maxNorm >= 0)) throw new IllegalArgumentException("Invalid maxNorm: " + maxNorm);
    if (!(normType > 0)) throw new IllegalArgumentException("Invalid normType: " + normType);
    List<Tensor> grads = grads(params);
    if (grads.isEmpty()) return 0.0;
    try (Autograd.Scope scope = Autograd.noGrad()) {
      List<Tensor> norms = new ArrayList<>();
      for (Tensor g : grads) norms.add(g.detach().norm(normType));
      // NOTE: as PyTorch, the norm of the norms even for one gradient, except for p = inf.
      boolean inf = normType == Double.POSITIVE_INFINITY;
      Tensor total =
          inf && norms.size() == 1 ? norms.get(0) : Tensor.stack(norms, 0).norm(normType);
      double totalNorm = total.item();
      if (errorIfNonfinite && !Double.isFinite(totalNorm)) {
        throw new ArithmeticException(
            "The total norm of order "
                + normType
                + " for gradients from `parameters` is non-finite, so it cannot be clipped. To"
                + " disable this error and scale the gradients by the non-finite norm anyway, set"
                + " errorIfNonfinite=false");
      }
      Tensor coef = total.add(1e-6).reciprocal().mul(maxNorm).clampMax(1.0);
      for (Tensor g : grads) g.mul_(coef);
      return totalNorm;
    }
  }

  /**
   * Clamps every gradient element into {@code [-clipValue, clipValue]} in place: {@code g =
   * min(max(g, -clipValue), clipValue)}. Unlike norm clipping this may change the direction of the
   * gradient.
   *
   * <pre>{@code
   * p.setGrad(Tensor.of(new double[] {3, -4}, 2));
   * ClipGrad.clipGradValue(List.of(p), 1.0); // p.grad() is now tensor([ 1., -1.])
   * }</pre>
   *
   * @param params the parameters whose gradients are clamped
   * @param clipValue the largest absolute value allowed, non-negative
   * @throws IllegalArgumentException if {@code clipValue} is negative (PyTorch would silently set
   *     every element to {@code clipValue})
   */
  public static void clipGradValue(List<Tensor> params, double clipValue) {
    Arguments.requireNoNulls("clipGradValue", "params", params);
    if (!(clipValue >= 0)) throw new IllegalArgumentException("Invalid clipValue: " + clipValue);
    try (Autograd.Scope scope = Autograd.noGrad()) {
      for (Tensor g : grads(params)) g.copy_(g.clamp(-clipValue, clipValue));
    }
  }

  /** The gradients to clip, in place; read without handing them out, as nothing here keeps them. */
  private static List<Tensor> grads(List<Tensor> params) {
    List<Tensor> grads = new ArrayList<>();
    for (Tensor p : params) {
      Tensor g = p.peekGrad();
      if (g != null) grads.add(g);
    }
    return grads;
  }
}
