package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** An example run into a folder: what it printed and the files it wrote, with checks on both. */
record ExampleRun(String printed, List<Path> files) {

  /** Runs {@code example} into {@code folder}, capturing what it prints. */
  static ExampleRun of(Example example, Path folder) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Path> files;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      files = example.run(folder, out);
    }
    return new ExampleRun(bytes.toString(StandardCharsets.UTF_8), files);
  }

  /** The printed lines that contain {@code text}. */
  List<String> linesWith(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : printed.split("\\R")) if (line.contains(text)) lines.add(line);
    return lines;
  }

  /** The one printed line that contains {@code text}. */
  String lineWith(String text) {
    List<String> lines = linesWith(text);
    assertEquals(1, lines.size(), "lines with '" + text + "' in:\n" + printed);
    return lines.get(0);
  }

  /** Every number after {@code label} in the one printed line that contains it, in order. */
  double[] numbersAfter(String label) {
    String line = lineWith(label);
    return numbers(line.substring(line.indexOf(label) + label.length()));
  }

  /** Every number in {@code line}, in order (-1.5, 2e-3, 7.4e-07, ...). */
  static double[] numbers(String line) {
    Matcher m = Pattern.compile("[-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?").matcher(line);
    List<Double> values = new ArrayList<>();
    while (m.find()) values.add(Double.parseDouble(m.group()));
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The number printed right after {@code label} in {@code line}. */
  static double after(String line, String label) {
    int i = line.indexOf(label);
    assertTrue(i >= 0, "'" + label + "' in: " + line);
    return numbers(line.substring(i + label.length()))[0];
  }

  /** Asserts the example wrote exactly {@code names} into {@code folder}, each a drawn image. */
  void assertImages(Path folder, String... names) throws IOException {
    List<Path> expected = new ArrayList<>();
    for (String name : names) expected.add(folder.resolve(name));
    assertEquals(expected, files);
    for (Path file : files) assertDrawn(file);
  }

  /**
   * Asserts {@code file} is a PNG that ImageIO decodes and that something is drawn in the middle of
   * it, where the plot area is: many colours, not one.
   */
  static void assertDrawn(Path file) throws IOException {
    assertTrue(Files.isRegularFile(file), file + " exists");
    BufferedImage image = ImageIO.read(file.toFile());
    assertNotNull(image, file + " is an image ImageIO can decode");
    int w = image.getWidth();
    int h = image.getHeight();
    assertTrue(w >= 300 && h >= 200, file + " is " + w + " x " + h);
    Set<Integer> colours = new HashSet<>();
    for (int y = h / 5; y < 4 * h / 5; y++) {
      for (int x = w / 5; x < 4 * w / 5; x++) colours.add(image.getRGB(x, y) & 0xffffff);
    }
    assertTrue(colours.size() > 10, file + " has " + colours.size() + " colours in its middle");
  }
}
