package dev.autograd.internal;

/** Special functions that {@link Math} lacks, accurate to double precision. */
public final class SpecialFunctions {
  private SpecialFunctions() {}

  private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

  /**
   * The error function erf(x) = 2/sqrt(pi) * integral from 0 to x of exp(-t^2) dt.
   *
   * <p>For |x| &lt; 3 it sums the series erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) /
   * (1*3*...*(2n+1)), whose terms are all positive (no cancellation); beyond, it evaluates the
   * continued fraction of erfc, which converges quickly there. Both reach about 1e-15.
   */
  public static double erf(double x) {
    if (Double.isNaN(x)) return x;
    double ax = Math.abs(x);
    if (ax < 3.0) {
      double term = ax;
      double sum = ax;
      double x2 = ax * ax;
      for (int n = 1; n < 200; n++) {
        term *= 2.0 * x2 / (2 * n + 1);
        sum += term;
        if (term < 1e-17 * sum) break;
      }
      return Math.copySign(TWO_OVER_SQRT_PI * Math.exp(-x2) * sum, x);
    }
    return Math.copySign(1.0 - erfcLarge(ax), x);
  }

  /** erfc(x) for x &gt;= 3 by the continued fraction x + 1/2 / (x + 1 / (x + 3/2 / (x + ...))). */
  private static double erfcLarge(double x) {
    if (x > 27) return 0.0;
    double fraction = x;
    for (int k = 60; k >= 1; k--) fraction = x + (k / 2.0) / fraction;
    return Math.exp(-x * x) / (Math.sqrt(Math.PI) * fraction);
  }
}
