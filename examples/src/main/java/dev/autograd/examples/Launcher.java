package dev.autograd.examples;

import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * The command line every example shares:
 *
 * <pre>
 * --out DIR          the folder for the figures (default plots/)
 * --thumbnails DIR   also writes a 320-pixel-wide copy of each figure there (the README's)
 * --help             prints this and exits
 * </pre>
 *
 * A program may take options of its own ({@link Option}, as Digits's {@code --mnist DIR}): they are
 * parsed with these, listed in its usage, and handed to it in {@link Options#value(String)}.
 *
 * <p>With Maven: {@code mvn -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=GradientDescent1D -Dexec.args="--out /tmp/plots"}.
 */
final class Launcher {
  /** Where the figures go unless {@code --out} says otherwise. */
  static final Path DEFAULT_OUT = Path.of("plots");

  /** The width of the thumbnails {@code --thumbnails} writes. */
  static final int THUMBNAIL_WIDTH = 320;

  private Launcher() {}

  /**
   * An option of one program, {@code name VALUE} or {@code name=VALUE} on the command line.
   *
   * @param name the option, such as {@code --mnist}
   * @param value what its value is, for the usage, such as {@code DIR}
   * @param help one line saying what it does
   */
  record Option(String name, String value, String help) {}

  /**
   * The parsed command line. {@code thumbnails} is null unless asked for; {@code values} holds the
   * program's own options that were given, by name.
   */
  record Options(Path out, Path thumbnails, boolean help, Map<String, String> values) {
    /** The value given for the program's option {@code name}, or null if it was not given. */
    String value(String name) {
      return values.get(name);
    }
  }

  /** Parses {@code args}; throws an IllegalArgumentException naming the argument it refuses. */
  static Options parse(String[] args) {
    return parse(args, List.of());
  }

  /**
   * Parses {@code args}, which may hold the options {@code extra} as well as the shared ones;
   * throws an IllegalArgumentException naming the argument it refuses.
   */
  static Options parse(String[] args, List<Option> extra) {
    Path out = DEFAULT_OUT;
    Path thumbnails = null;
    boolean help = false;
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
      switch (name) {
        case "-h", "--help" -> help = true;
        case "-o", "--out", "--thumbnails" -> {
          String value = inline;
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(name + " needs a folder, as in " + name + " DIR");
            }
            value = args[++i];
          }
          if (value.isBlank()) throw new IllegalArgumentException(name + " needs a folder");
          if (name.equals("--thumbnails")) thumbnails = Path.of(value);
          else out = Path.of(value);
        }
        default -> {
          Option option =
              extra.stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
          if (option == null) throw new IllegalArgumentException("unknown argument '" + arg + "'");
          String value = inline;
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(
                  name + " needs a value, as in " + name + " " + option.value());
            }
            value = args[++i];
          }
          if (value.isBlank()) {
            throw new IllegalArgumentException(name + " needs a value (" + option.value() + ")");
          }
          values.put(name, value);
        }
      }
    }
    return new Options(out, thumbnails, help, Map.copyOf(values));
  }

  /** The usage text of {@code program}. */
  static String usage(String program) {
    return usage(program, List.of());
  }

  /** The usage text of {@code program}, whose own options are {@code extra}. */
  static String usage(String program, List<Option> extra) {
    StringBuilder usage =
        new StringBuilder("usage: " + program + " [--out DIR] [--thumbnails DIR]");
    for (Option o : extra)
      usage.append(" [").append(o.name()).append(' ').append(o.value()).append(']');
    usage
        .append("\n")
        .append(line("--out DIR", "the folder for the figures (default " + DEFAULT_OUT + "/)"))
        .append(
            line(
                "--thumbnails DIR",
                "also write a " + THUMBNAIL_WIDTH + "-pixel-wide copy of each figure there"));
    for (Option o : extra) usage.append(line(o.name() + " " + o.value(), o.help()));
    return usage
        .append(line("--help", "print this"))
        .append("with Maven: mvn -B -q -DskipTests -pl examples -am package exec:java -Dexample=")
        .append(program)
        .append(" -Dexec.args=\"--out DIR\"")
        .toString();
  }

  private static String line(String option, String help) {
    return String.format("  %-18s %s%n", option, help).replace(System.lineSeparator(), "\n");
  }

  /**
   * The body of every example's {@code main}: runs {@link #run} on standard output and error, and
   * exits with status 2 when the arguments are wrong.
   */
  static void main(String program, String[] args, Example example) throws IOException {
    main(program, args, List.of(), options -> example);
  }

  /**
   * The body of the {@code main} of a program with options of its own: {@code example} makes the
   * program of the parsed options (and may refuse their values with an IllegalArgumentException,
   * which is reported as a wrong argument).
   */
  static void main(
      String program, String[] args, List<Option> extra, Function<Options, Example> example)
      throws IOException {
    int status = run(program, args, extra, example, stdout(), System.err);
    if (status != 0) System.exit(status);
  }

  /**
   * Parses the arguments, runs {@code example} printing to {@code out}, and says where the figures
   * went. Returns the exit status: 0, or 2 (after printing the usage to {@code err}) when the
   * arguments are wrong.
   */
  static int run(String program, String[] args, Example example, PrintStream out, PrintStream err)
      throws IOException {
    return run(program, args, List.of(), options -> example, out, err);
  }

  /**
   * As {@link #run(String, String[], Example, PrintStream, PrintStream)}, for a program with the
   * options {@code extra}, made by {@code example} of the parsed options.
   */
  static int run(
      String program,
      String[] args,
      List<Option> extra,
      Function<Options, Example> example,
      PrintStream out,
      PrintStream err)
      throws IOException {
    Options options;
    Example runnable;
    try {
      options = parse(args, extra);
      runnable = options.help() ? null : example.apply(options);
    } catch (IllegalArgumentException e) {
      err.println(program + ": " + e.getMessage());
      err.println(usage(program, extra));
      return 2;
    }
    if (options.help()) {
      out.println(usage(program, extra));
      return 0;
    }
    List<Path> files = runnable.run(options.out(), out);
    if (options.thumbnails() != null) thumbnails(files, options.thumbnails());
    out.println();
    if (files.isEmpty()) {
      out.println(program + " draws no figure.");
    } else {
      out.println(
          files.size()
              + (files.size() == 1 ? " figure" : " figures")
              + " in "
              + options.out().toAbsolutePath().normalize()
              + ":");
      for (Path f : files) out.println("  " + f.getFileName());
      if (options.thumbnails() != null) {
        out.println(
            "and their "
                + THUMBNAIL_WIDTH
                + "-pixel-wide thumbnails in "
                + options.thumbnails().toAbsolutePath().normalize());
      }
    }
    out.flush();
    return 0;
  }

  /**
   * Standard output, in UTF-8 when the platform's charset cannot show the tutorial's Chinese (the
   * C/POSIX locale), so that the lines print as the tutorial's instead of as question marks.
   */
  static PrintStream stdout() {
    if (Charset.defaultCharset().newEncoder().canEncode("导数")) return System.out;
    return new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
  }

  /** Writes a {@link #THUMBNAIL_WIDTH}-pixel-wide copy of each PNG into {@code folder}. */
  static List<Path> thumbnails(List<Path> files, Path folder) throws IOException {
    Files.createDirectories(folder);
    List<Path> written = new ArrayList<>();
    for (Path file : files) {
      BufferedImage image = ImageIO.read(file.toFile());
      int height =
          Math.max(1, Math.round(image.getHeight() * THUMBNAIL_WIDTH / (float) image.getWidth()));
      Image scaled = image.getScaledInstance(THUMBNAIL_WIDTH, height, Image.SCALE_AREA_AVERAGING);
      BufferedImage thumbnail =
          new BufferedImage(THUMBNAIL_WIDTH, height, BufferedImage.TYPE_INT_RGB);
      var g = thumbnail.createGraphics();
      g.drawImage(scaled, 0, 0, null);
      g.dispose();
      Path target = folder.resolve(file.getFileName());
      ImageIO.write(thumbnail, "png", target.toFile());
      written.add(target);
    }
    return written;
  }
}
