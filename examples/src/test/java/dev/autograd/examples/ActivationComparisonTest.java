package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationComparisonTest {

  @Test
  void oneCurveOfOneHundredLossesPerActivationUnderItsClassName() {
    List<ActivationComparison.Run> runs = ActivationComparison.train();
    assertEquals(
        List.of("Sigmoid", "ReLU", "LeakyReLU"),
        runs.stream().map(ActivationComparison.Run::name).toList());
    for (ActivationComparison.Run r : runs) {
      assertEquals(ActivationComparison.STEPS, r.losses().length);
      for (double l : r.losses()) assertTrue(Double.isFinite(l) && l >= 0, r.name());
    }
    // A sigmoid cannot reach 2x + 1; ReLU and LeakyReLU learn the line where it is positive.
    double sigmoid = lastTen(runs.get(0));
    assertTrue(lastTen(runs.get(1)) < sigmoid / 2, "ReLU vs Sigmoid");
    assertTrue(lastTen(runs.get(2)) < sigmoid / 2, "LeakyReLU vs Sigmoid");
    assertEquals(2, runs.get(1).weight(), 0.3);
  }

  private static double lastTen(ActivationComparison.Run r) {
    double[] l = r.losses();
    return ActivationComparison.mean(l, l.length - 10, l.length);
  }

  @Test
  void printsEachActivationAndDrawsOneChart(@TempDir Path dir) throws Exception {
    ExampleRun run = ExampleRun.of(ActivationComparison::run, dir);
    for (String name : List.of("Sigmoid", "ReLU", "LeakyReLU")) {
      assertTrue(run.lineWith("  " + name + " ").contains("at step 0"), run.printed());
    }
    run.assertImages(dir, ActivationComparison.FIGURE);
  }
}
