package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The chart types drawn from images and grids, written as SVG: a heat map and an image grid embed
 * their pixels as images whose colours are the data's, contours are shapes in their levels'
 * colours, and a grid of charts holds each panel's series.
 */
class SvgChartsTest {
  /** The raster images an SVG embeds, decoded. */
  private static List<BufferedImage> embeddedImages(Document svg) throws Exception {
    List<BufferedImage> images = new ArrayList<>();
    NodeList nodes = svg.getElementsByTagName("image");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      String href = e.getAttribute("xlink:href");
      if (href.isEmpty()) href = e.getAttribute("href");
      int comma = href.indexOf("base64,");
      assertTrue(comma > 0, "an embedded image, not a link: " + href);
      byte[] png = Base64.getDecoder().decode(href.substring(comma + 7).replaceAll("\\s", ""));
      images.add(ImageIO.read(new ByteArrayInputStream(png)));
    }
    return images;
  }

  /**
   * Whether some opaque pixel of {@code image} is within 6 of {@code expected} on each channel (the
   * SVG writer embeds an image in its bounding box, transparent around it).
   */
  private static boolean hasColour(BufferedImage image, Color expected) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        Color c = new Color(image.getRGB(x, y), true);
        if (c.getAlpha() >= 128 && Pixels.distance(expected, c) <= 6) return true;
      }
    }
    return false;
  }

  @Test
  void aHeatMapEmbedsItsCellsInTheirColourMapColours() throws Exception {
    double[][] values = {{0, 1, 2}, {3, 4, 8}};
    Document svg = Pixels.saveSvg(Plots.chart().imshow(values).build(), "svg-heatmap");
    List<BufferedImage> images = embeddedImages(svg);
    assertEquals(1, images.size(), "one image for the cells");
    for (double[] row : values) {
      for (double v : row) {
        Color expected = ColorMap.VIRIDIS.at(v / 8);
        assertTrue(hasColour(images.get(0), expected), "the colour of " + v + ": " + expected);
      }
    }
    assertTrue(!hasColour(images.get(0), ColorMap.VIRIDIS.at(6.0 / 8)), "no cell has 6");
  }

  @Test
  void anImageGridEmbedsEveryImage() throws Exception {
    Tensor dark = Tensor.zeros(4, 4);
    Tensor bright = Tensor.ones(4, 4);
    Tensor red = Tensor.of(new double[] {1, 0, 0}, DType.FLOAT32, 3, 1, 1).expand(3, 4, 4);
    Figure figure =
        Plots.imageGrid()
            .cLim(0, 1)
            .image(dark, "0")
            .image(bright, "1")
            .image(red.contiguous(), "red")
            .build();
    List<BufferedImage> images = embeddedImages(Pixels.saveSvg(figure, "svg-image-grid"));
    assertEquals(3, images.size());
    assertTrue(hasColour(images.get(0), Color.BLACK) && !hasColour(images.get(0), Color.WHITE));
    assertTrue(hasColour(images.get(1), Color.WHITE) && !hasColour(images.get(1), Color.BLACK));
    assertTrue(hasColour(images.get(2), Color.RED));
  }

  @Test
  void contourLinesAreShapesInTheirLevelsColours() throws Exception {
    int n = 41;
    double[] g = new double[n];
    for (int i = 0; i < n; i++) g[i] = -2 + 4.0 * i / (n - 1);
    double[][] z = new double[n][n];
    for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) z[j][i] = g[i] * g[i] + g[j] * g[j];
    // z from 0 to 8: lines at 1, ..., 7, each in the colour map's colour at its level
    Document svg = Pixels.saveSvg(Plots.chart().contour(g, g, z).build(), "svg-contour");
    for (int level = 1; level <= 7; level++) {
      Color c = ColorMap.VIRIDIS.at(level / 8.0);
      assertTrue(Pixels.svgShapes(svg, c) >= 1, "the line z = " + level + " in " + c);
    }
  }

  @Test
  void aGridOfChartsHoldsEachPanelsSeries() throws Exception {
    Color red = new Color(0xd62728);
    Color green = new Color(0x2ca02c);
    Figure figure =
        Plots.subplots(1, 2)
            .panel(Plots.chart().plot(new double[] {0, 1}, new double[] {0, 1}).color(red))
            .panel(Plots.chart().plot(new double[] {0, 1}, new double[] {1, 0}).color(green))
            .build();
    Document svg = Pixels.saveSvg(figure, "svg-subplots");
    assertTrue(Pixels.svgShapes(svg, red) >= 1, "the first panel's line");
    assertTrue(Pixels.svgShapes(svg, green) >= 1, "the second panel's line");
  }
}
