package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
