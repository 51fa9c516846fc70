package dev.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.optim.Adam;
import dev.autograd.optim.Optimizer;
import dev.autograd.optim.ReduceLROnPlateau;
import dev.autograd.optim.StepLR;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run saved to a checkpoint file half way and resumed in fresh objects goes on exactly
 * as the run that never stopped; values keep their types; damaged files and unsupported values are
 * refused with messages that say where.
 */
class CheckpointTest {
  @TempDir Path dir;

  /** One run: a model, Adam with weight decay, a StepLR and a plateau scheduler. */
  private static final class Run {
    final Sequential model;
    final Optimizer optimizer;
    final StepLR steps;
    final ReduceLROnPlateau plateau;

    Run() {
      Tensor.manualSeed(11);
      model = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 1));
      optimizer = Adam.builder(model.parameters()).lr(0.05).weightDecay(0.01).amsgrad(true).build();
      steps = new StepLR(optimizer, 3, 0.5);
      plateau = ReduceLROnPlateau.builder(optimizer).patience(0).factor(0.9).build();
    }

    /** Epochs [from, to): a step on a fixed batch, then both schedulers. */
    void train(int from, int to) {
      for (int epoch = from; epoch < to; epoch++) {
        Tensor.manualSeed(100 + epoch);
        Tensor x = Tensor.randn(8, 3);
        Tensor y = x.sum(1, true).sin();
        optimizer.zeroGrad();
        Tensor loss = model.forward(x).sub(y).square().mean();
        loss.backward();
        optimizer.step();
        steps.step();
        plateau.step(epoch % 3 == 0 ? 1.0 : 2.0);
      }
    }

    Map<String, Object> state(int epoch) {
      Map<String, Object> state = new LinkedHashMap<>();
      state.put("model", model.stateDict());
      state.put("optimizer", optimizer.stateDict());
      state.put("steps", steps.stateDict());
      state.put("plateau", plateau.stateDict());
      state.put("epoch", epoch);
      return state;
    }

    List<double[]> parameters() {
      List<double[]> out = new ArrayList<>();
      for (Tensor p : model.parameters()) out.add(p.toDoubleArray());
      return out;
    }
  }

  @Test
  void aRunResumedFromACheckpointGoesOnExactlyAsOneThatNeverStopped() throws IOException {
    Run straight = new Run();
    straight.train(0, 8);

    Run first = new Run();
    first.train(0, 4);
    Path file = dir.resolve("run/checkpoint.agck");
    Checkpoint.save(file, first.state(4));

    Run resumed = new Run(); // fresh objects, as in a new JVM
    Map<String, Object> saved = Checkpoint.load(file);
    resumed.model.loadStateDict(Checkpoint.tensors(saved, "model"), true);
    resumed.optimizer.loadStateDict(Checkpoint.map(saved, "optimizer"));
    resumed.steps.loadStateDict(Checkpoint.map(saved, "steps"));
    resumed.plateau.loadStateDict(Checkpoint.map(saved, "plateau"));
    assertEquals(4, saved.get("epoch"));
    resumed.train(4, 8);

    List<double[]> expected = straight.parameters();
    List<double[]> actual = resumed.parameters();
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "parameter " + i);
    }
    assertEquals(
        straight.optimizer.paramGroups().get(0).lr(), resumed.optimizer.paramGroups().get(0).lr());
    assertEquals(straight.plateau.best(), resumed.plateau.best());
  }

  /**
   * A run that draws from the global generator at every step: a dropout mask, and a shuffled pick
   * of the rows of its data.
   */
  private static final class DropoutRun {
    final Sequential model;
    final Optimizer optimizer;
    final Tensor x = Tensor.randn(new Generator(1), 16, 3);
    final Tensor y = x.sum(1, true).sin();

    DropoutRun() {
      Generator init = new Generator(2);
      model =
          new Sequential(
              new Linear(3, 8, true, init),
              new Tanh(),
              new Dropout(0.5),
              new Linear(8, 1, true, init));
      optimizer = Adam.builder(model.parameters()).lr(0.05).build();
    }

    void train(int steps) {
      for (int step = 0; step < steps; step++) {
        int row = Generator.global().nextInt(12);
        Tensor batchX = x.narrow(0, row, 4);
        Tensor batchY = y.narrow(0, row, 4);
        optimizer.zeroGrad();
        model.forward(batchX).sub(batchY).square().mean().backward();
        optimizer.step();
      }
    }

    Map<String, Object> state() {
      Map<String, Object> state = new LinkedHashMap<>();
      state.put("model", model.stateDict());
      state.put("optimizer", optimizer.stateDict());
      state.put("generator", Generator.global().getState());
      return state;
    }

    void resumeFrom(Map<String, Object> saved, boolean restoreGenerator) {
      model.loadStateDict(Checkpoint.tensors(saved, "model"), true);
      optimizer.loadStateDict(Checkpoint.map(saved, "optimizer"));
      if (restoreGenerator) {
        assertTrue(Checkpoint.restoreGenerator(saved, "generator", Generator.global()));
      }
    }

    List<double[]> parameters() {
      List<double[]> out = new ArrayList<>();
      for (Tensor p : model.parameters()) out.add(p.toDoubleArray());
      return out;
    }
  }

  private static boolean sameParameters(List<double[]> a, List<double[]> b) {
    for (int i = 0; i < a.size(); i++) if (!Arrays.equals(a.get(i), b.get(i))) return false;
    return true;
  }

  @Test
  void aRunWithDropoutAndShufflingResumedWithItsGeneratorGoesOnBitForBit() throws IOException {
    Path file = dir.resolve("dropout.agck");
    Tensor.manualSeed(21);
    DropoutRun straight = new DropoutRun();
    straight.train(6);
    Checkpoint.save(file, straight.state());
    straight.train(6);

    Tensor.manualSeed(999); // a new JVM's generator is elsewhere
    DropoutRun resumed = new DropoutRun();
    resumed.resumeFrom(Checkpoint.load(file), true);
    resumed.train(6);
    List<double[]> expected = straight.parameters();
    List<double[]> actual = resumed.parameters();
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "parameter " + i);
    }

    // without the generator's state the masks and batches differ: the check above can fail
    Tensor.manualSeed(999);
    DropoutRun withoutGenerator = new DropoutRun();
    withoutGenerator.resumeFrom(Checkpoint.load(file), false);
    withoutGenerator.train(6);
    assertFalse(sameParameters(expected, withoutGenerator.parameters()));
  }

  @Test
  void aCheckpointSavedWithoutAGeneratorStateStillLoadsAndLeavesTheGeneratorAsItIs()
      throws IOException {
    Path file = dir.resolve("older.agck");
    Map<String, Object> state = new LinkedHashMap<>(new Run().state(3));
    Checkpoint.save(file, state); // as checkpoints written before generator states existed
    Map<String, Object> saved = Checkpoint.load(file);
    Generator g = new Generator(4);
    double[] before = g.getState().toDoubleArray();
    assertFalse(Checkpoint.restoreGenerator(saved, "generator", g));
    assertArrayEquals(before, g.getState().toDoubleArray());
    new Run().optimizer.loadStateDict(Checkpoint.map(saved, "optimizer"));
  }

  @Test
  void somethingElseThanAGeneratorStateIsRefusedNamingTheKey() {
    Map<String, Object> saved = new LinkedHashMap<>();
    saved.put("generator", 42L);
    saved.put("notAState", Tensor.of(new long[] {1, 2, 3}));
    Generator g = new Generator(4);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Checkpoint.restoreGenerator(saved, "generator", g));
    assertEquals(
        "Checkpoint: 'generator' is not a generator state (a Tensor from Generator.getState()):"
            + " Long 42",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Checkpoint.restoreGenerator(saved, "notAState", g));
    assertTrue(
        e.getMessage()
            .startsWith(
                "Checkpoint: 'notAState' is not a generator state: Generator.setState: expected"),
        e.getMessage());
  }

  @Test
  void valuesComeBackWithTheirTypesAndOrder() throws IOException {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("z", 1);
    nested.put("a", List.of(1.5, 2L, true, "text"));
    Map<Object, Object> byPosition = new LinkedHashMap<>();
    byPosition.put(3, Tensor.of(new double[] {1, 2}, DType.FLOAT64, 2));
    byPosition.put(0, Tensor.of(new long[] {7}, 1));
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("nested", nested);
    state.put("byPosition", byPosition);
    state.put("float", 0.25f);
    state.put("scalar", Tensor.scalar(3.0).requiresGrad(true));
    state.put("mask", Tensor.of(new double[] {1, 0, 1}, 3).gt(0.5));
    state.put("unicode", "损失 ✓");
    Path file = dir.resolve("types.agck");
    Checkpoint.save(file, state);
    Map<String, Object> back = Checkpoint.load(file);

    assertEquals(
        List.of("nested", "byPosition", "float", "scalar", "mask", "unicode"),
        List.copyOf(back.keySet()));
    Map<?, ?> n = (Map<?, ?>) back.get("nested");
    assertEquals(List.of("z", "a"), List.copyOf(n.keySet()));
    assertEquals(1, n.get("z"));
    assertEquals(List.of(1.5, 2L, true, "text"), n.get("a"));
    Map<?, ?> p = (Map<?, ?>) back.get("byPosition");
    assertEquals(List.of(3, 0), List.copyOf(p.keySet()));
    Tensor t = (Tensor) p.get(3);
    assertEquals(DType.FLOAT64, t.dtype());
    assertArrayEquals(new double[] {1, 2}, t.toDoubleArray());
    assertEquals(DType.INT64, ((Tensor) p.get(0)).dtype());
    assertEquals(0.25, back.get("float"));
    Tensor scalar = (Tensor) back.get("scalar");
    assertEquals(0, scalar.dim());
    assertFalse(scalar.requiresGrad());
    assertEquals(DType.BOOL, ((Tensor) back.get("mask")).dtype());
    assertArrayEquals(new double[] {1, 0, 1}, ((Tensor) back.get("mask")).toDoubleArray());
    assertEquals("损失 ✓", back.get("unicode"));
  }

  @Test
  void anUnsupportedValueIsRefusedWithItsPathAndNothingIsWritten() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("optimizer", Map.of("state", Map.of(0, Map.of("buffer", new int[] {1}))));
    Path file = dir.resolve("never.agck");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(file, state));
    assertTrue(
        e.getMessage()
            .startsWith("Checkpoint.save: the value at optimizer.state.0.buffer is int[]"),
        e.getMessage());
    assertFalse(Files.exists(file));
    Map<String, Object> withNull = new LinkedHashMap<>();
    withNull.put("epoch", null);
    assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(file, withNull));
    Map<String, Object> badKey = Map.of("m", Map.of(2.5, 1));
    e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(file, badKey));
    assertTrue(e.getMessage().contains("keys are Strings or Integers"), e.getMessage());
  }

  @Test
  void damagedFilesAreRefused() throws IOException {
    Path file = dir.resolve("c.agck");
    Checkpoint.save(file, new Run().state(0));
    byte[] good = Files.readAllBytes(file);
    assertRefused(file, Arrays.copyOf(good, good.length - 9), "is truncated");
    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x21;
    assertRefused(file, flipped, "checksum");
    assertRefused(
        file, "not a checkpoint at all, just some text".getBytes(), "not a checkpoint file");
    // a state dict file is another kind of file
    new Run().model.save(file);
    assertRefused(file, Files.readAllBytes(file), "is not a checkpoint file (bad magic header)");
  }

  private static void assertRefused(Path file, byte[] bytes, String expected) throws IOException {
    Files.write(file, bytes);
    TensorException e = assertThrows(TensorException.class, () -> Checkpoint.load(file));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void theTypedGettersSayWhatIsMissing() {
    Map<String, Object> saved = new LinkedHashMap<>();
    saved.put("epoch", 3);
    saved.put("model", Map.of("w", Tensor.zeros(2), "note", "x"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.map(saved, "optimizer"));
    assertEquals("Checkpoint: no map under 'optimizer': null; keys [epoch, model]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.tensors(saved, "model"));
    assertTrue(
        e.getMessage().startsWith("Checkpoint: 'model.note' is not a tensor"), e.getMessage());
  }

  @Test
  void nestingBeyondWhatLoadReadsIsRefusedOnSaveAndSoIsACycle() {
    Object deep = 1;
    for (int i = 0; i < 70; i++) deep = List.of(deep);
    Map<String, Object> state = Map.of("deep", deep);
    Path file = dir.resolve("deep.agck");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(file, state));
    assertTrue(e.getMessage().contains("nests deeper than 64 levels"), e.getMessage());
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(file, Map.of("c", cycle)));
    assertFalse(Files.exists(file));
  }

  @Test
  void aTensorShapeWhoseElementCountOverflowsIsRefused() throws IOException {
    // a well-formed file (the checksum matches) declaring a [65536, 65536, 65536, 65536] tensor,
    // whose element count wraps to 0 in 64-bit arithmetic
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(body);
    out.writeInt(1);
    out.writeInt(1);
    out.write('w');
    out.writeByte(1);
    out.writeInt(4);
    for (int d = 0; d < 4; d++) out.writeInt(65536);
    Path crafted = dir.resolve("crafted.agsd");
    Files.write(crafted, CraftedFiles.frame("AGSD", 1, body.toByteArray()));
    TensorException e = assertThrows(TensorException.class, () -> StateDictFile.read(crafted));
    assertEquals(
        "load: " + crafted + ": tensor 'w' has more elements than a tensor can hold",
        e.getMessage());
  }
}
