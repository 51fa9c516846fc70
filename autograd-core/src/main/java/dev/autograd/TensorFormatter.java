package dev.autograd;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch-style printing of tensors: {@link Tensor#toString()} gives the same text as PyTorch
 * 1.13's {@code repr(tensor)} with the default print options (precision 4, threshold 1000,
 * edgeitems 3, linewidth 80).
 *
 * <p>The rules, as PyTorch applies them:
 *
 * <ul>
 *   <li>Floating-point values share one format chosen from the nonzero finite values: integral
 *       values print as {@code 1.}; others with 4 decimals ({@code 1.5000}); scientific notation
 *       ({@code 1.0000e-05}) when the largest magnitude exceeds 1e8, or is more than 1000 times the
 *       smallest, or (for non-integral values) the smallest is below 1e-4. Rounding is to the
 *       nearest decimal of the exact binary value, ties to even, as Python's {@code format}.
 *   <li>Every element is right-aligned to the widest formatted nonzero finite value (all values for
 *       INT64 and BOOL tensors, which print as {@code 1} and {@code True}).
 *   <li>Nested dims open a new line indented under the outer bracket, with {@code dim - 1} line
 *       breaks between slices; a row wider than 80 characters wraps.
 *   <li>A tensor of more than 1000 elements shows only the first and last 3 entries of each dim
 *       longer than 6, with {@code ...} between; the format is then chosen from the shown values.
 *   <li>Suffixes: {@code dtype=torch.float64} (FLOAT32, INT64 and BOOL are defaults), {@code
 *       grad_fn=<MulBackward0>} for a tensor computed by a recorded op, else {@code
 *       requires_grad=True}; an empty tensor shows {@code size=(0, 3)} unless it is 1-D, and its
 *       dtype unless it is FLOAT32. A suffix that would pass column 80 goes on a new line.
 * </ul>
 *
 * <p>Elements are read through the tensor's strides, so views print without being copied and only
 * the shown elements of a summarized tensor are read.
 */
final class TensorFormatter {
  private static final int PRECISION = 4;
  private static final int THRESHOLD = 1000;
  private static final int EDGE_ITEMS = 3;
  private static final int LINE_WIDTH = 80;
  private static final String PREFIX = "tensor(";

  private TensorFormatter() {}

  static String format(Tensor t) {
    int indent = PREFIX.length();
    int[] shape = t.shape;
    DType dtype = t.dtype();
    List<String> suffixes = new ArrayList<>();
    String body;
    if (t.numel() == 0) {
      // NOTE: as PyTorch (and NumPy), the shape of an empty tensor is shown unless it is (0,), and
      // its dtype is shown unless it is the default FLOAT32, since no element tells it.
      if (shape.length != 1) suffixes.add("size=" + pythonTuple(shape));
      if (dtype != DType.FLOAT32) suffixes.add("dtype=torch." + dtype.pytorchName());
      body = "[]";
    } else {
      if (dtype == DType.FLOAT64) suffixes.add("dtype=torch." + dtype.pytorchName());
      body = new Printer(t).print(indent);
    }
    GradFn gradFn = t.gradFn();
    if (gradFn != null) {
      suffixes.add("grad_fn=<" + printedName(gradFn.name()) + ">");
    } else if (t.requiresGrad()) {
      suffixes.add("requires_grad=True");
    }
    return addSuffixes(PREFIX + body, suffixes, indent);
  }

  /** PyTorch prints backward names with an overload digit: {@code MulBackward0}. */
  private static String printedName(String name) {
    if (name == null || name.isEmpty()) return "Backward0";
    return Character.isDigit(name.charAt(name.length() - 1)) ? name : name + "0";
  }

  private static String pythonTuple(int[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int d = 0; d < shape.length; d++) {
      if (d > 0) sb.append(", ");
      sb.append(shape[d]);
    }
    if (shape.length == 1) sb.append(',');
    return sb.append(')').toString();
  }

  /**
   * Appends {@code , suffix} for each suffix, on a new line indented under the opening bracket when
   * it would pass the line width. The length of the last line is counted as PyTorch counts it (two
   * more than its characters), so that the break falls in the same place.
   */
  private static String addSuffixes(String tensorStr, List<String> suffixes, int indent) {
    StringBuilder sb = new StringBuilder(tensorStr);
    int lastLineLength = tensorStr.length() - tensorStr.lastIndexOf('\n') + 1;
    for (String suffix : suffixes) {
      if (lastLineLength + suffix.length() + 2 > LINE_WIDTH) {
        sb.append(",\n").append(" ".repeat(indent)).append(suffix);
        lastLineLength = indent + suffix.length();
      } else {
        sb.append(", ").append(suffix);
        lastLineLength += suffix.length() + 2;
      }
    }
    return sb.append(')').toString();
  }

  /** Prints the elements of one non-empty tensor, reading them through its strides. */
  private static final class Printer {
    private final Tensor t;
    private final boolean summarize;
    private final ElementFormat format;

    Printer(Tensor t) {
      this.t = t;
      this.summarize = t.numel() > THRESHOLD;
      List<Double> shown = new ArrayList<>();
      collect(0, t.offset, shown);
      this.format = new ElementFormat(t.dtype(), shown);
    }

    /** The indices of dim {@code d} that are printed: all, or the edges when summarizing. */
    private int[] shownIndices(int d) {
      int n = t.shape[d];
      if (summarize && n > 2 * EDGE_ITEMS) {
        int[] idx = new int[2 * EDGE_ITEMS];
        for (int i = 0; i < EDGE_ITEMS; i++) {
          idx[i] = i;
          idx[EDGE_ITEMS + i] = n - EDGE_ITEMS + i;
        }
        return idx;
      }
      int[] idx = new int[n];
      for (int i = 0; i < n; i++) idx[i] = i;
      return idx;
    }

    private boolean elides(int d) {
      return summarize && t.shape[d] > 2 * EDGE_ITEMS;
    }

    /** The values that are printed, from which the format is chosen (as PyTorch does). */
    private void collect(int d, int at, List<Double> out) {
      if (d == t.shape.length) {
        out.add(t.storage.get(at));
        return;
      }
      for (int i : shownIndices(d)) collect(d + 1, at + i * t.strides[d], out);
    }

    String print(int indent) {
      StringBuilder sb = new StringBuilder();
      appendTensor(sb, 0, t.offset, indent);
      return sb.toString();
    }

    private void appendTensor(StringBuilder sb, int d, int at, int indent) {
      int dims = t.shape.length - d;
      if (dims == 0) {
        sb.append(format.format(t.storage.get(at)));
        return;
      }
      if (dims == 1) {
        appendVector(sb, d, at, indent);
        return;
      }
      String separator = "," + "\n".repeat(dims - 1) + " ".repeat(indent + 1);
      int[] idx = shownIndices(d);
      sb.append('[');
      for (int k = 0; k < idx.length; k++) {
        if (k > 0) sb.append(separator);
        if (elides(d) && k == EDGE_ITEMS) sb.append("...").append(separator);
        appendTensor(sb, d + 1, at + idx[k] * t.strides[d], indent + 1);
      }
      sb.append(']');
    }

    private void appendVector(StringBuilder sb, int d, int at, int indent) {
      int elementLength = format.width() + 2;
      int perLine = Math.max(1, (LINE_WIDTH - indent) / elementLength);
      List<String> items = new ArrayList<>();
      int[] idx = shownIndices(d);
      for (int k = 0; k < idx.length; k++) {
        if (elides(d) && k == EDGE_ITEMS) items.add(" ...");
        items.add(format.format(t.storage.get(at + idx[k] * t.strides[d])));
      }
      String lineBreak = ",\n" + " ".repeat(indent + 1);
      sb.append('[');
      for (int k = 0; k < items.size(); k++) {
        if (k > 0) sb.append(k % perLine == 0 ? lineBreak : ", ");
        sb.append(items.get(k));
      }
      sb.append(']');
    }
  }

  /** How every element of one tensor is formatted (PyTorch's {@code _Formatter}). */
  private static final class ElementFormat {
    private final DType dtype;
    private final boolean floating;
    private boolean intMode = true;
    private boolean sciMode = false;
    private int maxWidth = 1;

    ElementFormat(DType dtype, List<Double> values) {
      this.dtype = dtype;
      this.floating = dtype.isFloatingPoint();
      if (!floating) {
        for (double v : values) maxWidth = Math.max(maxWidth, integral(v).length());
        return;
      }
      List<Double> nonzeroFinite = new ArrayList<>();
      double min = Double.POSITIVE_INFINITY;
      double max = 0;
      for (double v : values) {
        if (v == 0 || !Double.isFinite(v)) continue;
        nonzeroFinite.add(v);
        min = Math.min(min, Math.abs(v));
        max = Math.max(max, Math.abs(v));
        if (v != Math.ceil(v)) intMode = false;
      }
      if (nonzeroFinite.isEmpty()) return;
      if (max / min > 1000.0 || max > 1.0e8 || (!intMode && min < 1.0e-4)) sciMode = true;
      for (double v : nonzeroFinite) {
        int w;
        if (sciMode) {
          w = scientific(v).length();
        } else if (intMode) {
          w = fixed(v, 0).length() + 1; // the trailing dot
        } else {
          w = fixed(v, PRECISION).length();
        }
        maxWidth = Math.max(maxWidth, w);
      }
    }

    int width() {
      return maxWidth;
    }

    String format(double v) {
      String s;
      if (!floating) {
        s = integral(v);
      } else if (sciMode) {
        s = scientific(v);
      } else if (intMode) {
        s = fixed(v, 0);
        if (Double.isFinite(v)) s += ".";
      } else {
        s = fixed(v, PRECISION);
      }
      return s.length() >= maxWidth ? s : " ".repeat(maxWidth - s.length()) + s;
    }

    private String integral(double v) {
      if (dtype == DType.BOOL) return v != 0 ? "True" : "False";
      return Long.toString((long) v);
    }
  }

  private static String nonFinite(double v) {
    if (Double.isNaN(v)) return "nan";
    return v > 0 ? "inf" : "-inf";
  }

  /** The sign of {@code v} as Python prints it, including that of -0.0. */
  private static String sign(double v) {
    return Double.doubleToRawLongBits(v) < 0 ? "-" : "";
  }

  /**
   * Python's {@code "{:.Nf}".format(v)}: the exact binary value rounded to {@code decimals} places,
   * ties to even (unlike {@link String#format}, which rounds a shorter decimal up).
   */
  static String fixed(double v, int decimals) {
    if (!Double.isFinite(v)) return nonFinite(v);
    BigDecimal rounded = new BigDecimal(Math.abs(v)).setScale(decimals, RoundingMode.HALF_EVEN);
    return sign(v) + rounded.toPlainString();
  }

  /**
   * Python's {@code "{:.4e}".format(v)}: one digit, the point, 4 decimals, then the exponent with a
   * sign and at least two digits ({@code 1.2346e-05}).
   */
  static String scientific(double v) {
    if (!Double.isFinite(v)) return nonFinite(v);
    double a = Math.abs(v);
    String digits;
    int exponent;
    if (a == 0) {
      digits = "0".repeat(PRECISION + 1);
      exponent = 0;
    } else {
      BigDecimal rounded =
          new BigDecimal(a).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
      String unscaled = rounded.unscaledValue().toString();
      exponent = unscaled.length() - 1 - rounded.scale();
      digits = (unscaled + "0".repeat(PRECISION)).substring(0, PRECISION + 1);
    }
    int e = Math.abs(exponent);
    return sign(v)
        + digits.charAt(0)
        + "."
        + digits.substring(1)
        + "e"
        + (exponent < 0 ? "-" : "+")
        + (e < 10 ? "0" : "")
        + e;
  }
}
