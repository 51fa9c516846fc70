package dev.autograd.nn;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The file format of {@link Module#save(Path)}: named tensors in one binary file, big-endian.
 *
 * <pre>
 * offset  size     field
 * 0       4        magic: the ASCII bytes "AGSD"
 * 4       4        format version: 1
 * 8       8        total file length in bytes, checksum included
 * 16      4        number of tensors n
 * then n times:
 *         4        name length k in bytes
 *         k        name, UTF-8 (a dotted parameter name such as "0.weight")
 *         1        dtype: 1 = float32, 2 = float64, 3 = int64, 4 = bool
 *         4        rank r
 *         4 r      sizes
 *         ...      elements in row-major order: 4 bytes each for float32, 8 for float64 and
 *                  int64, 1 for bool
 * end-8   8        CRC-32 of every byte before it
 * </pre>
 *
 * <p>Writing goes to a temporary file in the same folder, flushed to disk, then moved over the
 * target in one step, so a crash leaves either the old file or the new one, never half of one.
 * Reading checks the magic, version, length and checksum before it decodes anything, so a truncated
 * or damaged file is refused with a message that says so rather than loaded as wrong numbers.
 *
 * <pre>{@code
 * StateDictFile.write(Path.of("model.agsd"), model.stateDict());
 * Map<String, Tensor> state = StateDictFile.read(Path.of("model.agsd")); // same names, same order
 * }</pre>
 *
 * <p>Most code calls {@link Module#save(Path)} and {@link Module#load(Path)} instead; this class is
 * for tools that read or write the files without a model.
 */
public final class StateDictFile {
  private static final byte[] MAGIC = "AGSD".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int HEADER = 4 + 4 + 8 + 4;
  private static final int MAX_RANK = 64;

  private StateDictFile() {}

  /**
   * Writes {@code tensors} to {@code path} atomically (see the class description); missing parent
   * folders are created. Each tensor's values are written in its own dtype.
   *
   * @param path the file to write; an existing file is replaced
   * @param tensors the tensors under their names, written in the map's iteration order
   * @throws IOException if the file cannot be written; an existing file is then left as it was
   */
  public static void write(Path path, Map<String, Tensor> tensors) throws IOException {
    byte[] bytes = encode(tensors);
    AtomicFiles.write(path, out -> out.write(bytes));
  }

  static byte[] encode(Map<String, Tensor> tensors) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      out.writeInt(VERSION);
      out.writeLong(0); // total length, patched below
      out.writeInt(tensors.size());
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
        Tensor t = e.getValue();
        out.writeInt(name.length);
        out.write(name);
        out.writeByte(code(t.dtype()));
        int[] shape = t.shape();
        out.writeInt(shape.length);
        for (int s : shape) out.writeInt(s);
        switch (t.dtype()) {
          case FLOAT32:
            for (float v : t.toFloatArray()) out.writeFloat(v);
            break;
          case FLOAT64:
            for (double v : t.toDoubleArray()) out.writeDouble(v);
            break;
          case INT64:
            for (double v : t.toDoubleArray()) out.writeLong((long) v);
            break;
          default:
            for (double v : t.toDoubleArray()) out.writeByte(v != 0 ? 1 : 0);
        }
      }
      out.flush();
      byte[] body = bytes.toByteArray();
      long total = body.length + 8L;
      ByteBuffer.wrap(body, 8, 8).putLong(total);
      CRC32 crc = new CRC32();
      crc.update(body);
      ByteBuffer result = ByteBuffer.allocate(body.length + 8);
      result.put(body).putLong(crc.getValue());
      return result.array();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
  }

  /**
   * Reads the tensors of a file written by {@link #write}, in their saved order.
   *
   * @param path the file to read
   * @return a new map from name to tensor, in the order they were written; the tensors do not
   *     require grad
   * @throws IOException if the file cannot be read
   * @throws TensorException if the file is not in this format, is truncated, fails its checksum, or
   *     is malformed; the message names the problem (and the tensor, where one is at fault)
   */
  public static Map<String, Tensor> read(Path path) throws IOException {
    return decode(Files.readAllBytes(path), path.toString());
  }

  static Map<String, Tensor> decode(byte[] bytes, String source) {
    if (bytes.length < HEADER + 8) {
      throw new TensorException(
          "load: " + source + " is truncated or not a state dict file: " + bytes.length + " bytes");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new TensorException(
            "load: " + source + " is not a state dict file (bad magic header)");
      }
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    in.position(4);
    int version = in.getInt();
    if (version != VERSION) {
      throw new TensorException(
          "load: "
              + source
              + " has format version "
              + version
              + "; this library reads version "
              + VERSION);
    }
    long total = in.getLong();
    if (total != bytes.length) {
      throw new TensorException(
          "load: "
              + source
              + (total > bytes.length ? " is truncated" : " has trailing bytes")
              + ": the header says "
              + total
              + " bytes but the file has "
              + bytes.length);
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    long stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
    if (stored != crc.getValue()) {
      throw new TensorException(
          "load: " + source + " is corrupted: its checksum does not match its contents");
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    in.limit(bytes.length - 8);
    String current = "(header)";
    try {
      int count = in.getInt();
      for (int i = 0; i < count; i++) {
        int nameLength = in.getInt();
        if (nameLength < 0 || nameLength > in.remaining()) throw new BufferUnderflowException();
        byte[] name = new byte[nameLength];
        in.get(name);
        current = new String(name, StandardCharsets.UTF_8);
        DType dtype = dtype(in.get(), current, source);
        int rank = in.getInt();
        if (rank < 0 || rank > MAX_RANK) {
          throw new TensorException(
              "load: " + source + ": tensor '" + current + "' has an invalid rank " + rank);
        }
        int[] shape = new int[rank];
        long numel = 1;
        for (int d = 0; d < rank; d++) {
          shape[d] = in.getInt();
          if (shape[d] < 0) {
            throw new TensorException(
                "load: " + source + ": tensor '" + current + "' has a negative size");
          }
          numel *= shape[d];
        }
        long width = dtype == DType.FLOAT32 ? 4 : dtype == DType.BOOL ? 1 : 8;
        if (numel * width > in.remaining()) throw new BufferUnderflowException();
        double[] values = new double[(int) numel];
        for (int k = 0; k < values.length; k++) {
          switch (dtype) {
            case FLOAT32:
              values[k] = in.getFloat();
              break;
            case FLOAT64:
              values[k] = in.getDouble();
              break;
            case INT64:
              values[k] = in.getLong();
              break;
            default:
              values[k] = in.get();
          }
        }
        Tensor t = rank == 0 ? Tensor.scalar(values[0], dtype) : Tensor.of(values, dtype, shape);
        if (out.put(current, t) != null) {
          throw new TensorException("load: " + source + ": tensor '" + current + "' appears twice");
        }
      }
      if (in.hasRemaining()) {
        throw new TensorException(
            "load: " + source + " has " + in.remaining() + " unread bytes after its tensors");
      }
    } catch (BufferUnderflowException e) {
      throw new TensorException(
          "load: " + source + " is malformed: it ends inside tensor '" + current + "'");
    }
    return out;
  }

  private static int code(DType dtype) {
    switch (dtype) {
      case FLOAT32:
        return 1;
      case FLOAT64:
        return 2;
      case INT64:
        return 3;
      default:
        return 4;
    }
  }

  private static DType dtype(int code, String name, String source) {
    switch (code) {
      case 1:
        return DType.FLOAT32;
      case 2:
        return DType.FLOAT64;
      case 3:
        return DType.INT64;
      case 4:
        return DType.BOOL;
      default:
        throw new TensorException(
            "load: " + source + ": tensor '" + name + "' has an unknown dtype code " + code);
    }
  }
}
