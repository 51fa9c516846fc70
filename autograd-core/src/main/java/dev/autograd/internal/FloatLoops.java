package dev.autograd.internal;

/**
 * The float32 element-wise loops of {@link PlainKernels}, one per method: each is small enough for
 * the JIT to inline and to vectorize on its own, and the kernels' dispatching switch stays small
 * enough to be inlined too. Every loop computes {@code out[oo + i]} for i in [0, n).
 */
final class FloatLoops {
  private FloatLoops() {}

  // ---- a tensor and a float parameter

  static void add(float[] x, int xo, float v, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = x[xo + i] + v;
  }

  static void mul(float[] x, int xo, float v, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = x[xo + i] * v;
  }

  static void div(float[] x, int xo, float v, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = x[xo + i] / v;
  }

  // ---- unary

  static void neg(float[] x, int xo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = -x[xo + i];
  }

  /** Math.max keeps NaN and maps -0 to +0, as {@link UnaryFn#RELU} does. */
  static void relu(float[] x, int xo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = Math.max(x[xo + i], 0f);
  }

  static void abs(float[] x, int xo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = Math.abs(x[xo + i]);
  }

  static void exp(float[] x, int xo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = (float) Math.exp(x[xo + i]);
  }

  static void sigmoid(float[] x, int xo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = (float) UnaryFn.SIGMOID.apply(x[xo + i], 0, 0);
  }

  static void tanh(float[] x, int xo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = (float) tanhForFloat(x[xo + i]);
  }

  /**
   * tanh(x) to well within a float's precision, from the fast exp instead of {@link Math#tanh}
   * (some ten times slower): (1 - e^-2|x|) / (1 + e^-2|x|), and x - x^3/3 near 0, where the
   * subtraction would cancel.
   */
  static double tanhForFloat(double x) {
    double ax = Math.abs(x);
    if (ax < 1e-3) return x - x * x * x / 3;
    double e = Math.exp(-2 * ax);
    return Math.copySign((1 - e) / (1 + e), x);
  }

  /** Any unary function, through its double-precision definition, rounded to float. */
  static void apply(UnaryFn fn, double p, double q, float[] x, int xo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = (float) fn.apply(x[xo + i], p, q);
  }

  // ---- binary, same-length ranges

  static void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i];
  }

  static void sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i];
  }

  static void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i];
  }

  static void div(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i];
  }

  /** grad * y * (1 - y), in double before rounding. */
  static void sigmoidBackward(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      double y = b[bo + i];
      out[oo + i] = (float) (a[ao + i] * y * (1 - y));
    }
  }

  /** grad * (1 - y^2), in double before rounding. */
  static void tanhBackward(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      double y = b[bo + i];
      out[oo + i] = (float) (a[ao + i] * (1 - y * y));
    }
  }

  /** x <= 0 ? 0 : grad. */
  static void reluBackward(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = b[bo + i] <= 0 ? 0 : a[ao + i];
  }

  /** Any binary function, through its double-precision definition, rounded to float. */
  static void apply(BinaryFn fn, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = (float) fn.apply(a[ao + i], b[bo + i]);
  }
}
