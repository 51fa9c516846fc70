package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnedSlopesTest {
  @TempDir static Path dir;
  private static ExampleRun run;

  @BeforeAll
  static void runOnce() throws Exception {
    run = ExampleRun.of(LearnedSlopes::run, dir);
  }

  @Test
  void theNetworkFitsTheKink() {
    double[] loss = run.numbersAfter("loss ");
    assertTrue(loss[1] < 1e-2 * loss[0], loss[0] + " -> " + loss[1]);
  }

  @Test
  void everySlopeStartsAtPyTorchsDefaultAndIsLearned() {
    for (int c = 0; c < LearnedSlopes.CHANNELS; c++) {
      double[] alpha = run.numbersAfter("channel " + c + ": α");
      assertEquals(0.25, alpha[0]);
      assertTrue(Math.abs(alpha[1] - alpha[0]) > 0.01, "channel " + c + ": " + alpha[1]);
    }
  }

  @Test
  void drawsTheSlopesAndTheActivations() throws Exception {
    run.assertImages(dir, LearnedSlopes.SLOPES_FIGURE, LearnedSlopes.ACTIVATIONS_FIGURE);
  }
}
