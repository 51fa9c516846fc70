package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The project on the getting-started page is the consumer project of integration-tests, which
 * {@code mvn verify} builds and tests: each block of the page whose fence names a file ({@code
 * ```xml file=PATH}) is that file, character for character, once the versions that the integration
 * tests fill in ({@code @project.version@}, ...) are filled in.
 */
class GettingStartedProjectTest {
  private static final String CONSUMER = "integration-tests/src/it/consumer/";

  private static final Pattern FILE_BLOCK =
      Pattern.compile("(?m)^```\\w+ file=(\\S+)\\n(.*?)^```$", Pattern.DOTALL);

  /** The blocks of {@code markdown} that name a file, by the file's path. */
  static Map<String, String> fileBlocks(String markdown) {
    Map<String, String> blocks = new LinkedHashMap<>();
    Matcher m = FILE_BLOCK.matcher(markdown);
    while (m.find()) blocks.put(m.group(1), m.group(2));
    return blocks;
  }

  /** The value of {@code <name>} in the root pom (the first, for the version). */
  private static String rootPom(Path root, String name) throws IOException {
    String pom = Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
    assertTrue(m.find(), "no <" + name + "> in pom.xml");
    return m.group(1);
  }

  @Test
  void thePageShowsTheConsumerProjectsPomAndProgramsAsTheyAre() throws IOException {
    Path root = DocsSnippetsTest.root();
    String page = Files.readString(root.resolve("docs/getting-started.md"), StandardCharsets.UTF_8);
    Map<String, String> blocks = fileBlocks(page);
    assertEquals(
        java.util.List.of(
            CONSUMER + "pom.xml",
            CONSUMER + "src/main/java/FirstDerivative.java",
            CONSUMER + "src/main/java/com/example/consumer/FitLine.java"),
        java.util.List.copyOf(blocks.keySet()),
        "the files the page shows");
    for (Map.Entry<String, String> block : blocks.entrySet()) {
      String file =
          Files.readString(root.resolve(block.getKey()), StandardCharsets.UTF_8)
              .replace("@project.version@", rootPom(root, "version"))
              .replace("@slf4j.version@", rootPom(root, "slf4j.version"))
              .replace("@junit.version@", rootPom(root, "junit.version"));
      assertEquals(
          file, block.getValue(), "docs/getting-started.md: the block of " + block.getKey());
    }
  }

  @Test
  void aBlockNamesItsFile() {
    Map<String, String> blocks =
        fileBlocks("text\n```xml file=a/pom.xml\n<project/>\n```\n```java\nint x;\n```\n");
    assertEquals(Map.of("a/pom.xml", "<project/>\n"), blocks);
  }
}
