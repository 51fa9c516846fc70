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
}
