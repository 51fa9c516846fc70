package dev.autograd.examples;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.nn.LeakyReLU;
import dev.autograd.nn.Module;
import dev.autograd.nn.ReLU;
import dev.autograd.nn.Sigmoid;
import dev.autograd.plot.Plots;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * Tutorial section "激活函数" (activation functions): Sigmoid, ReLU and Leaky ReLU (α = 0.01) with
 * their derivatives by autograd ({@code y.sum().backward()} over {@code linspace(-5, 5, 100)}), one
 * panel each in one figure. It prints the tutorial's "图像特性" (what the figure shows) with the
 * numbers behind it: where each derivative vanishes (is 0) or nearly vanishes (is below 0.01).
 *
 * <p>Figure: {@code 5-activation-functions.png}.
 *
 * <p>Run: {@code mvn -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=ActivationFunctions}; the figures go to {@code plots/}, or to another folder with
 * {@code -Dexec.args="--out DIR"}.
 */
public final class ActivationFunctions {
  /** The file the figure is written to, in the output folder. */
  public static final String FIGURE = "5-activation-functions.png";

  /** A derivative below this (but not 0) nearly vanishes. */
  static final double SMALL = 0.01;

  /** The tutorial's remark on each activation's figure, in its order. */
  private static final List<String> REMARKS =
      List.of(
          "导数在两端趋近0(梯度消失)   (the derivative tends to 0 at both ends: vanishing gradients)",
          "正区间导数为1,负区间为0(死亡神经元问题)   (1 for x > 0, 0 for x < 0: dead neurons)",
          "负区间保留小梯度,缓解神经元死亡   (a small gradient for x < 0 keeps neurons alive)");

  private ActivationFunctions() {}

  /** The tutorial's three activations, under its names. */
  static Map<String, Module> activations() {
    Map<String, Module> functions = new LinkedHashMap<>();
    functions.put("Sigmoid", new Sigmoid());
    functions.put("ReLU", new ReLU());
    functions.put("Leaky ReLU (α=0.01)", new LeakyReLU(0.01));
    return functions;
  }

  /** Prints where each derivative vanishes and draws the three panels. */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    Map<String, Module> functions = activations();
    // A fine grid for the numbers; the figure samples 100 points, as the tutorial.
    Tensor x = Tensor.linspace(-5, 5, 1001, DType.FLOAT64).requiresGrad(true);
    double[] xs = x.detach().toDoubleArray();
    int i = 0;
    for (Map.Entry<String, Module> e : functions.entrySet()) {
      x.zeroGrad();
      e.getValue().forward(x).sum().backward();
      double[] d = x.grad().toDoubleArray();
      int lo = 0;
      int hi = 0;
      for (int k = 0; k < d.length; k++) {
        if (d[k] < d[lo]) lo = k;
        if (d[k] > d[hi]) hi = k;
      }
      out.println(e.getKey() + ": " + REMARKS.get(i++));
      out.printf(
          Locale.ROOT,
          "  derivative on [-5, 5]: smallest %.4g at x = %.2f, largest %.4g at x = %.2f%n",
          d[lo],
          xs[lo],
          d[hi],
          xs[hi]);
      out.println(
          "  vanishes (= 0) "
              + where(xs, d, v -> v == 0)
              + "; nearly (0 < |d| < "
              + SMALL
              + ") "
              + where(xs, d, v -> v != 0 && Math.abs(v) < SMALL));
    }

    Path file = folder.resolve(FIGURE);
    var gallery = Plots.activationGallery().range(-5, 5).points(100).grid(1, 3).size(1500, 450);
    for (Map.Entry<String, Module> e : functions.entrySet()) {
      gallery.activation(e.getKey(), e.getValue());
    }
    gallery.save(file);
    return List.of(file);
  }

  /**
   * The parts of the grid where {@code holds} is true of the derivative, as intervals ("for x in
   * [-5.00, -4.59] ∪ [4.59, 5.00]"), or "nowhere".
   */
  static String where(double[] xs, double[] d, DoublePredicate holds) {
    List<String> parts = new ArrayList<>();
    int start = -1;
    for (int k = 0; k <= xs.length; k++) {
      boolean in = k < xs.length && holds.test(d[k]);
      if (in && start < 0) start = k;
      if (!in && start >= 0) {
        parts.add(String.format(Locale.ROOT, "[%.2f, %.2f]", xs[start], xs[k - 1]));
        start = -1;
      }
    }
    return parts.isEmpty() ? "nowhere" : "for x in " + String.join(" ∪ ", parts);
  }

  /** Entry point: {@code --out DIR} (default {@code plots/}), {@code --help}. */
  public static void main(String[] args) throws IOException {
    Launcher.main("ActivationFunctions", args, ActivationFunctions::run);
  }
}
