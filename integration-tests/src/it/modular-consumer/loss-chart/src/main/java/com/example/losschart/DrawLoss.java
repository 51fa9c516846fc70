package com.example.losschart;

import com.example.fitline.FitLine;
import dev.autograd.plot.LossChart;
import dev.autograd.plot.Plots;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;

/** Saves the loss history of {@link FitLine#train} as a PNG, an SVG and a PDF chart. */
public final class DrawLoss {
  private DrawLoss() {}

  /**
   * Draws into folder {@code args[0]} and prints a line starting with "ok:", or exits with status 1
   * naming what was not as expected.
   */
  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args[0]);
    Path png = folder.resolve("loss.png");
    Path svg = folder.resolve("loss.svg");
    Path pdf = folder.resolve("loss.pdf");
    List<String> problems = new ArrayList<>();

    LossChart chart = Plots.lossHistory().title("y = 2x + 1").series("SGD", FitLine.train(50));
    chart.logY().save(png);
    chart.save(svg);
    chart.save(pdf);

    BufferedImage image = ImageIO.read(png.toFile());
    if (image == null || image.getWidth() < 100 || image.getHeight() < 100) {
      problems.add(png + " is not a chart-sized PNG");
    }
    String text = Files.readString(svg);
    // VectorGraphics2D draws the text as outlines too: the chart is paths.
    if (!text.contains("<svg") || !text.contains("<path")) {
      problems.add(svg + " is not an SVG drawing");
    }
    byte[] head = Files.readAllBytes(pdf);
    if (head.length < 5 || !new String(head, 0, 5, StandardCharsets.US_ASCII).equals("%PDF-")) {
      problems.add(pdf + " is not a PDF file");
    }

    Module plot = Plots.class.getModule();
    if (!"dev.autograd.plot".equals(plot.getName())) {
      problems.add("the library is not in module dev.autograd.plot");
    }
    if (plot.isExported("dev.autograd.plot.internal")) {
      problems.add("dev.autograd.plot.internal is exported");
    }
    // XChart's types are in dev.autograd.plot's API (Figure.charts()); it reaches this module
    // through dev.autograd.plot's `requires transitive`.
    Module xchart = XYChart.class.getModule();

    String summary =
        String.format(
            "loss-chart: %s %dx%d, %s and %s, library in module %s, XChart in %s module %s",
            png.getFileName(),
            image == null ? 0 : image.getWidth(),
            image == null ? 0 : image.getHeight(),
            svg.getFileName(),
            pdf.getFileName(),
            plot.getName(),
            xchart.getDescriptor() != null && xchart.getDescriptor().isAutomatic()
                ? "automatic"
                : "named",
            xchart.getName());
    if (problems.isEmpty()) {
      System.out.println("ok: " + summary);
    } else {
      System.out.println("FAILED: " + summary + ": " + String.join("; ", problems));
      System.exit(1);
    }
  }
}
