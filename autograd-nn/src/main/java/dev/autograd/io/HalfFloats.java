package dev.autograd.io;

/**
 * Conversions between {@code float} and the two 16-bit floating-point formats of tensor files: IEEE
 * 754 binary16 ("half", PyTorch's {@code float16}: 1 sign bit, 5 exponent bits of bias 15, 10
 * fraction bits) and bfloat16 (PyTorch's {@code bfloat16}: the upper 16 bits of a float, 8 exponent
 * bits of bias 127, 7 fraction bits).
 *
 * <p>Widening to float is exact for both: every half and every bfloat16, subnormals included, is a
 * float. A half with biased exponent {@code e} and fraction {@code m} is
 *
 * <pre>
 * (-1)^s * 2^(e-15) * (1 + m/1024)   for 0 &lt; e &lt; 31
 * (-1)^s * 2^-14 * (m/1024)          for e = 0 (zero and subnormals)
 * (-1)^s * infinity                  for e = 31, m = 0; NaN for e = 31, m != 0
 * </pre>
 *
 * and bfloat16 follows the same pattern with bias 127 and 7 fraction bits. Narrowing rounds to the
 * nearest representable value, ties to the one with an even fraction, as IEEE 754's default
 * rounding (and PyTorch's {@code .half()} and {@code .bfloat16()}) does; a NaN stays a NaN with its
 * sign and the upper bits of its payload, with the quiet bit set.
 */
final class HalfFloats {
  private HalfFloats() {}

  /**
   * The float equal to the half whose bits are the low 16 of {@code bits16}.
   *
   * @param bits16 a binary16 bit pattern in bits 0 to 15 (higher bits are ignored)
   * @return the same value as a float, exactly
   */
  static float fromHalfBits(int bits16) {
    int sign = (bits16 & 0x8000) << 16;
    int exponent = (bits16 >>> 10) & 0x1f;
    int fraction = bits16 & 0x3ff;
    if (exponent == 0x1f) {
      // infinity, or NaN with its payload in the float's upper fraction bits
      return Float.intBitsToFloat(sign | 0x7f800000 | (fraction << 13));
    }
    if (exponent == 0) {
      // zero or subnormal: fraction * 2^-24, exact in float (at most 10 significant bits)
      float magnitude = fraction * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (fraction << 13));
  }

  /**
   * The float equal to the bfloat16 whose bits are the low 16 of {@code bits16}.
   *
   * @param bits16 a bfloat16 bit pattern in bits 0 to 15 (higher bits are ignored)
   * @return the same value as a float, exactly: bfloat16 is the upper half of a float
   */
  static float fromBfloat16Bits(int bits16) {
    return Float.intBitsToFloat((bits16 & 0xffff) << 16);
  }

  /**
   * The half nearest to {@code value}, ties to even; magnitudes from 65520 (the midpoint between
   * the largest half, 65504, and 2^16) up become infinity; NaN stays NaN.
   *
   * @param value the value to narrow
   * @return its binary16 bit pattern in bits 0 to 15
   */
  static int toHalfBits(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int magnitude = bits & 0x7fffffff;
    if (magnitude >= 0x7f800000) {
      if (magnitude == 0x7f800000) return sign | 0x7c00;
      return sign | 0x7c00 | 0x200 | ((magnitude >>> 13) & 0x3ff);
    }
    if (magnitude >= 0x477ff000) return sign | 0x7c00; // 65520 and above
    int exponent = (magnitude >>> 23) - 127;
    if (exponent >= -14) {
      // normal half: drop 13 fraction bits; a carry into the exponent is still the right value
      int half = ((exponent + 15) << 10) | ((magnitude >>> 13) & 0x3ff);
      return sign | roundHalfEven(half, magnitude & 0x1fff, 0x1000);
    }
    if (exponent < -25) return sign; // below 2^-25, half the smallest subnormal: rounds to zero
    // subnormal half: the value in units of 2^-24 is significand * 2^(exponent + 1)
    int significand = (magnitude & 0x7fffff) | 0x800000;
    int shift = -exponent - 1; // 14 to 24
    int half = significand >>> shift;
    return sign | roundHalfEven(half, significand & ((1 << shift) - 1), 1 << (shift - 1));
  }

  /**
   * The bfloat16 nearest to {@code value}, ties to even; values beyond the largest bfloat16 by at
   * least half of its last place become infinity; NaN stays NaN.
   *
   * @param value the value to narrow
   * @return its bfloat16 bit pattern in bits 0 to 15
   */
  static int toBfloat16Bits(float value) {
    int bits = Float.floatToRawIntBits(value);
    if ((bits & 0x7fffffff) > 0x7f800000) return (bits >>> 16) | 0x40; // NaN, made quiet
    int upper = bits >>> 16;
    return roundHalfEven(upper, bits & 0xffff, 0x8000) & 0xffff;
  }

  /**
   * {@code truncated}, plus one if the dropped bits {@code rest} are above half or a tie to odd.
   */
  private static int roundHalfEven(int truncated, int rest, int halfway) {
    return rest > halfway || (rest == halfway && (truncated & 1) != 0) ? truncated + 1 : truncated;
  }
}
