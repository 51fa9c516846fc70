package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingMonitorTest {
  @Test
  void headlessMonitorWritesTheChartWhenTrainingEnds(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("run/training.png");
    TrainingListener listener;
    try (TrainingMonitor monitor =
        TrainingMonitor.builder().title("训练过程").saveTo(file).logY().build()) {
      listener = monitor;
      for (int step = 0; step < 60; step++) {
        double loss = 2 * Math.exp(-step / 15.0) + 0.05;
        listener.onStep(
            TrainingStep.of(step, loss)
                .withAccuracy(1 - loss / 2.2)
                .withLearningRate(0.1 * Math.pow(0.97, step)));
      }
      assertTrue(Files.notExists(file), "nothing is written before training ends");
      assertEquals(60, monitor.steps().size());

      Figure figure = monitor.figure();
      assertEquals(3, figure.charts().size(), "loss, accuracy and learning rate panels");
      BufferedImage image = Pixels.savePng(figure, "training-monitor");
      Pixels.assertSeriesVisible(figure, image, 20);
    }
    BufferedImage written = ImageIO.read(file.toFile());
    assertEquals(900, written.getWidth());
    assertEquals(600, written.getHeight());
  }

  @Test
  void lossOnlyMonitorHasOnePanel(@TempDir Path dir) {
    TrainingMonitor monitor = TrainingMonitor.builder().saveTo(dir.resolve("t.png")).build();
    monitor.onStep(0, 1.0);
    monitor.onStep(1, 0.5);
    assertEquals(1, monitor.figure().charts().size());
    monitor.onTrainingEnd();
    monitor.onTrainingEnd(); // once is enough; again does nothing
    assertTrue(Files.exists(dir.resolve("t.png")));
  }

  @Test
  void aLiveWindowNeedsADisplay() {
    var e =
        assertThrows(
            IllegalStateException.class, () -> TrainingMonitor.builder().live(true).build());
    assertTrue(e.getMessage().contains("headless"), e.getMessage());
  }

  @Test
  void anUnsupportedFileIsRejectedBeforeTraining() {
    assertThrows(
        IllegalArgumentException.class, () -> TrainingMonitor.builder().saveTo(Path.of("t.gif")));
  }

  private static double loss(int step) {
    return 2 * Math.exp(-step / 15.0) + 0.05;
  }

  /** The files in {@code dir}: the chart only, no temporary file left beside it. */
  private static List<String> files(Path dir) throws Exception {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Pixels of the loss curve's colour in {@code image}. */
  private static int curvePixels(BufferedImage image, Color colour) {
    return Pixels.count(
        image,
        new java.awt.geom.Rectangle2D.Double(0, 0, image.getWidth(), image.getHeight()),
        null,
        colour,
        40);
  }

  @Test
  void headlessRunWritesTheChartEveryNSteps(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("training.png");
    try (TrainingMonitor monitor =
        TrainingMonitor.builder().live(false).saveTo(file).saveEvery(10).build()) {
      Color colour = monitor.figure().charts().get(0).getSeries("Loss").getLineColor();
      for (int step = 0; step < 9; step++) monitor.onStep(step, loss(step));
      assertTrue(Files.notExists(file), "not before the 10th step");
      monitor.onStep(9, loss(9));
      assertEquals(List.of("training.png"), files(dir), "the chart, and nothing half-written");
      byte[] written10 = Files.readAllBytes(file);
      BufferedImage after10 = ImageIO.read(file.toFile());
      assertEquals(900, after10.getWidth());
      int early = curvePixels(after10, colour);
      assertTrue(early > 20, "the loss curve is drawn: " + early + " pixels");

      for (int step = 10; step < 19; step++) monitor.onStep(step, loss(step));
      assertArrayEquals(written10, Files.readAllBytes(file), "not rewritten before step 20");
      monitor.onStep(19, loss(19));
      BufferedImage after20 = ImageIO.read(file.toFile());
      assertFalse(Arrays.equals(pixels(after10), pixels(after20)), "rewritten at step 20");
      assertEquals(List.of("training.png"), files(dir));
    }
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  @Test
  void headlessRunWritesTheChartWhenTheIntervalHasPassed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.png");
    TrainingMonitor monitor =
        TrainingMonitor.builder().live(false).saveTo(file).saveEvery(Duration.ofMillis(1)).build();
    Thread.sleep(5);
    monitor.onStep(0, 1.0);
    assertTrue(Files.exists(file), "the first step after the interval writes the chart");
    assertEquals(900, ImageIO.read(file.toFile()).getWidth());
  }

  @Test
  void saveEveryNeedsAPositiveInterval() {
    var steps =
        assertThrows(IllegalArgumentException.class, () -> TrainingMonitor.builder().saveEvery(0));
    assertEquals("saveEvery: steps must be positive, got 0", steps.getMessage());
    var time =
        assertThrows(
            IllegalArgumentException.class,
            () -> TrainingMonitor.builder().saveEvery(Duration.ZERO));
    assertEquals("saveEvery: interval must be positive, got PT0S", time.getMessage());
  }

  @Test
  void theRunReplayedAsTheLossCurveGrowing(@TempDir Path dir) throws Exception {
    TrainingMonitor monitor = TrainingMonitor.builder().live(false).size(400, 300).build();
    for (int step = 0; step < 40; step++) monitor.onStep(step, loss(step));
    Animation animation = monitor.animation(4);
    var first = animation.frame(0).charts().get(0);
    var last = animation.frame(3).charts().get(0);
    assertEquals(10, first.getSeries("Loss").getXData().length);
    assertEquals(40, last.getSeries("Loss").getXData().length);
    // Every frame on the run's axes.
    assertEquals(0.0, first.getStyler().getXAxisMin());
    assertEquals(39.0, first.getStyler().getXAxisMax());
    assertEquals(loss(39), first.getStyler().getYAxisMin(), 1e-12);
    assertEquals(loss(0), first.getStyler().getYAxisMax(), 1e-12);

    Path file = dir.resolve("run.gif");
    animation.save(file);
    Movies.Gif gif = Movies.readGif(file);
    assertEquals(4, gif.frames().size());
    Color colour = last.getSeries("Loss").getLineColor();
    int[] drawn = new int[4];
    for (int i = 0; i < 4; i++) drawn[i] = curvePixels(gif.frames().get(i), colour);
    for (int i = 1; i < 4; i++) {
      assertTrue(drawn[i] > drawn[i - 1], "the curve grows: " + Arrays.toString(drawn));
    }
    var none =
        assertThrows(
            IllegalStateException.class,
            () -> TrainingMonitor.builder().live(false).build().animation(5));
    assertEquals("animation: no step recorded yet; call onStep first", none.getMessage());
  }
}
