package dev.autograd.internal;

/**
 * The float64 element-wise loops of {@link PlainKernels}, one per method, for the reasons given in
 * {@link FloatLoops}. Every loop computes {@code out[oo + i]} for i in [0, n).
 */
final class DoubleLoops {
  private DoubleLoops() {}

  // ---- a tensor and a parameter

  static void add(double[] x, int xo, double v, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = x[xo + i] + v;
  }

  static void mul(double[] x, int xo, double v, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = x[xo + i] * v;
  }

  static void div(double[] x, int xo, double v, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = x[xo + i] / v;
  }

  // ---- unary

  static void neg(double[] x, int xo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = -x[xo + i];
  }

  static void relu(double[] x, int xo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = Math.max(x[xo + i], 0.0);
  }

  static void abs(double[] x, int xo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = Math.abs(x[xo + i]);
  }

  static void apply(
      UnaryFn fn, double p, double q, double[] x, int xo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = fn.apply(x[xo + i], p, q);
  }

  // ---- binary, same-length ranges

  static void add(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i];
  }

  static void sub(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i];
  }

  static void mul(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i];
  }

  static void div(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i];
  }

  /** grad * y * (1 - y). */
  static void sigmoidBackward(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      double y = b[bo + i];
      out[oo + i] = a[ao + i] * y * (1 - y);
    }
  }

  /** grad * (1 - y^2). */
  static void tanhBackward(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      double y = b[bo + i];
      out[oo + i] = a[ao + i] * (1 - y * y);
    }
  }

  /** x <= 0 ? 0 : grad. */
  static void reluBackward(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = b[bo + i] <= 0 ? 0 : a[ao + i];
  }

  static void apply(
      BinaryFn fn, double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = fn.apply(a[ao + i], b[bo + i]);
  }
}
