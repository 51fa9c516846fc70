package dev.autograd.examples;

import dev.autograd.Autograd;
import dev.autograd.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The {@code ```java} blocks of the Markdown documentation as programs: extracted, compiled with
 * {@code javax.tools} against the test classpath, and run, so that the guide cannot drift from the
 * code. The conventions (also described in {@code docs/README.md}):
 *
 * <ul>
 *   <li>A block of statements is compiled as the body of a method with the imports of {@link
 *       #IMPORTS} and a variable {@code out}, a temporary folder for the files a snippet writes.
 *       {@code import} lines in the block are moved above the class. Local classes and records may
 *       be declared in it.
 *   <li>A block with a top-level {@code public class} (or record, interface, enum) is compiled as a
 *       compilation unit, with the same imports; its {@code main(String[])}, if any, is run.
 *   <li>{@code // => text} after a statement: what the statement prints (everything printed since
 *       the previous check) must be {@code text}. With nothing after {@code =>}, the expected lines
 *       are the {@code //} comment lines that follow. A trailing {@code ...} matches any rest.
 *   <li>{@code // throws Name: message} after a statement: that statement must throw an exception
 *       of simple class name {@code Name} whose message is {@code message} (whitespace runs compare
 *       equal; a trailing {@code ...} matches any rest; the message may continue on the {@code //}
 *       lines that follow). Nothing after it runs.
 *   <li>A {@code ```output} block right after a {@code ```java} block is everything the snippet
 *       prints; a line {@code ...} in it matches any number of lines.
 *   <li>A block that declares its {@code package} is a file of a project of its own (its fence says
 *       which: {@code ```java file=PATH}), built by that project; it is left alone here, and {@code
 *       GettingStartedProjectTest} checks that it is that file.
 *   <li>{@code ```java table} is followed by a Markdown table whose last column holds Java: each
 *       inline code span of that column, in the rows after the header, is a statement appended to
 *       the block (a {@code ;} added where it ends without one), so a table of equivalents (a
 *       matplotlib call beside its Java) is compiled and run row by row, errors reported at the
 *       row's line. The block holds what the rows share (data, imports).
 *   <li>{@code ```java no-run} is compiled but not run (a window, for example). Blocks in any other
 *       language ({@code xml}, {@code sh}, {@code text}) are left alone.
 * </ul>
 */
final class DocSnippets {
  /** The imports every snippet is compiled with ({@code Module} named: java.lang has one too). */
  static final List<String> IMPORTS =
      List.of(
          "dev.autograd.*",
          "dev.autograd.nn.*",
          "dev.autograd.optim.*",
          "dev.autograd.plot.*",
          "java.nio.file.*",
          "java.util.*",
          "dev.autograd.nn.Module");

  private static final Pattern FENCE = Pattern.compile("^( *)(```+|~~~+)\\s*([^`\\s]*)(.*)$");
  private static final Pattern EXPECT = Pattern.compile("^(.*[;}])(\\s*)//\\s*=>(.*)$");
  private static final Pattern THROWS =
      Pattern.compile("^(.*[;}])(\\s*)//\\s*throws\\s+([A-Za-z_][\\w.]*)\\s*(?::(.*))?$");
  private static final Pattern COMMENT = Pattern.compile("^\\s*//(.*)$");
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
  private static final Pattern PUBLIC_TYPE =
      Pattern.compile(
          "^public\\s+(?:(?:final|abstract|sealed|strictfp)\\s+)*(?:class|record|interface|enum)"
              + "\\s+(\\w+)");
  private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+[\\w.*\\s]+;\\s*$");

  private DocSnippets() {}

  /** An expected output ({@code // =>}) or exception ({@code // throws}) at a line. */
  record Expectation(int line, String text) {}

  /**
   * One {@code ```java} block.
   *
   * @param file where it is, as shown in messages (docs/autograd.md)
   * @param fenceLine the 1-based line of its opening fence
   * @param flags the words after {@code java} in the fence's info string
   * @param code its lines, indentation of the fence removed
   * @param output the lines of the {@code ```output} block after it, or null
   * @param outputLine the line of that block's opening fence
   * @param mdLines the 1-based Markdown line of each code line
   */
  record Snippet(
      String file,
      int fenceLine,
      Set<String> flags,
      List<String> code,
      List<String> output,
      int outputLine,
      List<Integer> mdLines) {

    /** The 1-based Markdown line of code line {@code i} (0-based). */
    int mdLine(int i) {
      return mdLines.get(i);
    }

    /** "docs/autograd.md:42", the place of the opening fence. */
    String where() {
      return file + ":" + fenceLine;
    }

    /** "docs/autograd.md:45", the place of code line {@code i}. */
    String where(int i) {
      return file + ":" + mdLine(i);
    }

    /** The name of its public top-level type, or null for a block of statements. */
    String publicType() {
      for (String line : code) {
        Matcher m = PUBLIC_TYPE.matcher(line);
        if (m.find()) return m.group(1);
      }
      return null;
    }
  }

  /** The {@code ```java} blocks of {@code markdown}, in order. */
  static List<Snippet> extract(String file, String markdown) {
    String[] lines = markdown.split("\\R", -1);
    List<Snippet> snippets = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      Matcher open = FENCE.matcher(lines[i]);
      if (!open.matches()) {
        i++;
        continue;
      }
      int fenceLine = i + 1;
      int indent = open.group(1).length();
      String fence = open.group(2);
      String language = open.group(3);
      Set<String> flags = new LinkedHashSet<>(Arrays.asList(open.group(4).trim().split("\\s+")));
      flags.remove("");
      List<String> body = new ArrayList<>();
      i++;
      while (i < lines.length && !isClosing(lines[i], fence)) {
        body.add(stripIndent(lines[i], indent));
        i++;
      }
      i++; // the closing fence
      if (!language.equals("java")) continue;
      if (body.stream().anyMatch(l -> l.startsWith("package "))) continue;
      List<String> output = null;
      int outputLine = 0;
      int next = i;
      while (next < lines.length && lines[next].isBlank()) next++;
      Matcher after = next < lines.length ? FENCE.matcher(lines[next]) : null;
      if (after != null && after.matches() && after.group(3).equals("output")) {
        outputLine = next + 1;
        int outIndent = after.group(1).length();
        String outFence = after.group(2);
        output = new ArrayList<>();
        next++;
        while (next < lines.length && !isClosing(lines[next], outFence)) {
          output.add(stripIndent(lines[next], outIndent));
          next++;
        }
        i = next + 1;
      }
      List<Integer> mdLines = new ArrayList<>();
      for (int k = 0; k < body.size(); k++) mdLines.add(fenceLine + 1 + k);
      if (flags.contains("table")) i = tableRows(lines, i, body, mdLines);
      snippets.add(new Snippet(file, fenceLine, flags, body, output, outputLine, mdLines));
    }
    return snippets;
  }

  /**
   * Appends the Java of the table that starts after line {@code from} (blank lines skipped) to
   * {@code body}: each code span of the last column of its rows below the header and separator.
   *
   * @return the index of the first line after the table
   */
  private static int tableRows(String[] lines, int from, List<String> body, List<Integer> mdLines) {
    int i = from;
    while (i < lines.length && lines[i].isBlank()) i++;
    int row = 0;
    for (; i < lines.length && lines[i].strip().startsWith("|"); i++, row++) {
      if (row < 2) continue; // the header and the |---| line
      String[] cells = lines[i].strip().split("(?<!\\\\)\\|", -1);
      // "| a | b |" splits into "", " a ", " b ", ""
      String last = cells.length >= 2 ? cells[cells.length - 2] : "";
      Matcher span = CODE_SPAN.matcher(last);
      while (span.find()) {
        String code = span.group(1).replace("\\|", "|").strip();
        if (code.isEmpty()) continue;
        boolean ends = code.endsWith(";") || code.endsWith("}");
        body.add(ends ? code : code + ";");
        mdLines.add(i + 1);
      }
    }
    return i;
  }

  private static boolean isClosing(String line, String fence) {
    String t = line.strip();
    return t.startsWith(fence) && t.chars().allMatch(c -> c == fence.charAt(0));
  }

  private static String stripIndent(String line, int indent) {
    int k = 0;
    while (k < indent && k < line.length() && line.charAt(k) == ' ') k++;
    return line.substring(k);
  }

  // ---------------------------------------------------------------- source generation

  /** A snippet turned into a Java source file, with what it is expected to do. */
  static final class Program {
    final Snippet snippet;
    final String packageName;
    final String className;
    final boolean body;
    final String source;

    /** The {@code // =>} checks, by index: the code line and the expected text. */
    final List<Expectation> outputs = new ArrayList<>();

    /** The {@code // throws} expectation: the code line and "Name: message"; or null. */
    Expectation throwsAt;

    /** Problems with the snippet's markers, found while generating. */
    final List<String> problems = new ArrayList<>();

    Program(Snippet snippet, int index) {
      this.snippet = snippet;
      this.packageName = String.format(Locale.ROOT, "docsnippet%03d", index);
      String type = snippet.publicType();
      this.body = type == null;
      this.className = body ? "Snippet" : type;
      this.source = generate();
    }

    String qualifiedName() {
      return packageName + "." + className;
    }

    /** The snippet's code line (0-based) at line {@code generatedLine} of the source, or -1. */
    int codeLine(long generatedLine) {
      long i = generatedLine - 2;
      return i >= 0 && i < snippet.code().size() ? (int) i : -1;
    }

    /** "docs/x.md:45" for a line of the generated source (the fence's line for the header). */
    String where(long generatedLine) {
      int i = codeLine(generatedLine);
      return i < 0 ? snippet.where() : snippet.where(i);
    }

    private String generate() {
      List<String> code = snippet.code();
      StringBuilder header = new StringBuilder("package ").append(packageName).append(";");
      for (String imp : IMPORTS) header.append(" import ").append(imp).append(";");
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < code.size(); i++) {
        String line = code.get(i);
        if (body && IMPORT.matcher(line).matches()) {
          header.append(' ').append(line.strip());
          lines.add("");
          continue;
        }
        lines.add(body ? markers(i, line) : line);
        if (!body && (EXPECT.matcher(line).matches() || THROWS.matcher(line).matches())) {
          problems.add(
              snippet.where(i)
                  + ": '// =>' and '// throws' work in blocks of statements only; use an"
                  + " ```output block after a class");
        }
      }
      if (body) {
        header
            .append(" public final class Snippet { public static void run(")
            .append("java.nio.file.Path out, java.util.function.IntConsumer $check)")
            .append(" throws Exception {");
      }
      StringBuilder sb = new StringBuilder(header).append('\n');
      for (String line : lines) sb.append(line).append('\n');
      if (body) sb.append("}}\n");
      return sb.toString();
    }

    /** The line with a check call inserted before a {@code // =>} marker. */
    private String markers(int i, String line) {
      Matcher thrown = THROWS.matcher(line);
      if (thrown.matches()) {
        if (throwsAt != null) {
          problems.add(snippet.where(i) + ": only one '// throws' per snippet");
        }
        String message = thrown.group(4) == null ? "" : thrown.group(4).strip();
        List<String> more = commentsAfter(i);
        if (!more.isEmpty()) message = (message + " " + String.join(" ", more)).strip();
        throwsAt = new Expectation(i, thrown.group(3) + (message.isEmpty() ? "" : ": " + message));
        for (int k = i + 1; k < snippet.code().size(); k++) {
          String after = snippet.code().get(k).strip();
          if (!after.isEmpty() && !after.startsWith("//") && !after.matches("[})\\];]+")) {
            problems.add(
                snippet.where(k) + ": this line never runs: it comes after a '// throws' line");
            break;
          }
        }
        return line;
      }
      Matcher m = EXPECT.matcher(line);
      if (!m.matches()) return line;
      String expected = m.group(3);
      if (expected.isBlank()) {
        expected = String.join("\n", commentsAfter(i));
      } else {
        expected = expected.startsWith(" ") ? expected.substring(1) : expected;
      }
      int id = outputs.size();
      outputs.add(new Expectation(i, expected));
      return m.group(1) + " $check.accept(" + id + ");" + m.group(2) + line.substring(m.end(2));
    }

    /** The text of the {@code //} comment lines right after code line {@code i}. */
    private List<String> commentsAfter(int i) {
      List<String> texts = new ArrayList<>();
      List<String> code = snippet.code();
      for (int k = i + 1; k < code.size(); k++) {
        Matcher c = COMMENT.matcher(code.get(k));
        if (!c.matches()) break;
        String text = c.group(1);
        texts.add(text.startsWith(" ") ? text.substring(1) : text);
      }
      return texts;
    }
  }

  // ---------------------------------------------------------------- compilation

  /** Compiled programs and the compiler's errors, by snippet. */
  record Compiled(ClassLoader loader, Map<Program, List<String>> errors) {}

  /**
   * Compiles every program in one compiler run (again without the ones with errors, so that one
   * broken snippet does not hide the others), into {@code workDir}.
   */
  static Compiled compile(List<Program> programs, Path workDir) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) throw new IllegalStateException("no Java compiler: run on a JDK");
    Path sources = Files.createDirectories(workDir.resolve("src"));
    Path classes = Files.createDirectories(workDir.resolve("classes"));
    Map<Path, Program> byFile = new HashMap<>();
    for (Program p : programs) {
      Path dir = Files.createDirectories(sources.resolve(p.packageName));
      Path file = dir.resolve(p.className + ".java");
      Files.writeString(file, p.source, StandardCharsets.UTF_8);
      byFile.put(file.toAbsolutePath().normalize(), p);
    }
    Map<Program, List<String>> errors = new LinkedHashMap<>();
    List<Program> remaining = new ArrayList<>(programs);
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      for (int round = 0; round < 3 && !remaining.isEmpty(); round++) {
        List<Path> paths = new ArrayList<>();
        for (Program p : remaining) {
          paths.add(sources.resolve(p.packageName).resolve(p.className + ".java"));
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options =
            List.of(
                "-classpath",
                classpath(),
                "-d",
                classes.toString(),
                "-g",
                "-proc:none",
                "-implicit:none",
                "-encoding",
                "UTF-8",
                "-Xlint:none");
        StringWriter log = new StringWriter();
        boolean ok =
            compiler
                .getTask(
                    log,
                    files,
                    diagnostics,
                    options,
                    null,
                    files.getJavaFileObjectsFromPaths(paths))
                .call();
        if (ok) break;
        boolean attributed = false;
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
          if (d.getKind() != Diagnostic.Kind.ERROR || d.getSource() == null) continue;
          Program p = byFile.get(Path.of(d.getSource().toUri()).toAbsolutePath().normalize());
          if (p == null) continue;
          attributed = true;
          errors.computeIfAbsent(p, k -> new ArrayList<>()).add(describe(p, d));
        }
        if (!attributed) throw new IllegalStateException("javac failed:\n" + log + diagnostics);
        remaining.removeAll(errors.keySet());
      }
    }
    URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, DocSnippets.class.getClassLoader());
    return new Compiled(loader, errors);
  }

  private static String describe(Program p, Diagnostic<? extends JavaFileObject> d) {
    String where = p.where(d.getLineNumber());
    int i = p.codeLine(d.getLineNumber());
    String code = i < 0 ? "" : "\n    " + p.snippet.code().get(i).strip();
    return where + ": error: " + d.getMessage(Locale.ROOT) + code;
  }

  /** The test classpath, as the forked test JVM sees it. */
  static String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp == null || cp.isBlank() ? System.getProperty("java.class.path") : cp;
  }

  // ---------------------------------------------------------------- running

  /**
   * Runs a compiled program with {@code out} as its folder and checks its markers and output block;
   * throws an {@link AssertionError} naming the file and line of the first difference.
   */
  static void run(Program p, ClassLoader loader, Path out) throws Exception {
    Snippet s = p.snippet;
    if (!p.problems.isEmpty()) throw new AssertionError(String.join("\n", p.problems));
    if (s.flags().contains("no-run")) return;
    Class<?> type = Class.forName(p.qualifiedName(), true, loader);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int[] mark = {0};
    IntConsumer check =
        id -> {
          String all = bytes.toString(StandardCharsets.UTF_8);
          String printed = all.substring(mark[0]);
          mark[0] = all.length();
          Expectation e = p.outputs.get(id);
          if (!matches(e.text(), chomp(printed))) {
            throw new AssertionError(
                s.where(e.line())
                    + ": expected the statement to print\n"
                    + indent(e.text())
                    + "\nbut it printed\n"
                    + indent(chomp(printed)));
          }
        };
    Throwable thrown = null;
    Tensor.manualSeed(0); // as in a fresh JVM: the global generator starts from seed 0
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      if (p.body) {
        Method run = type.getMethod("run", Path.class, IntConsumer.class);
        run.invoke(null, out, check);
      } else {
        Method main = mainOf(type);
        if (main != null) main.invoke(null, (Object) new String[0]);
      }
    } catch (InvocationTargetException e) {
      thrown = e.getCause();
    } finally {
      System.setOut(original);
      reset();
    }
    if (thrown instanceof AssertionError && p.throwsAt == null) throw (AssertionError) thrown;
    checkThrown(p, thrown);
    if (s.output() != null) {
      String printed = chomp(bytes.toString(StandardCharsets.UTF_8));
      List<String> actual = printed.isEmpty() ? List.of() : Arrays.asList(printed.split("\n"));
      List<String> expected = new ArrayList<>();
      for (String line : s.output()) expected.add(line.stripTrailing());
      while (!expected.isEmpty() && expected.get(expected.size() - 1).isEmpty()) {
        expected.remove(expected.size() - 1);
      }
      if (!linesMatch(expected, 0, actual, 0)) {
        throw new AssertionError(
            s.file()
                + ":"
                + s.outputLine()
                + ": the ```output block differs from what the snippet at line "
                + s.fenceLine()
                + " prints:\n"
                + indent(printed));
      }
    }
  }

  private static Method mainOf(Class<?> type) {
    try {
      Method main = type.getMethod("main", String[].class);
      return Modifier.isStatic(main.getModifiers()) ? main : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** Undoes what a snippet may have left switched on for the next one. */
  private static void reset() {
    Autograd.setDetectAnomaly(false);
    if (!Autograd.isGradEnabled()) {
      @SuppressWarnings("resource")
      Autograd.Scope unused = Autograd.enableGrad(); // left open on purpose: recording back on
    }
  }

  private static void checkThrown(Program p, Throwable thrown) {
    Snippet s = p.snippet;
    Expectation want = p.throwsAt;
    if (want == null) {
      if (thrown == null) return;
      throw new AssertionError(
          place(p, thrown) + ": the snippet threw " + thrown.getClass().getName(), thrown);
    }
    if (thrown == null) {
      throw new AssertionError(
          s.where(want.line()) + ": expected " + want.text() + "\nbut nothing was thrown");
    }
    String where = place(p, thrown);
    String got = thrown.getClass().getSimpleName() + ": " + thrown.getMessage();
    if (!where.equals(s.where(want.line()))) {
      throw new AssertionError(
          s.where(want.line()) + ": expected this line to throw, but " + where + " threw " + got,
          thrown);
    }
    String name = want.text().contains(":") ? want.text().split(":", 2)[0] : want.text();
    String message = want.text().contains(":") ? want.text().split(":", 2)[1].strip() : null;
    boolean ok =
        thrown.getClass().getSimpleName().equals(name)
            && (message == null || matches(squash(message), squash(thrown.getMessage())));
    if (!ok) {
      throw new AssertionError(
          s.where(want.line()) + ": expected\n" + indent(want.text()) + "\nbut got\n" + indent(got),
          thrown);
    }
  }

  /** The Markdown place of the snippet line that threw (the deepest frame in the snippet). */
  private static String place(Program p, Throwable thrown) {
    for (StackTraceElement e : thrown.getStackTrace()) {
      if (e.getClassName().startsWith(p.packageName + ".")) return p.where(e.getLineNumber());
    }
    return p.snippet.where();
  }

  /** Whether {@code actual} is {@code expected}, or starts with it when it ends in "...". */
  static boolean matches(String expected, String actual) {
    if (actual == null) return false;
    if (expected.endsWith("...")) {
      return actual.startsWith(expected.substring(0, expected.length() - 3));
    }
    return actual.equals(expected);
  }

  /** Line-by-line match where an expected line "..." stands for any number of lines. */
  static boolean linesMatch(List<String> expected, int e, List<String> actual, int a) {
    if (e == expected.size()) return a == actual.size();
    if (expected.get(e).equals("...")) {
      for (int k = a; k <= actual.size(); k++) {
        if (linesMatch(expected, e + 1, actual, k)) return true;
      }
      return false;
    }
    return a < actual.size()
        && matches(expected.get(e), actual.get(a).stripTrailing())
        && linesMatch(expected, e + 1, actual, a + 1);
  }

  /** {@code s} without trailing whitespace on its lines and without trailing line breaks. */
  private static String chomp(String s) {
    String t = s.replace("\r\n", "\n").replaceAll("[ \t]+\n", "\n").stripTrailing();
    return t;
  }

  private static String squash(String s) {
    return s == null ? null : s.replaceAll("\\s+", " ").strip();
  }

  private static String indent(String s) {
    return "    " + s.replace("\n", "\n    ");
  }
}
