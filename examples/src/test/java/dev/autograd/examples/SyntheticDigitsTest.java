package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.data.io.Idx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDigitsTest {
  static final int PIXELS = SyntheticDigits.SIZE * SyntheticDigits.SIZE;

  private static SyntheticDigits digits;
  private static SyntheticDigits.Samples train;

  @BeforeAll
  static void draw() {
    digits = SyntheticDigits.withInstalledFonts();
    train = digits.generate(600, 7, 0);
  }

  @Test
  void imagesAre28By28BytesWithALabelEach() {
    assertEquals(600, train.size());
    assertEquals(600 * PIXELS, train.images().length);
    int[] perClass = new int[10];
    for (byte label : train.labels()) perClass[label]++;
    // about 60 of each: every class is drawn
    for (int c = 0; c < 10; c++) assertTrue(perClass[c] > 30, "class " + c + ": " + perClass[c]);
  }

  @Test
  void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() {
    SyntheticDigits.Samples again = digits.generate(600, 7, 0);
    assertArrayEquals(train.images(), again.images());
    assertArrayEquals(train.labels(), again.labels());
    assertFalse(Arrays.equals(train.images(), digits.generate(600, 8, 0).images()));
    assertFalse(Arrays.equals(train.images(), digits.generate(600, 7, 1).images()), "test set");
    // image i does not depend on how many are drawn
    byte[] first = Arrays.copyOf(digits.generate(10, 7, 0).images(), 10 * PIXELS);
    assertArrayEquals(Arrays.copyOf(train.images(), 10 * PIXELS), first);
  }

  /** The mean image of each class, as doubles in [0, 1]. */
  static double[][] classMeans(SyntheticDigits.Samples s) {
    double[][] means = new double[10][PIXELS];
    int[] counts = new int[10];
    for (int i = 0; i < s.size(); i++) {
      int c = s.labels()[i];
      counts[c]++;
      for (int p = 0; p < PIXELS; p++) means[c][p] += (s.images()[i * PIXELS + p] & 0xff) / 255.0;
    }
    for (int c = 0; c < 10; c++) for (int p = 0; p < PIXELS; p++) means[c][p] /= counts[c];
    return means;
  }

  @Test
  void eachLabelMatchesWhatIsDrawn() {
    // The mean image of a class in one set is nearest to the same class's mean in another set:
    // a label that did not say which digit was drawn would leave the means alike.
    double[][] a = classMeans(train);
    double[][] b = classMeans(digits.generate(600, 99, 0));
    for (int c = 0; c < 10; c++) {
      int nearest = -1;
      double best = Double.POSITIVE_INFINITY;
      for (int d = 0; d < 10; d++) {
        double dist = 0;
        for (int p = 0; p < PIXELS; p++) dist += (a[c][p] - b[d][p]) * (a[c][p] - b[d][p]);
        if (dist < best) {
          best = dist;
          nearest = d;
        }
      }
      assertEquals(c, nearest, "the mean 'c' of one set is nearest to the mean 'c' of another");
    }
  }

  @Test
  void digitsAreInkOnBlackCentredByTheirMass() {
    for (int i = 0; i < train.size(); i++) {
      double m = 0;
      double mx = 0;
      double my = 0;
      int max = 0;
      int dark = 0;
      for (int p = 0; p < PIXELS; p++) {
        int v = train.images()[i * PIXELS + p] & 0xff;
        max = Math.max(max, v);
        if (v < 64) dark++;
        m += v;
        mx += v * (p % 28 + 0.5);
        my += v * (p / 28 + 0.5);
      }
      assertTrue(max > 200, "image " + i + " has ink: " + max);
      assertTrue(dark > PIXELS / 2, "image " + i + " is mostly background: " + dark);
      // centred by the centre of mass, then moved by at most 2 pixels (and rounded, and clipped)
      assertEquals(14, mx / m, 2.6, "image " + i + ": centre of mass x");
      assertEquals(14, my / m, 2.6, "image " + i + ": centre of mass y");
    }
  }

  @Test
  void oneFontIsEnoughAndNoneIsRefused() {
    SyntheticDigits one = new SyntheticDigits(List.of("SansSerif"), false);
    assertEquals(PIXELS * 5, one.generate(5, 1, 0).images().length);
    var e =
        assertThrows(IllegalArgumentException.class, () -> new SyntheticDigits(List.of(), true));
    assertTrue(e.getMessage().contains("font list is empty"), e.getMessage());
    assertFalse(SyntheticDigits.installedFonts().isEmpty());
  }

  @Test
  void writesMnistsFourFiles(@TempDir Path dir) throws Exception {
    digits.writeMnist(dir, 40, 20, 7);
    Tensor images = Idx.read(dir.resolve("train-images-idx3-ubyte"));
    assertArrayEquals(new int[] {40, 28, 28}, images.shape());
    double[] bytes = images.toDoubleArray();
    for (int i = 0; i < bytes.length; i++) assertEquals(train.images()[i] & 0xff, bytes[i]);
    Tensor labels = Idx.read(dir.resolve("train-labels-idx1-ubyte"));
    assertEquals(DType.INT64, labels.dtype());
    for (int i = 0; i < 40; i++) assertEquals(train.labels()[i], labels.toDoubleArray()[i]);
    assertArrayEquals(
        new int[] {20, 28, 28}, Idx.read(dir.resolve("t10k-images-idx3-ubyte")).shape());
    assertArrayEquals(new int[] {20}, Idx.read(dir.resolve("t10k-labels-idx1-ubyte")).shape());
    try (var files = Files.list(dir)) {
      assertEquals(4, files.count());
    }
  }
}
