package dev.autograd.io;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * An open safetensors file, from {@link SafeTensors#open(Path)}: its header has been read and
 * checked, its tensors are read one at a time by {@link #get(String)}, each from a memory-mapped
 * view of its bytes. Opening a file costs only its header, so a file larger than the heap can be
 * opened and a few of its tensors taken.
 *
 * <pre>{@code
 * try (SafeTensorsFile file = SafeTensors.open(Path.of("model.safetensors"))) {
 *   System.out.println(file.names());                  // [0.bias, 0.weight, 2.bias, 2.weight]
 *   System.out.println(Arrays.toString(file.shapeOf("0.weight"))); // [8, 4]
 *   Tensor w = file.get("0.weight");                   // read now, and only this one
 * }
 * }</pre>
 *
 * <p>The tensors returned are new and independent of the file (they stay valid after {@link
 * #close()}); they do not require grad. The dtypes they get are listed in {@link SafeTensors}.
 * Methods may be called from several threads at once.
 */
public final class SafeTensorsFile implements AutoCloseable {
  /** Bytes mapped at once while a tensor is read: a mapping is limited to 2 GiB. */
  private static final long WINDOW = 1L << 30;

  /** Elements converted per step, through one small array. */
  private static final int BLOCK = 1 << 14;

  /** The largest magnitude an INT64 tensor of this library holds exactly. */
  private static final long EXACT_INTEGER = 1L << 53;

  private final Path path;
  private final FileChannel channel;
  private final SafeTensorsHeader header;
  private volatile boolean closed;

  private SafeTensorsFile(Path path, FileChannel channel, SafeTensorsHeader header) {
    this.path = path;
    this.channel = channel;
    this.header = header;
  }

  /** Opens and checks {@code path}; {@code op} names the user's call in messages. */
  static SafeTensorsFile open(Path path, String op) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      SafeTensorsHeader header = SafeTensorsHeader.read(channel, op + ": " + path);
      return new SafeTensorsFile(path, channel, header);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * The file this object reads.
   *
   * @return the path given to {@link SafeTensors#open(Path)}
   */
  public Path path() {
    return path;
  }

  /**
   * The names of the tensors, in the order of the file's header.
   *
   * @return an unmodifiable list
   */
  public List<String> names() {
    return List.copyOf(header.entries.keySet());
  }

  /**
   * Whether the file has a tensor of that name.
   *
   * @param name a tensor name
   * @return true if {@link #get(String)} would find it
   * @throws TensorException if {@code name} is null
   */
  public boolean contains(String name) {
    Arguments.requireNonNull("SafeTensorsFile.contains", "name", name);
    return header.entries.containsKey(name);
  }

  /**
   * The header's {@code __metadata__} map (free-form strings such as {@code "format": "pt"}).
   *
   * @return an unmodifiable map in the header's order; empty if the file has none
   */
  public Map<String, String> metadata() {
    return header.metadata;
  }

  /**
   * The dtype of a tensor as the file names it, without reading its data.
   *
   * @param name a tensor of the file
   * @return the format's name for the element type: {@code "F32"}, {@code "BF16"}, {@code "I64"},
   *     ... (see {@link SafeTensors} for the {@link DType} it is read as)
   * @throws TensorException if the file has no tensor of that name
   */
  public String dtypeOf(String name) {
    return entry("SafeTensorsFile.dtypeOf", name).dtype().code();
  }

  /**
   * The shape of a tensor, without reading its data.
   *
   * @param name a tensor of the file
   * @return a new array of its sizes; empty for a 0-d tensor
   * @throws TensorException if the file has no tensor of that name, or a size is beyond what an
   *     {@code int} holds (the file is valid; this library's tensors cannot have that size)
   */
  public int[] shapeOf(String name) {
    String op = "SafeTensorsFile.shapeOf";
    return intShape(entry(op, name), op);
  }

  /**
   * Reads one tensor from the file.
   *
   * @param name a tensor of the file
   * @return a new contiguous tensor of its shape and values, of the dtype listed in {@link
   *     SafeTensors}
   * @throws TensorException if the file has no tensor of that name, the file is closed, the tensor
   *     cannot be held by this library (a dtype it does not read, more than 2^31 - 1 elements, an
   *     integer beyond ±2^53, a BOOL byte other than 0 or 1), or the file has been shortened since
   *     it was opened
   * @throws IOException if reading fails
   */
  public Tensor get(String name) throws IOException {
    return read(name, "SafeTensorsFile.get");
  }

  /** Reads tensor {@code name}; {@code op} names the user's call in messages. */
  Tensor read(String name, String op) throws IOException {
    SafeTensorsHeader.Entry e = entry(op, name);
    String tensor = op + ": " + path + ": tensor '" + name + "'";
    DType dtype = e.dtype().loadedAs;
    if (dtype == null) {
      throw new TensorException(
          tensor + " has dtype " + e.dtype().code() + ", which this library does not read");
    }
    int[] shape = intShape(e, op);
    long numel = 1;
    for (int s : shape) numel *= s; // no overflow: the header checked numel * size
    if (numel > Integer.MAX_VALUE) {
      throw new TensorException(
          tensor + " has " + numel + " elements, more than the 2147483647 a tensor can hold");
    }
    if (closed) throw new TensorException(op + ": " + path + " is closed");
    long size = channel.size();
    if (size < header.dataStart + e.end()) {
      throw new TensorException(
          op + ": " + path + " has been shortened to " + size + " bytes since it was opened");
    }
    Tensor out = Tensor.zeros(dtype, shape);
    int n = (int) numel;
    if (n == 0) return out;
    Tensor flat = out.reshape(n);
    int width = e.dtype().size;
    int perWindow = (int) (WINDOW / width);
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      for (int start = 0; start < n; start += perWindow) {
        int count = Math.min(perWindow, n - start);
        ByteBuffer bytes =
            channel
                .map(
                    FileChannel.MapMode.READ_ONLY,
                    header.dataStart + e.begin() + (long) start * width,
                    (long) count * width)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i += BLOCK) {
          int k = Math.min(BLOCK, count - i);
          flat.narrow(0, start + i, k).copy_(decode(e.dtype(), bytes, i, k, start, tensor));
        }
      }
    }
    return out;
  }

  /**
   * Elements {@code from} to {@code from + k} of {@code bytes} as a 1-D tensor of the dtype they
   * are read as; {@code first} (the index of element 0 of {@code bytes} in the tensor) and {@code
   * tensor} are for messages.
   */
  private static Tensor decode(
      SafeTensorsDtype type, ByteBuffer bytes, int from, int k, long first, String tensor) {
    int w = type.size;
    if (type.loadedAs == DType.FLOAT32) {
      float[] values = new float[k];
      if (type == SafeTensorsDtype.F32) {
        bytes.position(from * w);
        bytes.asFloatBuffer().get(values);
      } else {
        boolean half = type == SafeTensorsDtype.F16;
        for (int i = 0; i < k; i++) {
          int bits = bytes.getShort((from + i) * w) & 0xffff;
          values[i] = half ? HalfFloats.fromHalfBits(bits) : HalfFloats.fromBfloat16Bits(bits);
        }
      }
      return Tensor.of(values, k);
    }
    double[] values = new double[k];
    for (int i = 0; i < k; i++) {
      int at = (from + i) * w;
      double v;
      switch (type) {
        case F64:
          v = bytes.getDouble(at);
          break;
        case I64:
        case U64:
          long l = bytes.getLong(at);
          boolean unsignedHigh = type == SafeTensorsDtype.U64 && l < 0;
          if (unsignedHigh || l > EXACT_INTEGER || l < -EXACT_INTEGER) {
            throw new TensorException(
                tensor
                    + " holds "
                    + (type == SafeTensorsDtype.U64 ? Long.toUnsignedString(l) : l)
                    + " at element "
                    + (first + from + i)
                    + ", beyond ±2^53, the range in which this library's INT64 tensors are exact");
          }
          v = l;
          break;
        case I32:
          v = bytes.getInt(at);
          break;
        case U32:
          v = bytes.getInt(at) & 0xffffffffL;
          break;
        case I16:
          v = bytes.getShort(at);
          break;
        case U16:
          v = bytes.getShort(at) & 0xffff;
          break;
        case I8:
          v = bytes.get(at);
          break;
        case U8:
          v = bytes.get(at) & 0xff;
          break;
        default: // BOOL
          byte b = bytes.get(at);
          if (b != 0 && b != 1) {
            throw new TensorException(
                String.format(
                    "%s holds the byte 0x%02x at element %d; BOOL elements are 0 or 1",
                    tensor, b & 0xff, first + from + i));
          }
          v = b;
      }
      values[i] = v;
    }
    return Tensor.of(values, type.loadedAs, k);
  }

  private SafeTensorsHeader.Entry entry(String op, String name) {
    Arguments.requireNonNull(op, "name", name);
    SafeTensorsHeader.Entry e = header.entries.get(name);
    if (e != null) return e;
    StringJoiner some = new StringJoiner(", ", "", header.entries.size() > 10 ? ", ..." : "");
    header.entries.keySet().stream().limit(10).forEach(some::add);
    throw new TensorException(
        op
            + ": "
            + path
            + " has no tensor '"
            + name
            + "'; it has "
            + header.entries.size()
            + (header.entries.isEmpty() ? "" : ": " + some));
  }

  private int[] intShape(SafeTensorsHeader.Entry e, String op) {
    long[] shape = e.shape();
    int[] out = new int[shape.length];
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] > Integer.MAX_VALUE) {
        throw new TensorException(
            op
                + ": "
                + path
                + ": tensor '"
                + e.name()
                + "' has shape "
                + Arrays.toString(shape)
                + "; a tensor's sizes are at most 2147483647");
      }
      out[d] = (int) shape[d];
    }
    return out;
  }

  /**
   * Closes the file. Tensors already read stay valid; {@link #get(String)} is refused afterwards,
   * while the header's information ({@link #names()}, {@link #shapeOf}, ...) stays available.
   *
   * @throws IOException if closing fails
   */
  @Override
  public void close() throws IOException {
    closed = true;
    channel.close();
  }
}
