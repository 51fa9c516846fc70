package dev.autograd.io;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.nn.Linear;
import dev.autograd.nn.Module;
import dev.autograd.nn.Sequential;
import dev.autograd.nn.Tanh;
import dev.autograd.testing.Golden;
import dev.autograd.testing.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TorchFiles} against files written by PyTorch 1.13 ({@code interop/torch_files.py} writes
 * them and {@code torch_files.json}, and checks with PyTorch the file this library writes), and
 * against damaged and hostile files.
 */
class TorchFilesTest {
  private static final Map<String, Object> GOLDEN = Golden.load("/interop/torch_files.json");

  @TempDir Path dir;

  static Path fixture(String name) {
    try {
      return Path.of(TorchFilesTest.class.getResource("/interop/pt/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new AssertionError("missing test resource /interop/pt/" + name, e);
    }
  }

  private static Map<String, Object> section(String name) {
    return Json.asObject(GOLDEN.get(name));
  }

  private static double[] data(Map<String, Object> spec) {
    List<Object> items = Json.asList(spec.get("data"));
    double[] out = new double[items.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = items.get(i);
      if (v instanceof String) {
        String s = (String) v;
        out[i] =
            s.equals("inf")
                ? Double.POSITIVE_INFINITY
                : s.equals("-inf") ? Double.NEGATIVE_INFINITY : Double.NaN;
      } else {
        out[i] = Json.asDouble(v);
      }
    }
    return out;
  }

  private static int[] shape(Map<String, Object> spec) {
    return Json.asList(spec.get("shape")).stream().mapToInt(Json::asInt).toArray();
  }

  /** The tensor matches PyTorch's values exactly, with the dtype the class description states. */
  private static void assertLoadedAs(Map<String, Object> spec, DType dtype, Tensor t, String what) {
    assertEquals(dtype, t.dtype(), what);
    assertArrayEquals(shape(spec), t.shape(), what);
    assertArrayEquals(data(spec), t.toDoubleArray(), 0, what);
  }

  private static Module mlp() {
    return new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 3));
  }

  private static Tensor tensorOf(Map<String, Object> spec, DType dtype) {
    return Tensor.of(data(spec), dtype, shape(spec));
  }

  private static void assertClose(double[] expected, double[] actual, double rtol, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double tol = rtol * Math.max(1, Math.abs(expected[i]));
      assertEquals(expected[i], actual[i], tol, what + " [" + i + "]");
    }
  }

  // ---- reading PyTorch's files ----

  @Test
  void pytorchsMlpLoadsUnderItsOwnKeysAndGivesPyTorchsOutputs() throws IOException {
    Map<String, Object> golden = section("mlp");
    Map<String, Tensor> state = TorchFiles.loadStateDict(fixture("mlp.pt"));
    assertEquals(
        List.of("0.weight", "0.bias", "2.weight", "2.bias"), new ArrayList<>(state.keySet()));
    Map<String, Object> goldenState = Json.asObject(golden.get("state"));
    for (String key : state.keySet()) {
      assertLoadedAs(Json.asObject(goldenState.get(key)), DType.FLOAT32, state.get(key), key);
    }
    Module model = mlp();
    model.loadStateDict(state, true);
    Tensor out = model.forward(tensorOf(Json.asObject(golden.get("input")), DType.FLOAT32));
    assertClose(data(Json.asObject(golden.get("output"))), out.toDoubleArray(), 1e-6, "mlp output");
  }

  @Test
  void aFloat64MlpGivesPyTorchsOutputsToFloat64Precision() throws IOException {
    Map<String, Object> golden = section("mlp_float64");
    Module model = mlp().to(DType.FLOAT64);
    model.loadStateDict(TorchFiles.loadStateDict(fixture("mlp_float64.pt")), true);
    Tensor out = model.forward(tensorOf(Json.asObject(golden.get("input")), DType.FLOAT64));
    assertEquals(DType.FLOAT64, out.dtype());
    assertClose(data(Json.asObject(golden.get("output"))), out.toDoubleArray(), 1e-12, "output");
  }

  @Test
  void everyDtypeLoadsAsTheClassDescriptionStates() throws IOException {
    Map<String, Object> golden = section("dtypes");
    Map<String, DType> expected = new LinkedHashMap<>();
    for (String f : List.of("float32", "float16", "bfloat16", "matrix", "scalar", "empty")) {
      expected.put(f, DType.FLOAT32);
    }
    expected.put("float64", DType.FLOAT64);
    for (String i : List.of("int64", "int32", "int16", "int8", "uint8"))
      expected.put(i, DType.INT64);
    expected.put("bool", DType.BOOL);
    assertEquals(golden.keySet(), expected.keySet(), "the fixture's tensors");
    for (String file : List.of("dtypes.pt", "big_endian.pt")) {
      Map<String, Tensor> state = TorchFiles.loadStateDict(fixture(file));
      assertEquals(new ArrayList<>(golden.keySet()), new ArrayList<>(state.keySet()), file);
      for (Map.Entry<String, DType> e : expected.entrySet()) {
        assertLoadedAs(
            Json.asObject(golden.get(e.getKey())),
            e.getValue(),
            state.get(e.getKey()),
            file + " " + e.getKey());
      }
    }
  }

  @Test
  void aHalfPrecisionNaNStaysNaN() throws IOException {
    Tensor nan = TorchFiles.loadStateDict(fixture("nan.pt")).get("nan");
    assertEquals(DType.FLOAT32, nan.dtype());
    assertTrue(Double.isNaN(nan.item()));
  }

  @Test
  void int64ValuesPastTwoToThe53AreRefusedNamingTheValue() {
    assertMessage(
        () -> TorchFiles.loadStateDict(fixture("int64_huge.pt")),
        "TorchFiles.loadStateDict",
        "int64_huge.pt",
        "9007199254740993",
        "2^53");
  }

  @Test
  void viewsOfOneStorageGetTheirOwnOffsetsAndStrides() throws IOException {
    Map<String, Object> golden = section("views");
    assertEquals(1, Json.asList(GOLDEN.get("views_storage_records")).size(), "one shared storage");
    Map<String, Tensor> views = TorchFiles.loadStateDict(fixture("views.pt"));
    assertEquals(golden.keySet(), views.keySet());
    for (String key : golden.keySet()) {
      assertLoadedAs(Json.asObject(golden.get(key)), DType.FLOAT32, views.get(key), key);
    }
  }

  @Test
  void aCheckpointLoadsAsPlainJavaValuesAndItsStateDictByKey() throws IOException {
    Map<?, ?> checkpoint = assertInstanceOf(Map.class, TorchFiles.load(fixture("checkpoint.pt")));
    assertEquals(
        List.of("model", "epoch", "lr", "name", "history", "flags", "big", "negative"),
        new ArrayList<>(checkpoint.keySet()));
    assertEquals(3L, checkpoint.get("epoch"));
    assertEquals(0.05, checkpoint.get("lr"));
    assertEquals("run-1", checkpoint.get("name"));
    assertEquals(List.of(1.5, 0.75), checkpoint.get("history"));
    List<?> flags = assertInstanceOf(List.class, checkpoint.get("flags"));
    assertEquals(2, flags.size());
    assertEquals(Boolean.TRUE, flags.get(0));
    assertNull(flags.get(1));
    assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) flags).add(1), "tuple");
    assertEquals(BigInteger.TWO.pow(70), checkpoint.get("big"));
    assertEquals(-7L, checkpoint.get("negative"));

    Map<String, Tensor> state = TorchFiles.loadStateDict(fixture("checkpoint.pt"), "model");
    Map<String, Tensor> direct = TorchFiles.loadStateDict(fixture("mlp.pt"));
    assertEquals(direct.keySet(), state.keySet());
    for (String k : direct.keySet()) {
      assertArrayEquals(direct.get(k).toDoubleArray(), state.get(k).toDoubleArray(), 0, k);
    }
  }

  @Test
  void aCheckpointIsNotAStateDictAndTheMessageSaysHowToReachIt() {
    assertMessage(
        () -> TorchFiles.loadStateDict(fixture("checkpoint.pt")),
        "TorchFiles.loadStateDict",
        "the saved object['model'] is a dict, not a tensor",
        "loadStateDict(path, \"model\")");
    assertMessage(
        () -> TorchFiles.loadStateDict(fixture("checkpoint.pt"), "optimizer"),
        "has no key 'optimizer'",
        "'model', 'epoch'");
    assertMessage(
        () -> TorchFiles.loadStateDict(fixture("checkpoint.pt"), "epoch"),
        "the saved object['epoch'] is the int 3, not a state dict");
  }

  @Test
  void aSavedParameterLoadsAsATensorThatRequiresGrad() throws IOException {
    Tensor p = assertInstanceOf(Tensor.class, TorchFiles.load(fixture("parameter.pt")));
    assertTrue(p.requiresGrad());
    assertArrayEquals(new double[] {1, 2}, p.toDoubleArray(), 0);
  }

  @Test
  void picklesThatWouldRunCodeAreRefusedByNameAndNothingRuns() {
    Path marker = Path.of("/tmp/autograd-java-pwned");
    assertFalse(Files.exists(marker), "left by an earlier run?");
    assertMessage(
        () -> TorchFiles.load(fixture("os_system.pt")),
        "TorchFiles.load",
        "os_system.pt",
        "names the global posix.system",
        "weights-only load does not allow");
    assertMessage(
        () -> TorchFiles.load(fixture("builtins_eval.pt")), "names the global __builtin__.eval");
    assertFalse(Files.exists(marker));
    // and PyTorch's own weights-only load refuses them too
    Map<String, Object> refused = section("torch_refuses");
    assertTrue(Json.asString(refused.get("os_system.pt")).contains("posix.system"));
    assertTrue(Json.asString(refused.get("builtins_eval.pt")).contains("__builtin__.eval"));
  }

  @Test
  void legacyFilesAndTorchScriptArchivesAreRefusedSayingWhatTheyAre() {
    assertMessage(
        () -> TorchFiles.load(fixture("legacy.pt")),
        "legacy.pt",
        "legacy format",
        "_use_new_zipfile_serialization=False");
    assertMessage(
        () -> TorchFiles.load(fixture("torchscript.pt")), "a TorchScript archive (torch.jit.save)");
  }

  @Test
  void filesThatAreNotZipArchivesAreRefused() throws IOException {
    Path empty = Files.write(dir.resolve("empty.pt"), new byte[0]);
    assertMessage(() -> TorchFiles.load(empty), "empty.pt", "not a torch.save file");
    Path text = Files.writeString(dir.resolve("text.pt"), "hello, world");
    assertMessage(() -> TorchFiles.load(text), "not a torch.save file");
    assertMessage(() -> TorchFiles.load(dir), "is a folder");
    assertThrows(
        java.nio.file.NoSuchFileException.class, () -> TorchFiles.load(dir.resolve("no.pt")));
  }

  // ---- writing ----

  /** What the committed written_by_java.pt holds: PyTorch's MLP and a tensor of each kind. */
  private static Map<String, Tensor> javaWrittenContent() throws IOException {
    Map<String, Tensor> state = new LinkedHashMap<>(TorchFiles.loadStateDict(fixture("mlp.pt")));
    state.put("extra.float64", Tensor.of(new double[] {0.1, -2.5e-300, 1e300}, DType.FLOAT64, 3));
    state.put("extra.int64", Tensor.of(new long[] {0, -1, 1L << 53, 123456789012L}, 4));
    state.put("extra.bool", Tensor.of(new double[] {1, 0, 1}, DType.BOOL, 3));
    state.put("extra.scalar", Tensor.scalar(-0.75));
    state.put("extra.empty", Tensor.zeros(0, 2));
    state.put("extra.transposed", Tensor.arange(6).to(DType.FLOAT32).reshape(2, 3).t());
    return state;
  }

  @Test
  void theCommittedJavaWrittenFileIsWhatTheWriterMakesToday() throws IOException {
    Path now = dir.resolve("written_by_java.pt");
    TorchFiles.save(now, javaWrittenContent());
    byte[] committed = Files.readAllBytes(fixture("written_by_java.pt"));
    if (!Arrays.equals(committed, Files.readAllBytes(now))) {
      Path keep = Path.of("target", "written_by_java.pt");
      Files.copy(now, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      fail(
          "the writer's output changed: copy "
              + keep.toAbsolutePath()
              + " to src/test/resources/interop/pt/ and run torch_files.py there");
    }
  }

  @Test
  void pytorchReadTheJavaWrittenFileWithWeightsOnlyAndGotTheSameTensorsAndOutputs()
      throws IOException {
    Map<String, Object> check = section("java_written");
    Map<String, Tensor> content = javaWrittenContent();
    assertEquals(new ArrayList<>(content.keySet()), Json.asList(check.get("keys")));
    Map<String, Object> tensors = Json.asObject(check.get("tensors"));
    for (Map.Entry<String, Tensor> e : content.entrySet()) {
      Map<String, Object> spec = Json.asObject(tensors.get(e.getKey()));
      assertEquals(e.getValue().dtype().pytorchName(), spec.get("dtype"), e.getKey());
      assertLoadedAs(spec, e.getValue().dtype(), e.getValue(), e.getKey());
    }
    assertEquals(Boolean.TRUE, check.get("mlp_output_equal"));
    assertEquals(List.of(0.0), check.get("data_starts_mod_64"), "every record 64-byte aligned");
  }

  @Test
  void savedFilesRoundTripEveryDtypeShapeAndLayout() throws IOException {
    Map<String, Tensor> content = javaWrittenContent();
    Path file = dir.resolve("sub/folder/round.pt");
    TorchFiles.save(file, content);
    Map<String, Tensor> back = TorchFiles.loadStateDict(file);
    assertEquals(new ArrayList<>(content.keySet()), new ArrayList<>(back.keySet()));
    for (Map.Entry<String, Tensor> e : content.entrySet()) {
      Tensor t = back.get(e.getKey());
      assertEquals(e.getValue().dtype(), t.dtype(), e.getKey());
      assertArrayEquals(e.getValue().shape(), t.shape(), e.getKey());
      assertArrayEquals(e.getValue().toDoubleArray(), t.toDoubleArray(), 0, e.getKey());
    }
  }

  @Test
  void savedRecordsStartOn64ByteBoundariesAndTheSameStateGivesTheSameBytes() throws IOException {
    Path a = dir.resolve("a.pt");
    Path b = dir.resolve("b.pt");
    TorchFiles.save(a, javaWrittenContent());
    TorchFiles.save(b, javaWrittenContent());
    byte[] bytes = Files.readAllBytes(a);
    assertArrayEquals(bytes, Files.readAllBytes(b));
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int records = 0;
    for (int at = 0; at + 30 <= bytes.length && buf.getInt(at) == 0x04034b50; records++) {
      int nameLength = buf.getShort(at + 26) & 0xffff;
      int extraLength = buf.getShort(at + 28) & 0xffff;
      int start = at + 30 + nameLength + extraLength;
      String name = new String(bytes, at + 30, nameLength, StandardCharsets.UTF_8);
      assertTrue(name.startsWith("archive/"), name);
      assertEquals(0, start % 64, name + " starts at " + start);
      at = start + buf.getInt(at + 18);
    }
    assertEquals(
        javaWrittenContent().size() + 3, records, "data.pkl, byteorder, storages, version");
  }

  @Test
  void saveRefusesNullsNamingThem() {
    Map<String, Tensor> withNull = new LinkedHashMap<>();
    withNull.put("w", null);
    assertMessage(
        () -> TorchFiles.save(dir.resolve("x.pt"), withNull), "TorchFiles.save", "'w'", "null");
    assertFalse(Files.exists(dir.resolve("x.pt")));
  }

  // ---- damaged and hostile files ----

  /** Loading gives the original state dict or a TensorException, never another exception. */
  private static void assertLoadsExactlyOrRefuses(
      Path file, Map<String, Tensor> original, String what) {
    Map<String, Tensor> loaded;
    try {
      loaded = TorchFiles.loadStateDict(file);
    } catch (TensorException refused) {
      return;
    } catch (Throwable other) {
      throw new AssertionError(what + ": " + other, other);
    }
    assertEquals(original.keySet(), loaded.keySet(), what);
    for (String k : original.keySet()) {
      assertArrayEquals(original.get(k).toDoubleArray(), loaded.get(k).toDoubleArray(), 0, what);
    }
  }

  @Test
  void aFileTruncatedAtAnyByteIsRefused() throws IOException {
    byte[] whole = Files.readAllBytes(fixture("mlp.pt"));
    Path file = dir.resolve("cut.pt");
    for (int n = 0; n < whole.length; n++) {
      Files.write(file, Arrays.copyOf(whole, n));
      final int length = n;
      TensorException e =
          assertThrows(TensorException.class, () -> TorchFiles.load(file), "cut at " + length);
      assertTrue(e.getMessage().startsWith("TorchFiles.load: " + file), e.getMessage());
    }
  }

  @Test
  void everySingleByteFlipIsRefusedOrHarmless() throws IOException {
    byte[] whole = Files.readAllBytes(fixture("mlp.pt"));
    Map<String, Tensor> original = TorchFiles.loadStateDict(fixture("mlp.pt"));
    Path file = dir.resolve("flip.pt");
    int refused = 0;
    for (int i = 0; i < whole.length; i++) {
      byte[] copy = whole.clone();
      copy[i] ^= (byte) (1 << (i % 8));
      Files.write(file, copy);
      try {
        TorchFiles.loadStateDict(file);
      } catch (TensorException e) {
        refused++;
      }
      assertLoadsExactlyOrRefuses(file, original, "flip at " + i);
    }
    // the pickle and every storage are covered by CRC-32, so most flips must be caught
    assertTrue(refused > whole.length / 2, refused + " of " + whole.length + " flips refused");
  }

  @Test
  void thousandsOfSeededMutationsGiveTheOriginalOrALibraryException() throws IOException {
    byte[] whole = Files.readAllBytes(fixture("checkpoint.pt"));
    Map<String, Tensor> original = TorchFiles.loadStateDict(fixture("checkpoint.pt"), "model");
    SplittableRandom random = new SplittableRandom(21);
    for (int trial = 0; trial < 3000; trial++) {
      byte[] copy = whole.clone();
      int kind = random.nextInt(4);
      if (kind == 0) {
        for (int k = 1 + random.nextInt(4); k > 0; k--)
          copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
      } else if (kind == 1) {
        copy = Arrays.copyOf(copy, random.nextInt(copy.length));
      } else if (kind == 2) {
        int at = random.nextInt(copy.length);
        byte[] longer = new byte[copy.length + 1];
        System.arraycopy(copy, 0, longer, 0, at);
        longer[at] = (byte) random.nextInt(256);
        System.arraycopy(copy, at, longer, at + 1, copy.length - at);
        copy = longer;
      } else {
        // a 32-bit field set to an extreme value, as a size or offset would be
        int at = random.nextInt(copy.length - 4);
        int value = random.nextBoolean() ? -1 : 0x7fffffff;
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
      }
      Path file = dir.resolve("m" + trial + ".pt");
      Files.write(file, copy);
      try {
        Object loaded = TorchFiles.load(file);
        Map<?, ?> map = assertInstanceOf(Map.class, loaded, "trial " + trial);
        Object model = map.get("model");
        if (model != null) assertLoadsExactlyOrRefusesValues(original, model, "trial " + trial);
      } catch (TensorException refused) {
        // expected for most mutations
      } catch (Throwable other) {
        throw new AssertionError("trial " + trial + " (kind " + kind + "): " + other, other);
      } finally {
        Files.delete(file);
      }
    }
  }

  private static void assertLoadsExactlyOrRefusesValues(
      Map<String, Tensor> original, Object model, String what) {
    Map<?, ?> state = assertInstanceOf(Map.class, model, what);
    assertEquals(original.keySet(), state.keySet(), what);
    for (String k : original.keySet()) {
      Tensor t = assertInstanceOf(Tensor.class, state.get(k), what);
      assertArrayEquals(original.get(k).toDoubleArray(), t.toDoubleArray(), 0, what);
    }
  }

  /** A torch.save-shaped archive with the given records (names under archive/). */
  private Path archive(String name, Map<String, byte[]> records) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> r : records.entrySet()) {
        zip.putNextEntry(new ZipEntry("archive/" + r.getKey()));
        zip.write(r.getValue());
        zip.closeEntry();
      }
    }
    return Files.write(dir.resolve(name), bytes.toByteArray());
  }

  private Path withPickle(String name, byte[] pickle, Map<String, byte[]> storages)
      throws IOException {
    Map<String, byte[]> records = new LinkedHashMap<>();
    records.put("data.pkl", pickle);
    records.putAll(storages);
    records.put("version", "3\n".getBytes(StandardCharsets.US_ASCII));
    return archive(name, records);
  }

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof String) out.writeBytes(((String) p).getBytes(StandardCharsets.ISO_8859_1));
      else if (p instanceof Integer) out.write((Integer) p);
      else out.writeBytes((byte[]) p);
    }
    return out.toByteArray();
  }

  private static byte[] le32(long v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
  }

  /**
   * The pickle of {'w': _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}.
   */
  private static byte[] tensorPickle(
      String storageType, long numel, long offset, byte[] size, byte[] stride) {
    return bytes(
        0x80,
        2,
        "}",
        "X",
        le32(1),
        "w",
        "ctorch._utils\n_rebuild_tensor_v2\n",
        "(",
        "(",
        "X",
        le32(7),
        "storage",
        "ctorch\n" + storageType + "\n",
        "X",
        le32(1),
        "0",
        "X",
        le32(3),
        "cpu",
        "J",
        le32(numel),
        "t",
        "Q",
        "J",
        le32(offset),
        size,
        stride,
        0x89,
        "ccollections\nOrderedDict\n",
        ")",
        "R",
        "t",
        "R",
        "s",
        ".");
  }

  @Test
  void craftedPicklesAreRefusedWithoutAllocatingRecursingOrRunning() throws IOException {
    byte[] eight = new byte[8 * 4];
    Map<String, byte[]> storage = Map.of("data/0", eight);
    byte[] size2x4 = bytes("K", 2, "K", 4, 0x86);
    byte[] stride41 = bytes("K", 4, "K", 1, 0x86);
    // a valid one first, so that the refusals below are about what was changed
    Path valid =
        withPickle("valid.pt", tensorPickle("FloatStorage", 8, 0, size2x4, stride41), storage);
    assertArrayEquals(new int[] {2, 4}, TorchFiles.loadStateDict(valid).get("w").shape());

    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put(
        "should hold 1073741824 float32 values",
        tensorPickle("FloatStorage", 1L << 30, 0, size2x4, stride41));
    cases.put("reaches element", tensorPickle("FloatStorage", 8, 1, size2x4, stride41));
    cases.put("of another rank", tensorPickle("FloatStorage", 8, 0, size2x4, bytes("K", 1, 0x85)));
    cases.put("not a tensor storage type", tensorPickle("Tensor", 8, 0, size2x4, stride41));
    cases.put(
        "names the global torch.QInt8Storage",
        tensorPickle("QInt8Storage", 8, 0, size2x4, stride41));
    cases.put(
        "BINUNICODE says 4294967295 bytes follow", bytes(0x80, 2, "X", le32(0xffffffffL), "."));
    cases.put("LONG4 says 2147483647 bytes follow", bytes(0x80, 2, 0x8b, le32(0x7fffffff), "."));
    cases.put("memo entry 7 is read before it is written", bytes(0x80, 2, "h", 7, "."));
    cases.put("opcode 0x69 (INST) is not allowed", bytes(0x80, 2, "ios\nsystem\n", "."));
    cases.put(
        "names the global os.system", bytes(0x80, 4, 0x8c, 2, "os", 0x8c, 6, "system", 0x93, "."));
    cases.put("ends without a STOP opcode", bytes(0x80, 2, "]"));
    cases.put("SETITEMS on list, not a dict", bytes(0x80, 2, "]", "(", "K", 1, "K", 2, "u", "."));
    cases.put(
        "only ('storage', type, key, location, numel) is allowed",
        bytes(0x80, 2, "X", le32(1), "x", "Q", "."));
    cases.put(
        "calls collections.OrderedDict with 1 arguments",
        bytes(0x80, 2, "ccollections\nOrderedDict\n", "K", 1, 0x85, "R", "."));
    cases.put("APPEND finds no value on the stack", bytes(0x80, 2, "a", "."));
    cases.put("with a key of type list", bytes(0x80, 2, "}", "]", "K", 1, "s", "."));
    for (Map.Entry<String, byte[]> c : cases.entrySet()) {
      Path file = withPickle("case.pt", c.getValue(), storage);
      assertMessage(() -> TorchFiles.load(file), "TorchFiles.load: " + file, c.getKey());
    }

    // a million nested lists: no recursion, so no StackOverflowError
    ByteArrayOutputStream deep = new ByteArrayOutputStream();
    deep.write(0x80);
    deep.write(2);
    for (int i = 0; i < 1_000_000; i++) deep.write(']');
    for (int i = 0; i < 999_999; i++) deep.write('a');
    deep.write('.');
    Path file = withPickle("deep.pt", deep.toByteArray(), Map.of());
    List<?> outer = assertInstanceOf(List.class, TorchFiles.load(file));
    assertEquals(1, outer.size());
  }

  @Test
  void archivesThatBreakTorchSaveLayoutAreRefused() throws IOException {
    byte[] pickle = bytes(0x80, 2, "}", ".");
    Path noPickle =
        archive("nopickle.pt", Map.of("version", "3\n".getBytes(StandardCharsets.US_ASCII)));
    assertMessage(() -> TorchFiles.load(noPickle), "has no archive/data.pkl record");
    Path future =
        archive(
            "future.pt",
            Map.of("data.pkl", pickle, "version", "9\n".getBytes(StandardCharsets.US_ASCII)));
    assertMessage(() -> TorchFiles.load(future), "file format version 9");
    Path order =
        archive(
            "order.pt",
            Map.of("data.pkl", pickle, "byteorder", "middle".getBytes(StandardCharsets.US_ASCII)));
    assertMessage(() -> TorchFiles.load(order), "byteorder record holds 'middle'");
    Path missing =
        withPickle(
            "missing.pt",
            tensorPickle("FloatStorage", 8, 0, bytes("K", 8, 0x85), bytes("K", 1, 0x85)),
            Map.of());
    assertMessage(
        () -> TorchFiles.load(missing),
        "uses storage 0, but the archive has no record archive/data/0");

    // a central directory that claims a 200 MB pickle in a file of a few hundred bytes
    Path valid = withPickle("claims.pt", pickle, Map.of());
    byte[] raw = Files.readAllBytes(valid);
    ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    for (int at = 0; at + 46 <= raw.length; at++) {
      if (buf.getInt(at) == 0x02014b50) {
        buf.putInt(at + 20, 200_000_000);
        buf.putInt(at + 24, 200_000_000);
        break;
      }
    }
    Path claims = Files.write(dir.resolve("claims.pt"), raw);
    assertMessage(() -> TorchFiles.load(claims), "TorchFiles.load", "claims.pt");
    try (ZipFile z = new ZipFile(claims.toFile())) {
      assertEquals(200_000_000, z.getEntry("archive/data.pkl").getSize(), "the test's premise");
    } catch (java.util.zip.ZipException e) {
      // a JDK that checks the sizes itself refuses the file at once, which is fine too
    }
  }
}
