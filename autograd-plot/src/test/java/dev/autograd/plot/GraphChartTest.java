package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.GraphOptions;
import dev.autograd.RecordedGraph;
import dev.autograd.Tensor;
import dev.autograd.plot.internal.GraphLayout;
import dev.autograd.plot.internal.GraphPicture;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The picture of a recorded graph: boxes where the layout put them, arrows, text, files. */
class GraphChartTest {

  /** The tutorial's y = x³ - 4x - 5 at x = 2. */
  private static GraphChart tutorial() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y = x.pow(3).sub(x.mul(4)).sub(5);
    return Plots.graph(y).name("x", x).name("y", y).title("y = x³ − 4x − 5");
  }

  /** A graph with a branch that skips a column, a tensor used twice and names in Chinese. */
  private static GraphChart branching() {
    Tensor w = Tensor.of(new double[] {0.5, -1}).requiresGrad(true);
    Tensor b = Tensor.scalar(0.1).requiresGrad(true);
    Tensor h = w.mul(w).sum().tanh();
    Tensor loss = h.add(b).mul(h).add(b.exp());
    return Plots.graph(loss).name("权重", w).name("偏置", b).name("损失", loss);
  }

  @Test
  void everyBoxIsDrawnWhereTheLayoutPutIt() throws Exception {
    for (GraphChart chart : List.of(tutorial(), branching())) {
      Figure figure = chart.build();
      BufferedImage image =
          Pixels.savePng(figure, "graph-boxes-" + chart.picture().layout().nodeCount());
      GraphPicture picture = chart.picture();
      List<Rectangle2D> boxes = picture.paintedBoxes();
      assertEquals(picture.layout().nodeCount(), boxes.size());
      for (int v = 0; v < boxes.size(); v++) {
        Rectangle2D box = boxes.get(v);
        Color border = picture.borderOf(v);
        // Each side, away from the rounded corners: most of its pixels in the border's colour.
        double inset = 6;
        for (int side = 0; side < 4; side++) {
          double covered = borderCoverage(image, box, side, border);
          assertTrue(
              covered >= 0.8,
              "box " + v + " side " + side + ": " + covered + " of it in " + border + " at " + box);
        }
        // Inside: dark glyph pixels, the text.
        Rectangle2D inside =
            new Rectangle2D.Double(
                box.getX() + 4, box.getY() + 4, box.getWidth() - 8, box.getHeight() - 8);
        assertTrue(
            Pixels.count(image, inside, null, new Color(0x1a1a1a), 120) > 30, "text in box " + v);
      }
    }
  }

  @Test
  void arrowsGoFromALayerToALaterOneAndAreDrawn() throws Exception {
    GraphChart chart = branching();
    Figure figure = chart.build();
    BufferedImage image = Pixels.savePng(figure, "graph-arrows");
    GraphPicture picture = chart.picture();
    GraphLayout layout = picture.layout();
    List<Rectangle2D> boxes = picture.paintedBoxes();
    // One edge per input of each op: w * w (w twice), sum, tanh, h + b, (h + b) * h, exp(b), + .
    assertEquals(11, layout.edgeCount());
    for (int e = 0; e < layout.edgeCount(); e++) {
      int[] ends = picture.edge(e);
      assertTrue(layout.layer(ends[1]) > layout.layer(ends[0]), "edge " + e + " goes forward");
      List<Point2D> route = picture.paintedRoutes().get(e);
      Point2D start = route.get(0);
      Point2D end = route.get(route.size() - 1);
      assertEquals(
          boxes.get(ends[0]).getMaxX(), start.getX(), 1.0, "edge " + e + " leaves its source");
      assertEquals(
          boxes.get(ends[1]).getMinX(), end.getX(), 1.0, "edge " + e + " enters its target");
      for (int k = 1; k < route.size(); k++) {
        assertTrue(
            route.get(k).getX() >= route.get(k - 1).getX(), "edge " + e + " runs left to right");
      }
      // The middle of its first segment is drawn in the arrows' colour.
      Point2D next = route.get(1);
      double mx = (start.getX() + next.getX()) / 2;
      double my = (start.getY() + next.getY()) / 2;
      int n =
          Pixels.count(
              image, new Rectangle2D.Double(mx - 3, my - 3, 7, 7), null, GraphPicture.EDGE, 60);
      assertTrue(n >= 2, "edge " + e + " is drawn near (" + mx + ", " + my + "): " + n);
      // And an arrowhead just before the target: a filled triangle, many pixels wide.
      int head =
          Pixels.count(
              image,
              new Rectangle2D.Double(end.getX() - 7, end.getY() - 3, 6, 7),
              null,
              GraphPicture.EDGE,
              60);
      assertTrue(head >= 8, "edge " + e + " has an arrowhead: " + head);
    }
    // The two edges from w to w * w are drawn apart.
    List<Integer> fromWToSquare = new ArrayList<>();
    for (int e = 0; e < layout.edgeCount(); e++) {
      if (picture.edge(e)[0] == 0 || picture.edge(e)[0] == 1) {
        int[] ends = picture.edge(e);
        long same =
            IntStream.range(0, layout.edgeCount())
                .filter(f -> Arrays.equals(picture.edge(f), ends))
                .count();
        if (same == 2) fromWToSquare.add(e);
      }
    }
    assertEquals(2, fromWToSquare.size());
    List<Point2D> first = picture.paintedRoutes().get(fromWToSquare.get(0));
    List<Point2D> second = picture.paintedRoutes().get(fromWToSquare.get(1));
    assertTrue(Math.abs(first.get(0).getY() - second.get(0).getY()) > 5);
  }

  @Test
  void textIsDrawnInAFontWithGlyphsForEveryCharacter() {
    Figure figure = branching().title("计算图").build();
    assertTrue(figure.fontCoversText(), figure.fontFamily());
    assertTrue(figure.texts().contains("权重"), "names are among the texts the font is chosen for");
    assertTrue(figure.texts().contains("损失 = add"));
    Font font = new Font(figure.fontFamily(), Font.PLAIN, 12);
    for (String text : figure.texts()) {
      if (text != null) assertEquals(-1, font.canDisplayUpTo(text), "no glyph in: " + text);
    }
  }

  @Test
  void theSvgHasABoxPerTensorAndPngAndPdfAreWritten() throws Exception {
    GraphChart chart = tutorial();
    Figure figure = chart.build();
    Document svg = Pixels.saveSvg(figure, "graph-tutorial");
    assertEquals(1, Pixels.svgShapes(svg, GraphPicture.LEAF_BORDER), "x's border");
    assertEquals(1, Pixels.svgShapes(svg, GraphPicture.OUTPUT_BORDER), "y's border");
    assertEquals(3, Pixels.svgShapes(svg, GraphPicture.BORDER), "the other tensors' borders");
    BufferedImage png = Pixels.savePng(figure, "graph-tutorial");
    Pixels.assertSize(figure, png, 72);
    Path pdf = Pixels.OUT.resolve("graph-tutorial.pdf");
    figure.save(pdf);
    try (InputStream in = Files.newInputStream(pdf)) {
      assertEquals("%PDF", new String(in.readNBytes(4), StandardCharsets.US_ASCII));
    }
  }

  @Test
  void theFigureTakesTheSizeTheDrawingNeedsOrScalesItDown() {
    GraphChart natural = tutorial();
    Figure figure = natural.build();
    GraphLayout layout = natural.picture().layout();
    assertTrue(figure.width() >= layout.width() && figure.width() <= layout.width() + 100);

    GraphChart small = tutorial().size(300, 150);
    Figure smaller = small.build();
    smaller.toImage();
    for (Rectangle2D box : small.picture().paintedBoxes()) {
      assertTrue(new Rectangle2D.Double(0, 0, 300, 150).contains(box), "inside the figure: " + box);
    }
  }

  @Test
  void aBigGraphShowsTheTensorsNearestTheOutputAndCountsTheRest() throws Exception {
    Tensor x = Tensor.scalar(1.0).requiresGrad(true);
    Tensor y = x;
    for (int i = 0; i < 200; i++) y = y.mul(1.001);
    GraphChart chart = Plots.graph(y).options(GraphOptions.defaults().maxTensors(8));
    Figure figure = chart.build();
    BufferedImage image = Pixels.savePng(figure, "graph-cut");
    assertEquals(9, chart.picture().layout().nodeCount(), "8 tensors and the box of the rest");
    assertTrue(figure.texts().contains("… 193 more tensors"));
    assertTrue(
        borderCoverage(image, chart.picture().paintedBoxes().get(8), 0, chart.picture().borderOf(8))
            > 0.4);
    // By default a picture shows up to 60 tensors.
    GraphChart byDefault = Plots.graph(y);
    byDefault.build();
    assertEquals(GraphChart.DEFAULT_MAX_TENSORS + 1, byDefault.picture().layout().nodeCount());
  }

  @Test
  void theLayoutUsesLongestPathLayersAndRemovesAvoidableCrossings() {
    double[][] sizes = {{40, 20}, {40, 20}, {40, 20}, {40, 20}, {40, 20}};
    // 0 -> 3 and 1 -> 2 cross in the first ordering; 0 -> 2 -> 4 and 0 -> 4 put 4 two layers on.
    int[][] edges = {{0, 3}, {1, 2}, {0, 2}, {2, 4}, {0, 4}};
    GraphLayout layout = GraphLayout.of(sizes, edges);
    assertEquals(0, layout.layer(0));
    assertEquals(0, layout.layer(1));
    assertEquals(1, layout.layer(2));
    assertEquals(1, layout.layer(3));
    assertEquals(2, layout.layer(4));
    assertEquals(0, layout.crossings());
    assertEquals(4, layout.route(4).size(), "0 -> 4 is routed through layer 1");
    for (int v = 0; v < 5; v++) {
      for (int u = 0; u < v; u++) {
        assertTrue(!layout.box(u).intersects(layout.box(v)), u + " and " + v + " overlap");
      }
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GraphLayout.of(sizes, new int[][] {{0, 1}, {1, 0}}));
    assertEquals("graph layout: the edges make a cycle", e.getMessage());
  }

  @Test
  void aTensorThatDoesNotRequireGradIsDrawnAloneWithADashedBorder() throws Exception {
    Tensor c = Tensor.of(new double[] {1, 2, 3});
    GraphChart chart = Plots.graph(c).name("c", c);
    BufferedImage image = Pixels.savePng(chart.build(), "graph-constant");
    GraphPicture picture = chart.picture();
    assertEquals(1, picture.layout().nodeCount());
    assertEquals(0, picture.layout().edgeCount());
    Rectangle2D box = picture.paintedBoxes().get(0);
    // The output's colour, dashed: part of each side, not all of it.
    double top = borderCoverage(image, box, 0, GraphPicture.OUTPUT_BORDER);
    assertTrue(top > 0.4 && top < 0.95, "a dashed border covers " + top + " of the top side");
  }

  @Test
  void eachBoxCanShowTheOutputsGradientAsTheChainRuleGivesIt() throws Exception {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y = x.pow(3).sub(x.mul(4)).sub(5);
    GraphChart chart = Plots.graph(y).name("x", x).name("y", y).withOutputGradients();
    Figure figure = chart.build();
    Pixels.savePng(figure, "graph-output-gradients");
    List<String> texts = figure.texts();
    assertTrue(texts.contains("∂y/∂y = 1"), String.valueOf(texts));
    assertTrue(texts.contains("∂y/∂t2 = -1"), "through 4x");
    assertTrue(texts.contains("∂y/∂x = 8"), "both paths");
    assertEquals(null, x.grad(), "no backward was run");
    y.backward(); // the graph is whole
    assertEquals(8.0, x.grad().item());
  }

  @Test
  void theGraphIsReadWhenTheFigureIsBuilt() {
    Tensor x = Tensor.scalar(3.0).requiresGrad(true);
    Tensor y = x.mul(x);
    GraphChart chart = Plots.graph(y).name("x", x);
    assertTrue(chart.build().texts().stream().noneMatch(t -> t.startsWith("grad")));
    y.backward();
    Figure after = chart.build();
    assertTrue(after.texts().contains("grad 6"), String.valueOf(after.texts()));
    RecordedGraph graph = Autograd.graph(y);
    assertEquals("6", graph.tensors().get(0).grad());
  }

  /**
   * The share of the positions along one side of {@code box} (0 top, 1 bottom, 2 left, 3 right),
   * away from the rounded corners, where a pixel within 2 of the side is close to {@code c}.
   */
  static double borderCoverage(BufferedImage image, Rectangle2D box, int side, Color c) {
    boolean horizontal = side < 2;
    double along0 = (horizontal ? box.getMinX() : box.getMinY()) + 6;
    double along1 = (horizontal ? box.getMaxX() : box.getMaxY()) - 6;
    double across =
        side == 0
            ? box.getMinY()
            : side == 1 ? box.getMaxY() : side == 2 ? box.getMinX() : box.getMaxX();
    int positions = 0;
    int hits = 0;
    for (int a = (int) Math.ceil(along0); a < along1; a++) {
      positions++;
      for (int d = -2; d <= 2; d++) {
        int p = (int) Math.floor(across) + d;
        int x = horizontal ? a : p;
        int y = horizontal ? p : a;
        if (x < 0 || y < 0 || x >= image.getWidth() || y >= image.getHeight()) continue;
        int rgb = image.getRGB(x, y);
        int dist =
            Math.abs(((rgb >> 16) & 0xff) - c.getRed())
                + Math.abs(((rgb >> 8) & 0xff) - c.getGreen())
                + Math.abs((rgb & 0xff) - c.getBlue());
        if (dist <= 130) {
          hits++;
          break;
        }
      }
    }
    return positions == 0 ? 0 : (double) hits / positions;
  }
}
