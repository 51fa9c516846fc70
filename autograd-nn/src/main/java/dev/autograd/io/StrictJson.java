package dev.autograd.io;

import dev.autograd.TensorException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of one JSON document (RFC 8259) in UTF-8 bytes, as a pull parser: the caller asks
 * for the value it expects next ({@link #beginObject}, {@link #readString}, ...) and the parser
 * refuses anything else with the byte position of the fault. {@link #readValue} reads any value as
 * plain Java objects.
 *
 * <p>Strict means: no comments, no trailing commas, no single quotes, no bare {@code NaN}, no
 * leading zeros, no control characters in strings, UTF-8 only (no overlong forms, no encoded
 * surrogates, nothing above U+10FFFF), and a {@code \\u} escape of a surrogate must be one of a
 * pair; duplicate keys are refused by {@link #readValue} and by the callers that read objects
 * themselves. Nesting is limited to {@value #MAX_DEPTH} levels, so a hostile document cannot
 * exhaust the stack; the document's size is the caller's limit (the bytes are given whole). Errors
 * are {@link TensorException}s whose message starts with the context given to the constructor (the
 * op and the file).
 */
final class StrictJson {
  /** The deepest nesting of objects and arrays accepted. */
  static final int MAX_DEPTH = 64;

  /** A number, kept as its literal text so that no precision is lost before its use is known. */
  record JsonNumber(String literal) {
    /** Whether the literal is an integer: no fraction and no exponent. */
    boolean isInteger() {
      return literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0;
    }
  }

  private final ByteBuffer bytes;
  private final int end;
  private final String context;
  private int pos;
  private int depth;

  /**
   * A reader of the bytes from {@code bytes}' position to its limit.
   *
   * @param context starts every message, such as {@code "SafeTensors.open: model.safetensors:
   *     header"}
   */
  StrictJson(ByteBuffer bytes, String context) {
    this.bytes = bytes;
    this.pos = bytes.position();
    this.end = bytes.limit();
    this.context = context;
  }

  /**
   * The one value that makes up {@code bytes} (JSON whitespace around it allowed), as {@link
   * #readValue} reads it.
   */
  static Object parse(ByteBuffer bytes, String context) {
    StrictJson json = new StrictJson(bytes, context);
    Object value = json.readValue();
    json.end(" \t\n\r");
    return value;
  }

  /** The position of the next byte not yet read, counted from the start of the given bytes. */
  int position() {
    return pos;
  }

  /** A failure at the current position: "context: invalid JSON at byte n: what". */
  TensorException syntaxError(String what) {
    return new TensorException(context + ": invalid JSON at byte " + pos + ": " + what);
  }

  private void skipWhitespace() {
    while (pos < end) {
      byte b = bytes.get(pos);
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') return;
      pos++;
    }
  }

  /**
   * The kind of the next value, after whitespace: <code>'&#123;'</code>, {@code '['}, {@code '"'},
   * {@code 't'} or {@code 'f'} (a boolean), {@code 'n'} (null) or {@code '0'} (a number).
   */
  char peek() {
    skipWhitespace();
    if (pos >= end) throw syntaxError("the document ends where a value was expected");
    byte b = bytes.get(pos);
    switch (b) {
      case '{':
      case '[':
      case '"':
      case 't':
      case 'f':
      case 'n':
        return (char) b;
      default:
        if (b == '-' || (b >= '0' && b <= '9')) return '0';
        throw syntaxError("unexpected " + describeByte(b) + " where a value was expected");
    }
  }

  /** "an object", "a string", ...: what a {@link #peek} result is, for messages. */
  static String kindName(char kind) {
    switch (kind) {
      case '{':
        return "an object";
      case '[':
        return "an array";
      case '"':
        return "a string";
      case 't':
      case 'f':
        return "a boolean";
      case 'n':
        return "null";
      default:
        return "a number";
    }
  }

  private static String describeByte(byte b) {
    int u = b & 0xff;
    return u >= 0x21 && u < 0x7f ? "'" + (char) u + "'" : String.format("byte 0x%02x", u);
  }

  private void expect(char c, String where) {
    skipWhitespace();
    if (pos >= end) throw syntaxError("the document ends where '" + c + "' was expected " + where);
    byte b = bytes.get(pos);
    if (b != c) throw syntaxError("expected '" + c + "' " + where + ", found " + describeByte(b));
    pos++;
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      pos--; // at the bracket that opens one level too many
      throw syntaxError("nesting deeper than " + MAX_DEPTH + " levels");
    }
  }

  /**
   * Reads <code>'&#123;'</code>; whether the object has members (if not, its <code>'&#125;'</code>
   * is read too). Members are then read as {@link #readKey} and a value, followed by {@link
   * #moreMembers}.
   */
  boolean beginObject() {
    return begin('{', '}', "an object");
  }

  /** A member's key and the colon after it. */
  String readKey() {
    if (peekByte() != '"') {
      throw syntaxError("expected a string key in an object, found " + describeNext());
    }
    String key = readString();
    expect(':', "after an object key");
    return key;
  }

  /** After a member's value: whether another follows (a comma), or the object ends here. */
  boolean moreMembers() {
    return more('}', "object");
  }

  /** Reads {@code '['}; whether the array has elements (if not, its {@code ']'} is read too). */
  boolean beginArray() {
    return begin('[', ']', "an array");
  }

  /** Reads {@code open}; whether the container has content (if not, {@code close} is read too). */
  private boolean begin(char open, char close, String what) {
    expect(open, "to begin " + what);
    enter();
    skipWhitespace();
    if (pos < end && bytes.get(pos) == close) {
      pos++;
      depth--;
      return false;
    }
    return true;
  }

  /** After an element: whether another follows (a comma), or the array ends here. */
  boolean moreElements() {
    return more(']', "array");
  }

  private boolean more(char close, String container) {
    skipWhitespace();
    if (pos >= end) throw syntaxError("the document ends inside an " + container);
    byte b = bytes.get(pos);
    if (b == ',') {
      pos++;
      return true;
    }
    if (b == close) {
      pos++;
      depth--;
      return false;
    }
    throw syntaxError(
        "expected ',' or '" + close + "' in an " + container + ", found " + describeByte(b));
  }

  private int peekByte() {
    skipWhitespace();
    return pos < end ? bytes.get(pos) : -1;
  }

  private String describeNext() {
    return pos < end ? describeByte(bytes.get(pos)) : "the end of the document";
  }

  /** A string value, its escapes decoded. */
  String readString() {
    expect('"', "to begin a string");
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= end) throw syntaxError("the document ends inside a string");
      int b = bytes.get(pos) & 0xff;
      if (b == '"') {
        pos++;
        return sb.toString();
      }
      if (b == '\\') {
        readEscape(sb);
      } else if (b < 0x20) {
        throw syntaxError(String.format("control character 0x%02x in a string", b));
      } else if (b < 0x80) {
        sb.append((char) b);
        pos++;
      } else {
        sb.appendCodePoint(readUtf8Sequence(b));
      }
    }
  }

  private void readEscape(StringBuilder sb) {
    if (pos + 1 >= end) throw syntaxError("the document ends inside an escape");
    byte e = bytes.get(pos + 1);
    switch (e) {
      case '"':
      case '\\':
      case '/':
        sb.append((char) e);
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
        char c = hexEscape(pos);
        if (Character.isLowSurrogate(c)) {
          throw syntaxError("\\u escape of a low surrogate without a high one before it");
        }
        if (Character.isHighSurrogate(c)) {
          // as in the reference implementation (serde_json): a surrogate must be one of a pair
          boolean paired =
              pos + 12 <= end
                  && bytes.get(pos + 6) == '\\'
                  && bytes.get(pos + 7) == 'u'
                  && Character.isLowSurrogate(hexEscape(pos + 6));
          if (!paired) {
            throw syntaxError("\\u escape of a high surrogate without a low one after it");
          }
          sb.append(c).append(hexEscape(pos + 6));
          pos += 12;
          return;
        }
        sb.append(c);
        pos += 6;
        return;
      default:
        throw syntaxError("invalid escape \\" + (char) (e & 0xff) + " in a string");
    }
    pos += 2;
  }

  /** The character of the escape {@code \\uXXXX} at {@code at}. */
  private char hexEscape(int at) {
    if (at + 6 > end) throw syntaxError("the document ends inside a \\u escape");
    int code = 0;
    for (int i = 2; i < 6; i++) {
      int digit = Character.digit(bytes.get(at + i), 16);
      if (digit < 0) throw syntaxError("\\u must be followed by four hexadecimal digits");
      code = code * 16 + digit;
    }
    return (char) code;
  }

  /** The code point of the UTF-8 sequence that starts with lead byte {@code b} at {@code pos}. */
  private int readUtf8Sequence(int b) {
    int length;
    int min;
    int max;
    if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      min = 0x80;
      max = 0xbf;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      min = b == 0xe0 ? 0xa0 : 0x80; // no overlong forms
      max = b == 0xed ? 0x9f : 0xbf; // no encoded surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      min = b == 0xf0 ? 0x90 : 0x80;
      max = b == 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
    } else {
      throw syntaxError(String.format("byte 0x%02x is not valid UTF-8", b));
    }
    if (pos + length > end) throw syntaxError("the document ends inside a UTF-8 sequence");
    int code = b & (0xff >> (length + 1));
    for (int i = 1; i < length; i++) {
      int c = bytes.get(pos + i) & 0xff;
      int lo = i == 1 ? min : 0x80;
      int hi = i == 1 ? max : 0xbf;
      if (c < lo || c > hi) {
        throw syntaxError(String.format("invalid UTF-8 sequence starting with byte 0x%02x", b));
      }
      code = (code << 6) | (c & 0x3f);
    }
    pos += length;
    return code;
  }

  /** A number, checked against JSON's grammar. */
  JsonNumber readNumber() {
    skipWhitespace();
    int start = pos;
    if (peekIs('-')) pos++;
    if (peekIs('0')) {
      pos++;
    } else if (!digits()) {
      throw syntaxError("expected a digit in a number, found " + describeNext());
    }
    if (peekIs('.')) {
      pos++;
      if (!digits()) throw syntaxError("expected a digit after the decimal point");
    }
    if (peekIs('e') || peekIs('E')) {
      pos++;
      if (peekIs('+') || peekIs('-')) pos++;
      if (!digits()) throw syntaxError("expected a digit in the exponent");
    }
    StringBuilder literal = new StringBuilder(pos - start);
    for (int i = start; i < pos; i++) literal.append((char) bytes.get(i));
    return new JsonNumber(literal.toString());
  }

  private boolean peekIs(char c) {
    return pos < end && bytes.get(pos) == c;
  }

  private boolean digits() {
    int start = pos;
    while (pos < end && bytes.get(pos) >= '0' && bytes.get(pos) <= '9') pos++;
    return pos > start;
  }

  private void literal(String word) {
    int start = pos;
    for (int i = 0; i < word.length(); i++) {
      if (pos >= end || bytes.get(pos) != word.charAt(i)) {
        pos = start; // the message points at the word's first byte
        throw syntaxError("invalid literal: expected '" + word + "'");
      }
      pos++;
    }
  }

  /**
   * Any value as plain Java objects: a {@link LinkedHashMap} (keys in document order; a duplicate
   * key is an error), an {@link ArrayList}, a {@link String}, a {@link JsonNumber}, a {@link
   * Boolean} or null.
   */
  Object readValue() {
    switch (peek()) {
      case '{':
        {
          Map<String, Object> object = new LinkedHashMap<>();
          if (beginObject()) {
            do {
              skipWhitespace();
              int at = pos;
              String key = readKey();
              if (object.containsKey(key)) {
                pos = at;
                throw syntaxError("duplicate key \"" + key + "\"");
              }
              object.put(key, readValue());
            } while (moreMembers());
          }
          return object;
        }
      case '[':
        {
          List<Object> array = new ArrayList<>();
          if (beginArray()) {
            do {
              array.add(readValue());
            } while (moreElements());
          }
          return array;
        }
      case '"':
        return readString();
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return null;
      default:
        return readNumber();
    }
  }

  /** Reads and drops the next value (checked like any other). */
  void skipValue() {
    readValue();
  }

  /**
   * Checks that only bytes of {@code allowed} (such as {@code " "}) follow the value read, up to
   * the end.
   */
  void end(String allowed) {
    while (pos < end) {
      byte b = bytes.get(pos);
      if (allowed.indexOf(b) < 0) {
        throw syntaxError("unexpected " + describeByte(b) + " after the end of the document");
      }
      pos++;
    }
  }
}
