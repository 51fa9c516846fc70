package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrozenLayersTest {
  @TempDir static Path dir;
  private static ExampleRun run;

  @BeforeAll
  static void runOnce() throws Exception {
    run = ExampleRun.of(FrozenLayers::run, dir);
  }

  @Test
  void frozenWeightsAreBitIdenticalAndTheLastLayerMoved() {
    String line = run.lineWith("bit-identical after fine-tuning:");
    assertTrue(line.contains("bit-identical after fine-tuning: true;"), line);
    assertTrue(ExampleRun.after(line, "moved by up to") > 0.01, line);
  }

  @Test
  void onlyTheTrainedLayerHasGradientsAndOptimizerState() {
    double[] counts = run.numbersAfter("parameters trained:");
    // 2 of 6 tensors (33 of 1185 numbers); state covers 2
    assertEquals(2, counts[0]);
    assertEquals(6, counts[1]);
    assertEquals(32 + 1, counts[2]);
    assertEquals(2 * 32 + 32 + 32 * 32 + 32 + 32 + 1, counts[3]);
    assertEquals(2, counts[4]);
  }

  @Test
  void aFrozenStepRecordsFewerBackwardOps() {
    double[] ops = run.numbersAfter("backward ops recorded per step:");
    assertTrue(ops[1] < ops[0], "frozen " + ops[1] + " vs every layer " + ops[0]);
  }

  @Test
  void trainingLowersBothTasksLosses() {
    double[] pre = run.numbersAfter("x₂², loss");
    assertTrue(pre[1] < 0.1 * pre[0], "pretraining: " + pre[0] + " -> " + pre[1]);
    double[] fine = run.numbersAfter("x₁x₂: loss");
    assertTrue(fine[1] < 0.2 * fine[0], "frozen fine-tuning: " + fine[0] + " -> " + fine[1]);
    // numbers: before, after (frozen), the layers 0 and 2, after (every layer)
    assertTrue(fine[4] < fine[1], "training every layer fits the new task better");
  }

  @Test
  void drawsTheLosses() throws Exception {
    run.assertImages(dir, FrozenLayers.FIGURE);
  }
}
