package dev.autograd.io;

import dev.autograd.TensorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The header of a safetensors file, read and checked against the specification: every tensor's
 * dtype, shape and place in the data, and the {@code __metadata__} map. Nothing of the data is read
 * here.
 */
final class SafeTensorsHeader {
  /** The reference implementation's limit on the header length, in bytes. */
  static final long MAX_HEADER_LENGTH = 100_000_000;

  /** The most dims a tensor of the file may have, as in PyTorch. */
  static final int MAX_RANK = 64;

  /** One tensor of the file: offsets are relative to the start of the data, as in the header. */
  record Entry(String name, SafeTensorsDtype dtype, long[] shape, long begin, long end) {
    /** "shape [2, 3] of F32", for messages. */
    String describeType() {
      return "shape " + Arrays.toString(shape) + " of " + dtype.code();
    }

    String describeOffsets() {
      return "data_offsets [" + begin + ", " + end + "]";
    }
  }

  /** The tensors in header order. */
  final Map<String, Entry> entries;

  /** The {@code __metadata__} map, empty if the file has none; unmodifiable. */
  final Map<String, String> metadata;

  /** The file offset of the first byte of data: 8 plus the header length. */
  final long dataStart;

  private SafeTensorsHeader(Map<String, Entry> entries, Map<String, String> metadata, long start) {
    this.entries = Collections.unmodifiableMap(entries);
    this.metadata = Collections.unmodifiableMap(metadata);
    this.dataStart = start;
  }

  /**
   * Reads and checks the header of the file open in {@code channel}.
   *
   * @param where starts every message: the op and the file, "SafeTensors.open: model.safetensors"
   * @throws TensorException naming the first violation of the format found
   */
  static SafeTensorsHeader read(FileChannel channel, String where) throws IOException {
    long size = channel.size();
    if (size < 8) {
      throw new TensorException(
          where
              + ": the file has "
              + size
              + " bytes, fewer than the 8 of the header length that starts a safetensors file");
    }
    ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    while (prefix.hasRemaining()) {
      if (channel.read(prefix, prefix.position()) < 0) {
        throw new TensorException(where + ": the file ended while its header length was read");
      }
    }
    long length = prefix.getLong(0);
    // compared unsigned: a length of 2^63 or more is over the limit too
    if (Long.compareUnsigned(length, MAX_HEADER_LENGTH) > 0) {
      throw new TensorException(
          where
              + ": header length "
              + Long.toUnsignedString(length)
              + " exceeds the "
              + MAX_HEADER_LENGTH
              + "-byte limit");
    }
    if (length > size - 8) {
      throw new TensorException(
          where
              + ": header length "
              + length
              + " reaches beyond the end of the file, which has only "
              + (size - 8)
              + " bytes after the length (truncated?)");
    }
    ByteBuffer header = channel.map(FileChannel.MapMode.READ_ONLY, 8, length);
    return parse(header, size - 8 - length, 8 + length, where);
  }

  private static SafeTensorsHeader parse(
      ByteBuffer header, long dataLength, long dataStart, String where) {
    StrictJson json = new StrictJson(header, where + ": header");
    if (!header.hasRemaining()) {
      throw new TensorException(where + ": the header is empty, expected a JSON object");
    }
    char kind = json.peek();
    if (kind != '{') {
      throw new TensorException(
          where + ": the header is " + StrictJson.kindName(kind) + ", expected a JSON object");
    }
    if (json.position() != 0) {
      throw new TensorException(
          where + ": the header starts with whitespace; the format requires '{' as its first byte");
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    Map<String, String> metadata = null;
    if (json.beginObject()) {
      do {
        String name = json.readKey();
        if (name.equals("__metadata__")) {
          if (metadata != null)
            throw new TensorException(where + ": the header has __metadata__ twice");
          metadata = readMetadata(json, where);
        } else {
          if (entries.containsKey(name)) {
            throw new TensorException(
                where + ": the header names tensor '" + name + "' twice; names must be unique");
          }
          entries.put(name, readEntry(json, name, where));
        }
      } while (json.moreMembers());
    }
    json.end(" "); // the format pads the header with spaces, and allows nothing else after it
    checkLayout(entries.values(), dataLength, where);
    return new SafeTensorsHeader(entries, metadata == null ? Map.of() : metadata, dataStart);
  }

  private static Map<String, String> readMetadata(StrictJson json, String where) {
    requireKind(json, '{', where + ": __metadata__", "an object of string values");
    Map<String, String> metadata = new LinkedHashMap<>();
    if (json.beginObject()) {
      do {
        String key = json.readKey();
        requireKind(json, '"', where + ": __metadata__ value of '" + key + "'", "a string");
        if (metadata.put(key, json.readString()) != null) {
          throw new TensorException(where + ": __metadata__ has the key '" + key + "' twice");
        }
      } while (json.moreMembers());
    }
    return metadata;
  }

  private static Entry readEntry(StrictJson json, String name, String where) {
    String tensor = where + ": tensor '" + name + "'";
    requireKind(json, '{', tensor, "an object with dtype, shape and data_offsets");
    String dtypeCode = null;
    long[] shape = null;
    long[] offsets = null;
    if (json.beginObject()) {
      do {
        String key = json.readKey();
        boolean seen;
        switch (key) {
          case "dtype":
            seen = dtypeCode != null;
            requireKind(json, '"', tensor + ": dtype", "a string");
            dtypeCode = json.readString();
            break;
          case "shape":
            seen = shape != null;
            shape = readIntegers(json, tensor, "shape", MAX_RANK);
            break;
          case "data_offsets":
            seen = offsets != null;
            offsets = readIntegers(json, tensor, "data_offsets", 2);
            if (offsets.length != 2) {
              throw new TensorException(
                  tensor
                      + ": data_offsets has "
                      + offsets.length
                      + " numbers, expected 2 (begin and end)");
            }
            break;
          default:
            // other keys are not the format's; the reference implementation ignores them too
            seen = false;
            json.skipValue();
        }
        if (seen) throw new TensorException(tensor + " has " + key + " twice");
      } while (json.moreMembers());
    }
    if (dtypeCode == null) throw new TensorException(tensor + " has no dtype");
    if (shape == null) throw new TensorException(tensor + " has no shape");
    if (offsets == null) throw new TensorException(tensor + " has no data_offsets");
    SafeTensorsDtype dtype = SafeTensorsDtype.of(dtypeCode);
    if (dtype == null) {
      StringJoiner known = new StringJoiner(", ");
      for (SafeTensorsDtype t : SafeTensorsDtype.values()) known.add(t.code());
      throw new TensorException(
          tensor + " has the unknown dtype \"" + dtypeCode + "\" (the format's are " + known + ")");
    }
    return new Entry(name, dtype, shape, offsets[0], offsets[1]);
  }

  /**
   * Refuses a next value of another kind than {@code kind}: "subject is a number, expected ...".
   */
  private static void requireKind(StrictJson json, char kind, String subject, String expected) {
    char found = json.peek();
    if (found != kind) {
      throw new TensorException(
          subject + " is " + StrictJson.kindName(found) + ", expected " + expected);
    }
  }

  /** An array of at most {@code max} non-negative integers, each at most 2^63 - 1. */
  private static long[] readIntegers(StrictJson json, String tensor, String field, int max) {
    requireKind(json, '[', tensor + ": " + field, "an array of non-negative integers");
    long[] values = new long[Math.min(max + 1, 4)];
    int n = 0;
    if (json.beginArray()) {
      do {
        char k = json.peek();
        if (k != '0') {
          throw new TensorException(
              tensor + ": " + field + " holds " + StrictJson.kindName(k) + ", expected integers");
        }
        long value = nonNegativeInteger(json.readNumber(), tensor + ": " + field);
        if (n == max) {
          throw new TensorException(
              tensor + ": " + field + " has more than " + max + " numbers" + rankNote(field));
        }
        if (n == values.length) values = Arrays.copyOf(values, Math.min(max + 1, n * 2));
        values[n++] = value;
      } while (json.moreElements());
    }
    return Arrays.copyOf(values, n);
  }

  private static String rankNote(String field) {
    return field.equals("shape") ? " (a tensor has at most " + MAX_RANK + " dims)" : "";
  }

  private static long nonNegativeInteger(StrictJson.JsonNumber number, String what) {
    String literal = number.literal();
    if (!number.isInteger() || literal.startsWith("-")) {
      throw new TensorException(what + " holds " + literal + ", expected non-negative integers");
    }
    long value = 0;
    for (int i = 0; i < literal.length(); i++) {
      int digit = literal.charAt(i) - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        throw new TensorException(what + " holds " + literal + ", more than 2^63 - 1");
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /**
   * Checks that each tensor's bytes fit its shape and dtype and lie in the data, and that the
   * tensors, ordered by offset, cover the data from its first byte to the end of the file without
   * holes or overlaps. The header's own order is free, as in the reference implementation.
   */
  private static void checkLayout(Iterable<Entry> entries, long dataLength, String where) {
    List<Entry> byOffset = new ArrayList<>();
    for (Entry e : entries) {
      String tensor = where + ": tensor '" + e.name() + "'";
      if (e.begin() > e.end()) {
        throw new TensorException(
            tensor + " has " + e.describeOffsets() + ": they end before they begin");
      }
      if (e.end() > dataLength) {
        throw new TensorException(
            tensor
                + " has "
                + e.describeOffsets()
                + ", beyond the end of the data, which has "
                + dataLength
                + " bytes");
      }
      long bytes = byteCount(e, tensor);
      if (bytes != e.end() - e.begin()) {
        throw new TensorException(
            tensor
                + " has "
                + e.describeType()
                + ", "
                + bytes
                + " bytes, but its "
                + e.describeOffsets()
                + " hold "
                + (e.end() - e.begin()));
      }
      byOffset.add(e);
    }
    byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long covered = 0;
    Entry previous = null;
    for (Entry e : byOffset) {
      if (e.begin() < covered) {
        throw new TensorException(
            where
                + ": tensors '"
                + previous.name()
                + "' ("
                + previous.describeOffsets()
                + ") and '"
                + e.name()
                + "' ("
                + e.describeOffsets()
                + ") overlap");
      }
      if (e.begin() > covered) {
        throw new TensorException(
            where
                + ": bytes ["
                + covered
                + ", "
                + e.begin()
                + ") of the data belong to no tensor (a hole before tensor '"
                + e.name()
                + "')");
      }
      covered = e.end();
      previous = e;
    }
    if (covered != dataLength) {
      throw new TensorException(
          where
              + ": the data has "
              + dataLength
              + " bytes but the tensors cover only the first "
              + covered
              + "; the rest of the file belongs to no tensor");
    }
  }

  /** The element count times the element size, refused if it overflows 64 bits. */
  private static long byteCount(Entry e, String tensor) {
    try {
      long numel = 1;
      for (long d : e.shape()) {
        if (d == 0) return 0;
      }
      for (long d : e.shape()) numel = Math.multiplyExact(numel, d);
      return Math.multiplyExact(numel, (long) e.dtype().size);
    } catch (ArithmeticException overflow) {
      throw new TensorException(
          tensor + " has " + e.describeType() + ", whose byte count overflows 64 bits");
    }
  }
}
