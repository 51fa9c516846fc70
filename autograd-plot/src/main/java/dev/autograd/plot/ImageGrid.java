package dev.autograd.plot;

import dev.autograd.Tensor;
import dev.autograd.plot.internal.Canvas;
import dev.autograd.plot.internal.ColorScale;
import dev.autograd.plot.internal.ImageLayer;
import dev.autograd.plot.internal.Raster;
import dev.autograd.plot.internal.XYPanel;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A grid of small images, each with its own title: samples of a data set with their labels, or with
 * the model's predictions, as a loop of matplotlib's {@code plt.subplot(...)} and {@code
 * imshow(..., cmap='gray')} or torchvision's {@code make_grid}.
 *
 * <pre>{@code
 * Plots.imageGrid()
 *     .title("predictions")
 *     .images(batch)                       // [N, 1, 28, 28] or [N, 28, 28]
 *     .titles("7", "2", "1 (true 7)")      // one per image, in order
 *     .columns(8)
 *     .save(Path.of("plots/samples.png"));
 * }</pre>
 *
 * <p>An image is a 2-D tensor [H, W], or [C, H, W] (PyTorch's layout) with one channel, drawn
 * through the colour map ({@link ColorMap#GRAY} unless {@link #cmap(ColorMap)} says otherwise), or
 * three, an RGB picture (values from 0 to 1, or 0 to 255 in an integer tensor). Each image is
 * scaled from its own smallest to its largest value unless {@link #cLim(double, double)} fixes one
 * range for all, and drawn with square pixels, as large as its cell allows. The grid has no axes:
 * the axis settings of {@link FigureBuilder} are refused.
 */
public final class ImageGrid extends FigureBuilder<ImageGrid> {
  private record Entry(Raster raster, String title, Color titleColor) {}

  private final List<Entry> entries = new ArrayList<>();
  private int columns;
  private ColorMap cmap = ColorMap.GRAY;
  private double[] cLim;
  private boolean sized;

  private ImageGrid() {
    super(800, 600);
  }

  /**
   * A new, empty grid; unless {@link #size(int, int)} says otherwise, 110 × 130 units per image.
   *
   * @return a new builder; add at least one image before building
   */
  public static ImageGrid builder() {
    return new ImageGrid();
  }

  @Override
  public ImageGrid size(int width, int height) {
    super.size(width, height);
    sized = true;
    return this;
  }

  /**
   * Adds an image without a title.
   *
   * @param image a 2-D tensor [H, W], or [C, H, W] with 1 or 3 channels
   * @return this builder
   * @throws IllegalArgumentException for another shape, an empty image or an infinite value
   */
  public ImageGrid image(Tensor image) {
    return image(image, "");
  }

  /**
   * Adds an image with a title above it, such as its label or the model's prediction.
   *
   * @param image a 2-D tensor [H, W], or [C, H, W] with 1 or 3 channels
   * @param title the title, in any script
   * @return this builder
   * @throws IllegalArgumentException for another shape, an empty image or an infinite value
   * @throws NullPointerException if {@code title} is null
   */
  public ImageGrid image(Tensor image, String title) {
    return image(image, title, Color.BLACK);
  }

  /**
   * Adds an image with a title in {@code titleColor}, as {@code plt.title(label, color='red')}: a
   * wrong prediction in red, a right one in green.
   *
   * @param image a 2-D tensor [H, W], or [C, H, W] with 1 or 3 channels
   * @param title the title, in any script
   * @param titleColor the title's colour
   * @return this builder
   * @throws IllegalArgumentException for another shape, an empty image or an infinite value
   * @throws NullPointerException if {@code title} or {@code titleColor} is null
   */
  public ImageGrid image(Tensor image, String title, Color titleColor) {
    Objects.requireNonNull(title, "image: title");
    Objects.requireNonNull(titleColor, "image: titleColor");
    entries.add(new Entry(Raster.of("image", image), title, titleColor));
    return this;
  }

  /**
   * Adds each image of a batch, without titles: a tensor [N, H, W] of N one-channel images, or [N,
   * C, H, W] with C 1 or 3.
   *
   * @param batch the images along the first dimension
   * @return this builder
   * @throws IllegalArgumentException if {@code batch} is not 3-D or 4-D, or as {@link
   *     #image(Tensor)}
   */
  public ImageGrid images(Tensor batch) {
    Objects.requireNonNull(batch, "images: batch");
    int[] shape = batch.shape();
    if (shape.length != 3 && shape.length != 4) {
      throw new IllegalArgumentException(
          "images: expected a batch [N, H, W] or [N, C, H, W], got shape "
              + Arrays.toString(shape));
    }
    for (int i = 0; i < shape[0]; i++) {
      entries.add(new Entry(Raster.of("images", batch.select(0, i)), "", Color.BLACK));
    }
    return this;
  }

  /**
   * Titles for the images added so far, in order: the first title for the first image.
   *
   * @param titles one title per image, in any script; fewer leave the last images as they are
   * @return this builder
   * @throws IllegalArgumentException if there are more titles than images
   * @throws NullPointerException if a title is null
   */
  public ImageGrid titles(String... titles) {
    if (titles.length > entries.size()) {
      throw new IllegalArgumentException(
          "titles: " + titles.length + " titles for " + entries.size() + " images");
    }
    for (int i = 0; i < titles.length; i++) {
      Objects.requireNonNull(titles[i], "titles: title " + i);
      Entry e = entries.get(i);
      entries.set(i, new Entry(e.raster(), titles[i], e.titleColor()));
    }
    return this;
  }

  /**
   * The number of columns (default: as many as images, at most 8); rows follow.
   *
   * @param columns the number of columns, at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code columns} is less than 1
   */
  public ImageGrid columns(int columns) {
    if (columns < 1) throw new IllegalArgumentException("columns: need at least 1, got " + columns);
    this.columns = columns;
    return this;
  }

  /**
   * The colour map of one-channel images ({@link ColorMap#GRAY} by default).
   *
   * @param map the colour map
   * @return this builder
   * @throws NullPointerException if {@code map} is null
   */
  public ImageGrid cmap(ColorMap map) {
    this.cmap = Objects.requireNonNull(map, "cmap: map");
    return this;
  }

  /**
   * One value range for every one-channel image, as {@code imshow(..., vmin=lo, vmax=hi)}: by
   * default each image spans the colour map from its own smallest to its largest value.
   *
   * @param lo the value drawn as the map's start (black in gray)
   * @param hi the value drawn as its end, greater than {@code lo}
   * @return this builder
   * @throws IllegalArgumentException unless {@code lo < hi}, both finite
   */
  public ImageGrid cLim(double lo, double hi) {
    if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException("cLim: need finite lo < hi, got [" + lo + ", " + hi + "]");
    }
    this.cLim = new double[] {lo, hi};
    return this;
  }

  @Override
  void checkCanLog(char axis) {
    throw new IllegalStateException(
        "log" + Character.toUpperCase(axis) + ": an ImageGrid has no axes to make logarithmic");
  }

  @Override
  Canvas canvas() {
    if (entries.isEmpty()) throw new IllegalStateException("ImageGrid: add at least one image");
    int c = columns > 0 ? columns : Math.min(8, entries.size());
    int r = (entries.size() + c - 1) / c;
    boolean titled = entries.stream().anyMatch(e -> !e.title().isEmpty());
    int w = sized ? width : Math.max(50, 110 * c);
    int h = sized ? height : Math.max(50, (titled ? 130 : 110) * r + (title == null ? 0 : 40));
    List<XYPanel> panels = new ArrayList<>();
    for (Entry e : entries) {
      Raster raster = e.raster();
      double[] range = cLim;
      if (range == null && raster.values() != null) range = raster.range();
      if (range == null || Double.isNaN(range[0])) range = new double[] {0, 1};
      ColorScale scale = new ColorScale(range[0], range[1], cmap::at);
      XYPanel panel = new XYPanel(w / c, h / r);
      panel.setTitle(e.title());
      var s = panel.getStyler();
      s.setChartTitleFont(s.getChartTitleFont().deriveFont(java.awt.Font.PLAIN, 12f));
      s.setChartTitlePadding(4);
      s.setChartTitleFontColor(e.titleColor());
      s.setChartPadding(4);
      s.setAxisTicksVisible(false);
      s.setAxisTitlesVisible(false);
      s.setPlotBorderVisible(false);
      s.setLegendVisible(false);
      ImageLayer layer =
          new ImageLayer(raster.rows(), raster.columns(), raster.colors(scale), null).keepAspect();
      layer.frame(panel);
      panel.background(layer);
      panels.add(panel);
    }
    return Canvas.grid(w, h, r, c, title, panels);
  }
}
