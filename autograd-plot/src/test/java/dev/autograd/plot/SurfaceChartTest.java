package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.plot.internal.Field;
import dev.autograd.plot.internal.Projection;
import dev.autograd.plot.internal.SurfaceLayer;
import java.awt.Color;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

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
  void theSurfaceKnowsWhichOfItsPointsItHides() {
    Field bowl = Field.sample(Descent.BOWL, -3, 3, -3, 3, 25, 25);
    SurfaceLayer from30 =
        new SurfaceLayer(bowl, new Projection(-3, 3, -3, 3, 0, 18, -60, 30, 0.75), 0, 18);
    assertTrue(from30.hides(0, 0), "the bottom, behind the near wall");
    assertFalse(from30.hides(2.5, -2), "a point of the near wall");
    assertFalse(from30.hides(-2, 2), "a point of the far wall, facing the viewer");
    SurfaceLayer from60 =
        new SurfaceLayer(bowl, new Projection(-3, 3, -3, 3, 0, 18, -60, 60, 0.75), 0, 18);
    assertFalse(from60.hides(0, 0), "from higher up, the bottom is in view");
  }

  /** Pixels within {@code radius} of {@code at} of a pale red: light, red above green and blue. */
  private static int paleRed(BufferedImage image, Point2D.Double at, int radius) {
    int n = 0;
    for (int y = (int) at.y - radius; y <= (int) at.y + radius; y++) {
      for (int x = (int) at.x - radius; x <= (int) at.x + radius; x++) {
        Color c = new Color(image.getRGB(x, y));
        if (c.getRed() - c.getGreen() >= 25
            && c.getRed() - c.getBlue() >= 25
            && c.getGreen() >= 110) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void aPathBehindTheSurfaceIsPaled() throws Exception {
    Figure figure =
        Plots.surface(Descent.BOWL, -3, 3, -3, 3)
            .path("SGD", Descent.sgd(Descent.BOWL, 2.5, -2, 0.1, 20))
            .build();
    BufferedImage image = Pixels.savePng(figure, "surface-path-behind");
    Color red = figure.charts().get(0).getSeries("SGD").getLineColor();
    double end = Math.pow(0.8, 20);
    Point2D.Double start = drawnAt(figure, 30, 2.5, -2, 2.5 * 2.5 + 4);
    Point2D.Double finish = drawnAt(figure, 30, 2.5 * end, -2 * end, 0);
    assertTrue(around(image, start, 2, red) > 3, "the start is in view, in full colour");
    assertEquals(0, around(image, finish, 2, red), "the end is behind the near wall");
    assertTrue(paleRed(image, finish, 3) > 3, "it shows through, paled");
  }

  @Test
  void aPathThroughPointsWhereFIsNotFiniteIsDrawnWhereItIs() {
    // log x is NaN at x = -0.5: that point is left out, the others are drawn (and tested for
    // being hidden) as usual.
    Figure figure =
        Plots.surface((x, y) -> x.log().add(y.square()), -1, 3, -3, 3)
            .path("p", Trajectory.of(new double[] {2, 1, -0.5, 0.5}, new double[] {2, 1, 0, -1}))
            .build();
    BufferedImage image = figure.toImage();
    Color colour = figure.charts().get(0).getSeries("p").getLineColor();
    assertTrue(
        Pixels.count(image, new Rectangle2D.Double(0, 0, 800, 650), null, colour, 40) > 10,
        "the finite part of the path is drawn");
  }

  @Test
  void theDescentOnTheSurfaceStepByStep() throws Exception {
    Animation animation =
        Plots.surface(Descent.BOWL, -3, 3, -3, 3)
            .size(400, 325)
            .path("SGD", Descent.sgd(Descent.BOWL, 2.5, -2, 0.1, 10))
            .animation();
    assertEquals(11, animation.frames());
    var first = animation.frame(0).charts().get(0);
    var last = animation.frame(10).charts().get(0);
    assertEquals(1, first.getSeries("SGD").getXData().length);
    assertEquals(11, last.getSeries("SGD").getXData().length);
    // The same view in every frame: the axes are those of the whole path.
    assertEquals(last.getStyler().getXAxisMin(), first.getStyler().getXAxisMin());
    assertEquals(last.getStyler().getXAxisMax(), first.getStyler().getXAxisMax());
    assertEquals(last.getStyler().getYAxisMin(), first.getStyler().getYAxisMin());
    assertEquals(last.getStyler().getYAxisMax(), first.getStyler().getYAxisMax());
    Path file = Pixels.OUT.resolve("surface-descent.gif");
    animation.save(file);
    Movies.Gif gif = Movies.readGif(file);
    assertEquals(11, gif.frames().size());
    assertTrue(
        !Arrays.equals(pixels(gif.frames().get(0)), pixels(gif.frames().get(10))),
        "the path moves");
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  @Test
  void elevationMustBeBetweenThePoles() {
    assertThrows(
        IllegalArgumentException.class,
        () -> SurfaceChart.of(Descent.BOWL, -1, 1, -1, 1).view(0, 90));
  }

  /** The bowl on [-3, 3]², 25 lines each way: its box is [-3, 3]² × [0, 18]. */
  private static Figure bowl(double elevation) {
    return Plots.surface(Descent.BOWL, -3, 3, -3, 3).view(-60, elevation).build();
  }

  /** Where (x, y, z) of the bowl's box is drawn, seen from -60° and {@code elevation}. */
  private static Point2D.Double drawnAt(
      Figure figure, double elevation, double x, double y, double z) {
    Projection p = new Projection(-3, 3, -3, 3, 0, 18, -60, elevation, 0.75);
    return Pixels.screen(figure, 0, p.u(x, y, z), p.v(x, y, z));
  }

  /** Pixels within {@code radius} of {@code at} close to {@code colour}. */
  private static int around(BufferedImage image, Point2D.Double at, int radius, Color colour) {
    Rectangle2D box =
        new Rectangle2D.Double(at.x - radius, at.y - radius, 2 * radius + 1, 2 * radius + 1);
    return Pixels.count(image, box, null, colour, 40);
  }

  /**
   * Pixels within {@code radius} of {@code at} of the floor's grey, antialiased or not: grey (equal
   * channels) and darker than the background; no wire or fill colour is grey.
   */
  private static int floorGrey(BufferedImage image, Point2D.Double at, int radius) {
    int n = 0;
    for (int y = (int) at.y - radius; y <= (int) at.y + radius; y++) {
      for (int x = (int) at.x - radius; x <= (int) at.x + radius; x++) {
        Color c = new Color(image.getRGB(x, y));
        int max = Math.max(c.getRed(), Math.max(c.getGreen(), c.getBlue()));
        int min = Math.min(c.getRed(), Math.min(c.getGreen(), c.getBlue()));
        if (max - min <= 6 && max <= 0xd0) n++;
      }
    }
    return n;
  }

  /** Pixels within {@code radius} of {@code at} close to the fill of some band. */
  private static int surfaceFill(BufferedImage image, Point2D.Double at, int radius) {
    int n = 0;
    for (int b = 0; b < SurfaceLayer.BANDS; b++) {
      n += around(image, at, radius, SurfaceLayer.fill(b));
    }
    return n;
  }

  @Test
  void theNearWallHidesTheBottomOfTheBowl() throws Exception {
    // From 30° up, the line of sight from the bottom (0, 0, 0) meets the near wall: the bottom's
    // wires (the lowest band) do not show there; the near wall's fill does.
    Figure figure = bowl(30);
    BufferedImage image = Pixels.savePng(figure, "surface-hidden-bottom");
    Point2D.Double bottom = drawnAt(figure, 30, 0, 0, 0);
    assertEquals(0, around(image, bottom, 4, SurfaceLayer.wire(0)), "bottom wires at " + bottom);
    assertTrue(surfaceFill(image, bottom, 4) > 40, "the near wall's fill covers the bottom");

    // From 60° up the line of sight clears the near rim: the bottom's wires are in view.
    Figure steep = bowl(60);
    BufferedImage steepImage = Pixels.savePng(steep, "surface-steep");
    Point2D.Double steepBottom = drawnAt(steep, 60, 0, 0, 0);
    assertTrue(around(steepImage, steepBottom, 4, SurfaceLayer.wire(0)) > 5, "bottom in view");
  }

  @Test
  void theFloorDoesNotCrossTheBowl() throws Exception {
    Figure figure = bowl(30);
    BufferedImage image = Pixels.savePng(figure, "surface-floor");
    // The back edges of the floor (x = -3 and y = 3, seen from x > 0, y < 0) run under the bowl:
    // towards the back corner, the line of sight from them crosses the surface.
    for (Point2D.Double back :
        List.of(drawnAt(figure, 30, -3, 2, 0), drawnAt(figure, 30, 0, 3, 0))) {
      assertEquals(0, floorGrey(image, back, 3), "floor's back edge at " + back);
      assertTrue(surfaceFill(image, back, 3) > 10, "the bowl covers the floor at " + back);
    }
    // The front edges (x = 3 and y = -3) are in front of it.
    for (Point2D.Double front :
        List.of(drawnAt(figure, 30, 3, 0, 0), drawnAt(figure, 30, 0, -3, 0))) {
      assertTrue(floorGrey(image, front, 3) > 3, "floor's front edge " + front);
    }
  }

  @Test
  void theSvgPaintsTheFloorFirstAndTheCellsBackToFront() throws Exception {
    Figure figure = bowl(30);
    Document svg = Pixels.saveSvg(figure, "surface-bowl");
    List<Element> shapes = new ArrayList<>();
    collectShapes(svg.getDocumentElement(), shapes);
    String axis = rgb(SurfaceLayer.axis());
    List<String> fills = new ArrayList<>();
    for (int b = 0; b < SurfaceLayer.BANDS; b++) fills.add("fill:" + rgb(SurfaceLayer.fill(b)));
    int firstCell = -1;
    int cells = 0;
    int lastAxis = -1;
    for (int i = 0; i < shapes.size(); i++) {
      String style = shapes.get(i).getAttribute("style");
      if (fills.stream().anyMatch(style::contains)) {
        cells++;
        if (firstCell < 0) firstCell = i;
      }
      if (style.contains("stroke:" + axis)) lastAxis = i;
    }
    assertEquals(24 * 24, cells, "one filled shape per cell of the 25 x 25 mesh");
    assertTrue(lastAxis >= 0 && lastAxis < firstCell, "floor and axis under the first cell");
  }

  private static void collectShapes(Node node, List<Element> out) {
    for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element e) {
        if (e.getTagName().equals("path") || e.getTagName().equals("polygon")) out.add(e);
        collectShapes(e, out);
      }
    }
  }

  private static String rgb(Color c) {
    return String.format(Locale.ROOT, "rgb(%d,%d,%d)", c.getRed(), c.getGreen(), c.getBlue());
  }
}
