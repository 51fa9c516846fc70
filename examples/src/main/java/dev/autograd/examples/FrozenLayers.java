package dev.autograd.examples;

import dev.autograd.Generator;
import dev.autograd.GradFn;
import dev.autograd.Tensor;
import dev.autograd.nn.Linear;
import dev.autograd.nn.MSELoss;
import dev.autograd.nn.Sequential;
import dev.autograd.nn.Tanh;
import dev.autograd.optim.Adam;
import dev.autograd.optim.Optimizer;
import dev.autograd.plot.LossChart;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Frozen layers, as in transfer learning ("冻结层"): a network pretrained on one task, its first two
 * layers frozen with {@code requiresGrad(false)} and left out of the optimizer, fine-tuned on a
 * second task. It prints that the frozen weights are bit-identical afterwards, that the optimizer
 * holds state only for the trained layer, and how much smaller one step's graph is (the backward
 * ops recorded, counted through {@link GradFn#inputs()}), and draws the losses.
 *
 * <p>The tasks: y = sin(2 x₁) + x₂² (pretraining) and y = sin(2 x₁) + x₂² + x₁ x₂ (fine-tuning), on
 * 256 seeded points of [-1, 1]²; the network {@code Sequential(Linear(2, 32), Tanh, Linear(32, 32),
 * Tanh, Linear(32, 1))}, Adam lr 0.01, 300 full-batch steps each.
 *
 * <p>Figure: {@code 12-frozen-layers.png}.
 *
 * <p>Run: {@code ./mvnw -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=FrozenLayers}; the figures go to {@code plots/}, or to another folder with {@code
 * -Dexec.args="--out DIR"}.
 */
public final class FrozenLayers {
  /** The losses of pretraining and of the two fine-tunings. */
  public static final String FIGURE = "12-frozen-layers.png";

  static final int STEPS = 300;
  static final double LR = 0.01;

  private FrozenLayers() {}

  /** Inputs in [-1, 1]² and both tasks' targets. */
  record Data(Tensor x, Tensor first, Tensor second) {
    static Data make() {
      Tensor x = Tensor.rand(new Generator(3), 256, 2).mul(2).sub(1);
      Tensor x1 = x.select(1, 0);
      Tensor x2 = x.select(1, 1);
      Tensor first = x1.mul(2).sin().add(x2.square()).unsqueeze(1);
      return new Data(x, first, first.add(x1.mul(x2).unsqueeze(1)));
    }
  }

  static Sequential network() {
    Generator gen = new Generator(5);
    return new Sequential(
        new Linear(2, 32, true, gen),
        new Tanh(),
        new Linear(32, 32, true, gen),
        new Tanh(),
        new Linear(32, 1, true, gen));
  }

  /** Trains {@code model} on {@code y} with {@code opt}; returns the loss per step. */
  static double[] train(Sequential model, Optimizer opt, Tensor x, Tensor y) {
    MSELoss mse = new MSELoss();
    double[] losses = new double[STEPS];
    for (int step = 0; step < STEPS; step++) {
      opt.zeroGrad();
      Tensor loss = mse.forward(model.forward(x), y);
      loss.backward();
      opt.step();
      losses[step] = loss.item();
    }
    return losses;
  }

  /** The backward ops one step records: the distinct nodes reachable from the loss. */
  static int recordedOps(Sequential model, Tensor x, Tensor y) {
    Tensor loss = new MSELoss().forward(model.forward(x), y);
    Set<GradFn> seen = new HashSet<>();
    List<GradFn> todo = new ArrayList<>(List.of(loss.gradFn()));
    while (!todo.isEmpty()) {
      GradFn node = todo.remove(todo.size() - 1);
      if (!seen.add(node)) continue;
      for (Tensor input : node.inputs()) {
        if (input != null && input.gradFn() != null) todo.add(input.gradFn());
      }
    }
    return seen.size();
  }

  /** A copy of the model's parameters' values, by name. */
  static Map<String, double[]> snapshot(Sequential model) {
    Map<String, double[]> values = new LinkedHashMap<>();
    model.namedParameters().forEach((name, p) -> values.put(name, p.toDoubleArray()));
    return values;
  }

  /** Pretrains, freezes, fine-tunes; prints the checks and draws the losses. */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    Data data = Data.make();
    Sequential model = network();
    double[] pretraining = train(model, new Adam(model.parameters(), LR), data.x(), data.first());
    Map<String, double[]> pretrained = snapshot(model);
    int opsAll = recordedOps(model, data.x(), data.second());

    // A copy trained on the second task with every layer, for comparison.
    Sequential everyLayer = network();
    everyLayer.loadStateDict(model.stateDict(), true);
    double[] fineTuneAll =
        train(everyLayer, new Adam(everyLayer.parameters(), LR), data.x(), data.second());

    // Freeze the first two Linear layers: no gradient, no optimizer state.
    List<String> frozen = List.of("0.weight", "0.bias", "2.weight", "2.bias");
    Map<String, Tensor> named = model.namedParameters();
    for (String name : frozen) named.get(name).requiresGrad(false);
    List<Tensor> trainable = model.parameters().stream().filter(Tensor::requiresGrad).toList();
    int opsFrozen = recordedOps(model, data.x(), data.second());
    Optimizer fineTuning = new Adam(trainable, LR);
    double[] fineTuneFrozen = train(model, fineTuning, data.x(), data.second());
    int withState = ((Map<?, ?>) fineTuning.stateDict().get("state")).size();

    Map<String, double[]> after = snapshot(model);
    boolean identical = true;
    for (String name : frozen) identical &= Arrays.equals(pretrained.get(name), after.get(name));
    double moved = 0;
    for (String name : List.of("4.weight", "4.bias")) {
      double[] a = pretrained.get(name);
      double[] b = after.get(name);
      for (int i = 0; i < a.length; i++) moved = Math.max(moved, Math.abs(a[i] - b[i]));
    }

    out.printf(
        Locale.ROOT,
        "冻结层 (frozen layers): pretrained %d steps on y = sin(2x₁) + x₂², loss %.4f -> %.4f%n",
        STEPS,
        pretraining[0],
        pretraining[STEPS - 1]);
    out.printf(
        Locale.ROOT,
        "fine-tuned %d steps on y = sin(2x₁) + x₂² + x₁x₂: loss %.4f -> %.4f with layers 0 and 2"
            + " frozen, -> %.4f with every layer%n",
        STEPS,
        fineTuneFrozen[0],
        fineTuneFrozen[STEPS - 1],
        fineTuneAll[STEPS - 1]);
    out.printf(
        Locale.ROOT,
        "frozen weights (%s) bit-identical after fine-tuning: %s; the last layer moved by up to"
            + " %.3f%n",
        String.join(", ", frozen),
        identical,
        moved);
    out.printf(
        Locale.ROOT,
        "parameters trained: %d of %d tensors (%d of %d numbers); Adam's state covers %d tensors%n",
        trainable.size(),
        model.parameters().size(),
        trainable.stream().mapToInt(Tensor::numel).sum(),
        model.parameters().stream().mapToInt(Tensor::numel).sum(),
        withState);
    out.printf(
        Locale.ROOT,
        "backward ops recorded per step: %d with every layer trainable, %d with layers 0 and 2"
            + " frozen%n",
        opsAll,
        opsFrozen);

    Path file = folder.resolve(FIGURE);
    double[] later = new double[STEPS];
    for (int i = 0; i < STEPS; i++) later[i] = STEPS + i;
    LossChart.builder()
        .title("冻结层: pretraining, then fine-tuning")
        .series("pretraining (task 1)", pretraining)
        .series("fine-tuning, layers 0 and 2 frozen (task 2)", later, fineTuneFrozen)
        .series("fine-tuning, every layer (task 2)", later, fineTuneAll)
        .logY()
        .save(file);
    return List.of(file);
  }

  /** Entry point: {@code --out DIR} (default {@code plots/}), {@code --help}. */
  public static void main(String[] args) throws IOException {
    Launcher.main("FrozenLayers", args, FrozenLayers::run);
  }
}
