package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class SurfaceChartTest {
  @Test
  void bowlWireframeWithThePathOnIt() throws Exception {
    Figure figure =
        Plots.surface(Descent.BOWL, -3, 3, -3, 3)
            .title("f(x, y) = x² + y²")
            .path("SGD, lr=0.1", Descent.sgd(Descent.BOWL, 2.5, -2, 0.1, 20))
            .build();
    BufferedImage image = Pixels.savePng(figure, "surface-bowl");
    Pixels.assertSize(figure, image, 72);
    Pixels.assertSeriesVisible(figure, image, 5);
  }

  @Test
  void rosenbrockFromAnotherAngle() throws Exception {
    Figure figure =
        SurfaceChart.of(Descent.ROSENBROCK, -2, 2, -1, 3)
            .view(-120, 35)
            .mesh(30)
            .path("Adam", Descent.adam(Descent.ROSENBROCK, -1.5, 2, 0.05, 800))
            .build();
    BufferedImage image = Pixels.savePng(figure, "surface-rosenbrock");
    Pixels.assertSeriesVisible(figure, image, 5);
  }

  @Test
  void elevationMustBeBetweenThePoles() {
    assertThrows(
        IllegalArgumentException.class,
        () -> SurfaceChart.of(Descent.BOWL, -1, 1, -1, 1).view(0, 90));
  }
}
