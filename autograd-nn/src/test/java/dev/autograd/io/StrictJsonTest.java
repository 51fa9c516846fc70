package dev.autograd.io;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.autograd.TensorException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The strict JSON reader of safetensors headers, cross-checked against Jackson (configured strict:
 * duplicate keys and trailing content refused) on generated and mutated documents.
 */
class StrictJsonTest {
  private static final ObjectMapper JACKSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private static Object parse(String text) {
    return StrictJson.parse(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), "test");
  }

  private static Object parse(byte[] bytes) {
    return StrictJson.parse(ByteBuffer.wrap(bytes), "test");
  }

  /** Jackson's reading of {@code text}, or null if it refuses it. */
  private static JsonNode jackson(String text) {
    try {
      JsonNode node = JACKSON.readTree(text);
      return node.isMissingNode() ? null : node; // Jackson reads a blank text as no value
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Whether Jackson's BigDecimal cannot hold a number of {@code text} (a huge exponent). */
  private static boolean beyondBigDecimal(String text) {
    try {
      JACKSON.readTree(text);
      return false;
    } catch (JsonProcessingException e) {
      return false;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /** Whether the two readings are the same value (numbers compared exactly). */
  private static boolean same(Object ours, JsonNode theirs) {
    if (ours == null) return theirs.isNull();
    if (ours instanceof Boolean b) return theirs.isBoolean() && theirs.booleanValue() == b;
    if (ours instanceof String s) return theirs.isTextual() && theirs.textValue().equals(s);
    if (ours instanceof StrictJson.JsonNumber n) {
      return theirs.isNumber() && new BigDecimal(n.literal()).compareTo(theirs.decimalValue()) == 0;
    }
    if (ours instanceof List<?> list) {
      if (!theirs.isArray() || theirs.size() != list.size()) return false;
      for (int i = 0; i < list.size(); i++) if (!same(list.get(i), theirs.get(i))) return false;
      return true;
    }
    Map<?, ?> map = (Map<?, ?>) ours;
    if (!theirs.isObject() || theirs.size() != map.size()) return false;
    Iterator<Map.Entry<String, JsonNode>> fields = theirs.fields();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (!f.getKey().equals(e.getKey()) || !same(e.getValue(), f.getValue())) return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- generated documents

  private static final String[] WHITESPACE = {"", "", "", " ", "\n", "\t", "\r\n  "};

  private static String ws(SplittableRandom r) {
    return WHITESPACE[r.nextInt(WHITESPACE.length)];
  }

  /** A random JSON value, written with random whitespace, escapes and number forms. */
  private static String value(SplittableRandom r, int depth) {
    int kind = depth >= 6 ? 2 + r.nextInt(4) : r.nextInt(6);
    switch (kind) {
      case 0:
        {
          StringBuilder sb = new StringBuilder("{" + ws(r));
          int n = r.nextInt(5);
          List<String> keys = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            String key = string(r);
            if (keys.contains(key)) continue;
            keys.add(key);
            sb.append(keys.size() > 1 ? "," + ws(r) : "")
                .append(quote(key, r))
                .append(ws(r))
                .append(':')
                .append(ws(r))
                .append(value(r, depth + 1))
                .append(ws(r));
          }
          return sb.append('}').toString();
        }
      case 1:
        {
          StringBuilder sb = new StringBuilder("[" + ws(r));
          int n = r.nextInt(5);
          for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," + ws(r) : "").append(value(r, depth + 1)).append(ws(r));
          }
          return sb.append(']').toString();
        }
      case 2:
        return quote(string(r), r);
      case 3:
        return number(r);
      case 4:
        return r.nextBoolean() ? "true" : "false";
      default:
        return "null";
    }
  }

  private static final String ALPHABET = "ab_.0 \"\\/\b\f\n\r\t\u0001\u001f\u007fé漢😀";

  private static String string(SplittableRandom r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      int cp = ALPHABET.codePoints().toArray()[r.nextInt((int) ALPHABET.codePoints().count())];
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  /** {@code s} as a JSON string, each character written raw or as an escape at random. */
  private static String quote(String s, SplittableRandom r) {
    StringBuilder sb = new StringBuilder("\"");
    boolean escapeLowSurrogate = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean mustEscape = c == '"' || c == '\\' || c < 0x20;
      // a pair is escaped whole or not at all
      boolean escape =
          Character.isLowSurrogate(c) ? escapeLowSurrogate : mustEscape || r.nextInt(4) == 0;
      escapeLowSurrogate = Character.isHighSurrogate(c) && escape;
      if (escape) {
        String shortForm =
            switch (c) {
              case '"' -> "\\\"";
              case '\\' -> "\\\\";
              case '\n' -> "\\n";
              case '\t' -> "\\t";
              case '\r' -> "\\r";
              case '\b' -> "\\b";
              case '\f' -> "\\f";
              case '/' -> "\\/";
              default -> null;
            };
        sb.append(
            shortForm != null && r.nextBoolean()
                ? shortForm
                : String.format(r.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  private static String number(SplittableRandom r) {
    StringBuilder sb = new StringBuilder();
    if (r.nextBoolean()) sb.append('-');
    sb.append(r.nextInt(3) == 0 ? "0" : Long.toString(1 + r.nextLong(Long.MAX_VALUE)));
    if (r.nextInt(3) == 0) sb.append(".").append(r.nextInt(100000));
    if (r.nextInt(4) == 0) {
      sb.append(r.nextBoolean() ? "e" : "E").append(new String[] {"", "+", "-"}[r.nextInt(3)]);
      sb.append(r.nextInt(300));
    }
    return sb.toString();
  }

  @Test
  void generatedDocumentsReadAsJacksonReadsThem() {
    SplittableRandom random = new SplittableRandom(8259);
    for (int i = 0; i < 3000; i++) {
      String doc = ws(random) + value(random, 0) + ws(random);
      JsonNode theirs = jackson(doc);
      if (theirs == null) fail("Jackson refuses a generated document: " + doc);
      Object ours;
      try {
        ours = parse(doc);
      } catch (TensorException e) {
        throw new AssertionError("refused " + doc + ": " + e.getMessage(), e);
      }
      assertTrue(same(ours, theirs), "document " + doc + " read as " + ours);
    }
  }

  private static final String MUTATIONS = "{}[],:\"\\ 0123456789-+.eEtrunlfas\u0001x";

  @Test
  void mutatedDocumentsAreAcceptedAndRefusedAsByJackson() {
    SplittableRandom random = new SplittableRandom(1705);
    int refused = 0;
    for (int i = 0; i < 5000; i++) {
      StringBuilder doc = new StringBuilder(value(random, 0));
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(doc.length() + 1);
        char c = MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
        switch (random.nextInt(3)) {
          case 0 -> doc.insert(at, c);
          case 1 -> {
            if (at < doc.length()) doc.deleteCharAt(at);
          }
          default -> {
            if (at < doc.length()) doc.setCharAt(at, c);
          }
        }
      }
      String text = doc.toString();
      // a lone surrogate left by a mutation inside 😀 cannot be encoded: not a UTF-8 document
      if (!StandardCharsets.UTF_8.newEncoder().canEncode(text) || beyondBigDecimal(text)) continue;
      JsonNode theirs = jackson(text);
      Object ours;
      try {
        ours = parse(text);
      } catch (TensorException e) {
        // Jackson takes a lone low surrogate escape; the reference reader (serde_json) does not
        boolean loneSurrogate = e.getMessage().contains("surrogate");
        if (theirs != null && !loneSurrogate)
          fail("refused what Jackson accepts: " + text + ": " + e.getMessage());
        refused++;
        continue;
      } catch (RuntimeException e) {
        throw new AssertionError("a raw " + e + " for " + text, e);
      }
      if (theirs == null) fail("accepted what Jackson refuses: " + text);
      assertTrue(same(ours, theirs), "document " + text + " read as " + ours);
    }
    assertTrue(refused > 1000, "only " + refused + " mutated documents refused");
  }

  // ---------------------------------------------------------------- what Jackson is not asked

  @Test
  void invalidUtf8IsRefused() {
    byte[][] invalid = {
      {'"', (byte) 0x80, '"'}, // a continuation byte alone
      {'"', (byte) 0xc0, (byte) 0xaf, '"'}, // overlong '/'
      {'"', (byte) 0xe0, (byte) 0x80, (byte) 0xaf, '"'}, // overlong, 3 bytes
      {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}, // an encoded surrogate
      {'"', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // above U+10FFFF
      {'"', (byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'},
      {'"', (byte) 0xc3, '"'}, // a sequence cut short
      {'"', (byte) 0xe6, (byte) 0xbc}, // the document ends inside it
    };
    for (byte[] b : invalid) assertMessage(() -> parse(b), "test: invalid JSON at byte 1");
  }

  @Test
  void validUtf8OfEveryLengthIsDecoded() {
    String s = "a\u00e9\u6f22\ud83d\ude00\u007f\uffff\udbff\udfff";
    assertEquals(s, parse("\"" + s + "\""));
  }

  @Test
  void surrogateEscapesMustBePairs() {
    assertEquals("\ud83d\ude00", parse("\"\\ud83d\\uDE00\""));
    assertMessage(
        () -> parse("\"\\ud83d\""), "byte 1: \\u escape of a high surrogate without a low");
    assertMessage(() -> parse("\"\\ud83d\\u0041\""), "high surrogate without a low");
    assertMessage(() -> parse("\"a\\ude00\""), "byte 2: \\u escape of a low surrogate");
  }

  @Test
  void duplicateKeysAreRefusedWithTheirPosition() {
    assertMessage(() -> parse("{\"a\":1, \"a\":2}"), "invalid JSON at byte 8: duplicate key \"a\"");
  }

  @Test
  void nestingIsLimited() {
    String ok = "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH);
    parse(ok);
    String deep = "[".repeat(StrictJson.MAX_DEPTH + 1) + "]".repeat(StrictJson.MAX_DEPTH + 1);
    assertMessage(() -> parse(deep), "invalid JSON at byte 64: nesting deeper than 64 levels");
    String hostile = "{\"a\":".repeat(100_000);
    assertMessage(() -> parse(hostile), "nesting deeper than 64 levels");
  }

  @Test
  void nonStandardFormsAreRefused() {
    for (String doc :
        new String[] {
          "NaN",
          "Infinity",
          "01",
          "+1",
          ".5",
          "1.",
          "1e",
          "[1,]",
          "{\"a\":1,}",
          "'a'",
          "[1 2]",
          "// c\n1",
          "\"\\x41\"",
          "\"\\u12\"",
          "tru",
          "nulls",
          "",
          " ",
          "{\"a\"}",
          "\"a"
        }) {
      try {
        parse(doc);
        fail("accepted " + doc);
      } catch (TensorException expected) {
        assertTrue(expected.getMessage().startsWith("test: invalid JSON at byte "), doc);
      }
    }
  }

  @Test
  void valuesReadAsPlainJavaObjects() {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("b", List.of(Boolean.TRUE, Boolean.FALSE));
    expected.put("a", "x");
    expected.put("n", new StrictJson.JsonNumber("-1.5e3"));
    List<Object> withNull = new ArrayList<>();
    withNull.add(null);
    expected.put("z", withNull);
    assertEquals(expected, parse("{\"b\":[true,false],\"a\":\"x\",\"n\":-1.5e3,\"z\":[null]}"));
  }
}
