package dev.autograd.examples;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.optim.Adam;
import dev.autograd.optim.Optimizer;
import dev.autograd.optim.RMSprop;
import dev.autograd.optim.SGD;
import dev.autograd.plot.Figure;
import dev.autograd.plot.LossChart;
import dev.autograd.plot.Plots;
import dev.autograd.plot.Trajectory;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tutorial names the optimizers "随机梯度下降(SGD)及其变种(Adam、RMSprop)" (SGD and its variants, Adam and
 * RMSprop) and says that choosing one speeds up convergence. Here SGD, SGD with momentum, RMSprop
 * and Adam each descend Rosenbrock's valley f(x, y) = (1 − x)² + 100 (y − x²)² from (−1.5, 2) for
 * the same number of steps: a curved, flat-bottomed valley, where plain gradient descent crawls
 * along the floor. Their paths go on one contour chart (coloured on a log scale, so the valley
 * shows) and their losses on one chart with a log axis. It prints where each one ended.
 *
 * <p>Figures: {@code 8-optimizers-paths.png}, {@code 8-optimizers-losses.png}.
 *
 * <p>Run: {@code mvn -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=OptimizersCompared}; the figures go to {@code plots/}, or to another folder with {@code
 * -Dexec.args="--out DIR"}.
 */
public final class OptimizersCompared {
  /** The paths over the contours, in the output folder. */
  public static final String PATHS_FIGURE = "8-optimizers-paths.png";

  /** The losses, in the output folder. */
  public static final String LOSSES_FIGURE = "8-optimizers-losses.png";

  /** Steps per optimizer. */
  static final int STEPS = 2000;

  static final double X0 = -1.5;
  static final double Y0 = 2.0;

  private static final Logger LOG = LoggerFactory.getLogger(OptimizersCompared.class);

  private OptimizersCompared() {}

  /** Rosenbrock's valley, minimum 0 at (1, 1); element-wise. */
  static Tensor rosenbrock(Tensor x, Tensor y) {
    return x.neg().add(1).square().add(y.sub(x.square()).square().mul(100));
  }

  /** An optimizer under its name and settings. */
  record Contender(String name, Function<List<Tensor>, Optimizer> make) {}

  /** The four optimizers, each at a learning rate that is stable from the start point. */
  static List<Contender> contenders() {
    return List.of(
        new Contender("SGD, lr=1e-3", p -> new SGD(p, 1e-3)),
        new Contender(
            "SGD momentum=0.9, lr=2e-4", p -> SGD.builder(p).lr(2e-4).momentum(0.9).build()),
        new Contender("RMSprop, lr=1e-2", p -> new RMSprop(p, 1e-2)),
        new Contender("Adam, lr=0.05", p -> new Adam(p, 0.05)));
  }

  /** One optimizer's descent: its path and its loss before each step. */
  record Descent(String name, Trajectory path, double[] losses) {}

  /** Runs {@code contender} for {@link #STEPS} steps from (X0, Y0). */
  static Descent descend(Contender contender) {
    Tensor p = Tensor.of(new double[] {X0, Y0}, DType.FLOAT64).requiresGrad(true);
    Optimizer optimizer = contender.make().apply(List.of(p));
    double[] losses = new double[STEPS];
    int[] step = {0};
    Trajectory path =
        Trajectory.record(
            p,
            STEPS,
            () -> {
              optimizer.zeroGrad();
              Tensor loss = rosenbrock(p.select(0, 0), p.select(0, 1));
              loss.backward();
              optimizer.step();
              losses[step[0]++] = loss.item();
              if (step[0] % (STEPS / 4) == 0) {
                LOG.debug(
                    "{}: step {}/{}, loss {}",
                    contender.name(),
                    step[0],
                    STEPS,
                    String.format(Locale.ROOT, "%.3g", loss.item()));
              }
            });
    return new Descent(contender.name(), path, losses);
  }

  /** Runs the four optimizers, prints their end points and draws paths and losses. */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    out.printf(
        Locale.ROOT,
        "Rosenbrock f(x, y) = (1 - x)² + 100 (y - x²)², minimum 0 at (1, 1); %d steps from (%.1f,"
            + " %.1f):%n",
        STEPS,
        X0,
        Y0);
    List<Descent> descents = new ArrayList<>();
    for (Contender c : contenders()) {
      Descent d = descend(c);
      descents.add(d);
      double[] end = d.path().end();
      double last =
          rosenbrock(Tensor.scalar(end[0], DType.FLOAT64), Tensor.scalar(end[1], DType.FLOAT64))
              .item();
      int reached = -1;
      for (int k = 0; k < d.losses().length && reached < 0; k++) {
        if (d.losses()[k] < 1e-3) reached = k;
      }
      out.printf(
          Locale.ROOT,
          "  %-26s ends at (%.4f, %.4f), f = %.2e; f < 1e-3 %s%n",
          d.name(),
          end[0],
          end[1],
          last,
          reached < 0 ? "never" : "from step " + reached);
    }

    Path paths = folder.resolve(PATHS_FIGURE);
    var chart =
        Plots.descentPath(OptimizersCompared::rosenbrock, -2, 2, -1, 3)
            .title("优化器对比:Rosenbrock   (optimizers on Rosenbrock's valley)")
            .logColorScale();
    for (Descent d : descents) chart.path(d.name(), d.path());
    Figure pathFigure = chart.save(paths);

    Path losses = folder.resolve(LOSSES_FIGURE);
    LossChart lossChart =
        Plots.lossHistory()
            .title("优化器对比:损失   (loss per step)")
            .xLabel("Step")
            .yLabel("f(x, y)")
            .logY();
    for (Descent d : descents) lossChart.series(d.name(), d.losses());
    Figure lossFigure = lossChart.build();
    // Each optimizer in the colour of its path.
    for (Descent d : descents) {
      Color colour = pathFigure.charts().get(0).getSeries(d.name()).getLineColor();
      lossFigure.charts().get(0).getSeries(d.name()).setLineColor(colour);
    }
    lossFigure.save(losses);
    return List.of(paths, losses);
  }

  /** Entry point: {@code --out DIR} (default {@code plots/}), {@code --help}. */
  public static void main(String[] args) throws IOException {
    Launcher.main("OptimizersCompared", args, OptimizersCompared::run);
  }
}
