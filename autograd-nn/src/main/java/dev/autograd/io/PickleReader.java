package dev.autograd.io;

import dev.autograd.TensorException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * A restricted reader of Python's pickle format: it rebuilds plain data (None, booleans, integers,
 * floats, strings, bytes, tuples, lists, dicts, sets) by itself and hands everything that would run
 * code in Python (a global, a call, an object's state, a persistent id) to a {@link Resolver},
 * which decides what is allowed. Nothing is ever looked up or executed by name.
 *
 * <p>Python values become: None → null, bool → Boolean, int → Long (BigInteger past 64 bits), float
 * → Double, str → String, bytes → byte[], list → {@link ArrayList}, tuple → {@link Tuple}, dict →
 * {@link LinkedHashMap} (in the pickle's order), set → {@link LinkedHashSet}.
 *
 * <p>The reader never recurses, so nesting cannot overflow the Java stack, and every length read
 * from the input is checked against the bytes that remain before anything is allocated.
 */
final class PickleReader {

  /** Decides what the non-data opcodes produce; each method may refuse with an exception. */
  interface Resolver {
    /** A {@code GLOBAL} or {@code STACK_GLOBAL} reference, {@code module.name}. */
    Object global(String module, String name);

    /** {@code REDUCE}: {@code callable(*args)}. */
    Object call(Object callable, Tuple args);

    /** {@code NEWOBJ}: {@code cls.__new__(cls, *args)}. */
    Object newObject(Object cls, Tuple args);

    /** {@code BUILD}: sets {@code state} on {@code instance}; returns what replaces it. */
    Object build(Object instance, Object state);

    /** {@code BINPERSID}/{@code PERSID}: the object an external id stands for. */
    Object persistentLoad(Object id);
  }

  /** A Python tuple: an immutable list that may hold nulls. */
  static final class Tuple extends AbstractList<Object> implements RandomAccess {
    private final Object[] items;

    Tuple(Object... items) {
      this.items = items;
    }

    @Override
    public Object get(int index) {
      return items[index];
    }

    @Override
    public int size() {
      return items.length;
    }
  }

  private static final Object MARK_SENTINEL = new Object();

  private final byte[] data;
  private final String context;
  private final Resolver resolver;
  private final List<Object> stack = new ArrayList<>();
  private final List<Integer> marks = new ArrayList<>();
  private final Map<Long, Object> memo = new HashMap<>();
  private int pos;
  private int opcodeAt;

  private PickleReader(byte[] data, String context, Resolver resolver) {
    this.data = data;
    this.context = context;
    this.resolver = resolver;
  }

  /**
   * Reads the one object {@code data} holds.
   *
   * @param data the whole pickle
   * @param context the start of every error message, such as {@code "TorchFiles.load: m.pt:
   *     data.pkl"}
   * @param resolver what globals, calls and persistent ids become
   * @return the object
   * @throws TensorException naming the byte and the problem if the pickle is damaged, uses an
   *     opcode this reader does not allow, or {@code resolver} refuses something
   */
  static Object read(byte[] data, String context, Resolver resolver) {
    return new PickleReader(data, context, resolver).run();
  }

  /** The message prefix for a problem at the current opcode. */
  String where() {
    return context + " at byte " + opcodeAt;
  }

  private TensorException damaged(String problem) {
    return new TensorException(where() + ": " + problem);
  }

  private Object run() {
    while (true) {
      opcodeAt = pos;
      if (pos >= data.length) throw damaged("the pickle ends without a STOP opcode");
      int op = data[pos++] & 0xff;
      switch (op) {
        case 0x80: // PROTO
          {
            int protocol = u8();
            if (protocol > 5) throw damaged("pickle protocol " + protocol + " is newer than 5");
            break;
          }
        case 0x95: // FRAME: only a length hint
          bytes(8);
          break;
        case '.': // STOP
          {
            Object result = pop("STOP");
            if (!marks.isEmpty()) throw damaged("STOP inside an unclosed MARK");
            return result;
          }
        case '(': // MARK
          marks.add(stack.size());
          stack.add(MARK_SENTINEL);
          break;
        case '0': // POP
          pop("POP");
          break;
        case '1': // POP_MARK
          popMark("POP_MARK");
          break;
        case '2': // DUP
          push(peek("DUP"));
          break;
        case 'N':
          push(null);
          break;
        case 0x88:
          push(Boolean.TRUE);
          break;
        case 0x89:
          push(Boolean.FALSE);
          break;
        case 'J': // BININT
          push((long) le32());
          break;
        case 'K': // BININT1
          push((long) u8());
          break;
        case 'M': // BININT2
          push((long) (u8() | (u8() << 8)));
          break;
        case 0x8a: // LONG1
          push(littleEndianInteger(u8()));
          break;
        case 0x8b: // LONG4
          push(littleEndianInteger(length32("LONG4")));
          break;
        case 'I': // INT, text
          push(textInteger(line("INT"), true));
          break;
        case 'L': // LONG, text
          push(textInteger(line("LONG"), false));
          break;
        case 'G': // BINFLOAT, big-endian
          push(Double.longBitsToDouble(be64()));
          break;
        case 'F': // FLOAT, text
          push(textFloat(line("FLOAT")));
          break;
        case 'X': // BINUNICODE
          push(utf8(length32("BINUNICODE")));
          break;
        case 0x8c: // SHORT_BINUNICODE
          push(utf8(u8()));
          break;
        case 0x8d: // BINUNICODE8
          push(utf8(length64("BINUNICODE8")));
          break;
        case 'U': // SHORT_BINSTRING: Python 2 str, read as PyTorch does (ASCII)
          push(ascii(u8()));
          break;
        case 'T': // BINSTRING
          push(ascii(length32("BINSTRING")));
          break;
        case 'C': // SHORT_BINBYTES
          push(bytes(u8()));
          break;
        case 'B': // BINBYTES
          push(bytes(length32("BINBYTES")));
          break;
        case 0x8e: // BINBYTES8
          push(bytes(length64("BINBYTES8")));
          break;
        case 0x96: // BYTEARRAY8
          push(bytes(length64("BYTEARRAY8")));
          break;
        case ')':
          push(new Tuple());
          break;
        case 't': // TUPLE
          push(new Tuple(popMark("TUPLE").toArray()));
          break;
        case 0x85:
          {
            Object a = pop("TUPLE1");
            push(new Tuple(a));
            break;
          }
        case 0x86:
          {
            Object b = pop("TUPLE2");
            Object a = pop("TUPLE2");
            push(new Tuple(a, b));
            break;
          }
        case 0x87:
          {
            Object c = pop("TUPLE3");
            Object b = pop("TUPLE3");
            Object a = pop("TUPLE3");
            push(new Tuple(a, b, c));
            break;
          }
        case ']':
          push(new ArrayList<>());
          break;
        case 'l': // LIST
          push(new ArrayList<>(popMark("LIST")));
          break;
        case 'a': // APPEND
          {
            Object item = pop("APPEND");
            listOnTop("APPEND").add(item);
            break;
          }
        case 'e': // APPENDS
          {
            List<Object> items = popMark("APPENDS");
            listOnTop("APPENDS").addAll(items);
            break;
          }
        case '}':
          push(new LinkedHashMap<>());
          break;
        case 'd': // DICT
          {
            List<Object> items = popMark("DICT");
            Map<Object, Object> dict = new LinkedHashMap<>();
            putPairs("DICT", dict, items);
            push(dict);
            break;
          }
        case 's': // SETITEM
          {
            Object value = pop("SETITEM");
            Object key = pop("SETITEM");
            putPairs("SETITEM", dictOnTop("SETITEM"), List.of(new Tuple(key, value)));
            break;
          }
        case 'u': // SETITEMS
          {
            List<Object> items = popMark("SETITEMS");
            putPairs("SETITEMS", dictOnTop("SETITEMS"), items);
            break;
          }
        case 0x8f: // EMPTY_SET
          push(new LinkedHashSet<>());
          break;
        case 0x90: // ADDITEMS
          {
            List<Object> items = popMark("ADDITEMS");
            Object top = peek("ADDITEMS");
            if (!(top instanceof Set))
              throw damaged("ADDITEMS on " + typeName(top) + ", not a set");
            for (Object item : items) hashable("ADDITEMS", item);
            @SuppressWarnings("unchecked")
            Set<Object> set = (Set<Object>) top;
            set.addAll(items);
            break;
          }
        case 0x91: // FROZENSET
          {
            List<Object> items = popMark("FROZENSET");
            for (Object item : items) hashable("FROZENSET", item);
            push(java.util.Collections.unmodifiableSet(new LinkedHashSet<>(items)));
            break;
          }
        case 'q': // BINPUT
          memo.put((long) u8(), peek("BINPUT"));
          break;
        case 'r': // LONG_BINPUT
          memo.put(le32() & 0xffffffffL, peek("LONG_BINPUT"));
          break;
        case 0x94: // MEMOIZE
          memo.put((long) memo.size(), peek("MEMOIZE"));
          break;
        case 'p': // PUT, text
          memo.put(memoIndex(line("PUT")), peek("PUT"));
          break;
        case 'h': // BINGET
          push(memoGet((long) u8()));
          break;
        case 'j': // LONG_BINGET
          push(memoGet(le32() & 0xffffffffL));
          break;
        case 'g': // GET, text
          push(memoGet(memoIndex(line("GET"))));
          break;
        case 'c': // GLOBAL
          {
            String module = globalPart(line("GLOBAL"));
            String name = globalPart(line("GLOBAL"));
            push(resolver.global(module, name));
            break;
          }
        case 0x93: // STACK_GLOBAL
          {
            Object name = pop("STACK_GLOBAL");
            Object module = pop("STACK_GLOBAL");
            if (!(module instanceof String) || !(name instanceof String)) {
              throw damaged(
                  "STACK_GLOBAL needs two strings, got "
                      + typeName(module)
                      + " and "
                      + typeName(name));
            }
            push(resolver.global((String) module, (String) name));
            break;
          }
        case 'R': // REDUCE
          {
            Tuple args = tupleArgument("REDUCE", pop("REDUCE"));
            Object callable = pop("REDUCE");
            push(resolver.call(callable, args));
            break;
          }
        case 0x81: // NEWOBJ
          {
            Tuple args = tupleArgument("NEWOBJ", pop("NEWOBJ"));
            Object cls = pop("NEWOBJ");
            push(resolver.newObject(cls, args));
            break;
          }
        case 'b': // BUILD
          {
            Object state = pop("BUILD");
            Object instance = pop("BUILD");
            push(resolver.build(instance, state));
            break;
          }
        case 'Q': // BINPERSID
          push(resolver.persistentLoad(pop("BINPERSID")));
          break;
        case 'P': // PERSID, text
          push(resolver.persistentLoad(ascii(lineLength("PERSID"))));
          break;
        default:
          throw damaged(
              "opcode 0x"
                  + Integer.toHexString(op)
                  + opcodeName(op)
                  + " is not allowed in a weights-only load (only data, allowed globals and"
                  + " tensor storages are)");
      }
    }
  }

  private static String opcodeName(int op) {
    switch (op) {
      case 'i':
        return " (INST)";
      case 'o':
        return " (OBJ)";
      case 0x82:
      case 0x83:
      case 0x84:
        return " (EXT)";
      case 0x92:
        return " (NEWOBJ_EX)";
      case 'V':
        return " (UNICODE)";
      case 'S':
        return " (STRING)";
      case 0x97:
      case 0x98:
        return " (out-of-band buffer)";
      default:
        return "";
    }
  }

  // ---- stack ----

  private void push(Object value) {
    stack.add(value);
  }

  private Object pop(String opcode) {
    int last = stack.size() - 1;
    int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1) + 1;
    if (last < floor) throw damaged(opcode + " finds no value on the stack");
    return stack.remove(last);
  }

  private Object peek(String opcode) {
    int last = stack.size() - 1;
    int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1) + 1;
    if (last < floor) throw damaged(opcode + " finds no value on the stack");
    return stack.get(last);
  }

  private List<Object> popMark(String opcode) {
    if (marks.isEmpty()) throw damaged(opcode + " without a MARK");
    int at = marks.remove(marks.size() - 1);
    List<Object> tail = stack.subList(at + 1, stack.size());
    List<Object> items = new ArrayList<>(tail);
    stack.subList(at, stack.size()).clear();
    return items;
  }

  private List<Object> listOnTop(String opcode) {
    Object top = peek(opcode);
    if (!(top instanceof ArrayList))
      throw damaged(opcode + " on " + typeName(top) + ", not a list");
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) top;
    return list;
  }

  private Map<Object, Object> dictOnTop(String opcode) {
    Object top = peek(opcode);
    if (!(top instanceof LinkedHashMap)) {
      throw damaged(opcode + " on " + typeName(top) + ", not a dict");
    }
    @SuppressWarnings("unchecked")
    Map<Object, Object> dict = (Map<Object, Object>) top;
    return dict;
  }

  /**
   * Adds alternating keys and values ({@code items}), or key-value tuples when built by SETITEM.
   */
  private void putPairs(String opcode, Map<Object, Object> dict, List<Object> items) {
    if (items.size() == 1 && items.get(0) instanceof Tuple && opcode.equals("SETITEM")) {
      Tuple pair = (Tuple) items.get(0);
      dict.put(hashable(opcode, pair.get(0)), pair.get(1));
      return;
    }
    if (items.size() % 2 != 0) {
      throw damaged(opcode + " needs keys and values in pairs, got " + items.size() + " items");
    }
    for (int i = 0; i < items.size(); i += 2)
      dict.put(hashable(opcode, items.get(i)), items.get(i + 1));
  }

  /** Keys are limited to what a state dict or checkpoint uses, so hashing them cannot recurse. */
  private Object hashable(String opcode, Object key) {
    if (isScalar(key)) return key;
    if (key instanceof Tuple) {
      for (Object item : (Tuple) key) {
        if (!isScalar(item)) {
          throw damaged(
              opcode
                  + " with a key that is a tuple holding "
                  + typeName(item)
                  + " (only str, int, float, bool and None, or flat tuples of them, are supported)");
        }
      }
      return key;
    }
    throw damaged(
        opcode
            + " with a key of type "
            + typeName(key)
            + " (only str, int, float, bool and None, or flat tuples of them, are supported)");
  }

  private static boolean isScalar(Object v) {
    return v == null
        || v instanceof String
        || v instanceof Long
        || v instanceof BigInteger
        || v instanceof Double
        || v instanceof Boolean;
  }

  private Tuple tupleArgument(String opcode, Object args) {
    if (!(args instanceof Tuple)) {
      throw damaged(opcode + " needs a tuple of arguments, got " + typeName(args));
    }
    return (Tuple) args;
  }

  private Object memoGet(long index) {
    if (!memo.containsKey(index))
      throw damaged("memo entry " + index + " is read before it is written");
    return memo.get(index);
  }

  // ---- bytes ----

  private int u8() {
    need(1);
    return data[pos++] & 0xff;
  }

  private int le32() {
    need(4);
    int v =
        (data[pos] & 0xff)
            | (data[pos + 1] & 0xff) << 8
            | (data[pos + 2] & 0xff) << 16
            | (data[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  private long be64() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) v = v << 8 | (data[pos + i] & 0xff);
    pos += 8;
    return v;
  }

  private int length32(String opcode) {
    long n = le32() & 0xffffffffL;
    return checkedLength(opcode, n);
  }

  private int length64(String opcode) {
    need(8);
    long n = 0;
    for (int i = 7; i >= 0; i--) n = n << 8 | (data[pos + i] & 0xff);
    pos += 8;
    if (n < 0) return checkedLength(opcode, Long.MAX_VALUE);
    return checkedLength(opcode, n);
  }

  private int checkedLength(String opcode, long n) {
    if (n > data.length - pos) {
      throw damaged(
          opcode + " says " + n + " bytes follow, but only " + (data.length - pos) + " remain");
    }
    return (int) n;
  }

  private void need(int n) {
    if (data.length - pos < n) {
      throw damaged(
          "the pickle ends inside an opcode ("
              + n
              + " more bytes needed, "
              + (data.length - pos)
              + " remain)");
    }
  }

  private byte[] bytes(int n) {
    need(n);
    byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  private String utf8(int n) {
    need(n);
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(data, pos, n))
              .toString();
      pos += n;
      return s;
    } catch (CharacterCodingException e) {
      throw damaged("a string that is not valid UTF-8");
    }
  }

  private String ascii(int n) {
    need(n);
    for (int i = pos; i < pos + n; i++) {
      if (data[i] < 0) throw damaged("a byte string that is not ASCII");
    }
    String s = new String(data, pos, n, StandardCharsets.US_ASCII);
    pos += n;
    return s;
  }

  /** The length of the text up to the next newline, which is then consumed with it. */
  private int lineLength(String opcode) {
    int end = pos;
    while (end < data.length && data[end] != '\n') end++;
    if (end == data.length) throw damaged(opcode + " without the newline that ends its argument");
    return end - pos;
  }

  private String line(String opcode) {
    String s = ascii(lineLength(opcode));
    pos++; // the newline
    return s;
  }

  private String globalPart(String s) {
    if (s.isEmpty()) throw damaged("GLOBAL with an empty module or name");
    return s;
  }

  private Object littleEndianInteger(int n) {
    need(n);
    if (n == 0) {
      return 0L;
    }
    byte[] bigEndian = new byte[n];
    for (int i = 0; i < n; i++) bigEndian[i] = data[pos + n - 1 - i];
    pos += n;
    BigInteger v = new BigInteger(bigEndian);
    return v.bitLength() < 64 ? (Object) v.longValue() : v;
  }

  private Object textInteger(String s, boolean booleans) {
    if (booleans && s.equals("00")) return Boolean.FALSE;
    if (booleans && s.equals("01")) return Boolean.TRUE;
    String digits = s.endsWith("L") ? s.substring(0, s.length() - 1) : s;
    if (!digits.matches("[+-]?[0-9]{1,4000}"))
      throw damaged("an integer written as \"" + clip(s) + "\"");
    BigInteger v = new BigInteger(digits);
    return v.bitLength() < 64 ? (Object) v.longValue() : v;
  }

  private double textFloat(String s) {
    if (!s.matches("[+-]?(inf|nan|([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?)")) {
      throw damaged("a float written as \"" + clip(s) + "\"");
    }
    if (s.endsWith("inf"))
      return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    if (s.endsWith("nan")) return Double.NaN;
    return Double.parseDouble(s);
  }

  private long memoIndex(String s) {
    if (!s.matches("[0-9]{1,18}")) throw damaged("a memo index written as \"" + clip(s) + "\"");
    return Long.parseLong(s);
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  /** Python's name for the type of {@code value}, for messages. */
  static String typeName(Object value) {
    if (value == null) return "None";
    if (value instanceof Boolean) return "bool";
    if (value instanceof Long || value instanceof BigInteger) return "int";
    if (value instanceof Double) return "float";
    if (value instanceof String) return "str";
    if (value instanceof byte[]) return "bytes";
    if (value instanceof Tuple) return "tuple";
    if (value instanceof List) return "list";
    if (value instanceof Map) return "dict";
    if (value instanceof Set) return "set";
    if (value instanceof dev.autograd.Tensor) return "Tensor";
    return value.toString();
  }
}
