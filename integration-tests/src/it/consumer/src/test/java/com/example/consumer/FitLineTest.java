package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.nn.Linear;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitLineTest {
  @TempDir Path dir;

  @Test
  void learnsTheLineAndSavesTheLossChart() throws Exception {
    Path chart = dir.resolve("charts/loss.png");
    Linear model = FitLine.fit(300, chart);
    assertEquals(2.0, model.weight().item(), 0.05);
    assertEquals(1.0, model.bias().item(), 0.05);
    assertTrue(Files.size(chart) > 0);
    BufferedImage image = ImageIO.read(chart.toFile());
    assertTrue(image.getWidth() > 100 && image.getHeight() > 100);
  }
}
