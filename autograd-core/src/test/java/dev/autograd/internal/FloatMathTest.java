package dev.autograd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 exp, sigmoid, tanh and log of {@link FloatMath} against the double-precision
 * functions, in units in the last place of the float result: over a sweep of the whole float range,
 * random values in every binade, and the edges (zeros, infinities, NaN, overflow and underflow
 * thresholds, saturation). The bounds are those {@link FloatMathFullSweep} finds on every float.
 */
class FloatMathTest {

  /** A kernel of FloatMath: out[oo + i] = f(x[xo + i]). */
  @FunctionalInterface
  interface Kernel {
    void apply(float[] x, int xo, float[] out, int oo, int n);
  }

  /**
   * One function: its kernel, its double-precision reference, and its error bounds: against the
   * exact value in ulps, and in floats from the correctly rounded value.
   */
  record Function(
      String name,
      Kernel kernel,
      FloatUnaryOperator scalar,
      DoubleUnaryOperator reference,
      double maxUlp,
      int maxSteps) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A function of one float. */
  @FunctionalInterface
  interface FloatUnaryOperator {
    float applyAsFloat(float x);
  }

  private static final Function EXP =
      new Function("exp", FloatMath::exp, FloatMath::exp, Math::exp, 0.99, 1);
  private static final Function SIGMOID =
      new Function(
          "sigmoid",
          FloatMath::sigmoid,
          FloatMath::sigmoid,
          x -> UnaryFn.SIGMOID.apply(x, 0, 0),
          2.45,
          2);
  private static final Function TANH =
      new Function("tanh", FloatMath::tanh, FloatMath::tanh, Math::tanh, 2.42, 2);

  /** Correctly rounded on every float the tests try: 0.5 ulp, 0 steps. */
  private static final Function LOG =
      new Function(
          "log",
          (x, xo, out, oo, n) -> {
            for (int i = 0; i < n; i++) out[oo + i] = FloatMath.log(x[xo + i]);
          },
          FloatMath::log,
          Math::log,
          0.5,
          0);

  static Stream<Function> functions() {
    return Stream.of(EXP, SIGMOID, TANH, LOG);
  }

  /** That f's worst errors in {@code errors} are within its bounds. */
  private static void check(FloatMathFullSweep.Errors errors, Function f) {
    String where = f + " over " + errors;
    assertTrue(errors.steps <= f.maxSteps(), where);
    assertTrue(errors.ulps <= f.maxUlp(), where);
  }

  private static void evaluate(Function f, float[] xs, int n, FloatMathFullSweep.Errors errors) {
    float[] ys = new float[n];
    f.kernel().apply(xs, 0, ys, 0, n);
    for (int i = 0; i < n; i++) errors.add(xs[i], ys[i], f.reference().applyAsDouble(xs[i]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void isWithinItsUlpBoundOverASweepOfAllFloats(Function f) {
    // Every 251st bit pattern: some 17 million floats of both signs, every binade, NaNs included.
    FloatMathFullSweep.Errors errors = new FloatMathFullSweep.Errors();
    float[] xs = new float[1 << 16];
    long bits = 0;
    while (bits < 1L << 32) {
      int n = 0;
      for (; n < xs.length && bits < 1L << 32; n++, bits += 251) {
        xs[n] = Float.intBitsToFloat((int) bits);
      }
      evaluate(f, xs, n, errors);
    }
    check(errors, f);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void isWithinItsUlpBoundOnRandomValuesOfEveryBinade(Function f) {
    SplittableRandom rnd = new SplittableRandom(17);
    FloatMathFullSweep.Errors errors = new FloatMathFullSweep.Errors();
    float[] xs = new float[4096];
    for (int exponent = -149; exponent <= 127; exponent++) {
      for (int i = 0; i < xs.length; i++) {
        float x = Math.scalb((float) (1 + rnd.nextDouble()), exponent);
        xs[i] = rnd.nextBoolean() ? x : -x;
      }
      evaluate(f, xs, xs.length, errors);
    }
    // The range where the functions change most, densely.
    for (int i = 0; i < xs.length; i++) xs[i] = (float) (rnd.nextDouble() * 240 - 120);
    evaluate(f, xs, xs.length, errors);
    check(errors, f);
  }

  static Stream<Arguments> specialValues() {
    float inf = Float.POSITIVE_INFINITY;
    float nan = Float.NaN;
    float tiny = Float.MIN_VALUE;
    return Stream.of(
        Arguments.of(
            EXP,
            new float[] {0f, -0f, inf, -inf, nan, tiny, -tiny, OVERFLOW, 1000f, -104f, -1000f},
            new float[] {1f, 1f, inf, 0f, nan, 1f, 1f, inf, inf, 0f, 0f}),
        Arguments.of(
            SIGMOID,
            new float[] {0f, -0f, inf, -inf, nan, 17.5f, 100f, 1e30f, -104f, -1e30f},
            new float[] {0.5f, 0.5f, 1f, 0f, nan, 1f, 1f, 1f, 0f, 0f}),
        Arguments.of(
            TANH,
            new float[] {0f, -0f, inf, -inf, nan, tiny, -tiny, 1e-20f, -1e-20f, 9.1f, -20f, 1e30f},
            new float[] {0f, -0f, 1f, -1f, nan, tiny, -tiny, 1e-20f, -1e-20f, 1f, -1f, 1f}),
        Arguments.of(
            LOG,
            new float[] {0f, -0f, inf, -inf, nan, -tiny, -1f, 1f, 2f, 0.5f, tiny},
            new float[] {
              -inf, -inf, inf, nan, nan, nan, nan, 0f, 0.6931472f, -0.6931472f, -103.27893f
            }));
  }

  /** The least float whose e^x rounds to infinity. */
  private static final float OVERFLOW = 88.72283935546875f;

  @ParameterizedTest(name = "{0} {index}")
  @MethodSource("specialValues")
  void specialValuesAreExact(Function f, float[] xs, float[] expected) {
    float[] ys = new float[xs.length];
    f.kernel().apply(xs, 0, ys, 0, xs.length);
    for (int i = 0; i < xs.length; i++) {
      // Bit for bit: the sign of a zero counts, and all NaNs are one.
      assertEquals(
          Float.floatToIntBits(expected[i]),
          Float.floatToIntBits(ys[i]),
          f + "(" + xs[i] + "): expected " + expected[i] + " but got " + ys[i]);
    }
  }

  /**
   * The floats around the points where a function overflows, underflows, goes subnormal, saturates
   * or changes formula: each point and the 2000 floats on either side.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void isWithinItsUlpBoundAroundItsThresholds(Function f) {
    float[] points = {
      OVERFLOW, // e^x overflows
      -103.97208f, // e^x underflows to 0
      -87.33655f, // e^x becomes subnormal
      88.72284f, // e^-x overflows: sigmoid(-x) becomes subnormal
      -17.328679f, // 1 + e^-x rounds to 1
      18f, // the limit of sigmoid's argument
      9.01f, // tanh rounds to 1
      9.1f, // the limit of tanh's argument
      0.17328680f, // tanh's k changes from 0 to 1
      0.34657359f, // the reductions' k changes
      0.70710677f, // log's mantissa goes from sqrt(2) / 2 to sqrt(2)
      1f, // log changes sign
      Float.MIN_NORMAL, // log of subnormals
      Float.MAX_VALUE, // log of the largest floats, up to infinity
      0f
    };
    FloatMathFullSweep.Errors errors = new FloatMathFullSweep.Errors();
    float[] xs = new float[4001];
    for (float point : points) {
      for (float sign : new float[] {1f, -1f}) {
        float x = sign * point;
        for (int i = 0; i < 2000; i++) x = Math.nextDown(x);
        for (int i = 0; i < xs.length; i++, x = Math.nextUp(x)) xs[i] = x;
        evaluate(f, xs, xs.length, errors);
      }
    }
    check(errors, f);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void blocksOffsetsInPlaceAndSingleFloatsGiveTheSameValues(Function f) {
    SplittableRandom rnd = new SplittableRandom(3);
    int n = 3 * FloatMath.BLOCK + 17;
    float[] xs = new float[n + 5];
    for (int i = 0; i < xs.length; i++) xs[i] = (float) (rnd.nextGaussian() * 10);
    float[] one = new float[1];
    float[] expected = new float[n];
    for (int i = 0; i < n; i++) {
      f.kernel().apply(xs, 5 + i, one, 0, 1);
      expected[i] = one[0];
    }
    float[] out = new float[n + 2];
    f.kernel().apply(xs, 5, out, 2, n);
    assertTrue(Arrays.equals(expected, 0, n, out, 2, n + 2), f + " with offsets");
    float[] inPlace = xs.clone();
    f.kernel().apply(inPlace, 5, inPlace, 5, n);
    assertTrue(Arrays.equals(expected, 0, n, inPlace, 5, n + 5), f + " in place");
    for (int i = 0; i < n; i++) {
      float x = xs[5 + i];
      assertEquals(expected[i], f.scalar().applyAsFloat(x), () -> f + " of the single float " + x);
    }
  }

  @Test
  void pow2IsExactOverItsDomain() {
    for (int h = -90; h <= 86; h++) {
      assertEquals(Math.scalb(1f, h), FloatMath.pow2(h), "2^" + h);
    }
  }

  @Test
  void pow2SmallIsExactOverItsDomain() {
    for (int h = 0; h <= 27; h++) {
      assertEquals(Math.scalb(1f, h), FloatMath.pow2Small(h), "2^" + h);
    }
  }

  @Test
  void roundToIntRoundsToNearestEven() {
    assertEquals(2f, FloatMath.roundToInt(2.5f));
    assertEquals(-4f, FloatMath.roundToInt(-3.5f));
    assertEquals(150f, FloatMath.roundToInt(149.7f));
    assertEquals(-150f, FloatMath.roundToInt(-149.5f));
  }
}
