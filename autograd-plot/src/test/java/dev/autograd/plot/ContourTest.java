package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ContourTest {
  private static final int N = 81;

  private static double[] grid() {
    double[] g = new double[N];
    for (int i = 0; i < N; i++) g[i] = -2 + 4.0 * i / (N - 1);
    return g;
  }

  /** x² + y² on the grid, z[j][i] at (x[i], y[j]). */
  private static double[][] bowl() {
    double[] g = grid();
    double[][] z = new double[N][N];
    for (int j = 0; j < N; j++) for (int i = 0; i < N; i++) z[j][i] = g[i] * g[i] + g[j] * g[j];
    return z;
  }

  private static Color pixel(Figure figure, BufferedImage image, double x, double y) {
    Point2D.Double p = Pixels.screen(figure, 0, x, y);
    return new Color(image.getRGB((int) Math.round(p.x), (int) Math.round(p.y)));
  }

  @Test
  void linesFollowTheirLevelsInTheirLevelsColours() throws Exception {
    // z from 0 to 8: lines at 1, 2, ..., 7; the line z = r² is the circle of radius r
    Figure figure = Plots.chart().contour(grid(), grid(), bowl()).size(600, 600).build();
    BufferedImage image = Pixels.savePng(figure, "contour-lines");
    Color four = ColorMap.VIRIDIS.at(4 / 8.0);
    Color one = ColorMap.VIRIDIS.at(1 / 8.0);
    Color three = ColorMap.VIRIDIS.at(3 / 8.0);
    assertTrue(Pixels.near(figure, image, 0, Math.sqrt(3), three, 2) > 0, "z = 3 at (0, √3)");
    assertTrue(Pixels.near(figure, image, Math.sqrt(2), Math.sqrt(2), four, 2) > 0, "z = 4 at 45°");
    assertTrue(Pixels.near(figure, image, 1, 0, one, 2) > 0, "z = 1 at (1, 0)");
    // between the lines z = 2 (r = 1.41) and z = 3 (r = 1.73): none of them
    assertEquals(0, Pixels.near(figure, image, 1.57, 0, four, 2));
    assertEquals(0, Pixels.near(figure, image, 1.57, 0, one, 2));
  }

  @Test
  void filledContoursColourEachBandAndAcceptUnevenGrids() throws Exception {
    Figure figure = Plots.chart().contourf(grid(), grid(), bowl(), 8).colorBar("z").build();
    BufferedImage image = Pixels.savePng(figure, "contour-filled");
    // 8 bands over [0, 8]: the centre is in the first, (1.5, 0) (z = 2.25) in the third
    assertTrue(
        Pixels.distance(ColorMap.VIRIDIS.at(0.5 / 8), pixel(figure, image, 0.05, 0.05)) <= 8);
    assertTrue(Pixels.distance(ColorMap.VIRIDIS.at(2.5 / 8), pixel(figure, image, 1.5, 0)) <= 8);
    assertTrue(figure.texts().contains("z"));

    // x unevenly spaced: z = x, so at x = 5 the value is 5, band 5 of 10 over [0, 10]
    double[] x = {0, 1, 10};
    double[] y = {0, 1};
    double[][] z = {{0, 1, 10}, {0, 1, 10}};
    Figure uneven = Plots.chart().contourf(x, y, z).build();
    BufferedImage u = Pixels.savePng(uneven, "contour-uneven");
    assertTrue(Pixels.distance(ColorMap.VIRIDIS.at(5.5 / 10), pixel(uneven, u, 5.2, 0.5)) <= 8);
  }

  @Test
  void aFunctionGivesTheSameContoursAsItsSamples() throws Exception {
    Figure figure =
        Plots.chart()
            .contourf((x, y) -> x.square().add(y.square()), -2, 2, -2, 2)
            .scatter(new double[] {1}, new double[] {1})
            .build();
    BufferedImage image = Pixels.savePng(figure, "contour-function");
    // 10 bands over [0, 8]: (1.5, 0), z = 2.25, is in band 2
    assertTrue(
        Pixels.distance(ColorMap.VIRIDIS.at(2.5 / 10), pixel(figure, image, 1.5, -0.3)) <= 8);
    assertTrue(Pixels.near(figure, image, 1, 1, new Color(0x1f77b4), 3) > 5, "the marker on top");
  }

  @Test
  void badGridsAndSettingsAreNamed() {
    var rows =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Plots.chart()
                    .contour(new double[] {0, 1}, new double[] {0, 1, 2}, new double[2][2]));
    assertEquals(
        "contour: z has 2 rows but y has 3 values; z[j][i] is the value at (x[i], y[j])",
        rows.getMessage());
    var order =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Plots.chart()
                    .contourf(new double[] {0, 2, 1}, new double[] {0, 1}, new double[2][3]));
    assertEquals(
        "contourf: x must be finite and increasing; x[2] is 1.0 after 2.0", order.getMessage());
    var log =
        assertThrows(
            IllegalStateException.class,
            () -> Plots.chart().contour(grid(), grid(), bowl()).logY());
    assertTrue(log.getMessage().startsWith("logY: this Chart's contours"), log.getMessage());
    var twice =
        assertThrows(
            IllegalStateException.class,
            () -> Plots.chart().contourf(grid(), grid(), bowl()).contourf(grid(), grid(), bowl()));
    assertEquals(
        "contourf: this Chart has filled contours already; a Chart holds one set",
        twice.getMessage());
    var bar = assertThrows(IllegalStateException.class, () -> Plots.chart().colorBar());
    assertEquals(
        "colorBar: add an image (imshow) or contours (contour, contourf) first", bar.getMessage());
  }
}
