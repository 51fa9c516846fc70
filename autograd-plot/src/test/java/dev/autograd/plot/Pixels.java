package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Checks on rendered charts: decoded from the PNG file, never compared byte for byte. */
final class Pixels {
  /** Where the tests write their images, to be looked at. */
  static final Path OUT = Path.of("target", "plots");

  private Pixels() {}

  /** Saves {@code figure} as PNG under target/plots and decodes it again. */
  static BufferedImage savePng(Figure figure, String name) throws IOException {
    Path file = OUT.resolve(name + ".png");
    figure.save(file);
    BufferedImage image = ImageIO.read(file.toFile());
    assertTrue(image != null, file + " is not a PNG ImageIO can read");
    assertTrue(Files.size(file) > 0);
    return image;
  }

  /** Asserts the image has the figure's size at {@code dpi}. */
  static void assertSize(Figure figure, BufferedImage image, int dpi) {
    double scale = dpi / 72.0;
    assertEquals(Math.round(figure.width() * scale), image.getWidth(), "image width");
    assertEquals(Math.round(figure.height() * scale), image.getHeight(), "image height");
  }

  /**
   * Asserts that every series of every chart shows in its plot area, outside the legend: at least
   * {@code minPixels} pixels close to the series colour (its line colour, or its marker colour for
   * a series of markers). Series without finite points are skipped.
   */
  static void assertSeriesVisible(Figure figure, BufferedImage image, int minPixels) {
    double scale = image.getWidth() / (double) figure.width();
    for (int i = 0; i < figure.charts().size(); i++) {
      XYChart chart = figure.charts().get(i);
      Rectangle2D plot = scaled(figure.plotArea(i), scale);
      Rectangle2D legend = scaled(figure.legendArea(i), scale);
      assertTrue(plot != null && plot.getWidth() > 10, "chart " + i + " has no plot area");
      for (XYSeries s : chart.getSeriesCollection()) {
        if (!hasFinitePoint(s)) continue;
        Color c = colourOf(s);
        int n = count(image, plot, legend, c, 40);
        assertTrue(
            n >= minPixels,
            "series '"
                + s.getName()
                + "' of chart "
                + i
                + " ("
                + c
                + ") covers "
                + n
                + " pixels of the plot area, expected at least "
                + minPixels);
      }
    }
  }

  static Color colourOf(XYSeries s) {
    boolean markersOnly =
        s.getXYSeriesRenderStyle().orElse(XYSeriesRenderStyle.Line) == XYSeriesRenderStyle.Scatter;
    boolean noMarker = s.getMarker() == null || s.getMarker() == SeriesMarkers.NONE;
    return markersOnly && !noMarker ? s.getMarkerColor() : s.getLineColor();
  }

  private static boolean hasFinitePoint(XYSeries s) {
    double[] x = s.getXData();
    double[] y = s.getYData();
    for (int i = 0; i < x.length; i++)
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) return true;
    return false;
  }

  /** The sum of the differences of the red, green and blue components of two colours. */
  static int distance(Color a, Color b) {
    return Math.abs(a.getRed() - b.getRed())
        + Math.abs(a.getGreen() - b.getGreen())
        + Math.abs(a.getBlue() - b.getBlue());
  }

  /** Pixels of {@code area} but not of {@code exclude} within {@code tolerance} of {@code c}. */
  static int count(
      BufferedImage image, Rectangle2D area, Rectangle2D exclude, Color c, int tolerance) {
    int n = 0;
    int x0 = Math.max(0, (int) Math.ceil(area.getX()));
    int y0 = Math.max(0, (int) Math.ceil(area.getY()));
    int x1 = Math.min(image.getWidth(), (int) Math.floor(area.getMaxX()));
    int y1 = Math.min(image.getHeight(), (int) Math.floor(area.getMaxY()));
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        if (exclude != null && exclude.contains(x + 0.5, y + 0.5)) continue;
        int rgb = image.getRGB(x, y);
        int d =
            Math.abs(((rgb >> 16) & 0xff) - c.getRed())
                + Math.abs(((rgb >> 8) & 0xff) - c.getGreen())
                + Math.abs((rgb & 0xff) - c.getBlue());
        if (d <= tolerance) n++;
      }
    }
    return n;
  }

  private static Rectangle2D scaled(Rectangle2D r, double s) {
    return r == null
        ? null
        : new Rectangle2D.Double(r.getX() * s, r.getY() * s, r.getWidth() * s, r.getHeight() * s);
  }

  /**
   * Where the data point ({@code x}, {@code y}) of chart {@code i} was drawn in the last rendering,
   * in pixels of an image {@code scale} times the figure's size.
   */
  static Point2D.Double screen(Figure figure, int i, double x, double y) {
    XYChart chart = figure.charts().get(i);
    Rectangle2D cell = figure.plotArea(i);
    Rectangle2D own = ((dev.autograd.plot.internal.XYPanel) chart).plotBounds();
    double dx = cell.getX() - own.getX();
    double dy = cell.getY() - own.getY();
    return new Point2D.Double(chart.getScreenXFromChart(x) + dx, chart.getScreenYFromChart(y) + dy);
  }

  /** Pixels within {@code radius} of the data point ({@code x}, {@code y}) close to {@code c}. */
  static int near(Figure figure, BufferedImage image, double x, double y, Color c, int radius) {
    Point2D.Double p = screen(figure, 0, x, y);
    return count(
        image,
        new Rectangle2D.Double(p.x - radius, p.y - radius, 2 * radius + 1, 2 * radius + 1),
        null,
        c,
        60);
  }

  /** Saves {@code figure} as SVG under target/plots and parses it. */
  static Document saveSvg(Figure figure, String name) throws Exception {
    Path file = OUT.resolve(name + ".svg");
    figure.save(file);
    return FigureOutputTest.parseWithoutDtd(file);
  }

  /** The number of SVG shapes stroked or filled in {@code c}. */
  static int svgShapes(Document svg, Color c) {
    String rgb = String.format(Locale.ROOT, "rgb(%d,%d,%d)", c.getRed(), c.getGreen(), c.getBlue());
    int n = 0;
    for (String tag : new String[] {"path", "rect", "polygon", "ellipse", "circle", "line"}) {
      NodeList nodes = svg.getElementsByTagName(tag);
      for (int i = 0; i < nodes.getLength(); i++) {
        String style = ((Element) nodes.item(i)).getAttribute("style");
        if (style.contains("stroke:" + rgb) || style.contains("fill:" + rgb)) n++;
      }
    }
    return n;
  }
}
