package dev.autograd.examples;

/**
 * Runs every example of the tutorial in order. The examples that draw figures arrive with the
 * plotting module; today the tour prints the autograd section.
 *
 * <p>Run: {@code mvn -q -pl examples -am -DskipTests package exec:java}
 */
public final class Tour {
  private Tour() {}

  /** Entry point. */
  public static void main(String[] args) {
    System.out.println("== 1. Autograd: f(x) = x³ − 4x − 5 ==");
    ScalarDerivative.run(System.out);
  }
}
