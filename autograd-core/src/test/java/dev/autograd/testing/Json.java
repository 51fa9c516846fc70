package dev.autograd.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small recursive-descent JSON reader for test data (RFC 8259).
 *
 * <p>Objects become {@link LinkedHashMap}s (keys in file order), arrays {@link ArrayList}s, numbers
 * {@link Double}s, strings {@link String}s, {@code true}/{@code false} {@link Boolean}s and {@code
 * null} null. As an extension, the bare tokens {@code NaN}, {@code Infinity} and {@code -Infinity}
 * that Python's {@code json.dump} writes for non-finite floats are read as the matching doubles.
 *
 * <pre>{@code
 * Map<String, Object> doc = Json.asObject(Json.parse("{\"a\": [1, 2.5, null]}"));
 * }</pre>
 */
public final class Json {
  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  /**
   * Parses one JSON value that makes up the whole of {@code text} (surrounding whitespace allowed).
   *
   * @throws IllegalArgumentException naming the offset of the first syntax error
   */
  public static Object parse(String text) {
    Json p = new Json(text);
    p.skipWhitespace();
    Object value = p.value();
    p.skipWhitespace();
    if (p.pos != text.length()) throw p.error("unexpected trailing content");
    return value;
  }

  /** Parses the UTF-8 JSON document read from {@code in} (which is closed). */
  public static Object parse(InputStream in) {
    try (InputStream s = in) {
      return parse(new String(s.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code value} as a JSON object, or an exception saying what it was instead. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> asObject(Object value) {
    if (value instanceof Map) return (Map<String, Object>) value;
    throw new IllegalArgumentException("expected a JSON object, got " + describe(value));
  }

  /** {@code value} as a JSON array, or an exception saying what it was instead. */
  @SuppressWarnings("unchecked")
  public static List<Object> asList(Object value) {
    if (value instanceof List) return (List<Object>) value;
    throw new IllegalArgumentException("expected a JSON array, got " + describe(value));
  }

  /** {@code value} as a JSON number, or an exception saying what it was instead. */
  public static double asDouble(Object value) {
    if (value instanceof Double) return (Double) value;
    throw new IllegalArgumentException("expected a JSON number, got " + describe(value));
  }

  /**
   * {@code value} as an int: a JSON number without a fractional part, within int range.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static int asInt(Object value) {
    double d = asDouble(value);
    if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("expected an integer, got " + d);
    }
    return (int) d;
  }

  /** {@code value} as a JSON string, or an exception saying what it was instead. */
  public static String asString(Object value) {
    if (value instanceof String) return (String) value;
    throw new IllegalArgumentException("expected a JSON string, got " + describe(value));
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
  }

  // ---------------------------------------------------------------- grammar

  private Object value() {
    if (pos >= text.length()) throw error("unexpected end of input, expected a value");
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        expectWord("true");
        return Boolean.TRUE;
      case 'f':
        expectWord("false");
        return Boolean.FALSE;
      case 'n':
        expectWord("null");
        return null;
      case 'N':
        expectWord("NaN");
        return Double.NaN;
      case 'I':
        expectWord("Infinity");
        return Double.POSITIVE_INFINITY;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        throw error("unexpected character '" + c + "'");
    }
  }

  private Map<String, Object> object() {
    Map<String, Object> map = new LinkedHashMap<>();
    pos++; // '{'
    skipWhitespace();
    if (peek('}')) {
      pos++;
      return map;
    }
    while (true) {
      skipWhitespace();
      if (!peek('"')) throw error("expected a string key");
      int keyAt = pos;
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object v = value();
      if (map.containsKey(key)) {
        pos = keyAt;
        throw error("duplicate key \"" + key + "\"");
      }
      map.put(key, v);
      skipWhitespace();
      if (peek(',')) {
        pos++;
      } else if (peek('}')) {
        pos++;
        return map;
      } else {
        throw error("expected ',' or '}' in object");
      }
    }
  }

  private List<Object> array() {
    List<Object> list = new ArrayList<>();
    pos++; // '['
    skipWhitespace();
    if (peek(']')) {
      pos++;
      return list;
    }
    while (true) {
      skipWhitespace();
      list.add(value());
      skipWhitespace();
      if (peek(',')) {
        pos++;
      } else if (peek(']')) {
        pos++;
        return list;
      } else {
        throw error("expected ',' or ']' in array");
      }
    }
  }

  private String string() {
    pos++; // opening quote
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) throw error("unterminated string");
      char c = text.charAt(pos++);
      if (c == '"') return sb.toString();
      if (c < 0x20) {
        pos--;
        throw error("unescaped control character in string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) throw error("unterminated escape");
      char e = text.charAt(pos++);
      switch (e) {
        case '"':
        case '\\':
        case '/':
          sb.append(e);
          break;
        case 'b':
          sb.append('\b');
          break;
        case 'f':
          sb.append('\f');
          break;
        case 'n':
          sb.append('\n');
          break;
        case 'r':
          sb.append('\r');
          break;
        case 't':
          sb.append('\t');
          break;
        case 'u':
          if (pos + 4 > text.length()) throw error("truncated \\u escape");
          int code = 0;
          for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) throw error("invalid hex digit in \\u escape");
            code = code * 16 + digit;
          }
          pos += 4;
          // NOTE: a surrogate pair arrives as two escapes; appending both chars joins them.
          sb.append((char) code);
          break;
        default:
          pos--;
          throw error("invalid escape '\\" + e + "'");
      }
    }
  }

  private Double number() {
    int start = pos;
    if (peek('-')) {
      pos++;
      if (text.startsWith("Infinity", pos)) {
        pos += "Infinity".length();
        return Double.NEGATIVE_INFINITY;
      }
    }
    if (peek('0')) {
      pos++;
    } else if (digitsFollow()) {
      skipDigits();
    } else {
      throw error("expected a digit");
    }
    if (peek('.')) {
      pos++;
      if (!digitsFollow()) throw error("expected a digit after '.'");
      skipDigits();
    }
    if (peek('e') || peek('E')) {
      pos++;
      if (peek('+') || peek('-')) pos++;
      if (!digitsFollow()) throw error("expected a digit in the exponent");
      skipDigits();
    }
    return Double.parseDouble(text.substring(start, pos));
  }

  // ---------------------------------------------------------------- lexing helpers

  private boolean digitsFollow() {
    return pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9';
  }

  private void skipDigits() {
    while (digitsFollow()) pos++;
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void expect(char c) {
    if (!peek(c)) throw error("expected '" + c + "'");
    pos++;
  }

  private void expectWord(String word) {
    if (!text.startsWith(word, pos)) throw error("expected '" + word + "'");
    pos += word.length();
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      pos++;
    }
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException("JSON: " + message + " at offset " + pos);
  }
}
