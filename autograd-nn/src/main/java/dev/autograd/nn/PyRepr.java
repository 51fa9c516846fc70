package dev.autograd.nn;

import java.math.BigDecimal;

/** Python's printout of a float, as PyTorch's module reprs show settings such as eps=1e-05. */
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
}
