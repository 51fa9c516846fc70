package dev.autograd.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void readsNestedObjectsAndArraysInOrder() {
    Map<String, Object> doc =
        Json.asObject(
            Json.parse(
                " {\"name\": \"add\", \"shape\": [2, 3], \"grads\": [null, {\"data\": []}],"
                    + " \"ok\": true, \"bad\": false, \"empty\": {}} "));
    assertEquals(
        List.of("name", "shape", "grads", "ok", "bad", "empty"), List.copyOf(doc.keySet()));
    assertEquals("add", doc.get("name"));
    assertEquals(List.of(2.0, 3.0), doc.get("shape"));
    List<Object> grads = Json.asList(doc.get("grads"));
    assertNull(grads.get(0));
    assertEquals(Map.of("data", List.of()), grads.get(1));
    assertEquals(Boolean.TRUE, doc.get("ok"));
    assertEquals(Boolean.FALSE, doc.get("bad"));
    assertEquals(Map.of(), doc.get("empty"));
  }

  @Test
  void readsNumbersExactlyAsDoubles() {
    List<Object> xs =
        Json.asList(
            Json.parse("[0, -0.0, 12, -3.5, 1e3, 2E-2, -1.7557869011215055, 4.9e-324, 1.5e+2]"));
    assertEquals(
        Arrays.asList(
            0.0, -0.0, 12.0, -3.5, 1000.0, 0.02, -1.7557869011215055, Double.MIN_VALUE, 150.0),
        xs);
    assertEquals(-0.0, (double) xs.get(1)); // the sign of zero survives
    assertTrue(1 / (double) xs.get(1) < 0);
  }

  @Test
  void readsPythonsNonFiniteTokens() {
    List<Object> xs = Json.asList(Json.parse("[NaN, Infinity, -Infinity]"));
    assertTrue(Double.isNaN((Double) xs.get(0)));
    assertEquals(Double.POSITIVE_INFINITY, xs.get(1));
    assertEquals(Double.NEGATIVE_INFINITY, xs.get(2));
  }

  @Test
  void readsEscapes() {
    assertEquals(
        "a\"b\\c/d\b\f\n\r\t\u00e9\u20ac\uD83D\uDE00",
        Json.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u20AC\\ud83d\\ude00\""));
    assertEquals("input0 > 0", Json.parse("\"input0 > 0\""));
  }

  @Test
  void readsScalarsAtTopLevel() {
    assertEquals(42.0, Json.parse("42"));
    assertNull(Json.parse(" null "));
    assertEquals("", Json.parse("\"\""));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[1, 2",
        "[1 2]",
        "[1,]",
        "{\"a\" 1}",
        "{\"a\": 1,}",
        "{a: 1}",
        "{\"a\": 1, \"a\": 2}",
        "01",
        "1.",
        ".5",
        "-",
        "1e",
        "+1",
        "tru",
        "\"abc",
        "\"\\x\"",
        "\"\\u12G4\"",
        "\"tab\there\"",
        "[] []",
        "nan"
      })
  void rejectsMalformedInput(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
    assertTrue(e.getMessage().contains("at offset"), e.getMessage());
  }

  @Test
  void errorsNameTheOffset() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2, x]"));
    assertTrue(e.getMessage().startsWith("JSON: "), e.getMessage());
    assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    assertTrue(e.getMessage().endsWith(" at offset 7"), e.getMessage());
  }

  @Test
  void accessorsCheckTypes() {
    assertEquals(3, Json.asInt(3.0));
    assertEquals(-1, Json.asInt(-1.0));
    assertThrows(IllegalArgumentException.class, () -> Json.asInt(0.5));
    assertThrows(IllegalArgumentException.class, () -> Json.asDouble("1"));
    assertThrows(IllegalArgumentException.class, () -> Json.asList(Map.of()));
    assertThrows(IllegalArgumentException.class, () -> Json.asObject(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Json.asString(null));
  }
}
