package dev.autograd.plot.internal;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import dev.autograd.internal.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.knowm.xchart.ChartEncoder;

/** Writes a {@link Canvas} as PNG, SVG or PDF, chosen by the file's extension. */
public final class Export {
  /** The resolution at which one chart unit is one pixel. */
  public static final int BASE_DPI = 72;

  /** The extensions {@link #save} understands. */
  public static final String SUPPORTED = ".png, .svg, .pdf";

  private static final String PDF_CLASS = "de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D";
  private static final String PDF_DEPENDENCY = "de.rototor.pdfbox:graphics2d:3.0.5";

  private Export() {}

  /**
   * Writes {@code canvas} to {@code path}, creating missing parent folders. PNG images are drawn at
   * {@code dpi} (72 gives one pixel per chart unit).
   *
   * @throws IllegalArgumentException for an extension other than .png, .svg and .pdf
   * @throws IllegalStateException for .pdf when the optional PDF library is missing
   */
  public static void save(Canvas canvas, Path path, int dpi) throws IOException {
    String ext = extension(path);
    if (ext.equals(".pdf")) requirePdfLibrary();
    if (dpi <= 0) throw new IllegalArgumentException("save: dpi must be positive, got " + dpi);
    // Drawn in full before the file is touched, then written atomically: never half an image.
    AtomicFiles.write(
        path,
        out -> {
          switch (ext) {
            case ".png" -> writePng(render(canvas, dpi), dpi, out);
            case ".svg" -> writeSvg(canvas, out);
            default -> ChartEncoder.saveChart(canvas, out, "pdf");
          }
        });
  }

  /**
   * The lower-case extension of {@code path}, checked to be one {@link #save} supports.
   *
   * @throws IllegalArgumentException naming the supported extensions otherwise
   */
  public static String extension(Path path) {
    return extension(path, "save", SUPPORTED, ".png", ".svg", ".pdf");
  }

  /**
   * The lower-case extension of {@code path}, checked to be one of {@code allowed}.
   *
   * @param call the call, for the message
   * @param supported the supported extensions as the message lists them
   * @throws IllegalArgumentException naming the supported extensions otherwise
   */
  public static String extension(Path path, String call, String supported, String... allowed) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
    if (!java.util.List.of(allowed).contains(ext)) {
      throw new IllegalArgumentException(
          call
              + ": cannot tell the format of '"
              + path
              + "' from its extension"
              + (ext.isEmpty() ? "" : " '" + ext + "'")
              + "; supported extensions: "
              + supported);
    }
    return ext;
  }

  private static void requirePdfLibrary() {
    try {
      Class.forName(PDF_CLASS, false, Export.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "save: PDF output needs the optional dependency "
              + PDF_DEPENDENCY
              + " (XChart's PDF encoder); add it to your build, or save as .png or .svg",
          e);
    }
  }

  /** {@code canvas} drawn at {@code dpi}: {@code dpi / 72} pixels per chart unit. */
  public static BufferedImage render(Canvas canvas, int dpi) {
    if (dpi <= 0) throw new IllegalArgumentException("dpi must be positive, got " + dpi);
    double scale = (double) dpi / BASE_DPI;
    int w = (int) Math.round(canvas.getWidth() * scale);
    int h = (int) Math.round(canvas.getHeight() * scale);
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.scale(scale, scale);
      canvas.paint(g, canvas.getWidth(), canvas.getHeight());
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void writePng(BufferedImage image, int dpi, OutputStream out) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam param = writer.getDefaultWriteParam();
      IIOMetadata metadata =
          writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
      // The pHYs chunk records the resolution, in pixels per metre.
      String ppm = Integer.toString((int) Math.round(dpi / 0.0254));
      IIOMetadataNode phys = new IIOMetadataNode("pHYs");
      phys.setAttribute("pixelsPerUnitXAxis", ppm);
      phys.setAttribute("pixelsPerUnitYAxis", ppm);
      phys.setAttribute("unitSpecifier", "meter");
      IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
      root.appendChild(phys);
      metadata.mergeTree("javax_imageio_png_1.0", root);
      writer.write(null, new IIOImage(image, null, metadata), param);
    } finally {
      writer.dispose();
    }
  }

  private static void writeSvg(Canvas canvas, OutputStream out) throws IOException {
    VectorGraphics2D g = new VectorGraphics2D();
    canvas.paint(g, canvas.getWidth(), canvas.getHeight());
    PageSize page = new PageSize(0, 0, canvas.getWidth(), canvas.getHeight());
    Document document = new SVGProcessor().getDocument(SvgLineMerger.merge(g.getCommands()), page);
    document.writeTo(out);
  }
}
