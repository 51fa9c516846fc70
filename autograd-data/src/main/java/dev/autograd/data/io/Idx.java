package dev.autograd.data.io;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.AtomicFiles;
import dev.autograd.internal.Storage;
import dev.autograd.internal.TensorStorage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes the IDX format of MNIST and the data sets made like it (Fashion-MNIST, EMNIST,
 * KMNIST), so that a loader can be pointed at their files.
 *
 * <p>An IDX file is two zero bytes, a type code ({@link IdxType}), the number of dimensions, the
 * size of each as a big-endian 32-bit integer, then the values, big-endian, in row-major order.
 * Files compressed with gzip (the usual {@code .gz} downloads) are read as they are: a file that
 * starts with gzip's signature is decompressed on the fly, whatever its name.
 *
 * <pre>{@code
 * Tensor images = Idx.readImages(Path.of("mnist/train-images-idx3-ubyte.gz")); // [60000, 28, 28]
 * Tensor labels = Idx.read(Path.of("mnist/train-labels-idx1-ubyte.gz"));       // [60000] INT64
 * TensorDataset train = new TensorDataset(images.unsqueeze(1), labels);
 * }</pre>
 *
 * <p>{@link #read(Path)} keeps the values exact: the integer types become {@link DType#INT64}
 * tensors, {@link IdxType#FLOAT32} a FLOAT32 tensor and {@link IdxType#FLOAT64} a FLOAT64 one.
 * {@link #read(Path, DType)} converts while reading (a FLOAT32 tensor of bytes takes a quarter of
 * the memory of an INT64 one), and {@link #readImages(Path)} gives MNIST's bytes as FLOAT32 values
 * in [0, 1], as torchvision's {@code ToTensor} does.
 *
 * <p>A file that breaks the format fails with a {@link TensorException} naming the file and what is
 * wrong: a first two bytes that are not zero, an unknown type code, no dimensions, a negative size,
 * more values than a tensor holds, fewer bytes than the header announces or bytes after the last
 * value. The sizes are checked before the values are allocated, so a damaged header cannot make the
 * reader allocate gigabytes.
 */
public final class Idx {
  private Idx() {}

  /** The unit in which the values are read: a multiple of every element size. */
  private static final int CHUNK = 1 << 20;

  /**
   * The values of an IDX file, exact: {@link DType#INT64} for the integer types, {@link
   * DType#FLOAT32} or {@link DType#FLOAT64} for the float types.
   *
   * <pre>{@code
   * Tensor labels = Idx.read(Path.of("t10k-labels-idx1-ubyte")); // [10000], INT64, 0 to 9
   * }</pre>
   *
   * @param file an IDX file, or one compressed with gzip
   * @return a tensor of the shape the header gives
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if {@code file} is null
   * @throws TensorException if the file breaks the format (see the class description)
   */
  public static Tensor read(Path file) throws IOException {
    return read("Idx.read", file, null, false);
  }

  /**
   * The values of an IDX file as a tensor of type {@code dtype}, converted while reading as {@link
   * Tensor#to(DType)} converts (rounded to the nearest float for FLOAT32, toward zero for INT64).
   *
   * <pre>{@code
   * Tensor pixels = Idx.read(Path.of("train-images-idx3-ubyte"), DType.FLOAT32); // 0 to 255
   * }</pre>
   *
   * @param file an IDX file, or one compressed with gzip
   * @param dtype the type of the tensor
   * @return a tensor of the shape the header gives
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if an argument is null
   * @throws TensorException if the file breaks the format (see the class description)
   */
  public static Tensor read(Path file, DType dtype) throws IOException {
    if (dtype == null) throw new IllegalArgumentException("Idx.read: dtype is null");
    return read("Idx.read", file, dtype, false);
  }

  /**
   * MNIST-style images: a file of {@link IdxType#UINT8} values, each divided by 255, as a FLOAT32
   * tensor of values in [0, 1] (torchvision's {@code ToTensor}).
   *
   * <pre>{@code
   * Tensor images = Idx.readImages(Path.of("t10k-images-idx3-ubyte.gz")); // [10000, 28, 28]
   * }</pre>
   *
   * @param file an IDX file of type UINT8, or one compressed with gzip
   * @return a FLOAT32 tensor of the shape the header gives
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if {@code file} is null
   * @throws TensorException if the file breaks the format, or holds another type than UINT8
   */
  public static Tensor readImages(Path file) throws IOException {
    return read("Idx.readImages", file, DType.FLOAT32, true);
  }

  /**
   * Writes {@code tensor} as an IDX file of element type {@code type}, atomically: the file appears
   * complete or not at all, and a failed write leaves no temporary file behind. A name ending in
   * {@code .gz} gets the bytes compressed with gzip.
   *
   * <pre>{@code
   * Idx.write(Path.of("data/train-labels-idx1-ubyte"), labels, IdxType.UINT8);
   * Idx.write(Path.of("data/features-idx2-float.gz"), features, IdxType.FLOAT32);
   * }</pre>
   *
   * <p>For an integer type every value must be a whole number in the type's range; for {@link
   * IdxType#FLOAT32} values are rounded to float (a finite value beyond float's range is refused
   * rather than written as infinity).
   *
   * @param file the file to create or replace (its folder is created if missing)
   * @param tensor at least one dimension, at most 255, and any dtype
   * @param type the element type of the file
   * @throws IOException if the file cannot be written; an existing file is then left as it was
   * @throws IllegalArgumentException if an argument is null, the tensor is 0-d or has more than 255
   *     dimensions, or a value does not fit {@code type} (the message names its index)
   */
  public static void write(Path file, Tensor tensor, IdxType type) throws IOException {
    String call = "Idx.write";
    nonNull(call, "file", file);
    nonNull(call, "tensor", tensor);
    nonNull(call, "type", type);
    int[] shape = tensor.shape();
    if (shape.length == 0 || shape.length > 255) {
      throw new IllegalArgumentException(
          call
              + ": an IDX file holds 1 to 255 dimensions, got a tensor of shape "
              + Arrays.toString(shape)
              + (shape.length == 0 ? " (reshape a scalar to [1])" : ""));
    }
    Tensor values = tensor.detach().contiguous();
    Storage storage = TensorStorage.of(values);
    int offset = TensorStorage.offset(values);
    int n = values.numel();
    // Checked before the file is opened, so that a bad value leaves nothing behind.
    for (int i = 0; i < n; i++) check(call, file, type, storage.get(offset + i), i, shape);
    boolean gzip = file.getFileName().toString().endsWith(".gz");
    AtomicFiles.write(
        file,
        raw -> {
          OutputStream sink = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(sink, 1 << 16));
          out.writeShort(0);
          out.writeByte(type.code());
          out.writeByte(shape.length);
          for (int size : shape) out.writeInt(size);
          for (int i = 0; i < n; i++) writeValue(out, type, storage.get(offset + i));
          out.flush();
          if (gzip) ((GZIPOutputStream) sink).finish();
        });
  }

  private static void check(String call, Path file, IdxType type, double v, int i, int[] shape) {
    String problem;
    if (type.isInteger()) {
      if (v == Math.rint(v) && v >= type.min() && v <= type.max()) return;
      problem =
          String.format(
              "is not a whole number in [%d, %d], the range of %s; choose a wider type or convert"
                  + " the values first",
              (long) type.min(), (long) type.max(), type);
    } else if (type == IdxType.FLOAT32 && Double.isFinite(v) && Float.isInfinite((float) v)) {
      problem = "is beyond the range of FLOAT32 (about ±3.4e38); write it as FLOAT64";
    } else {
      return;
    }
    throw new IllegalArgumentException(
        call
            + ": "
            + file
            + ": the value "
            + v
            + " at index "
            + Arrays.toString(unravel(i, shape))
            + " "
            + problem);
  }

  private static void writeValue(DataOutputStream out, IdxType type, double v) throws IOException {
    switch (type) {
      case UINT8, INT8 -> out.writeByte((int) v);
      case INT16 -> out.writeShort((int) v);
      case INT32 -> out.writeInt((int) v);
      case FLOAT32 -> out.writeFloat((float) v);
      case FLOAT64 -> out.writeDouble(v);
    }
  }

  private static int[] unravel(int flat, int[] shape) {
    int[] index = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      index[d] = flat % shape[d];
      flat /= shape[d];
    }
    return index;
  }

  /** The header of a file: its type, its shape and the bytes its values take. */
  private record Header(IdxType type, int[] shape, long dataBytes, int headerBytes) {}

  /**
   * Reads {@code file}: converted to {@code dtype} (null: the type's own), divided by 255 when
   * {@code images} (which requires UINT8).
   */
  private static Tensor read(String call, Path file, DType dtype, boolean images)
      throws IOException {
    nonNull(call, "file", file);
    try (InputStream in = open(file)) {
      boolean gzip = in instanceof GZIPInputStream;
      Header header = header(call, file, in);
      if (images && header.type() != IdxType.UINT8) {
        throw new TensorException(
            call
                + ": "
                + file
                + " holds "
                + header.type()
                + " values; MNIST-style images are UINT8 (read other types with Idx.read)");
      }
      if (!gzip) checkFileSize(call, file, header);
      List<byte[]> chunks = readValues(call, file, in, header);
      DType target = dtype != null ? dtype : header.type().dtype();
      Tensor t = Tensor.zeros(target, header.shape());
      decode(header.type(), chunks, TensorStorage.of(t), target, images);
      return t;
    } catch (ZipException | EOFException e) {
      throw new TensorException(
          call + ": " + file + ": the gzip data is damaged or cut short (" + e.getMessage() + ")",
          e);
    }
  }

  /** The file's bytes, decompressed when they start with gzip's signature (1f 8b). */
  private static InputStream open(Path file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      in.mark(2);
      int b0 = in.read();
      int b1 = in.read();
      in.reset();
      if (b0 == 0x1f && b1 == 0x8b) return new GZIPInputStream(in, 1 << 16);
      return in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private static Header header(String call, Path file, InputStream in) throws IOException {
    byte[] magic = new byte[4];
    int got = in.readNBytes(magic, 0, 4);
    if (got < 4) {
      throw new TensorException(
          call
              + ": "
              + file
              + " ends after "
              + got
              + " bytes, within the 4 bytes that start an IDX file (0, 0, type, dimensions)");
    }
    if (magic[0] != 0 || magic[1] != 0) {
      throw new TensorException(
          String.format(
              "%s: %s is not an IDX file: it starts with the bytes %02X %02X %02X %02X, but an IDX"
                  + " file starts with two zero bytes, the type code and the number of dimensions",
              call, file, magic[0], magic[1], magic[2], magic[3]));
    }
    IdxType type = IdxType.ofCode(magic[2] & 0xff);
    if (type == null) {
      throw new TensorException(
          String.format(
              "%s: %s has the unknown type code 0x%02X; the IDX types are %s",
              call, file, magic[2] & 0xff, IdxType.known()));
    }
    int dims = magic[3] & 0xff;
    if (dims == 0) {
      throw new TensorException(
          call + ": " + file + " declares 0 dimensions; an IDX file has at least one");
    }
    byte[] sizes = new byte[4 * dims];
    got = in.readNBytes(sizes, 0, sizes.length);
    if (got < sizes.length) {
      throw new TensorException(
          call
              + ": "
              + file
              + " ends within its header: "
              + dims
              + " dimension sizes need "
              + sizes.length
              + " bytes after the first 4, the file has "
              + got);
    }
    ByteBuffer b = ByteBuffer.wrap(sizes);
    int[] shape = new int[dims];
    long count = 1;
    for (int d = 0; d < dims; d++) {
      shape[d] = b.getInt();
      if (shape[d] < 0) {
        throw new TensorException(
            call
                + ": "
                + file
                + ": dimension "
                + d
                + " has the negative size "
                + shape[d]
                + " (the header reads as "
                + Arrays.toString(Arrays.copyOf(shape, d + 1))
                + "...)");
      }
      count = Math.min(count * shape[d], Long.MAX_VALUE / 8);
    }
    if (count > Integer.MAX_VALUE - 8) {
      throw new TensorException(
          call
              + ": "
              + file
              + " declares the shape "
              + Arrays.toString(shape)
              + ", "
              + count
              + " values, more than a tensor holds ("
              + (Integer.MAX_VALUE - 8)
              + ")");
    }
    return new Header(type, shape, count * type.bytes(), 4 + 4 * dims);
  }

  /** For a file read as it is: its size against the header's, before anything is allocated. */
  private static void checkFileSize(String call, Path file, Header header) throws IOException {
    long size = Files.size(file);
    long expected = header.headerBytes() + header.dataBytes();
    if (size < expected) throw truncated(call, file, header, size - header.headerBytes());
    if (size > expected) throw trailing(call, file, header, size - expected);
  }

  /** The values' bytes, in chunks allocated as they arrive, so only bytes present take memory. */
  private static List<byte[]> readValues(String call, Path file, InputStream in, Header header)
      throws IOException {
    List<byte[]> chunks = new ArrayList<>();
    long left = header.dataBytes();
    long read = 0;
    while (left > 0) {
      byte[] chunk = new byte[(int) Math.min(CHUNK, left)];
      int got = in.readNBytes(chunk, 0, chunk.length);
      read += got;
      if (got < chunk.length) throw truncated(call, file, header, read);
      chunks.add(chunk);
      left -= got;
    }
    long extra = 0;
    byte[] rest = new byte[8192];
    for (int got; (got = in.read(rest)) > 0; ) extra += got;
    if (extra > 0) throw trailing(call, file, header, extra);
    return chunks;
  }

  private static TensorException truncated(String call, Path file, Header header, long bytes) {
    return new TensorException(
        call
            + ": "
            + file
            + " is cut short: its header declares "
            + header.type()
            + " values of shape "
            + Arrays.toString(header.shape())
            + ", "
            + header.dataBytes()
            + " bytes of data, but the file holds "
            + bytes);
  }

  private static TensorException trailing(String call, Path file, Header header, long extra) {
    return new TensorException(
        call
            + ": "
            + file
            + " has "
            + extra
            + " bytes after its last value (the header declares "
            + header.type()
            + " values of shape "
            + Arrays.toString(header.shape())
            + ", "
            + header.dataBytes()
            + " bytes of data)");
  }

  /** Decodes the big-endian values of {@code chunks} into {@code storage}. */
  private static void decode(
      IdxType type, List<byte[]> chunks, Storage storage, DType target, boolean images) {
    float[] floats = storage.floats();
    double[] doubles = storage.doubles();
    int at = 0;
    for (byte[] chunk : chunks) {
      ByteBuffer b = ByteBuffer.wrap(chunk);
      int n = chunk.length / type.bytes();
      for (int i = 0; i < n; i++, at++) {
        double v =
            switch (type) {
              case UINT8 -> b.get() & 0xff;
              case INT8 -> b.get();
              case INT16 -> b.getShort();
              case INT32 -> b.getInt();
              case FLOAT32 -> b.getFloat();
              case FLOAT64 -> b.getDouble();
            };
        if (floats != null) floats[at] = images ? (float) v / 255f : (float) v;
        else doubles[at] = target == DType.FLOAT64 ? v : target.round(v);
      }
    }
  }

  private static <T> T nonNull(String call, String name, T value) {
    if (value == null) throw new IllegalArgumentException(call + ": " + name + " is null");
    return value;
  }
}
