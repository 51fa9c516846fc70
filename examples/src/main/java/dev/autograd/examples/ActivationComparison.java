package dev.autograd.examples;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.nn.LeakyReLU;
import dev.autograd.nn.Linear;
import dev.autograd.nn.MSELoss;
import dev.autograd.nn.Module;
import dev.autograd.nn.ReLU;
import dev.autograd.nn.Sequential;
import dev.autograd.nn.Sigmoid;
import dev.autograd.optim.Optimizer;
import dev.autograd.optim.SGD;
import dev.autograd.plot.LossChart;
import dev.autograd.plot.Plots;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tutorial section "2. 激活函数对梯度下降的影响" (how the activation affects gradient descent): {@code
 * Sequential(Linear(1, 1), activation)} for Sigmoid, ReLU and LeakyReLU(0.01), each trained with
 * {@code SGD(lr=0.01)} for 100 steps on batches of 10 random inputs with targets y = 2x + 1 and the
 * mean squared error, one loss curve per activation on one chart titled "不同激活函数的损失下降对比". The
 * tutorial labels the curves with {@code activation_funcs[i].__class__.__name__}, a list it never
 * defines; the curves here carry the modules' own class names.
 *
 * <p>The three models start from the same weights (seeded) and see the same batches, so only the
 * activation differs. A sigmoid's output lies in (0, 1), so it cannot reach 2x + 1 and its loss
 * stays high; ReLU and LeakyReLU fit the line where it is positive, and differ from each other only
 * where w·x + b &lt; 0, so their curves nearly coincide.
 *
 * <p>Figure: {@code 6-activation-comparison.png}.
 *
 * <p>Run: {@code mvn -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=ActivationComparison}; the figures go to {@code plots/}, or to another folder with
 * {@code -Dexec.args="--out DIR"}.
 */
public final class ActivationComparison {
  /** The file the figure is written to, in the output folder. */
  public static final String FIGURE = "6-activation-comparison.png";

  /** The seed of the initial weights and the batches: the same output on every run. */
  static final long SEED = 42;

  /** Training steps per activation. */
  static final int STEPS = 100;

  private static final Logger LOG = LoggerFactory.getLogger(ActivationComparison.class);

  private ActivationComparison() {}

  /** The tutorial's {@code activation_modules}. */
  static List<Module> activationModules() {
    return List.of(new Sigmoid(), new ReLU(), new LeakyReLU(0.01));
  }

  /** One trained model: its activation's class name, its losses and its final Linear(1, 1). */
  record Run(String name, double[] losses, double weight, double bias) {}

  /** Trains one model per activation, in the tutorial's order. */
  static List<Run> train() {
    List<Run> runs = new ArrayList<>();
    for (Module act : activationModules()) {
      // Every model starts from the same weights and sees the same batches: only the activation
      // differs.
      Generator generator = new Generator(SEED);
      Linear linear = new Linear(1, 1, true, generator);
      Sequential model = new Sequential(linear, act);
      Optimizer optimizer = new SGD(model.parameters(), 0.01);
      MSELoss criterion = new MSELoss(); // torch.mean((outputs - targets)**2)
      double[] losses = new double[STEPS];
      for (int step = 0; step < STEPS; step++) {
        Tensor inputs = Tensor.randn(generator, 10, 1);
        Tensor targets = inputs.mul(2).add(1);
        Tensor outputs = model.forward(inputs);
        Tensor loss = criterion.forward(outputs, targets);
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
        losses[step] = loss.item();
      }
      String name = act.getClass().getSimpleName();
      LOG.debug("{}: trained {} steps", name, STEPS);
      runs.add(new Run(name, losses, linear.weight().item(), linear.bias().item()));
    }
    return runs;
  }

  /** Trains the three models, prints how their losses fell and draws the curves. */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    List<Run> runs = train();
    out.println(
        "Sequential(Linear(1, 1), activation), SGD lr=0.01, "
            + STEPS
            + " steps of 10 random inputs, y = 2x + 1:");
    for (Run r : runs) {
      double[] l = r.losses();
      out.printf(
          Locale.ROOT,
          "  %-9s loss %.4f at step 0, %.4f on average over the last 10 steps; w = %.4f, b ="
              + " %.4f%n",
          r.name(),
          l[0],
          mean(l, l.length - 10, l.length),
          r.weight(),
          r.bias());
    }
    out.println(
        "  (same initial weights and batches for all three: ReLU and LeakyReLU differ only");
    out.println("   where w·x + b < 0, so their curves nearly coincide)");

    Path file = folder.resolve(FIGURE);
    LossChart chart = Plots.lossHistory().title("不同激活函数的损失下降对比").xLabel("Epoch").yLabel("Loss");
    for (Run r : runs) chart.series(r.name(), r.losses());
    chart.save(file);
    return List.of(file);
  }

  static double mean(double[] values, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) sum += values[i];
    return sum / (to - from);
  }

  /** Entry point: {@code --out DIR} (default {@code plots/}), {@code --help}. */
  public static void main(String[] args) throws IOException {
    Launcher.main("ActivationComparison", args, ActivationComparison::run);
  }
}
