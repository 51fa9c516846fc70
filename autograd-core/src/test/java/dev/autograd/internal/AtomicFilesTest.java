package dev.autograd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
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
}
