package dev.autograd.nn;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.AtomicFiles;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

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
 *
 * <p>Both directions stream: a file is written from the tensors and read into new tensors through a
 * buffer of {@value #CHUNK} elements, so the extra memory does not grow with the file. Writing runs
 * the body twice, first only counting its bytes (the header holds the length), and lengths are
 * longs throughout: a file may be larger than 2 GiB. Reading checks the header against the file's
 * size before it reads further, so a file of another kind is refused at once.
 */
final class BinaryFiles {
  private BinaryFiles() {}

  static final int HEADER = 4 + 4 + 8;
  static final int CHECKSUM = 8;
  private static final int MAX_RANK = 64;

  /** Elements per buffer when tensor values are written or read. */
  static final int CHUNK = 1 << 14;

  /** Writes a body; run twice per file, see {@link BodyOutput}. */
  @FunctionalInterface
  interface Body {
    void writeTo(BodyOutput out) throws IOException;
  }

  /** Reads a body; {@link #read} checks the checksum after it returns. */
  @FunctionalInterface
  interface Decoder<T> {
    T decode(BodyInput in);
  }

  // ------------------------------------------------------------------ writing

  /**
   * Writes the file of {@code body} to {@code path} atomically. The body is first run without
   * writing, to learn its length; whatever it throws then (a value that cannot be saved) leaves the
   * file system untouched.
   */
  static void write(Path path, byte[] magic, int version, Body body) throws IOException {
    BodyOutput counter = new BodyOutput(null);
    body.writeTo(counter);
    long bodyLength = counter.length();
    AtomicFiles.write(path, out -> writeFramed(out, magic, version, body, bodyLength));
  }

  /** The header, the body (which must have {@code bodyLength} bytes) and the checksum. */
  static void writeFramed(OutputStream raw, byte[] magic, int version, Body body, long bodyLength)
      throws IOException {
    CRC32 crc = new CRC32();
    DataOutputStream data = new DataOutputStream(new CheckedOutputStream(raw, crc));
    data.write(magic);
    data.writeInt(version);
    data.writeLong(fileLength(bodyLength));
    BodyOutput out = new BodyOutput(data);
    body.writeTo(out);
    if (out.length() != bodyLength) {
      // NOTE: the header already went out; only a concurrent change can cause this
      throw new IllegalStateException(
          "save: the state changed while it was being written ("
              + bodyLength
              + " bytes counted, "
              + out.length()
              + " written); nothing was replaced");
    }
    data.flush();
    ByteBuffer checksum = ByteBuffer.allocate(CHECKSUM).putLong(crc.getValue());
    raw.write(checksum.array());
  }

  /** The length of the file whose body has {@code bodyLength} bytes. */
  static long fileLength(long bodyLength) {
    return Math.addExact(HEADER + CHECKSUM, bodyLength);
  }

  /**
   * Where a body goes: the file, or (given no stream) nowhere, only counting the bytes. Tensor
   * values are counted from the shape without being read, so counting costs nothing per element.
   */
  static final class BodyOutput {
    private final DataOutputStream out;
    private long length;
    private ByteBuffer buffer;

    BodyOutput(DataOutputStream out) {
      this.out = out;
    }

    /** The bytes written (or counted) so far. */
    long length() {
      return length;
    }

    void writeByte(int v) throws IOException {
      length += 1;
      if (out != null) out.writeByte(v);
    }

    void writeBoolean(boolean v) throws IOException {
      writeByte(v ? 1 : 0);
    }

    void writeInt(int v) throws IOException {
      length += 4;
      if (out != null) out.writeInt(v);
    }

    void writeLong(long v) throws IOException {
      length += 8;
      if (out != null) out.writeLong(v);
    }

    void writeDouble(double v) throws IOException {
      writeLong(Double.doubleToLongBits(v));
    }

    /** A length (4 bytes), then {@code bytes}. */
    void writeSized(byte[] bytes) throws IOException {
      writeInt(bytes.length);
      length += bytes.length;
      if (out != null) out.write(bytes);
    }

    /** {@code t}'s dtype, shape and elements. */
    void writeTensor(Tensor t) throws IOException {
      writeByte(code(t.dtype()));
      int[] shape = t.shape();
      writeInt(shape.length);
      for (int s : shape) writeInt(s);
      long width = width(t.dtype());
      if (out == null) {
        length += t.numel() * width;
        return;
      }
      if (t.numel() == 0) return;
      if (buffer == null) buffer = ByteBuffer.allocate(CHUNK * 8);
      writeValues(t.detach());
    }

    /**
     * {@code t}'s elements in row-major order, at most {@link #CHUNK} at a time: whole rows of the
     * first dim when they are small, each row in turn otherwise. Views only, so that neither a
     * large tensor nor a broadcast view of one element is ever copied whole.
     */
    private void writeValues(Tensor t) throws IOException {
      if (t.numel() <= CHUNK) {
        writeChunk(t);
        return;
      }
      int rows = t.size(0);
      int rowNumel = t.numel() / rows;
      if (rowNumel >= CHUNK) {
        for (int r = 0; r < rows; r++) writeValues(t.select(0, r));
        return;
      }
      int perChunk = CHUNK / rowNumel;
      for (int r = 0; r < rows; r += perChunk) {
        writeChunk(t.narrow(0, r, Math.min(perChunk, rows - r)));
      }
    }

    private void writeChunk(Tensor part) throws IOException {
      buffer.clear();
      if (part.dtype() == DType.FLOAT32) {
        for (float v : part.toFloatArray()) buffer.putInt(Float.floatToIntBits(v));
      } else {
        double[] values = part.toDoubleArray();
        switch (part.dtype()) {
          case FLOAT64:
            for (double v : values) buffer.putLong(Double.doubleToLongBits(v));
            break;
          case INT64:
            for (double v : values) buffer.putLong((long) v);
            break;
          default:
            for (double v : values) buffer.put((byte) (v != 0 ? 1 : 0));
        }
      }
      out.write(buffer.array(), 0, buffer.position());
      length += buffer.position();
    }
  }

  // ------------------------------------------------------------------ reading

  /**
   * Reads the file at {@code path}: checks its header against its size, decodes the body, then
   * checks the checksum. If decoding fails, the rest of the file is read for the checksum: a file
   * that fails it is reported as corrupted, since that explains the failure.
   *
   * @param kind names the kind of file in the messages ("state dict file")
   */
  static <T> T read(Path path, byte[] magic, int version, String kind, Decoder<T> decoder)
      throws IOException {
    String source = path.toString();
    AtomicFiles.removeStaleTemporaryFiles(path);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      BodyInput in = open(channel, source, magic, version, kind);
      T value;
      try {
        value = decoder.decode(in);
      } catch (TensorException e) {
        if (!in.checksumMatches()) throw corrupted(source, e);
        throw e;
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      if (!in.checksumMatches()) throw corrupted(source, null);
      return value;
    }
  }

  private static TensorException corrupted(String source, Throwable cause) {
    return new TensorException(
        "load: " + source + " is corrupted: its checksum does not match its contents", cause);
  }

  /** The body of the file in {@code channel}, after checking its header against its size. */
  static BodyInput open(FileChannel channel, String source, byte[] magic, int version, String kind)
      throws IOException {
    long size = channel.size();
    if (size < HEADER + CHECKSUM) {
      throw new TensorException(
          "load: " + source + " is truncated or not a " + kind + ": " + size + " bytes");
    }
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    readFully(channel, header, 0);
    byte[] foundMagic = Arrays.copyOf(header.array(), 4);
    int foundVersion = header.getInt(4);
    long total = header.getLong(8);
    boolean magicOk = Arrays.equals(foundMagic, magic);
    boolean versionOk = foundVersion == version;
    boolean lengthOk = total == size;
    if (magicOk && versionOk && lengthOk) return new BodyInput(channel, header.array(), size);
    Header h = new Header(channel, source, size, header.array());
    if (!magicOk) {
      // a damaged magic is told from a file of another kind by the rest being intact
      if (versionOk && lengthOk && h.checksumMatchesWith(0, magic)) {
        throw h.damaged(
            "magic", "\"" + ascii(foundMagic) + "\"", "\"" + ascii(magic) + "\" (a " + kind + ")");
      }
      throw new TensorException("load: " + source + " is not a " + kind + " (bad magic header)");
    }
    if (!versionOk) {
      byte[] expected = ByteBuffer.allocate(4).putInt(version).array();
      if (lengthOk && h.checksumMatchesWith(4, null)) {
        throw new TensorException(
            "load: "
                + source
                + " has format version "
                + foundVersion
                + "; this library reads version "
                + version);
      }
      if (lengthOk && h.checksumMatchesWith(4, expected)) {
        throw h.damaged(
            "format version", Integer.toString(foundVersion), Integer.toString(version));
      }
      throw h.damaged(
          "format version",
          Integer.toString(foundVersion),
          version + (lengthOk ? "" : ", and its length field does not match the file's size"));
    }
    if (total >= HEADER + CHECKSUM && total < size && h.checksumMatchesAt(total)) {
      throw new TensorException(
          "load: "
              + source
              + " has trailing bytes: the header says "
              + total
              + " bytes but the file has "
              + size);
    }
    if (h.checksumMatchesWith(8, ByteBuffer.allocate(8).putLong(size).array())) {
      throw h.damaged("length", Long.toString(total), "the file's length, " + size);
    }
    if (total > size) {
      throw new TensorException(
          "load: "
              + source
              + " is truncated: the header says "
              + total
              + " bytes but the file has "
              + size);
    }
    throw h.damaged("length", Long.toString(total), "the file's length, " + size);
  }

  /** A header that failed its checks, and the checksum tests that tell what is wrong. */
  private static final class Header {
    final FileChannel channel;
    final String source;
    final long size;
    final byte[] bytes;

    Header(FileChannel channel, String source, long size, byte[] bytes) {
      this.channel = channel;
      this.source = source;
      this.size = size;
      this.bytes = bytes;
    }

    TensorException damaged(String field, String found, String expected) {
      return new TensorException(
          "load: "
              + source
              + " is damaged: its "
              + field
              + " field holds "
              + found
              + ", expected "
              + expected);
    }

    /**
     * Whether the checksum at the end of the file matches with the header's bytes from {@code at}
     * replaced by {@code replacement} (null: the header as it is).
     */
    boolean checksumMatchesWith(int at, byte[] replacement) throws IOException {
      byte[] header = bytes.clone();
      if (replacement != null) System.arraycopy(replacement, 0, header, at, replacement.length);
      return checksumMatches(channel, header, size);
    }

    /** Whether a file of length {@code total} (shorter than this one) ends in its checksum. */
    boolean checksumMatchesAt(long total) throws IOException {
      return checksumMatches(channel, bytes, total);
    }
  }

  /**
   * Whether the 8 bytes before {@code end} are the CRC-32 of {@code header} followed by the file's
   * bytes from {@link #HEADER} to {@code end - 8}.
   */
  private static boolean checksumMatches(FileChannel channel, byte[] header, long end)
      throws IOException {
    CRC32 crc = new CRC32();
    crc.update(header);
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    for (long at = HEADER; at < end - CHECKSUM; ) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), end - CHECKSUM - at));
      readFully(channel, buffer, at);
      crc.update(buffer.array(), 0, buffer.limit());
      at += buffer.limit();
    }
    ByteBuffer stored = ByteBuffer.allocate(CHECKSUM);
    readFully(channel, stored, end - CHECKSUM);
    return stored.getLong(0) == crc.getValue();
  }

  /** Fills {@code buffer} up to its limit from {@code position} on. */
  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) throw new IOException("unexpected end of file at byte " + at);
      at += n;
    }
  }

  private static String ascii(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
    }
    return sb.toString();
  }

  /**
   * The body of a file being read, through a buffer: each read that goes past the end of the body
   * throws {@link BufferUnderflowException}; every byte read is added to the checksum.
   */
  static final class BodyInput {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK * 8);
    private final CRC32 crc = new CRC32();
    private final long end;

    /** The file position of the first byte not yet in the buffer. */
    private long next = HEADER;

    private float[] floats;
    private double[] doubles;

    BodyInput(FileChannel channel, byte[] header, long size) {
      this.channel = channel;
      this.end = size - CHECKSUM;
      crc.update(header);
      buffer.limit(0);
    }

    /** The body bytes not yet read. */
    long remaining() {
      return buffer.remaining() + (end - next);
    }

    boolean hasRemaining() {
      return remaining() > 0;
    }

    /** Makes the next {@code n} bytes (at most the buffer's capacity) available in the buffer. */
    private ByteBuffer need(int n) {
      if (buffer.remaining() >= n) return buffer;
      if (remaining() < n) throw new BufferUnderflowException();
      buffer.compact();
      try {
        while (buffer.position() < n) {
          int start = buffer.position();
          buffer.limit((int) Math.min(buffer.capacity(), start + (end - next)));
          int read = channel.read(buffer, next);
          if (read < 0) throw new BufferUnderflowException(); // the file shrank under us
          crc.update(buffer.array(), start, read);
          next += read;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      buffer.flip();
      return buffer;
    }

    byte readByte() {
      return need(1).get();
    }

    int readInt() {
      return need(4).getInt();
    }

    long readLong() {
      return need(8).getLong();
    }

    double readDouble() {
      return need(8).getDouble();
    }

    /** A length (4 bytes) and that many bytes, as written by {@link BodyOutput#writeSized}. */
    byte[] readSized() {
      int length = readInt();
      if (length < 0 || length > remaining()) throw new BufferUnderflowException();
      byte[] bytes = new byte[length];
      for (int at = 0; at < length; ) {
        int n = Math.min(length - at, buffer.capacity());
        need(n).get(bytes, at, n);
        at += n;
      }
      return bytes;
    }

    /**
     * Reads the rest of the body and the stored checksum: whether it matches every byte of the file
     * before it.
     */
    boolean checksumMatches() throws IOException {
      buffer.position(buffer.limit());
      while (next < end) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), end - next));
        int read = channel.read(buffer, next);
        if (read < 0) return false;
        crc.update(buffer.array(), 0, read);
        next += read;
      }
      buffer.limit(0);
      ByteBuffer stored = ByteBuffer.allocate(CHECKSUM);
      readFully(channel, stored, end);
      return stored.getLong(0) == crc.getValue();
    }

    /**
     * Reads a tensor written by {@link BodyOutput#writeTensor}; {@code name} and {@code source} are
     * for the messages.
     *
     * @throws BufferUnderflowException if the body ends inside the tensor
     */
    Tensor readTensor(String name, String source) {
      DType dtype = dtype(readByte(), name, source);
      int rank = readInt();
      if (rank < 0 || rank > MAX_RANK) {
        throw new TensorException(
            "load: " + source + ": tensor '" + name + "' has an invalid rank " + rank);
      }
      int[] shape = new int[rank];
      long numel = 1;
      for (int d = 0; d < rank; d++) {
        shape[d] = readInt();
        if (shape[d] < 0) {
          throw new TensorException(
              "load: " + source + ": tensor '" + name + "' has a negative size");
        }
        numel *= shape[d]; // at most 2^31 * (2^31 - 1) here: no overflow before the check below
        if (numel > Integer.MAX_VALUE) {
          throw new TensorException(
              "load: "
                  + source
                  + ": tensor '"
                  + name
                  + "' has more elements than a tensor can hold");
        }
      }
      // checked before anything is allocated: a damaged size cannot ask for more than the file has
      if (numel * width(dtype) > remaining()) throw new BufferUnderflowException();
      if (rank == 0) return Tensor.scalar(readValue(dtype), dtype);
      Tensor out = Tensor.zeros(dtype, shape);
      int n = (int) numel;
      if (n == 0) return out;
      Tensor flat = out.reshape(n);
      try (Autograd.Scope ignored = Autograd.noGrad()) {
        for (int start = 0; start < n; start += CHUNK) {
          int k = Math.min(CHUNK, n - start);
          need((int) (k * width(dtype)));
          flat.narrow(0, start, k).copy_(readChunk(dtype, k));
        }
      }
      return out;
    }

    /**
     * The next {@code k} values, already in the buffer, as a 1-D tensor of {@code dtype}. The
     * arrays are reused: {@code Tensor.of} copies them.
     */
    private Tensor readChunk(DType dtype, int k) {
      if (dtype == DType.FLOAT32) {
        if (floats == null) floats = new float[CHUNK];
        float[] values = k == CHUNK ? floats : new float[k];
        buffer.asFloatBuffer().get(values, 0, k);
        buffer.position(buffer.position() + 4 * k);
        return Tensor.of(values, k);
      }
      if (doubles == null) doubles = new double[CHUNK];
      double[] values = k == CHUNK ? doubles : new double[k];
      for (int i = 0; i < k; i++) values[i] = readValue(dtype);
      return Tensor.of(values, dtype, k);
    }

    private double readValue(DType dtype) {
      switch (dtype) {
        case FLOAT32:
          return need(4).getFloat();
        case FLOAT64:
          return readDouble();
        case INT64:
          return readLong();
        default:
          return readByte();
      }
    }
  }

  /**
   * {@code value}, refused if null with a message naming the op and the argument: "{@code op}:
   * {@code what} is null".
   */
  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static long width(DType dtype) {
    return dtype == DType.FLOAT32 ? 4 : dtype == DType.BOOL ? 1 : 8;
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
