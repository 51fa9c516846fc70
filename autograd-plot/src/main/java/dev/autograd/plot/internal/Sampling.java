package dev.autograd.plot.internal;

/** Small numeric helpers for sampling functions. */
public final class Sampling {
  private Sampling() {}

  /** {@code n} evenly spaced values from {@code a} to {@code b} inclusive, as torch.linspace. */
  public static double[] linspace(double a, double b, int n) {
    if (n < 1)
      throw new IllegalArgumentException("the number of points must be positive, got " + n);
    double[] out = new double[n];
    if (n == 1) {
      out[0] = a;
      return out;
    }
    double step = (b - a) / (n - 1);
    for (int i = 0; i < n; i++) out[i] = i == n - 1 ? b : a + i * step;
    return out;
  }

  /** 0, 1, ..., n - 1 as doubles. */
  public static double[] indices(int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = i;
    return out;
  }

  /** Every {@code k}-th element of {@code a}, always including the last. */
  public static double[] every(double[] a, int k) {
    int n = (a.length - 1) / k + 1;
    boolean lastIncluded = (a.length - 1) % k == 0;
    double[] out = new double[lastIncluded ? n : n + 1];
    for (int i = 0; i < n; i++) out[i] = a[i * k];
    if (!lastIncluded) out[n] = a[a.length - 1];
    return out;
  }
}
