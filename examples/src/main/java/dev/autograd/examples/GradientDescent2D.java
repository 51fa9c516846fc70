package dev.autograd.examples;

import dev.autograd.Tensor;
import dev.autograd.optim.Optimizer;
import dev.autograd.optim.SGD;
import dev.autograd.plot.Plots;
import dev.autograd.plot.Trajectory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Tutorial section "二、梯度下降过程可视化", part 2 (gradient descent with several variables): f(x, y) = x² +
 * y², "通过类似方法记录参数更新轨迹,可绘制3D曲面图展示优化路径" (record the parameters' path the same way and draw it on a
 * 3-D surface). The point (x, y) is one tensor updated by {@code SGD}; {@code Trajectory.record}
 * reads it after every step. With learning rate 0.1 each step multiplies the point by 1 − 0.1 · 2 =
 * 0.8, straight down to the minimum at (0, 0). It prints the path and draws it over the contour map
 * and on the surface.
 *
 * <p>Figures: {@code 4-gradient-descent-2d-contour.png}, {@code 4-gradient-descent-2d-surface.png}.
 *
 * <p>Run: {@code mvn -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=GradientDescent2D}; the figures go to {@code plots/}, or to another folder with {@code
 * -Dexec.args="--out DIR"}.
 */
public final class GradientDescent2D {
  /** The contour map with the paths, in the output folder. */
  public static final String CONTOUR_FIGURE = "4-gradient-descent-2d-contour.png";

  /** The surface with the paths, in the output folder. */
  public static final String SURFACE_FIGURE = "4-gradient-descent-2d-surface.png";

  /** The number of steps of each path. */
  static final int STEPS = 20;

  private GradientDescent2D() {}

  /** f(x, y) = x² + y², element-wise. */
  static Tensor f(Tensor x, Tensor y) {
    return x.square().add(y.square());
  }

  /** The path of SGD with learning rate {@code lr} from (x0, y0): the start and each step. */
  static Trajectory descend(double x0, double y0, double lr, int steps) {
    Tensor p = Tensor.of(new double[] {x0, y0}).requiresGrad(true); // p = (x, y)
    Optimizer optimizer = new SGD(List.of(p), lr);
    return Trajectory.record(
        p,
        steps,
        () -> {
          optimizer.zeroGrad();
          Tensor loss = f(p.select(0, 0), p.select(0, 1));
          loss.backward();
          optimizer.step();
        });
  }

  /** Runs the descent, prints its path and draws it. */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    Trajectory path = descend(2.5, -2.0, 0.1, STEPS);

    out.println("f(x, y) = x² + y², SGD lr=0.1 from (2.5, -2.0):");
    double[] xs = path.xs();
    double[] ys = path.ys();
    for (int k = 0; k <= STEPS; k++) {
      if (k % 5 != 0 && k > 2) continue;
      out.printf(
          Locale.ROOT,
          "  step %2d: (x, y) = (%8.4f, %8.4f)   f = %.6f%n",
          k,
          xs[k],
          ys[k],
          xs[k] * xs[k] + ys[k] * ys[k]);
    }
    out.println("  each step multiplies (x, y) by 1 - 0.1·2 = 0.8");

    Path contour = folder.resolve(CONTOUR_FIGURE);
    Plots.descentPath(GradientDescent2D::f, -3, 3, -3, 3)
        .title("梯度下降:f(x,y)=x²+y²")
        .path("SGD, lr=0.1", path)
        .save(contour);
    Path surface = folder.resolve(SURFACE_FIGURE);
    Plots.surface(GradientDescent2D::f, -3, 3, -3, 3)
        .title("梯度下降:f(x,y)=x²+y²")
        .path("SGD, lr=0.1", path)
        .save(surface);
    return List.of(contour, surface);
  }

  /** Entry point: {@code --out DIR} (default {@code plots/}), {@code --help}. */
  public static void main(String[] args) throws IOException {
    Launcher.main("GradientDescent2D", args, GradientDescent2D::run);
  }
}
