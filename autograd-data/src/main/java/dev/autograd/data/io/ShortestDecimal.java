package dev.autograd.data.io;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The shortest decimal text that reads back as the same float or double, in Python's {@code repr}
 * style: {@code 0.1}, {@code 1.0}, {@code 1e-05}, {@code 1e+16}, {@code nan}, {@code -inf}.
 *
 * <p>NOTE: Java 17's {@code Double.toString} always reads back the same, but is sometimes a digit
 * longer than needed ({@code 4.9E-324} for {@code 5e-324}), and not always the nearest of its
 * length; its length is only the starting point here.
 */
final class ShortestDecimal {
  private ShortestDecimal() {}

  /** Python's repr switches to scientific notation outside [1e-4, 1e16). */
  private static final int MIN_POSITIONAL_EXPONENT = -4;

  private static final int MAX_POSITIONAL_EXPONENT = 15;

  static String of(double v) {
    if (Double.isNaN(v)) return "nan";
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    if (v == 0) return 1 / v < 0 ? "-0.0" : "0.0";
    return format(shortest(new BigDecimal(v), significantDigits(Double.toString(v)), v, false));
  }

  static String of(float v) {
    if (Float.isNaN(v)) return "nan";
    if (Float.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    if (v == 0) return 1 / v < 0 ? "-0.0" : "0.0";
    return format(shortest(new BigDecimal(v), significantDigits(Float.toString(v)), v, true));
  }

  /** The shortest decimal that reads back as {@code v}, starting from one of {@code digits}. */
  private static BigDecimal shortest(BigDecimal exact, int digits, double v, boolean asFloat) {
    BigDecimal best = nearestReadingBack(exact, digits, v, asFloat);
    for (int p = digits - 1; p >= 1; p--) {
      BigDecimal shorter = nearestReadingBack(exact, p, v, asFloat);
      if (shorter == null) break; // a shorter length cannot work if this one does not
      best = shorter;
    }
    return best;
  }

  /**
   * The decimal of {@code p} significant digits nearest to {@code exact} that reads back as {@code
   * v}, or null if none does. Every such decimal lies between the one below {@code exact} and the
   * one above it, so those two are the candidates.
   */
  private static BigDecimal nearestReadingBack(BigDecimal exact, int p, double v, boolean asFloat) {
    BigDecimal nearest = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
    if (readsBack(nearest, v, asFloat)) return nearest;
    BigDecimal down = exact.round(new MathContext(p, RoundingMode.DOWN));
    BigDecimal up = exact.round(new MathContext(p, RoundingMode.UP));
    boolean downOk = readsBack(down, v, asFloat);
    boolean upOk = readsBack(up, v, asFloat);
    if (downOk && upOk) {
      return exact.subtract(down).abs().compareTo(up.subtract(exact).abs()) <= 0 ? down : up;
    }
    return downOk ? down : upOk ? up : null;
  }

  private static boolean readsBack(BigDecimal d, double v, boolean asFloat) {
    String s = d.toString();
    return asFloat ? Float.parseFloat(s) == (float) v : Double.parseDouble(s) == v;
  }

  /** The significant digits of Java's text of a finite nonzero number ("1.0E-5" has 1). */
  private static int significantDigits(String javaText) {
    int e = javaText.indexOf('E');
    String mantissa = (e < 0 ? javaText : javaText.substring(0, e)).replace("-", "");
    String digits = mantissa.replace(".", "");
    int first = 0;
    while (first < digits.length() - 1 && digits.charAt(first) == '0') first++;
    int last = digits.length();
    while (last > first + 1 && digits.charAt(last - 1) == '0') last--;
    return last - first;
  }

  /** {@code d} (nonzero) in Python's repr style. */
  private static String format(BigDecimal d) {
    BigDecimal stripped = d.stripTrailingZeros();
    String digits = stripped.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - stripped.scale(); // of the first digit
    StringBuilder s = new StringBuilder(stripped.signum() < 0 ? "-" : "");
    if (exponent < MIN_POSITIONAL_EXPONENT || exponent > MAX_POSITIONAL_EXPONENT) {
      s.append(digits.charAt(0));
      if (digits.length() > 1) s.append('.').append(digits, 1, digits.length());
      s.append('e').append(exponent < 0 ? '-' : '+');
      int magnitude = Math.abs(exponent);
      if (magnitude < 10) s.append('0');
      return s.append(magnitude).toString();
    }
    if (exponent < 0) {
      return s.append("0.").append("0".repeat(-exponent - 1)).append(digits).toString();
    }
    if (digits.length() <= exponent + 1) {
      return s.append(digits)
          .append("0".repeat(exponent + 1 - digits.length()))
          .append(".0")
          .toString();
    }
    return s.append(digits, 0, exponent + 1)
        .append('.')
        .append(digits, exponent + 1, digits.length())
        .toString();
  }
}
