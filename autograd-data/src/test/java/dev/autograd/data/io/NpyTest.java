package dev.autograd.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.MemoryScope;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code .npy} reader and writer against the files NumPy wrote ({@code make_golden.py} beside
 * this class's resources; the values are recomputed here from the script's formulas).
 */
class NpyTest {
  @TempDir Path dir;

  static Path golden(String name) {
    try {
      return Path.of(NpyTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The script's values: element i of a C-order array of that kind ('f', 'i', 'u' or 'b'). */
  static double value(char kind, int i) {
    switch (kind) {
      case 'f':
        return (i - 2.5) / 3;
      case 'i':
        return i * 37 - 100;
      case 'u':
        return i * 41 + 3;
      default:
        return i % 3 == 0 ? 1 : 0;
    }
  }

  /**
   * A tensor whose storage its MemoryScope gave back: reading its values throws, which makes a
   * writer fail halfway.
   */
  static Tensor released() {
    try (MemoryScope scope = MemoryScope.open()) {
      return Tensor.zeros(300, 300);
    }
  }

  static double[] values(char kind, int n, DType dtype) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = dtype.round(value(kind, i));
    return out;
  }

  @Test
  void readsEveryDtypeInEitherByteOrderWidenedToTheLibrarysTypes() throws IOException {
    List<String> names =
        List.of(
            "f4_le", "f4_be", "f8_le", "f8_be", "i8_le", "i8_be", "i4_le", "i4_be", "i2_le",
            "i2_be", "i1_na", "u1_na", "b1_na", "u2_le", "u2_be", "u4_le", "u4_be", "u8_le",
            "u8_be");
    for (String name : names) {
      Tensor t = Npy.load(golden("read_" + name + ".npy"));
      char kind = name.charAt(0);
      DType expected =
          name.startsWith("f4")
              ? DType.FLOAT32
              : name.startsWith("f8") ? DType.FLOAT64 : kind == 'b' ? DType.BOOL : DType.INT64;
      assertEquals(expected, t.dtype(), name);
      assertArrayEquals(new int[] {2, 3}, t.shape(), name);
      assertArrayEquals(values(kind, 6, expected), t.toDoubleArray(), name);
    }
  }

  @Test
  void readsColumnMajorArraysIntoTheSameShapeAndValues() throws IOException {
    Tensor f8 = Npy.load(golden("fortran_f8.npy"));
    assertArrayEquals(new int[] {2, 3, 4}, f8.shape());
    assertArrayEquals(values('f', 24, DType.FLOAT64), f8.toDoubleArray());
    assertEquals(value('f', 1 * 12 + 2 * 4 + 3), f8.get(1, 2, 3));
    Tensor i2 = Npy.load(golden("fortran_i2.npy"));
    assertArrayEquals(new int[] {3, 2}, i2.shape());
    assertArrayEquals(values('i', 6, DType.INT64), i2.toDoubleArray());
  }

  @Test
  void readsFormatVersions2And3() throws IOException {
    Tensor v2 = Npy.load(golden("version2_f4.npy"));
    assertEquals(DType.FLOAT32, v2.dtype());
    assertArrayEquals(values('f', 6, DType.FLOAT32), v2.toDoubleArray());
    Tensor v3 = Npy.load(golden("version3_i4.npy"));
    assertArrayEquals(new int[] {2, 3}, v3.shape());
    assertArrayEquals(values('i', 6, DType.INT64), v3.toDoubleArray());
  }

  @Test
  void readsZeroDimAndEmptyArrays() throws IOException {
    Tensor scalar = Npy.load(golden("scalar_f8.npy"));
    assertEquals(0, scalar.dim());
    assertEquals(2.5, scalar.item());
    Tensor empty = Npy.load(golden("empty_f4.npy"));
    assertArrayEquals(new int[] {0}, empty.shape());
    assertEquals(DType.FLOAT32, empty.dtype());
    Tensor empty3 = Npy.load(golden("empty_i8.npy"));
    assertArrayEquals(new int[] {2, 0, 3}, empty3.shape());
    assertEquals(DType.INT64, empty3.dtype());
  }

  @Test
  void readsExtremeValuesExactly() throws IOException {
    double[] f8 = Npy.load(golden("extremes_f8.npy")).toDoubleArray();
    assertTrue(Double.isNaN(f8[0]));
    assertArrayEquals(
        new double[] {
          Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY,
          -0.0,
          Double.MIN_VALUE,
          Double.MAX_VALUE
        },
        Arrays.copyOfRange(f8, 1, 6));
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(f8[3]));
    float[] f4 = Npy.load(golden("extremes_f4.npy")).toFloatArray();
    assertTrue(Float.isNaN(f4[0]));
    assertArrayEquals(
        new float[] {
          Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE
        },
        Arrays.copyOfRange(f4, 1, 6));
    assertArrayEquals(
        new double[] {1L << 53, -(1L << 53), 0},
        Npy.load(golden("extremes_i8.npy")).toDoubleArray());
    assertArrayEquals(
        new double[] {0, 4294967295.0}, Npy.load(golden("extremes_u4.npy")).toDoubleArray());
    assertArrayEquals(
        new double[] {-32768, 32767}, Npy.load(golden("extremes_i2.npy")).toDoubleArray());
  }

  static TensorException refused(Path file) {
    TensorException e = assertThrows(TensorException.class, () -> Npy.load(file));
    assertTrue(e.getMessage().startsWith("Npy.load: " + file + ": "), e.getMessage());
    return e;
  }

  static void assertMentions(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "no \"" + part + "\" in: " + e.getMessage());
    }
  }

  @Test
  void refusesIntegersBeyondWhatInt64TensorsHoldExactly() {
    assertMentions(refused(golden("bad_i8_beyond_2_53.npy")), "element 1", "9007199254740993");
  }

  @Test
  void refusesObjectArraysAndUnknownDtypesNamingThem() {
    assertMentions(refused(golden("bad_object.npy")), "'|O'", "pickle", "<f4");
    assertMentions(refused(golden("bad_complex.npy")), "'<c8'", "not one this reader reads");
  }

  /** A .npy file with the given header text (padded as NumPy does) and data bytes. */
  static byte[] npy(int major, String dict, byte[] data) {
    byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
    int lengthBytes = major == 1 ? 2 : 4;
    ByteBuffer b =
        ByteBuffer.allocate(8 + lengthBytes + text.length + data.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put(NpyFormat.MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) b.putShort((short) text.length);
    else b.putInt(text.length);
    return b.put(text).put(data).array();
  }

  Path file(byte[] bytes) throws IOException {
    Path p = Files.createTempFile(dir, "crafted", ".npy");
    Files.write(p, bytes);
    return p;
  }

  TensorException refusedHeader(String dict, byte[] data) throws IOException {
    return refused(file(npy(1, dict, data)));
  }

  @Test
  void refusesAWrongMagicStringShowingTheBytesFound() throws IOException {
    assertMentions(
        refused(file("PK\3\4 a zip".getBytes(StandardCharsets.ISO_8859_1))),
        "not a .npy file",
        "50 4b 03 04",
        "\\x93NUMPY");
    assertMentions(refused(file(new byte[0])), "the file is empty");
  }

  @Test
  void refusesAnUnknownFormatVersion() throws IOException {
    byte[] bytes = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", new byte[4]);
    bytes[6] = 4;
    assertMentions(refused(file(bytes)), "version is 4.0", "1.0, 2.0 and 3.0");
  }

  @Test
  void refusesTruncatedAndOverlongDataNamingTheSizes() throws IOException {
    byte[] whole = Files.readAllBytes(golden("read_f8_le.npy"));
    assertMentions(
        refused(file(Arrays.copyOf(whole, whole.length - 5))),
        "<f8 of shape (2, 3), 48 bytes of data",
        "43 bytes follow the header",
        "truncated");
    assertMentions(
        refused(file(Arrays.copyOf(whole, whole.length + 1))), "48 bytes of data", "49 bytes");
    assertMentions(
        refused(file(Arrays.copyOf(whole, 40))),
        "header length is 118 bytes, more than the 30 that follow it (the file is truncated)");
  }

  @Test
  void refusesAHugeShapeBeforeAllocatingAnything() throws IOException {
    assertMentions(
        refusedHeader(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000), }",
            new byte[16]),
        "(1000000, 1000000)",
        "more than the 2147483647 elements");
    // Within a tensor's limit, but not within the file: refused from the sizes alone.
    assertMentions(
        refusedHeader(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (200000000,), }", new byte[16]),
        "1600000000 bytes of data",
        "16 bytes follow");
    assertMentions(
        refused(file(Arrays.copyOf(npy(2, "{", new byte[0]), 12))), "header length is 1 bytes");
    byte[] longHeader = npy(2, "{", new byte[0]);
    ByteBuffer.wrap(longHeader).order(ByteOrder.LITTLE_ENDIAN).putInt(8, Integer.MAX_VALUE);
    assertMentions(refused(file(longHeader)), "over the limit of 65535");
  }

  @Test
  void refusesHeadersThatAreNotTheDictNumpyWrites() throws IOException {
    byte[] four = new byte[4];
    assertMentions(refusedHeader("{'descr': '<f4', 'shape': (), }", four), "no 'fortran_order'");
    assertMentions(
        refusedHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': True}", four),
        "key 'x'");
    assertMentions(
        refusedHeader(
            "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': ()}", four),
        "'descr' twice");
    assertMentions(
        refusedHeader("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': ()}", four),
        "structured dtype");
    assertMentions(
        refusedHeader("{'descr': '<f4', 'fortran_order': 0, 'shape': ()}", four),
        "expected a string, True, False or a tuple",
        "'0' at character 34");
    assertMentions(
        refusedHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1)}", four),
        "trailing comma");
    assertMentions(
        refusedHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", four),
        "negative size at dim 0");
    assertMentions(
        refusedHeader("{'descr': '<f4', 'fortran_order': 'no', 'shape': ()}", four),
        "'fortran_order' should be True or False, got the string 'no'");
    assertMentions(
        refusedHeader("{'descr': '<f4', 'fortran_order': False, 'shape': ()} x", four),
        "nothing but spaces after the dict");
    assertMentions(
        refusedHeader("{'descr': '|f4', 'fortran_order': False, 'shape': ()}", four),
        "'|f4', not one");
    assertMentions(refusedHeader("{'descr': '<f4", four), "a string closed by '");
  }

  @Test
  void readsHeadersInAnyKeyOrderWithDoubleQuotesAndPython2Longs() throws IOException {
    Path p =
        file(
            npy(
                1,
                "{\"shape\": (2L,), \"fortran_order\": False, \"descr\": \">i4\"}\n",
                new byte[] {0, 0, 0, 7, -1, -1, -1, -2}));
    assertArrayEquals(new double[] {7, -2}, Npy.load(p).toDoubleArray());
  }

  @Test
  void writesTheBytesNumpySaveWrites() throws IOException {
    double[] mixed = {1.5, -2.0, 0.1, 3.0, 1e-8, -0.0};
    assertWritesGolden("written_f4.npy", Tensor.of(mixed, DType.FLOAT32, 2, 3), 1);
    assertWritesGolden("written_f8.npy", Tensor.of(mixed, DType.FLOAT64, 2, 3), 1);
    assertWritesGolden(
        "written_i8.npy", Tensor.of(new long[] {1, -2, 3, 1L << 53, -7, 0}, 2, 3), 1);
    assertWritesGolden("written_b1.npy", Tensor.of(new double[] {1, 0, 1}, DType.BOOL), 1);
    assertWritesGolden("written_scalar_f8.npy", Tensor.scalar(2.5, DType.FLOAT64), 1);
    assertWritesGolden("written_empty_f4.npy", Tensor.zeros(0, 3), 1);
    assertWritesGolden(
        "written_long_b1.npy", Tensor.of(values('b', 12345, DType.BOOL), DType.BOOL), 1);
    assertWritesGolden("written_version2_f4.npy", Tensor.of(mixed, DType.FLOAT32, 2, 3), 2);
  }

  private void assertWritesGolden(String golden, Tensor t, int major) throws IOException {
    Path ours = dir.resolve(golden);
    Npy.save(ours, t, major);
    assertArrayEquals(Files.readAllBytes(golden(golden)), Files.readAllBytes(ours), golden);
  }

  @Test
  void writesAViewAsItsValuesInCOrderAndReadsItBack() throws IOException {
    Tensor t = Tensor.arange(12).reshape(3, 4).to(DType.FLOAT64).transpose(0, 1);
    Path p = dir.resolve("view.npy");
    Npy.save(p, t);
    Tensor back = Npy.load(p);
    assertArrayEquals(new int[] {4, 3}, back.shape());
    assertArrayEquals(t.toDoubleArray(), back.toDoubleArray());
    assertEquals(DType.FLOAT64, back.dtype());
  }

  @Test
  void roundTripsEachTypeAndLeavesNoTemporaryFile() throws IOException {
    for (DType dtype : DType.values()) {
      Tensor t = Tensor.of(values('i', 10000, dtype), dtype, 100, 100);
      Path p = dir.resolve(dtype + ".npy");
      Npy.save(p, t);
      Tensor back = Npy.load(p);
      assertEquals(dtype, back.dtype());
      assertArrayEquals(t.toDoubleArray(), back.toDoubleArray(), dtype.toString());
    }
    try (var files = Files.list(dir)) {
      assertEquals(4, files.count());
    }
  }

  @Test
  void badArgumentsNameTheCall() {
    Path p = dir.resolve("x.npy");
    assertMentions(
        assertThrows(IllegalArgumentException.class, () -> Npy.save(p, Tensor.zeros(1), 3)),
        "Npy.save",
        "1 or 2",
        "got 3");
    assertMentions(
        assertThrows(IllegalArgumentException.class, () -> Npy.save(p, null)),
        "Npy.save: tensor is null");
    assertMentions(
        assertThrows(IllegalArgumentException.class, () -> Npy.load(null)),
        "Npy.load: path is null");
  }
}
