package dev.autograd.plot;

import dev.autograd.plot.internal.Canvas;
import dev.autograd.plot.internal.Export;
import dev.autograd.plot.internal.FigureWindow;
import dev.autograd.plot.internal.Palette;
import dev.autograd.plot.internal.XYPanel;
import java.awt.GraphicsEnvironment;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TrainingListener} that charts the loss per step, and the accuracy and learning rate when
 * they are reported, in stacked panels. With a display it shows a window that follows training live
 * (unless {@link Builder#live(boolean) live(false)}); when training ends ({@link #onTrainingEnd()}
 * or {@link #close()}) it writes the chart to its file, with or without a display, so a run on a
 * headless server still leaves its chart behind.
 *
 * <pre>{@code
 * try (TrainingMonitor monitor = TrainingMonitor.builder()
 *     .title("Linear(1, 1) + ReLU")
 *     .saveTo(Path.of("plots/training.png"))
 *     .build()) {
 *   for (int step = 0; step < 100; step++) {
 *     Tensor loss = ...;
 *     monitor.onStep(step, loss.item());
 *   }
 * } // the chart is written here
 * }</pre>
 *
 * Steps may be reported from any one thread; the window is updated on Swing's thread, at most once
 * per pending repaint, so reporting every step does not slow training down to the speed of drawing.
 *
 * <p>On a headless server, {@link Builder#saveEvery(int)} or {@link Builder#saveEvery(Duration)}
 * keeps the file up to date while training runs: a viewer (or {@code watch}, or a browser that
 * reloads) follows it as a window would. Each write replaces the file in one step, so a reader
 * never sees half an image. {@link #animation(int)} replays the run as a loss curve growing.
 */
public final class TrainingMonitor implements TrainingListener, Closeable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.autograd.plot");

  private final String title;
  private final int width;
  private final int height;
  private final String font;
  private final int dpi;
  private final boolean logY;
  private final Path file;
  private final List<TrainingStep> steps = new ArrayList<>();
  private final FigureWindow window;
  private final int saveEverySteps;
  private final long saveEveryNanos;
  private int stepsSinceSave;
  private long lastSave;
  private boolean ended;

  private TrainingMonitor(Builder b) {
    this.title = b.title;
    this.width = b.width;
    this.height = b.height;
    this.font = b.font;
    this.dpi = b.dpi;
    this.logY = b.logY;
    this.file = b.file;
    this.saveEverySteps = b.saveEverySteps;
    this.saveEveryNanos = b.saveEvery == null ? 0 : b.saveEvery.toNanos();
    this.lastSave = System.nanoTime();
    boolean live = b.live == null ? !GraphicsEnvironment.isHeadless() : b.live;
    this.window = live ? FigureWindow.open(title, this::canvas) : null;
  }

  /**
   * A builder with the defaults: title "Training", 900 × 600 units at 72 dpi, a linear loss axis, a
   * live window when there is a display, and the file plots/training.png.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Records a step that reports only the loss: {@code onStep(TrainingStep.of(step, loss))}.
   *
   * @param step the step (or epoch) number, the x value of the point
   * @param loss the training loss
   */
  public void onStep(int step, double loss) {
    onStep(TrainingStep.of(step, loss));
  }

  /**
   * Records {@code step} and, with a live window, schedules a repaint; with {@link
   * Builder#saveEvery(int) saveEvery}, writes the file when it is due (on this thread). A value
   * that is NaN, or not positive on a logarithmic loss axis, is left out of its panel.
   *
   * @param step what the step reports
   * @throws NullPointerException if {@code step} is null
   */
  @Override
  public void onStep(TrainingStep step) {
    Objects.requireNonNull(step, "step");
    synchronized (steps) {
      steps.add(step);
    }
    if (window != null) window.refresh();
    if (saveDue()) saveWhileTraining();
  }

  private boolean saveDue() {
    if (saveEverySteps == 0 && saveEveryNanos == 0) return false;
    stepsSinceSave++;
    return (saveEverySteps > 0 && stepsSinceSave >= saveEverySteps)
        || (saveEveryNanos > 0 && System.nanoTime() - lastSave >= saveEveryNanos);
  }

  /**
   * Writes the chart during training. A failure is logged, not thrown: a full disk should not end a
   * run over its chart; the next write tries again, and the one at the end throws.
   */
  private void saveWhileTraining() {
    stepsSinceSave = 0;
    lastSave = System.nanoTime();
    try {
      figure().save(file);
    } catch (IOException e) {
      LOG.warn("TrainingMonitor: could not write {} during training ({}); will try again", file, e);
    }
  }

  /**
   * Writes the chart to the file and logs where it went. Once the chart is written, later calls do
   * nothing; after a failed write, the next call tries again. A live window stays open, showing the
   * final chart.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  @Override
  public void onTrainingEnd() {
    if (ended) return;
    if (window != null) window.refresh();
    try {
      figure().save(file);
      ended = true;
      LOG.info("training chart written to {}", file.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("TrainingMonitor: could not write " + file, e);
    }
  }

  /**
   * Ends training: same as {@link #onTrainingEnd()}, so that try-with-resources writes the chart
   * even when training throws.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  @Override
  public void close() {
    onTrainingEnd();
  }

  /**
   * The steps recorded so far.
   *
   * @return an unmodifiable copy, in the order they were reported
   */
  public List<TrainingStep> steps() {
    synchronized (steps) {
      return List.copyOf(steps);
    }
  }

  /**
   * The chart of the steps recorded so far, to save elsewhere or at other times than the end.
   *
   * @return a new figure at the builder's size and resolution
   */
  public Figure figure() {
    Canvas canvas = canvas();
    return new Figure(canvas, dpi);
  }

  /**
   * The run replayed as its curves growing: frame i shows the first round((i + 1) n / frames) of
   * the n steps recorded so far, on the axes of the whole run, so that only the curves move.
   *
   * <pre>{@code
   * monitor.animation(50).fps(10).holdLast(2).save(Path.of("plots/training.gif"));
   * }</pre>
   *
   * @param frames the number of frames, at least 1
   * @return a new animation of the steps recorded now, 10 frames per second, playing for ever
   * @throws IllegalArgumentException if {@code frames < 1}
   * @throws IllegalStateException if no step was recorded
   */
  public Animation animation(int frames) {
    if (frames < 1) {
      throw new IllegalArgumentException("animation: need at least 1 frame, got " + frames);
    }
    List<TrainingStep> all = steps();
    if (all.isEmpty()) {
      throw new IllegalStateException("animation: no step recorded yet; call onStep first");
    }
    return Animation.of(
        frames,
        i -> {
          int n = (int) Math.max(1, Math.round((i + 1) * (double) all.size() / frames));
          return new Figure(canvas(all.subList(0, n), all), dpi);
        });
  }

  private Canvas canvas() {
    return canvas(steps(), null);
  }

  /**
   * The chart of {@code data}, on the axes of {@code run} (null: of {@code data}, as XChart sets).
   */
  private Canvas canvas(List<TrainingStep> data, List<TrainingStep> run) {
    List<TrainingStep> all = run == null ? data : run;
    List<XYPanel> panels = new ArrayList<>();
    boolean accuracy = all.stream().anyMatch(TrainingStep::hasAccuracy);
    boolean rate = all.stream().anyMatch(TrainingStep::hasLearningRate);
    int rows = 1 + (accuracy ? 1 : 0) + (rate ? 1 : 0);
    panels.add(panel(data, "Loss", TrainingStep::loss, 0, logY, rows));
    if (accuracy) panels.add(panel(data, "Accuracy", TrainingStep::accuracy, 2, false, rows));
    if (rate) {
      panels.add(panel(data, "Learning rate", TrainingStep::learningRate, 4, false, rows));
    }
    if (run != null) {
      fixAxes(panels.get(0), run, TrainingStep::loss, logY);
      int next = 1;
      if (accuracy) fixAxes(panels.get(next++), run, TrainingStep::accuracy, false);
      if (rate) fixAxes(panels.get(next), run, TrainingStep::learningRate, false);
    }
    Canvas canvas = Canvas.grid(width, height, rows, 1, title, panels);
    for (XYPanel p : panels) p.roundXTicks();
    canvas.chooseFont(font);
    return canvas;
  }

  /** Sets the axes of {@code panel} to the range of {@code metric} over the whole {@code run}. */
  private static void fixAxes(
      XYPanel panel,
      List<TrainingStep> run,
      java.util.function.ToDoubleFunction<TrainingStep> metric,
      boolean log) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (TrainingStep s : run) {
      double v = metric.applyAsDouble(s);
      if (!Double.isFinite(v) || (log && !(v > 0))) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    var styler = panel.getStyler();
    styler.setXAxisMin((double) run.get(0).step());
    styler.setXAxisMax((double) Math.max(run.get(run.size() - 1).step(), run.get(0).step() + 1));
    if (lo > hi) return; // nothing to show in this panel
    if (lo == hi) {
      lo = log ? lo / 2 : lo - 0.5;
      hi = log ? hi * 2 : hi + 0.5;
    }
    styler.setYAxisMin(lo);
    styler.setYAxisMax(hi);
  }

  private XYPanel panel(
      List<TrainingStep> data,
      String name,
      java.util.function.ToDoubleFunction<TrainingStep> metric,
      int colour,
      boolean log,
      int rows) {
    XYPanel panel = new XYPanel(width, height / rows);
    panel.setYAxisTitle(name);
    panel.setXAxisTitle("Step");
    panel.getStyler().setLegendVisible(false);
    double[] x = new double[data.size()];
    double[] y = new double[data.size()];
    int n = 0;
    for (TrainingStep s : data) {
      double v = metric.applyAsDouble(s);
      if (Double.isNaN(v) || (log && !(v > 0))) continue;
      x[n] = s.step();
      y[n] = v;
      n++;
    }
    if (n == 0) {
      // Nothing yet: an empty-looking series keeps XChart's axes valid.
      panel.line(name, new double[] {0}, new double[] {log ? 1 : 0}, Palette.series(colour), 0f);
      return panel;
    }
    panel.getStyler().setYAxisLogarithmic(log);
    panel.line(
        name,
        java.util.Arrays.copyOf(x, n),
        java.util.Arrays.copyOf(y, n),
        Palette.series(colour),
        1.8f);
    return panel;
  }

  /** Settings of a {@link TrainingMonitor}. */
  public static final class Builder {
    private String title = "Training";
    private int width = 900;
    private int height = 600;
    private String font;
    private int dpi = Export.BASE_DPI;
    private boolean logY;
    private Path file = Path.of("plots", "training.png");
    private Boolean live;
    private int saveEverySteps;
    private Duration saveEvery;

    private Builder() {}

    /**
     * The chart's title (default "Training"), also the window's.
     *
     * @param title the title, in any script
     * @return this builder
     */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /**
     * The chart's size in chart units (default 900 × 600), shared by the stacked panels.
     *
     * @param width the width, at least 50
     * @param height the height, at least 50
     * @return this builder
     * @throws IllegalArgumentException if {@code width} or {@code height} is less than 50
     */
    public Builder size(int width, int height) {
      if (width < 50 || height < 50) {
        throw new IllegalArgumentException(
            "size: width and height must be at least 50, got " + width + " x " + height);
      }
      this.width = width;
      this.height = height;
      return this;
    }

    /**
     * The preferred font family (see {@link FigureBuilder#font(String)}).
     *
     * @param family the font family name; null to let the monitor choose
     * @return this builder
     */
    public Builder font(String family) {
      this.font = family;
      return this;
    }

    /**
     * The resolution of the PNG written at the end (default 72).
     *
     * @param dpi dots per inch, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code dpi} is not positive
     */
    public Builder dpi(int dpi) {
      if (dpi <= 0) throw new IllegalArgumentException("dpi: must be positive, got " + dpi);
      this.dpi = dpi;
      return this;
    }

    /**
     * A logarithmic loss axis (non-positive losses are left out).
     *
     * @return this builder
     */
    public Builder logY() {
      this.logY = true;
      return this;
    }

    /**
     * Where the chart is written when training ends, and while it runs with {@link #saveEvery(int)}
     * (default plots/training.png); the extension picks the format, as for {@link
     * Figure#save(Path)}. The extension is checked now, so that a typo fails before training rather
     * than after it.
     *
     * @param file the file, ending in .png, .svg or .pdf
     * @return this builder
     * @throws NullPointerException if {@code file} is null
     * @throws IllegalArgumentException for an unsupported extension
     */
    public Builder saveTo(Path file) {
      Export.extension(Objects.requireNonNull(file, "file"));
      this.file = file;
      return this;
    }

    /**
     * Also writes the file every {@code steps} steps while training runs (default: only at the
     * end), for a headless run to leave a chart that follows it. Can be combined with {@link
     * #saveEvery(Duration)}: the file is written when either is due.
     *
     * @param steps the number of steps between writes, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code steps} is not positive
     */
    public Builder saveEvery(int steps) {
      if (steps <= 0) {
        throw new IllegalArgumentException("saveEvery: steps must be positive, got " + steps);
      }
      this.saveEverySteps = steps;
      return this;
    }

    /**
     * Also writes the file while training runs, at the first step reported once {@code interval}
     * has passed since the last write (or since {@link #build()}); there is no timer thread, so a
     * run that stops reporting steps stops writing.
     *
     * <pre>{@code
     * TrainingMonitor monitor = Plots.trainingMonitor()
     *     .saveTo(Path.of("plots/training.png"))
     *     .saveEvery(Duration.ofSeconds(10))
     *     .build();
     * }</pre>
     *
     * @param interval the least time between writes, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code interval} is zero or negative
     * @throws NullPointerException if {@code interval} is null
     */
    public Builder saveEvery(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("saveEvery: interval must be positive, got " + interval);
      }
      this.saveEvery = interval;
      return this;
    }

    /**
     * Whether to show a live window (default: when a display exists).
     *
     * @param live true to show one, false never to (for example in tests)
     * @return this builder
     * @throws IllegalStateException at {@link #build()} if true on a headless JVM
     */
    public Builder live(boolean live) {
      this.live = live;
      return this;
    }

    /**
     * The monitor; with a live window, the window opens now.
     *
     * @return a new monitor with no steps recorded
     * @throws IllegalStateException if a live window was requested and the JVM is headless
     */
    public TrainingMonitor build() {
      return new TrainingMonitor(this);
    }
  }
}
