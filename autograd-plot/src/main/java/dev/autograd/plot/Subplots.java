package dev.autograd.plot;

import dev.autograd.plot.internal.Canvas;
import dev.autograd.plot.internal.XYPanel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.XYSeries;

/**
 * A grid of charts in one figure, as matplotlib's {@code plt.subplots(rows, cols)}: each cell holds
 * any of the library's chart builders, drawn at the cell's size with its own title, axes and
 * legend, under the figure's {@link #title(String) title}. The plot areas of a row share their top
 * and bottom edges, and those of a column their left and right edges, whatever their titles and
 * labels.
 *
 * <pre>{@code
 * Plots.subplots(1, 2)
 *     .title("training")
 *     .panel(Plots.lossHistory().title("loss").series("SGD", losses).logY())
 *     .panel(Plots.chart().title("weights").hist(weights, 20))
 *     .save(Path.of("plots/training.png"));
 * }</pre>
 *
 * <p>{@link #shareX()} and {@link #shareY()} give every panel the same x (or y) range, as {@code
 * sharex=True}, and leave the tick labels and axis titles on the outer panels only: x along the
 * bottom row, y along the first column. The axis settings ({@code xLim}, {@code logY}, ...) belong
 * to each panel's chart; set on the grid itself they are refused. The cells' own sizes and fonts
 * give way to the grid's.
 */
public final class Subplots extends FigureBuilder<Subplots> {
  private final int rows;
  private final int columns;
  private final FigureBuilder<?>[] cells;
  private int next;
  private boolean shareX;
  private boolean shareY;

  private Subplots(int rows, int columns) {
    super(Math.min(1600, 480 * columns), Math.min(1200, 360 * rows));
    if (rows < 1 || columns < 1) {
      throw new IllegalArgumentException(
          "subplots: need at least 1x1, got " + rows + "x" + columns);
    }
    this.rows = rows;
    this.columns = columns;
    this.cells = new FigureBuilder<?>[rows * columns];
  }

  /**
   * A grid of {@code rows} by {@code columns} empty cells, 480 × 360 units each (at most 1600 ×
   * 1200 in all).
   *
   * @param rows the number of rows, at least 1
   * @param columns the number of columns, at least 1
   * @return a new builder
   * @throws IllegalArgumentException if {@code rows} or {@code columns} is less than 1
   */
  public static Subplots of(int rows, int columns) {
    return new Subplots(rows, columns);
  }

  /**
   * Puts {@code chart} in the next free cell, row by row.
   *
   * @param chart any chart builder; it is built when the grid is, so later changes to it show
   * @return this builder
   * @throws IllegalStateException if every cell is taken
   * @throws NullPointerException if {@code chart} is null
   * @throws IllegalArgumentException if {@code chart} is this grid
   */
  public Subplots panel(FigureBuilder<?> chart) {
    while (next < cells.length && cells[next] != null) next++;
    if (next == cells.length) {
      throw new IllegalStateException(
          "panel: all "
              + cells.length
              + " cells of the "
              + rows
              + "x"
              + columns
              + " grid are taken");
    }
    return panel(next / columns, next % columns, chart);
  }

  /**
   * Puts {@code chart} in the cell at {@code row}, {@code column} (from 0, top left), replacing
   * what was there.
   *
   * @param row the row, from 0
   * @param column the column, from 0
   * @param chart any chart builder
   * @return this builder
   * @throws IndexOutOfBoundsException if the cell is outside the grid
   * @throws NullPointerException if {@code chart} is null
   * @throws IllegalArgumentException if {@code chart} is this grid
   */
  public Subplots panel(int row, int column, FigureBuilder<?> chart) {
    Objects.requireNonNull(chart, "panel: chart");
    if (chart == this) throw new IllegalArgumentException("panel: a grid cannot hold itself");
    if (row < 0 || row >= rows || column < 0 || column >= columns) {
      throw new IndexOutOfBoundsException(
          "panel: cell ("
              + row
              + ", "
              + column
              + ") is outside the "
              + rows
              + "x"
              + columns
              + " grid");
    }
    cells[row * columns + column] = chart;
    return this;
  }

  /**
   * The same x range on every panel, as {@code sharex=True}: the union of their ranges (or limits).
   * The x tick labels and title show on the bottom row only.
   *
   * @return this builder
   */
  public Subplots shareX() {
    this.shareX = true;
    return this;
  }

  /**
   * The same y range on every panel, as {@code sharey=True}; the y tick labels and title show in
   * the first column only.
   *
   * @return this builder
   */
  public Subplots shareY() {
    this.shareY = true;
    return this;
  }

  @Override
  void checkCanLog(char axis) {
    throw refused("log" + Character.toUpperCase(axis));
  }

  private static IllegalStateException refused(String call) {
    return new IllegalStateException(
        call
            + ": set the axes on each panel's chart; a Subplots grid draws its panels as they are"
            + " (shareX() and shareY() give them one range)");
  }

  @Override
  Canvas styledCanvas() {
    String set = axisSettingSet();
    if (set != null) throw refused(set);
    return canvas();
  }

  @Override
  Canvas canvas() {
    boolean any = Arrays.stream(cells).anyMatch(Objects::nonNull);
    if (!any) throw new IllegalStateException("Subplots: add at least one panel");
    List<Canvas> children = new ArrayList<>();
    List<List<XYPanel>> byCell = new ArrayList<>();
    for (FigureBuilder<?> cell : cells) {
      Canvas c = cell == null ? null : cell.styledCanvas();
      children.add(c);
      byCell.add(c == null ? List.of() : c.panels());
    }
    if (shareX) share(byCell, true);
    if (shareY) share(byCell, false);
    return Canvas.nest(width, height, rows, columns, title, children).spacing(12, 8);
  }

  /** One range for every panel along x (or y), tick labels on the outer panels only. */
  private void share(List<List<XYPanel>> byCell, boolean x) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (List<XYPanel> panels : byCell) {
      for (XYPanel p : panels) {
        double[] r = range(p, x);
        lo = Math.min(lo, r[0]);
        hi = Math.max(hi, r[1]);
      }
    }
    if (!(lo < hi)) return;
    for (int i = 0; i < byCell.size(); i++) {
      boolean outer = x ? i / columns == rows - 1 || below(i) : i % columns == 0;
      for (XYPanel p : byCell.get(i)) {
        var s = p.getStyler();
        if (x) {
          s.setXAxisMin(lo);
          s.setXAxisMax(hi);
          if (!outer) {
            s.setXAxisTicksVisible(false);
            s.setXAxisTitleVisible(false);
          }
        } else {
          s.setYAxisMin(lo);
          s.setYAxisMax(hi);
          if (!outer) {
            s.setYAxisTicksVisible(false);
            s.setYAxisTitleVisible(false);
          }
        }
      }
    }
  }

  /** Whether the cells below cell {@code i} are all empty (it is the bottom of its column). */
  private boolean below(int i) {
    for (int j = i + columns; j < cells.length; j += columns) if (cells[j] != null) return false;
    return true;
  }

  /** The panel's range along x (or y): its limits where set, else its data's. */
  private static double[] range(XYPanel p, boolean x) {
    var s = p.getStyler();
    Double min = x ? s.getXAxisMin() : s.getYAxisMin();
    Double max = x ? s.getXAxisMax() : s.getYAxisMax();
    boolean log = x ? s.isXAxisLogarithmic() : s.isYAxisLogarithmic();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (XYSeries series : p.getSeriesCollection()) {
      for (double v : x ? series.getXData() : series.getYData()) {
        if (Double.isFinite(v) && (!log || v > 0)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    return new double[] {min != null ? min : lo, max != null ? max : hi};
  }
}
