package dev.autograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.nn.Linear;
import dev.autograd.nn.Sequential;
import dev.autograd.nn.Tanh;
import dev.autograd.testing.Golden;
import dev.autograd.testing.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by PyTorch 1.13 read here, and a file written here read by PyTorch: the fixtures of
 * {@code src/test/resources/interop/make_safetensors.py}.
 */
class SafeTensorsPyTorchTest {
  @TempDir Path dir;

  private static Path resource(String name) {
    URL url = SafeTensorsPyTorchTest.class.getResource("/interop/" + name);
    assertNotNull(url, "missing test resource /interop/" + name);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void pyTorchsMlpLoadsIntoSequentialAndReproducesItsOutputs() throws IOException {
    Map<String, Object> golden = Golden.load("/interop/mlp.json");
    Map<String, Tensor> state = SafeTensors.load(resource("mlp.safetensors"));
    Sequential model = new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 3));
    Set<Object> pyTorchKeys = new HashSet<>(Json.asList(golden.get("keys")));
    assertEquals(pyTorchKeys, new HashSet<>(model.stateDict().keySet()));
    assertEquals(pyTorchKeys, state.keySet());
    // PyTorch's keys and layouts as they are: Linear's weight is [out, in] here too
    model.loadStateDict(state, true);
    Tensor x = Golden.tensor(golden.get("input"), DType.FLOAT32);
    double[] expected = Golden.data(golden.get("output"));
    double[] actual = model.forward(x).toDoubleArray();
    assertArrayEquals(Golden.shape(golden.get("output")), model.forward(x).shape());
    for (int i = 0; i < expected.length; i++) {
      double tolerance = 1e-6 * Math.abs(expected[i]);
      assertEquals(expected[i], actual[i], tolerance, "output " + i);
    }
  }

  @Test
  void pyTorchsFileWrittenAgainIsTheSameBytes() throws IOException {
    Path original = resource("mlp.safetensors");
    Map<String, Tensor> state = SafeTensors.load(original);
    Map<String, String> metadata;
    try (SafeTensorsFile f = SafeTensors.open(original)) {
      metadata = f.metadata();
    }
    Path again = dir.resolve("again.safetensors");
    SafeTensors.save(again, state, metadata);
    assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(again));
  }

  @Test
  void everyDtypeFileReadsWithPyTorchsValues() throws IOException {
    Map<String, Object> files = Json.asObject(Golden.load("/interop/dtypes.json").get("files"));
    Map<String, DType> loadedAs =
        Map.of(
            "F16",
            DType.FLOAT32,
            "BF16",
            DType.FLOAT32,
            "I8",
            DType.INT64,
            "U8",
            DType.INT64,
            "I16",
            DType.INT64,
            "I32",
            DType.INT64,
            "I64",
            DType.INT64,
            "BOOL",
            DType.BOOL,
            "F64",
            DType.FLOAT64);
    assertEquals(
        loadedAs.keySet(),
        new HashSet<>(
            files.values().stream()
                .map(v -> Json.asString(Json.asObject(v).get("dtype")))
                .toList()));
    for (Map.Entry<String, Object> e : files.entrySet()) {
      Map<String, Object> spec = Json.asObject(e.getValue());
      String code = Json.asString(spec.get("dtype"));
      try (SafeTensorsFile f = SafeTensors.open(resource(e.getKey()))) {
        for (String name : List.of("values", "scalar")) {
          assertEquals(code, f.dtypeOf(name), e.getKey());
          Tensor t = f.get(name);
          String where = e.getKey() + " " + name;
          assertEquals(loadedAs.get(code), t.dtype(), where);
          assertArrayEquals(Golden.shape(spec.get(name)), t.shape(), where);
          double[] expected = Golden.data(spec.get(name));
          double[] actual = t.toDoubleArray();
          for (int i = 0; i < expected.length; i++) {
            // exact, and -0.0 is not 0.0; NaN equals NaN
            assertEquals(
                Double.valueOf(expected[i]), Double.valueOf(actual[i]), where + "[" + i + "]");
          }
        }
      }
    }
  }

  /**
   * The tensors of from_java.safetensors, which make_safetensors.py rebuilds from the same formulas
   * and compares with what it reads.
   */
  static Map<String, Tensor> tensorsForPyTorch() {
    Map<String, Tensor> t = new LinkedHashMap<>();
    t.put("weight", Tensor.arange(6).reshape(2, 3).mul(0.25).sub(0.5));
    t.put("transposed", Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT64, 2, 3).t());
    t.put("steps", Tensor.of(new long[] {-3, 0, 7, 1L << 53}, 4));
    t.put("mask", Tensor.of(new double[] {1, 0, 0, 1}, DType.BOOL, 2, 2));
    t.put("third", Tensor.scalar(1.0 / 3, DType.FLOAT64));
    t.put("empty", Tensor.zeros(0, 3));
    t.put("unicode é", Tensor.of(new double[] {1.5}, 1));
    return t;
  }

  /**
   * This library's file for {@link #tensorsForPyTorch()} is the committed from_java.safetensors,
   * byte for byte, so the script's check of that file (from_java_check.txt) holds for what the
   * library writes today.
   */
  @Test
  void theLibrarysFileIsTheCommittedOneThatPyTorchRead() throws IOException {
    Path written = dir.resolve("from_java.safetensors");
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "pt");
    metadata.put("written_by", "autograd-java");
    SafeTensors.save(written, tensorsForPyTorch(), metadata);
    Path committed = Path.of("src/test/resources/interop/from_java.safetensors");
    byte[] expected = Files.exists(committed) ? Files.readAllBytes(committed) : new byte[0];
    if (!Arrays.equals(expected, Files.readAllBytes(written))) {
      Path keep = Path.of("target/from_java.safetensors");
      Files.copy(written, keep, StandardCopyOption.REPLACE_EXISTING);
      throw new AssertionError(
          "the library's file differs from the committed one: if the change is intended, copy "
              + keep.toAbsolutePath()
              + " to "
              + committed
              + ", run make_safetensors.py there and commit both with from_java_check.txt");
    }
    String check = Files.readString(resource("from_java_check.txt"), StandardCharsets.UTF_8);
    assertTrue(check.contains("RESULT: OK"), check);
  }
}
