package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class DescentPathChartTest {
  @Test
  void trajectoryRecordsTheStartAndEveryStep() {
    Trajectory path = Descent.sgd(Descent.BOWL, 2.5, -2, 0.1, 20);
    assertEquals(21, path.size());
    assertEquals(2.5, path.start()[0]);
    assertEquals(-2, path.start()[1]);
    // x ← x − 0.1 · 2x = 0.8 x
    assertEquals(2.5 * Math.pow(0.8, 20), path.end()[0], 1e-12);
  }

  @Test
  void bowlWithGradientDescentOnContours() throws Exception {
    Figure figure =
        Plots.descentPath(Descent.BOWL, -3, 3, -3, 3)
            .title("梯度下降:f(x, y)=x²+y²")
            .path("SGD, lr=0.1", Descent.sgd(Descent.BOWL, 2.5, -2, 0.1, 20))
            .path("SGD, lr=0.9", Descent.sgd(Descent.BOWL, -2.5, 2.6, 0.9, 20))
            .build();
    BufferedImage image = Pixels.savePng(figure, "descent-bowl");
    Pixels.assertSize(figure, image, 72);
    Pixels.assertSeriesVisible(figure, image, 15);
  }

  @Test
  void threeOptimizersOnRosenbrockInDifferentColours() throws Exception {
    Trajectory sgd = Descent.sgd(Descent.ROSENBROCK, -1.5, 2, 1e-3, 1500);
    Trajectory momentum = Descent.momentum(Descent.ROSENBROCK, -1.5, 2, 2e-4, 0.9, 1500);
    Trajectory adam = Descent.adam(Descent.ROSENBROCK, -1.5, 2, 0.05, 1500);
    Figure figure =
        DescentPathChart.of(Descent.ROSENBROCK, -2, 2, -1, 3)
            .title("Rosenbrock")
            .logScale()
            .path("SGD", sgd)
            .path("Momentum", momentum)
            .path("Adam", adam)
            .build();
    var colours =
        List.of("SGD", "Momentum", "Adam").stream()
            .map(n -> figure.charts().get(0).getSeries(n).getLineColor())
            .distinct()
            .count();
    assertEquals(3, colours, "each optimizer has its own colour");
    BufferedImage image = Pixels.savePng(figure, "descent-rosenbrock");
    Pixels.assertSeriesVisible(figure, image, 15);
  }

  @Test
  void heatMapBackground() throws Exception {
    Figure figure =
        DescentPathChart.of(Descent.BOWL, -3, 3, -3, 3)
            .background(DescentPathChart.Background.HEATMAP)
            .path("Momentum", Descent.momentum(Descent.BOWL, 2.5, 2.5, 0.05, 0.8, 40))
            .build();
    BufferedImage image = Pixels.savePng(figure, "descent-heatmap");
    Pixels.assertSeriesVisible(figure, image, 15);
  }

  @Test
  void startAndEndAreMarked() {
    Figure figure =
        DescentPathChart.of(Descent.BOWL, -3, 3, -3, 3)
            .path("p", Trajectory.of(new double[] {2, 1, 0}, new double[] {2, 1, 0}))
            .build();
    var chart = figure.charts().get(0);
    assertEquals(2, chart.getSeries("p \u00b7 start").getXData()[0]);
    assertEquals(0, chart.getSeries("p \u00b7 end").getXData()[0]);
    assertTrue(chart.getSeries("start").isShowInLegend());
    assertTrue(chart.getSeries("end").isShowInLegend());
  }

  @Test
  void divergedPathsAreReported() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Trajectory.of(new double[] {1, Double.NaN}, new double[] {1, 2}));
    assertTrue(e.getMessage().contains("diverged"), e.getMessage());
  }
}
