package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.plot.internal.TickLabels;
import java.awt.Color;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The axis settings every chart type shares (FigureBuilder's xLim, logY, annotate, ...). */
class AxesStyleTest {
  private static final Color BLUE = new Color(0x1f77b4);
  private static final Color TEXT = new Color(0x333333);
  private static final double[] X = ChartTest.X;

  private static double[] squares() {
    return ChartTest.squares();
  }

  @Test
  void limitsSetTheVisibleRange() throws Exception {
    Figure figure = Plots.chart().plot(X, squares()).xLim(2, 4).yLim(0, 20).build();
    BufferedImage image = Pixels.savePng(figure, "style-limits");
    Rectangle2D plot = figure.plotArea(0);
    Point2D.Double mid = Pixels.screen(figure, 0, 3, 10);
    assertEquals(plot.getCenterX(), mid.x, 1.5, "x = 3 is the middle of [2, 4]");
    assertEquals(plot.getCenterY(), mid.y, 1.5, "y = 10 is the middle of [0, 20]");
    assertTrue(Pixels.near(figure, image, 3, 9, BLUE, 2) > 0, "the line at (3, 9)");
  }

  @Test
  void logAxesAreLabelledAtEachPowerOfTenWithSuperscripts() throws Exception {
    assertEquals("10⁻³", TickLabels.power(-3));
    assertEquals("10⁰", TickLabels.power(0));
    assertEquals("10¹²", TickLabels.power(12));
    assertEquals(List.of(-3, -2, -1, 0, 1), TickLabels.decades(1e-3, 10));
    // less than two decades in view: the multiples in between, as matplotlib
    assertEquals(List.of(3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0), TickLabels.logTicks(2.4, 9.5));
    assertEquals(List.of(0.2, 0.5, 1.0, 2.0, 5.0), TickLabels.logTicks(0.15, 6));
    assertEquals("10⁻²", TickLabels.logLabel(0.01));
    assertEquals("5×10⁻¹", TickLabels.logLabel(0.5));

    double[] steps = {0, 1, 2, 3, 4};
    double[] losses = {10, 1, 0.1, 0.01, 0.001};
    Figure figure = Plots.chart().plot(steps, losses).logY().size(500, 500).build();
    BufferedImage image = Pixels.savePng(figure, "style-log-y");
    Rectangle2D plot = figure.plotArea(0);
    // The label column, left of the tick marks: ink at each decade, none half-way between.
    for (int k = -3; k <= 1; k++) {
      double y = Pixels.screen(figure, 0, 1, Math.pow(10, k)).y;
      Rectangle2D at = new Rectangle2D.Double(plot.getMinX() - 45, y - 4, 37, 8);
      assertTrue(Pixels.count(image, at, null, TEXT, 120) > 3, "a label at 10^" + k);
    }
    for (int k = -3; k < 1; k++) {
      double y = Pixels.screen(figure, 0, 1, Math.sqrt(10) * Math.pow(10, k)).y;
      Rectangle2D between = new Rectangle2D.Double(plot.getMinX() - 45, y - 3, 35, 6);
      assertEquals(0, Pixels.count(image, between, null, TEXT, 120), "no label at 10^" + k + ".5");
    }
    assertTrue(Pixels.near(figure, image, 2, 0.1, BLUE, 2) > 0, "the line at (2, 0.1)");
  }

  @Test
  void logLabelsLeaveTheFontChoiceToTheTitles() throws Exception {
    // The superscripts of 10⁻³ are not in every CJK font (nor in the bundled subset): they must not
    // make the figure give up the font its Chinese title needs.
    Figure figure =
        Plots.lossHistory().title("梯度下降").series("SGD", new double[] {1, 1e-3}).logY().build();
    assertTrue(figure.fontCoversText(), figure.fontFamily());
    BufferedImage image = Pixels.savePng(figure, "style-log-cjk");
    Rectangle2D plot = figure.plotArea(0);
    double y = Pixels.screen(figure, 0, 0.5, 1e-2).y;
    Rectangle2D at = new Rectangle2D.Double(plot.getMinX() - 45, y - 4, 37, 8);
    assertTrue(Pixels.count(image, at, null, TEXT, 120) > 3, "the label 10⁻² is drawn");
  }

  @Test
  void everyChartTypeTakesTheSameLogSetting() {
    assertTrue(
        Plots.lossHistory()
            .series("a", new double[] {1, 0.1})
            .logY()
            .build()
            .charts()
            .get(0)
            .getStyler()
            .isYAxisLogarithmic());
    assertFalse(
        Plots.gradientFlow()
            .panel("p", java.util.Map.of("w", new double[] {1, 2}))
            .logY(false)
            .build()
            .charts()
            .get(0)
            .getStyler()
            .isYAxisLogarithmic(),
        "gradient flow is logarithmic by default, logY(false) makes it linear");
    assertTrue(
        Plots.functionAndDerivative(Tensor::exp, 0.1, 2)
            .logX()
            .build()
            .charts()
            .get(0)
            .getStyler()
            .isXAxisLogarithmic());
  }

  @Test
  void aValueALogAxisCannotShowIsNamed() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Plots.chart().plot(X, squares()).label("x²").logX().build());
    assertEquals(
        "logX: series 'x²' has the value 0.0 at index 0; a logarithmic axis needs positive values",
        e.getMessage());
    var limits =
        assertThrows(
            IllegalArgumentException.class,
            () -> Plots.chart().plot(new double[] {1, 2}).logY().yLim(0, 3).build());
    assertTrue(limits.getMessage().startsWith("yLim: a logarithmic y axis"), limits.getMessage());
  }

  @Test
  void settingsAChartCannotTakeNameTheChartType() {
    var log =
        assertThrows(
            IllegalStateException.class,
            () -> Plots.descentPath((x, y) -> x.square().add(y.square()), -1, 1, -1, 1).logX());
    assertTrue(log.getMessage().contains("DescentPathChart"), log.getMessage());
    var surface =
        assertThrows(
            IllegalStateException.class,
            () ->
                Plots.surface((x, y) -> x.square().add(y.square()), -1, 1, -1, 1)
                    .xLim(0, 1)
                    .build());
    assertEquals(
        "xLim/yLim: this SurfaceChart has no x and y axes to apply it to", surface.getMessage());
    var gallery =
        assertThrows(
            IllegalStateException.class,
            () -> Plots.activationGallery().withCommonActivations().annotate("here", 0, 0).build());
    assertTrue(
        gallery.getMessage().contains("this ActivationGallery has 6 panels"), gallery.getMessage());
  }

  @Test
  void badArgumentsAreNamed() {
    var lim = assertThrows(IllegalArgumentException.class, () -> Plots.chart().xLim(3, 1));
    assertEquals("xLim: need finite lo < hi, got [3.0, 1.0]", lim.getMessage());
    var format =
        assertThrows(IllegalArgumentException.class, () -> Plots.chart().yTickFormat("%d"));
    assertTrue(format.getMessage().startsWith("yTickFormat: '%d' is not"), format.getMessage());
    var at =
        assertThrows(
            IllegalArgumentException.class, () -> Plots.chart().annotate("a", Double.NaN, 0));
    assertEquals("annotate: the coordinates must be finite, got (NaN, 0.0)", at.getMessage());
  }

  @Test
  void tickFormatsFormatTheLabels() {
    Figure figure =
        Plots.chart().plot(X, squares()).xTickFormat("%.2f").yTickFormat("%.0e").build();
    figure.toImage();
    var styler = figure.charts().get(0).getStyler();
    assertEquals("2.00", styler.getXAxisTickLabelsFormattingFunction().apply(2.0));
    assertEquals("5e+01", styler.getYAxisTickLabelsFormattingFunction().apply(50.0));
  }

  @Test
  void gridFalseLeavesThePlotAreaWithoutGridLines() throws Exception {
    Color gridColour = new Color(0xe3e3e3);
    Figure with = Plots.chart().plot(X, squares()).build();
    Figure without = Plots.chart().plot(X, squares()).grid(false).build();
    BufferedImage a = Pixels.savePng(with, "style-grid");
    BufferedImage b = Pixels.savePng(without, "style-no-grid");
    assertTrue(Pixels.count(a, with.plotArea(0), null, gridColour, 6) > 200);
    assertEquals(0, Pixels.count(b, without.plotArea(0), null, gridColour, 6));
  }

  @Test
  void annotationsSitAtDataCoordinatesAndArrowsReachTheirPoint() throws Exception {
    Figure figure =
        Plots.chart()
            .plot(X, squares())
            .annotate("text only", 1, 80)
            .annotate("x = 8", 8, 64, 3, 40)
            .build();
    BufferedImage image = Pixels.savePng(figure, "style-annotate");
    Point2D.Double label = Pixels.screen(figure, 0, 1, 80);
    // The text's baseline starts at its point: ink just above and to the right of it.
    assertTrue(
        Pixels.count(image, new Rectangle2D.Double(label.x, label.y - 10, 40, 10), null, TEXT, 90)
            > 10);
    assertEquals(
        0,
        Pixels.count(
            image, new Rectangle2D.Double(label.x - 30, label.y + 4, 25, 20), null, TEXT, 90),
        "nothing below-left of the text's point");
    // The arrow's head ends at (8, 64): dark pixels just before it along the way from the text.
    Point2D.Double head = Pixels.screen(figure, 0, 8, 64);
    Point2D.Double from = Pixels.screen(figure, 0, 3, 40);
    double ux = (from.x - head.x) / head.distance(from);
    double uy = (from.y - head.y) / head.distance(from);
    Rectangle2D nearHead = new Rectangle2D.Double(head.x + 4 * ux - 2, head.y + 4 * uy - 2, 4, 4);
    assertTrue(Pixels.count(image, nearHead, null, TEXT, 120) > 0, "the arrow's head");
    Rectangle2D midway =
        new Rectangle2D.Double(
            (head.x + from.x) / 2 + 10 * ux - 2, (head.y + from.y) / 2 + 10 * uy - 2, 4, 4);
    assertTrue(Pixels.count(image, midway, null, TEXT, 120) > 0, "the arrow's shaft");
  }

  @Test
  void theAxisLineIsThePlotBorderAlone() throws Exception {
    Figure figure = Plots.chart().plot(X, squares()).build();
    BufferedImage image = Pixels.savePng(figure, "style-axis-line");
    Rectangle2D plot = figure.plotArea(0);
    Color grey = new Color(0x999999);
    // Left of the border only the tick marks are drawn: no second vertical line beside it.
    int rows = 0;
    for (int y = (int) plot.getMinY() + 2; y < plot.getMaxY() - 2; y++) {
      // between the tick labels and the border: where XChart's own axis line would be
      Rectangle2D strip = new Rectangle2D.Double(plot.getMinX() - 6, y, 4, 1);
      if (Pixels.count(image, strip, null, grey, 100) > 0) rows++;
    }
    assertTrue(rows < 0.3 * plot.getHeight(), rows + " of " + plot.getHeight() + " rows");
    // and below the border likewise
    int columns = 0;
    for (int x = (int) plot.getMinX() + 2; x < plot.getMaxX() - 2; x++) {
      Rectangle2D strip = new Rectangle2D.Double(x, plot.getMaxY() + 2, 1, 4);
      if (Pixels.count(image, strip, null, grey, 100) > 0) columns++;
    }
    assertTrue(columns < 0.3 * plot.getWidth(), columns + " of " + plot.getWidth() + " columns");
  }

  @Test
  void panelsOfARowShareTheirPlotTopsWhateverTheirTitles() throws Exception {
    // "ReLU" has no descender, "Sigmoid" has one: XChart alone would start their plots apart.
    Figure figure =
        Plots.activationGallery()
            .activation("ReLU", Tensor::relu)
            .activation("Sigmoid", Tensor::sigmoid)
            .activation("Tanh", Tensor::tanh)
            .grid(1, 3)
            .build();
    Pixels.savePng(figure, "style-aligned");
    Rectangle2D a = figure.plotArea(0);
    Rectangle2D b = figure.plotArea(1);
    Rectangle2D c = figure.plotArea(2);
    assertEquals(a.getMinY(), b.getMinY(), 0.5);
    assertEquals(a.getMaxY(), b.getMaxY(), 0.5);
    assertEquals(a.getMinY(), c.getMinY(), 0.5);
    assertEquals(a.getMaxY(), c.getMaxY(), 0.5);
  }
}
