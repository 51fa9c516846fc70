package dev.autograd.nn;

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
      out.writeInt(tensors.size());
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
        out.writeInt(name.length);
        out.write(name);
        BinaryFiles.writeTensor(out, e.getValue());
      }
      out.flush();
      return BinaryFiles.frame(MAGIC, VERSION, bytes.toByteArray());
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
    ByteBuffer in = BinaryFiles.unframe(bytes, MAGIC, VERSION, source, "state dict file");
    Map<String, Tensor> out = new LinkedHashMap<>();
    String current = "(header)";
    try {
      int count = in.getInt();
      for (int i = 0; i < count; i++) {
        int nameLength = in.getInt();
        if (nameLength < 0 || nameLength > in.remaining()) throw new BufferUnderflowException();
        byte[] name = new byte[nameLength];
        in.get(name);
        current = new String(name, StandardCharsets.UTF_8);
        Tensor t = BinaryFiles.readTensor(in, current, source);
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
}
