package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.plot.internal.ColorBar;
import dev.autograd.plot.internal.ColorScale;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
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
            .logColorScale()
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

  /**
   * The colour bar stands right of the plot area, level with it, from the lowest value's colour at
   * the bottom to the highest's at the top, with the values at its ticks.
   */
  @Test
  void aColourBarGivesTheValueOfEachColour() throws Exception {
    Figure figure =
        DescentPathChart.of(Descent.BOWL, -3, 3, -3, 3)
            .zLabel("loss")
            .path("SGD", Descent.sgd(Descent.BOWL, 2.5, -2, 0.1, 20))
            .build();
    BufferedImage image = Pixels.savePng(figure, "descent-colour-bar");
    Pixels.assertSize(figure, image, 72);
    Rectangle2D plot = figure.plotArea(0);
    // the bowl's values on the grid run from about 0 (centre) to 18 (corners)
    ColorScale scale = new ColorScale(0, 18, false, 14);
    Color lowest = scale.color(0);
    Color highest = scale.color(18);
    int barX = -1;
    for (int x = (int) plot.getMaxX() + 1; x < image.getWidth() && barX < 0; x++) {
      if (near(image.getRGB(x, (int) (plot.getMaxY() - 3)), lowest)) barX = x;
    }
    assertTrue(barX > plot.getMaxX(), "no bar in the colour of the lowest value right of the plot");
    assertTrue(barX + 16 < figure.width(), "the bar fits in the figure");
    assertTrue(near(image.getRGB(barX + 4, (int) plot.getMinY() + 3), highest), "top colour");
    assertTrue(figure.charts().size() == 1);
    List<String> texts = figure.texts();
    assertTrue(texts.contains("loss"), texts.toString());
    assertTrue(texts.contains("18"), texts.toString());
    assertTrue(texts.contains("5.143"), texts.toString()); // the edge of band 4 of 14
  }

  @Test
  void withoutAColourBarThePlotTakesTheWholeWidth() throws Exception {
    DescentPathChart chart =
        DescentPathChart.of(Descent.BOWL, -3, 3, -3, 3)
            .path("SGD", Descent.sgd(Descent.BOWL, 2.5, -2, 0.1, 20));
    Figure with = chart.build();
    Pixels.savePng(with, "descent-with-bar");
    Figure without = chart.colorBar(false).build();
    Pixels.savePng(without, "descent-without-bar");
    double gained = without.plotArea(0).getWidth() - with.plotArea(0).getWidth();
    assertEquals(ColorBar.WIDTH, gained, 2.0);
  }

  @Test
  void colourBarTicksAreBandEdgesOrRoundNumbers() {
    ColorBar contour = new ColorBar(new ColorScale(0, 14, false, 14), 14, "f");
    double[] ticks = contour.tickValues();
    assertArrayEquals(new double[] {0, 2, 4, 6, 8, 10, 12, 14}, ticks, 1e-12);
    ColorBar thirteen = new ColorBar(new ColorScale(0, 13, false, 13), 13, "f");
    // every other edge, and the top instead of 12, which is half a step below it
    assertArrayEquals(new double[] {0, 2, 4, 6, 8, 10, 13}, thirteen.tickValues(), 1e-12);
    ColorBar heat = new ColorBar(new ColorScale(-1, 3, false, 0), 0, "f");
    assertArrayEquals(new double[] {-1, 0, 1, 2, 3}, heat.tickValues(), 1e-12);
    assertEquals(List.of("f", "-1", "0", "1", "2", "3"), heat.texts());
    // a tick at 0 shows as 0, not as the rounding error of lo + t (hi - lo)
    ColorBar acrossZero = new ColorBar(new ColorScale(-4.8, 1.6, false, 8), 8, "");
    assertTrue(acrossZero.texts().contains("0"), acrossZero.texts().toString());
    // continuous colours: round numbers inside the range
    ColorBar small = new ColorBar(new ColorScale(1.5e-5, 2509.4, false, 0), 0, "");
    assertEquals(List.of("", "500", "1000", "1500", "2000", "2500"), small.texts());
  }

  private static boolean near(int rgb, Color c) {
    int d =
        Math.abs(((rgb >> 16) & 0xff) - c.getRed())
            + Math.abs(((rgb >> 8) & 0xff) - c.getGreen())
            + Math.abs((rgb & 0xff) - c.getBlue());
    return d <= 12;
  }
}
