package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class FigureOutputTest {
  private static Figure losses() {
    return LossChart.builder()
        .title("losses")
        .series("a", new double[] {5, 3, 2, 1.5, 1.2, 1.1})
        .series("b", new double[] {4, 2, 1, 0.5, 0.3, 0.2})
        .series("c", new double[] {6, 5, 4.5, 4.2, 4.1, 4})
        .markers()
        .build();
  }

  @Test
  void unknownExtensionIsAnErrorListingTheSupportedOnes(@TempDir Path dir) {
    var e = assertThrows(IllegalArgumentException.class, () -> losses().save(dir.resolve("f.bmp")));
    assertTrue(e.getMessage().contains(".bmp"), e.getMessage());
    assertTrue(e.getMessage().contains(".png, .svg, .pdf"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> losses().save(dir.resolve("noextension")));
  }

  @Test
  void failedSaveLeavesTheExistingFileUntouchedAndNoTemporaryFile(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("chart.png");
    Figure figure = LossChart.builder().series("a", new double[] {3, 2, 1}).build();
    figure.save(file);
    byte[] before = Files.readAllBytes(file);
    assertThrows(IllegalArgumentException.class, () -> figure.save(file, 0));
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)), "the old image changed");
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "a temporary file was left behind");
    }
  }

  @Test
  void everyFormatSurvivesAnEncoderThatClosesItsStream(@TempDir Path dir) throws Exception {
    Figure figure = LossChart.builder().series("a", new double[] {3, 2, 1}).build();
    for (String name : new String[] {"c.png", "c.svg", "c.pdf"}) {
      Path file = dir.resolve(name);
      figure.save(file);
      assertTrue(Files.size(file) > 100, name + " is too small");
    }
  }

  @Test
  void everyFormatGetsTheUmasksModeKeepsTheModeOfAFileReplacedAndWritesThroughLinks(
      @TempDir Path dir) throws Exception {
    String umaskMode =
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(Files.createFile(dir.resolve("reference"))));
    Figure figure = LossChart.builder().series("a", new double[] {3, 2, 1}).build();
    for (String name : new String[] {"c.png", "c.svg", "c.pdf"}) {
      Path file = dir.resolve(name);
      figure.save(file);
      assertEquals(umaskMode, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
      Path link = Files.createSymbolicLink(dir.resolve("latest-" + name), Path.of(name));
      figure.save(link);
      assertTrue(Files.isSymbolicLink(link), name);
      assertEquals(
          "rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), name);
    }
  }

  @Test
  void parentFoldersAreCreated(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a/b/c/loss.png");
    losses().save(file);
    assertTrue(Files.size(file) > 0);
  }

  @Test
  void extensionIsCaseInsensitive(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("LOSS.PNG");
    losses().save(file);
    assertTrue(ImageIO.read(file.toFile()) != null);
  }

  @Test
  void dpiScalesThePngAndIsRecordedInIt(@TempDir Path dir) throws Exception {
    Figure figure = LossChart.builder().series("a", new double[] {3, 2, 1}).dpi(144).build();
    Path file = dir.resolve("hi.png");
    figure.save(file);
    ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      reader.setInput(in);
      assertEquals(2 * figure.width(), reader.getWidth(0));
      assertEquals(2 * figure.height(), reader.getHeight(0));
      IIOMetadataNode root =
          (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
      Element phys = (Element) root.getElementsByTagName("pHYs").item(0);
      assertEquals("meter", phys.getAttribute("unitSpecifier"));
      assertEquals(
          Math.round(144 / 0.0254), Long.parseLong(phys.getAttribute("pixelsPerUnitXAxis")));
    } finally {
      reader.dispose();
    }
    // An explicit resolution overrides the builder's.
    figure.save(dir.resolve("lo.png"), 72);
    assertEquals(figure.width(), ImageIO.read(dir.resolve("lo.png").toFile()).getWidth());
  }

  @Test
  void svgParsesAsXmlWithOnePathPerSeries(@TempDir Path dir) throws Exception {
    Figure figure = losses();
    Path file = dir.resolve("loss.svg");
    figure.save(file);
    Files.copy(
        file, Pixels.OUT.resolve("loss.svg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Document svg = parseWithoutDtd(file);
    assertEquals("svg", svg.getDocumentElement().getNodeName());
    NodeList paths = svg.getElementsByTagName("path");
    for (var series : figure.charts().get(0).getSeriesCollection()) {
      if (!series.isShowInLegend()) continue;
      String stroke = stroke(series.getLineColor());
      int n = 0;
      for (int i = 0; i < paths.getLength(); i++) {
        String style = ((Element) paths.item(i)).getAttribute("style");
        if (style.contains(stroke)) n++;
      }
      assertEquals(1, n, "paths stroked " + stroke + " for series '" + series.getName() + "'");
    }
  }

  @Test
  void svgOfAGridHasEveryPanel(@TempDir Path dir) throws Exception {
    Figure figure = ActivationGallery.builder().withCommonActivations().build();
    Path file = dir.resolve("gallery.svg");
    figure.save(file);
    Files.copy(
        file, Pixels.OUT.resolve("gallery.svg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Document svg = parseWithoutDtd(file);
    NodeList paths = svg.getElementsByTagName("path");
    String blue = stroke(figure.charts().get(0).getSeries("Sigmoid").getLineColor());
    int n = 0;
    for (int i = 0; i < paths.getLength(); i++) {
      if (((Element) paths.item(i)).getAttribute("style").contains(blue)) n++;
    }
    assertEquals(6, n, "one function curve per panel");
  }

  @Test
  void svgOfContoursEmbedsTheBackgroundUnderThePaths(@TempDir Path dir) throws Exception {
    Figure figure =
        DescentPathChart.of(Descent.BOWL, -3, 3, -3, 3)
            .path("SGD", Descent.sgd(Descent.BOWL, 2.5, -2, 0.1, 20))
            .build();
    Path file = dir.resolve("bowl.svg");
    figure.save(file);
    Files.copy(
        file, Pixels.OUT.resolve("bowl.svg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Document svg = parseWithoutDtd(file);
    assertEquals(1, svg.getElementsByTagName("image").getLength(), "the colour map, once");
    String red = stroke(figure.charts().get(0).getSeries("SGD").getLineColor());
    NodeList paths = svg.getElementsByTagName("path");
    int n = 0;
    for (int i = 0; i < paths.getLength(); i++) {
      if (((Element) paths.item(i)).getAttribute("style").contains(red)) n++;
    }
    assertEquals(1, n, "the path is one SVG path");
  }

  @Test
  void pdfIsWritten() throws Exception {
    Path file = Pixels.OUT.resolve("function.pdf");
    Plots.functionAndDerivative(FunctionChartTest.CUBIC, -3, 3).title("函数及其导数图像对比").save(file);
    try (InputStream in = Files.newInputStream(file)) {
      assertEquals("%PDF", new String(in.readNBytes(4), StandardCharsets.US_ASCII));
    }
  }

  @Test
  void showWithoutDisplayFailsWithAClearMessage() {
    var e = assertThrows(IllegalStateException.class, () -> losses().show());
    assertTrue(e.getMessage().contains("headless"), e.getMessage());
    assertTrue(e.getMessage().contains("save(Path)"), e.getMessage());
  }

  @Test
  void toImageHasTheFigureSize() {
    Figure figure = losses();
    var image = figure.toImage();
    assertEquals(figure.width(), image.getWidth());
    assertEquals(figure.height(), image.getHeight());
  }

  private static String stroke(Color c) {
    return String.format(
        Locale.ROOT, "stroke:rgb(%d,%d,%d)", c.getRed(), c.getGreen(), c.getBlue());
  }

  static Document parseWithoutDtd(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    // The SVG names the W3C DTD; do not fetch it.
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(file.toFile());
  }
}
