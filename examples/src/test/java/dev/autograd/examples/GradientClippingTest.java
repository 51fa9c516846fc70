package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradientClippingTest {
  @TempDir static Path dir;
  private static ExampleRun run;

  @BeforeAll
  static void runOnce() throws Exception {
    run = ExampleRun.of(GradientClipping::run, dir);
  }

  @Test
  void theGradientExplodesAndTheUnclippedRunOverflows() {
    assertTrue(run.numbersAfter("gradient norm at the first step:")[0] > 1e3);
    String unclipped = run.lineWith("no clipping");
    assertTrue(unclipped.contains("the loss overflowed at step"), unclipped);
  }

  @Test
  void clippingByNormOrByValueTrains() {
    for (String label : new String[] {"clipGradNorm(params, 1)", "clipGradValue(params, 0.1)"}) {
      double[] loss = run.numbersAfter(label + " ");
      // the label's own numbers come first: (params, 1) or (params, 0.1) are not in the tail
      double first = loss[0];
      double last = loss[1];
      assertTrue(last < 1e-3 * first, label + ": " + first + " -> " + last);
    }
  }

  @Test
  void drawsTheNormsAndTheLosses() throws Exception {
    run.assertImages(dir, GradientClipping.NORMS_FIGURE, GradientClipping.LOSSES_FIGURE);
  }
}
