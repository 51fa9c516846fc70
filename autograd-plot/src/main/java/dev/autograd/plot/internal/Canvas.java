package dev.autograd.plot.internal;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.internal.chartpart.IChart;

/**
 * What a figure paints: one panel, or a grid of panels under an optional title. It implements
 * XChart's {@link IChart}, so XChart's encoders can write it.
 */
public final class Canvas implements IChart {
  private static final int TITLE_PADDING = 10;

  private final int width;
  private final int height;
  private final int rows;
  private final int columns;
  private final String title;
  private final List<XYPanel> panels;
  private final Rectangle2D[] cells;
  private ColorBar colorBar;
  private Font titleFont = new Font(Fonts.DEFAULT_FAMILY, Font.BOLD, 18);
  private String fontFamily = Fonts.DEFAULT_FAMILY;
  private boolean fontComplete = true;

  private Canvas(int width, int height, int rows, int columns, String title, List<XYPanel> panels) {
    this.width = width;
    this.height = height;
    this.rows = rows;
    this.columns = columns;
    this.title = title;
    this.panels = List.copyOf(panels);
    this.cells = new Rectangle2D[panels.size()];
  }

  /** A canvas showing one panel, at the panel's size; the panel draws its own title. */
  public static Canvas single(XYPanel panel) {
    return new Canvas(panel.getWidth(), panel.getHeight(), 1, 1, null, List.of(panel));
  }

  /**
   * A canvas showing one panel with a colour bar to its right, at the panel's size: the panel takes
   * all but {@link ColorBar#WIDTH} of the width.
   */
  public static Canvas withColorBar(XYPanel panel, ColorBar bar) {
    Canvas canvas = single(panel);
    canvas.colorBar = bar;
    return canvas;
  }

  /**
   * A canvas of {@code rows} by {@code columns} equal cells filled row by row with {@code panels}
   * (some cells may stay empty), under {@code title} (null for none).
   */
  public static Canvas grid(
      int width, int height, int rows, int columns, String title, List<XYPanel> panels) {
    if (panels.size() > rows * columns) {
      throw new IllegalArgumentException(
          "a "
              + rows
              + "x"
              + columns
              + " grid has room for "
              + rows * columns
              + " panels, got "
              + panels.size());
    }
    return new Canvas(width, height, rows, columns, title, panels);
  }

  /** The panels, in grid order. */
  public List<XYPanel> panels() {
    return panels;
  }

  /** The cell of panel {@code i} in the last paint, in canvas coordinates (null before). */
  public Rectangle2D cell(int i) {
    return cells[i];
  }

  /** Every text the canvas draws. */
  public List<String> texts() {
    List<String> out = new ArrayList<>();
    if (title != null) out.add(title);
    for (XYPanel p : panels) out.addAll(p.texts());
    if (colorBar != null) out.addAll(colorBar.texts());
    return out;
  }

  /** Chooses a font family for all the text (see {@link Fonts}) and applies it everywhere. */
  public void chooseFont(String requested) {
    Fonts.Choice choice = Fonts.choose(requested, texts());
    fontFamily = choice.family();
    fontComplete = choice.complete();
    titleFont = Fonts.withFamily(titleFont, fontFamily);
    for (XYPanel p : panels) p.applyFontFamily(fontFamily);
    if (colorBar != null) colorBar.applyFontFamily(fontFamily);
  }

  /** The family the text is drawn in. */
  public String fontFamily() {
    return fontFamily;
  }

  /** Whether {@link #fontFamily()} can display every character of the text. */
  public boolean fontComplete() {
    return fontComplete;
  }

  @Override
  public void paint(Graphics2D g, int width, int height) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(
        RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    if (title == null && panels.size() == 1 && rows * columns == 1) {
      if (colorBar == null) {
        panels.get(0).paint(g, width, height);
        cells[0] = new Rectangle2D.Double(0, 0, width, height);
        return;
      }
      int panelWidth = width - ColorBar.WIDTH;
      g.setColor(Color.WHITE);
      g.fill(new Rectangle2D.Double(0, 0, width, height));
      Graphics2D cg = (Graphics2D) g.create();
      try {
        cg.clip(new Rectangle2D.Double(0, 0, panelWidth, height));
        panels.get(0).paint(cg, panelWidth, height);
      } finally {
        cg.dispose();
      }
      cells[0] = new Rectangle2D.Double(0, 0, panelWidth, height);
      Rectangle2D plot = panels.get(0).plotBounds();
      if (plot != null) colorBar.paint(g, panelWidth, plot);
      return;
    }
    g.setColor(Color.WHITE);
    g.fill(new Rectangle2D.Double(0, 0, width, height));
    double top = 0;
    if (title != null && !title.isEmpty()) {
      TextLayout layout = new TextLayout(title, titleFont, g.getFontRenderContext());
      Rectangle2D b = layout.getBounds();
      double x = (width - b.getWidth()) / 2 - b.getX();
      double y = TITLE_PADDING + layout.getAscent();
      g.setColor(Color.BLACK);
      g.fill(layout.getOutline(AffineTransform.getTranslateInstance(x, y)));
      top = y + layout.getDescent() + TITLE_PADDING / 2.0;
    }
    int cellWidth = width / columns;
    int cellHeight = (int) ((height - top) / rows);
    for (int i = 0; i < panels.size(); i++) {
      double x = (i % columns) * cellWidth;
      double y = top + (i / columns) * cellHeight;
      Graphics2D cg = (Graphics2D) g.create();
      try {
        cg.translate(x, y);
        cg.clip(new Rectangle2D.Double(0, 0, cellWidth, cellHeight));
        panels.get(i).paint(cg, cellWidth, cellHeight);
      } finally {
        cg.dispose();
      }
      cells[i] = new Rectangle2D.Double(x, y, cellWidth, cellHeight);
    }
  }

  @Override
  public int getWidth() {
    return width;
  }

  @Override
  public int getHeight() {
    return height;
  }

  @Override
  public String getTitle() {
    return title != null ? title : panels.isEmpty() ? "" : panels.get(0).getTitle();
  }
}
