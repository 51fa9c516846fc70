package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.autograd.examples.DocSnippets.Compiled;
import dev.autograd.examples.DocSnippets.Program;
import dev.autograd.examples.DocSnippets.Snippet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Compiles and runs every {@code ```java} block of {@code README.md} and {@code docs/*.md} (see
 * {@link DocSnippets} for the conventions): one test per block, named after its file and line.
 */
class DocsSnippetsTest {
  private static Path work;
  private static List<Program> programs;
  private static Compiled compiled;

  /** The repository's root: the folder above this module that holds README.md and docs/. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("docs")) && Files.isRegularFile(dir.resolve("README.md"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("no folder with README.md and docs/ above " + Path.of(""));
  }

  /** README.md and the Markdown files of docs/, in name order. */
  static List<Path> markdownFiles() throws IOException {
    Path root = root();
    List<Path> files = new ArrayList<>();
    files.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  @BeforeAll
  static void compileAll() throws IOException {
    // The snippets run without a display, as in CI, whatever runs the test (the pom sets it too).
    System.setProperty("java.awt.headless", "true");
    Path root = root();
    List<Snippet> snippets = new ArrayList<>();
    for (Path file : markdownFiles()) {
      String name = root.relativize(file).toString().replace('\\', '/');
      snippets.addAll(DocSnippets.extract(name, Files.readString(file, StandardCharsets.UTF_8)));
    }
    programs = new ArrayList<>();
    for (int i = 0; i < snippets.size(); i++) programs.add(new Program(snippets.get(i), i));
    work = Files.createTempDirectory("doc-snippets");
    compiled = DocSnippets.compile(programs, work);
  }

  @AfterAll
  static void cleanUp() throws IOException {
    if (compiled != null && compiled.loader() instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
    if (work != null) {
      try (Stream<Path> all = Files.walk(work)) {
        all.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> everyJavaBlockCompilesAndRuns() {
    return programs.stream()
        .map(
            p ->
                DynamicTest.dynamicTest(
                    p.snippet.where(),
                    () -> {
                      List<String> errors = compiled.errors().get(p);
                      if (errors != null) {
                        fail("does not compile:\n" + String.join("\n", errors));
                      }
                      Path out =
                          Files.createDirectories(work.resolve("out").resolve(p.packageName));
                      try {
                        DocSnippets.run(p, compiled.loader(), out);
                      } catch (AssertionError e) {
                        throw e; // its message starts with the file and line
                      } catch (Exception e) {
                        throw new AssertionError(p.snippet.where() + ": " + e, e);
                      }
                    }));
  }

  @Test
  void everyChapterHasRunnableCode() throws IOException {
    Path docs = root().resolve("docs");
    for (Path file : markdownFiles()) {
      String name = file.getFileName().toString();
      if (file.getParent().equals(docs)
          && Set.of("README.md", "performance.md", "publishing.md").contains(name)) {
        continue; // the index, a chapter of prose and measurements, and one of the build
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      assertTrue(text.contains("```java"), file + " has no ```java block");
    }
    assertTrue(programs.size() >= 50, "java blocks found: " + programs.size());
  }
}
