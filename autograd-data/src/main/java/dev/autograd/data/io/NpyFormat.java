package dev.autograd.data.io;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads and writes one array in the {@code .npy} format, from and to a stream (see {@link Npy}).
 */
final class NpyFormat {
  private NpyFormat() {}

  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** The largest header read: the most format 1.0 can declare. */
  static final int MAX_HEADER_BYTES = 65535;

  /** NumPy aligns the data to this many bytes from the start of the file. */
  private static final int ALIGN = 64;

  /** NumPy leaves room for the growing dim's size to reach this many digits. */
  private static final int GROWTH_DIGITS = 21;

  /** Elements converted per step. */
  private static final int BLOCK = 1 << 13;

  /** The largest magnitude this library's INT64 tensors hold exactly. */
  private static final long EXACT_INTEGER = 1L << 53;

  /**
   * Reads one array from {@code in}.
   *
   * @param in the stream, at the magic string
   * @param available the bytes the stream holds (a file's size), or -1 if unknown; the header must
   *     declare exactly the data that follow it
   * @param where the call and the file, starting every message
   */
  static Tensor read(InputStream in, long available, String where) throws IOException {
    byte[] magic = new byte[MAGIC.length + 2];
    int got = in.readNBytes(magic, 0, magic.length);
    if (got < magic.length || !Arrays.equals(magic, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new TensorException(
          where
              + ": not a .npy file: it starts with the bytes "
              + hex(Arrays.copyOf(magic, got))
              + ", expected \\x93NUMPY (93 4e 55 4d 50 59) and a version");
    }
    int major = magic[6] & 0xff;
    int minor = magic[7] & 0xff;
    if (minor != 0 || major < 1 || major > 3) {
      throw new TensorException(
          where
              + ": the .npy format version is "
              + major
              + "."
              + minor
              + "; this reader reads 1.0, 2.0 and 3.0");
    }
    int lengthBytes = major == 1 ? 2 : 4;
    byte[] lengthField = new byte[lengthBytes];
    readFully(in, lengthField, where, "the header length");
    ByteBuffer lengths = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = major == 1 ? lengths.getShort() & 0xffff : lengths.getInt() & 0xffffffffL;
    long prefix = magic.length + lengthBytes;
    if (headerLength > MAX_HEADER_BYTES || (available >= 0 && prefix + headerLength > available)) {
      throw new TensorException(
          where
              + ": the header length is "
              + headerLength
              + " bytes, "
              + (headerLength > MAX_HEADER_BYTES
                  ? "over the limit of " + MAX_HEADER_BYTES
                  : "more than the "
                      + (available - prefix)
                      + " that follow it (the file is truncated)"));
    }
    byte[] headerBytes = new byte[(int) headerLength];
    readFully(in, headerBytes, where, "the header");
    NpyHeader header = NpyHeader.parse(decode(headerBytes, major, where), where);
    long dataBytes = header.dataBytes();
    String declared =
        "the header declares "
            + header.dtype.descr
            + " of shape "
            + NpyHeader.pythonTuple(header.shape)
            + ", "
            + dataBytes
            + " bytes of data";
    if (available >= 0) {
      long rest = available - prefix - headerLength;
      if (rest != dataBytes) {
        throw new TensorException(
            where
                + ": "
                + declared
                + ", but "
                + rest
                + " bytes follow the header"
                + (rest < dataBytes ? " (the file is truncated)" : ""));
      }
    }
    Tensor out = readData(in, header, where, declared);
    if (in.read() != -1) {
      throw new TensorException(where + ": " + declared + ", but more bytes follow them");
    }
    return out;
  }

  private static String decode(byte[] header, int major, String where) {
    if (major < 3) return new String(header, StandardCharsets.ISO_8859_1);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(header))
          .toString();
    } catch (CharacterCodingException e) {
      throw new TensorException(where + ": the header of format 3.0 is not valid UTF-8", e);
    }
  }

  private static Tensor readData(InputStream in, NpyHeader header, String where, String declared)
      throws IOException {
    int[] shape = header.shape;
    // Column-major data are the row-major data of the reversed shape, transposed.
    int[] stored = header.fortranOrder ? reversed(shape) : shape;
    DType dtype = header.dtype.readAs();
    Tensor out = Tensor.zeros(dtype, stored);
    int n = header.numel;
    int size = header.dtype.size;
    if (n > 0) {
      Tensor flat = out.reshape(n);
      byte[] bytes = new byte[Math.min(n, BLOCK) * size];
      try (Autograd.Scope ignored = Autograd.noGrad()) {
        for (int start = 0; start < n; start += BLOCK) {
          int k = Math.min(BLOCK, n - start);
          int got = in.readNBytes(bytes, 0, k * size);
          if (got < k * size) {
            throw new TensorException(
                where
                    + ": "
                    + declared
                    + ", but the data end after "
                    + ((long) start * size + got)
                    + " bytes (the file is truncated)");
          }
          ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, k * size).order(header.dtype.order);
          flat.narrow(0, start, k).copy_(decode(buffer, header.dtype, k, start, where));
        }
      }
    }
    if (!header.fortranOrder || shape.length < 2) return out;
    int[] dims = new int[shape.length];
    for (int d = 0; d < dims.length; d++) dims[d] = dims.length - 1 - d;
    return out.permute(dims).contiguous();
  }

  /** {@code k} elements of {@code buffer} as a 1-D tensor; {@code first} is for messages. */
  private static Tensor decode(ByteBuffer buffer, NpyDtype type, int k, int first, String where) {
    if (type.kind == NpyDtype.Kind.FLOAT && type.size == 4) {
      float[] values = new float[k];
      for (int i = 0; i < k; i++) values[i] = buffer.getFloat();
      return Tensor.of(values, k);
    }
    double[] values = new double[k];
    for (int i = 0; i < k; i++) {
      switch (type.kind) {
        case FLOAT:
          values[i] = buffer.getDouble();
          break;
        case BOOL:
          {
            int b = buffer.get();
            if (b != 0 && b != 1) {
              throw new TensorException(
                  where + ": bool element " + (first + i) + " is the byte " + b + ", not 0 or 1");
            }
            values[i] = b;
            break;
          }
        default:
          values[i] = integer(buffer, type, first + i, where);
      }
    }
    return Tensor.of(values, type.readAs(), k);
  }

  private static long integer(ByteBuffer buffer, NpyDtype type, int index, String where) {
    boolean signed = type.kind == NpyDtype.Kind.SIGNED;
    switch (type.size) {
      case 1:
        return signed ? buffer.get() : buffer.get() & 0xffL;
      case 2:
        return signed ? buffer.getShort() : buffer.getShort() & 0xffffL;
      case 4:
        return signed ? buffer.getInt() : buffer.getInt() & 0xffffffffL;
      default:
        long v = buffer.getLong();
        boolean exact =
            signed ? -EXACT_INTEGER <= v && v <= EXACT_INTEGER : v >= 0 && v <= EXACT_INTEGER;
        if (!exact) {
          throw new TensorException(
              where
                  + ": element "
                  + index
                  + " is "
                  + (signed ? Long.toString(v) : Long.toUnsignedString(v))
                  + ", beyond the ±2^53 an INT64 tensor of this library holds exactly");
        }
        return v;
    }
  }

  private static int[] reversed(int[] shape) {
    int[] out = new int[shape.length];
    for (int d = 0; d < shape.length; d++) out[d] = shape[shape.length - 1 - d];
    return out;
  }

  /**
   * The bytes before the data, as NumPy writes them for {@code header}: the magic string, the
   * version, the header length, and the dict padded with spaces (room for the first dim to grow to
   * 21 digits, then up to a multiple of 64 bytes) and a newline.
   */
  static byte[] prefix(NpyHeader header, int major) {
    String dict = header.format();
    if (header.shape.length > 0) {
      dict += " ".repeat(Math.max(0, GROWTH_DIGITS - Integer.toString(header.shape[0]).length()));
    }
    byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
    int lengthBytes = major == 1 ? 2 : 4;
    int used = MAGIC.length + 2 + lengthBytes + text.length + 1;
    int padding = ALIGN - used % ALIGN;
    int headerLength = text.length + padding + 1;
    ByteBuffer out =
        ByteBuffer.allocate(MAGIC.length + 2 + lengthBytes + headerLength)
            .order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) out.putShort((short) headerLength);
    else out.putInt(headerLength);
    out.put(text);
    for (int i = 0; i < padding; i++) out.put((byte) ' ');
    out.put((byte) '\n');
    return out.array();
  }

  /** Writes {@code t} (its values, row-major) as a {@code .npy} array of format {@code major}. */
  static void write(OutputStream out, Tensor t, int major) throws IOException {
    NpyDtype type = NpyDtype.writtenAs(t.dtype());
    out.write(prefix(new NpyHeader(type, false, t.shape()), major));
    int n = t.numel();
    if (n == 0) return;
    Tensor flat = t.detach().contiguous().reshape(n);
    ByteBuffer buffer =
        ByteBuffer.allocate(Math.min(n, BLOCK) * type.size).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < n; start += BLOCK) {
      Tensor part = flat.narrow(0, start, Math.min(BLOCK, n - start));
      buffer.clear();
      if (t.dtype() == DType.FLOAT32) {
        for (float v : part.toFloatArray()) buffer.putFloat(v);
      } else {
        for (double v : part.toDoubleArray()) {
          if (t.dtype() == DType.FLOAT64) buffer.putDouble(v);
          else if (t.dtype() == DType.INT64) buffer.putLong((long) v);
          else buffer.put((byte) (v != 0 ? 1 : 0));
        }
      }
      out.write(buffer.array(), 0, buffer.position());
    }
  }

  /** Reads {@code into.length} bytes, failing with a message naming {@code what} at the end. */
  private static void readFully(InputStream in, byte[] into, String where, String what)
      throws IOException {
    int got = in.readNBytes(into, 0, into.length);
    if (got < into.length) {
      throw new TensorException(
          where
              + ": the file ends in "
              + what
              + ", after "
              + got
              + " of its "
              + into.length
              + " bytes (the file is truncated)");
    }
  }

  private static String hex(byte[] bytes) {
    if (bytes.length == 0) return "(none: the file is empty)";
    return HexFormat.ofDelimiter(" ").formatHex(bytes);
  }
}
