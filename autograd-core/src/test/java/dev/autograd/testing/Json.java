package dev.autograd.testing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test data in JSON (RFC 8259), read by Jackson into plain Java values that the golden-value tests
 * take apart with the {@code as...} accessors.
 *
 * <p>Objects become {@link LinkedHashMap}s (keys in file order), arrays {@link ArrayList}s, every
 * number a {@link Double} (the golden files hold float64 values and shapes), strings {@link
 * String}s, {@code true}/{@code false} {@link Boolean}s and {@code null} null. The reader is
 * strict: duplicate keys and trailing content are errors. As an extension, the bare tokens {@code
 * NaN}, {@code Infinity} and {@code -Infinity} that Python's {@code json.dump} writes for
 * non-finite floats are read as the matching doubles.
 *
 * <pre>{@code
 * Map<String, Object> doc = Json.asObject(Json.parse("{\"a\": [1, 2.5, null]}"));
 * }</pre>
 */
public final class Json {
  private Json() {}

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /**
   * Parses one JSON value that makes up the whole of {@code text} (surrounding whitespace allowed).
   *
   * @throws IllegalArgumentException naming the offset of the first syntax error
   */
  public static Object parse(String text) {
    try {
      return plain(MAPPER.readValue(text, Object.class));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      long offset = at == null ? 0 : Math.max(0, at.getCharOffset());
      throw new IllegalArgumentException(
          "JSON: " + e.getOriginalMessage() + " at offset " + offset, e);
    }
  }

  /** Parses the UTF-8 JSON document read from {@code in} (which is closed). */
  public static Object parse(InputStream in) {
    try (InputStream s = in) {
      return parse(new String(s.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Jackson's value with every number as a Double, in mutable ordered containers. */
  private static Object plain(Object value) {
    if (value instanceof Number n) return n.doubleValue();
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put((String) k, plain(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object v : list) out.add(plain(v));
      return out;
    }
    return value;
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
}
