package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.examples.DocSnippets.Compiled;
import dev.autograd.examples.DocSnippets.Program;
import dev.autograd.examples.DocSnippets.Snippet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippet harness itself: what it extracts, and that it reports failures by file and line. */
class DocSnippetsHarnessTest {

  private static List<Program> programs(String markdown) {
    List<Program> programs = new ArrayList<>();
    List<Snippet> snippets = DocSnippets.extract("x.md", markdown);
    for (int i = 0; i < snippets.size(); i++) programs.add(new Program(snippets.get(i), i));
    return programs;
  }

  /** Compiles and runs the one snippet of {@code markdown}; the error it raises, or null. */
  private static Throwable outcome(String markdown, Path dir) throws Exception {
    List<Program> programs = programs(markdown);
    assertEquals(1, programs.size());
    Program p = programs.get(0);
    Compiled compiled = DocSnippets.compile(programs, dir);
    List<String> errors = compiled.errors().get(p);
    if (errors != null) return new AssertionError(String.join("\n", errors));
    try {
      DocSnippets.run(p, compiled.loader(), dir);
      return null;
    } catch (AssertionError e) {
      return e;
    }
  }

  @Test
  void extractsJavaBlocksWithTheirLinesFlagsAndOutput() {
    String md =
        String.join(
            "\n",
            "# Title",
            "```sh",
            "mvn verify",
            "```",
            "- item",
            "  ```java no-run",
            "  int a = 1;",
            "  ```",
            "```java",
            "System.out.println(1);",
            "```",
            "",
            "```output",
            "1",
            "```");
    List<Snippet> snippets = DocSnippets.extract("x.md", md);
    assertEquals(2, snippets.size());
    assertEquals(6, snippets.get(0).fenceLine());
    assertEquals(List.of("int a = 1;"), snippets.get(0).code());
    assertTrue(snippets.get(0).flags().contains("no-run"));
    assertNull(snippets.get(0).output());
    assertEquals("x.md:10", snippets.get(1).where(0));
    assertEquals(List.of("1"), snippets.get(1).output());
  }

  @Test
  void theJavaColumnOfATableAfterATableBlockRunsRowByRow(@TempDir Path dir) throws Exception {
    String md =
        String.join(
            "\n",
            "```java table",
            "double[] x = {1, 2};",
            "```",
            "",
            "| Python | Java |",
            "|---|---|",
            "| `len(x)` | `System.out.println(x.length)` `System.out.println(x[0] + x[1]);` |",
            "| `x[5]` | `double y = x[5]` |",
            "",
            "after the table");
    List<Snippet> snippets = DocSnippets.extract("x.md", md);
    assertEquals(1, snippets.size());
    assertEquals(
        List.of(
            "double[] x = {1, 2};",
            "System.out.println(x.length);",
            "System.out.println(x[0] + x[1]);",
            "double y = x[5];"),
        snippets.get(0).code());
    assertEquals("x.md:7", snippets.get(0).where(2));
    Throwable e = outcome(md, dir);
    assertTrue(e.getMessage().contains("x.md:8"), e.getMessage());
  }

  @Test
  void passingSnippetsPass(@TempDir Path dir) throws Exception {
    String md =
        String.join(
            "\n",
            "```java",
            "import java.util.function.IntUnaryOperator;",
            "Tensor x = Tensor.scalar(2.0).requiresGrad(true);",
            "x.pow(2).backward();",
            "System.out.println(x.grad().item()); // => 4.0",
            "IntUnaryOperator twice = i -> 2 * i;",
            "System.out.println(twice.applyAsInt(2));",
            "System.out.println(\"a\"); // =>",
            "// 4",
            "// a",
            "Tensor.zeros(2, 3).add(Tensor.zeros(4)); // throws TensorException: add: shapes [2, 3]",
            "// and [4] cannot be broadcast together ...",
            "```");
    assertNull(outcome(md, dir));
  }

  @Test
  void aSnippetThatDoesNotCompileIsReportedAtItsLine(@TempDir Path dir) throws Exception {
    String md =
        String.join("\n", "text", "```java", "Tensor x = Tensor.scalar(1);", "x.nope();", "```");
    Throwable e = outcome(md, dir);
    assertTrue(e.getMessage().contains("x.md:4: error:"), e.getMessage());
    assertTrue(e.getMessage().contains("x.nope();"), e.getMessage());
  }

  @Test
  void aWrongExpectedOutputIsReportedAtItsLine(@TempDir Path dir) throws Exception {
    String md = String.join("\n", "```java", "", "System.out.println(1 + 1); // => 3", "```");
    Throwable e = outcome(md, dir);
    assertTrue(
        e.getMessage().startsWith("x.md:3: expected the statement to print"), e.getMessage());
  }

  @Test
  void anExceptionIsReportedAtTheLineThatThrew(@TempDir Path dir) throws Exception {
    String md =
        String.join(
            "\n",
            "```java",
            "int[] a = new int[1];",
            "",
            "a[2] = 1;",
            "System.out.println();",
            "```");
    Throwable e = outcome(md, dir);
    assertTrue(e.getMessage().startsWith("x.md:4: the snippet threw"), e.getMessage());
  }

  @Test
  void anExpectedExceptionMustComeFromItsLineWithItsMessage(@TempDir Path dir) throws Exception {
    String wrongLine =
        String.join(
            "\n",
            "```java",
            "Tensor.linspace(0, 1, -1);",
            "Tensor.linspace(0, 1, -2); // throws TensorException: linspace: ...",
            "```");
    assertTrue(outcome(wrongLine, dir).getMessage().startsWith("x.md:3: expected this line"));
    String wrongMessage =
        String.join(
            "\n",
            "```java",
            "Tensor.linspace(0, 1, -1); // throws TensorException: linspace: no",
            "```");
    assertTrue(outcome(wrongMessage, dir).getMessage().contains("but got"));
    String nothing = String.join("\n", "```java", "int a = 1; // throws TensorException", "```");
    assertTrue(outcome(nothing, dir).getMessage().contains("nothing was thrown"));
  }

  @Test
  void codeAfterAThrowingLineIsRefused(@TempDir Path dir) throws Exception {
    String md =
        String.join(
            "\n",
            "```java",
            "try {",
            "  Tensor.linspace(0, 1, -1); // throws TensorException",
            "} finally {",
            "  System.out.println(1);",
            "}",
            "```");
    Throwable e = outcome(md, dir);
    assertTrue(e.getMessage().startsWith("x.md:4: this line never runs"), e.getMessage());
  }

  @Test
  void anOutputBlockMustMatchEverythingPrinted(@TempDir Path dir) throws Exception {
    String good =
        String.join(
            "\n",
            "```java",
            "public class Hello {",
            "  public static void main(String[] args) {",
            "    for (int i = 0; i < 5; i++) System.out.println(\"line \" + i);",
            "  }",
            "}",
            "```",
            "```output",
            "line 0",
            "...",
            "line 4",
            "```");
    assertNull(outcome(good, dir.resolve("good")));
    String bad = good.replace("line 4\n", "line 5\n");
    Throwable e = outcome(bad, dir.resolve("bad"));
    assertTrue(e.getMessage().startsWith("x.md:8: the ```output block differs"), e.getMessage());
  }

  @Test
  void linesMatchTreatsDotsAsAnyLines() {
    assertTrue(DocSnippets.linesMatch(List.of("a", "...", "d"), 0, List.of("a", "b", "c", "d"), 0));
    assertTrue(DocSnippets.linesMatch(List.of("a", "...", "b"), 0, List.of("a", "b"), 0));
    assertTrue(!DocSnippets.linesMatch(List.of("a", "b"), 0, List.of("a", "b", "c"), 0));
  }
}
