package dev.autograd.data;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The tasks of {@link Progress}: counts, rate, ETA and fields formatted as a line or a bar, given
 * to a sink at most once per interval, and once at the end. The clock is a parameter so that tests
 * can step it.
 */
final class ProgressReporter implements Progress.Task {
  static final Progress NONE =
      (label, total, unit) -> {
        check(label, total, unit);
        return new ProgressReporter(label, total, unit, null, false, 0, () -> 0);
      };

  /** A bar is redrawn at most this often, so that a fast loop does not spend its time printing. */
  static final long BAR_REDRAW_NANOS = 100_000_000L;

  private static final int BAR_WIDTH = 20;

  private final String label;
  private final long total;
  private final String unit;
  private final Consumer<String> sink; // null: report nothing
  private final boolean bar;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final long startNanos;
  private final Map<String, Double> fields = new LinkedHashMap<>();
  private long count;
  private long lastReport;
  private int barLength; // of the bar last drawn
  private boolean closed;

  private ProgressReporter(
      String label,
      long total,
      String unit,
      Consumer<String> sink,
      boolean bar,
      long intervalNanos,
      LongSupplier clock) {
    this.label = label;
    this.total = total;
    this.unit = unit;
    this.sink = sink;
    this.bar = bar;
    this.intervalNanos = intervalNanos;
    this.clock = clock;
    this.startNanos = clock.getAsLong();
    this.lastReport = startNanos;
  }

  static long nanos(String call, Duration interval) {
    Checks.nonNull(call, "interval", interval);
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(call + ": interval should be positive, got " + interval);
    }
    return interval.toNanos();
  }

  /** Lines given to {@code sink} every {@code intervalNanos} of {@code clock}, and at the end. */
  static Progress lines(Consumer<String> sink, long intervalNanos, LongSupplier clock) {
    return (label, total, unit) -> {
      check(label, total, unit);
      return new ProgressReporter(label, total, unit, sink, false, intervalNanos, clock);
    };
  }

  /** A bar redrawn in place on a terminal, otherwise lines. */
  static Progress console(PrintStream out, long intervalNanos, boolean terminal) {
    return console(out, intervalNanos, terminal, System::nanoTime);
  }

  static Progress console(
      PrintStream out, long intervalNanos, boolean terminal, LongSupplier clock) {
    if (!terminal) return lines(out::println, intervalNanos, clock);
    return (label, total, unit) -> {
      check(label, total, unit);
      Consumer<String> draw =
          text -> {
            out.print(text);
            out.flush(); // a PrintStream flushes by itself only at a newline
          };
      ProgressReporter r =
          new ProgressReporter(label, total, unit, draw, true, BAR_REDRAW_NANOS, clock);
      r.report(r.startNanos, false); // the bar appears at once
      return r;
    };
  }

  private static void check(String label, long total, String unit) {
    Checks.nonNull("Progress.start", "label", label);
    Checks.nonNull("Progress.start", "unit", unit);
    if (total < 0) {
      throw new IllegalArgumentException(
          "Progress.start: total should be 0 (unknown) or more, got " + total);
    }
  }

  @Override
  public Progress.Task step(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("Progress.Task.step: n should be 0 or more, got " + n);
    }
    if (closed) {
      throw new IllegalStateException(
          "Progress.Task.step: the task '" + label + "' is closed; start a new one");
    }
    count += n;
    if (sink != null) {
      long now = clock.getAsLong();
      if (now - lastReport >= intervalNanos) report(now, false);
    }
    return this;
  }

  @Override
  public Progress.Task set(String name, double value) {
    Checks.nonNull("Progress.Task.set", "name", name);
    fields.put(name, value);
    return this;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    if (sink != null) report(clock.getAsLong(), true);
  }

  private void report(long now, boolean done) {
    lastReport = now;
    if (!bar) {
      sink.accept(line(now, done));
      return;
    }
    String text = bar(now, done);
    // spaces over what is left of a longer previous bar
    String padded = text + " ".repeat(Math.max(0, barLength - text.length()));
    barLength = text.length();
    sink.accept("\r" + padded + (done ? System.lineSeparator() : ""));
  }

  /** {@code label: 120/469 batches (25.6%), 41.3 batches/s, elapsed 0:02, ETA 0:08, loss 0.3124} */
  String line(long now, boolean done) {
    StringBuilder s = new StringBuilder(label).append(": ").append(count);
    if (total > 0) s.append('/').append(total);
    s.append(' ').append(unit);
    if (total > 0) s.append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * count / total));
    appendTimes(s, now, done);
    appendFields(s);
    return s.toString();
  }

  /** {@code label 25% |##### | 120/469 batches, 41.3 batches/s, ETA 0:08} */
  String bar(long now, boolean done) {
    StringBuilder s = new StringBuilder(label).append(' ');
    if (total > 0) {
      double fraction = Math.min(1, (double) count / total);
      int filled = (int) Math.floor(fraction * BAR_WIDTH);
      s.append(String.format(Locale.ROOT, "%3d%% |", (int) Math.floor(100 * fraction)))
          .append("#".repeat(filled))
          .append(" ".repeat(BAR_WIDTH - filled))
          .append("| ")
          .append(count)
          .append('/')
          .append(total);
    } else {
      s.append(count);
    }
    s.append(' ').append(unit);
    appendTimes(s, now, done);
    appendFields(s);
    return s.toString();
  }

  private void appendTimes(StringBuilder s, long now, boolean done) {
    double seconds = (now - startNanos) / 1e9;
    double rate = seconds > 0 ? count / seconds : Double.NaN;
    if (!Double.isNaN(rate))
      s.append(", ").append(rate(rate)).append(' ').append(unit).append("/s");
    s.append(", elapsed ").append(duration(seconds));
    if (done) {
      s.append(total > 0 && count < total ? ", stopped" : ", done");
    } else if (total > 0 && count > 0 && rate > 0) {
      s.append(", ETA ").append(duration(Math.max(0, total - count) / rate));
    }
  }

  private void appendFields(StringBuilder s) {
    for (Map.Entry<String, Double> f : fields.entrySet()) {
      s.append(", ").append(f.getKey()).append(' ');
      s.append(String.format(Locale.ROOT, "%.4g", f.getValue()));
    }
  }

  /** Three significant digits or more: 1234, 41.3, 0.25. */
  static String rate(double rate) {
    if (rate >= 100) return String.format(Locale.ROOT, "%.0f", rate);
    if (rate >= 10) return String.format(Locale.ROOT, "%.1f", rate);
    return String.format(Locale.ROOT, "%.2f", rate);
  }

  /** m:ss, or h:mm:ss from an hour. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
        : String.format(Locale.ROOT, "%d:%02d", m, sec);
  }
}
