package dev.autograd.examples;

import dev.autograd.Autograd;
import dev.autograd.GradOptions;
import dev.autograd.GraphOptions;
import dev.autograd.Tensor;
import dev.autograd.plot.Plots;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Tutorial section 1, "PyTorch自动求导" (autograd in PyTorch): the derivative of f(x) = x³ − 4x − 5 at
 * x = 2 is 8.0, and its second derivative, by differentiating the derivative again, is 12.0. Then
 * the chain rule through the recorded graph, step by step (the tutorial's 反向传播示例, backpropagation),
 * and a picture of that graph (计算图) after backward.
 *
 * <pre>
 * x=2时导数:8.0   (the derivative at x = 2)
 * x=2时二阶导数:12.0   (the second derivative at x = 2)
 * Backward trace of y = -5, ...
 *   ∂y/∂x = -4 + 12 = 8
 * </pre>
 *
 * <p>Run: {@code mvn -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=ScalarDerivative}.
 */
public final class ScalarDerivative {
  /** The file the picture of the graph is written to, in the output folder. */
  public static final String FIGURE = "1-computation-graph.png";

  private ScalarDerivative() {}

  /** f(x) = x³ − 4x − 5. */
  static Tensor f(Tensor x) {
    return x.pow(3).sub(x.mul(4)).sub(5);
  }

  /** Prints f'(2) and f''(2). */
  static void printDerivatives(PrintStream out) {
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
   * Prints f'(2) and f''(2), then the chain rule from y back to x step by step, and draws the graph
   * of y with each tensor's ∂y/∂t.
   *
   * @return the picture of the graph
   */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    printDerivatives(out);
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y = f(x);
    GraphOptions names = GraphOptions.defaults().name("x", x).name("y", y);
    out.print(Autograd.traceBackward(y, names));
    Path file = folder.resolve(FIGURE);
    Plots.graph(y)
        .options(names)
        .withOutputGradients() // ∂y/∂t in each box, as the trace works it out
        .title("计算图:y = x³ − 4x − 5")
        .save(file);
    return List.of(file);
  }

  /** Entry point: {@code --help} prints the arguments every example takes. */
  public static void main(String[] args) throws IOException {
    Launcher.main("ScalarDerivative", args, ScalarDerivative::run);
  }
}
