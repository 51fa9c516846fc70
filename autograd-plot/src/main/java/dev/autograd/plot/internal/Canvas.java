package dev.autograd.plot.internal;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.internal.chartpart.IChart;

/**
 * What a figure paints: one panel (with a colour bar to its right, or not), or a grid of cells
 * under an optional title, each cell a panel or a grid of its own. It implements XChart's {@link
 * IChart}, so XChart's encoders can write it.
 *
 * <p>The panels of one grid row share the top and bottom edges of their plot areas, and the panels
 * of one column their left and right edges, whatever their titles, tick labels and axis titles:
 * each panel is laid out once to measure its margins, then painted in a cell shrunk so that its
 * plot area lines up with the widest margins of its row and column.
 */
public final class Canvas implements IChart {
  private static final int TITLE_PADDING = 10;

  private final int width;
  private final int height;
  private final int rows;
  private final int columns;
  private final String title;

  /** A leaf's panel and colour bar (null for a grid). */
  private final XYPanel panel;

  private ColorBar colorBar;

  /** A grid's cells, row by row (empty for a leaf). */
  private final List<Canvas> children;

  /** Where a leaf's panel was painted in the last paint, in the root canvas's coordinates. */
  private Rectangle2D origin;

  private double gapX;
  private double gapY;
  private Font titleFont = new Font(Fonts.DEFAULT_FAMILY, Font.BOLD, 18);
  private String fontFamily = Fonts.DEFAULT_FAMILY;
  private boolean fontComplete = true;

  private Canvas(
      int width,
      int height,
      int rows,
      int columns,
      String title,
      XYPanel panel,
      List<Canvas> children) {
    this.width = width;
    this.height = height;
    this.rows = rows;
    this.columns = columns;
    this.title = title;
    this.panel = panel;
    this.children = java.util.Collections.unmodifiableList(new ArrayList<>(children));
  }

  /** A canvas showing one panel, at the panel's size; the panel draws its own title. */
  public static Canvas single(XYPanel panel) {
    return new Canvas(panel.getWidth(), panel.getHeight(), 1, 1, null, panel, List.of());
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
    List<Canvas> cells = new ArrayList<>();
    for (XYPanel p : panels) cells.add(single(p));
    return nest(width, height, rows, columns, title, cells);
  }

  /**
   * A canvas of {@code rows} by {@code columns} equal cells filled row by row with {@code cells},
   * each drawn at its cell's size whatever its own; null cells stay empty.
   */
  public static Canvas nest(
      int width, int height, int rows, int columns, String title, List<Canvas> cells) {
    if (cells.size() > rows * columns) {
      throw new IllegalArgumentException(
          "a "
              + rows
              + "x"
              + columns
              + " grid has room for "
              + rows * columns
              + " panels, got "
              + cells.size());
    }
    List<Canvas> all = new ArrayList<>(cells);
    while (all.size() < rows * columns) all.add(null);
    return new Canvas(width, height, rows, columns, title, null, all);
  }

  /** Extra space between the cells of a grid, in figure units (default none). */
  public Canvas spacing(double x, double y) {
    this.gapX = x;
    this.gapY = y;
    return this;
  }

  /** The panels, in grid order (a nested grid's in its own order, at its place). */
  public List<XYPanel> panels() {
    List<XYPanel> out = new ArrayList<>();
    collectLeaves(new ArrayList<>()).forEach(c -> out.add(c.panel));
    return out;
  }

  private List<Canvas> collectLeaves(List<Canvas> out) {
    if (panel != null) out.add(this);
    for (Canvas c : children) if (c != null) c.collectLeaves(out);
    return out;
  }

  /** The colour bars, in grid order. */
  private List<ColorBar> colorBars() {
    List<ColorBar> out = new ArrayList<>();
    for (Canvas c : collectLeaves(new ArrayList<>())) if (c.colorBar != null) out.add(c.colorBar);
    return out;
  }

  /** The cell of panel {@code i} in the last paint, in canvas coordinates (null before). */
  public Rectangle2D cell(int i) {
    return collectLeaves(new ArrayList<>()).get(i).origin;
  }

  /** Every text the canvas draws. */
  public List<String> texts() {
    List<String> out = new ArrayList<>();
    if (title != null) out.add(title);
    for (Canvas c : collectLeaves(new ArrayList<>())) out.addAll(c.panel.texts());
    for (ColorBar b : colorBars()) out.addAll(b.texts());
    return out;
  }

  /** Chooses a font family for all the text (see {@link Fonts}) and applies it everywhere. */
  public void chooseFont(String requested) {
    Fonts.Choice choice = Fonts.choose(requested, texts());
    fontFamily = choice.family();
    fontComplete = choice.complete();
    applyFontFamily(fontFamily);
  }

  private void applyFontFamily(String family) {
    titleFont = Fonts.withFamily(titleFont, family);
    if (panel != null) panel.applyFontFamily(family);
    if (colorBar != null) colorBar.applyFontFamily(family);
    for (Canvas c : children) if (c != null) c.applyFontFamily(family);
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
    paintAt(g, 0, 0, width, height, 0, 0);
  }

  /**
   * Paints this canvas into the rectangle at ({@code x}, {@code y}) of {@code g}, whose origin is
   * at ({@code ox}, {@code oy}) of the root canvas.
   */
  private void paintAt(Graphics2D g, double x, double y, double w, double h, double ox, double oy) {
    Graphics2D cg = (Graphics2D) g.create();
    try {
      cg.translate(x, y);
      cg.clip(new Rectangle2D.Double(0, 0, w, h));
      if (panel != null) paintLeaf(cg, ox + x, oy + y, w, h);
      else paintGrid(cg, ox + x, oy + y, w, h);
    } finally {
      cg.dispose();
    }
  }

  private double barWidth() {
    return colorBar == null ? 0 : ColorBar.WIDTH;
  }

  private void paintLeaf(Graphics2D g, double x, double y, double w, double h) {
    int panelWidth = (int) Math.round(w - barWidth());
    if (colorBar != null) {
      g.setColor(Color.WHITE);
      g.fill(new Rectangle2D.Double(0, 0, w, h));
    }
    Graphics2D pg = (Graphics2D) g.create();
    try {
      pg.clip(new Rectangle2D.Double(0, 0, panelWidth, h));
      panel.paint(pg, panelWidth, (int) Math.round(h));
    } finally {
      pg.dispose();
    }
    origin = new Rectangle2D.Double(x, y, panelWidth, Math.round(h));
    Rectangle2D plot = panel.plotBounds();
    if (colorBar != null && plot != null) colorBar.paint(g, panelWidth, plot);
  }

  /** The margins around a leaf's plot area at size w × h: {left, top, right, bottom}. */
  private double[] margins(double w, double h, Graphics2D like) {
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    Graphics2D sg = scratch.createGraphics();
    try {
      sg.setRenderingHints(like.getRenderingHints());
      int pw = (int) Math.round(w - barWidth());
      panel.paint(sg, pw, (int) Math.round(h));
    } finally {
      sg.dispose();
    }
    Rectangle2D p = panel.plotBounds();
    if (p == null) return null;
    return new double[] {
      p.getMinX(), p.getMinY(), w - p.getMaxX(), h - p.getMaxY(),
    };
  }

  private void paintGrid(Graphics2D g, double x, double y, double w, double h) {
    g.setColor(Color.WHITE);
    g.fill(new Rectangle2D.Double(0, 0, w, h));
    double top = 0;
    if (title != null && !title.isEmpty()) {
      TextLayout layout = new TextLayout(title, titleFont, g.getFontRenderContext());
      Rectangle2D b = layout.getBounds();
      double tx = (w - b.getWidth()) / 2 - b.getX();
      double ty = TITLE_PADDING + layout.getAscent();
      g.setColor(Color.BLACK);
      g.fill(layout.getOutline(AffineTransform.getTranslateInstance(tx, ty)));
      top = ty + layout.getDescent() + TITLE_PADDING / 2.0;
    }
    int cellWidth = (int) ((w - gapX * (columns - 1)) / columns);
    int cellHeight = (int) ((h - top - gapY * (rows - 1)) / rows);
    // Measure each leaf, then take the widest margins of each row and column.
    double[][] m = new double[children.size()][];
    double[] rowTop = new double[rows];
    double[] rowBottom = new double[rows];
    double[] colLeft = new double[columns];
    double[] colRight = new double[columns];
    // A colour bar narrows its own panel only: the right edges of its column stay as they are.
    boolean[] colBar = new boolean[columns];
    for (int i = 0; i < children.size(); i++) {
      Canvas c = children.get(i);
      if (c != null && c.colorBar != null) colBar[i % columns] = true;
    }
    for (int i = 0; i < children.size(); i++) {
      Canvas c = children.get(i);
      if (c == null || c.panel == null) continue;
      m[i] = c.margins(cellWidth, cellHeight, g);
      if (m[i] == null) continue;
      int r = i / columns;
      int col = i % columns;
      colLeft[col] = Math.max(colLeft[col], m[i][0]);
      rowTop[r] = Math.max(rowTop[r], m[i][1]);
      colRight[col] = Math.max(colRight[col], m[i][2]);
      rowBottom[r] = Math.max(rowBottom[r], m[i][3]);
    }
    for (int i = 0; i < children.size(); i++) {
      Canvas c = children.get(i);
      if (c == null) continue;
      int r = i / columns;
      int col = i % columns;
      double cx = col * (cellWidth + gapX);
      double cy = top + r * (cellHeight + gapY);
      double cw = cellWidth;
      double ch = cellHeight;
      if (m[i] != null) {
        double dl = colLeft[col] - m[i][0];
        double dt = rowTop[r] - m[i][1];
        cx += dl;
        cy += dt;
        cw -= dl + (colBar[col] ? 0 : colRight[col] - m[i][2]);
        ch -= dt + rowBottom[r] - m[i][3];
      }
      c.paintAt(g, cx, cy, cw, ch, x, y);
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
    if (title != null) return title;
    List<XYPanel> panels = panels();
    return panels.isEmpty() ? "" : panels.get(0).getTitle();
  }
}
