package dev.autograd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    return names("");
  }

  @Test
  void writesTheContentAndCreatesParentFolders() throws IOException {
    Path file = dir.resolve("a/b/out.txt");
    AtomicFiles.write(file, out -> out.write("hello".getBytes(StandardCharsets.UTF_8)));
    assertEquals("hello", Files.readString(file));
  }

  @Test
  void writerThatFailsHalfwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path file = dir.resolve("out.txt");
    Files.writeString(file, "old");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    file,
                    out -> {
                      out.write("half of the new".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }));
    assertEquals("disk full", e.getMessage());
    assertEquals("old", Files.readString(file));
    assertEquals(List.of("out.txt"), names());
  }

  @Test
  void writerThatClosesTheStreamStillProducesTheWholeFile() throws IOException {
    Path file = dir.resolve("out.txt");
    AtomicFiles.write(
        file,
        out -> {
          out.write("closed early".getBytes(StandardCharsets.UTF_8));
          out.close();
        });
    assertEquals("closed early", Files.readString(file));
    assertEquals(List.of("out.txt"), names());
  }

  private static void writeText(Path file, String text) throws IOException {
    AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** The name a killed write to {@code file} leaves: the pattern of the class description. */
  private static Path leftover(Path file, String hex) {
    return file.resolveSibling("." + file.getFileName() + "." + hex + ".agtmp");
  }

  @Test
  void aNewFileGetsTheModeTheUmaskGivesNewFiles() throws IOException {
    Path reference = Files.createFile(dir.resolve("reference")); // 0666 & ~umask
    Path file = dir.resolve("new.txt");
    writeText(file, "x");
    assertEquals(mode(reference), mode(file));
  }

  @Test
  void replacingAFileKeepsItsMode() throws IOException {
    for (String mode : List.of("rw-r--r--", "rw-rw----", "rw-------", "r--r--r--")) {
      Path file = dir.resolve("kept-" + mode.replace('-', '_'));
      Files.writeString(file, "old");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
      writeText(file, "new");
      assertEquals("new", Files.readString(file));
      assertEquals(mode, mode(file));
    }
  }

  @Test
  void writingThroughASymbolicLinkReplacesTheFileItPointsTo() throws IOException {
    Path real = Files.createDirectories(dir.resolve("real")).resolve("model.bin");
    Files.writeString(real, "old");
    Path absolute = Files.createSymbolicLink(dir.resolve("absolute"), real);
    Path relative = Files.createSymbolicLink(dir.resolve("relative"), Path.of("real/model.bin"));
    Path chain = Files.createSymbolicLink(dir.resolve("chain"), Path.of("relative"));
    for (Path link : List.of(absolute, relative, chain)) {
      writeText(link, "through " + link.getFileName());
      assertTrue(Files.isSymbolicLink(link), link + " is still a link");
      assertEquals("through " + link.getFileName(), Files.readString(real));
    }
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), Path.of("real/later.bin"));
    writeText(dangling, "created");
    assertTrue(Files.isSymbolicLink(dangling));
    assertEquals("created", Files.readString(dir.resolve("real/later.bin")));
    assertEquals(List.of("model.bin", "later.bin").stream().sorted().toList(), names("real"));
  }

  @Test
  void aLoopOfSymbolicLinksIsRefused() throws IOException {
    Path a = dir.resolve("a");
    Files.createSymbolicLink(a, Path.of("b"));
    Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));
    IOException e = assertThrows(IOException.class, () -> writeText(a, "x"));
    assertTrue(e.getMessage().contains("symbolic links"), e.getMessage());
  }

  private List<String> names(String folder) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve(folder))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aWriteRemovesWhatKilledWritesToTheSameFileLeft() throws IOException {
    Path file = dir.resolve("out.txt");
    // as a save killed mid-write leaves them: unlocked, named for the file, with half a content
    Files.writeString(leftover(file, "0123456789abcdef"), "half");
    Files.writeString(leftover(file, "fedcba9876543210"), "half");
    // not leftovers of out.txt: another file's, and names of the user's
    Path others = leftover(dir.resolve("other.txt"), "0123456789abcdef");
    Files.writeString(others, "x");
    Files.writeString(dir.resolve(".out.txt.notes.agtmp"), "x");
    Files.writeString(dir.resolve(".out.txt.swp"), "x");
    writeText(file, "whole");
    assertEquals("whole", Files.readString(file));
    assertEquals(
        List.of(
            ".other.txt.0123456789abcdef.agtmp", ".out.txt.notes.agtmp", ".out.txt.swp", "out.txt"),
        names());
  }

  @Test
  void removingLeftoversSparesTheTemporaryFileOfAWriteInProgressInThisProcess() throws IOException {
    Path file = dir.resolve("out.txt");
    AtomicFiles.write(
        file,
        out -> {
          out.write("first ".getBytes(StandardCharsets.UTF_8));
          AtomicFiles.removeStaleTemporaryFiles(file); // a load of the same file meanwhile
          writeText(file, "inner"); // and a save of it, which removes leftovers first
          out.write("half".getBytes(StandardCharsets.UTF_8));
        });
    assertEquals("first half", Files.readString(file));
    assertEquals(List.of("out.txt"), names());
  }

  @Test
  void removingLeftoversSparesATemporaryFileLockedByAWriterInAnotherProcess() throws Exception {
    Path file = dir.resolve("out.txt");
    Path held = leftover(file, "00112233445566aa");
    Files.writeString(held, "being written");
    Path locker = dir.resolve("Locker.java");
    Files.writeString(
        locker,
        "import java.nio.channels.FileChannel; import java.nio.file.*;\n"
            + "public class Locker { public static void main(String[] a) throws Exception {\n"
            + "  try (FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE)) {\n"
            + "    c.lock(); System.out.println(\"locked\"); System.out.flush();\n"
            + "    System.in.read(); } } }\n");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), locker.toString(), held.toString()).start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", out.readLine());
      writeText(file, "x");
      assertTrue(Files.exists(held), "the file a live writer holds was removed");
    } finally {
      p.getOutputStream().close();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    writeText(file, "y"); // its writer is gone: now it is a leftover
    assertFalse(Files.exists(held));
  }
}
