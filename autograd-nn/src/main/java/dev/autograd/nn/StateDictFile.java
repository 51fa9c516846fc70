package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
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
 * target in one step, so a crash leaves either the old file or the new one, never half of one (and
 * the next save or load of the path removes the temporary file a killed save left). Reading checks
 * the magic, version and length against the file's size before it reads further, and the checksum
 * before it returns, so a truncated or damaged file is refused with a message that says so (naming
 * a damaged header field) rather than loaded as wrong numbers. Both stream through a small buffer.
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
  private static final String KIND = "state dict file";

  private StateDictFile() {}

  /**
   * Writes {@code tensors} to {@code path} atomically (see the class description); missing parent
   * folders are created. Each tensor's values are written in its own dtype, streamed through a
   * small buffer (a file may be larger than 2 GiB).
   *
   * @param path the file to write; an existing file is replaced (through a symbolic link, the file
   *     it points to), keeping its permissions
   * @param tensors the tensors under their names, written in the map's iteration order
   * @throws IOException if the file cannot be written; an existing file is then left as it was
   * @throws TensorException if {@code path}, {@code tensors}, a name or a tensor is null; nothing
   *     is written then
   */
  public static void write(Path path, Map<String, Tensor> tensors) throws IOException {
    Arguments.requireNonNull("StateDictFile.write", "path", path);
    Arguments.requireNonNull("StateDictFile.write", "tensors", tensors);
    tensors.forEach(
        (name, t) -> {
          Arguments.requireNonNull("StateDictFile.write", "a name in tensors", name);
          Arguments.requireNonNull("StateDictFile.write", "the tensor '" + name + "'", t);
        });
    BinaryFiles.write(path, MAGIC, VERSION, out -> encode(out, tensors));
  }

  private static void encode(BinaryFiles.BodyOutput out, Map<String, Tensor> tensors)
      throws IOException {
    out.writeInt(tensors.size());
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      out.writeSized(e.getKey().getBytes(StandardCharsets.UTF_8));
      out.writeTensor(e.getValue());
    }
  }

  /**
   * Reads the tensors of a file written by {@link #write}, in their saved order. The header is
   * checked against the file's size before anything else is read, and the values are read straight
   * into the new tensors: the extra memory does not grow with the file.
   *
   * @param path the file to read
   * @return a new map from name to tensor, in the order they were written; the tensors do not
   *     require grad
   * @throws IOException if the file cannot be read
   * @throws TensorException if {@code path} is null, or the file is not in this format, is
   *     truncated or damaged, fails its checksum, or is malformed; the message names the problem
   *     (and the field or the tensor, where one is at fault)
   */
  public static Map<String, Tensor> read(Path path) throws IOException {
    Arguments.requireNonNull("StateDictFile.read", "path", path);
    return BinaryFiles.read(path, MAGIC, VERSION, KIND, in -> decode(in, path.toString()));
  }

  private static Map<String, Tensor> decode(BinaryFiles.BodyInput in, String source) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    String current = "(header)";
    try {
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        current = BinaryFiles.utf8(in.readSized());
        Tensor t = in.readTensor(current, source);
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
