package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {

  @Test
  void theOutputFolderIsPlotsUnlessGiven() {
    assertEquals(Path.of("plots"), Launcher.parse(new String[0]).out());
    assertEquals(Path.of("a/b"), Launcher.parse(new String[] {"--out", "a/b"}).out());
    assertEquals(Path.of("a/b"), Launcher.parse(new String[] {"--out=a/b"}).out());
    assertEquals(Path.of("c"), Launcher.parse(new String[] {"-o", "c"}).out());
    Launcher.Options options = Launcher.parse(new String[] {"--thumbnails", "t", "--out", "o"});
    assertEquals(Path.of("o"), options.out());
    assertEquals(Path.of("t"), options.thumbnails());
    assertNull(Launcher.parse(new String[0]).thumbnails());
    assertTrue(Launcher.parse(new String[] {"--help"}).help());
    assertFalse(Launcher.parse(new String[0]).help());
  }

  @Test
  void wrongArgumentsAreNamed() {
    var unknown =
        assertThrows(IllegalArgumentException.class, () -> Launcher.parse(new String[] {"-x"}));
    assertTrue(unknown.getMessage().contains("'-x'"), unknown.getMessage());
    var missing =
        assertThrows(IllegalArgumentException.class, () -> Launcher.parse(new String[] {"--out"}));
    assertTrue(missing.getMessage().contains("--out"), missing.getMessage());
  }

  @Test
  void saysWhereTheFiguresWentAndWritesThumbnails(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("figures");
    Path thumbs = dir.resolve("thumbs");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int status =
        Launcher.run(
            "GradientDescent1D",
            new String[] {"--out", out.toString(), "--thumbnails", thumbs.toString()},
            GradientDescent1D::run,
            print,
            print);
    assertEquals(0, status);
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("1 figure in " + out.toAbsolutePath()), printed);
    assertTrue(printed.contains(GradientDescent1D.FIGURE), printed);
    ExampleRun.assertDrawn(out.resolve(GradientDescent1D.FIGURE));
    BufferedImage thumbnail = ImageIO.read(thumbs.resolve(GradientDescent1D.FIGURE).toFile());
    assertEquals(Launcher.THUMBNAIL_WIDTH, thumbnail.getWidth());
  }

  @Test
  void badArgumentsPrintTheUsageAndFail(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        Launcher.run(
            "Tour",
            new String[] {"--nope"},
            Tour::run,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, status);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: Tour [--out DIR]"));
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void helpPrintsTheUsage() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertEquals(0, Launcher.run("Tour", new String[] {"--help"}, (f, p) -> null, print, print));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--out DIR"));
  }

  static final java.util.List<Launcher.Option> EXTRA =
      java.util.List.of(
          new Launcher.Option("--mnist", "DIR", "read MNIST from DIR"),
          new Launcher.Option("--epochs", "N", "passes"));

  @Test
  void aProgramsOwnOptionsAreParsedWithTheSharedOnes() {
    Launcher.Options o =
        Launcher.parse(new String[] {"--mnist", "m", "--out", "o", "--epochs=3"}, EXTRA);
    assertEquals("m", o.value("--mnist"));
    assertEquals("3", o.value("--epochs"));
    assertEquals(Path.of("o"), o.out());
    assertNull(Launcher.parse(new String[0], EXTRA).value("--mnist"));
    var missing =
        assertThrows(
            IllegalArgumentException.class, () -> Launcher.parse(new String[] {"--mnist"}, EXTRA));
    assertEquals("--mnist needs a value, as in --mnist DIR", missing.getMessage());
    // another program's option is unknown here
    assertThrows(
        IllegalArgumentException.class, () -> Launcher.parse(new String[] {"--mnist", "m"}));
  }

  @Test
  void theUsageListsAProgramsOwnOptions() {
    String usage = Launcher.usage("Digits", EXTRA);
    assertTrue(
        usage.startsWith(
            "usage: Digits [--out DIR] [--thumbnails DIR] [--mnist DIR] [--epochs N]\n"),
        usage);
    assertTrue(usage.contains("\n  --mnist DIR        read MNIST from DIR\n"), usage);
    assertTrue(usage.contains("\n  --out DIR          the folder"), usage);
  }

  @Test
  void aValueTheProgramRefusesPrintsTheUsageAndFails() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        Launcher.run(
            "Digits",
            new String[] {"--epochs", "many"},
            EXTRA,
            options -> {
              throw new IllegalArgumentException("--epochs needs a whole number, got 'many'");
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, status);
    String printed = err.toString(StandardCharsets.UTF_8);
    assertTrue(printed.startsWith("Digits: --epochs needs a whole number, got 'many'"), printed);
    assertTrue(printed.contains("--epochs N"), printed);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }
}
