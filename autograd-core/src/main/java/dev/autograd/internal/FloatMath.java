package dev.autograd.internal;

/**
 * exp, sigmoid, tanh and log of float32 in plain Java. exp, sigmoid and tanh are written so that
 * HotSpot's C2 compiler (JDK 17) turns the loops into SIMD code by itself, without the Vector API,
 * where {@link Math#exp} stays a scalar call per element.
 *
 * <p>Every function here uses only operations that IEEE 754 defines to the bit (float and double
 * {@code + - * /}, fused multiply-add, comparisons, min, max, abs, conversions and bit
 * reinterpretation), never a library's exp or log, so its results are the same on every JVM,
 * machine and JIT tier. The Vector API kernels (VectorKernels) compute the same operations in the
 * same order on vector lanes, from the constants of this class, and so give the same bits.
 *
 * <p>What C2's auto-vectorizer (SuperWord) in JDK 17 accepts shaped everything here; each point was
 * checked by timing loops with and without {@code -XX:-UseSuperWord}:
 *
 * <ul>
 *   <li>Only float {@code + - * /}, {@link Math#fma}, {@link Math#abs}, {@link Math#min} and {@link
 *       Math#max}. It does not vectorize float-int conversions or {@link Float#intBitsToFloat} (so
 *       the usual construction of 2^k from the exponent bits is out), nor ternaries, nor {@link
 *       Math#copySign}. So integers are rounded with a magic constant (see {@link #roundToInt}),
 *       2^k is computed with float arithmetic alone (see {@link #pow2}), and branches are min, max
 *       or a multiplication by an exact 0 or 1.
 *   <li>Every array access of a loop must have the same index offset: a loop reading {@code x[xo +
 *       i]} and writing {@code out[oo + i]} stays scalar. So each block is copied into per-thread
 *       work arrays indexed from 0, computed there and copied out ({@link System#arraycopy} is
 *       cheap next to the arithmetic).
 *   <li>C2 vectorizes a loop only after unrolling it, and it does not unroll a loop body of more
 *       than {@code LoopUnrollLimit} (60) nodes: a whole exp in one loop stays scalar, and
 *       vectorizes with {@code -XX:LoopUnrollLimit=120}. So each function runs as two or three
 *       passes over the block, each of some 20 to 30 operations.
 * </ul>
 *
 * <p>The reduction, the polynomial and the finishes are written in {@link Math#fma}: fewer
 * operations per element, and fewer roundings. Every tier of the JIT compiles it to the processor's
 * fused multiply-add, which every x86-64 processor since 2013 (Haswell, Piledriver) and every
 * 64-bit ARM one has, and C2 vectorizes it; on a processor without one, Java computes the same
 * exactly rounded result in software, much more slowly.
 *
 * <p>Accuracy, found by evaluating every float (the tests sweep a sample of them against the same
 * bounds): the results are at most 1 float away from the correctly rounded value for exp, and 2 for
 * sigmoid and tanh; against the exact value, the error is below 0.99 ulp for exp, 2.45 ulp for
 * sigmoid and 2.42 ulp for tanh; log is correctly rounded to within the accuracy of the float64 it
 * is rounded from (see {@link #log}). Results do not depend on the block boundaries, so neither on
 * the number of threads.
 */
final class FloatMath {
  private FloatMath() {}

  /** Elements per block: the work arrays of one call (at most four) stay in the L1 cache. */
  static final int BLOCK = 1024;

  /**
   * 1.5 * 2^23: for |v| < 2^22, {@code (v + ROUND) - ROUND} is v rounded to the nearest integer
   * (ties to even). The sum lies in [2^23, 2^24), where floats are the integers.
   */
  static final float ROUND = 12582912f;

  /** The bits of {@link #ROUND}: those of {@code v + ROUND} are {@code ROUND_BITS + v}. */
  static final int ROUND_BITS = 0x4B400000;

  static final float LOG2E = 1.44269504f;

  /**
   * ln 2 in two parts (Cody and Waite): LN2_HI = 355/512 has 9 significant bits, so k * LN2_HI is
   * exact for |k| < 2^15 and {@code v - k * LN2_HI} is exact near k ln 2; LN2_LO is ln 2 - LN2_HI
   * rounded to float.
   */
  static final float LN2_HI = 0.693359375f;

  static final float LN2_LO = -2.12194440e-4f;

  /**
   * e^r - 1 = r + r^2 (E0 + E1 r + ... + E5 r^5) on |r| <= 0.3486 (ln 2 / 2 plus a margin for the
   * rounding of k). Fitted here for this class: minimax of the relative error of e^r - 1, found by
   * Lawson's algorithm (iteratively reweighted least squares) on 4000 Chebyshev points against
   * 40-digit values, then rounded to float. With these float coefficients the relative error is
   * below 2.3e-9 (0.04 ulp): the evaluation's roundings dominate.
   */
  static final float E0 = 0.5f;

  static final float E1 = 0.1666666567325592f;
  static final float E2 = 0.04166635498404503f;
  static final float E3 = 0.008333390578627586f;
  static final float E4 = 0.001394122140482068f;
  static final float E5 = 0.00019845925271511078f;

  /** exp's argument limits: e^x rounds to 0 below EXP_MIN and to infinity from EXP_MAX on. */
  static final float EXP_MIN = -104f;

  static final float EXP_MAX = 88.72284f;

  /**
   * sigmoid's limits on -x: the result rounds to 1 below SIGMOID_MIN and to 0 above SIGMOID_MAX.
   */
  static final float SIGMOID_MIN = -18f;

  static final float SIGMOID_MAX = 104f;

  /** tanh's limit on |x|, from where tanh rounds to 1. */
  static final float TANH_MAX = 9.1f;

  /** The power of two sigmoid scales by, so that 2^k stays a normal float (see sigmoid). */
  static final float SIGMOID_SCALE = 0x1p-64f;

  /**
   * C0 + C1 t + C2 t^2 approximates 2^(t + 1/512) on [-0.365, 0.345], so that its 256th power is
   * within a factor e^0.16 of 2^(256 t) * sqrt(2): well inside the binade [2^(256 t), 2^(256 t +
   * 1)), which is all {@link #pow2} needs. Least-squares fit of the log error, rounded to float.
   */
  private static final float C0 = 1.0015195608139038f;

  private static final float C1 = 0.6992413997650146f;
  private static final float C2 = 0.23798730969429016f;

  /**
   * S0 + S1 t + S2 t^2 approximates 2^(t + 1/64) on [0, 27/32] (a log2 error between 0.013 and
   * 0.019), so that its 32nd power lies in [2^(32 t), 2^(32 t + 1)): {@link #pow2Small}'s start.
   * Least-squares fit of the relative error, rounded to float.
   */
  private static final float S0 = 1.0121939182281494f;

  private static final float S1 = 0.6760514378547668f;
  private static final float S2 = 0.32123520970344543f;

  /** 2^23 + 1 and 1 - 2^-24, the constants of {@link #pow2}'s unit-in-the-first-place step. */
  private static final float UFP_SPLIT = 8388609f;

  private static final float ONE_MINUS_ULP = 0.99999994f;

  // ------------------------------------------------------------------ the kernels

  /**
   * out[oo + i] = e^x[xo + i], i in [0, n), to within 0.99 ulp of the exact value.
   *
   * <p>e^x = 2^k e^r with k = round(x log2 e) and r = x - k ln 2, |r| <= ln 2 / 2; e^r = 1 + (e^r -
   * 1) from {@link #expm1Reduced}. 2^k with k in [-150, 128] is not always a float, so it is
   * applied as 2^l (2^h)^2 with h = floor(k / 2) and l = k - 2h: every product is exact but the
   * last, which rounds once, also into the subnormals or to infinity. x is first limited to [-104,
   * 88.72284]: e^x rounds to 0 below (e^-104 < 2^-150) and to infinity at 88.72284 and above; NaN
   * stays NaN.
   */
  static void exp(float[] x, int xo, float[] out, int oo, int n) {
    inBlocks(x, xo, out, oo, n, 1f, EXP_MIN, EXP_MAX, FloatMath::expScale);
  }

  /** v[i] = (1 + v[i]) 2^k[i], rounded once: e^x from its reduction. */
  private static void expScale(float[] v, float[] k, int n) {
    for (int i = 0; i < n; i++) v[i] = expScale(v[i], k[i]);
  }

  /** (1 + q) 2^k, rounded once. */
  private static float expScale(float q, float k) {
    float h = roundToInt(k * 0.5f - 0.25f); // floor(k / 2): k / 2 - 1/4 is never a tie
    float s = pow2(h);
    return (1f + q) * (1f + (k - (h + h))) * s * s;
  }

  /**
   * out[oo + i] = 1 / (1 + e^-x[xo + i]), i in [0, n), to within 2.45 ulp of the exact value.
   * PyTorch's float32 kernel computes the same formula and is about as accurate (2.26 ulp at most,
   * for PyTorch 1.13 on the floats of the tests' sweep, against 2.24 here), but returns 0 where
   * e^-x overflows, below x = -88.7; the subnormal results there are kept here.
   *
   * <p>With e^-x = 2^k (1 + q), k = round(-x log2 e) and q = e^r - 1, the denominator is (1 + 2^k)
   * + 2^k q: 1 + 2^k is exact for |k| <= 23, so it is rounded once, as is the quotient. Everything
   * is scaled by 2^-64 so that 2^k (k up to 150) stays a float: 2^-64 / ((2^-64 + 2^(k-64)) +
   * 2^(k-64) q) is the same quotient, rounded once also when it is subnormal. -x is limited to
   * [-18, 104]: the result rounds to 1 below and to 0 above; NaN stays NaN.
   */
  static void sigmoid(float[] x, int xo, float[] out, int oo, int n) {
    inBlocks(x, xo, out, oo, n, -1f, SIGMOID_MIN, SIGMOID_MAX, FloatMath::sigmoidFinish);
  }

  /** A pass over a block of reduced arguments: q = e^r - 1 in v[i], k in k[i]. */
  @FunctionalInterface
  private interface Finish {
    void run(float[] v, float[] k, int n);
  }

  /**
   * out[oo + i] = f(x[xo + i]) block by block, where f(x) is {@code finish} applied to the
   * reduction of e^y, y = sign * x limited to [lo, hi].
   */
  private static void inBlocks(
      float[] x,
      int xo,
      float[] out,
      int oo,
      int n,
      float sign,
      float lo,
      float hi,
      Finish finish) {
    float[][] work = Scratch.get().floatBlocks(2, BLOCK);
    float[] v = work[0];
    float[] k = work[1];
    for (int from = 0; from < n; from += BLOCK) {
      int m = Math.min(BLOCK, n - from);
      System.arraycopy(x, xo + from, v, 0, m);
      reduce(v, k, m, sign, lo, hi);
      finish.run(v, k, m);
      System.arraycopy(v, 0, out, oo + from, m);
    }
  }

  /** v[i] = q and k[i] = k for e^y = 2^k (1 + q), y = sign * v[i] limited to [lo, hi]. */
  private static void reduce(float[] v, float[] k, int n, float sign, float lo, float hi) {
    // NOTE: two loops, not one: the polynomial on its own is a short enough loop body for C2 to
    // unroll further; the arithmetic is the same.
    for (int i = 0; i < n; i++) {
      float y = Math.max(Math.min(v[i] * sign, hi), lo);
      float ki = exponent(y);
      v[i] = reduced(y, ki);
      k[i] = ki;
    }
    for (int i = 0; i < n; i++) v[i] = expm1Polynomial(v[i]);
  }

  /** q[i] = 1 / (1 + 2^k (1 + q)), with k = k[i] and q = q[i]. */
  private static void sigmoidFinish(float[] q, float[] k, int n) {
    for (int i = 0; i < n; i++) q[i] = sigmoidFinish(q[i], k[i]);
  }

  /**
   * 1 / (1 + 2^k (1 + q)), rounded as described at {@link #sigmoid(float[], int, float[], int,
   * int)}.
   */
  private static float sigmoidFinish(float q, float k) {
    float s = pow2(k - 64f);
    return SIGMOID_SCALE / Math.fma(s, q, SIGMOID_SCALE + s);
  }

  /**
   * out[oo + i] = tanh(x[xo + i]), i in [0, n), to within 2.42 ulp of the exact value.
   *
   * <p>With a = |x| and E = e^2a - 1 = 2^k (1 + q) - 1 = (2^k - 1) + 2^k q, tanh(a) = E / (E + 2).
   * 2^k - 1 is exact up to k = 24 (above, E exceeds 2^24 and its rounding moves tanh by less than
   * 2^-47) and 2^k q is exact, so E is rounded once and keeps the relative accuracy of q near 0,
   * where k is 0: tanh of a tiny x is x. The sign of x is put back with min and max, which also
   * gives -0 for -0. a is limited to 9.1, from where tanh rounds to 1; NaN stays NaN.
   *
   * <p>An earlier version used a polynomial below a = 0.55 and this formula above, blended, for at
   * most 1.36 ulp: a third pass over each block and a third more arithmetic per element.
   */
  static void tanh(float[] x, int xo, float[] out, int oo, int n) {
    float[][] work = Scratch.get().floatBlocks(3, BLOCK);
    float[] v = work[0];
    float[] q = work[1];
    float[] k = work[2];
    for (int from = 0; from < n; from += BLOCK) {
      int m = Math.min(BLOCK, n - from);
      System.arraycopy(x, xo + from, v, 0, m);
      tanhReduce(v, q, k, m);
      tanhFinish(v, q, k, m);
      System.arraycopy(v, 0, out, oo + from, m);
    }
  }

  /** q[i] = q and k[i] = k for e^2a = 2^k (1 + q), a = min(|x[i]|, 9.1). */
  private static void tanhReduce(float[] x, float[] q, float[] k, int n) {
    for (int i = 0; i < n; i++) {
      float a = Math.min(Math.abs(x[i]), TANH_MAX);
      float y = a + a;
      float ki = exponent(y);
      q[i] = reduced(y, ki);
      k[i] = ki;
    }
    for (int i = 0; i < n; i++) q[i] = expm1Polynomial(q[i]); // a loop of its own, as in reduce
  }

  /** x[i] = tanh(x[i]) from the reduction q[i], k[i] of e^2a. */
  private static void tanhFinish(float[] x, float[] q, float[] k, int n) {
    for (int i = 0; i < n; i++) x[i] = tanhFinish(x[i], q[i], k[i]);
  }

  /** tanh(x) = E / (E + 2) with E = (2^k - 1) + 2^k q, the sign of x put back. */
  private static float tanhFinish(float x, float q, float k) {
    float s = pow2Small(k);
    float e = Math.fma(s, q, s - 1f);
    float t = e / (e + 2f);
    // t >= 0, and |2x| >= t: this is t with the sign of x, and -0 for x = -0.
    return Math.min(Math.max(x * 2f, -t), t);
  }

  // ------------------------------------------------------------------ log, in double

  /**
   * The bits of sqrt(1/2), rounded to double: subtracted from the bits of x, they leave x's
   * exponent e in the high bits and, added back to the low 52, a mantissa m in [sqrt(1/2), sqrt(2))
   * with x = 2^e m.
   */
  static final long SQRT_HALF_BITS = 0x3FE6A09E667F3BCDL;

  static final long MANTISSA_BITS = 0x000FFFFFFFFFFFFFL;

  /** ln 2, rounded to double. */
  static final double LN2 = 0.6931471805599453;

  /**
   * 1.5 * 2^52 and its bits: for an integer |e| < 2^51, the double with bits {@code
   * DOUBLE_ROUND_BITS + e} is {@code DOUBLE_ROUND + e}, so e becomes a double by bit arithmetic, as
   * the Vector API loop needs (its long-to-double conversion is not compiled to SIMD code by JDK
   * 17).
   */
  static final double DOUBLE_ROUND = 0x1.8p52;

  static final long DOUBLE_ROUND_BITS = 0x4338000000000000L;

  /**
   * L_j = 2 / (2j + 1): ln(1 + f) = 2 atanh(s) = 2s + s (L_1 z + L_2 z^2 + ... + L_8 z^8) + ...,
   * with s = f / (2 + f) and z = s^2. For |s| <= 0.1716 (f in [sqrt(1/2) - 1, sqrt(2) - 1]) the
   * terms left out are below 2^-50 of the sum.
   */
  static final double L1 = 2.0 / 3;

  static final double L2 = 2.0 / 5;
  static final double L3 = 2.0 / 7;
  static final double L4 = 2.0 / 9;
  static final double L5 = 2.0 / 11;
  static final double L6 = 2.0 / 13;
  static final double L7 = 2.0 / 15;
  static final double L8 = 2.0 / 17;

  /**
   * ln x of a float, computed in double and rounded once to float: the float64 value carries an
   * error of a few units of its last place, so the float is correctly rounded but where ln x lies
   * that close to the midpoint between two floats. On every positive float it rounds like {@code
   * (float) StrictMath.log(x)} but for 2 of the 2^31, within 0.5 ulp of the float64 value.
   *
   * <p>x = 2^e m with m in [sqrt(1/2), sqrt(2)), by bit arithmetic on the double x (every float,
   * subnormals included, is a normal double); with f = m - 1 (exact) and s = f / (2 + f), ln x = e
   * ln 2 + 2 atanh(s), the series of atanh to its s^17 term. ln 0 = -infinity, ln of a negative
   * number or NaN is NaN, ln infinity = infinity.
   */
  static float log(float x) {
    if (!(x > 0f)) return x == 0f ? Float.NEGATIVE_INFINITY : Float.NaN;
    if (x == Float.POSITIVE_INFINITY) return x;
    long t = Double.doubleToRawLongBits(x) - SQRT_HALF_BITS;
    double e = t >> 52;
    double f = Double.longBitsToDouble((t & MANTISSA_BITS) + SQRT_HALF_BITS) - 1;
    double s = f / (f + 2);
    double z = s * s;
    double p = L1 + z * (L2 + z * (L3 + z * (L4 + z * (L5 + z * (L6 + z * (L7 + z * L8))))));
    return (float) (e * LN2 + ((s + s) + s * (z * p)));
  }

  // ------------------------------------------------------------------ one element at a time

  // NOTE: the same operations as the passes above, in the same order, so the same results; for
  // ranges too short to be worth a block, which also keeps their trip counts out of the profiles
  // of the vectorized loops (see PlainKernels.SHORT).

  /** e^x, as {@link #exp(float[], int, float[], int, int)} computes it. */
  static float exp(float x) {
    float y = Math.max(Math.min(x * 1f, EXP_MAX), EXP_MIN);
    float k = exponent(y);
    return expScale(expm1Reduced(y, k), k);
  }

  /** 1 / (1 + e^-x), as {@link #sigmoid(float[], int, float[], int, int)} computes it. */
  static float sigmoid(float x) {
    float y = Math.max(Math.min(x * -1f, SIGMOID_MAX), SIGMOID_MIN);
    float k = exponent(y);
    return sigmoidFinish(expm1Reduced(y, k), k);
  }

  /** tanh(x), as {@link #tanh(float[], int, float[], int, int)} computes it. */
  static float tanh(float x) {
    float a = Math.min(Math.abs(x), TANH_MAX);
    float y = a + a;
    float k = exponent(y);
    return tanhFinish(x, expm1Reduced(y, k), k);
  }

  // ------------------------------------------------------------------ the pieces

  /** k = round(y log2 e), the power of two of e^y = 2^k e^r: y log2 e + ROUND, rounded once. */
  private static float exponent(float y) {
    return Math.fma(y, LOG2E, ROUND) - ROUND;
  }

  /** v rounded to the nearest integer (ties to even), for |v| < 2^22. */
  static float roundToInt(float v) {
    return (v + ROUND) - ROUND;
  }

  /**
   * e^r - 1 for r = v - k ln 2, |r| <= 0.3486: r is rounded once, and r + r^2 P(r) rounds once in
   * its last fused multiply-add, so the result keeps its relative accuracy near 0.
   */
  static float expm1Reduced(float v, float k) {
    return expm1Polynomial(reduced(v, k));
  }

  /** r = v - k ln 2, in the two parts of ln 2: the first step is exact, the second rounds once. */
  private static float reduced(float v, float k) {
    return Math.fma(k, -LN2_LO, Math.fma(k, -LN2_HI, v));
  }

  /** e^r - 1 = r + r^2 P(r), for |r| <= 0.3486, by Horner's rule in fused multiply-adds. */
  private static float expm1Polynomial(float r) {
    float p = Math.fma(r, E5, E4);
    p = Math.fma(p, r, E3);
    p = Math.fma(p, r, E2);
    p = Math.fma(p, r, E1);
    p = Math.fma(p, r, E0);
    return Math.fma(r * r, p, r);
  }

  /**
   * 2^h, exactly, for an integer h in [-90, 86] (the tests check every one), with float arithmetic
   * only.
   *
   * <p>First an approximation A within a factor e^0.16 of 2^h sqrt(2): a quadratic in h / 256,
   * squared 8 times. A lies in [2^h, 2^(h+1)), so 2^h is its unit in the first place, ufp(A), found
   * without looking at its bits as in S. M. Rump, "Ultimately fast accurate summation" (SIAM J.
   * Sci. Comput. 31, 2009): with q = fl((2^23 + 1) A), ufp(A) = q - fl((1 - 2^-24) q). (Why: 2^23 A
   * is a multiple of 2^h in [2^(h+23), 2^(h+24)), where floats are spaced 2^h apart; q is that plus
   * A rounded to a multiple of 2^h; (1 - 2^-24) q is q less more than half a spacing and at most
   * one, so it rounds to the float just below q, 2^h lower.)
   */
  static float pow2(float h) {
    float t = h * (1f / 256);
    float a = toThe32nd(C0 + t * (C1 + t * C2));
    a *= a;
    a *= a;
    a *= a;
    return unitInFirstPlace(a);
  }

  /**
   * 2^h, exactly, for an integer h in [0, 27] (the tests check every one): {@link #pow2} with 5
   * squarings instead of 8, enough for tanh, whose k is at most 26.
   */
  static float pow2Small(float h) {
    float t = h * (1f / 32);
    return unitInFirstPlace(toThe32nd(S0 + t * (S1 + t * S2)));
  }

  /** a^32, by 5 squarings. */
  private static float toThe32nd(float a) {
    float a2 = a * a;
    float a4 = a2 * a2;
    float a8 = a4 * a4;
    float a16 = a8 * a8;
    return a16 * a16;
  }

  /** ufp(a), the power of two of a's leading bit, for a positive normal a: see {@link #pow2}. */
  private static float unitInFirstPlace(float a) {
    float q = a * UFP_SPLIT;
    return q - q * ONE_MINUS_ULP;
  }
}
