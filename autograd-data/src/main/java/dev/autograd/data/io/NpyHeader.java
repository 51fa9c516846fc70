package dev.autograd.data.io;

import dev.autograd.TensorException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a {@code .npy} array: the Python dict literal NumPy writes, such as {@code
 * {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}, read by a small parser of exactly
 * that grammar (strings, {@code True}/{@code False}, tuples of integers) and nothing else: no
 * evaluation.
 */
final class NpyHeader {
  /** The element type, as NumPy's descr names it, such as {@code <f4}. */
  final NpyDtype dtype;

  /** Whether the data are in column-major order. */
  final boolean fortranOrder;

  /** The sizes, each in [0, 2^31 - 1]. */
  final int[] shape;

  /** The number of elements: the product of the sizes, at most 2^31 - 1. */
  final int numel;

  /** NumPy's own limit on dims (NPY_MAXDIMS of NumPy 2). */
  static final int MAX_DIMS = 64;

  NpyHeader(NpyDtype dtype, boolean fortranOrder, int[] shape) {
    this.dtype = dtype;
    this.fortranOrder = fortranOrder;
    this.shape = shape;
    long n = 1;
    for (int s : shape) n *= s;
    this.numel = (int) n;
  }

  /** The number of data bytes the header declares. */
  long dataBytes() {
    return (long) numel * dtype.size;
  }

  /**
   * The dict as NumPy writes it (keys sorted, Python's repr of each value, a trailing {@code ",
   * "}), without the padding.
   */
  String format() {
    StringBuilder s = new StringBuilder("{'descr': '").append(dtype.descr).append("', ");
    s.append("'fortran_order': ").append(fortranOrder ? "True" : "False").append(", ");
    s.append("'shape': ").append(pythonTuple(shape)).append(", }");
    return s.toString();
  }

  /** Python's repr of a tuple of ints: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
  static String pythonTuple(int[] shape) {
    return format(Arrays.stream(shape).asLongStream().toArray());
  }

  private static String format(long[] shape) {
    StringBuilder s = new StringBuilder("(");
    for (int d = 0; d < shape.length; d++) {
      if (d > 0) s.append(", ");
      s.append(shape[d]);
    }
    return s.append(shape.length == 1 ? ",)" : ")").toString();
  }

  /**
   * Parses a header's text; {@code where} (the call and the file) starts every message.
   *
   * @throws TensorException if the text is not a dict of exactly the keys {@code descr}, {@code
   *     fortran_order} and {@code shape} with values of their types, or declares an array this
   *     library cannot hold
   */
  static NpyHeader parse(String text, String where) {
    Map<String, Object> dict = new Parser(text, where).dict();
    for (String key : dict.keySet()) {
      if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
        throw new TensorException(
            where
                + ": the header has a key '"
                + key
                + "'; a .npy header has exactly 'descr', 'fortran_order' and 'shape'");
      }
    }
    for (String key : List.of("descr", "fortran_order", "shape")) {
      if (!dict.containsKey(key)) {
        throw new TensorException(
            where + ": the header has no '" + key + "' (header: " + quoted(text) + ")");
      }
    }
    Object descr = dict.get("descr");
    if (!(descr instanceof String)) {
      throw new TensorException(
          where + ": 'descr' should be a string such as '<f4', got " + typeName(descr));
    }
    Object fortran = dict.get("fortran_order");
    if (!(fortran instanceof Boolean)) {
      throw new TensorException(
          where + ": 'fortran_order' should be True or False, got " + typeName(fortran));
    }
    Object shapeValue = dict.get("shape");
    if (!(shapeValue instanceof long[])) {
      throw new TensorException(
          where + ": 'shape' should be a tuple of integers, got " + typeName(shapeValue));
    }
    long[] sizes = (long[]) shapeValue;
    NpyDtype dtype = NpyDtype.parse((String) descr, where);
    return new NpyHeader(dtype, (Boolean) fortran, checkedShape(sizes, where));
  }

  private static int[] checkedShape(long[] sizes, String where) {
    if (sizes.length > MAX_DIMS) {
      throw new TensorException(
          where + ": the shape has " + sizes.length + " dims, more than the " + MAX_DIMS + " read");
    }
    int[] shape = new int[sizes.length];
    long numel = 1;
    boolean empty = false;
    for (int d = 0; d < sizes.length; d++) {
      long s = sizes[d];
      if (s < 0) {
        throw new TensorException(
            where + ": the shape " + format(sizes) + " has a negative size at dim " + d);
      }
      if (s > Integer.MAX_VALUE) {
        throw new TensorException(
            where
                + ": the shape "
                + format(sizes)
                + " has a size over 2147483647 at dim "
                + d
                + ", more than a tensor can hold");
      }
      shape[d] = (int) s;
      if (s == 0) empty = true;
      // Saturates instead of overflowing: a product over the limit is refused either way.
      numel = numel > Integer.MAX_VALUE ? numel : numel * s;
    }
    if (!empty && numel > Integer.MAX_VALUE) {
      throw new TensorException(
          where
              + ": the shape "
              + format(sizes)
              + " has more than the 2147483647 elements a tensor can hold");
    }
    return shape;
  }

  private static String typeName(Object value) {
    if (value instanceof String) return "the string '" + value + "'";
    if (value instanceof Boolean) return (Boolean) value ? "True" : "False";
    if (value instanceof long[]) return "the tuple " + format((long[]) value);
    return String.valueOf(value);
  }

  /** {@code text} for a message: quoted, with its padding trimmed and at most 200 characters. */
  static String quoted(String text) {
    String t = text.strip();
    if (t.length() > 200) t = t.substring(0, 200) + "...";
    return "\"" + t + "\"";
  }

  /** A recursive-descent parser of the dict literal; {@link #pos} is the next character. */
  private static final class Parser {
    private final String text;
    private final String where;
    private int pos;

    Parser(String text, String where) {
      this.text = text;
      this.where = where;
    }

    Map<String, Object> dict() {
      skipSpace();
      expect('{', "the dict's opening '{'");
      Map<String, Object> out = new LinkedHashMap<>();
      skipSpace();
      while (peek() != '}') {
        int keyAt = pos;
        if (peek() != '\'' && peek() != '"') fail("a key (a quoted string)");
        String key = string();
        skipSpace();
        expect(':', "':' after the key '" + key + "'");
        skipSpace();
        Object value = value();
        if (out.put(key, value) != null) {
          throw new TensorException(
              where + ": the header has the key '" + key + "' twice (at character " + keyAt + ")");
        }
        skipSpace();
        if (peek() == ',') {
          pos++;
          skipSpace();
        } else if (peek() != '}') {
          fail("',' or '}' after the value of '" + key + "'");
        }
      }
      pos++;
      skipSpace();
      if (pos < text.length()) fail("nothing but spaces after the dict");
      return out;
    }

    private Object value() {
      char c = peek();
      if (c == '\'' || c == '"') return string();
      if (c == '(') return tuple();
      if (text.startsWith("True", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (text.startsWith("False", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      if (c == '[') {
        fail(
            "a string, True, False or a tuple (a list as 'descr' is a structured dtype, not read)");
      }
      fail("a string, True, False or a tuple");
      return null;
    }

    private String string() {
      char quote = text.charAt(pos++);
      int start = pos;
      while (pos < text.length() && text.charAt(pos) != quote) {
        if (text.charAt(pos) == '\\') fail("a string without escapes");
        pos++;
      }
      if (pos == text.length()) {
        pos = start - 1;
        fail("a string closed by " + quote);
      }
      return text.substring(start, pos++);
    }

    private long[] tuple() {
      pos++;
      List<Long> sizes = new ArrayList<>();
      skipSpace();
      boolean comma = false;
      while (peek() != ')') {
        sizes.add(integer());
        skipSpace();
        comma = peek() == ',';
        if (comma) {
          pos++;
          skipSpace();
        } else if (peek() != ')') {
          fail("',' or ')' in the shape");
        }
      }
      if (sizes.size() == 1 && !comma) {
        fail("a tuple: one size in parentheses needs a trailing comma, as Python writes (3,)");
      }
      pos++;
      long[] out = new long[sizes.size()];
      for (int i = 0; i < out.length; i++) out[i] = sizes.get(i);
      return out;
    }

    private long integer() {
      int start = pos;
      if (peek() == '-' || peek() == '+') pos++;
      int digits = pos;
      while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') pos++;
      if (pos == digits || pos - digits > 18) {
        pos = start;
        fail("an integer of at most 18 digits");
      }
      long value = Long.parseLong(text.substring(start, pos));
      // Python 2 wrote longs as 3L; NumPy still reads such headers of format versions 1 and 2.
      if (peek() == 'L') pos++;
      return value;
    }

    private char peek() {
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
      while (pos < text.length() && " \t\n\r".indexOf(text.charAt(pos)) >= 0) pos++;
    }

    private void expect(char c, String what) {
      if (peek() != c) fail(what);
      pos++;
    }

    private void fail(String expected) {
      String found =
          pos < text.length()
              ? "'" + text.charAt(pos) + "' at character " + pos
              : "the end of the header";
      throw new TensorException(
          where
              + ": cannot parse the header "
              + quoted(text)
              + ": expected "
              + expected
              + ", found "
              + found);
    }
  }
}
