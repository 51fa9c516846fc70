package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TourTest {
  /** Every figure of the tour, in order. */
  static final List<String> FIGURES =
      List.of(
          ScalarDerivative.FIGURE,
          FunctionAndDerivative.FIGURE,
          GradientDescent1D.FIGURE,
          GradientDescent2D.CONTOUR_FIGURE,
          GradientDescent2D.SURFACE_FIGURE,
          ActivationFunctions.FIGURE,
          ActivationComparison.FIGURE,
          LinearRegression.LOSS_FIGURE,
          LinearRegression.PATH_FIGURE,
          OptimizersCompared.PATHS_FIGURE,
          OptimizersCompared.LOSSES_FIGURE,
          VanishingGradients.FIGURE,
          Regularization.FITS_FIGURE,
          Regularization.WEIGHTS_FIGURE,
          FrozenLayers.FIGURE,
          GradientClipping.NORMS_FIGURE,
          GradientClipping.LOSSES_FIGURE,
          LearnedSlopes.SLOPES_FIGURE,
          LearnedSlopes.ACTIVATIONS_FIGURE,
          Hypergradients.FIGURE,
          GradientBoosting.FITS_FIGURE,
          GradientBoosting.LOSSES_FIGURE);

  @Test
  void runsTheSectionsInOrderIntoOneFolderTheSameOnEveryRun(
      @TempDir Path first, @TempDir Path second) throws Exception {
    ExampleRun run = ExampleRun.of(Tour::run, first);
    int at = -1;
    assertEquals(16, Tour.SECTIONS.size());
    for (int i = 1; i <= Tour.SECTIONS.size(); i++) {
      int next = run.printed().indexOf("== " + i + ". ");
      assertTrue(next > at, "section " + i + " after section " + (i - 1) + ":\n" + run.printed());
      at = next;
    }
    assertTrue(run.printed().contains("x=2时导数:8.0"));
    assertTrue(run.printed().contains("x=2时二阶导数:12.0"));
    run.assertImages(first, FIGURES.toArray(String[]::new));

    // Seeded: a second run prints the same and draws the same pictures.
    ExampleRun again = ExampleRun.of(Tour::run, second);
    assertEquals(run.printed(), again.printed());
    for (String name : FIGURES) {
      assertTrue(
          Arrays.equals(
              Files.readAllBytes(first.resolve(name)), Files.readAllBytes(second.resolve(name))),
          name + " is the same on both runs");
    }
  }
}
