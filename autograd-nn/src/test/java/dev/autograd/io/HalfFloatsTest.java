package dev.autograd.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link HalfFloats} against references computed another way: values from the bit fields by exact
 * arithmetic ({@link Math#scalb}), and rounding by searching the sorted table of every finite value
 * of the format for the nearest one.
 */
class HalfFloatsTest {
  /** The value of a 16-bit pattern with {@code fractionBits} fraction bits and the given bias. */
  private static double reference(int bits, int exponentBits, int fractionBits, int bias) {
    int sign = (bits >>> 15) & 1;
    int exponent = (bits >>> fractionBits) & ((1 << exponentBits) - 1);
    int fraction = bits & ((1 << fractionBits) - 1);
    double magnitude;
    if (exponent == (1 << exponentBits) - 1) {
      magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    } else if (exponent == 0) {
      magnitude = Math.scalb((double) fraction, 1 - bias - fractionBits);
    } else {
      magnitude =
          Math.scalb((double) ((1 << fractionBits) + fraction), exponent - bias - fractionBits);
    }
    return sign == 1 ? -magnitude : magnitude;
  }

  private static double halfReference(int bits) {
    return reference(bits, 5, 10, 15);
  }

  private static double bfloat16Reference(int bits) {
    return reference(bits, 8, 7, 127);
  }

  private static void assertSameValue(double expected, float actual, int bits) {
    String where = String.format("bits 0x%04x", bits);
    if (Double.isNaN(expected)) {
      assertTrue(Float.isNaN(actual), where + ": expected NaN, got " + actual);
      return;
    }
    assertEquals(expected, (double) actual, 0.0, where);
    // the sign of zero too
    assertEquals(Math.copySign(1.0, expected), Math.copySign(1.0, actual), 0.0, where);
  }

  @Test
  void everyHalfWidensExactly() {
    for (int bits = 0; bits < 0x10000; bits++) {
      assertSameValue(halfReference(bits), HalfFloats.fromHalfBits(bits), bits);
    }
  }

  @Test
  void everyBfloat16WidensExactly() {
    for (int bits = 0; bits < 0x10000; bits++) {
      assertSameValue(bfloat16Reference(bits), HalfFloats.fromBfloat16Bits(bits), bits);
    }
  }

  @Test
  void halfNaNsKeepTheirSignAndPayload() {
    float nan = HalfFloats.fromHalfBits(0xfe01);
    assertEquals(0xffc02000, Float.floatToRawIntBits(nan));
  }

  /** The positive finite values of a format, ascending, as bit patterns 0 up to the largest. */
  private static double[] positiveFinite(int largestBits, IntToDoubleFunction f) {
    double[] values = new double[largestBits + 1];
    for (int b = 0; b <= largestBits; b++) values[b] = f.applyAsDouble(b);
    return values;
  }

  /**
   * The nearest-even rounding of {@code v} to the format whose ascending finite positive values are
   * {@code table} (bit pattern = index), with infinity at {@code table.length} as the next value at
   * {@code overflowAt}.
   */
  private static int roundReference(float v, double[] table, double overflowAt, int infinityBits) {
    int sign = Float.floatToRawIntBits(v) < 0 ? 0x8000 : 0;
    double m = Math.abs((double) v);
    if (Double.isInfinite(m)) return sign | infinityBits;
    int lo = Arrays.binarySearch(table, m);
    if (lo >= 0) return sign | lo;
    int above = -lo - 1; // first index with a larger value
    int below = above - 1;
    double upper = above < table.length ? table[above] : overflowAt;
    double dBelow = m - table[below];
    double dAbove = upper - m;
    int pick;
    if (dBelow < dAbove) pick = below;
    else if (dAbove < dBelow) pick = above;
    else pick = (below & 1) == 0 ? below : above;
    return sign | (pick == table.length ? infinityBits : pick);
  }

  /** Floats to try: every boundary of both formats, neighbours of each, and a dense sample. */
  private static List<Float> samples(double[] table, double overflowAt) {
    List<Float> out = new ArrayList<>();
    for (int i = 0; i < table.length; i++) {
      double next = i + 1 < table.length ? table[i + 1] : overflowAt;
      float value = (float) table[i];
      float mid = (float) ((table[i] + next) / 2); // exact: at most 12 significant bits
      for (float f : new float[] {value, mid}) {
        out.add(f);
        out.add(Math.nextUp(f));
        out.add(Math.nextDown(f));
      }
    }
    SplittableRandom random = new SplittableRandom(21);
    for (int i = 0; i < 1 << 20; i++) out.add(Float.intBitsToFloat(random.nextInt()));
    for (long bits = 0; bits < 1L << 32; bits += 4093) out.add(Float.intBitsToFloat((int) bits));
    out.addAll(
        List.of(
            0f,
            Float.MIN_VALUE,
            Float.MIN_NORMAL,
            Float.MAX_VALUE,
            65504f,
            65519.998f,
            65520f,
            Float.POSITIVE_INFINITY,
            0x1p-24f,
            0x1p-25f,
            0x1.8p-25f,
            0x1p-26f,
            0x1p-14f));
    List<Float> signed = new ArrayList<>(out.size() * 2);
    for (float f : out) {
      signed.add(f);
      signed.add(-f);
    }
    return signed;
  }

  @Test
  void narrowingToHalfRoundsToNearestEven() {
    double[] table = positiveFinite(0x7bff, HalfFloatsTest::halfReference);
    for (float v : samples(table, 65536.0)) {
      if (Float.isNaN(v)) continue;
      int expected = roundReference(v, table, 65536.0, 0x7c00);
      int actual = HalfFloats.toHalfBits(v);
      if (expected != actual) {
        throw new AssertionError(
            String.format(
                "toHalfBits(%s = 0x%08x): expected 0x%04x, got 0x%04x",
                v, Float.floatToRawIntBits(v), expected, actual));
      }
    }
  }

  @Test
  void narrowingToBfloat16RoundsToNearestEven() {
    double[] table = positiveFinite(0x7f7f, HalfFloatsTest::bfloat16Reference);
    double overflowAt = 0x1p128;
    for (float v : samples(table, overflowAt)) {
      if (Float.isNaN(v)) continue;
      int expected = roundReference(v, table, overflowAt, 0x7f80);
      int actual = HalfFloats.toBfloat16Bits(v);
      if (expected != actual) {
        throw new AssertionError(
            String.format(
                "toBfloat16Bits(%s = 0x%08x): expected 0x%04x, got 0x%04x",
                v, Float.floatToRawIntBits(v), expected, actual));
      }
    }
  }

  @Test
  void everyHalfRoundTrips() {
    assertEveryPatternRoundTrips(
        HalfFloatsTest::halfReference, HalfFloats::fromHalfBits, HalfFloats::toHalfBits);
  }

  @Test
  void everyBfloat16RoundTrips() {
    assertEveryPatternRoundTrips(
        HalfFloatsTest::bfloat16Reference,
        HalfFloats::fromBfloat16Bits,
        HalfFloats::toBfloat16Bits);
  }

  /** Narrowing the widened value gives the pattern back (a NaN: some NaN of the same sign). */
  private static void assertEveryPatternRoundTrips(
      IntToDoubleFunction reference, IntToFloatFunction widen, FloatToIntFunction narrow) {
    for (int bits = 0; bits < 0x10000; bits++) {
      int back = narrow.apply(widen.apply(bits));
      String where = String.format("0x%04x", bits);
      if (Double.isNaN(reference.applyAsDouble(bits))) {
        assertTrue(Double.isNaN(reference.applyAsDouble(back)), where);
        assertEquals(bits & 0x8000, back & 0x8000, "sign of " + where);
      } else {
        assertEquals(bits, back, where);
      }
    }
  }

  @FunctionalInterface
  private interface IntToFloatFunction {
    float apply(int bits);
  }

  @FunctionalInterface
  private interface FloatToIntFunction {
    int apply(float value);
  }

  @Test
  void floatNaNsNarrowToNaNs() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      int nanBits = 0x7f800001 + random.nextInt(0x7fffff) | (random.nextBoolean() ? 1 << 31 : 0);
      float nan = Float.intBitsToFloat(nanBits);
      assertTrue(Double.isNaN(halfReference(HalfFloats.toHalfBits(nan))));
      assertTrue(Double.isNaN(bfloat16Reference(HalfFloats.toBfloat16Bits(nan))));
      assertEquals(nanBits >>> 31, HalfFloats.toHalfBits(nan) >>> 15);
      assertEquals(nanBits >>> 31, HalfFloats.toBfloat16Bits(nan) >>> 15);
    }
  }
}
