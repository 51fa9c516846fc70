package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The messages quoted in the tables of {@code docs/troubleshooting.md} are the library's: each
 * inline code span of a table's first column, split at "…" (the parts that vary), must appear in
 * that order in the string literals of one statement of the sources of autograd-core, autograd-nn,
 * autograd-data or autograd-plot.
 */
class TroubleshootingMessagesTest {
  private static final List<String> MODULES =
      List.of("autograd-core", "autograd-nn", "autograd-data", "autograd-plot");

  /** Separates literals that are not joined directly by {@code +} in a statement. */
  private static final char GAP = '\u0000';

  @Test
  void everyQuotedMessageIsInTheSources() throws IOException {
    Path root = DocsSnippetsTest.root();
    List<String> templates = new ArrayList<>();
    for (String module : MODULES) {
      try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
        for (Path f :
            (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
          templates.addAll(statements(Files.readString(f, StandardCharsets.UTF_8)));
        }
      }
    }
    List<String> messages = tableMessages(root.resolve("docs/troubleshooting.md"));
    assertTrue(messages.size() > 50, "messages found in the tables: " + messages.size());
    List<String> missing = new ArrayList<>();
    for (String message : messages) {
      if (templates.stream().noneMatch(t -> matches(message, t))) missing.add(message);
    }
    assertEquals(List.of(), missing, "messages in docs/troubleshooting.md not found in the code");
  }

  @Test
  void theMatcherNeedsTheFragmentsInOrderWithinOneLiteral() {
    List<String> templates =
        statements(
            "throw new E(op + \": shapes \" + a + \" and \"\n + b + \" cannot\" + \" be\"); x(\"y\");");
    assertEquals(2, templates.size());
    assertTrue(matches("…: shapes … and … cannot be", templates.get(0)));
    assertFalse(matches("…: shapes … and … cannot be y", templates.get(0)));
    assertFalse(matches("…: shapes [2, 3] and …", templates.get(0)));
    assertTrue(matches("…: shapes … and …cannot be", templates.get(0)));
    assertFalse(matches("and … shapes", templates.get(0)));
  }

  /** The code spans in the first cell of every table row. */
  static List<String> tableMessages(Path markdown) throws IOException {
    List<String> messages = new ArrayList<>();
    for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
      if (!line.startsWith("|") || line.startsWith("|---")) continue;
      String cell = firstCell(line);
      messages.addAll(codeSpans(cell));
    }
    return messages;
  }

  /** The first cell of a table row: up to the first '|' outside a code span. */
  private static String firstCell(String row) {
    int i = 1;
    while (i < row.length()) {
      char c = row.charAt(i);
      if (c == '`') {
        int n = run(row, i);
        int close = row.indexOf("`".repeat(n), i + n);
        i = close < 0 ? row.length() : close + n;
      } else if (c == '|') {
        return row.substring(1, i);
      } else {
        i++;
      }
    }
    return row.substring(1);
  }

  /** Markdown code spans, delimited by runs of equal numbers of backticks. */
  static List<String> codeSpans(String text) {
    List<String> spans = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      if (text.charAt(i) != '`') {
        i++;
        continue;
      }
      int n = run(text, i);
      int close = text.indexOf("`".repeat(n), i + n);
      if (close < 0) break;
      String span = text.substring(i + n, close);
      if (n > 1) span = span.strip();
      spans.add(span);
      i = close + n;
    }
    return spans;
  }

  private static int run(String s, int i) {
    int n = 0;
    while (i + n < s.length() && s.charAt(i + n) == '`') n++;
    return n;
  }

  /**
   * Whether the parts of {@code message} between "…" appear in order in {@code template}: within
   * its literals, or else across literals that a conditional joins ({@code "extension" + (ext ==
   * null ? "" : " '" + ext + "'")}), so with the gaps removed.
   */
  static boolean matches(String message, String template) {
    return inOrder(message, template)
        || inOrder(message, template.replace(String.valueOf(GAP), ""));
  }

  private static boolean inOrder(String message, String template) {
    int at = 0;
    for (String part : message.split("…", -1)) {
      if (part.isEmpty()) continue;
      int found = template.indexOf(part, at);
      if (found < 0) return false;
      at = found + part.length();
    }
    return true;
  }

  /**
   * The string literals of each statement of a Java source, unescaped: literals joined by {@code +}
   * are concatenated, others separated by {@link #GAP}. Statements end at ';', '{' and '}'.
   */
  static List<String> statements(String source) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean joinable = false; // the last token was a literal, or a '+' right after one
    boolean afterLiteral = false;
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '/') {
        i = source.indexOf('\n', i);
        if (i < 0) break;
      } else if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '*') {
        i = source.indexOf("*/", i + 2) + 2;
        if (i < 2) break;
      } else if (c == '"') {
        StringBuilder literal = new StringBuilder();
        i++;
        while (i < source.length() && source.charAt(i) != '"') {
          char d = source.charAt(i);
          if (d == '\\') {
            char e = source.charAt(i + 1);
            switch (e) {
              case 'n' -> literal.append('\n');
              case 't' -> literal.append('\t');
              case 'u' -> {
                literal.append((char) Integer.parseInt(source.substring(i + 2, i + 6), 16));
                i += 4;
              }
              default -> literal.append(e);
            }
            i += 2;
          } else {
            literal.append(d);
            i++;
          }
        }
        i++;
        if (!joinable) current.append(GAP);
        current.append(literal);
        joinable = true;
        afterLiteral = true;
      } else if (c == '\'') {
        int end = source.indexOf('\'', source.charAt(i + 1) == '\\' ? i + 3 : i + 2);
        i = end + 1;
        joinable = false;
        afterLiteral = false;
      } else if (c == ';' || c == '{' || c == '}') {
        if (current.length() > 0) out.add(current.toString());
        current.setLength(0);
        joinable = false;
        afterLiteral = false;
        i++;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '+' && afterLiteral) {
        joinable = true;
        afterLiteral = false;
        i++;
      } else {
        joinable = false;
        afterLiteral = false;
        i++;
      }
    }
    if (current.length() > 0) out.add(current.toString());
    return out;
  }
}
