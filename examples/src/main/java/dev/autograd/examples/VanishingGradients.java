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
import dev.autograd.plot.Figure;
import dev.autograd.plot.GradientFlowChart;
import dev.autograd.plot.GradientNorms;
import dev.autograd.plot.Plots;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tutorial's "梯度爆炸与消失: 深度网络中链式求导可能导致梯度异常。解决方案包括梯度裁剪、使用ReLU等激活函数" (exploding and vanishing
 * gradients: the chain rule through a deep network can make gradients degenerate; the remedies
 * include clipping and activations such as ReLU). Three stacks of 8 × (Linear(16, 16), activation),
 * for Sigmoid, ReLU and LeakyReLU(0.01), start from the same weights and train with {@code SGD} on
 * the same regression data while {@code GradientNorms} records each layer's gradient norm after
 * every backward pass. In the Sigmoid stack each layer multiplies the gradient by at most σ′ ≤ 0.25
 * times its weights, so the first layer's gradient is orders of magnitude smaller than the last
 * one's; in the ReLU stacks it is not.
 *
 * <p>Figure: {@code 9-vanishing-gradients.png} (one panel per activation, the same log scale).
 *
 * <p>Run: {@code mvn -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=VanishingGradients}; the figures go to {@code plots/}, or to another folder with {@code
 * -Dexec.args="--out DIR"}.
 */
public final class VanishingGradients {
  /** The file the figure is written to, in the output folder. */
  public static final String FIGURE = "9-vanishing-gradients.png";

  static final long SEED = 3;
  static final int LAYERS = 8;
  static final int WIDTH = 16;
  static final int STEPS = 100;

  private static final Logger LOG = LoggerFactory.getLogger(VanishingGradients.class);

  private VanishingGradients() {}

  /** The three activations, by class name. */
  static Map<String, Supplier<Module>> activations() {
    Map<String, Supplier<Module>> activations = new LinkedHashMap<>();
    activations.put("Sigmoid", Sigmoid::new);
    activations.put("ReLU", ReLU::new);
    activations.put("LeakyReLU", () -> new LeakyReLU(0.01));
    return activations;
  }

  /** Trains a stack with {@code activation}, recording the gradient norm of every layer. */
  static GradientNorms train(String name, Supplier<Module> activation) {
    Generator generator = new Generator(SEED); // the same weights and data for every activation
    Sequential model = new Sequential();
    for (int i = 0; i < LAYERS; i++) {
      model.add(new Linear(WIDTH, WIDTH, true, generator));
      model.add(activation.get());
    }
    Tensor inputs = Tensor.randn(generator, 64, WIDTH);
    Tensor targets = Tensor.randn(generator, 64, WIDTH);
    Optimizer optimizer = new SGD(model.parameters(), 0.05);
    MSELoss criterion = new MSELoss();
    GradientNorms norms = GradientNorms.of(model);
    for (int step = 1; step <= STEPS; step++) {
      optimizer.zeroGrad();
      Tensor loss = criterion.forward(model.forward(inputs), targets);
      loss.backward();
      norms.record();
      optimizer.step();
      if (step % (STEPS / 4) == 0) {
        LOG.debug(
            "{}: step {}/{}, loss {}",
            name,
            step,
            STEPS,
            String.format(Locale.ROOT, "%.4f", loss.item()));
      }
    }
    return norms;
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) sum += v;
    return sum / values.length;
  }

  /** Trains the three stacks, prints the first and last layers' gradient norms, draws the flow. */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    out.printf(
        Locale.ROOT,
        "%d × (Linear(%d, %d), activation), SGD lr=0.05, %d steps; mean gradient norm per layer:%n",
        LAYERS,
        WIDTH,
        WIDTH,
        STEPS);
    GradientFlowChart chart =
        Plots.gradientFlow()
            .title("梯度消失:各层梯度范数   (gradient norm of each layer's weights)")
            .size(1400, 520);
    for (Map.Entry<String, Supplier<Module>> e : activations().entrySet()) {
      GradientNorms norms = train(e.getKey(), e.getValue());
      List<String> layers = norms.layers();
      double first = mean(norms.norms(layers.get(0)));
      double last = mean(norms.norms(layers.get(layers.size() - 1)));
      out.printf(
          Locale.ROOT,
          "  %-9s first layer (%s) %.2e, last layer (%s) %.2e: ratio first/last %.1e%n",
          e.getKey(),
          layers.get(0),
          first,
          layers.get(layers.size() - 1),
          last,
          first / last);
      chart.panel(e.getKey(), norms);
    }
    out.println(
        "  Sigmoid: σ′ ≤ 0.25 at every layer, so the gradient shrinks layer by layer towards the");
    out.println(
        "  input; with PyTorch's default initialisation it shrinks in the ReLU stacks too, but far");
    out.println("  less");

    Path file = folder.resolve(FIGURE);
    Figure figure = chart.build();
    // The layers are the same in every panel: one legend, beside the last panel.
    List<XYChart> panels = figure.charts();
    for (int i = 0; i < panels.size(); i++) {
      panels.get(i).getStyler().setLegendVisible(i == panels.size() - 1);
    }
    panels.get(panels.size() - 1).getStyler().setLegendPosition(LegendPosition.OutsideE);
    figure.save(file);
    return List.of(file);
  }

  /** Entry point: {@code --out DIR} (default {@code plots/}), {@code --help}. */
  public static void main(String[] args) throws IOException {
    Launcher.main("VanishingGradients", args, VanishingGradients::run);
  }
}
