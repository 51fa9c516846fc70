package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradientDescent1DTest {

  @Test
  void lossesAreNineTimesPointSixFourToTheEpoch(@TempDir Path dir) throws Exception {
    ExampleRun run = ExampleRun.of(GradientDescent1D::run, dir);
    List<String> lines = run.linesWith("epoch ");
    assertEquals(10, lines.size(), run.printed());
    for (int k = 0; k < 10; k++) {
      String line = lines.get(k);
      assertTrue(line.startsWith("epoch " + k + ": loss = "), line);
      double loss = ExampleRun.after(line, "loss =");
      double expected = 9 * Math.pow(0.64, k);
      assertEquals(expected, loss, 1e-6 * expected, "epoch " + k + " (float32)");
    }
    assertTrue(run.printed().contains("epoch 0: loss = 9.0"), run.printed());
    assertTrue(run.printed().contains("epoch 1: loss = 5.76"), run.printed());
    run.assertImages(dir, GradientDescent1D.FIGURE);
  }

  @Test
  void theLoopRecordsTheLossBeforeEachUpdate() {
    // x is 3, then 3 · 0.8, then 3 · 0.8²: the loss of an epoch is x² before its update.
    List<Double> losses = GradientDescent1D.lossHistory(3);
    assertEquals(3, losses.size());
    assertEquals(9.0, losses.get(0));
    assertEquals(5.76, losses.get(1), 1e-6);
    assertEquals(3.6864, losses.get(2), 1e-6);
  }
}
