package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.data.io.Idx;
import dev.autograd.data.io.IdxType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Digits program at a reduced size: 3,000 generated training images, 1,000 test images, 2
 * epochs (seconds, where the full program takes a minute or two).
 */
class DigitsTest {
  /** At this size seeds 1 to 6 reached 94.2 to 95.8% test accuracy; the bound leaves a margin. */
  static final double MIN_ACCURACY = 90;

  static final Digits.Config REDUCED =
      Digits.Config.defaults().withSize(3000, 1000, 2).withoutWindow();

  @TempDir static Path dir;
  private static ExampleRun run;

  @BeforeAll
  static void runOnce() throws Exception {
    run = ExampleRun.of((folder, print) -> Digits.run(REDUCED, folder, print), dir);
  }

  @Test
  void reachesTheAccuracyOfItsSize() {
    double accuracy = run.numbersAfter("test accuracy:")[0];
    assertTrue(accuracy >= MIN_ACCURACY, "test accuracy " + accuracy + "%\n" + run.printed());
    assertTrue(run.lineWith("test images of").startsWith("3000 training and 1000 test images"));
  }

  @Test
  void printsEachEpochsLossAndAccuracies() {
    assertEquals(2, run.linesWith("epoch ").size(), run.printed());
    double[] first = ExampleRun.numbers(run.lineWith("epoch 1/2"));
    double[] second = ExampleRun.numbers(run.lineWith("epoch 2/2"));
    // epoch, epochs, loss, train accuracy, test accuracy, seconds
    assertTrue(second[2] < first[2], "the training loss falls: " + first[2] + " -> " + second[2]);
    assertEquals(second[4], run.numbersAfter("test accuracy:")[0], 1e-9);
    assertTrue(run.lineWith("wall time:").matches("wall time: [0-9.]+ s .*"), run.printed());
  }

  @Test
  void drawsItsFourFigures() throws Exception {
    run.assertImages(
        dir,
        Digits.TRAINING_FIGURE,
        Digits.CONFUSION_FIGURE,
        Digits.PREDICTIONS_FIGURE,
        Digits.FILTERS_FIGURE);
  }

  @Test
  void leavesNoGeneratedFilesBehind() throws Exception {
    try (var files = Files.list(dir)) {
      assertEquals(4, files.count(), "only the figures");
    }
  }

  /** What a run printed, without the times, which differ between runs. */
  static String withoutTimes(String printed) {
    return printed.replaceAll("[0-9.]+ s\\b", "T s");
  }

  @Test
  void theSameSeedPrintsTheSame(@TempDir Path a, @TempDir Path b) throws Exception {
    Digits.Config tiny = Digits.Config.defaults().withSize(640, 200, 1).withoutWindow();
    ExampleRun first = ExampleRun.of((folder, print) -> Digits.run(tiny, folder, print), a);
    ExampleRun second = ExampleRun.of((folder, print) -> Digits.run(tiny, folder, print), b);
    assertEquals(withoutTimes(first.printed()), withoutTimes(second.printed()));
  }

  @Test
  void readsMnistsFilesFromAFolder(@TempDir Path mnist, @TempDir Path out) throws Exception {
    SyntheticDigits.withInstalledFonts().writeMnist(mnist, 640, 200, 3);
    Digits.Config config =
        new Digits.Config(0, 0, 1, 64, 2e-3, 1, mnist, null, false); // sizes from the files
    ExampleRun read = ExampleRun.of((folder, print) -> Digits.run(config, folder, print), out);
    assertTrue(read.printed().contains("reading MNIST from " + mnist), read.printed());
    assertTrue(read.lineWith("test images of").startsWith("640 training and 200 test images"));
  }

  @Test
  void aFolderWithoutMnistsFilesIsNamed(@TempDir Path empty) {
    Digits.Config config = new Digits.Config(0, 0, 1, 64, 2e-3, 1, empty, null, false);
    var e = assertThrows(IllegalArgumentException.class, () -> Digits.load(config, System.out));
    assertTrue(e.getMessage().contains("has neither train-images-idx3-ubyte nor"), e.getMessage());
  }

  @Test
  void theCommandLineSetsTheConfig() {
    Digits.Config c =
        Digits.Config.of(
            Launcher.parse(
                new String[] {"--train", "500", "--epochs", "1", "--seed", "9", "--mnist", "m"},
                Digits.OPTIONS));
    assertEquals(500, c.train());
    assertEquals(Digits.Config.defaults().test(), c.test());
    assertEquals(1, c.epochs());
    assertEquals(9, c.seed());
    assertEquals(Path.of("m"), c.mnist());
    var word =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Digits.Config.of(Launcher.parse(new String[] {"--train", "many"}, Digits.OPTIONS)));
    assertEquals("--train needs a whole number, got 'many'", word.getMessage());
    var zero =
        assertThrows(
            IllegalArgumentException.class,
            () -> Digits.Config.of(Launcher.parse(new String[] {"--epochs=0"}, Digits.OPTIONS)));
    assertEquals("--epochs needs a number from 1 to 1000000, got 0", zero.getMessage());
  }

  @Test
  void filesThatAreNotMnistsDigitsAreRefused(@TempDir Path folder) throws Exception {
    Tensor small = Tensor.zeros(DType.INT64, 5, 8, 8);
    Tensor labels = Tensor.of(new long[] {0, 1, 2, 3, 12});
    for (String prefix : new String[] {"train", "t10k"}) {
      Idx.write(folder.resolve(prefix + "-images-idx3-ubyte"), small, IdxType.UINT8);
      Idx.write(folder.resolve(prefix + "-labels-idx1-ubyte"), labels, IdxType.UINT8);
    }
    var shape = assertThrows(IllegalArgumentException.class, () -> Digits.read(folder));
    assertTrue(shape.getMessage().contains("holds images of shape [5, 8, 8]"), shape.getMessage());
    Tensor images = Tensor.zeros(DType.INT64, 5, 28, 28);
    Idx.write(folder.resolve("train-images-idx3-ubyte"), images, IdxType.UINT8);
    var label = assertThrows(IllegalArgumentException.class, () -> Digits.read(folder));
    assertTrue(
        label.getMessage().contains("holds labels from 0 to 12; expected the digits 0 to 9"),
        label.getMessage());
  }
}
