package dev.autograd.examples;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.plot.FunctionChart;
import dev.autograd.plot.Plots;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tutorial section 2, "函数与导数图像对比" (function and derivative plotted together): f(x) = x³ − 4x − 5
 * and its derivative over {@code linspace(-3, 3, 100)}, the derivative from autograd as the
 * tutorial computes it ({@code y.sum().backward()}, then {@code x.grad()}), on one chart titled
 * "函数及其导数图像对比". It prints how far autograd's f′ is from 3x² − 4 and where f′ changes sign: the
 * extrema of f.
 *
 * <p>Figure: {@code 2-function-and-derivative.png}.
 *
 * <p>Run: {@code mvn -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=FunctionAndDerivative}; the figures go to {@code plots/}, or to another folder with
 * {@code -Dexec.args="--out DIR"}.
 */
public final class FunctionAndDerivative {
  /** The file the figure is written to, in the output folder. */
  public static final String FIGURE = "2-function-and-derivative.png";

  private FunctionAndDerivative() {}

  /** Draws f and f′, prints the comparison with 3x² − 4 and the zeros of f′. */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    FunctionChart chart =
        Plots.functionAndDerivative(ScalarDerivative::f, -3, 3)
            .points(100)
            .dtype(DType.FLOAT32) // torch.linspace's default, as in the tutorial
            .title("函数及其导数图像对比")
            .labels("f(x)=x³-4x-5", "f’(x)=3x²-4");
    FunctionChart.Data data = chart.data();
    double[] x = data.x();
    double[] dy = data.derivative();

    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      worst = Math.max(worst, Math.abs(dy[i] - (3 * x[i] * x[i] - 4)));
    }
    out.printf(
        Locale.ROOT,
        "f′(x) by autograd at the %d points of linspace(-3, 3, %d): largest difference from"
            + " 3x²-4 is %.1e%n",
        x.length,
        x.length,
        worst);

    // Where f′ changes sign, between two samples: f has an extremum there.
    List<Double> zeros = new ArrayList<>();
    for (int i = 0; i + 1 < x.length; i++) {
      if (Math.signum(dy[i]) != Math.signum(dy[i + 1])) {
        zeros.add(x[i] + (x[i + 1] - x[i]) * dy[i] / (dy[i] - dy[i + 1]));
      }
    }
    Tensor at = Tensor.of(zeros.stream().mapToDouble(Double::doubleValue).toArray());
    double[] fAt = ScalarDerivative.f(at).toDoubleArray();
    for (int k = 0; k < zeros.size(); k++) {
      int i = indexBefore(x, zeros.get(k));
      String kind = dy[i] > 0 ? "local maximum" : "local minimum";
      out.printf(
          Locale.ROOT,
          "f′(x) = 0 near x = %.2f (exactly %s2/√3): f has a %s there, f = %.2f%n",
          zeros.get(k),
          zeros.get(k) < 0 ? "-" : "",
          kind,
          fAt[k]);
    }

    Path file = folder.resolve(FIGURE);
    chart.save(file);
    return List.of(file);
  }

  private static int indexBefore(double[] x, double value) {
    int i = 0;
    while (i + 2 < x.length && x[i + 1] < value) i++;
    return i;
  }

  /** Entry point: {@code --out DIR} (default {@code plots/}), {@code --help}. */
  public static void main(String[] args) throws IOException {
    Launcher.main("FunctionAndDerivative", args, FunctionAndDerivative::run);
  }
}
