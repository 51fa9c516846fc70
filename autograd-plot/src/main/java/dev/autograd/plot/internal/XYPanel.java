package dev.autograd.plot.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * An XChart {@link XYChart} with this module's look, helpers to add series, an optional layer
 * painted under the series (a heat map or filled contours), and the layout of its last paint (plot
 * and legend bounds).
 */
public final class XYPanel extends XYChart {
  /** Something painted in the plot area, under the series. */
  public interface Layer {
    /** Paints on {@code g}; {@code panel} maps data to screen with {@code getScreenXFromChart}. */
    void paint(Graphics2D g, XYPanel panel);
  }

  private static final Color TRANSPARENT = new Color(0, 0, 0, 0);
  private static final Color TICK_LABELS = new Color(0x333333);
  private static final Color TICK_MARKS = new Color(0x666666);
  private static final String SANS = Fonts.DEFAULT_FAMILY;

  /** The name of the hidden series {@link #roundXTicks()} adds (unlike any user's). */
  private static final String ROUND_TICKS = "\u200bround x ticks";

  private Layer background;
  private final List<Layer> overlays = new ArrayList<>();
  private final List<Layer> decorations = new ArrayList<>();
  private final List<Annotation> annotations = new ArrayList<>();
  private String xTickFormat;
  private String yTickFormat;
  private boolean rowsDown;
  private Categories xCategories;
  private Categories yCategories;
  private final List<String> labelTexts = new ArrayList<>();
  private Rectangle2D plotBounds;
  private Rectangle2D legendBounds;

  /** An empty panel of the given size, with the module's default style. */
  public XYPanel(int width, int height) {
    super(width, height);
    XYStyler s = getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(new Color(0x999999));
    s.setPlotGridLinesColor(new Color(0xe3e3e3));
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setAxisTickMarksColor(TICK_MARKS);
    s.setSeriesColors(Palette.seriesColors());
    s.setSeriesLines(new BasicStroke[] {SeriesLines.SOLID});
    s.setSeriesMarkers(new Marker[] {SeriesMarkers.NONE});
    s.setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    s.setMarkerSize(7);
    s.setLegendBorderColor(new Color(0xcccccc));
    s.setLegendBackgroundColor(new Color(255, 255, 255, 225));
    s.setLegendPadding(6);
    s.setLegendPosition(LegendPosition.InsideNE);
    s.setChartTitleFont(new Font(SANS, Font.BOLD, 16));
    s.setChartTitleBoxVisible(false);
    s.setChartTitlePadding(8);
    s.setAxisTitleFont(new Font(SANS, Font.PLAIN, 13));
    s.setAxisTickLabelsFont(new Font(SANS, Font.PLAIN, 11));
    s.setLegendFont(new Font(SANS, Font.PLAIN, 12));
    s.setAnnotationTextFont(new Font(SANS, Font.PLAIN, 12));
    s.setAnnotationTextFontColor(new Color(0x333333));
    s.setChartPadding(12);
    s.setAxisTickPadding(5);
    // The plot border is the axis line: XChart's own axis lines beside it would double it.
    s.setAxisTicksLineVisible(false);
    s.setAxisTickLabelsColor(TICK_LABELS);
    // XChart's log labels are never shown (ours are drawn instead), but the room it keeps for them
    // is the room ours get: labelling every tick keeps room for the widest.
    s.setXAxisLogarithmicDecadeOnly(false);
    s.setYAxisLogarithmicDecadeOnly(false);
    s.setAntiAlias(true);
    s.setTextAntiAlias(true);
  }

  /** A solid line series in {@code color}, {@code width} pixels wide, without markers. */
  public XYSeries line(String name, double[] x, double[] y, Color color, float width) {
    XYSeries series = addSeries(name, x, y);
    series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    series.setLineColor(color);
    series.setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f));
    series.setMarker(SeriesMarkers.NONE);
    series.setMarkerColor(color);
    return series;
  }

  /** A series of markers only, in {@code color}. */
  public XYSeries markers(String name, double[] x, double[] y, Color color, Marker marker) {
    XYSeries series = addSeries(name, x, y);
    series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    series.setMarker(marker);
    series.setMarkerColor(color);
    series.setLineColor(color);
    return series;
  }

  /**
   * A filled polygon through the points in order, closed back to the first, without outline. NaN y
   * values are not allowed: they would break it into pieces.
   */
  public XYSeries polygon(String name, double[] x, double[] y, Color color) {
    XYSeries series = addSeries(name, x, y);
    series.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
    series.setLineStyle(SeriesLines.NONE);
    series.setMarker(SeriesMarkers.NONE);
    series.setFillColor(color);
    series.setLineColor(color);
    series.setMarkerColor(color);
    return series;
  }

  /**
   * A solid line series, as {@link #line}, with a vertical error bar from {@code y[i] - err[i]} to
   * {@code y[i] + err[i]} at each point, drawn 1.5 units wide in the series' colour (XChart's own
   * error bars are one pixel wide, which antialiasing pales to half the colour).
   */
  public XYSeries errorBars(
      String name, double[] x, double[] y, double[] err, Color color, float width) {
    XYSeries series = line(name, x, y, color, width);
    // The ends of the bars, so that the axes make room for them; the series draws nothing.
    double[] ex = new double[2 * x.length];
    double[] ey = new double[2 * x.length];
    for (int i = 0; i < x.length; i++) {
      ex[2 * i] = x[i];
      ex[2 * i + 1] = x[i];
      ey[2 * i] = y[i] - err[i];
      ey[2 * i + 1] = y[i] + err[i];
    }
    XYSeries ends = markers(name + " \u00b7 error bars", ex, ey, color, SeriesMarkers.NONE);
    ends.setShowInLegend(false);
    overlay(
        (g, panel) -> {
          g.setColor(series.getLineColor());
          g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
          for (int i = 0; i < x.length; i++) {
            double sx = panel.getScreenXFromChart(x[i]);
            double lo = panel.getScreenYFromChart(ey[2 * i]);
            double hi = panel.getScreenYFromChart(ey[2 * i + 1]);
            if (!Double.isFinite(lo) || !Double.isFinite(hi)) continue;
            g.draw(new Line2D.Double(sx, lo, sx, hi));
            g.draw(new Line2D.Double(sx - 3, lo, sx + 3, lo));
            g.draw(new Line2D.Double(sx - 3, hi, sx + 3, hi));
          }
        });
    return series;
  }

  /** Adds a layer painted over the series, clipped to the plot area. */
  public void overlay(Layer layer) {
    overlays.add(layer);
  }

  /**
   * A legend entry that draws nothing in the plot: a series of markers without points (its data is
   * NaN, which XChart skips).
   */
  public XYSeries legendEntry(String name, Color color, Marker marker) {
    return markers(name, new double[] {Double.NaN}, new double[] {Double.NaN}, color, marker);
  }

  /**
   * Makes XChart choose round x tick values. NOTE: when the x values XChart sees (the axis minimum,
   * the series' x values in order, the axis maximum) are equally spaced, as a linspace's or a pair
   * of points' within set limits, XChart puts the ticks at those values (-3, -2.697, -2.3939, ...).
   * A hidden series drawn first, whose one x value lies at an odd fraction of the data's range,
   * breaks the pattern without widening the axis; its y value is NaN, so it draws nothing.
   */
  public void roundXTicks() {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (XYSeries series : getSeriesCollection()) {
      for (double x : series.getXData()) {
        if (Double.isFinite(x)) {
          min = Math.min(min, x);
          max = Math.max(max, x);
        }
      }
    }
    if (max == Double.NEGATIVE_INFINITY || seriesMap.containsKey(ROUND_TICKS)) return;
    // the axis limits where set: the values XChart sees run from them
    if (getStyler().getXAxisMin() != null) min = getStyler().getXAxisMin();
    if (getStyler().getXAxisMax() != null) max = getStyler().getXAxisMax();
    double odd =
        getStyler().isXAxisLogarithmic()
            ? Math.pow(10, Math.log10(min) + 0.5377 * (Math.log10(max) - Math.log10(min)))
            : min + 0.5377 * (max - min);
    XYSeries helper = addSeries(ROUND_TICKS, new double[] {odd}, new double[] {Double.NaN});
    helper.setShowInLegend(false);
    helper.setMarker(SeriesMarkers.NONE);
    // Drawn first, so the equally spaced values no longer follow the minimum.
    reorderFirst(ROUND_TICKS);
  }

  private void reorderFirst(String name) {
    XYSeries first = seriesMap.remove(name);
    Map<String, XYSeries> rest = new LinkedHashMap<>(seriesMap);
    seriesMap.clear();
    seriesMap.put(name, first);
    seriesMap.putAll(rest);
  }

  /** Adds a text label at data coordinates ({@code x}, {@code y}). */
  public void label(String text, double x, double y) {
    addAnnotation(new AnnotationText(text, x, y, false));
    labelTexts.add(text);
  }

  /** Counts {@code texts}, which an overlay draws, among this panel's texts for the font choice. */
  public void addTexts(List<String> texts) {
    labelTexts.addAll(texts);
  }

  /**
   * Hides the axes altogether (ticks, their labels and marks, axis titles and lines, grid lines and
   * the plot border), for a picture drawn over the panel: a 3-D projection, a graph.
   */
  public void hideAxes() {
    XYStyler s = getStyler();
    s.setAxisTicksVisible(false);
    s.setAxisTitlesVisible(false);
    s.setPlotGridLinesVisible(false);
    s.setPlotBorderVisible(false);
    s.setPlotTicksMarksVisible(false);
    s.setAxisTicksLineVisible(false);
  }

  /** Whether the panel shows x or y axis ticks (a 3-D projection or an image grid does not). */
  public boolean hasAxes() {
    return getStyler().isXAxisTicksVisible() || getStyler().isYAxisTicksVisible();
  }

  /** Adds a layer painted over the whole panel after the chart, not clipped to the plot area. */
  public void decoration(Layer layer) {
    decorations.add(layer);
  }

  /**
   * Adds an annotation: {@code text} at data coordinates ({@code x}, {@code y}), or, when {@code
   * textX} and {@code textY} are not NaN, the text there and an arrow from it to ({@code x}, {@code
   * y}).
   */
  public void annotate(String text, double x, double y, double textX, double textY) {
    double sign = rowsDown ? -1 : 1;
    annotations.add(new Annotation(text, x, sign * y, textX, sign * textY));
  }

  /**
   * Makes the y coordinates the user gives (annotations, limits) count downwards, as an image's
   * rows: row r is drawn at y = -r.
   */
  public void rowsDown() {
    this.rowsDown = true;
  }

  /** Sets the y axis range to [lo, hi] in the user's coordinates (see {@link #rowsDown()}). */
  public void yLimits(double lo, double hi) {
    getStyler().setYAxisMin(rowsDown ? -hi : lo);
    getStyler().setYAxisMax(rowsDown ? -lo : hi);
  }

  /**
   * The tick label format of the x axis ({@code axis == 'x'}) or y axis, a {@link
   * java.util.Formatter} pattern for one double (null for the default labels).
   */
  public void tickFormat(char axis, String pattern) {
    if (axis == 'x') xTickFormat = pattern;
    else yTickFormat = pattern;
  }

  /**
   * Tick labels: a pattern through XChart's formatting function on a linear axis; on a logarithmic
   * axis XChart's labels (a DecimalFormat: 0.001 beside 1E-4) are hidden and {@link
   * #paintOwnTickLabels} writes 10⁻³ at each decade instead, as it writes the categories.
   */
  private void prepareTickLabels() {
    XYStyler s = getStyler();
    boolean logX = s.isXAxisLogarithmic();
    boolean logY = s.isYAxisLogarithmic();
    boolean ownX = logX || xCategories != null;
    boolean ownY = logY || yCategories != null;
    s.setXAxisTickLabelsColor(ownX ? TRANSPARENT : TICK_LABELS);
    s.setYAxisTickLabelsColor(ownY ? TRANSPARENT : TICK_LABELS);
    s.setXAxisTickMarksColor(xCategories != null ? TRANSPARENT : TICK_MARKS);
    s.setYAxisTickMarksColor(yCategories != null ? TRANSPARENT : TICK_MARKS);
    // XChart's log labels in this pattern (9.0E0, 1.0E-3) are as wide as ours (9×10⁰, 10⁻³), so
    // the space XChart keeps for them fits ours.
    s.setXAxisDecimalPattern(logX ? "0.0E0" : null);
    s.setYAxisDecimalPattern(logY ? "0.0E0" : null);
    var frc = new java.awt.font.FontRenderContext(null, true, true);
    Font font = s.getAxisTickLabelsFont();
    s.setxAxisTickLabelsFormattingFunction(
        xCategories != null
            ? placeholder(xCategories.widest(font, frc))
            : logX || xTickFormat == null ? null : TickLabels.formatter(xTickFormat));
    s.setyAxisTickLabelsFormattingFunction(
        yCategories != null
            ? placeholder(yCategories.widest(font, frc))
            : logY || yTickFormat == null ? null : TickLabels.formatter(yTickFormat));
  }

  /**
   * Tick labels drawn by this panel rather than XChart at fixed positions along the x axis ({@code
   * axis == 'x'}) or y axis: categories such as class names, or an image's row and column numbers.
   * XChart's labels and tick marks on that axis are hidden, but keep the room the widest of these
   * labels needs. With {@code thin}, labels are left out (every 2nd, 5th, 10th, ...) so that they
   * do not touch; otherwise all are drawn.
   */
  public void categories(char axis, double[] positions, String[] labels, boolean thin) {
    if (axis == 'x') xCategories = new Categories(positions.clone(), labels.clone(), thin);
    else yCategories = new Categories(positions.clone(), labels.clone(), thin);
  }

  /** Whether {@code axis} has {@link #categories} labels. */
  public boolean isCategorical(char axis) {
    return (axis == 'x' ? xCategories : yCategories) != null;
  }

  private record Categories(double[] positions, String[] labels, boolean thin) {
    String widest(Font font, java.awt.font.FontRenderContext frc) {
      String best = "";
      double width = -1;
      for (String l : labels) {
        double w = font.getStringBounds(l, frc).getWidth();
        if (w > width) {
          width = w;
          best = l;
        }
      }
      return best;
    }
  }

  /**
   * The labels XChart lays out on a categorical axis, never drawn: each the widest category, so the
   * axis keeps room for it, made unique (as XChart requires) by zero-width spaces.
   */
  private static java.util.function.Function<Double, String> placeholder(String widest) {
    return v -> widest + "\u200b".repeat((int) Math.floorMod(Math.round(v * 100), 1000L));
  }

  private void paintOwnTickLabels(Graphics2D g, Rectangle2D plot) {
    XYStyler s = getStyler();
    if (!hasAxes()) return;
    Graphics2D tg = (Graphics2D) g.create();
    try {
      tg.setColor(TICK_LABELS);
      Font chosen = s.getAxisTickLabelsFont();
      // NOTE: the superscripts of log labels are not part of the font choice (a CJK title would
      // lose its font for want of ⁻³); where the chosen font lacks them, the logical SansSerif
      // font, which falls back glyph by glyph, draws those labels.
      Font fallback = new Font(Font.SANS_SERIF, chosen.getStyle(), chosen.getSize());
      double gap = s.getAxisTickMarkLength() + s.getAxisTickPadding() + 3;
      if (s.isXAxisTicksVisible()) {
        for (double[] t : ownTicks('x', plot)) {
          String text = xTexts.get((int) t[1]);
          double sx = getScreenXFromChart(t[0]);
          if (xCategories != null) tickMark(tg, sx, plot.getMaxY(), sx, plot.getMaxY() + 3);
          Font font = chosen.canDisplayUpTo(text) == -1 ? chosen : fallback;
          TickLabels.draw(tg, text, font, sx, plot.getMaxY() + gap, 0.5, 0);
        }
      }
      if (s.isYAxisTicksVisible()) {
        for (double[] t : ownTicks('y', plot)) {
          String text = yTexts.get((int) t[1]);
          double sy = getScreenYFromChart(t[0]);
          if (yCategories != null) tickMark(tg, plot.getMinX() - 3, sy, plot.getMinX(), sy);
          Font font = chosen.canDisplayUpTo(text) == -1 ? chosen : fallback;
          TickLabels.draw(tg, text, font, plot.getMinX() - gap, sy, 1, 0.5);
        }
      }
    } finally {
      tg.dispose();
    }
  }

  private static void tickMark(Graphics2D g, double x0, double y0, double x1, double y1) {
    Color c = g.getColor();
    g.setColor(new Color(0x666666));
    g.draw(new Line2D.Double(x0, y0, x1, y1));
    g.setColor(c);
  }

  private final List<String> xTexts = new ArrayList<>();
  private final List<String> yTexts = new ArrayList<>();

  /**
   * The ticks this panel labels itself on {@code axis}, as {value, index into the axis's texts}:
   * its categories (thinned if asked) or, on a log axis, the powers of ten in view.
   */
  private List<double[]> ownTicks(char axis, Rectangle2D plot) {
    boolean x = axis == 'x';
    List<String> texts = x ? xTexts : yTexts;
    texts.clear();
    List<double[]> out = new ArrayList<>();
    Categories c = x ? xCategories : yCategories;
    XYStyler s = getStyler();
    if (c != null) {
      int step = 1;
      if (c.thin() && c.positions().length > 1) {
        double spacing =
            Math.abs(
                x
                    ? getScreenXFromChart(c.positions()[1]) - getScreenXFromChart(c.positions()[0])
                    : getScreenYFromChart(c.positions()[1])
                        - getScreenYFromChart(c.positions()[0]));
        Font f = s.getAxisTickLabelsFont();
        var frc = new java.awt.font.FontRenderContext(null, true, true);
        double need =
            x ? f.getStringBounds(c.widest(f, frc), frc).getWidth() + 8 : f.getSize2D() * 1.6;
        int[] steps = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
        for (int st : steps) {
          step = st;
          if (spacing * st >= need) break;
        }
      }
      for (int i = 0; i < c.positions().length; i += step) {
        texts.add(c.labels()[i]);
        out.add(new double[] {c.positions()[i], texts.size() - 1});
      }
      return out;
    }
    boolean log = x ? s.isXAxisLogarithmic() : s.isYAxisLogarithmic();
    if (!log) return out;
    double lo =
        x
            ? getChartXFromCoordinate((int) Math.ceil(plot.getMinX()))
            : getChartYFromCoordinate((int) Math.floor(plot.getMaxY()));
    double hi =
        x
            ? getChartXFromCoordinate((int) Math.floor(plot.getMaxX()))
            : getChartYFromCoordinate((int) Math.ceil(plot.getMinY()));
    String pattern = x ? xTickFormat : yTickFormat;
    for (double v : TickLabels.logTicks(lo, hi)) {
      texts.add(pattern == null ? TickLabels.logLabel(v) : TickLabels.format(pattern, v));
      out.add(new double[] {v, texts.size() - 1});
    }
    return out;
  }

  /**
   * Checks that every series has positive values along each logarithmic axis (NaN, a gap, is
   * allowed).
   *
   * @throws IllegalArgumentException naming the axis, the series, the value and its index
   */
  public void checkLogAxes() {
    XYStyler s = getStyler();
    for (XYSeries series : getSeriesCollection()) {
      if (s.isXAxisLogarithmic()) checkPositive("logX", series, series.getXData());
      if (s.isYAxisLogarithmic()) checkPositive("logY", series, series.getYData());
    }
  }

  private static void checkPositive(String call, XYSeries series, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] <= 0 || values[i] == Double.NEGATIVE_INFINITY) {
        throw new IllegalArgumentException(
            call
                + ": series '"
                + displayName(series.getName())
                + "' has the value "
                + values[i]
                + " at index "
                + i
                + "; a logarithmic axis needs positive values");
      }
    }
  }

  /** A series' name as the user knows it: unlabelled series are named by their number. */
  public static String displayName(String name) {
    if (name.startsWith("\u200b")) {
      String rest = name.substring(1);
      return rest.chars().allMatch(Character::isDigit)
          ? "number " + (Integer.parseInt(rest) + 1) + " (unlabelled)"
          : rest;
    }
    return name;
  }

  /** Sets the layer painted under the series (null for none). */
  public void background(Layer layer) {
    this.background = layer;
  }

  /** Every text this panel draws: title, axis titles, legend entries and labels. */
  public List<String> texts() {
    List<String> out = new ArrayList<>();
    out.add(getTitle());
    out.add(getXAxisTitle());
    out.add(getYAxisTitle());
    for (XYSeries s : getSeriesCollection()) if (s.isShowInLegend()) out.add(s.getName());
    out.addAll(labelTexts);
    for (Annotation a : annotations) out.add(a.text());
    if (xCategories != null) out.addAll(List.of(xCategories.labels()));
    if (yCategories != null) out.addAll(List.of(yCategories.labels()));
    return out;
  }

  /** Draws every text of this panel in {@code family}, keeping styles and sizes. */
  public void applyFontFamily(String family) {
    XYStyler s = getStyler();
    s.setBaseFont(Fonts.withFamily(s.getBaseFont(), family));
    s.setChartTitleFont(Fonts.withFamily(s.getChartTitleFont(), family));
    s.setAxisTitleFont(Fonts.withFamily(s.getAxisTitleFont(), family));
    s.setAxisTickLabelsFont(Fonts.withFamily(s.getAxisTickLabelsFont(), family));
    s.setLegendFont(Fonts.withFamily(s.getLegendFont(), family));
    s.setAnnotationTextFont(Fonts.withFamily(s.getAnnotationTextFont(), family));
    s.setAnnotationTextPanelFont(Fonts.withFamily(s.getAnnotationTextPanelFont(), family));
    s.setToolTipFont(Fonts.withFamily(s.getToolTipFont(), family));
    s.setCursorFont(Fonts.withFamily(s.getCursorFont(), family));
  }

  /** The plot area of the last paint, in the coordinates it was painted in (null before). */
  public Rectangle2D plotBounds() {
    return plotBounds;
  }

  /** The legend box of the last paint (null before, or without legend). */
  public Rectangle2D legendBounds() {
    return legendBounds;
  }

  @Override
  public void paint(Graphics2D g, int width, int height) {
    prepareTickLabels();
    if (background == null) {
      super.paint(g, width, height);
    } else {
      paintWithBackground(g, width, height);
    }
    Rectangle2D p = plot.getBounds();
    if (p != null && !overlays.isEmpty()) {
      Graphics2D og = (Graphics2D) g.create();
      try {
        og.clip(p);
        for (Layer layer : overlays) layer.paint(og, this);
      } finally {
        og.dispose();
      }
    }
    if (p != null) {
      for (Annotation a : annotations) a.paint(g, this);
      paintOwnTickLabels(g, p);
      for (Layer layer : decorations) layer.paint(g, this);
    }
    plotBounds = p == null ? null : (Rectangle2D) p.clone();
    Rectangle2D l = getStyler().isLegendVisible() ? legend.getBounds() : null;
    legendBounds = l == null ? null : (Rectangle2D) l.clone();
  }

  private void paintWithBackground(Graphics2D g, int width, int height) {
    // NOTE: XChart lays a chart out while painting it, and paints the plot background, series and
    // legend in one pass. A first paint on a scratch surface gives the layout, so the background
    // layer can go where the plot area will be; the second paint, with transparent backgrounds,
    // puts axes, series and legend over it.
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    Graphics2D sg = scratch.createGraphics();
    sg.setRenderingHints(g.getRenderingHints());
    sg.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    super.paint(sg, width, height);
    sg.dispose();

    XYStyler s = getStyler();
    Color chartBackground = s.getChartBackgroundColor();
    Color plotBackground = s.getPlotBackgroundColor();
    g.setColor(chartBackground);
    g.fill(new Rectangle2D.Double(0, 0, width, height));
    Shape clip = g.getClip();
    g.clip(plot.getBounds());
    background.paint(g, this);
    g.setClip(clip);
    s.setChartBackgroundColor(TRANSPARENT);
    s.setPlotBackgroundColor(TRANSPARENT);
    try {
      super.paint(g, width, height);
    } finally {
      s.setChartBackgroundColor(chartBackground);
      s.setPlotBackgroundColor(plotBackground);
    }
  }

  /**
   * Puts the legend in the inside corner that the data cross least (as matplotlib's "best"), in
   * axis-normalised coordinates; a log y axis is measured in decades.
   */
  public void placeLegend() {
    List<double[]> pts = new ArrayList<>();
    double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY;
    double ymin = Double.POSITIVE_INFINITY, ymax = Double.NEGATIVE_INFINITY;
    boolean logY = getStyler().isYAxisLogarithmic();
    int entries = 0;
    for (XYSeries series : getSeriesCollection()) {
      if (series.isShowInLegend()) entries++;
      double[] xs = series.getXData();
      double[] ys = series.getYData();
      for (int i = 0; i < xs.length; i++) {
        double y = logY ? Math.log10(ys[i]) : ys[i];
        if (!Double.isFinite(xs[i]) || !Double.isFinite(y)) continue;
        xmin = Math.min(xmin, xs[i]);
        xmax = Math.max(xmax, xs[i]);
        ymin = Math.min(ymin, y);
        ymax = Math.max(ymax, y);
        // Points along each segment, so a line through a corner counts even between samples.
        if (i > 0 && series.getXYSeriesRenderStyle().orElse(null) == XYSeriesRenderStyle.Line) {
          double py = logY ? Math.log10(ys[i - 1]) : ys[i - 1];
          if (Double.isFinite(xs[i - 1]) && Double.isFinite(py)) {
            for (int k = 1; k < 8; k++) {
              double f = k / 8.0;
              pts.add(new double[] {xs[i - 1] + f * (xs[i] - xs[i - 1]), py + f * (y - py)});
            }
          }
        }
        pts.add(new double[] {xs[i], y});
      }
    }
    XYStyler s = getStyler();
    if (s.getXAxisMin() != null) xmin = s.getXAxisMin();
    if (s.getXAxisMax() != null) xmax = s.getXAxisMax();
    if (pts.isEmpty() || !(xmax > xmin) || !(ymax > ymin)) return;
    double boxW = 0.34;
    double boxH = Math.min(0.6, 0.07 * entries + 0.06);
    // Candidates in order of preference; u, v are the box's lower-left corner in [0, 1].
    LegendPosition[] positions = {
      LegendPosition.InsideNE,
      LegendPosition.InsideNW,
      LegendPosition.InsideN,
      LegendPosition.InsideSE,
      LegendPosition.InsideSW,
      LegendPosition.InsideS
    };
    double[][] boxes = {
      {1 - boxW, 1 - boxH},
      {0, 1 - boxH},
      {0.5 - boxW / 2, 1 - boxH},
      {1 - boxW, 0},
      {0, 0},
      {0.5 - boxW / 2, 0}
    };
    int best = 0;
    int bestCount = Integer.MAX_VALUE;
    for (int c = 0; c < positions.length; c++) {
      int count = 0;
      for (double[] p : pts) {
        double u = (p[0] - xmin) / (xmax - xmin) - boxes[c][0];
        double v = (p[1] - ymin) / (ymax - ymin) - boxes[c][1];
        if (u >= 0 && u <= boxW && v >= 0 && v <= boxH) count++;
      }
      if (count < bestCount) {
        bestCount = count;
        best = c;
      }
    }
    s.setLegendPosition(positions[best]);
  }
}
