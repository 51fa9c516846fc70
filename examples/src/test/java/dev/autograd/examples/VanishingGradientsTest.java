package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VanishingGradientsTest {

  @Test
  void sigmoidGradientsVanishTowardsTheInputFarMoreThanReluOnes(@TempDir Path dir)
      throws Exception {
    ExampleRun run = ExampleRun.of(VanishingGradients::run, dir);
    double sigmoid = ExampleRun.after(run.lineWith("  Sigmoid "), "first/last");
    double relu = ExampleRun.after(run.lineWith("  ReLU "), "first/last");
    double leaky = ExampleRun.after(run.lineWith("  LeakyReLU "), "first/last");
    assertTrue(sigmoid < 1e-4, "Sigmoid first/last " + sigmoid);
    assertTrue(relu > 1000 * sigmoid, "ReLU first/last " + relu);
    assertTrue(leaky > 1000 * sigmoid, "LeakyReLU first/last " + leaky);
    run.assertImages(dir, VanishingGradients.FIGURE);
  }
}
