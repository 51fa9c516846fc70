package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Functional;
import dev.autograd.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HypergradientsTest {
  @TempDir static Path dir;
  private static ExampleRun run;

  @BeforeAll
  static void runOnce() throws Exception {
    run = ExampleRun.of(Hypergradients::run, dir);
  }

  @Test
  void theHypergradientThroughTheUnrolledStepsIsTheFiniteDifference() {
    Regularization.Data train = Regularization.Data.make();
    Regularization.Data val = Hypergradients.validation();
    double logLambda = Math.log(Hypergradients.START_LAMBDA);
    double logLr = Math.log(Hypergradients.START_LR);
    Tensor a = Tensor.scalar(logLambda, DType.FLOAT64).requiresGrad(true);
    Tensor b = Tensor.scalar(logLr, DType.FLOAT64).requiresGrad(true);
    Tensor w = Hypergradients.unrolled(Regularization.features(train.x()), train.y(), a, b, true);
    Functional.mseLoss(Regularization.features(val.x()).matmul(w), val.y()).backward();
    double h = 1e-5;
    double byLambda =
        (Hypergradients.validationLoss(train, val, Math.exp(logLambda + h), Math.exp(logLr))
                - Hypergradients.validationLoss(
                    train, val, Math.exp(logLambda - h), Math.exp(logLr)))
            / (2 * h);
    double byLr =
        (Hypergradients.validationLoss(train, val, Math.exp(logLambda), Math.exp(logLr + h))
                - Hypergradients.validationLoss(
                    train, val, Math.exp(logLambda), Math.exp(logLr - h)))
            / (2 * h);
    assertEquals(byLambda, a.grad().item(), 1e-6 * Math.max(1, Math.abs(byLambda)));
    assertEquals(byLr, b.grad().item(), 1e-6 * Math.max(1, Math.abs(byLr)));
    assertTrue(Math.abs(byLr) > 1e-3, "a hypergradient that is not zero: " + byLr);
  }

  @Test
  void metaLearningLowersTheValidationLossToAboutTheGridsBest() {
    double[] start = run.numbersAfter("start:");
    double[] end = run.numbersAfter("end:");
    double[] grid = run.numbersAfter("best λ =");
    // λ, η, validation MSE; grid: λ, validation MSE
    assertTrue(end[2] < 0.5 * start[2], start[2] + " -> " + end[2]);
    assertTrue(end[2] < 1.05 * grid[1], "meta " + end[2] + " vs grid " + grid[1]);
    assertTrue(end[0] < start[0] && end[1] > start[1], "λ falls, η rises");
  }

  @Test
  void drawsTheMetaSteps() throws Exception {
    run.assertImages(dir, Hypergradients.FIGURE);
  }
}
