package dev.autograd.internal;

/**
 * The float32 element-wise loops of {@link PlainKernels}, one per method, each with one offset
 * {@code o} for all its arrays: the shape of loop that the JIT vectorizes and inlines (see {@link
 * PlainKernels#unaryFloat}). Every loop computes {@code out[o + i]} for i in [0, n); exp, sigmoid
 * and tanh are in {@link FloatMath}.
 */
final class FloatLoops {
  private FloatLoops() {}

  // ---- a tensor and a float parameter

  static void add(float[] x, float v, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = x[o + i] + v;
  }

  static void mul(float[] x, float v, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = x[o + i] * v;
  }

  static void div(float[] x, float v, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = x[o + i] / v;
  }

  // ---- unary

  static void neg(float[] x, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = -x[o + i];
  }

  /** Math.max keeps NaN and maps -0 to +0, as {@link UnaryFn#RELU} does. */
  static void relu(float[] x, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = Math.max(x[o + i], 0f);
  }

  static void abs(float[] x, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = Math.abs(x[o + i]);
  }

  /** Any unary function, through its double-precision definition, rounded to float. */
  static void apply(UnaryFn fn, double p, double q, float[] x, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = (float) fn.apply(x[o + i], p, q);
  }

  // ---- binary

  static void add(float[] a, float[] b, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = a[o + i] + b[o + i];
  }

  static void sub(float[] a, float[] b, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = a[o + i] - b[o + i];
  }

  static void mul(float[] a, float[] b, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = a[o + i] * b[o + i];
  }

  static void div(float[] a, float[] b, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = a[o + i] / b[o + i];
  }

  /**
   * grad * y * (1 - y), the derivative of sigmoid from its result y, in float, in the order of the
   * Vector API kernels (and PyTorch's).
   */
  static void sigmoidBackward(float[] a, float[] b, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) {
      float y = b[o + i];
      out[o + i] = a[o + i] * y * (1f - y);
    }
  }

  /** grad * (1 - y^2), the derivative of tanh from its result y, in float. */
  static void tanhBackward(float[] a, float[] b, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) {
      float y = b[o + i];
      out[o + i] = a[o + i] * (1f - y * y);
    }
  }

  /** x <= 0 ? 0 : grad. */
  static void reluBackward(float[] a, float[] b, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = b[o + i] <= 0 ? 0 : a[o + i];
  }

  /** Any binary function, through its double-precision definition, rounded to float. */
  static void apply(BinaryFn fn, float[] a, float[] b, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = (float) fn.apply(a[o + i], b[o + i]);
  }
}
