package dev.autograd.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  static final long SECOND = 1_000_000_000L;

  /** A clock the test sets. */
  static final class Clock {
    final AtomicLong nanos = new AtomicLong();

    long now() {
      return nanos.get();
    }

    void at(double seconds) {
      nanos.set(Math.round(seconds * SECOND));
    }
  }

  @Test
  void linesReportCountsRateEtaAndFieldsOncePerInterval() {
    Clock clock = new Clock();
    List<String> lines = new ArrayList<>();
    Progress p = ProgressReporter.lines(lines::add, 10 * SECOND, clock::now);
    Progress.Task task = p.start("train", 100, "batches");
    clock.at(1);
    task.step(10);
    assertEquals(List.of(), lines, "the interval has not passed");
    clock.at(10);
    task.set("loss", 0.312345).step(10);
    clock.at(15);
    task.step(5); // within the interval of the last line
    clock.at(20);
    task.set("loss", 0.25).set("accuracy", 0.9).step(15);
    clock.at(50);
    task.step(60);
    task.close();
    task.close(); // once
    assertEquals(
        List.of(
            "train: 20/100 batches (20.0%), 2.00 batches/s, elapsed 0:10, ETA 0:40, loss 0.3123",
            "train: 40/100 batches (40.0%), 2.00 batches/s, elapsed 0:20, ETA 0:30, loss 0.2500,"
                + " accuracy 0.9000",
            "train: 100/100 batches (100.0%), 2.00 batches/s, elapsed 0:50, ETA 0:00, loss 0.2500,"
                + " accuracy 0.9000",
            "train: 100/100 batches (100.0%), 2.00 batches/s, elapsed 0:50, done, loss 0.2500,"
                + " accuracy 0.9000"),
        lines);
  }

  @Test
  void anUnknownTotalHasNoPercentageOrEtaAndLongTimesShowHours() {
    Clock clock = new Clock();
    List<String> lines = new ArrayList<>();
    Progress.Task task =
        ProgressReporter.lines(lines::add, SECOND, clock::now).start("io", 0, "files");
    clock.at(4);
    task.step(1);
    clock.at(2 * 3600 + 5 * 60 + 7);
    task.step(30_000);
    assertEquals(
        List.of(
            "io: 1 files, 0.25 files/s, elapsed 0:04",
            "io: 30001 files, 4.00 files/s, elapsed 2:05:07"),
        lines);
  }

  @Test
  void numbersAreFormattedInTheRootLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY); // a decimal comma
      Clock clock = new Clock();
      List<String> lines = new ArrayList<>();
      Progress.Task task =
          ProgressReporter.lines(lines::add, SECOND, clock::now).start("x", 3, "steps");
      clock.at(2);
      task.set("loss", 1.5).step(1);
      assertEquals(
          "x: 1/3 steps (33.3%), 0.50 steps/s, elapsed 0:02, ETA 0:04, loss 1.500", lines.get(0));
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlace() {
    Clock clock = new Clock();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Progress.Task task =
        ProgressReporter.console(out, 10 * SECOND, true, clock::now).start("epoch", 40, "batches");
    clock.at(0.05);
    task.step(1); // too soon after the first drawing to redraw
    clock.at(2);
    task.step(9);
    clock.at(4);
    task.step(30);
    task.close();
    String nl = System.lineSeparator();
    assertEquals(
        "\repoch   0% |                    | 0/40 batches, elapsed 0:00"
            + "\repoch  25% |#####               | 10/40 batches, 5.00 batches/s, elapsed 0:02, ETA"
            + " 0:06"
            + "\repoch 100% |####################| 40/40 batches, 10.0 batches/s, elapsed 0:04, ETA"
            + " 0:00"
            + "\repoch 100% |####################| 40/40 batches, 10.0 batches/s, elapsed 0:04,"
            + " done    " // spaces over the end of the longer bar before
            + nl,
        bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void withoutATerminalTheConsolePrintsLines() {
    Clock clock = new Clock();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Progress.Task task =
        ProgressReporter.console(out, 10 * SECOND, false, clock::now).start("epoch", 4, "batches");
    clock.at(1);
    task.step(4);
    task.close();
    String nl = System.lineSeparator();
    assertEquals(
        "epoch: 4/4 batches (100.0%), 4.00 batches/s, elapsed 0:01, done" + nl,
        bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aLoaderReportsEachEpochsBatches() {
    AtomicLong seconds = new AtomicLong();
    List<String> lines = new ArrayList<>();
    // every read of the clock is one second later; an interval of 1 ns reports every batch
    Progress every =
        ProgressReporter.lines(lines::add, 1, () -> seconds.getAndIncrement() * SECOND);
    for (int workers : new int[] {0, 2}) {
      lines.clear();
      seconds.set(0);
      DataLoader<List<Tensor>, List<Tensor>> loader =
          DataLoader.builder(DataLoaderTest.pairs(5))
              .batchSize(2)
              .numWorkers(workers)
              .progress(every)
              .build();
      for (List<Tensor> b : loader) assertTrue(b.size() == 2);
      assertEquals(
          List.of(
              "DataLoader epoch 0: 1/3 batches (33.3%), 1.00 batches/s, elapsed 0:01, ETA 0:02",
              "DataLoader epoch 0: 2/3 batches (66.7%), 1.00 batches/s, elapsed 0:02, ETA 0:01",
              "DataLoader epoch 0: 3/3 batches (100.0%), 1.00 batches/s, elapsed 0:03, ETA 0:00",
              "DataLoader epoch 0: 3/3 batches (100.0%), 0.75 batches/s, elapsed 0:04, done"),
          lines,
          workers + " workers");
      // an epoch closed early ends its report there, as stopped
      lines.clear();
      seconds.set(0);
      try (DataLoader.Epoch<List<Tensor>> epoch = loader.iterator()) {
        epoch.next();
      }
      assertEquals(
          List.of(
              "DataLoader epoch 1: 1/3 batches (33.3%), 1.00 batches/s, elapsed 0:01, ETA 0:02",
              "DataLoader epoch 1: 1/3 batches (33.3%), 0.50 batches/s, elapsed 0:02, stopped"),
          lines);
    }
  }

  @Test
  void nothingIsPrintedByDefault() {
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try {
      System.setOut(capture);
      System.setErr(capture);
      for (int workers : new int[] {0, 2}) {
        DataLoader<List<Tensor>, List<Tensor>> loader =
            DataLoader.builder(DataLoaderTest.pairs(9)).batchSize(2).numWorkers(workers).build();
        for (int e = 0; e < 2; e++) for (List<Tensor> b : loader) assertTrue(b.size() == 2);
      }
      try (Progress.Task t = Progress.none().start("quiet", 10, "steps")) {
        t.set("loss", 1).step(10);
      }
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
    assertEquals("", bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void badArgumentsAreRejectedNamingTheCall() {
    Progress p = ProgressReporter.lines(s -> {}, SECOND, () -> 0);
    assertEquals(
        "Progress.start: total should be 0 (unknown) or more, got -1",
        assertThrows(IllegalArgumentException.class, () -> p.start("x", -1, "steps")).getMessage());
    Progress.Task t = p.start("x", 1, "steps");
    assertEquals(
        "Progress.Task.step: n should be 0 or more, got -2",
        assertThrows(IllegalArgumentException.class, () -> t.step(-2)).getMessage());
    t.close();
    assertEquals(
        "Progress.Task.step: the task 'x' is closed; start a new one",
        assertThrows(IllegalStateException.class, () -> t.step(1)).getMessage());
    assertEquals(
        "Progress.log: interval should be positive, got PT0S",
        assertThrows(
                IllegalArgumentException.class,
                () -> Progress.log(org.slf4j.LoggerFactory.getLogger("x"), Duration.ZERO))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Progress.console(null, Duration.ofSeconds(1)));
  }
}
