package dev.autograd.examples;

import dev.autograd.Autograd;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.nn.Linear;
import dev.autograd.nn.MSELoss;
import dev.autograd.nn.Module;
import dev.autograd.nn.ReLU;
import dev.autograd.nn.Sequential;
import dev.autograd.optim.ClipGrad;
import dev.autograd.optim.SGD;
import dev.autograd.plot.LossChart;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tutorial's "深度网络中链式求导可能导致梯度异常。解决方案包括梯度裁剪" (in deep networks the chain rule can make gradients
 * misbehave; the remedies include gradient clipping): 8 × (Linear(16, 16), ReLU) whose weights
 * start three times PyTorch's default scale, so that the gradient grows layer by layer towards the
 * input, trained with SGD without clipping, with {@code clipGradNorm(params, 1)} and with {@code
 * clipGradValue(params, 0.01)}. It prints the first gradient norm and how each run ends, and draws
 * the gradient norm and the loss per step.
 *
 * <p>Figures: {@code 13-gradient-clipping-norms.png}, {@code 13-gradient-clipping-losses.png}.
 *
 * <p>Run: {@code ./mvnw -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=GradientClipping}; the figures go to {@code plots/}, or to another folder with {@code
 * -Dexec.args="--out DIR"}.
 */
public final class GradientClipping {
  /** The gradient norm before clipping, per step, one series per run. */
  public static final String NORMS_FIGURE = "13-gradient-clipping-norms.png";

  /** The loss per step, one series per run. */
  public static final String LOSSES_FIGURE = "13-gradient-clipping-losses.png";

  static final int LAYERS = 8;
  static final int WIDTH = 16;
  static final double INIT_SCALE = 4;
  static final int STEPS = 200;
  static final double LR = 0.02;

  private GradientClipping() {}

  /** How a run's gradients are clipped before each step. */
  enum Clipping {
    NONE("no clipping"),
    NORM("clipGradNorm(params, 1)"),
    VALUE("clipGradValue(params, 0.1)");

    final String label;

    Clipping(String label) {
      this.label = label;
    }

    void apply(List<Tensor> params) {
      if (this == NORM) ClipGrad.clipGradNorm(params, 1.0);
      if (this == VALUE) ClipGrad.clipGradValue(params, 0.1);
    }
  }

  /** The gradient norm (before clipping) and the loss of each step, up to a non-finite loss. */
  record Run(List<Double> norms, List<Double> losses, int divergedAt) {}

  static Sequential network() {
    Generator gen = new Generator(13);
    List<Module> layers = new ArrayList<>();
    for (int i = 0; i < LAYERS; i++) {
      Linear linear = new Linear(WIDTH, WIDTH, true, gen);
      try (var scope = Autograd.noGrad()) {
        linear.weight().mul_(INIT_SCALE);
      }
      layers.add(linear);
      layers.add(new ReLU());
    }
    return new Sequential(layers.toArray(Module[]::new));
  }

  static Run train(Clipping clipping) {
    Generator gen = new Generator(17);
    Tensor x = Tensor.randn(gen, 64, WIDTH);
    Tensor y = Tensor.randn(gen, 64, WIDTH);
    Sequential model = network();
    List<Tensor> params = model.parameters();
    SGD opt = new SGD(params, LR);
    MSELoss mse = new MSELoss();
    List<Double> norms = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      opt.zeroGrad();
      Tensor loss = mse.forward(model.forward(x), y);
      double value = loss.item();
      if (!Double.isFinite(value)) return new Run(norms, losses, step);
      loss.backward();
      double norm = 0;
      for (Tensor p : params) norm += p.grad().square().sum().item();
      norms.add(Math.sqrt(norm));
      losses.add(value);
      clipping.apply(params);
      opt.step();
    }
    return new Run(norms, losses, -1);
  }

  /** Trains the three runs, prints how they went, draws the norms and the losses. */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    Map<Clipping, Run> runs = new LinkedHashMap<>();
    for (Clipping c : Clipping.values()) runs.put(c, train(c));
    out.printf(
        Locale.ROOT,
        "梯度裁剪 (gradient clipping): %d × (Linear(%d, %d), ReLU), weights at %.0f× the default"
            + " scale, SGD lr=%s, %d steps%n",
        LAYERS,
        WIDTH,
        WIDTH,
        INIT_SCALE,
        LR,
        STEPS);
    out.printf(
        Locale.ROOT,
        "gradient norm at the first step: %.3e (layer by layer, the gradient grows towards the"
            + " input)%n",
        runs.get(Clipping.NONE).norms().get(0));
    for (Map.Entry<Clipping, Run> e : runs.entrySet()) {
      Run r = e.getValue();
      String end =
          r.divergedAt() >= 0
              ? String.format(Locale.ROOT, "the loss overflowed at step %d", r.divergedAt())
              : String.format(
                  Locale.ROOT,
                  "loss %.4f -> %.4f",
                  r.losses().get(0),
                  r.losses().get(r.losses().size() - 1));
      out.printf(Locale.ROOT, "  %-28s %s%n", e.getKey().label, end);
    }

    LossChart norms =
        LossChart.builder().title("梯度裁剪: gradient norm before clipping").yLabel("‖∇‖").logY();
    LossChart losses = LossChart.builder().title("梯度裁剪: loss").logY();
    for (Map.Entry<Clipping, Run> e : runs.entrySet()) {
      norms.series(e.getKey().label, e.getValue().norms());
      losses.series(e.getKey().label, e.getValue().losses());
    }
    Path normsFile = folder.resolve(NORMS_FIGURE);
    Path lossesFile = folder.resolve(LOSSES_FIGURE);
    norms.save(normsFile);
    losses.save(lossesFile);
    return List.of(normsFile, lossesFile);
  }

  /** Entry point: {@code --out DIR} (default {@code plots/}), {@code --help}. */
  public static void main(String[] args) throws IOException {
    Launcher.main("GradientClipping", args, GradientClipping::run);
  }
}
