package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegularizationTest {
  @TempDir static Path dir;
  private static ExampleRun run;

  @BeforeAll
  static void runOnce() throws Exception {
    run = ExampleRun.of(Regularization::run, dir);
  }

  @Test
  void theGradientOfTheL2TermIsTwoLambdaW() {
    assertEquals(0.0, ExampleRun.after(run.lineWith("2λW|"), "2λW| = "), 1e-15);
  }

  @Test
  void penaltiesShrinkTheWeightsAndL1MakesThemSparse() {
    double[] none = run.numbersAfter("no penalty");
    double[] l2 = run.numbersAfter("L2 (λ‖w‖²)");
    double[] l1 = run.numbersAfter("L1 (λ‖w‖₁)");
    // training MSE, ‖w‖, coefficients below 0.01, of 10
    assertTrue(none[0] < l2[0] && none[0] < l1[0], "the penalties cost training error");
    assertTrue(l2[1] < 0.6 * none[1], "L2 shrinks ‖w‖: " + l2[1] + " vs " + none[1]);
    assertTrue(l1[1] < none[1], "L1 shrinks ‖w‖: " + l1[1] + " vs " + none[1]);
    assertEquals(0, none[2]);
    assertTrue(l1[2] >= 5, "L1 leaves most coefficients near 0: " + l1[2]);
    assertTrue(l1[2] > l2[2]);
  }

  @Test
  void l2InTheLossIsTheCoupledWeightDecayOfSgdAndAdamButNotAdamW() {
    assertEquals(0.0, run.numbersAfter("SGD, λ‖w‖² in the loss vs SGD weightDecay:")[0], 1e-12);
    assertEquals(0.0, run.numbersAfter("Adam, λ‖w‖² in the loss vs Adam weightDecay:")[0], 1e-12);
    assertTrue(run.numbersAfter("Adam weightDecay vs AdamW weightDecay:")[0] > 0.1);
    double[] norms = run.numbersAfter("steps: ‖w‖ =");
    double coupled = norms[0];
    double decoupled = norms[1];
    double neither = norms[2];
    // Both L2 runs minimise the same strictly convex objective: Adam's coupled decay ends where
    // SGD's L2 run does.
    assertEquals(run.numbersAfter("L2 (λ‖w‖²)")[1], coupled, 1e-2);
    assertTrue(coupled < decoupled && decoupled < neither, "AdamW decays, less than Adam's L2");
  }

  @Test
  void drawsTheFitsAndTheWeights() throws Exception {
    run.assertImages(dir, Regularization.FITS_FIGURE, Regularization.WEIGHTS_FIGURE);
  }
}
