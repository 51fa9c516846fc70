package dev.autograd.io;

/** Placeholder until the safetensors branch's version is merged (same signatures). */
final class HalfFloats {
  private HalfFloats() {}

  static float fromHalfBits(int bits16) {
    int sign = (bits16 & 0x8000) << 16;
    int exp = (bits16 >>> 10) & 0x1f;
    int mant = bits16 & 0x3ff;
    if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    if (exp == 0) return (sign != 0 ? -1 : 1) * Math.scalb((float) mant, -24);
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  static float fromBfloat16Bits(int bits16) {
    return Float.intBitsToFloat((bits16 & 0xffff) << 16);
  }
}
