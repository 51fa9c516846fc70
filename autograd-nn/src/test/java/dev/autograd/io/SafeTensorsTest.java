package dev.autograd.io;

import static dev.autograd.io.SafeTensorsFiles.entry;
import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.MemoryScope;
import dev.autograd.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing and reading safetensors files: round trips, the reference layout, lazy reading. */
class SafeTensorsTest {
  @TempDir Path dir;

  /** Same dtype, shape and values, bit for bit (NaN payloads and the sign of zero included). */
  static void assertSameTensor(Tensor expected, Tensor actual, String name) {
    assertEquals(expected.dtype(), actual.dtype(), name + ": dtype");
    assertArrayEquals(expected.shape(), actual.shape(), name + ": shape");
    double[] e = expected.toDoubleArray();
    double[] a = actual.toDoubleArray();
    for (int i = 0; i < e.length; i++) {
      assertEquals(
          Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]), name + "[" + i + "]");
    }
  }

  private Map<String, Tensor> roundTrip(Map<String, Tensor> tensors) throws IOException {
    Path file = dir.resolve("t.safetensors");
    SafeTensors.save(file, tensors);
    Map<String, Tensor> back = SafeTensors.load(file);
    assertEquals(new TreeMap<>(tensors).keySet(), new TreeMap<>(back).keySet());
    tensors.forEach((name, t) -> assertSameTensor(t, back.get(name), name));
    return back;
  }

  @Test
  void everyDtypeRoundTrips() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put(
        "f32",
        Tensor.of(
            new float[] {
              0f, -0f, 1.5f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN, Float.NEGATIVE_INFINITY
            },
            7));
    tensors.put(
        "f64",
        Tensor.of(new double[] {Math.PI, -0.0, Double.MIN_VALUE, 1e308}, DType.FLOAT64, 2, 2));
    tensors.put("i64", Tensor.of(new long[] {-(1L << 53), -1, 0, 1L << 53}, 4));
    tensors.put("bool", Tensor.of(new double[] {1, 0, 0, 1, 1, 1}, DType.BOOL, 3, 2));
    roundTrip(tensors);
  }

  @Test
  void zeroDimAndEmptyTensorsRoundTrip() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("scalar", Tensor.scalar(2.5));
    tensors.put("scalar64", Tensor.scalar(1.0 / 3, DType.FLOAT64));
    tensors.put("empty", Tensor.zeros(0, 3));
    tensors.put("emptyInt", Tensor.zeros(DType.INT64, 2, 0));
    tensors.put("emptyBool", Tensor.zeros(DType.BOOL, 0));
    roundTrip(tensors);
  }

  @Test
  void anEmptyMapRoundTrips() throws IOException {
    assertTrue(roundTrip(Map.of()).isEmpty());
  }

  @Test
  void metadataRoundTripsInItsOrder() throws IOException {
    Path file = dir.resolve("m.safetensors");
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "pt");
    metadata.put("note", "quotes \" and \\ and\nnewlines, \u0001, é, 漢字, 😀");
    SafeTensors.save(file, Map.of("w", Tensor.ones(2)), metadata);
    try (SafeTensorsFile f = SafeTensors.open(file)) {
      assertEquals(List.copyOf(metadata.entrySet()), List.copyOf(f.metadata().entrySet()));
    }
  }

  @Test
  void withoutMetadataTheHeaderHasNone() throws IOException {
    Path file = dir.resolve("n.safetensors");
    SafeTensors.save(file, Map.of("w", Tensor.ones(2)));
    try (SafeTensorsFile f = SafeTensors.open(file)) {
      assertTrue(f.metadata().isEmpty());
    }
    assertFalse(
        new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains("__metadata"));
  }

  @Test
  void aViewIsWrittenAsItsContiguousValues() throws IOException {
    Tensor base = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor transposed = base.t();
    assertFalse(transposed.isContiguous());
    Map<String, Tensor> back = roundTrip(Map.of("t", transposed, "row", base.select(1, 1)));
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, back.get("t").toDoubleArray());
    assertTrue(back.get("t").isContiguous());
  }

  @Test
  void tensorsRequiringGradAreWrittenAndReadWithoutIt() throws IOException {
    Tensor w = Tensor.ones(3).requiresGrad(true);
    Tensor back = roundTrip(Map.of("w", w)).get("w");
    assertFalse(back.requiresGrad());
  }

  /**
   * The files of the reference implementation's own serialization tests (safetensors' Rust
   * tensor.rs: test_serialization, test_serialization_forced_alignement, test_empty): the same
   * tensors give the same bytes.
   */
  @Test
  void writesTheReferenceWritersBytes() throws IOException {
    float[] sixFloats = {0, 1, 2, 3, 4, 5};
    ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : sixFloats) data.putFloat(f);
    assertFileIs(
        Map.of("attn.0", Tensor.of(sixFloats, 1, 2, 3)),
        Map.of(),
        "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}",
        data.array());
    assertFileIs(
        Map.of("attn0", Tensor.of(sixFloats, 1, 1, 2, 3)),
        Map.of(),
        "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ",
        data.array());
    assertFileIs(Map.of(), Map.of(), "{}      ", new byte[0]);
    assertFileIs(
        Map.of(),
        Map.of("framework", "pt"),
        "{\"__metadata__\":{\"framework\":\"pt\"}}     ",
        new byte[0]);
  }

  private void assertFileIs(
      Map<String, Tensor> tensors, Map<String, String> metadata, String header, byte[] data)
      throws IOException {
    Path file = dir.resolve("ref.safetensors");
    SafeTensors.save(file, tensors, metadata);
    assertArrayEquals(SafeTensorsFiles.bytes(header, data), Files.readAllBytes(file), header);
  }

  @Test
  void tensorsAreLaidOutByAlignmentThenByName() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("b_bool", Tensor.zeros(DType.BOOL, 3));
    tensors.put("z_f32", Tensor.zeros(1));
    tensors.put("a_f32", Tensor.zeros(1));
    tensors.put("\uffff", Tensor.zeros(1)); // UTF-16 sorts it after U+1F600; UTF-8 before
    tensors.put("\ud83d\ude00", Tensor.zeros(1));
    tensors.put("f64", Tensor.zeros(DType.FLOAT64, 1));
    tensors.put("i64", Tensor.zeros(DType.INT64, 1));
    Path file = dir.resolve("order.safetensors");
    SafeTensors.save(file, tensors);
    try (SafeTensorsFile f = SafeTensors.open(file)) {
      assertEquals(
          List.of("i64", "f64", "a_f32", "z_f32", "\uffff", "\ud83d\ude00", "b_bool"), f.names());
    }
  }

  @Test
  void theHeaderIsPaddedToAMultipleOfEight() throws IOException {
    for (int length = 1; length <= 9; length++) {
      Path file = dir.resolve("pad" + length + ".safetensors");
      SafeTensors.save(file, Map.of("x".repeat(length), Tensor.zeros(DType.BOOL, 1)));
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
      long n = b.getLong(0);
      assertEquals(0, n % 8, "header length " + n);
      assertEquals('}', b.get((int) (8 + n - 1 - countTrailingSpaces(b, n))));
    }
  }

  private static int countTrailingSpaces(ByteBuffer b, long n) {
    int spaces = 0;
    while (b.get((int) (8 + n - 1 - spaces)) == ' ') spaces++;
    return spaces;
  }

  @Test
  void aReadTensorIsIndependentOfTheFile() throws IOException {
    Path file = dir.resolve("indep.safetensors");
    SafeTensors.save(file, Map.of("w", Tensor.of(new double[] {1, 2, 3}, 3)));
    Tensor w;
    try (SafeTensorsFile f = SafeTensors.open(file)) {
      w = f.get("w");
      assertEquals("F32", f.dtypeOf("w"));
      assertArrayEquals(new int[] {3}, f.shapeOf("w"));
      assertTrue(f.contains("w"));
      assertFalse(f.contains("v"));
    }
    Files.delete(file);
    assertArrayEquals(new double[] {1, 2, 3}, w.toDoubleArray());
    w.add_(Tensor.ones(3));
    assertArrayEquals(new double[] {2, 3, 4}, w.toDoubleArray());
  }

  /**
   * Only the tensor asked for is read: the others' bytes are overwritten after opening with bytes
   * no BOOL tensor may hold, and reading one of them would be refused.
   */
  @Test
  void getReadsOnlyTheTensorAskedFor() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (int i = 0; i < 200; i++) {
      tensors.put(String.format("t%03d", i), Tensor.full(i % 2, DType.BOOL, 16));
    }
    tensors.put("t100", Tensor.of(new double[] {1, 0, 1, 1}, DType.BOOL, 4));
    Path file = dir.resolve("many.safetensors");
    SafeTensors.save(file, tensors);
    try (SafeTensorsFile f = SafeTensors.open(file)) {
      assertEquals(200, f.names().size());
      byte[] bytes = Files.readAllBytes(file);
      long dataStart = 8 + ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
      long begin = 100 * 16; // t000..t099 before it, 16 bytes each
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        for (long at = dataStart; at < bytes.length; at++) {
          if (at < dataStart + begin || at >= dataStart + begin + 4) {
            raf.seek(at);
            raf.write(7);
          }
        }
      }
      assertArrayEquals(new double[] {1, 0, 1, 1}, f.get("t100").toDoubleArray());
      assertMessage(() -> f.get("t101"), "tensor 't101' holds the byte 0x07 at element 0");
    }
  }

  /** A sparse file larger than the heap: opened, and one small tensor taken from its end. */
  @Test
  void aFileLargerThanTheHeapOpensAndGivesItsSmallTensors() throws IOException {
    long rowBytes = 4L << 20; // one row of 2^20 floats
    long rows = Runtime.getRuntime().maxMemory() / rowBytes + 256;
    long big = rows * rowBytes;
    String header =
        "{"
            + entry("big", "F32", "[" + rows + ",1048576]", 0, big)
            + ","
            + entry("small", "F32", "[2]", big, big + 8)
            + "}";
    byte[] prefix = SafeTensorsFiles.bytes(header, new byte[0]);
    Path file = dir.resolve("huge.safetensors");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.write(prefix);
      raf.seek(prefix.length + big);
      ByteBuffer small = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      raf.write(small.putFloat(1.5f).putFloat(-2f).array());
    }
    assertTrue(Files.size(file) > Runtime.getRuntime().maxMemory());
    try (SafeTensorsFile f = SafeTensors.open(file)) {
      assertEquals(List.of("big", "small"), f.names());
      assertArrayEquals(new int[] {(int) rows, 1 << 20}, f.shapeOf("big"));
      assertArrayEquals(new double[] {1.5, -2}, f.get("small").toDoubleArray());
      if (rows * (1L << 20) > Integer.MAX_VALUE) {
        assertMessage(() -> f.get("big"), "more than the 2147483647 a tensor can hold");
      }
    }
  }

  @Test
  void anUnknownNameIsRefusedWithTheNamesTheFileHas() throws IOException {
    Path file = dir.resolve("names.safetensors");
    SafeTensors.save(file, Map.of("a", Tensor.ones(1), "b", Tensor.ones(1)));
    try (SafeTensorsFile f = SafeTensors.open(file)) {
      assertMessage(
          () -> f.get("c"), "SafeTensorsFile.get: " + file, "has no tensor 'c'; it has 2: a, b");
      assertMessage(() -> f.shapeOf("c"), "SafeTensorsFile.shapeOf: ", "no tensor 'c'");
      assertMessage(() -> f.dtypeOf(null), "SafeTensorsFile.dtypeOf: name is null");
    }
  }

  @Test
  void getAfterCloseIsRefusedButTheHeaderStaysReadable() throws IOException {
    Path file = dir.resolve("closed.safetensors");
    SafeTensors.save(file, Map.of("a", Tensor.ones(2)));
    SafeTensorsFile f = SafeTensors.open(file);
    f.close();
    assertMessage(() -> f.get("a"), "SafeTensorsFile.get: " + file + " is closed");
    assertArrayEquals(new int[] {2}, f.shapeOf("a"));
  }

  @Test
  void aFileShortenedAfterOpeningIsRefused() throws IOException {
    Path file = dir.resolve("shrunk.safetensors");
    SafeTensors.save(file, Map.of("a", Tensor.ones(4)));
    try (SafeTensorsFile f = SafeTensors.open(file)) {
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(raf.length() - 4);
      }
      assertMessage(() -> f.get("a"), "has been shortened to");
    }
  }

  @Test
  void badArgumentsToSaveAreRefusedBeforeAnythingIsWritten() throws IOException {
    Path file = dir.resolve("keep.safetensors");
    Files.write(file, new byte[] {42});
    Map<String, Tensor> withNull = new LinkedHashMap<>();
    withNull.put("a", null);
    assertMessage(
        () -> SafeTensors.save(file, withNull), "SafeTensors.save: the tensor 'a' is null");
    assertMessage(
        () -> SafeTensors.save(file, Map.of("__metadata__", Tensor.ones(1))),
        "SafeTensors.save: \"__metadata__\" cannot name a tensor");
    assertMessage(
        () -> SafeTensors.save(file, Map.of("a\ud800", Tensor.ones(1))),
        "SafeTensors.save: the name",
        "not valid Unicode");
    Map<String, String> nullValue = new LinkedHashMap<>();
    nullValue.put("k", null);
    assertMessage(
        () -> SafeTensors.save(file, Map.of(), nullValue),
        "SafeTensors.save: the metadata value of 'k' is null");
    assertMessage(() -> SafeTensors.save(null, Map.of()), "SafeTensors.save: path is null");
    assertMessage(() -> SafeTensors.load(null), "SafeTensors.load: path is null");
    assertMessage(() -> SafeTensors.open(null), "SafeTensors.open: path is null");
    assertArrayEquals(new byte[] {42}, Files.readAllBytes(file));
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path file = dir.resolve("atomic.safetensors");
    SafeTensors.save(file, Map.of("old", Tensor.ones(1)));
    byte[] before = Files.readAllBytes(file);
    Tensor released;
    try (MemoryScope scope = MemoryScope.open()) {
      released = Tensor.ones(1 << 16).mul(2);
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("a", Tensor.ones(3));
    tensors.put("released", released); // its memory was given back: reading it fails mid-write
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> SafeTensors.save(file, tensors));
    assertTrue(e.getMessage().contains("MemoryScope"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  /** Writes a header of the given entries and data for a reading test. */
  private Path crafted(String header, byte[] data) throws IOException {
    return SafeTensorsFiles.write(dir, SafeTensorsFiles.bytes(header, data));
  }

  @Test
  void unsignedAndNarrowIntegersAreReadAsInt64() throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    ByteBuffer b = ByteBuffer.allocate(2 * 2 + 2 * 4 + 2 * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) 0xffff).putShort((short) 7);
    b.putInt(0xffffffff).putInt(3);
    b.putLong(1L << 53).putLong(0);
    data.writeBytes(b.array());
    String header =
        "{"
            + entry("u16", "U16", "[2]", 0, 4)
            + ","
            + entry("u32", "U32", "[2]", 4, 12)
            + ","
            + entry("u64", "U64", "[2]", 12, 28)
            + "}";
    Map<String, Tensor> t = SafeTensors.load(crafted(header, data.toByteArray()));
    assertSameTensor(Tensor.of(new long[] {65535, 7}, 2), t.get("u16"), "u16");
    assertSameTensor(Tensor.of(new long[] {4294967295L, 3}, 2), t.get("u32"), "u32");
    assertSameTensor(Tensor.of(new long[] {1L << 53, 0}, 2), t.get("u64"), "u64");
  }

  @Test
  void integersBeyondTwoToThe53AreRefused() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(1).putLong((1L << 53) + 1);
    Path i64 = crafted("{" + entry("big", "I64", "[2]", 0, 16) + "}", b.array());
    assertMessage(
        () -> SafeTensors.load(i64),
        "SafeTensors.load: "
            + i64
            + ": tensor 'big' holds 9007199254740993 at element 1, beyond ±2^53");
    ByteBuffer u = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L);
    Path u64 = crafted("{" + entry("u", "U64", "[]", 0, 8) + "}", u.array());
    assertMessage(() -> SafeTensors.load(u64), "holds 18446744073709551615 at element 0");
  }

  @Test
  void boolBytesOtherThanZeroAndOneAreRefused() throws IOException {
    Path file = crafted("{" + entry("m", "BOOL", "[3]", 0, 3) + "}", new byte[] {0, 1, 2});
    assertMessage(
        () -> SafeTensors.load(file), "tensor 'm' holds the byte 0x02 at element 2; BOOL elements");
  }

  @Test
  void float8TensorsAreRefusedWhileTheRestOfTheFileReads() throws IOException {
    String header =
        "{" + entry("f8", "F8_E4M3", "[2]", 0, 2) + "," + entry("ok", "U8", "[1]", 2, 3) + "}";
    Path file = crafted(header, new byte[] {1, 2, 9});
    try (SafeTensorsFile f = SafeTensors.open(file)) {
      assertEquals("F8_E4M3", f.dtypeOf("f8"));
      assertMessage(
          () -> f.get("f8"), "tensor 'f8' has dtype F8_E4M3, which this library does not read");
      assertArrayEquals(new double[] {9}, f.get("ok").toDoubleArray());
    }
  }

  @Test
  void theHeaderOrderNeedNotBeTheDataOrder() throws IOException {
    String header =
        "{" + entry("second", "U8", "[1]", 1, 2) + "," + entry("first", "U8", "[1]", 0, 1) + "}";
    Map<String, Tensor> t = SafeTensors.load(crafted(header, new byte[] {5, 6}));
    assertEquals(List.of("second", "first"), new ArrayList<>(t.keySet()));
    assertEquals(6, t.get("second").item());
    assertEquals(5, t.get("first").item());
  }

  @Test
  void keysOfAnEntryOtherThanTheFormatsAreIgnored() throws IOException {
    String header =
        "{\"a\":{\"extra\":[1,{\"x\":null}],\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
    assertEquals(3, SafeTensors.load(crafted(header, new byte[] {3})).get("a").item());
  }
}
