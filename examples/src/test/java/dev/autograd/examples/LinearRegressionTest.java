package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearRegressionTest {

  @Test
  void handDerivativesEqualAutogradsAnywhere() {
    LinearRegression.Data data = LinearRegression.data();
    double[][] points = {{0, 0}, {1, -1}, {2, 1}, {-0.5, 3}, {3.7, 0.2}};
    for (double[] p : points) {
      double[] hand = LinearRegression.gradientByHand(data, p[0], p[1]);
      double[] auto = LinearRegression.gradientByAutograd(data, p[0], p[1]);
      assertArrayEquals(hand, auto, 1e-5 * (1 + Math.abs(hand[0]) + Math.abs(hand[1])));
    }
  }

  @Test
  void printsBothDerivativesTheSameAndLearnsTheLine(@TempDir Path dir) throws Exception {
    ExampleRun run = ExampleRun.of(LinearRegression::run, dir);
    assertTrue(run.printed().contains("∂L/∂w   = (2/N) Σ (w·xᵢ + b − yᵢ)·xᵢ"), run.printed());
    assertTrue(run.printed().contains("∂L/∂b   = (2/N) Σ (w·xᵢ + b − yᵢ)"), run.printed());
    String hand = run.lineWith("by hand");
    String auto = run.lineWith("by autograd");
    assertEquals(ExampleRun.after(hand, "∂L/∂w ="), ExampleRun.after(auto, "∂L/∂w ="), 1e-5);
    assertEquals(ExampleRun.after(hand, "∂L/∂b ="), ExampleRun.after(auto, "∂L/∂b ="), 1e-5);
    double largest = ExampleRun.after(run.lineWith("largest difference"), "epochs:");
    assertTrue(largest < 1e-5, "hand vs autograd during training: " + largest);

    String learned = run.lineWith("learned");
    double w = ExampleRun.after(learned, "learned w =");
    double b = ExampleRun.after(learned, ", b =");
    double bestW = ExampleRun.after(learned, "least squares w =");
    assertEquals(2, w, 0.05);
    assertEquals(1, b, 0.05);
    assertEquals(bestW, w, 0.01);
    run.assertImages(dir, LinearRegression.LOSS_FIGURE, LinearRegression.PATH_FIGURE);
  }
}
