package dev.autograd.io;

import dev.autograd.DType;
import dev.autograd.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a state dict in the layout of {@code torch.save}: a zip archive of uncompressed records
 * under {@code archive/}, each record's data starting on a 64-byte boundary (as PyTorch aligns
 * them, so that its reader can map storages), with a pickle that uses only the opcodes PyTorch
 * 1.13's weights-only unpickler accepts.
 */
final class TorchZipWriter {
  private static final String FOLDER = "archive/";
  private static final int ALIGNMENT = 64;

  /** A zip extra field id that no tool interprets, as PyTorch pads with. */
  private static final int PADDING_FIELD_ID = 0x4246;

  /** A fixed time, so that the same state dict always gives the same bytes. */
  private static final long FIXED_TIME = 315532800000L + 12 * 3600 * 1000L;

  private TorchZipWriter() {}

  static void write(OutputStream target, List<String> names, List<Tensor> tensors)
      throws IOException {
    CountingStream counted = new CountingStream(target);
    ZipOutputStream zip = new ZipOutputStream(counted, StandardCharsets.UTF_8);
    zip.setMethod(ZipOutputStream.STORED);
    record(zip, counted, "data.pkl", pickle(names, tensors));
    record(zip, counted, "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < tensors.size(); i++)
      storage(zip, counted, Integer.toString(i), tensors.get(i));
    record(zip, counted, "version", "3\n".getBytes(StandardCharsets.US_ASCII));
    zip.finish();
  }

  private static ZipEntry entry(CountingStream counted, String name, long size, long crc) {
    ZipEntry entry = new ZipEntry(FOLDER + name);
    entry.setMethod(ZipEntry.STORED);
    entry.setTime(FIXED_TIME);
    entry.setSize(size);
    entry.setCompressedSize(size);
    entry.setCrc(crc);
    int nameLength = entry.getName().getBytes(StandardCharsets.UTF_8).length;
    long dataStart = counted.count + 30 + nameLength + 4;
    int pad = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
    byte[] extra = new byte[4 + pad];
    extra[0] = (byte) PADDING_FIELD_ID;
    extra[1] = (byte) (PADDING_FIELD_ID >>> 8);
    extra[2] = (byte) pad;
    extra[3] = (byte) (pad >>> 8);
    entry.setExtra(extra);
    return entry;
  }

  private static void record(ZipOutputStream zip, CountingStream counted, String name, byte[] data)
      throws IOException {
    CRC32 crc = new CRC32();
    crc.update(data);
    zip.putNextEntry(entry(counted, name, data.length, crc.getValue()));
    zip.write(data);
    zip.closeEntry();
  }

  /**
   * Writes a tensor's values in row-major order, little-endian, in two passes (checksum, bytes).
   */
  private static void storage(ZipOutputStream zip, CountingStream counted, String key, Tensor t)
      throws IOException {
    StorageEncoder encoder = new StorageEncoder(t);
    CRC32 crc = new CRC32();
    encoder.forEachChunk(chunk -> crc.update(chunk.array(), 0, chunk.limit()));
    zip.putNextEntry(entry(counted, "data/" + key, encoder.bytes(), crc.getValue()));
    encoder.forEachChunk(chunk -> zip.write(chunk.array(), 0, chunk.limit()));
    zip.closeEntry();
  }

  /** A tensor's values as the bytes of its storage, produced a chunk at a time. */
  private static final class StorageEncoder {
    private static final int CHUNK_ELEMENTS = 8192;
    private final TorchFiles.StorageType type;
    private final Tensor flat;

    interface ChunkSink {
      void accept(ByteBuffer chunk) throws IOException;
    }

    StorageEncoder(Tensor t) {
      this.type = TorchFiles.StorageType.forWriting(t.dtype());
      this.flat = t.detach().reshape(t.numel());
    }

    long bytes() {
      return (long) flat.numel() * type.bytes;
    }

    void forEachChunk(ChunkSink sink) throws IOException {
      ByteBuffer buf =
          ByteBuffer.allocate(CHUNK_ELEMENTS * type.bytes).order(ByteOrder.LITTLE_ENDIAN);
      int n = flat.numel();
      for (int start = 0; start < n; start += CHUNK_ELEMENTS) {
        int len = Math.min(CHUNK_ELEMENTS, n - start);
        Tensor part = flat.narrow(0, start, len);
        buf.clear();
        if (flat.dtype() == DType.FLOAT32) {
          for (float v : part.toFloatArray()) buf.putFloat(v);
        } else {
          double[] values = part.toDoubleArray();
          for (double v : values) {
            if (type == TorchFiles.StorageType.DOUBLE) buf.putDouble(v);
            else if (type == TorchFiles.StorageType.LONG) buf.putLong((long) v);
            else buf.put((byte) (v != 0 ? 1 : 0));
          }
        }
        buf.flip();
        sink.accept(buf);
      }
    }
  }

  /** The pickle of an OrderedDict of tensors, each rebuilt by torch._utils._rebuild_tensor_v2. */
  private static byte[] pickle(List<String> names, List<Tensor> tensors) {
    Pickler p = new Pickler();
    p.proto();
    p.global("collections", "OrderedDict");
    p.emptyTuple();
    p.reduce();
    p.mark();
    for (int i = 0; i < names.size(); i++) {
      Tensor t = tensors.get(i);
      TorchFiles.StorageType type = TorchFiles.StorageType.forWriting(t.dtype());
      p.string(names.get(i));
      p.global("torch._utils", "_rebuild_tensor_v2");
      p.mark();
      p.mark();
      p.string("storage");
      p.global("torch", type.className);
      p.string(Integer.toString(i));
      p.string("cpu");
      p.integer(t.numel());
      p.tupleFromMark();
      p.persistentId();
      p.integer(0);
      int[] shape = t.shape();
      long[] sizes = new long[shape.length];
      long[] strides = new long[shape.length];
      long step = 1;
      for (int d = shape.length - 1; d >= 0; d--) {
        sizes[d] = shape[d];
        strides[d] = step;
        step *= Math.max(shape[d], 1);
      }
      p.intTuple(sizes);
      p.intTuple(strides);
      p.bool(false);
      p.global("collections", "OrderedDict");
      p.emptyTuple();
      p.reduce();
      p.tupleFromMark();
      p.reduce();
    }
    p.op('u'); // SETITEMS
    p.op('.'); // STOP
    return p.out.toByteArray();
  }

  /** Emits pickle protocol 2 opcodes; globals are written once and then taken from the memo. */
  private static final class Pickler {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> memo = new HashMap<>();

    void op(int code) {
      out.write(code);
    }

    void proto() {
      op(0x80);
      op(2);
    }

    void mark() {
      op('(');
    }

    void emptyTuple() {
      op(')');
    }

    void reduce() {
      op('R');
    }

    void persistentId() {
      op('Q');
    }

    void tupleFromMark() {
      op('t');
    }

    void bool(boolean v) {
      op(v ? 0x88 : 0x89);
    }

    void global(String module, String name) {
      String key = module + "\n" + name + "\n";
      Integer index = memo.get(key);
      if (index != null) {
        get(index);
        return;
      }
      op('c');
      out.writeBytes(key.getBytes(StandardCharsets.US_ASCII));
      index = memo.size();
      memo.put(key, index);
      put(index);
    }

    private void put(int index) {
      if (index < 256) {
        op('q');
        op(index);
      } else {
        op('r');
        int32(index);
      }
    }

    private void get(int index) {
      if (index < 256) {
        op('h');
        op(index);
      } else {
        op('j');
        int32(index);
      }
    }

    void string(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      op('X');
      int32(utf8.length);
      out.writeBytes(utf8);
    }

    void integer(long v) {
      if (v >= 0 && v < 256) {
        op('K');
        op((int) v);
      } else if (v >= 0 && v < 65536) {
        op('M');
        op((int) v & 0xff);
        op((int) (v >>> 8) & 0xff);
      } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
        op('J');
        int32((int) v);
      } else {
        op(0x8a); // LONG1, 8 bytes little-endian two's complement
        op(8);
        for (int i = 0; i < 8; i++) op((int) (v >>> (8 * i)) & 0xff);
      }
    }

    void intTuple(long[] values) {
      if (values.length == 0) {
        emptyTuple();
        return;
      }
      if (values.length > 3) mark();
      for (long v : values) integer(v);
      op(values.length > 3 ? 't' : 0x84 + values.length); // TUPLE, or TUPLE1..TUPLE3
    }

    private void int32(int v) {
      for (int i = 0; i < 4; i++) op((v >>> (8 * i)) & 0xff);
    }
  }

  /** Counts the bytes written, so that each record's data can be aligned. */
  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
