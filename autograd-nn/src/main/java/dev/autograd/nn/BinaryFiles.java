package dev.autograd.nn;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * What this package's binary files share ({@link StateDictFile}, {@link Checkpoint}), big-endian:
 *
 * <pre>
 * offset  size   field
 * 0       4      magic: four ASCII bytes naming the kind of file
 * 4       4      format version
 * 8       8      total file length in bytes, checksum included
 * 16      ...    the body
 * end-8   8      CRC-32 of every byte before it
 * </pre>
 *
 * and the encoding of one tensor inside a body: dtype (1 = float32, 2 = float64, 3 = int64, 4 =
 * bool), rank r (4 bytes), r sizes (4 bytes each), then the elements in row-major order (4 bytes
 * each for float32, 8 for float64 and int64, 1 for bool).
 */
final class BinaryFiles {
  private BinaryFiles() {}

  static final int HEADER = 4 + 4 + 8;
  private static final int MAX_RANK = 64;

  /** The whole file: header, {@code body} and checksum. */
  static byte[] frame(byte[] magic, int version, byte[] body) {
    long total = HEADER + body.length + 8L;
    ByteBuffer out = ByteBuffer.allocate((int) total);
    out.put(magic).putInt(version).putLong(total).put(body);
    CRC32 crc = new CRC32();
    crc.update(out.array(), 0, (int) total - 8);
    out.putLong(crc.getValue());
    return out.array();
  }

  /**
   * The body of a file read from {@code source}, after checking its magic, version, length and
   * checksum: a buffer positioned at the body and limited before the checksum. {@code kind} names
   * the kind of file in the messages ("state dict file").
   */
  static ByteBuffer unframe(byte[] bytes, byte[] magic, int version, String source, String kind) {
    if (bytes.length < HEADER + 8) {
      throw new TensorException(
          "load: " + source + " is truncated or not a " + kind + ": " + bytes.length + " bytes");
    }
    for (int i = 0; i < magic.length; i++) {
      if (bytes[i] != magic[i]) {
        throw new TensorException("load: " + source + " is not a " + kind + " (bad magic header)");
      }
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    in.position(4);
    int found = in.getInt();
    if (found != version) {
      throw new TensorException(
          "load: "
              + source
              + " has format version "
              + found
              + "; this library reads version "
              + version);
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
    in.limit(bytes.length - 8);
    return in;
  }

  /** Writes {@code t}'s dtype, shape and elements. */
  static void writeTensor(DataOutputStream out, Tensor t) throws IOException {
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

  /**
   * Reads a tensor written by {@link #writeTensor}; {@code name} and {@code source} are for the
   * messages.
   *
   * @throws BufferUnderflowException if the body ends inside the tensor
   */
  static Tensor readTensor(ByteBuffer in, String name, String source) {
    DType dtype = dtype(in.get(), name, source);
    int rank = in.getInt();
    if (rank < 0 || rank > MAX_RANK) {
      throw new TensorException(
          "load: " + source + ": tensor '" + name + "' has an invalid rank " + rank);
    }
    int[] shape = new int[rank];
    long numel = 1;
    for (int d = 0; d < rank; d++) {
      shape[d] = in.getInt();
      if (shape[d] < 0) {
        throw new TensorException(
            "load: " + source + ": tensor '" + name + "' has a negative size");
      }
      numel *= shape[d]; // at most 2^31 * (2^31 - 1) here: no overflow before the check below
      if (numel > Integer.MAX_VALUE) {
        throw new TensorException(
            "load: " + source + ": tensor '" + name + "' has more elements than a tensor can hold");
      }
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
    return rank == 0 ? Tensor.scalar(values[0], dtype) : Tensor.of(values, dtype, shape);
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
