package dev.autograd.plot.internal;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * An image painted under a panel's series, as matplotlib's {@code imshow}: cell (row r, column c)
 * is the unit square centred on (c, -r), so row 0 is at the top; each cell one colour (no
 * smoothing), optionally with a text centred on it in black or white, whichever reads better.
 */
public final class ImageLayer implements XYPanel.Layer {
  private final int rows;
  private final int columns;
  private final int[] rgb;
  private final String[] texts;
  private boolean keepAspect;

  /**
   * An image of {@code rows} by {@code columns} cells, {@code rgb[r * columns + c]} the colour of
   * cell (r, c); {@code texts} the text of each cell in the same order (null for none).
   */
  public ImageLayer(int rows, int columns, int[] rgb, String[] texts) {
    this.rows = rows;
    this.columns = columns;
    this.rgb = rgb.clone();
    this.texts = texts == null ? null : texts.clone();
  }

  /** The colour of cell (r, c). */
  public Color color(int r, int c) {
    return new Color(rgb[r * columns + c]);
  }

  /**
   * Draws the image with square cells, as large as fits and centred in the plot area, rather than
   * stretched to fill it: for a panel without axes.
   */
  public ImageLayer keepAspect() {
    this.keepAspect = true;
    return this;
  }

  /** Sets the panel's axes to frame the image exactly, without grid lines. */
  public void frame(XYPanel panel) {
    var s = panel.getStyler();
    s.setXAxisMin(-0.5);
    s.setXAxisMax(columns - 0.5);
    s.setYAxisMin(-(rows - 0.5));
    s.setYAxisMax(0.5);
    s.setPlotContentSize(1.0);
    s.setPlotGridLinesVisible(false);
  }

  @Override
  public void paint(Graphics2D g, XYPanel panel) {
    double left = panel.getScreenXFromChart(-0.5);
    double right = panel.getScreenXFromChart(columns - 0.5);
    double top = panel.getScreenYFromChart(0.5);
    double bottom = panel.getScreenYFromChart(-(rows - 0.5));
    if (!(right > left) || !(bottom > top)) return;
    if (keepAspect) {
      double cell = Math.min((right - left) / columns, (bottom - top) / rows);
      double cx = (left + right) / 2;
      double cy = (top + bottom) / 2;
      left = cx - cell * columns / 2;
      right = cx + cell * columns / 2;
      top = cy - cell * rows / 2;
      bottom = cy + cell * rows / 2;
    }
    // NOTE: the cells are enlarged here, to about one pixel of the image per device pixel, rather
    // than by an interpolation hint: an SVG viewer would smooth a small image (and the SVG
    // writer's drawImage fails on Java's own interpolation hint values).
    double scale = Math.sqrt(Math.abs(g.getTransform().getDeterminant()));
    scale = scale > 0 && Double.isFinite(scale) ? Math.min(scale, 4) : 1;
    int w = Math.max(columns, (int) Math.ceil((right - left) * scale));
    int h = Math.max(rows, (int) Math.ceil((bottom - top) * scale));
    int[] pixels = new int[w * h];
    for (int py = 0; py < h; py++) {
      int r = Math.min(rows - 1, (int) ((py + 0.5) * rows / h));
      for (int px = 0; px < w; px++) {
        pixels[py * w + px] =
            rgb[r * columns + Math.min(columns - 1, (int) ((px + 0.5) * columns / w))];
      }
    }
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, w, h, pixels, 0, w);
    AffineTransform place = AffineTransform.getTranslateInstance(left, top);
    place.scale((right - left) / w, (bottom - top) / h);
    Graphics2D ig = (Graphics2D) g.create();
    try {
      ig.drawImage(image, place, null);
      if (texts == null) return;
      double cellW = (right - left) / columns;
      double cellH = (bottom - top) / rows;
      Font base = panel.getStyler().getAnnotationTextFont();
      float size = (float) Math.max(6, Math.min(16, cellH * 0.3));
      Font font = base.deriveFont(size);
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < columns; c++) {
          String text = texts[r * columns + c];
          if (text == null || text.isEmpty()) continue;
          TextLayout layout = new TextLayout(text, font, ig.getFontRenderContext());
          if (layout.getAdvance() > cellW * 0.95) continue;
          double cx = left + (c + 0.5) * cellW;
          double cy = top + (r + 0.5) * cellH;
          ig.setColor(Palette.textOn(color(r, c)));
          double x = cx - layout.getAdvance() / 2;
          double y = cy + (layout.getAscent() - layout.getDescent()) / 2;
          ig.fill(layout.getOutline(AffineTransform.getTranslateInstance(x, y)));
        }
      }
    } finally {
      ig.dispose();
    }
  }
}
