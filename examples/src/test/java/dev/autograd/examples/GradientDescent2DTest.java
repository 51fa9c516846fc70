package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograd.plot.Trajectory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradientDescent2DTest {

  @Test
  void eachStepMultipliesThePointByPointEight(@TempDir Path dir) throws Exception {
    Trajectory path = GradientDescent2D.descend(2.5, -2, 0.1, GradientDescent2D.STEPS);
    assertEquals(GradientDescent2D.STEPS + 1, path.size());
    double[] xs = path.xs();
    double[] ys = path.ys();
    for (int k = 0; k < path.size(); k++) {
      double scale = Math.pow(0.8, k);
      assertEquals(2.5 * scale, xs[k], 1e-6 * Math.max(1, k), "x at step " + k);
      assertEquals(-2 * scale, ys[k], 1e-6 * Math.max(1, k), "y at step " + k);
    }

    ExampleRun run = ExampleRun.of(GradientDescent2D::run, dir);
    double[] last = ExampleRun.numbers(run.lineWith("step 20:"));
    double scale = Math.pow(0.8, 20);
    // 20, x, y, f
    assertArrayEquals(
        new double[] {20, 2.5 * scale, -2 * scale, 10.25 * scale * scale}, last, 1e-4);
    run.assertImages(dir, GradientDescent2D.CONTOUR_FIGURE, GradientDescent2D.SURFACE_FIGURE);
  }
}
