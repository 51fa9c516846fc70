package dev.autograd.examples;

import dev.autograd.Autograd;
import dev.autograd.GradOptions;
import dev.autograd.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Tutorial section 1, "PyTorch自动求导" (autograd in PyTorch): the derivative of f(x) = x³ − 4x − 5 at
 * x = 2 is 8.0, and its second derivative, by differentiating the derivative again, is 12.0. It
 * prints only; there is no figure.
 *
 * <pre>
 * x=2时导数:8.0   (the derivative at x = 2)
 * x=2时二阶导数:12.0   (the second derivative at x = 2)
 * </pre>
 *
 * <p>Run: {@code mvn -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=ScalarDerivative}.
 */
public final class ScalarDerivative {
  private ScalarDerivative() {}

  /** f(x) = x³ − 4x − 5. */
  static Tensor f(Tensor x) {
    return x.pow(3).sub(x.mul(4)).sub(5);
  }

  /** Prints f'(2) and f''(2). */
  public static void run(PrintStream out) {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true); // requires_grad: x needs a gradient
    Tensor y = f(x);
    y.backward();
    out.println("x=2时导数:" + x.grad().item() + "   (the derivative at x = 2: 3x² − 4)");

    // The second derivative: record the first backward pass (createGraph) and differentiate it.
    Tensor x2 = Tensor.scalar(2.0).requiresGrad(true);
    Tensor dy =
        Autograd.grad(List.of(f(x2)), List.of(x2), GradOptions.defaults().createGraph(true)).get(0);
    Tensor d2y = Autograd.grad(dy, x2)[0];
    out.println("x=2时二阶导数:" + d2y.item() + "   (the second derivative at x = 2: 6x)");
  }

  /**
   * As {@link #run(PrintStream)}, in the form every example shares; {@code folder} is unused.
   *
   * @return no files
   */
  public static List<Path> run(Path folder, PrintStream out) {
    run(out);
    return List.of();
  }

  /** Entry point: {@code --help} prints the arguments every example takes. */
  public static void main(String[] args) throws IOException {
    Launcher.main("ScalarDerivative", args, ScalarDerivative::run);
  }
}
