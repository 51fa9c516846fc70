package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class SubplotsTest {
  private static final Color BLUE = new Color(0x1f77b4);

  @Test
  void plotAreasOfARowShareTopAndBottomWhateverTheirTitlesAndLabels() throws Exception {
    // no descender and no axis title, a descender and an x title, a loss chart with a log axis
    Figure figure =
        Plots.subplots(2, 3)
            .title("six panels")
            .panel(Plots.chart().title("ReLU").plot(ChartTest.X, ChartTest.squares()))
            .panel(Plots.chart().title("Sigmoid, gy").plot(ChartTest.X).xLabel("step"))
            .panel(
                Plots.lossHistory().title("loss").series("a", new double[] {1, 0.1, 0.01}).logY())
            .panel(Plots.chart().imshow(new double[][] {{1, 2}, {3, 4}}).colorBar("v"))
            .panel(Plots.chart().hist(ChartTest.squares(), 4).yLabel("count"))
            .build();
    BufferedImage image = Pixels.savePng(figure, "subplots-aligned");
    Pixels.assertSize(figure, image, 72);
    assertEquals(5, figure.charts().size());
    for (int row = 0; row < 2; row++) {
      Rectangle2D first = figure.plotArea(3 * row);
      for (int i = 3 * row + 1; i < Math.min(5, 3 * row + 3); i++) {
        Rectangle2D other = figure.plotArea(i);
        // within a pixel: panels are painted at whole sizes
        assertEquals(first.getMinY(), other.getMinY(), 1, "top of panel " + i);
        assertEquals(first.getMaxY(), other.getMaxY(), 1, "bottom of panel " + i);
      }
    }
    // Columns too: the left edges of the panels in column 0 and in column 1.
    assertEquals(figure.plotArea(0).getMinX(), figure.plotArea(3).getMinX(), 1);
    assertEquals(figure.plotArea(1).getMinX(), figure.plotArea(4).getMinX(), 1);
    // Each panel draws its data in its own cell.
    assertTrue(Pixels.near(figure, image, 5, 25, BLUE, 2) > 0, "panel 0's line at (5, 25)");
    assertTrue(figure.texts().contains("six panels"));
  }

  @Test
  void sharedAxesGiveEveryPanelTheSameRangeAndLabelOnlyTheOuterOnes() throws Exception {
    Figure figure =
        Plots.subplots(2, 2)
            .shareX()
            .shareY()
            .panel(Plots.chart().plot(new double[] {0, 1}, new double[] {0, 1}))
            .panel(Plots.chart().plot(new double[] {0, 4}, new double[] {0, 2}))
            .panel(Plots.chart().plot(new double[] {-2, 1}, new double[] {0, 1}))
            .panel(Plots.chart().plot(new double[] {0, 1}, new double[] {-1, 1}))
            .build();
    Pixels.savePng(figure, "subplots-shared");
    for (int i = 0; i < 4; i++) {
      var s = figure.charts().get(i).getStyler();
      assertEquals(-2, s.getXAxisMin(), 1e-12);
      assertEquals(4, s.getXAxisMax(), 1e-12);
      assertEquals(-1, s.getYAxisMin(), 1e-12);
      assertEquals(2, s.getYAxisMax(), 1e-12);
      assertEquals(i >= 2, s.isXAxisTicksVisible(), "x tick labels on the bottom row, panel " + i);
      assertEquals(i % 2 == 0, s.isYAxisTicksVisible(), "y tick labels in column 0, panel " + i);
    }
    // The same point is at the same height, and the same fraction across, in panels 0 and 1.
    var a = Pixels.screen(figure, 0, 1, 1);
    var b = Pixels.screen(figure, 1, 1, 1);
    assertEquals(a.y, b.y, 0.5);
    Rectangle2D p0 = figure.plotArea(0);
    Rectangle2D p1 = figure.plotArea(1);
    assertEquals((a.x - p0.getMinX()) / p0.getWidth(), (b.x - p1.getMinX()) / p1.getWidth(), 0.005);
  }

  @Test
  void badCellsAndGridSettingsAreNamed() {
    var full =
        assertThrows(
            IllegalStateException.class,
            () -> Plots.subplots(1, 1).panel(Plots.chart()).panel(Plots.chart()));
    assertEquals("panel: all 1 cells of the 1x1 grid are taken", full.getMessage());
    var outside =
        assertThrows(
            IndexOutOfBoundsException.class, () -> Plots.subplots(1, 2).panel(1, 0, Plots.chart()));
    assertEquals("panel: cell (1, 0) is outside the 1x2 grid", outside.getMessage());
    var log = assertThrows(IllegalStateException.class, () -> Plots.subplots(1, 2).logY());
    assertTrue(log.getMessage().startsWith("logY: set the axes on each panel's chart"));
    var lim =
        assertThrows(
            IllegalStateException.class,
            () ->
                Plots.subplots(1, 1)
                    .panel(Plots.chart().plot(new double[] {1}))
                    .xLim(0, 1)
                    .build());
    assertTrue(lim.getMessage().startsWith("xLim/yLim: set the axes"), lim.getMessage());
    var empty = assertThrows(IllegalStateException.class, () -> Plots.subplots(1, 2).build());
    assertEquals("Subplots: add at least one panel", empty.getMessage());
    var inner =
        assertThrows(
            IllegalStateException.class, () -> Plots.subplots(1, 2).panel(Plots.chart()).build());
    assertTrue(inner.getMessage().startsWith("Chart: add at least one series"));
    assertFalse(
        Plots.subplots(1, 2)
            .panel(Plots.chart().plot(new double[] {1, 2}))
            .build()
            .charts()
            .isEmpty());
  }
}
