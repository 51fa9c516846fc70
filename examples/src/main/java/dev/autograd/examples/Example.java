package dev.autograd.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * One section of the tutorial as a program: it prints what the tutorial prints to {@code print} and
 * writes its figures into the folder {@code out}.
 */
@FunctionalInterface
interface Example {
  /**
   * Runs the example.
   *
   * @param out the folder for the figures (created if missing)
   * @param print where the tutorial's printed lines go
   * @return the image files written, in order
   * @throws IOException if a figure cannot be written
   */
  List<Path> run(Path out, PrintStream print) throws IOException;
}
