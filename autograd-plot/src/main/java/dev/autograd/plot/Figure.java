package dev.autograd.plot;

import dev.autograd.plot.internal.Canvas;
import dev.autograd.plot.internal.Export;
import dev.autograd.plot.internal.FigureWindow;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.XYChart;

/**
 * A finished figure: one chart or a grid of charts, ready to be saved or shown. Every chart builder
 * ends in {@link FigureBuilder#build()}; its {@code save} and {@code show} shortcuts build one.
 *
 * <pre>{@code
 * Figure figure = LossChart.builder().series("SGD", losses).build();
 * figure.save(Path.of("plots/loss.png"));       // PNG at the figure's resolution
 * figure.save(Path.of("plots/loss@2x.png"), 144); // twice as many pixels each way
 * figure.save(Path.of("plots/loss.svg"));       // vector
 * figure.show();                                 // a window, when there is a display
 * }</pre>
 */
public final class Figure {
  private final Canvas canvas;
  private final int dpi;

  Figure(Canvas canvas, int dpi) {
    this.canvas = canvas;
    this.dpi = dpi;
  }

  /**
   * Writes the figure to {@code path} in the format its extension names: {@code .png} (at the
   * builder's {@link FigureBuilder#dpi(int) dpi}), {@code .svg} or {@code .pdf} (the PDF encoder is
   * an optional dependency, {@code de.rototor.pdfbox:graphics2d}). Missing parent folders are
   * created.
   *
   * @param path the file to write; an existing file is replaced
   * @return this figure, to save it again in another format
   * @throws IllegalArgumentException for any other extension; the message lists the supported ones
   * @throws IllegalStateException for {@code .pdf} when the PDF encoder is not on the classpath
   * @throws IOException if the file cannot be written
   */
  public Figure save(Path path) throws IOException {
    return save(path, dpi);
  }

  /**
   * Writes the figure as {@link #save(Path)} does, a PNG drawn at {@code dpi} dots per inch: 72 is
   * one pixel per unit of {@link #width()}, 144 doubles both dimensions. Vector formats ignore it.
   * The resolution is also recorded in the PNG (its pHYs chunk).
   *
   * @param path the file to write; an existing file is replaced
   * @param dpi dots per inch for PNG output, positive
   * @return this figure
   * @throws IllegalArgumentException for an unsupported extension, or a PNG with a {@code dpi} that
   *     is not positive
   * @throws IllegalStateException for {@code .pdf} when the PDF encoder is not on the classpath
   * @throws IOException if the file cannot be written
   */
  public Figure save(Path path, int dpi) throws IOException {
    Objects.requireNonNull(path, "path");
    Export.save(canvas, path, dpi);
    return this;
  }

  /**
   * Opens the figure in a window and returns at once; closing the window disposes of it.
   *
   * @throws IllegalStateException when the JVM is headless (no display): save the figure instead
   */
  public void show() {
    FigureWindow.open(canvas.getTitle(), () -> canvas);
  }

  /**
   * The figure drawn at the builder's resolution, as an image: for embedding in a Swing interface
   * or checking pixels in a test.
   *
   * @return a new RGB image of {@code width() * dpi() / 72} by {@code height() * dpi() / 72}
   *     pixels, rounded
   */
  public BufferedImage toImage() {
    return Export.render(canvas, dpi);
  }

  /**
   * The width in chart units (pixels at 72 dpi).
   *
   * @return the width set by {@link FigureBuilder#size(int, int)}
   */
  public int width() {
    return canvas.getWidth();
  }

  /**
   * The height in chart units (pixels at 72 dpi).
   *
   * @return the height set by {@link FigureBuilder#size(int, int)}
   */
  public int height() {
    return canvas.getHeight();
  }

  /**
   * The resolution PNG output and {@link #toImage()} use by default.
   *
   * @return dots per inch, as set by {@link FigureBuilder#dpi(int)} (72 by default)
   */
  public int dpi() {
    return dpi;
  }

  /**
   * The font family the text is drawn in: the requested one when it can display every character,
   * otherwise an installed font that can, or else the Noto Sans SC subset that comes with this
   * module, {@code "Noto Sans SC Subset"} (see {@link FigureBuilder#font(String)}).
   *
   * @return the family name
   */
  public String fontFamily() {
    return canvas.fontFamily();
  }

  /**
   * Whether {@link #fontFamily()} can display every character of the titles, labels and legends.
   * False only when neither an installed font nor the bundled subset can; the figure is drawn
   * anyway and a warning is logged.
   *
   * @return true if every character has a glyph in {@link #fontFamily()}
   */
  public boolean fontCoversText() {
    return canvas.fontComplete();
  }

  /**
   * The XChart charts the figure draws, in grid order, for styling beyond this API (colours, axis
   * ranges, annotations). Changes show in later saves. Besides the visible series, a chart may hold
   * helper series that are hidden from the legend and draw nothing.
   *
   * <pre>{@code
   * Figure figure = Plots.lossHistory().series("SGD", losses).build();
   * figure.charts().get(0).getStyler().setYAxisMax(10.0);
   * figure.save(Path.of("plots/loss.png"));
   * }</pre>
   *
   * @return a new list of the live charts
   */
  public List<XYChart> charts() {
    return List.copyOf(canvas.panels());
  }

  /** Every text the figure draws (titles, labels, legend entries, colour bar). */
  List<String> texts() {
    return canvas.texts();
  }

  /** The plot area of chart {@code i} in the last rendering, in figure units. */
  Rectangle2D plotArea(int i) {
    return offset(canvas.panels().get(i).plotBounds(), i);
  }

  /** The legend box of chart {@code i} in the last rendering, in figure units (null if none). */
  Rectangle2D legendArea(int i) {
    return offset(canvas.panels().get(i).legendBounds(), i);
  }

  private Rectangle2D offset(Rectangle2D r, int i) {
    Rectangle2D cell = canvas.cell(i);
    if (r == null || cell == null) return r;
    return new Rectangle2D.Double(
        r.getX() + cell.getX(), r.getY() + cell.getY(), r.getWidth(), r.getHeight());
  }
}
