package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradientBoostingTest {
  @TempDir static Path dir;
  private static ExampleRun run;

  @BeforeAll
  static void runOnce() throws Exception {
    run = ExampleRun.of(GradientBoosting::run, dir);
  }

  @Test
  void theNegativeGradientsAreTheLossesOwn() {
    double[] f = {0.5, -1, 2, 0};
    double[] y = {1, -1, -2, 0.1};
    Tensor target = Tensor.of(y, DType.FLOAT64, 4);
    double[] squared = GradientBoosting.Loss.SQUARED.negativeGradient(f, target);
    double[] absolute = GradientBoosting.Loss.ABSOLUTE.negativeGradient(f, target);
    double[] huber = GradientBoosting.Loss.HUBER.negativeGradient(f, target);
    double[] labels = {1, 0, 1, 0};
    double[] logistic =
        GradientBoosting.Loss.LOGISTIC.negativeGradient(f, Tensor.of(labels, DType.FLOAT64, 4));
    for (int i = 0; i < 4; i++) {
      double residual = y[i] - f[i];
      assertEquals(residual, squared[i], 1e-15);
      assertEquals(Math.signum(residual), absolute[i], 1e-15);
      assertEquals(Math.max(-0.3, Math.min(0.3, residual)), huber[i], 1e-12);
      assertEquals(labels[i] - 1 / (1 + Math.exp(-f[i])), logistic[i], 1e-12);
    }
    assertEquals(0.0, run.numbersAfter("max difference")[0], 1e-12);
  }

  @Test
  void aTreeFitsAStepExactly() {
    double[] x = {0, 1, 2, 3, 4, 5, 6, 7};
    double[] r = {1, 1, 1, 1, 5, 5, 5, 5};
    GradientBoosting.Tree tree = GradientBoosting.Tree.fit(x, r, 0, 8, 1);
    assertEquals(3.5, tree.threshold());
    for (int i = 0; i < 8; i++) assertEquals(r[i], tree.predict(x[i]));
  }

  @Test
  void everyLossFallsAndTheClassifierSeparatesTheData() {
    for (String loss :
        new String[] {"squared error", "absolute error", "Huber (δ = 0.3)", "logistic"}) {
      double[] l = run.numbersAfter("  " + loss + " ");
      // after 1 round, after 100 (the "1" and "100" of the text sit between)
      double first = l[0];
      double last = l[l.length - 2];
      assertTrue(last < 0.5 * first, loss + ": " + first + " -> " + last);
    }
    double[] right = run.numbersAfter("classifier:");
    assertTrue(right[0] >= 0.95 * right[1], right[0] + " of " + right[1]);
  }

  @Test
  void theAbsoluteErrorsNegativeGradientResistsTheOutliers() {
    double[] fitted = run.numbersAfter("fitted to its negative gradient, training loss");
    double[] residuals = run.numbersAfter("fitted to plain residuals,");
    // training loss and mean |F − sin(2πx)| (the 2 of 2πx between them in the first line)
    double fittedError = fitted[fitted.length - 1];
    assertTrue(fittedError < 0.5 * residuals[1], fittedError + " vs " + residuals[1]);
  }

  @Test
  void drawsTheFitsAndTheLosses() throws Exception {
    run.assertImages(dir, GradientBoosting.FITS_FIGURE, GradientBoosting.LOSSES_FIGURE);
  }
}
