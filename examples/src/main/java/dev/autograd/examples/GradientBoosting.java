package dev.autograd.examples;

import dev.autograd.DType;
import dev.autograd.Functional;
import dev.autograd.Generator;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.plot.LossChart;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * The tutorial's "梯度提升算法:通过拟合残差的负梯度,逐步构建强学习器(如GBDT)" (gradient boosting: fitting the negative
 * gradient, step by step building a strong learner such as GBDT): gradient boosting of depth-3
 * regression trees on 1-D data, each tree fitted to the negative gradient of the loss with respect
 * to the ensemble's current predictions, taken by autograd, so that any differentiable loss works:
 * squared error (whose negative gradient is the residual), absolute error, Huber's loss, and the
 * logistic loss of a classifier.
 *
 * <p>The data: 200 seeded points of y = sin(2πx) + noise on [0, 1], a tenth of them shifted by +3
 * (outliers); the classifier's labels are sin(2πx) > 0. Shrinkage 0.1, 100 rounds.
 *
 * <p>Figures: {@code 16-gradient-boosting-fits.png} (the squared-error ensemble after 1, 5, 20 and
 * 100 rounds, beside the noise-free sin(2πx)), {@code 16-gradient-boosting-losses.png} (training
 * loss per round).
 *
 * <p>Run: {@code ./mvnw -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=GradientBoosting}; the figures go to {@code plots/}, or to another folder with {@code
 * -Dexec.args="--out DIR"}.
 */
public final class GradientBoosting {
  /** The squared-error ensemble after 1, 5, 20 and 100 rounds. */
  public static final String FITS_FIGURE = "16-gradient-boosting-fits.png";

  /** Training loss per round, one series per loss. */
  public static final String LOSSES_FIGURE = "16-gradient-boosting-losses.png";

  static final int POINTS = 200;
  static final int ROUNDS = 100;
  static final int DEPTH = 3;
  static final double SHRINKAGE = 0.1;

  private GradientBoosting() {}

  /** A loss of predictions F against targets y, summed over the points. */
  enum Loss {
    SQUARED("squared error", (f, y) -> f.sub(y).square().sum().mul(0.5)),
    ABSOLUTE("absolute error", (f, y) -> Functional.l1Loss(f, y, Reduction.SUM)),
    HUBER("Huber (δ = 0.3)", (f, y) -> Functional.smoothL1Loss(f, y, Reduction.SUM, 0.3).mul(0.3)),
    LOGISTIC(
        "logistic (classifier)",
        (f, y) -> Functional.binaryCrossEntropyWithLogits(f, y, Reduction.SUM));

    final String label;
    final BinaryOperator<Tensor> of;

    Loss(String label, BinaryOperator<Tensor> of) {
      this.label = label;
      this.of = of;
    }

    /** −∂L/∂F at the current predictions, by autograd. */
    double[] negativeGradient(double[] f, Tensor y) {
      Tensor predictions = Tensor.of(f, DType.FLOAT64, f.length).requiresGrad(true);
      of.apply(predictions, y).backward();
      return predictions.grad().neg().toDoubleArray();
    }

    double value(double[] f, Tensor y) {
      return of.apply(Tensor.of(f, DType.FLOAT64, f.length), y).item();
    }
  }

  /** A regression tree on one feature: a leaf's value, or a split at a threshold. */
  record Tree(double threshold, Tree left, Tree right, double value) {
    double predict(double x) {
      if (left == null) return value;
      return x <= threshold ? left.predict(x) : right.predict(x);
    }

    /** The tree of {@code depth} levels that fits {@code r} at the sorted {@code x} best in L2. */
    static Tree fit(double[] x, double[] r, int from, int to, int depth) {
      double sum = 0;
      for (int i = from; i < to; i++) sum += r[i];
      double mean = sum / (to - from);
      if (depth == 0 || to - from < 4) return new Tree(0, null, null, mean);
      // The split that most lowers the squared error: the largest n_l m_l² + n_r m_r².
      double bestGain = -1;
      int bestAt = -1;
      double leftSum = 0;
      for (int i = from; i < to - 1; i++) {
        leftSum += r[i];
        if (x[i] == x[i + 1]) continue;
        int nl = i + 1 - from;
        int nr = to - i - 1;
        double rightSum = sum - leftSum;
        double gain = leftSum * leftSum / nl + rightSum * rightSum / nr;
        if (gain > bestGain) {
          bestGain = gain;
          bestAt = i;
        }
      }
      if (bestAt < 0) return new Tree(0, null, null, mean);
      double threshold = (x[bestAt] + x[bestAt + 1]) / 2;
      return new Tree(
          threshold,
          fit(x, r, from, bestAt + 1, depth - 1),
          fit(x, r, bestAt + 1, to, depth - 1),
          mean);
    }
  }

  /** Sorted inputs, regression targets with outliers, clean targets, class labels. */
  record Data(double[] x, Tensor y, Tensor clean, Tensor labels) {
    static Data make() {
      Generator gen = new Generator(31);
      double[] x = Tensor.rand(gen, POINTS).to(DType.FLOAT64).toDoubleArray();
      Arrays.sort(x);
      double[] noise = Tensor.randn(gen, POINTS).to(DType.FLOAT64).mul(0.1).toDoubleArray();
      double[] y = new double[POINTS];
      double[] clean = new double[POINTS];
      double[] labels = new double[POINTS];
      for (int i = 0; i < POINTS; i++) {
        clean[i] = Math.sin(2 * Math.PI * x[i]);
        y[i] = clean[i] + noise[i] + (i % 10 == 3 ? 3 : 0);
        labels[i] = clean[i] > 0 ? 1 : 0;
      }
      return new Data(
          x,
          Tensor.of(y, DType.FLOAT64, POINTS),
          Tensor.of(clean, DType.FLOAT64, POINTS),
          Tensor.of(labels, DType.FLOAT64, POINTS));
    }
  }

  /** An ensemble's predictions after every round, and its training loss per round. */
  record Boosted(List<double[]> predictions, double[] losses, List<Tree> trees) {}

  /**
   * Boosts {@link #ROUNDS} trees from F = 0, each fitted to {@code loss}'s negative gradient (or,
   * for {@code residualsOnly}, to the plain residuals y − F), and records {@code loss} per round.
   */
  static Boosted boost(Data data, Tensor y, Loss loss, boolean residualsOnly) {
    double[] f = new double[POINTS];
    List<double[]> predictions = new ArrayList<>();
    List<Tree> trees = new ArrayList<>();
    double[] losses = new double[ROUNDS + 1];
    losses[0] = loss.value(f, y);
    for (int m = 1; m <= ROUNDS; m++) {
      double[] r =
          residualsOnly ? Loss.SQUARED.negativeGradient(f, y) : loss.negativeGradient(f, y);
      Tree tree = Tree.fit(data.x(), r, 0, POINTS, DEPTH);
      trees.add(tree);
      for (int i = 0; i < POINTS; i++) f[i] += SHRINKAGE * tree.predict(data.x()[i]);
      predictions.add(f.clone());
      losses[m] = loss.value(f, y);
    }
    return new Boosted(predictions, losses, trees);
  }

  static double predict(List<Tree> trees, double x) {
    double f = 0;
    for (Tree t : trees) f += SHRINKAGE * t.predict(x);
    return f;
  }

  /** Mean |F − sin(2πx)| against the noise-free function. */
  static double cleanError(Boosted b, Data data) {
    double[] f = b.predictions().get(ROUNDS - 1);
    double[] clean = data.clean().toDoubleArray();
    double s = 0;
    for (int i = 0; i < POINTS; i++) s += Math.abs(f[i] - clean[i]);
    return s / POINTS;
  }

  /** Boosts with each loss; prints the checks; draws the fits and the losses. */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    Data data = Data.make();
    double[] start = new double[POINTS];
    Arrays.fill(start, 0.25);
    double[] r = Loss.SQUARED.negativeGradient(start, data.y());
    double[] y = data.y().toDoubleArray();
    double gap = 0;
    for (int i = 0; i < POINTS; i++) gap = Math.max(gap, Math.abs(r[i] - (y[i] - start[i])));
    out.printf(
        Locale.ROOT,
        "梯度提升 (gradient boosting): −∂L/∂F of ½‖F − y‖² is the residual y − F: max difference"
            + " %.1e%n",
        gap);

    Map<Loss, Boosted> runs = new LinkedHashMap<>();
    for (Loss loss : Loss.values()) {
      runs.put(loss, boost(data, loss == Loss.LOGISTIC ? data.labels() : data.y(), loss, false));
    }
    out.printf(
        Locale.ROOT,
        "%d depth-%d trees, shrinkage %s, on %d points of sin(2πx) + noise with %d outliers:%n",
        ROUNDS,
        DEPTH,
        SHRINKAGE,
        POINTS,
        POINTS / 10);
    for (Map.Entry<Loss, Boosted> e : runs.entrySet()) {
      double[] l = e.getValue().losses();
      out.printf(
          Locale.ROOT,
          "  %-22s training loss %.3f after 1 round, %.3f after %d%n",
          e.getKey().label,
          l[1],
          l[ROUNDS],
          ROUNDS);
    }
    double[] logits = runs.get(Loss.LOGISTIC).predictions().get(ROUNDS - 1);
    double[] labels = data.labels().toDoubleArray();
    int right = 0;
    for (int i = 0; i < POINTS; i++) if ((logits[i] > 0 ? 1 : 0) == labels[i]) right++;
    out.printf(Locale.ROOT, "  classifier: %d of %d training points right%n", right, POINTS);

    Boosted l1 = runs.get(Loss.ABSOLUTE);
    Boosted residuals = boost(data, data.y(), Loss.ABSOLUTE, true);
    out.printf(
        Locale.ROOT,
        "absolute error, %d trees: fitted to its negative gradient, training loss %.3f and mean"
            + " |F − sin(2πx)| %.3f;%n  fitted to plain residuals, %.3f and %.3f: it follows the"
            + " outliers, which lowers%n  their absolute error and raises everyone else's%n",
        ROUNDS,
        l1.losses()[ROUNDS],
        cleanError(l1, data),
        residuals.losses()[ROUNDS],
        cleanError(residuals, data));

    List<Path> files = new ArrayList<>();
    double[] grid = Tensor.linspace(0, 1, 101, DType.FLOAT64).toDoubleArray();
    LossChart fits =
        LossChart.builder()
            .title("梯度提升: squared-error ensemble after 1, 5, 20 and 100 rounds")
            .xLabel("x")
            .yLabel("y");
    // The noise-free function for reference: the chart draws lines, and the points with their
    // outliers would be one jagged line.
    double[] sine = new double[grid.length];
    for (int i = 0; i < grid.length; i++) sine[i] = Math.sin(2 * Math.PI * grid[i]);
    fits.series("sin(2πx), without noise", grid, sine);
    List<Tree> trees = runs.get(Loss.SQUARED).trees();
    for (int rounds : new int[] {1, 5, 20, 100}) {
      double[] curve = new double[grid.length];
      List<Tree> first = trees.subList(0, rounds);
      for (int i = 0; i < grid.length; i++) curve[i] = predict(first, grid[i]);
      fits.series(rounds + (rounds == 1 ? " round" : " rounds"), grid, curve);
    }
    Path fitsFile = folder.resolve(FITS_FIGURE);
    fits.save(fitsFile);
    files.add(fitsFile);

    LossChart losses = LossChart.builder().title("梯度提升: training loss per round").logY();
    for (Map.Entry<Loss, Boosted> e : runs.entrySet()) {
      losses.series(e.getKey().label, e.getValue().losses());
    }
    Path lossesFile = folder.resolve(LOSSES_FIGURE);
    losses.save(lossesFile);
    files.add(lossesFile);
    return files;
  }

  /** Entry point: {@code --out DIR} (default {@code plots/}), {@code --help}. */
  public static void main(String[] args) throws IOException {
    Launcher.main("GradientBoosting", args, GradientBoosting::run);
  }
}
