package dev.autograd.data.io;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import java.util.Arrays;
import java.util.List;

/**
 * The cells of one {@link CsvColumns} selection, parsed as they are read, row by row, into a
 * growing array of the selection's type. An inferred type starts as INT64 and turns to FLOAT32 at
 * the first cell that is not an integer (the integers before it are exactly the floats their text
 * reads as).
 */
final class CsvCells {
  /** The largest magnitude this library's INT64 tensors hold exactly. */
  private static final long EXACT_INTEGER = 1L << 53;

  /** The most elements an array, and so a tensor, holds here. */
  private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private final String where;
  private final List<String> header;
  private final CsvColumns selection;
  private final int width;
  private final boolean vector;
  private final boolean inferred;
  private final boolean missingAsNaN;
  private DType dtype;
  private long[] longs;
  private float[] floats;
  private double[] doubles;
  private int count;

  /**
   * Cells for {@code width} columns of {@code selection}; {@code where} (the call and the file) and
   * {@code header} (null if none) are for messages.
   */
  CsvCells(
      String where, List<String> header, CsvColumns selection, int width, boolean missingAsNaN) {
    this.where = where;
    this.header = header;
    this.selection = selection;
    this.width = width;
    this.vector = selection.vector;
    this.inferred = selection.dtype == null;
    this.dtype = inferred ? DType.INT64 : selection.dtype;
    this.missingAsNaN = missingAsNaN;
    int capacity = Math.max(16, width);
    if (this.dtype == DType.INT64) longs = new long[capacity];
    else if (this.dtype == DType.FLOAT32) floats = new float[capacity];
    else doubles = new double[capacity];
  }

  /**
   * Parses and appends one cell, found on {@code line} in column {@code column} (for messages).
   *
   * @throws TensorException if the cell is not a number of the type, or is missing and may not be
   */
  void add(String cell, int line, int column) {
    if (count == MAX_ELEMENTS) {
      throw new TensorException(
          where + ": the columns " + selection + " give more elements than a tensor can hold");
    }
    String text = strip(cell);
    if (text.isEmpty()) {
      addMissing(line, column);
      return;
    }
    grow();
    if (dtype == DType.INT64) {
      long v = integer(text);
      if (v != Long.MIN_VALUE) {
        longs[count++] = v;
        return;
      }
      if (!inferred) throw bad(cell, line, column, "an integer within ±2^53");
      toFloats();
    }
    if (!isFloat(text)) {
      throw bad(cell, line, column, "a number such as 1.5, -2, 3e-4, nan or inf");
    }
    // Letters after the sign: nan or inf (isFloat checked), which Java's parsers do not take.
    int sign = text.charAt(0) == '+' || text.charAt(0) == '-' ? 1 : 0;
    if (Character.isLetter(text.charAt(sign))) {
      boolean nan = Character.toLowerCase(text.charAt(sign)) == 'n';
      double v =
          nan
              ? Double.NaN
              : text.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      if (dtype == DType.FLOAT32) floats[count++] = (float) v;
      else doubles[count++] = v;
    } else if (dtype == DType.FLOAT32) {
      floats[count++] = Float.parseFloat(text);
    } else {
      doubles[count++] = Double.parseDouble(text);
    }
  }

  /** The column for messages: "'x' (index 1)", or without a header "1". */
  private String column(int column) {
    return header == null
        ? Integer.toString(column)
        : "'" + header.get(column) + "' (index " + column + ")";
  }

  private void addMissing(int line, int column) {
    if (!missingAsNaN) {
      throw new TensorException(
          where
              + ": line "
              + line
              + ", column "
              + column(column)
              + ": the cell is empty (a missing value); read missing values of float columns as"
              + " NaN with missingAsNaN(true)");
    }
    if (dtype == DType.INT64) {
      if (!inferred) {
        throw new TensorException(
            where
                + ": line "
                + line
                + ", column "
                + column(column)
                + ": the cell is empty (a missing value), which an INT64 column cannot hold; read"
                + " the column as FLOAT32 or FLOAT64 to get NaN");
      }
      toFloats();
    }
    grow();
    if (dtype == DType.FLOAT32) floats[count++] = Float.NaN;
    else doubles[count++] = Double.NaN;
  }

  private TensorException bad(String cell, int line, int column, String expected) {
    String shown = cell.length() > 100 ? cell.substring(0, 100) + "..." : cell;
    return new TensorException(
        where
            + ": line "
            + line
            + ", column "
            + column(column)
            + ": cannot read \""
            + shown
            + "\" as "
            + (inferred ? "a number" : dtype.pytorchName())
            + ", expected "
            + expected);
  }

  /** The inferred type's switch from INT64 to FLOAT32. */
  private void toFloats() {
    floats = new float[longs.length];
    for (int i = 0; i < count; i++) floats[i] = longs[i];
    longs = null;
    dtype = DType.FLOAT32;
  }

  private void grow() {
    int capacity = longs != null ? longs.length : floats != null ? floats.length : doubles.length;
    if (count < capacity) return;
    int larger = (int) Math.min(MAX_ELEMENTS, capacity * 2L);
    if (longs != null) longs = Arrays.copyOf(longs, larger);
    else if (floats != null) floats = Arrays.copyOf(floats, larger);
    else doubles = Arrays.copyOf(doubles, larger);
  }

  /** The tensor of the cells read: {@code [rows]} for one column, else {@code [rows, width]}. */
  Tensor tensor() {
    int rows = count / width;
    int[] shape = vector ? new int[] {rows} : new int[] {rows, width};
    if (inferred && count == 0) return Tensor.zeros(DType.FLOAT32, shape);
    if (longs != null) return Tensor.of(Arrays.copyOf(longs, count), shape);
    if (floats != null) return Tensor.of(Arrays.copyOf(floats, count), shape);
    return Tensor.of(Arrays.copyOf(doubles, count), DType.FLOAT64, shape);
  }

  /** The text without the spaces around it (spaces, not tabs: a tab may be the delimiter). */
  private static String strip(String cell) {
    int from = 0;
    int to = cell.length();
    while (from < to && cell.charAt(from) == ' ') from++;
    while (to > from && cell.charAt(to - 1) == ' ') to--;
    return cell.substring(from, to);
  }

  /** The integer {@code text} is, if it is one within ±2^53; else Long.MIN_VALUE. */
  private static long integer(String text) {
    int i = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
    if (i == text.length() || text.length() - i > 16) return Long.MIN_VALUE;
    for (int j = i; j < text.length(); j++) {
      char c = text.charAt(j);
      if (c < '0' || c > '9') return Long.MIN_VALUE;
    }
    long v = Long.parseLong(text);
    return Math.abs(v) <= EXACT_INTEGER ? v : Long.MIN_VALUE;
  }

  /**
   * Whether {@code text} is a decimal number ({@code [+-]digits[.digits][e[+-]digits]}, digits on
   * at least one side of the point) or nan, inf, infinity in any case, with an optional sign.
   * Narrower than Java's own parser, which also takes hexadecimal and suffixes such as {@code 1f}.
   */
  static boolean isFloat(String text) {
    int i = 0;
    int n = text.length();
    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) i++;
    String rest = text.substring(i);
    if (rest.equalsIgnoreCase("nan")
        || rest.equalsIgnoreCase("inf")
        || rest.equalsIgnoreCase("infinity")) {
      return true;
    }
    int digits = 0;
    while (i < n && isDigit(text.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && text.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(text.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) return false;
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) i++;
      int exponentDigits = 0;
      while (i < n && isDigit(text.charAt(i))) {
        i++;
        exponentDigits++;
      }
      if (exponentDigits == 0) return false;
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
