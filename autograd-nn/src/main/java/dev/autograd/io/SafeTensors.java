package dev.autograd.io;

import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import dev.autograd.internal.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading and writing the safetensors format of Hugging Face (the {@code safetensors} package's
 * {@code save_file}, {@code load_file} and {@code safe_open}), the usual way to move weights
 * between PyTorch and other libraries. A file is
 *
 * <pre>
 * offset   size   field
 * 0        8      N, the header length, an unsigned little-endian integer (at most 100,000,000)
 * 8        N      the header: a UTF-8 JSON object, starting with '{', padded with spaces
 * 8+N      ...    the data: each tensor's elements, row-major, little-endian, one after another
 * </pre>
 *
 * and the header maps each tensor's name to {@code {"dtype": "F32", "shape": [8, 4],
 * "data_offsets": [begin, end]}} (offsets into the data, end exclusive), plus an optional {@code
 * "__metadata__"} object of string values.
 *
 * <pre>{@code
 * SafeTensors.save(Path.of("model.safetensors"), model.stateDict(), Map.of("format", "pt"));
 * model.loadStateDict(SafeTensors.load(Path.of("model.safetensors")), true);
 * }</pre>
 *
 * <p><b>Reading</b> refuses every violation of the format with a {@link TensorException} naming the
 * op, the file and the violation: a file shorter than 8 bytes; a header length over the limit or
 * beyond the end of the file (refused before anything is allocated); a header that is not UTF-8,
 * not valid JSON (the message gives the byte), not an object, or does not begin with <code>'&#123;'
 * </code>; anything but spaces after the object; a name that appears twice (detected in the JSON,
 * not silently overwritten); an entry that is not an object or lacks {@code dtype}, {@code shape}
 * or {@code data_offsets} or has one of the wrong type; an unknown dtype; a size that is negative,
 * not an integer, or over 2^63 - 1; more than 64 dims; a byte count (elements times the element
 * size) that overflows, or differs from {@code end - begin}; offsets that end before they begin,
 * reach past the data, overlap, or leave bytes of the data (up to the end of the file) to no
 * tensor; a {@code __metadata__} that is not an object of strings. Keys of an entry other than the
 * three are ignored, and the header's order need not be the data's, as in the reference
 * implementation.
 *
 * <p>The dtypes tensors are read as (every conversion is exact):
 *
 * <table>
 *   <caption>safetensors dtypes and the tensors read from them</caption>
 *   <tr><th>file</th><th>tensor</th></tr>
 *   <tr><td>F64</td><td>FLOAT64</td></tr>
 *   <tr><td>F32</td><td>FLOAT32</td></tr>
 *   <tr><td>F16, BF16</td><td>FLOAT32 (widened; subnormals, infinities and NaN kept)</td></tr>
 *   <tr><td>I64, U64</td><td>INT64; a value beyond ±2^53, where this library's INT64 tensors
 *     stop being exact, is refused</td></tr>
 *   <tr><td>I32, U32, I16, U16, I8, U8</td><td>INT64</td></tr>
 *   <tr><td>BOOL</td><td>BOOL; a byte other than 0 or 1 is refused</td></tr>
 *   <tr><td>F8_E5M2, F8_E4M3</td><td>not read: {@link SafeTensorsFile#get} refuses them (the
 *     file opens, and its other tensors can be read)</td></tr>
 * </table>
 *
 * <p><b>Writing</b> gives FLOAT32 tensors dtype F32, FLOAT64 F64, INT64 I64 and BOOL BOOL, each
 * with its values in row-major order (a view that is not contiguous is written as its contiguous
 * values). As the reference writer does, tensors are laid out by its order of dtypes (I64, F64,
 * F32, BOOL: decreasing alignment) and then by name (compared as UTF-8 bytes), the header lists
 * them in that order after the metadata, as compact JSON, and is padded with spaces to a multiple
 * of 8 bytes, so every tensor's data is aligned to its element size. The file is written whole or
 * not at all: to a temporary file in the same folder that is then moved over the target.
 */
public final class SafeTensors {
  private SafeTensors() {}

  /**
   * Writes {@code tensors} to {@code path} in the safetensors format, without metadata.
   *
   * @param path the file to create or replace
   * @param tensors the tensors under their names
   * @throws IOException if the file cannot be written; an existing file is then left as it was
   * @throws TensorException as {@link #save(Path, Map, Map)}
   */
  public static void save(Path path, Map<String, Tensor> tensors) throws IOException {
    save(path, tensors, Map.of());
  }

  /**
   * Writes {@code tensors} and {@code metadata} to {@code path} in the safetensors format (layout
   * and dtypes in the class description), atomically.
   *
   * @param path the file to create or replace; missing parent folders are created
   * @param tensors the tensors under their names (any order: the file's order is the format's)
   * @param metadata free-form strings for the header's {@code __metadata__}, written in the map's
   *     order; empty: none is written. PyTorch's {@code transformers} write {@code "format": "pt"}
   * @throws IOException if the file cannot be written; an existing file is then left as it was
   * @throws TensorException if an argument, a name, a tensor, a key or a value is null, a name is
   *     {@code "__metadata__"}, a string is not valid Unicode (a lone surrogate), or the header
   *     would be over the limit readers accept; nothing is written then
   */
  public static void save(Path path, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    String op = "SafeTensors.save";
    Arguments.requireNonNull(op, "path", path);
    Arguments.requireNonNull(op, "tensors", tensors);
    Arguments.requireNonNull(op, "metadata", metadata);
    List<Map.Entry<String, Tensor>> order = new ArrayList<>(tensors.entrySet());
    for (Map.Entry<String, Tensor> e : order) {
      Arguments.requireNonNull(op, "a name in tensors", e.getKey());
      Arguments.requireNonNull(op, "the tensor '" + e.getKey() + "'", e.getValue());
      if (e.getKey().equals("__metadata__")) {
        throw new TensorException(
            op + ": \"__metadata__\" cannot name a tensor: the format keeps it for the metadata");
      }
      requireUnicode(op, "the name", e.getKey());
    }
    metadata.forEach(
        (k, v) -> {
          Arguments.requireNonNull(op, "a key in metadata", k);
          Arguments.requireNonNull(op, "the metadata value of '" + k + "'", v);
          requireUnicode(op, "the metadata key", k);
          requireUnicode(op, "the metadata value of '" + k + "'", v);
        });
    order.sort(
        (a, b) -> {
          int byAlignment = typeOf(b.getValue()).compareTo(typeOf(a.getValue()));
          if (byAlignment != 0) return byAlignment;
          return Arrays.compareUnsigned(utf8(a.getKey()), utf8(b.getKey()));
        });
    byte[] header = header(order, metadata);
    if (header.length > SafeTensorsHeader.MAX_HEADER_LENGTH) {
      throw new TensorException(
          op
              + ": the header would have "
              + header.length
              + " bytes, over the "
              + SafeTensorsHeader.MAX_HEADER_LENGTH
              + "-byte limit of readers");
    }
    AtomicFiles.write(
        path,
        out -> {
          ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
          out.write(length.putLong(0, header.length).array());
          out.write(header);
          for (Map.Entry<String, Tensor> e : order) writeValues(out, e.getValue());
        });
  }

  private static SafeTensorsDtype typeOf(Tensor t) {
    return SafeTensorsDtype.writtenAs(t.dtype());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void requireUnicode(String op, String what, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
              ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(++i))
              : !Character.isLowSurrogate(c);
      if (!paired) {
        throw new TensorException(
            op + ": " + what + " \"" + s + "\" is not valid Unicode: a lone surrogate");
      }
    }
  }

  /** The header of the tensors in {@code order}: compact JSON, padded to a multiple of 8. */
  private static byte[] header(
      List<Map.Entry<String, Tensor>> order, Map<String, String> metadata) {
    StringBuilder json = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      json.append("\"__metadata__\":{");
      String comma = "";
      for (Map.Entry<String, String> m : metadata.entrySet()) {
        json.append(comma);
        appendString(json, m.getKey());
        json.append(':');
        appendString(json, m.getValue());
        comma = ",";
      }
      json.append('}');
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : order) {
      Tensor t = e.getValue();
      long bytes = (long) t.numel() * typeOf(t).size;
      if (json.length() > 1) json.append(',');
      appendString(json, e.getKey());
      json.append(":{\"dtype\":\"").append(typeOf(t).code()).append("\",\"shape\":[");
      int[] shape = t.shape();
      for (int d = 0; d < shape.length; d++) json.append(d == 0 ? "" : ",").append(shape[d]);
      json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes);
      json.append("]}");
      offset += bytes;
    }
    json.append('}');
    byte[] text = utf8(json.toString());
    byte[] padded = Arrays.copyOf(text, (text.length + 7) / 8 * 8);
    Arrays.fill(padded, text.length, padded.length, (byte) ' ');
    return padded;
  }

  /** {@code s} as a JSON string: quotes, backslashes and control characters escaped. */
  private static void appendString(StringBuilder json, String s) {
    json.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          json.append("\\\"");
          break;
        case '\\':
          json.append("\\\\");
          break;
        case '\b':
          json.append("\\b");
          break;
        case '\f':
          json.append("\\f");
          break;
        case '\n':
          json.append("\\n");
          break;
        case '\r':
          json.append("\\r");
          break;
        case '\t':
          json.append("\\t");
          break;
        default:
          if (c < 0x20) json.append(String.format("\\u%04x", (int) c));
          else json.append(c);
      }
    }
    json.append('"');
  }

  /** Elements written per step. */
  private static final int BLOCK = 1 << 14;

  /** {@code t}'s elements, row-major and little-endian, a block at a time. */
  private static void writeValues(OutputStream out, Tensor t) throws IOException {
    int n = t.numel();
    if (n == 0) return;
    Tensor values = t.detach();
    if (!values.isContiguous()) values = values.contiguous();
    Tensor flat = values.reshape(n);
    SafeTensorsDtype type = typeOf(t);
    ByteBuffer buffer =
        ByteBuffer.allocate(Math.min(n, BLOCK) * type.size).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < n; start += BLOCK) {
      Tensor part = flat.narrow(0, start, Math.min(BLOCK, n - start));
      buffer.clear();
      if (type == SafeTensorsDtype.F32) {
        for (float v : part.toFloatArray()) buffer.putFloat(v);
      } else {
        for (double v : part.toDoubleArray()) {
          if (type == SafeTensorsDtype.F64) buffer.putDouble(v);
          else if (type == SafeTensorsDtype.I64) buffer.putLong((long) v);
          else buffer.put((byte) (v != 0 ? 1 : 0));
        }
      }
      out.write(buffer.array(), 0, buffer.position());
    }
  }

  /**
   * Opens a safetensors file for reading tensors one at a time: reads and checks its header (see
   * the class description) and nothing of the data.
   *
   * @param path the file to open
   * @return the open file; close it (try-with-resources) when done
   * @throws IOException if the file cannot be opened or read
   * @throws TensorException if {@code path} is null or the header violates the format; the message
   *     names the file and the violation
   */
  public static SafeTensorsFile open(Path path) throws IOException {
    Arguments.requireNonNull("SafeTensors.open", "path", path);
    return SafeTensorsFile.open(path, "SafeTensors.open");
  }

  /**
   * Reads every tensor of a safetensors file, for {@code Module.loadStateDict}.
   *
   * @param path the file to read
   * @return a new map from name to tensor in the order of the file's header, each of the dtype the
   *     class description lists; the tensors do not require grad
   * @throws IOException if the file cannot be read
   * @throws TensorException if {@code path} is null, the file violates the format or holds a tensor
   *     this library cannot hold (see {@link SafeTensorsFile#get})
   */
  public static Map<String, Tensor> load(Path path) throws IOException {
    String op = "SafeTensors.load";
    Arguments.requireNonNull(op, "path", path);
    try (SafeTensorsFile file = SafeTensorsFile.open(path, op)) {
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (String name : file.names()) out.put(name, file.read(name, op));
      return out;
    }
  }
}
