package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The relative links and images of README.md and docs/*.md lead somewhere: the file exists, and a
 * {@code #fragment} names a heading of the target page (GitHub's anchors).
 */
class DocsLinksTest {
  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

  @Test
  void everyRelativeLinkResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    Path root = DocsSnippetsTest.root();
    for (Path file : DocsSnippetsTest.markdownFiles()) {
      String text = withoutCode(Files.readString(file, StandardCharsets.UTF_8));
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*")) continue; // http:, https:, mailto:
        String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        String fragment = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
        Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        String where = root.relativize(file) + ": " + target;
        if (!Files.exists(resolved)) {
          broken.add(where + " (no such file)");
        } else if (fragment != null && !anchors(resolved).contains(fragment)) {
          broken.add(where + " (no such heading; the page has " + anchors(resolved) + ")");
        }
      }
    }
    assertEquals(List.of(), broken);
  }

  @Test
  void anchorsAreGitHubs() {
    assertEquals(
        "2-函数与导数图像对比-function-and-derivative-plotted-together",
        slug("2 函数与导数图像对比: function and derivative plotted together"));
    assertEquals(
        "2-多变量梯度下降如fxyxy-several-variables", slug("2. 多变量梯度下降(如f(x,y)=x²+y²): several variables"));
    assertEquals("pytorch--java-cheat-sheet", slug("PyTorch → Java cheat sheet"));
    assertEquals("backward", slug("`backward()`".replace("()", "")));
  }

  /** The anchors of a Markdown file's headings, numbered as GitHub does when they repeat. */
  static Set<String> anchors(Path file) throws IOException {
    Set<String> anchors = new HashSet<>();
    if (!file.toString().endsWith(".md")) return anchors;
    Map<String, Integer> seen = new HashMap<>();
    for (String line : withoutCode(Files.readString(file, StandardCharsets.UTF_8)).split("\n")) {
      Matcher h = HEADING.matcher(line);
      if (!h.matches()) continue;
      String slug = slug(h.group(1));
      int n = seen.merge(slug, 1, Integer::sum);
      anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    return anchors;
  }

  /** GitHub's anchor of a heading: lower case, punctuation and symbols removed, spaces to '-'. */
  static String slug(String heading) {
    String text = heading.replaceAll("`", "").toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              int type = Character.getType(c);
              boolean keep =
                  Character.isLetter(c)
                      || type == Character.NON_SPACING_MARK
                      || type == Character.COMBINING_SPACING_MARK
                      || type == Character.ENCLOSING_MARK
                      || type == Character.DECIMAL_DIGIT_NUMBER
                      || type == Character.CONNECTOR_PUNCTUATION
                      || c == '-'
                      || c == ' ';
              if (keep) sb.appendCodePoint(c == ' ' ? '-' : c);
            });
    return sb.toString();
  }

  /** The text with fenced code blocks blanked out (their lines kept, empty). */
  static String withoutCode(String markdown) {
    StringBuilder out = new StringBuilder();
    boolean inCode = false;
    for (String line : markdown.split("\n", -1)) {
      boolean fence = line.strip().startsWith("```");
      if (fence) inCode = !inCode;
      out.append(fence || inCode ? "" : line).append('\n');
    }
    return out.toString();
  }
}
