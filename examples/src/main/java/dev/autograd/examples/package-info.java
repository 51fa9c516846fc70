/**
 * The tutorial as runnable programs, one per section, in its order: {@link
 * dev.autograd.examples.ScalarDerivative} (autograd on x³ − 4x − 5), {@link
 * dev.autograd.examples.FunctionAndDerivative}, {@link dev.autograd.examples.GradientDescent1D},
 * {@link dev.autograd.examples.GradientDescent2D}, {@link
 * dev.autograd.examples.ActivationFunctions}, {@link dev.autograd.examples.ActivationComparison},
 * {@link dev.autograd.examples.LinearRegression}, {@link dev.autograd.examples.OptimizersCompared}
 * and {@link dev.autograd.examples.VanishingGradients}; {@link dev.autograd.examples.Tour} runs
 * them all into one folder.
 *
 * <p>Each example has a {@code run(folder, out)} method that prints what the tutorial prints and
 * writes its figures into {@code folder}, and a {@code main} that takes {@code --out DIR} (default
 * {@code plots/}). From the repository:
 *
 * <pre>
 * mvn -B -q -DskipTests -pl examples -am package exec:java                       # the tour
 * mvn -B -q -DskipTests -pl examples -am package exec:java -Dexample=GradientDescent1D
 * </pre>
 */
package dev.autograd.examples;
