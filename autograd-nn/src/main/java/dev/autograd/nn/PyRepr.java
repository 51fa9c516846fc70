package dev.autograd.nn;

import java.math.BigDecimal;

/**
 * Python's printouts of the values PyTorch's module reprs show: floats ({@code eps=1e-05}), bools,
 * and sizes as a tuple ({@code (3, 3)}, {@code (3,)}) or as the int they were given.
 */
final class PyRepr {
  private PyRepr() {}

  /**
   * {@code repr(value)} of a Python float: the shortest digits that read back as the value (Java's
   * choice too), written in fixed notation for exponents from -4 to 15 and as {@code 1e-05}
   * otherwise.
   */
  static String of(double value) {
    if (Double.isNaN(value)) return "nan";
    if (Double.isInfinite(value)) return value > 0 ? "inf" : "-inf";
    if (value == 0) return (1 / value < 0) ? "-0.0" : "0.0";
    BigDecimal d = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    int exponent = d.precision() - d.scale() - 1;
    if (exponent >= -4 && exponent < 16) {
      String s = d.toPlainString();
      return s.contains(".") ? s : s + ".0";
    }
    String digits = d.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String sign = value < 0 ? "-" : "";
    return sign
        + mantissa
        + "e"
        + (exponent < 0 ? "-" : "+")
        + String.format("%02d", Math.abs(exponent));
  }

  /** {@code repr(tuple)} of ints: (3, 3), or (3,) for one value. */
  static String tuple(int[] values) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) s.append(", ");
      s.append(values[i]);
    }
    return s.append(values.length == 1 ? ",)" : ")").toString();
  }

  /** A size as it was given: one value printed as an int, several as a tuple. */
  static String size(int[] values) {
    return values.length == 1 ? Integer.toString(values[0]) : tuple(values);
  }

  static String bool(boolean value) {
    return value ? "True" : "False";
  }
}
