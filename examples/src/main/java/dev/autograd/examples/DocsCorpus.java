package dev.autograd.examples;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The text {@link SmallTransformer}'s language model learns: this project's user guide, {@code
 * docs/*.md}, each file's text by name, in the order of the names.
 *
 * <p>It is read from the working copy when the program runs in a clone ({@code docs/} under the
 * working directory, the root when run by the README's command, or {@code ../docs/} from the
 * examples module, where its tests run), and otherwise from the copy the build bundles into the
 * examples jar as resources under {@link #RESOURCES}.
 *
 * @param source where the files were read from, for the printed report
 * @param files each file's name and text, by name
 */
record DocsCorpus(String source, Map<String, String> files) {
  /** The folder of the bundled copy, inside the examples' classes or jar. */
  static final String RESOURCES = "dev/autograd/examples/docs";

  /** The guide from the working copy if there is one, else the bundled copy. */
  static DocsCorpus load() throws IOException {
    for (Path dir : List.of(Path.of("docs"), Path.of("..", "docs"))) {
      if (Files.isRegularFile(dir.resolve("README.md"))
          && Files.isRegularFile(dir.resolve("getting-started.md"))) {
        return read(dir, dir.toAbsolutePath().normalize() + " (the working copy)");
      }
    }
    return bundled();
  }

  /** The copy the build bundled as resources. */
  static DocsCorpus bundled() throws IOException {
    Path location;
    try {
      location =
          Path.of(DocsCorpus.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      throw new IOException("DocsCorpus: cannot locate the examples' classes to read the guide", e);
    }
    if (Files.isDirectory(location)) {
      return read(location.resolve(RESOURCES), "the copy bundled in " + location);
    }
    try (FileSystem jar = FileSystems.newFileSystem(location)) {
      return read(jar.getPath(RESOURCES), "the copy bundled in " + location.getFileName());
    }
  }

  private static DocsCorpus read(Path dir, String source) throws IOException {
    List<Path> names = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> list = Files.list(dir)) {
        list.filter(p -> p.getFileName().toString().endsWith(".md")).forEach(names::add);
      }
    }
    if (names.isEmpty()) {
      throw new IOException(
          "DocsCorpus: no docs/*.md in " + dir + " (" + source + "); build with ./mvnw package");
    }
    names.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    Map<String, String> files = new LinkedHashMap<>();
    for (Path p : names) {
      files.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
    }
    return new DocsCorpus(source, files);
  }

  /** The number of characters (UTF-16 units) of all the files. */
  int length() {
    return files.values().stream().mapToInt(String::length).sum();
  }
}
