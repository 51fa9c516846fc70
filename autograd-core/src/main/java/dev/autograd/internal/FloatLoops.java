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

  /** Math.max: NaN if either is NaN, and +0 over -0, as torch.maximum. */
  static void maximum(float[] a, float[] b, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = Math.max(a[o + i], b[o + i]);
  }

  /** Math.min: NaN if either is NaN, and -0 under +0, as torch.minimum. */
  static void minimum(float[] a, float[] b, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = Math.min(a[o + i], b[o + i]);
  }

  /**
   * grad * y * (1 - y), the derivative of sigmoid from its result y, in float, in the order of the
   * Vector API kernels (and PyTorch's).
   */
  static void sigmoidBackward(float[] a, float[] b, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = sigmoidBackward(a[o + i], b[o + i]);
  }

  private static float sigmoidBackward(float grad, float y) {
    return grad * y * (1f - y);
  }

  /** grad * (1 - y^2), the derivative of tanh from its result y, in float. */
  static void tanhBackward(float[] a, float[] b, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = tanhBackward(a[o + i], b[o + i]);
  }

  private static float tanhBackward(float grad, float y) {
    return grad * (1f - y * y);
  }

  /** x <= 0 ? 0 : grad. */
  static void reluBackward(float[] a, float[] b, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = reluBackward(a[o + i], b[o + i]);
  }

  private static float reluBackward(float grad, float x) {
    return x <= 0 ? 0 : grad;
  }

  /** Any binary function, through its double-precision definition, rounded to float. */
  static void apply(BinaryFn fn, float[] a, float[] b, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = (float) fn.apply(a[o + i], b[o + i]);
  }

  // ---- short ranges, one element at a time

  // NOTE: C2 unrolls a loop, and so vectorizes it, only as far as the trip count its profile has
  // seen; one-element tensors would teach the loops above to stay scalar for the rest of the run.
  // Short ranges come here instead, one switch per element, with results identical to the loops'.

  /** out[oo + i] = fn(x[xo + i]; p, q) for i in [0, n), as the loops above compute it. */
  static void unaryShort(
      UnaryFn fn, double p, double q, float[] x, int xo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = unary(fn, p, q, x[xo + i]);
  }

  private static float unary(UnaryFn fn, double p, double q, float x) {
    float pf = (float) p;
    switch (fn) {
      case ADD:
        if (pf == p) return x + pf;
        break;
      case MUL:
        if (pf == p) return x * pf;
        break;
      case DIV:
        if (pf == p) return x / pf;
        break;
      case NEG:
        return -x;
      case RELU:
        return Math.max(x, 0f);
      case ABS:
        return Math.abs(x);
      case EXP:
        return FloatMath.exp(x);
      case SIGMOID:
        return FloatMath.sigmoid(x);
      case TANH:
        return FloatMath.tanh(x);
      default:
        break;
    }
    return (float) fn.apply(x, p, q);
  }

  /** out[oo + i] = fn(a[ao + i], b[bo + i]) for i in [0, n), as the loops above compute it. */
  static void binaryShort(
      BinaryFn fn, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = binary(fn, a[ao + i], b[bo + i]);
  }

  private static float binary(BinaryFn fn, float a, float b) {
    switch (fn) {
      case ADD:
        return a + b;
      case SUB:
        return a - b;
      case MUL:
        return a * b;
      case DIV:
        return a / b;
      case SIGMOID_BACKWARD:
        return sigmoidBackward(a, b);
      case TANH_BACKWARD:
        return tanhBackward(a, b);
      case RELU_BACKWARD:
        return reluBackward(a, b);
      default:
        return (float) fn.apply(a, b);
    }
  }
}
