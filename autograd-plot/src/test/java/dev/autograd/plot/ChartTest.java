package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ChartTest {
  private static final Color BLUE = new Color(0x1f77b4);
  private static final Color ORANGE = new Color(0xff7f0e);
  private static final Color RED = new Color(0xd62728);

  static final double[] X = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

  static double[] squares() {
    double[] y = new double[X.length];
    for (int i = 0; i < y.length; i++) y[i] = X[i] * X[i];
    return y;
  }

  @Test
  void aLinePassesThroughItsPointsAndNowhereElse() throws Exception {
    Figure figure = Plots.chart().title("x²").plot(X, squares()).build();
    BufferedImage image = Pixels.savePng(figure, "chart-line");
    Pixels.assertSize(figure, image, 72);
    for (double x : new double[] {2, 5, 8}) {
      assertTrue(Pixels.near(figure, image, x, x * x, BLUE, 2) > 0, "the line at x = " + x);
    }
    // x² is far below (1, 80) and far above (9, 20).
    assertEquals(0, Pixels.near(figure, image, 1, 80, BLUE, 4));
    assertEquals(0, Pixels.near(figure, image, 9, 20, BLUE, 4));
    assertTrue(figure.fontCoversText());
    assertFalse(figure.charts().get(0).getStyler().isLegendVisible(), "no labels, no legend");
  }

  @Test
  void tensorsPlotAsTheirValues() throws Exception {
    Tensor x = Tensor.linspace(0, 10, 11);
    Figure figure = Plots.chart().plot(x, x.square()).label("x²").build();
    BufferedImage image = Pixels.savePng(figure, "chart-tensor");
    assertTrue(Pixels.near(figure, image, 6, 36, BLUE, 2) > 0);
    assertTrue(figure.charts().get(0).getStyler().isLegendVisible());
  }

  @Test
  void scatterMarksEachPointInTheColourSet() throws Exception {
    double[] x = {1, 4, 7};
    double[] y = {2, 8, 3};
    Figure figure =
        Plots.chart()
            .scatter(x, y)
            .color(RED)
            .plot(new double[] {0, 8}, new double[] {0, 10})
            .build();
    BufferedImage image = Pixels.savePng(figure, "chart-scatter");
    for (int i = 0; i < x.length; i++) {
      assertTrue(Pixels.near(figure, image, x[i], y[i], RED, 3) >= 9, "marker " + i);
    }
    // Markers only: nothing red half-way between the first two points.
    assertEquals(0, Pixels.near(figure, image, 2.5, 5, RED, 3));
    // The second series takes the second colour of the cycle.
    assertTrue(Pixels.near(figure, image, 4, 5, ORANGE, 2) > 0);
  }

  @Test
  void histogramCountsAsNumpy() {
    // numpy.histogram([0, 1, 1, 2, 2, 2, 3, 3, 3, 3], 3): edges 0, 1, 2, 3; [0, 1), [1, 2), [2, 3].
    double[][] h = Chart.histogram(new double[] {0, 1, 1, 2, 2, 2, 3, 3, 3, 3}, 3);
    assertArrayEquals(new double[] {0, 1, 2, 3}, h[0], 1e-12);
    assertArrayEquals(new double[] {1, 2, 7}, h[1]);
    // All equal: the range is the value ± 0.5.
    double[][] one = Chart.histogram(new double[] {5, 5}, 2);
    assertArrayEquals(new double[] {4.5, 5, 5.5}, one[0], 1e-12);
    assertArrayEquals(new double[] {0, 2}, one[1]);
  }

  @Test
  void histogramBarsReachTheirCounts() throws Exception {
    double[] values = {0, 1, 1, 2, 2, 2, 3, 3, 3, 3};
    Figure figure = Plots.chart().hist(values, 3).build();
    BufferedImage image = Pixels.savePng(figure, "chart-hist");
    // Bin [1, 2) holds 2: filled at height 1.5, empty at 3; the last bin is filled at 6.5.
    assertTrue(Pixels.near(figure, image, 1.5, 1.5, BLUE, 2) >= 16);
    assertEquals(0, Pixels.near(figure, image, 1.5, 3, BLUE, 2));
    assertTrue(Pixels.near(figure, image, 2.5, 6.5, BLUE, 2) >= 16);
    assertEquals(0, Pixels.near(figure, image, 0.5, 1.5, BLUE, 2));
  }

  @Test
  void barsStandOnTheAxisWithGapsBetween() throws Exception {
    Figure figure =
        Plots.chart().bar(new double[] {1, 2, 3}, new double[] {3, -1, 2}).color(RED).build();
    BufferedImage image = Pixels.savePng(figure, "chart-bar");
    assertTrue(Pixels.near(figure, image, 1, 2.5, RED, 2) >= 16);
    assertTrue(Pixels.near(figure, image, 2, -0.5, RED, 2) >= 16, "a negative bar goes down");
    assertEquals(0, Pixels.near(figure, image, 1.5, 0.5, RED, 2), "the gap between bars");
    assertEquals(0, Pixels.near(figure, image, 3, 2.5, RED, 2), "above the third bar");
  }

  @Test
  void fillBetweenFillsTheBandOnly() throws Exception {
    double[] lo = new double[X.length];
    double[] hi = new double[X.length];
    for (int i = 0; i < X.length; i++) {
      lo[i] = X[i];
      hi[i] = X[i] + 4;
    }
    Figure figure =
        Plots.chart()
            .fillBetween(X, lo, hi)
            .plot(new double[] {0, 10}, new double[] {20, 20})
            .build();
    BufferedImage image = Pixels.savePng(figure, "chart-fill");
    assertTrue(Pixels.near(figure, image, 5, 7, BLUE, 2) >= 16, "inside the band");
    assertEquals(0, Pixels.near(figure, image, 5, 12, BLUE, 2), "above the band");
    assertEquals(0, Pixels.near(figure, image, 5, 2, BLUE, 2), "below the band");
  }

  @Test
  void alphaAloneFadesALineInItsOwnColour() throws Exception {
    Figure figure = Plots.chart().plot(X, squares()).alpha(0.5).build();
    BufferedImage image = Pixels.savePng(figure, "chart-alpha-line");
    // half of tab:blue over white
    Color faded = new Color((0x1f + 255) / 2, (0x77 + 255) / 2, (0xb4 + 255) / 2);
    assertTrue(Pixels.near(figure, image, 5, 25, faded, 2) > 0, "the faded line at (5, 25)");
    assertEquals(0, Pixels.near(figure, image, 5, 25, BLUE, 2), "not the opaque colour");
  }

  @Test
  void alphaLetsTheLineUnderABandShow() throws Exception {
    Figure figure =
        Plots.chart()
            .plot(new double[] {0, 10}, new double[] {5, 5})
            .color(RED)
            .fillBetween(new double[] {0, 10}, new double[] {0, 0}, new double[] {10, 10})
            .alpha(0.3)
            .build();
    BufferedImage image = Pixels.savePng(figure, "chart-alpha");
    // The red line under the band, 30% orange (the second colour of the cycle): a mix.
    Color mixed =
        new Color(
            (int) Math.round(0.7 * 0xd6 + 0.3 * 0xff),
            (int) Math.round(0.7 * 0x27 + 0.3 * 0x7f),
            (int) Math.round(0.7 * 0x28 + 0.3 * 0x0e));
    assertTrue(Pixels.near(figure, image, 5, 5, mixed, 1) > 0);
  }

  @Test
  void errorBarsSpanTheirErrors() throws Exception {
    Figure figure =
        Plots.chart()
            .errorBar(new double[] {1, 2, 3}, new double[] {2, 4, 3}, new double[] {1, 2, 0.5})
            .lineStyle(LineStyle.NONE)
            .marker(Marker.CIRCLE)
            .plot(new double[] {0, 4}, new double[] {0, 7})
            .build();
    BufferedImage image = Pixels.savePng(figure, "chart-errorbar");
    // The bar at x = 2 goes from 2 to 6: blue at 5.5, nothing at 6.5; no line from x = 1 to 2.
    assertTrue(Pixels.near(figure, image, 2, 5.5, BLUE, 1) > 0);
    assertEquals(0, Pixels.near(figure, image, 2, 6.6, BLUE, 1));
    assertEquals(0, Pixels.near(figure, image, 1.5, 3, BLUE, 2));
  }

  @Test
  void stepJumpsWhereItsModeSays() throws Exception {
    double[] x = {0, 2, 4};
    double[] y = {1, 5, 3};
    Figure pre = Plots.chart().step(x, y).build();
    Figure post = Plots.chart().step(x, y, Chart.Where.POST).build();
    BufferedImage preImage = Pixels.savePng(pre, "chart-step-pre");
    BufferedImage postImage = Pixels.savePng(post, "chart-step-post");
    // Between x = 0 and 2, 'pre' holds y[1] = 5 and 'post' holds y[0] = 1.
    assertTrue(Pixels.near(pre, preImage, 1, 5, BLUE, 1) > 0);
    assertEquals(0, Pixels.near(pre, preImage, 1, 1, BLUE, 2));
    assertTrue(Pixels.near(post, postImage, 1, 1, BLUE, 1) > 0);
    assertEquals(0, Pixels.near(post, postImage, 1, 5, BLUE, 2));
  }

  @Test
  void svgHoldsEachSeriesInItsColour() throws Exception {
    Figure figure =
        Plots.chart()
            .plot(X, squares())
            .label("line")
            .hist(new double[] {1, 2, 2, 3}, 3)
            .color(RED)
            .label("hist")
            .build();
    Document svg = Pixels.saveSvg(figure, "chart-mixed");
    assertTrue(Pixels.svgShapes(svg, BLUE) >= 1, "the line");
    assertTrue(Pixels.svgShapes(svg, RED) >= 1, "the histogram");
  }

  @Test
  void arraysOfDifferentLengthsAreNamed() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Plots.chart().plot(new double[] {1, 2, 3}, new double[] {1, 2}));
    assertEquals("plot: x and y must have the same length, got 3 and 2", e.getMessage());
    var f =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Plots.chart()
                    .fillBetween(new double[] {1, 2}, new double[] {1, 2}, new double[] {1}));
    assertTrue(f.getMessage().startsWith("fillBetween: x and y2"), f.getMessage());
  }

  @Test
  void undrawableValuesAreNamedWithTheirIndex() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Plots.chart().bar(new double[] {1, 2}, new double[] {1, Double.NaN}));
    assertEquals("bar: heights[1] is NaN; only finite values can be drawn here", e.getMessage());
    var inf =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Plots.chart()
                    .plot(new double[] {0, Double.POSITIVE_INFINITY}, new double[] {1, 2}));
    assertTrue(inf.getMessage().startsWith("plot: x[1] is Infinity"), inf.getMessage());
    // A NaN y is a gap in a line, as in matplotlib.
    Plots.chart().plot(new double[] {0, 1, 2}, new double[] {1, Double.NaN, 2}).build();
  }

  @Test
  void emptyDataIsRefused() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> Plots.chart().hist(new double[0], 4));
    assertEquals("hist: values is empty; nothing to draw", e.getMessage());
    assertThrows(IllegalStateException.class, () -> Plots.chart().build());
  }

  @Test
  void aTensorThatIsNotOneDimensionalIsNamedWithItsShape() {
    Tensor grid = Tensor.zeros(2, 3);
    var e = assertThrows(IllegalArgumentException.class, () -> Plots.chart().plot(grid));
    assertTrue(
        e.getMessage().startsWith("plot: y must be a 1-D tensor, got shape [2, 3]"),
        e.getMessage());
  }

  @Test
  void styleBeforeAnySeriesSaysWhatToDo() {
    var e = assertThrows(IllegalStateException.class, () -> Plots.chart().color(RED));
    assertTrue(e.getMessage().startsWith("color: add a series first"), e.getMessage());
  }
}
