package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import java.awt.Color;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageGridTest {
  private static Color at(Figure figure, BufferedImage image, int panel, int row, int column) {
    Point2D.Double p = Pixels.screen(figure, panel, column, -row);
    return new Color(image.getRGB((int) p.x, (int) p.y));
  }

  /** A 4 × 4 one-channel image, black but for a white pixel at (row, column). */
  private static Tensor dot(int row, int column) {
    double[] v = new double[16];
    v[row * 4 + column] = 1;
    return Tensor.of(v, DType.FLOAT32, 1, 4, 4);
  }

  @Test
  void eachImageShowsItsPixelsInItsCellUnderItsTitle() throws Exception {
    Figure figure =
        Plots.imageGrid()
            .title("samples")
            .image(dot(0, 0), "7")
            .image(dot(3, 3), "2 (true 3)")
            .image(dot(1, 2), "1")
            .columns(2)
            .build();
    BufferedImage image = Pixels.savePng(figure, "image-grid");
    assertEquals(3, figure.charts().size());
    assertEquals(220, figure.width(), "110 units per column");
    int[][] dots = {{0, 0}, {3, 3}, {1, 2}};
    for (int i = 0; i < 3; i++) {
      for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 4; c++) {
          boolean white = dots[i][0] == r && dots[i][1] == c;
          Color got = at(figure, image, i, r, c);
          assertTrue(
              Pixels.distance(white ? Color.WHITE : Color.BLACK, got) <= 6,
              "image " + i + " pixel " + r + "," + c + ": " + got);
        }
      }
    }
    assertTrue(figure.texts().containsAll(List.of("samples", "7", "2 (true 3)", "1")));
    // Square pixels: the image's width on screen equals its height.
    Point2D.Double a = Pixels.screen(figure, 0, 0, 0);
    Point2D.Double b = Pixels.screen(figure, 0, 3, -3);
    assertEquals(Math.abs(b.x - a.x), Math.abs(b.y - a.y), 1.0);
  }

  @Test
  void aBatchAddsEveryImageAndRgbKeepsItsColours() throws Exception {
    Tensor batch = Tensor.zeros(DType.FLOAT32, 5, 3, 2, 2);
    batch = batch.add(Tensor.of(new double[] {1, 0, 0}, DType.FLOAT32, 1, 3, 1, 1));
    Figure figure = Plots.imageGrid().images(batch).titles("a", "b").build();
    BufferedImage image = Pixels.savePng(figure, "image-grid-rgb");
    assertEquals(5, figure.charts().size());
    for (int i = 0; i < 5; i++) {
      assertTrue(
          Pixels.distance(Color.RED, at(figure, image, i, 1, 1)) <= 6, "image " + i + " is red");
    }
    assertTrue(figure.texts().containsAll(List.of("a", "b")));
  }

  @Test
  void oneRangeForAllImagesWithCLim() throws Exception {
    Tensor half = Tensor.full(0.5, DType.FLOAT64, 2, 2);
    Figure figure = Plots.imageGrid().image(half).cLim(0, 1).build();
    BufferedImage image = Pixels.savePng(figure, "image-grid-clim");
    assertTrue(Pixels.distance(new Color(128, 128, 128), at(figure, image, 0, 0, 0)) <= 8);
  }

  @Test
  void aTitleTakesItsColour() throws Exception {
    Figure figure =
        Plots.imageGrid()
            .image(dot(0, 0), "right", new Color(0x2ca02c))
            .image(dot(1, 1), "wrong", Color.RED)
            .build();
    BufferedImage image = Pixels.savePng(figure, "image-grid-title-colours");
    // The titles are above the plot areas, in their own colours.
    for (int i = 0; i < 2; i++) {
      java.awt.geom.Rectangle2D plot = figure.plotArea(i);
      java.awt.geom.Rectangle2D above =
          new java.awt.geom.Rectangle2D.Double(plot.getMinX(), 0, plot.getWidth(), plot.getMinY());
      Color c = i == 0 ? new Color(0x2ca02c) : Color.RED;
      Color other = i == 0 ? Color.RED : new Color(0x2ca02c);
      assertTrue(Pixels.count(image, above, null, c, 60) > 5, "title " + i + " in its colour");
      assertEquals(0, Pixels.count(image, above, null, other, 60), "and not in the other's");
    }
  }

  @Test
  void badInputIsNamed() {
    var empty = assertThrows(IllegalStateException.class, () -> Plots.imageGrid().build());
    assertEquals("ImageGrid: add at least one image", empty.getMessage());
    var batch =
        assertThrows(
            IllegalArgumentException.class, () -> Plots.imageGrid().images(Tensor.zeros(4, 4)));
    assertEquals(
        "images: expected a batch [N, H, W] or [N, C, H, W], got shape [4, 4]", batch.getMessage());
    var titles =
        assertThrows(
            IllegalArgumentException.class,
            () -> Plots.imageGrid().image(dot(0, 0)).titles("a", "b"));
    assertEquals("titles: 2 titles for 1 images", titles.getMessage());
    var log = assertThrows(IllegalStateException.class, () -> Plots.imageGrid().logY());
    assertEquals("logY: an ImageGrid has no axes to make logarithmic", log.getMessage());
    var lim =
        assertThrows(
            IllegalStateException.class,
            () -> Plots.imageGrid().image(dot(0, 0)).xLim(0, 1).build());
    assertEquals("xLim/yLim: this ImageGrid has no x and y axes to apply it to", lim.getMessage());
  }
}
