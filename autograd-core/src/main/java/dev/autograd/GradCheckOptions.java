package dev.autograd;

/**
 * The options of {@link GradCheck}: the finite-difference step, the tolerances, and whether a
 * mismatch throws, as the keyword arguments of PyTorch's {@code torch.autograd.gradcheck(func,
 * inputs, eps=1e-06, atol=1e-05, rtol=0.001, raise_exception=True)}. Immutable: each wither returns
 * a copy with one option changed.
 *
 * <p>An analytical derivative {@code a} agrees with the numerical one {@code n} when {@code |a - n|
 * <= atol + rtol |n|}, as {@code torch.allclose(a, n, rtol, atol)}.
 *
 * <pre>{@code
 * GradCheckOptions loose = GradCheckOptions.defaults().atol(1e-4).rtol(1e-2);
 * GradCheckReport report = GradCheck.check(f, loose.raiseException(false), x);
 * }</pre>
 */
public final class GradCheckOptions {
  private static final GradCheckOptions DEFAULTS = new GradCheckOptions(1e-6, 1e-5, 1e-3, true);

  private final double eps;
  private final double atol;
  private final double rtol;
  private final boolean raiseException;

  private GradCheckOptions(double eps, double atol, double rtol, boolean raiseException) {
    this.eps = eps;
    this.atol = atol;
    this.rtol = rtol;
    this.raiseException = raiseException;
  }

  /**
   * PyTorch's defaults: eps 1e-6, atol 1e-5, rtol 1e-3, and a mismatch throws.
   *
   * @return the default options
   */
  public static GradCheckOptions defaults() {
    return DEFAULTS;
  }

  /**
   * The step of the central differences: {@code (f(x + eps e_k) - f(x - eps e_k)) / (2 eps)}.
   *
   * @param eps a positive, finite step; 1e-6 by default
   * @return a copy with this step
   * @throws TensorException if {@code eps} is not positive and finite
   */
  public GradCheckOptions eps(double eps) {
    if (!(eps > 0) || !Double.isFinite(eps)) {
      throw new TensorException(
          "GradCheckOptions.eps: expected a positive finite step, got " + eps);
    }
    return new GradCheckOptions(eps, atol, rtol, raiseException);
  }

  /**
   * The absolute tolerance.
   *
   * @param atol zero or more; 1e-5 by default
   * @return a copy with this tolerance
   * @throws TensorException if {@code atol} is negative or NaN
   */
  public GradCheckOptions atol(double atol) {
    if (!(atol >= 0)) {
      throw new TensorException("GradCheckOptions.atol: expected a tolerance >= 0, got " + atol);
    }
    return new GradCheckOptions(eps, atol, rtol, raiseException);
  }

  /**
   * The tolerance relative to the numerical derivative.
   *
   * @param rtol zero or more; 1e-3 by default
   * @return a copy with this tolerance
   * @throws TensorException if {@code rtol} is negative or NaN
   */
  public GradCheckOptions rtol(double rtol) {
    if (!(rtol >= 0)) {
      throw new TensorException("GradCheckOptions.rtol: expected a tolerance >= 0, got " + rtol);
    }
    return new GradCheckOptions(eps, atol, rtol, raiseException);
  }

  /**
   * Whether a mismatch throws a {@link GradCheckException}, as PyTorch's {@code raise_exception}.
   * With false, the check returns its report all the same, and {@link GradCheckReport#passed()}
   * says whether every derivative agreed.
   *
   * @param raiseException false to get a report instead of an exception; true by default
   * @return a copy with this setting
   */
  public GradCheckOptions raiseException(boolean raiseException) {
    return new GradCheckOptions(eps, atol, rtol, raiseException);
  }

  /**
   * The step of the central differences.
   *
   * @return eps, 1e-6 by default
   */
  public double eps() {
    return eps;
  }

  /**
   * The absolute tolerance.
   *
   * @return atol, 1e-5 by default
   */
  public double atol() {
    return atol;
  }

  /**
   * The relative tolerance.
   *
   * @return rtol, 1e-3 by default
   */
  public double rtol() {
    return rtol;
  }

  /**
   * Whether a mismatch throws.
   *
   * @return true by default
   */
  public boolean raiseException() {
    return raiseException;
  }

  /**
   * Whether an analytical derivative agrees with the numerical one: {@code |a - n| <= atol + rtol
   * |n|}, or both NaN.
   */
  boolean agree(double analytical, double numerical) {
    if (Double.isNaN(analytical) && Double.isNaN(numerical)) return true;
    return Math.abs(analytical - numerical) <= atol + rtol * Math.abs(numerical);
  }

  /**
   * The options, for messages and logs.
   *
   * @return for example {@code GradCheckOptions(eps=1.0E-6, atol=1.0E-5, rtol=0.001,
   *     raiseException=true)}
   */
  @Override
  public String toString() {
    return "GradCheckOptions(eps="
        + eps
        + ", atol="
        + atol
        + ", rtol="
        + rtol
        + ", raiseException="
        + raiseException
        + ")";
  }
}
