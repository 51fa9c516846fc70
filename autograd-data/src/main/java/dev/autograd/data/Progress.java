package dev.autograd.data;

import java.io.PrintStream;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Where long work reports how far it is: a count of steps with its rate and the time left (ETA), as
 * a console progress bar, periodic lines on a stream, periodic SLF4J log lines, or nothing ({@link
 * #none()}, the default of the library's loops). The examples turn it on; a library never prints
 * unless asked.
 *
 * <p>Each piece of work is a {@link Task}: {@link #start(String, long, String)} opens it with a
 * label, the total number of steps (0 when unknown) and their unit, {@link Task#step(long)} counts
 * steps, {@link Task#set(String, double)} adds a field such as the loss, and {@link Task#close()}
 * reports the end. A line reads
 *
 * <pre>{@code
 * train: 120/469 batches (25.6%), 41.3 batches/s, elapsed 0:02, ETA 0:08, loss 0.3124
 * }</pre>
 *
 * <p>the rate being the steps so far over the time since the start, and the ETA the steps left at
 * that rate. Numbers are formatted in {@link java.util.Locale#ROOT}, the same on every machine.
 *
 * <pre>{@code
 * Progress progress = Progress.console();
 * DataLoader<List<Tensor>, List<Tensor>> loader =
 *     DataLoader.builder(data).batchSize(64).progress(progress).build(); // a bar per epoch
 * try (Progress.Task task = progress.start("train", 10 * loader.size(), "steps")) {
 *   for (int epoch = 0; epoch < 10; epoch++) {
 *     for (List<Tensor> batch : loader) {
 *       double loss = trainStep(batch);
 *       task.set("loss", loss).step(1);
 *     }
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Progress {
  /**
   * Opens a piece of work.
   *
   * @param label what the work is, at the start of each line
   * @param total the number of steps it takes, or 0 when unknown (then no percentage or ETA)
   * @param unit the name of a step, plural: "batches", "steps"
   * @return the task, to be closed when the work ends
   * @throws IllegalArgumentException if {@code label} or {@code unit} is null or {@code total} is
   *     negative
   */
  Task start(String label, long total, String unit);

  /**
   * No report at all: the default.
   *
   * @return a progress whose tasks print nothing
   */
  static Progress none() {
    return ProgressReporter.NONE;
  }

  /**
   * A progress bar on {@link System#err} redrawn in place (at most 10 times a second) when the
   * program runs in a terminal ({@link System#console()} is not null), otherwise (output redirected
   * to a file or a build log) a line every 10 seconds and one at the end.
   *
   * @return a console progress
   */
  static Progress console() {
    return console(System.err, Duration.ofSeconds(10));
  }

  /**
   * A progress bar on {@code out} redrawn in place when the program runs in a terminal ({@link
   * System#console()} is not null), otherwise a line on {@code out} every {@code interval} and one
   * at the end.
   *
   * @param out the stream written
   * @param interval the time between two lines when there is no terminal, positive
   * @return a console progress
   * @throws IllegalArgumentException if an argument is null or {@code interval} is not positive
   */
  static Progress console(PrintStream out, Duration interval) {
    Checks.nonNull("Progress.console", "out", out);
    return ProgressReporter.console(
        out, ProgressReporter.nanos("Progress.console", interval), System.console() != null);
  }

  /**
   * An INFO line on {@code logger} every {@code interval} and one at the end of each task.
   *
   * <pre>{@code
   * Progress progress = Progress.log(LoggerFactory.getLogger("train"), Duration.ofSeconds(30));
   * }</pre>
   *
   * @param logger the SLF4J logger
   * @param interval the time between two lines, positive
   * @return a logging progress
   * @throws IllegalArgumentException if an argument is null or {@code interval} is not positive
   */
  static Progress log(Logger logger, Duration interval) {
    Checks.nonNull("Progress.log", "logger", logger);
    return ProgressReporter.lines(
        logger::info, ProgressReporter.nanos("Progress.log", interval), System::nanoTime);
  }

  /**
   * One piece of work being reported, used from one thread.
   *
   * <pre>{@code
   * try (Progress.Task task = progress.start("epoch 3", loader.size(), "batches")) {
   *   for (List<Tensor> batch : loader) task.set("loss", step(batch)).step(1);
   * }
   * }</pre>
   */
  interface Task extends AutoCloseable {
    /**
     * Counts {@code n} more steps done, reporting when the interval has passed since the last
     * report.
     *
     * @param n the steps done since the last call, 0 or more
     * @return this task
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws IllegalStateException if the task is closed
     */
    Task step(long n);

    /**
     * Sets a field shown after the counts in the next reports, such as the loss; a field set again
     * keeps its place.
     *
     * @param name the field's name
     * @param value its value, shown with 4 significant digits
     * @return this task
     * @throws IllegalArgumentException if {@code name} is null
     */
    Task set(String name, double value);

    /**
     * The steps counted so far.
     *
     * @return the count
     */
    long count();

    /**
     * Ends the task with a last report (the end of a bar, or a last line), which says {@code done},
     * or {@code stopped} when fewer steps than the total were counted; then does nothing.
     */
    @Override
    void close();
  }
}
