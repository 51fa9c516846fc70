package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.plot.internal.ColorBar;
import dev.autograd.plot.internal.ColorScale;
import java.awt.Color;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeatmapTest {
  /** The pixel at the centre of cell (row, column) of chart 0. */
  private static Color cell(Figure figure, BufferedImage image, int row, int column) {
    Point2D.Double p = Pixels.screen(figure, 0, column, -row);
    return new Color(image.getRGB((int) p.x, (int) p.y));
  }

  @Test
  void eachCellHasTheColourOfItsValueOnTheColourMap() throws Exception {
    double[][] values = {{0, 1, 2}, {3, 4, 8}};
    Figure figure = Plots.chart().imshow(values).build();
    BufferedImage image = Pixels.savePng(figure, "heatmap-viridis");
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 3; c++) {
        Color expected = ColorMap.VIRIDIS.at(values[r][c] / 8);
        Color got = cell(figure, image, r, c);
        assertTrue(
            Pixels.distance(expected, got) <= 6,
            "cell " + r + "," + c + ": " + got + " not " + expected);
      }
    }
  }

  @Test
  void rowZeroIsAtTheTopAndGrayGoesFromBlackToWhite() throws Exception {
    Tensor t = Tensor.of(new double[] {0, 0.5, 1}, DType.FLOAT64, 3, 1);
    Figure figure = Plots.chart().imshow(t).cmap(ColorMap.GRAY).build();
    BufferedImage image = Pixels.savePng(figure, "heatmap-gray");
    Rectangle2D plot = figure.plotArea(0);
    Color top = new Color(image.getRGB((int) plot.getCenterX(), (int) (plot.getMinY() + 5)));
    Color bottom = new Color(image.getRGB((int) plot.getCenterX(), (int) (plot.getMaxY() - 5)));
    assertTrue(
        Pixels.distance(Color.BLACK, top) <= 6, "row 0 (value 0) is black at the top: " + top);
    assertTrue(Pixels.distance(Color.WHITE, bottom) <= 6, "row 2 (value 1) is white at the bottom");
    assertTrue(Pixels.distance(new Color(128, 128, 128), cell(figure, image, 1, 0)) <= 8);
  }

  @Test
  void anRgbTensorShowsItsOwnColours() throws Exception {
    // [3, 1, 2]: a red pixel and a blue one
    Tensor rgb = Tensor.of(new double[] {1, 0, 0, 0, 0, 1}, DType.FLOAT32, 3, 1, 2);
    Figure figure = Plots.chart().imshow(rgb).build();
    BufferedImage image = Pixels.savePng(figure, "heatmap-rgb");
    assertTrue(Pixels.distance(Color.RED, cell(figure, image, 0, 0)) <= 6);
    assertTrue(Pixels.distance(Color.BLUE, cell(figure, image, 0, 1)) <= 6);
    var e = assertThrows(IllegalStateException.class, () -> Plots.chart().imshow(rgb).colorBar());
    assertTrue(e.getMessage().startsWith("colorBar: the image is RGB"), e.getMessage());
  }

  @Test
  void theColourBarIsTickedAtRoundNumbers() throws Exception {
    assertArrayEquals(new double[] {10, 20, 30, 40}, ColorBar.roundTicks(0.13, 47.2, 6), 1e-9);
    assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1}, ColorBar.roundTicks(0, 1, 6), 1e-12);
    assertArrayEquals(new double[] {-2, -1, 0, 1, 2}, ColorBar.roundTicks(-2.4, 2.2, 6), 1e-12);
    Figure figure =
        Plots.chart().imshow(new double[][] {{0.13, 20}, {33.3, 47.2}}).colorBar("loss").build();
    BufferedImage image = Pixels.savePng(figure, "heatmap-colorbar");
    List<String> texts = figure.texts();
    assertTrue(texts.containsAll(List.of("loss", "10", "20", "30", "40")), texts.toString());
    assertFalse(texts.contains("47.2"), texts.toString());
    // The bar's colour at the height of tick 30 is the colour map's at 30.
    Rectangle2D plot = figure.plotArea(0);
    ColorScale scale = new ColorScale(0.13, 47.2, ColorMap.VIRIDIS::at);
    double y = plot.getMaxY() - scale.position(30) * plot.getHeight();
    Color bar = new Color(image.getRGB(figure.width() - ColorBar.WIDTH + 14, (int) Math.round(y)));
    assertTrue(
        Pixels.distance(ColorMap.VIRIDIS.at(scale.position(30)), bar) <= 12, "bar at 30: " + bar);
  }

  @Test
  void cellTextsAreReadableOnTheirCells() throws Exception {
    double[][] counts = {{50, 2}, {3, 45}};
    Figure figure =
        Plots.chart()
            .imshow(counts)
            .cmap(ColorMap.BLUES)
            .annotateCells()
            .xTickLabels("cat", "dog")
            .yTickLabels("cat", "dog")
            .size(400, 400)
            .build();
    BufferedImage image = Pixels.savePng(figure, "heatmap-confusion");
    Point2D.Double dark = Pixels.screen(figure, 0, 0, 0);
    Point2D.Double light = Pixels.screen(figure, 0, 1, 0);
    Rectangle2D around = new Rectangle2D.Double(dark.x - 10, dark.y - 8, 20, 16);
    Rectangle2D aroundLight = new Rectangle2D.Double(light.x - 10, light.y - 8, 20, 16);
    assertTrue(Pixels.count(image, around, null, Color.WHITE, 100) > 5, "white 50 on dark blue");
    assertTrue(Pixels.count(image, aroundLight, null, Color.BLACK, 90) > 5, "black 2 on pale blue");
    assertEquals(0, Pixels.count(image, around, null, Color.BLACK, 90), "no black on dark blue");
    assertTrue(figure.texts().containsAll(List.of("cat", "dog")));
  }

  @Test
  void categoricalAxesRefuseLogAndImagesStandAlone() {
    var log =
        assertThrows(
            IllegalStateException.class,
            () -> Plots.chart().imshow(new double[][] {{1, 2}}).logX());
    assertEquals(
        "logX: the x axis of this Chart is categorical (an image's columns); it cannot be"
            + " logarithmic",
        log.getMessage());
    var bars =
        assertThrows(
            IllegalStateException.class,
            () ->
                Plots.chart()
                    .bar(new double[] {0, 1}, new double[] {3, 4})
                    .xTickLabels("a", "b")
                    .logX());
    assertTrue(bars.getMessage().contains("categorical (tick labels)"), bars.getMessage());
    var alone =
        assertThrows(
            IllegalStateException.class,
            () -> Plots.chart().imshow(new double[][] {{1}}).plot(new double[] {1, 2}));
    assertTrue(alone.getMessage().contains("draws no other series"), alone.getMessage());
    var shape =
        assertThrows(
            IllegalArgumentException.class, () -> Plots.chart().imshow(Tensor.zeros(2, 2, 2, 2)));
    assertEquals(
        "imshow: expected a 2-D tensor [H, W] or a [C, H, W] tensor with 1 or 3 channels, got"
            + " shape [2, 2, 2, 2]",
        shape.getMessage());
    var count =
        assertThrows(
            IllegalArgumentException.class,
            () -> Plots.chart().imshow(new double[][] {{1, 2}}).xTickLabels("a").build());
    assertEquals("xTickLabels: 1 labels for an image of 2 columns", count.getMessage());
  }
}
