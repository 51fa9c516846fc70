package dev.autograd.examples;

import dev.autograd.DType;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.nn.Linear;
import dev.autograd.nn.MSELoss;
import dev.autograd.nn.PReLU;
import dev.autograd.nn.Sequential;
import dev.autograd.optim.Adam;
import dev.autograd.plot.LossChart;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tutorial's "激活函数的可学习参数(如Leaky ReLU的斜率α)需通过梯度下降优化" (learnable parameters of an activation,
 * such as Leaky ReLU's slope α, are optimised by gradient descent): {@code Sequential(Linear(1, 4),
 * PReLU(4), Linear(4, 1))} fits y = x for x ≥ 0 and y = −x/2 below, a kink that a fixed
 * LeakyReLU(0.01) has to build from its two sides; the four slopes α, one per channel, start at
 * PyTorch's 0.25 and move with the weights. It prints the slopes before and after and draws them
 * over training, and the learned activations beside LeakyReLU(0.01).
 *
 * <p>Figures: {@code 14-learned-slopes.png}, {@code 14-learned-activations.png}.
 *
 * <p>Run: {@code ./mvnw -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=LearnedSlopes}; the figures go to {@code plots/}, or to another folder with {@code
 * -Dexec.args="--out DIR"}.
 */
public final class LearnedSlopes {
  /** α of each channel per step. */
  public static final String SLOPES_FIGURE = "14-learned-slopes.png";

  /** Each channel's learned PReLU beside LeakyReLU(0.01). */
  public static final String ACTIVATIONS_FIGURE = "14-learned-activations.png";

  static final int CHANNELS = 4;
  static final int STEPS = 500;
  static final double LR = 0.01;

  private LearnedSlopes() {}

  /** The target: x above 0, −x/2 below. */
  static Tensor target(Tensor x) {
    return x.relu().sub(x.neg().relu().mul(-0.5));
  }

  /** Trains the network; prints and draws the slopes. */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    Generator gen = new Generator(23);
    PReLU prelu = new PReLU(CHANNELS, 0.25);
    Sequential model =
        new Sequential(
            new Linear(1, CHANNELS, true, gen), prelu, new Linear(CHANNELS, 1, true, gen));
    Tensor x = Tensor.rand(gen, 128, 1).mul(4).sub(2);
    Tensor y = target(x);
    Adam opt = new Adam(model.parameters(), LR);
    MSELoss mse = new MSELoss();
    List<double[]> slopes = new ArrayList<>();
    slopes.add(prelu.weight().toDoubleArray());
    double first = 0;
    double last = 0;
    for (int step = 0; step < STEPS; step++) {
      opt.zeroGrad();
      Tensor loss = mse.forward(model.forward(x), y);
      loss.backward();
      opt.step();
      slopes.add(prelu.weight().toDoubleArray());
      if (step == 0) first = loss.item();
      last = loss.item();
    }
    double[] start = slopes.get(0);
    double[] end = slopes.get(slopes.size() - 1);
    out.printf(
        Locale.ROOT,
        "可学习的激活参数 (learnable slopes): PReLU(%d) in Linear(1, %d) -> PReLU -> Linear(%d, 1),"
            + " Adam lr=%s, %d steps on y = x (x ≥ 0), −x/2 (x < 0)%n",
        CHANNELS,
        CHANNELS,
        CHANNELS,
        LR,
        STEPS);
    out.printf(Locale.ROOT, "loss %.4f -> %.5f%n", first, last);
    for (int c = 0; c < CHANNELS; c++) {
      out.printf(Locale.ROOT, "  channel %d: α %.4f -> %.4f%n", c, start[c], end[c]);
    }
    out.println("  (LeakyReLU's α stays 0.01: it is a constant, not a parameter)");

    LossChart slopeChart = LossChart.builder().title("可学习的激活参数: PReLU's α per channel").yLabel("α");
    for (int c = 0; c < CHANNELS; c++) {
      double[] alpha = new double[slopes.size()];
      for (int i = 0; i < alpha.length; i++) alpha[i] = slopes.get(i)[c];
      slopeChart.series("channel " + c, alpha);
    }
    Path slopesFile = folder.resolve(SLOPES_FIGURE);
    slopeChart.save(slopesFile);

    Tensor grid = Tensor.linspace(-3, 3, 121, DType.FLOAT32);
    LossChart activations =
        LossChart.builder()
            .title("learned PReLU(x) per channel and LeakyReLU(0.01)")
            .xLabel("x")
            .yLabel("activation");
    for (int c = 0; c < CHANNELS; c++) {
      Tensor learned = grid.relu().sub(grid.neg().relu().mul(end[c]));
      activations.series(
          "PReLU, α = " + String.format(Locale.ROOT, "%.3f", end[c]),
          grid.toDoubleArray(),
          learned.toDoubleArray());
    }
    activations.series(
        "LeakyReLU(0.01)", grid.toDoubleArray(), grid.leakyRelu(0.01).toDoubleArray());
    Path activationsFile = folder.resolve(ACTIVATIONS_FIGURE);
    activations.save(activationsFile);
    return List.of(slopesFile, activationsFile);
  }

  /** Entry point: {@code --out DIR} (default {@code plots/}), {@code --help}. */
  public static void main(String[] args) throws IOException {
    Launcher.main("LearnedSlopes", args, LearnedSlopes::run);
  }
}
