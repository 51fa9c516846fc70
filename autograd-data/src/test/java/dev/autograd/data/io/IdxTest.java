package dev.autograd.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IDX reader and writer against the files of {@code golden/idx/make_idx.py} (Python's struct
 * and gzip): the values read are the script's formulas, and the writer's bytes are the script's.
 */
class IdxTest {
  @TempDir Path dir;

  static Path golden(String name) throws Exception {
    return Path.of(IdxTest.class.getResource("/golden/idx/" + name).toURI());
  }

  /** The script's pixel (n, r, c) of its 3 images of 4 x 5. */
  static double[] images() {
    double[] v = new double[60];
    int i = 0;
    for (int n = 0; n < 3; n++) {
      for (int r = 0; r < 4; r++)
        for (int c = 0; c < 5; c++) v[i++] = (n * 97 + r * 31 + c * 7) % 256;
    }
    return v;
  }

  static double[] labels() {
    double[] v = new double[10];
    for (int i = 0; i < 10; i++) v[i] = i * 3 % 10;
    return v;
  }

  static double[] floats() {
    double[] v = new double[10];
    for (int i = 0; i < 10; i++) v[i] = (i - 5) / 4.0;
    return v;
  }

  static double[] doubles() {
    double[] v = new double[4];
    for (int i = 0; i < 4; i++) v[i] = 1e-3 * i;
    return v;
  }

  /** The bytes of {@code file}, decompressed if it is gzipped. */
  static byte[] content(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length > 1 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        return in.readAllBytes();
      }
    }
    return bytes;
  }

  @Test
  void readsUnsignedBytesExactlyAsInt64() throws Exception {
    Tensor t = Idx.read(golden("images-u8"));
    assertEquals(DType.INT64, t.dtype());
    assertArrayEquals(new int[] {3, 4, 5}, t.shape());
    assertArrayEquals(images(), t.toDoubleArray());
    Tensor labels = Idx.read(golden("labels-u8"));
    assertArrayEquals(new int[] {10}, labels.shape());
    assertArrayEquals(labels(), labels.toDoubleArray());
  }

  @Test
  void readsGzippedFilesByTheirSignature() throws Exception {
    Tensor t = Idx.read(golden("images-u8.gz"));
    assertArrayEquals(new int[] {3, 4, 5}, t.shape());
    assertArrayEquals(images(), t.toDoubleArray());
    // the signature decides, not the name
    Path renamed = dir.resolve("images");
    Files.copy(golden("images-u8.gz"), renamed);
    assertArrayEquals(images(), Idx.read(renamed).toDoubleArray());
  }

  @Test
  void readsEverySignedIntegerType() throws Exception {
    Tensor i8 = Idx.read(golden("values-i8"));
    assertEquals(DType.INT64, i8.dtype());
    assertArrayEquals(new double[] {-128, -1, 0, 1, 2, 127}, i8.toDoubleArray());
    Tensor i16 = Idx.read(golden("values-i16"));
    assertArrayEquals(new int[] {2, 3}, i16.shape());
    assertArrayEquals(new double[] {-32768, -300, 0, 1, 300, 32767}, i16.toDoubleArray());
    Tensor i32 = Idx.read(golden("values-i32"));
    assertArrayEquals(
        new double[] {Integer.MIN_VALUE, -1, 65536, Integer.MAX_VALUE}, i32.toDoubleArray());
  }

  @Test
  void readsFloatsInTheirOwnPrecision() throws Exception {
    Tensor f32 = Idx.read(golden("values-f32"));
    assertEquals(DType.FLOAT32, f32.dtype());
    assertArrayEquals(new int[] {2, 5}, f32.shape());
    assertArrayEquals(floats(), f32.toDoubleArray());
    Tensor f64 = Idx.read(golden("values-f64.gz"));
    assertEquals(DType.FLOAT64, f64.dtype());
    assertArrayEquals(doubles(), f64.toDoubleArray()); // bit for bit: 1e-3 * i in double
  }

  @Test
  void readImagesScalesBytesToTheUnitInterval() throws Exception {
    Tensor t = Idx.readImages(golden("images-u8.gz"));
    assertEquals(DType.FLOAT32, t.dtype());
    assertArrayEquals(new int[] {3, 4, 5}, t.shape());
    float[] got = t.toFloatArray();
    double[] pixels = images();
    for (int i = 0; i < got.length; i++) assertEquals((float) pixels[i] / 255f, got[i]);
    var e = assertThrows(TensorException.class, () -> Idx.readImages(golden("values-i16")));
    assertTrue(e.getMessage().contains("holds INT16 values"), e.getMessage());
  }

  @Test
  void readConvertsToTheDtypeAsked() throws Exception {
    Tensor t = Idx.read(golden("images-u8"), DType.FLOAT32);
    assertEquals(DType.FLOAT32, t.dtype());
    assertArrayEquals(images(), t.toDoubleArray());
    Tensor truncatedTowardZero = Idx.read(golden("values-f32"), DType.INT64);
    assertArrayEquals(
        new double[] {-1, -1, 0, 0, 0, 0, 0, 0, 0, 1}, truncatedTowardZero.toDoubleArray());
  }

  @Test
  void theWriterGivesTheScriptsBytes() throws Exception {
    Object[][] cases = {
      {"images-u8", Tensor.of(images(), DType.INT64, 3, 4, 5), IdxType.UINT8},
      {"images-u8.gz", Tensor.of(images(), DType.FLOAT32, 3, 4, 5), IdxType.UINT8},
      {"labels-u8", Tensor.of(labels(), DType.INT64), IdxType.UINT8},
      {"values-i8", Tensor.of(new double[] {-128, -1, 0, 1, 2, 127}), IdxType.INT8},
      {
        "values-i16",
        Tensor.of(new double[] {-32768, -300, 0, 1, 300, 32767}, DType.INT64, 2, 3),
        IdxType.INT16
      },
      {
        "values-i32",
        Tensor.of(
            new double[] {Integer.MIN_VALUE, -1, 65536, Integer.MAX_VALUE}, DType.FLOAT64, 2, 2),
        IdxType.INT32
      },
      {"values-f32", Tensor.of(floats(), 2, 5), IdxType.FLOAT32},
      {"values-f64.gz", Tensor.of(doubles(), DType.FLOAT64), IdxType.FLOAT64},
    };
    for (Object[] c : cases) {
      String name = (String) c[0];
      Path mine = dir.resolve(name);
      Idx.write(mine, (Tensor) c[1], (IdxType) c[2]);
      assertArrayEquals(content(golden(name)), content(mine), name);
      if (name.endsWith(".gz")) {
        byte[] raw = Files.readAllBytes(mine);
        assertEquals(0x1f, raw[0] & 0xff, name + " is gzipped");
        assertEquals(0x8b, raw[1] & 0xff, name + " is gzipped");
      }
    }
  }

  @Test
  void writesViewsInRowMajorOrder() throws Exception {
    Tensor t = Tensor.arange(6).reshape(2, 3).transpose(0, 1); // [[0, 3], [1, 4], [2, 5]]
    Path file = dir.resolve("t-idx2-ubyte");
    Idx.write(file, t, IdxType.UINT8);
    Tensor back = Idx.read(file);
    assertArrayEquals(new int[] {3, 2}, back.shape());
    assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, back.toDoubleArray());
  }

  @Test
  void aValueOutsideTheTypeIsRefusedAndNothingIsWritten() throws Exception {
    Path file = dir.resolve("labels");
    Tensor t = Tensor.of(new double[] {1, 2, 256, 3}, DType.INT64, 2, 2);
    var e = assertThrows(IllegalArgumentException.class, () -> Idx.write(file, t, IdxType.UINT8));
    assertTrue(e.getMessage().contains("256.0 at index [1, 0]"), e.getMessage());
    assertTrue(e.getMessage().contains("[0, 255]"), e.getMessage());
    var half =
        assertThrows(
            IllegalArgumentException.class,
            () -> Idx.write(file, Tensor.of(new double[] {0.5}), IdxType.INT32));
    assertTrue(half.getMessage().contains("not a whole number"), half.getMessage());
    var big =
        assertThrows(
            IllegalArgumentException.class,
            () -> Idx.write(file, Tensor.of(new double[] {1e39}, DType.FLOAT64), IdxType.FLOAT32));
    assertTrue(big.getMessage().contains("beyond the range of FLOAT32"), big.getMessage());
    var scalar =
        assertThrows(
            IllegalArgumentException.class, () -> Idx.write(file, Tensor.scalar(1), IdxType.UINT8));
    assertTrue(scalar.getMessage().contains("shape []"), scalar.getMessage());
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "nothing written, no temporary file");
    }
  }

  @Test
  void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("labels");
    Idx.write(file, Tensor.of(labels(), DType.INT64), IdxType.UINT8);
    byte[] before = Files.readAllBytes(file);
    assertThrows(
        IllegalArgumentException.class,
        () -> Idx.write(file, Tensor.of(new double[] {-1}), IdxType.UINT8));
    assertArrayEquals(before, Files.readAllBytes(file));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  /** Writes {@code bytes} to a file of the test folder. */
  Path file(String name, byte[] bytes) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, bytes);
    return f;
  }

  static byte[] header(int type, int... shape) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length);
    b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) shape.length);
    for (int s : shape) b.putInt(s);
    return b.array();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static String readError(Path file) {
    return assertThrows(TensorException.class, () -> Idx.read(file)).getMessage();
  }

  @Test
  void aBadMagicNumberIsNamedWithTheFile() throws Exception {
    Path f =
        file(
            "not-idx", "PK\u0003\u0004 a zip".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    String m = readError(f);
    assertTrue(m.startsWith("Idx.read: " + f + " is not an IDX file"), m);
    assertTrue(m.contains("50 4B 03 04"), m);
  }

  @Test
  void anUnknownTypeCodeListsTheKnownOnes() throws Exception {
    String m = readError(file("odd", concat(header(0x0A, 2), new byte[2])));
    assertTrue(m.contains("unknown type code 0x0A"), m);
    assertTrue(m.contains("0x08 (UINT8)") && m.contains("0x0E (FLOAT64)"), m);
  }

  @Test
  void aTruncatedFileSaysHowMuchIsMissing() throws Exception {
    Path f = file("short", concat(header(0x0C, 2, 3), new byte[20]));
    String m = readError(f);
    assertTrue(m.contains(f + " is cut short"), m);
    assertTrue(
        m.contains("INT32 values of shape [2, 3], 24 bytes of data, but the file holds 20"), m);
    String inHeader = readError(file("header", Arrays.copyOf(header(0x08, 2, 3), 9)));
    assertTrue(inHeader.contains("ends within its header"), inHeader);
    String tiny = readError(file("tiny", new byte[] {0, 0}));
    assertTrue(tiny.contains("ends after 2 bytes"), tiny);
  }

  @Test
  void aTruncatedGzippedFileIsNamed() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(concat(header(0x08, 100), new byte[60]));
    }
    Path f = file("short.gz", bytes.toByteArray());
    String m = readError(f);
    assertTrue(
        m.contains("cut short") && m.contains("100 bytes of data, but the file holds 60"), m);
    byte[] whole = Files.readAllBytes(golden("images-u8.gz"));
    String cut = readError(file("cut.gz", Arrays.copyOf(whole, whole.length - 12)));
    assertTrue(cut.contains("cut.gz"), cut);
  }

  @Test
  void trailingBytesAreRefused() throws Exception {
    String m = readError(file("long", concat(header(0x08, 4), new byte[7])));
    assertTrue(m.contains("has 3 bytes after its last value"), m);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(concat(header(0x08, 4), new byte[5]));
    }
    String gz = readError(file("long.gz", bytes.toByteArray()));
    assertTrue(gz.contains("has 1 bytes after its last value"), gz);
  }

  @Test
  void anImpossibleSizeFailsBeforeAllocating() throws Exception {
    // 2^16 x 2^16 x 2^16 values: refused from the header alone
    String huge = readError(file("huge", header(0x0E, 65536, 65536, 65536)));
    assertTrue(huge.contains("more than a tensor holds"), huge);
    // a plausible header over a small file: refused by the file's size
    String big = readError(file("big", concat(header(0x0D, 60000, 784), new byte[16])));
    assertTrue(big.contains("188160000 bytes of data, but the file holds 16"), big);
    String negative = readError(file("negative", header(0x08, 3, -2)));
    assertTrue(negative.contains("dimension 1 has the negative size -2"), negative);
    String none = readError(file("none", header(0x08)));
    assertTrue(none.contains("declares 0 dimensions"), none);
  }

  @Test
  void anEmptyDimensionReadsAsAnEmptyTensor() throws Exception {
    Tensor t = Idx.read(file("empty", header(0x08, 0, 28, 28)));
    assertArrayEquals(new int[] {0, 28, 28}, t.shape());
  }

  @Test
  void nullArgumentsAreNamed() {
    var e = assertThrows(IllegalArgumentException.class, () -> Idx.read(null));
    assertEquals("Idx.read: file is null", e.getMessage());
    var t =
        assertThrows(
            IllegalArgumentException.class, () -> Idx.write(dir.resolve("x"), null, IdxType.UINT8));
    assertEquals("Idx.write: tensor is null", t.getMessage());
  }
}
