package dev.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaveLoadTest {
  @TempDir Path dir;

  private static Sequential model(long seed) {
    Generator gen = new Generator(seed);
    return new Sequential(new Linear(3, 4, true, gen), new Tanh(), new Linear(4, 2, true, gen));
  }

  private static List<double[]> values(Module m) {
    return m.parameters().stream().map(Tensor::toDoubleArray).toList();
  }

  private static void assertSameValues(List<double[]> expected, Module m) {
    List<double[]> actual = values(m);
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.get(i), actual.get(i));
  }

  @Test
  void saveThenLoadRestoresEveryParameter() throws IOException {
    Sequential original = model(1);
    Path file = dir.resolve("nested/folder/model.agsd");
    original.save(file);
    Sequential restored = model(2);
    restored.load(file);
    assertSameValues(values(original), restored);
  }

  @Test
  void roundTripKeepsFloat64ValuesBitForBit() throws IOException {
    Sequential original = (Sequential) model(3).to(DType.FLOAT64);
    Path file = dir.resolve("model64.agsd");
    original.save(file);
    Sequential restored = (Sequential) model(4).to(DType.FLOAT64);
    restored.load(file);
    assertSameValues(values(original), restored);
  }

  @Test
  void stateDictRoundTripCopiesIntoAnotherModel() {
    Sequential source = model(5);
    Sequential target = model(6);
    target.loadStateDict(source.stateDict(), true);
    assertSameValues(values(source), target);
  }

  @Test
  void saveLeavesNoTemporaryFileBehind() throws IOException {
    model(7).save(dir.resolve("m.agsd"));
    model(8).save(dir.resolve("m.agsd")); // overwrite
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("m.agsd"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void fileFormatRoundTripsEveryDtypeAndA0dTensor() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("f32", Tensor.of(new double[] {1.5, -2}, 2));
    tensors.put("f64", Tensor.of(new double[] {Math.PI}, DType.FLOAT64, 1, 1));
    tensors.put("i64", Tensor.of(new long[] {3, -4, 9_000_000_000L}));
    tensors.put("mask", Tensor.of(new double[] {1, 0, 1}).gt(0.5));
    tensors.put("scalar", Tensor.scalar(7, DType.FLOAT64));
    Path file = dir.resolve("all.agsd");
    StateDictFile.write(file, tensors);
    Map<String, Tensor> back = StateDictFile.read(file);
    assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.keySet()));
    for (String name : tensors.keySet()) {
      assertEquals(tensors.get(name).dtype(), back.get(name).dtype(), name);
      assertArrayEquals(tensors.get(name).shape(), back.get(name).shape(), name);
      assertArrayEquals(tensors.get(name).toDoubleArray(), back.get(name).toDoubleArray(), name);
    }
  }

  private Path savedFile() throws IOException {
    Path file = dir.resolve("good.agsd");
    model(9).save(file);
    return file;
  }

  private void assertLoadFailsAndModelIsUnchanged(Path file, String expectedInMessage) {
    Sequential target = model(10);
    List<double[]> before = values(target);
    TensorException e = assertThrows(TensorException.class, () -> target.load(file));
    assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    assertSameValues(before, target);
  }

  @Test
  void truncatedFileIsRefused() throws IOException {
    Path file = savedFile();
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 20));
    assertLoadFailsAndModelIsUnchanged(file, "truncated");
  }

  @Test
  void fileCutInsideTheHeaderIsRefused() throws IOException {
    Path file = savedFile();
    Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 10));
    assertLoadFailsAndModelIsUnchanged(file, "truncated");
  }

  @Test
  void corruptedByteIsCaughtByTheChecksum() throws IOException {
    Path file = savedFile();
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x5A;
    Files.write(file, bytes);
    assertLoadFailsAndModelIsUnchanged(file, "checksum");
  }

  @Test
  void fileOfAnotherFormatIsRefused() throws IOException {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "these are not the weights you are looking for");
    assertLoadFailsAndModelIsUnchanged(file, "not a state dict file");
  }

  @Test
  void unknownNameIsRefusedInStrictMode() throws IOException {
    Map<String, Tensor> state = new LinkedHashMap<>(model(11).stateDict());
    state.put("3.weight", Tensor.zeros(2, 2));
    Path file = dir.resolve("extra.agsd");
    StateDictFile.write(file, state);
    assertLoadFailsAndModelIsUnchanged(file, "unexpected key(s) [3.weight]");
  }

  @Test
  void missingNameIsRefusedInStrictModeButAllowedOtherwise() throws IOException {
    Map<String, Tensor> state = new LinkedHashMap<>(model(12).stateDict());
    Tensor kept = state.get("0.weight");
    state.remove("2.bias");
    Path file = dir.resolve("missing.agsd");
    StateDictFile.write(file, state);
    assertLoadFailsAndModelIsUnchanged(file, "missing key(s) [2.bias]");

    Sequential lenient = model(13);
    lenient.loadStateDict(StateDictFile.read(file), false);
    assertArrayEquals(kept.toDoubleArray(), ((Linear) lenient.get(0)).weight().toDoubleArray());
  }

  @Test
  void wrongShapeIsRefusedNamingTheParameter() throws IOException {
    Generator gen = new Generator(14);
    Sequential other =
        new Sequential(new Linear(3, 5, true, gen), new Tanh(), new Linear(5, 2, true, gen));
    Path file = dir.resolve("shape.agsd");
    other.save(file);
    assertLoadFailsAndModelIsUnchanged(file, "size mismatch for 0.weight");
  }

  @Test
  void wrongDtypeIsRefusedNamingTheParameter() throws IOException {
    Path file = dir.resolve("dtype.agsd");
    model(15).to(DType.FLOAT64).save(file);
    assertLoadFailsAndModelIsUnchanged(file, "dtype mismatch for 0.weight");
  }

  @Test
  void loadingDoesNotDisturbGradientsOrRequiresGrad() throws IOException {
    Path file = savedFile();
    Sequential target = model(16);
    target.load(file);
    for (Tensor p : target.parameters()) {
      assertTrue(p.requiresGrad());
      assertTrue(p.isLeaf());
    }
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      assertFalse(target.forward(Tensor.ones(1, 3)).requiresGrad());
    }
  }
}
