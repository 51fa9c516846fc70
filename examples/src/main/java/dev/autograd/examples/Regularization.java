package dev.autograd.examples;

import dev.autograd.DType;
import dev.autograd.Functional;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.optim.Adam;
import dev.autograd.optim.AdamW;
import dev.autograd.optim.Optimizer;
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
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The tutorial's remark on regularization, "正则化项的导数(如L2正则化的梯度为2λW)影响参数更新幅度,防止过拟合" (the derivative
 * of the regularization term, such as the gradient 2λW of L2, sets how far the parameters move, and
 * so prevents overfitting), as a program: autograd's gradient of λ‖W‖² against 2λW; then an
 * over-parameterised fit (a degree-9 polynomial through 12 noisy points of sin(πx)) trained without
 * a penalty, with L2 and with L1 in the loss, drawn with the weights' magnitudes; and the two ways
 * of writing weight decay compared: L2 in the loss and SGD's {@code weightDecay} give the same
 * trajectory, and so do L2 in the loss and Adam's {@code weightDecay}, while AdamW's decoupled
 * decay takes another path.
 *
 * <p>Figures: {@code 11-regularization-fits.png}, {@code 11-regularization-weights.png}.
 *
 * <p>Run: {@code ./mvnw -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=Regularization}; the figures go to {@code plots/}, or to another folder with {@code
 * -Dexec.args="--out DIR"}.
 */
public final class Regularization {
  /** The fits over the data. */
  public static final String FITS_FIGURE = "11-regularization-fits.png";

  /** |w_k| per coefficient, one series per penalty. */
  public static final String WEIGHTS_FIGURE = "11-regularization-weights.png";

  /** The penalty's coefficient λ. */
  static final double LAMBDA = 1e-2;

  /** The polynomial's degree: 10 coefficients for 12 points. */
  static final int DEGREE = 9;

  static final int POINTS = 12;
  static final int STEPS = 3000;
  static final double SGD_LR = 0.2;
  static final double ADAM_LR = 0.01;

  private Regularization() {}

  /** The features x^0 .. x^DEGREE of each x, as the rows of a matrix. */
  static Tensor features(Tensor x) {
    List<Tensor> powers = new ArrayList<>();
    for (int k = 0; k <= DEGREE; k++) powers.add(x.pow(k));
    return Tensor.stack(powers, 1);
  }

  /** The training data: x evenly in [-1, 1], y = sin(πx) plus seeded noise of scale 0.2. */
  record Data(Tensor x, Tensor y) {
    static Data make() {
      Tensor x = Tensor.linspace(-1, 1, POINTS, DType.FLOAT64);
      Tensor noise = Tensor.randn(new Generator(11), POINTS).to(DType.FLOAT64).mul(0.2);
      return new Data(x, x.mul(Math.PI).sin().add(noise));
    }
  }

  /** The fitted coefficients after every step, and the final training MSE. */
  record Run(List<double[]> path, double mse) {
    double[] last() {
      return path.get(path.size() - 1);
    }
  }

  /**
   * Trains the coefficients from zero for {@link #STEPS} steps with the optimizer {@code make}
   * builds, minimising the MSE plus {@code penalty(w)}.
   */
  static Run train(
      Data data, Function<List<Tensor>, Optimizer> make, UnaryOperator<Tensor> penalty) {
    Tensor features = features(data.x());
    Tensor w = Tensor.zeros(DType.FLOAT64, DEGREE + 1).requiresGrad(true);
    Optimizer opt = make.apply(List.of(w));
    List<double[]> path = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      opt.zeroGrad();
      Tensor loss = Functional.mseLoss(features.matmul(w), data.y());
      penalty.apply(w).add(loss).backward();
      opt.step();
      path.add(w.toDoubleArray());
    }
    double mse = Functional.mseLoss(features.matmul(w.detach()), data.y()).item();
    return new Run(path, mse);
  }

  static Tensor none(Tensor w) {
    return Tensor.scalar(0.0, DType.FLOAT64);
  }

  static Tensor l2(Tensor w) {
    return w.square().sum().mul(LAMBDA);
  }

  static Tensor l1(Tensor w) {
    return w.abs().sum().mul(LAMBDA);
  }

  static Optimizer sgd(List<Tensor> params) {
    return new SGD(params, SGD_LR);
  }

  /** The largest difference between two runs' coefficients, over every step. */
  static double largestDifference(Run a, Run b) {
    double worst = 0;
    for (int s = 0; s < a.path().size(); s++) {
      double[] x = a.path().get(s);
      double[] y = b.path().get(s);
      for (int k = 0; k < x.length; k++) worst = Math.max(worst, Math.abs(x[k] - y[k]));
    }
    return worst;
  }

  static double norm(double[] w) {
    double s = 0;
    for (double v : w) s += v * v;
    return Math.sqrt(s);
  }

  static int small(double[] w) {
    int n = 0;
    for (double v : w) if (Math.abs(v) < 1e-2) n++;
    return n;
  }

  /** Prints the comparisons and draws the fits and the weights. */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    // 1. The gradient of λ‖W‖² is 2λW.
    Tensor weights = Tensor.randn(new Generator(7), 3, 4).to(DType.FLOAT64).requiresGrad(true);
    l2(weights).backward();
    double gap = weights.grad().sub(weights.detach().mul(2 * LAMBDA)).abs().max().item();
    out.printf(
        Locale.ROOT,
        "L2正则化的梯度为2λW (the gradient of the L2 term is 2λW): for a 3x4 W and λ = %.0e, max |∂(λ‖W‖²)/∂W − 2λW| = %.1e%n",
        LAMBDA,
        gap);

    // 2. An over-parameterised fit with and without penalties.
    Data data = Data.make();
    Map<String, Run> runs = new LinkedHashMap<>();
    runs.put("no penalty", train(data, Regularization::sgd, Regularization::none));
    runs.put("L2 (λ‖w‖²)", train(data, Regularization::sgd, Regularization::l2));
    runs.put("L1 (λ‖w‖₁)", train(data, Regularization::sgd, Regularization::l1));
    out.printf(
        Locale.ROOT,
        "degree-%d polynomial, %d points of sin(πx) + noise, SGD lr=%s, %d steps, λ = %.0e:%n",
        DEGREE,
        POINTS,
        SGD_LR,
        STEPS,
        LAMBDA);
    for (Map.Entry<String, Run> e : runs.entrySet()) {
      double[] w = e.getValue().last();
      out.printf(
          Locale.ROOT,
          "  %-12s training MSE %.4f, ‖w‖ = %.3f, %d of %d coefficients below 0.01%n",
          e.getKey(),
          e.getValue().mse(),
          norm(w),
          small(w),
          w.length);
    }

    // 3. Weight decay written two ways.
    Run l2Sgd = runs.get("L2 (λ‖w‖²)");
    Run decaySgd =
        train(
            data,
            p -> SGD.builder(p).lr(SGD_LR).weightDecay(2 * LAMBDA).build(),
            Regularization::none);
    Run l2Adam = train(data, p -> new Adam(p, ADAM_LR), Regularization::l2);
    Run decayAdam =
        train(
            data,
            p -> Adam.builder(p).lr(ADAM_LR).weightDecay(2 * LAMBDA).build(),
            Regularization::none);
    Run decayAdamW =
        train(
            data,
            p -> AdamW.builder(p).lr(ADAM_LR).weightDecay(2 * LAMBDA).build(),
            Regularization::none);
    out.printf(
        Locale.ROOT,
        "weight decay 2λ = %.0e: largest difference of w over the %d steps%n",
        2 * LAMBDA,
        STEPS);
    out.printf(
        Locale.ROOT,
        "  SGD, λ‖w‖² in the loss vs SGD weightDecay:   %.1e (the same update)%n",
        largestDifference(l2Sgd, decaySgd));
    out.printf(
        Locale.ROOT,
        "  Adam, λ‖w‖² in the loss vs Adam weightDecay: %.1e (the same update)%n",
        largestDifference(l2Adam, decayAdam));
    out.printf(
        Locale.ROOT,
        "  Adam weightDecay vs AdamW weightDecay:       %.1e (AdamW takes lr·wd·w off w itself,%n"
            + "    outside Adam's division by √v, which makes the coupled decay larger where the"
            + " gradient is small)%n",
        largestDifference(decayAdam, decayAdamW));
    out.printf(
        Locale.ROOT,
        "  after %d steps: ‖w‖ = %.3f with Adam's coupled decay, %.3f with AdamW's, %.3f with"
            + " neither%n",
        STEPS,
        norm(decayAdam.last()),
        norm(decayAdamW.last()),
        norm(train(data, p -> new Adam(p, ADAM_LR), Regularization::none).last()));

    List<Path> files = new ArrayList<>();
    files.add(drawFits(folder, data, runs));
    files.add(drawWeights(folder, runs));
    return files;
  }

  private static Path drawFits(Path folder, Data data, Map<String, Run> runs) throws IOException {
    Tensor grid = Tensor.linspace(-1, 1, 41, DType.FLOAT64);
    Tensor gridFeatures = features(grid);
    LossChart chart =
        LossChart.builder().title("正则化: degree-" + DEGREE + " fits").xLabel("x").yLabel("y");
    chart.series("data", data.x().toDoubleArray(), data.y().toDoubleArray()).markers();
    for (Map.Entry<String, Run> e : runs.entrySet()) {
      Tensor w = Tensor.of(e.getValue().last(), DType.FLOAT64, DEGREE + 1);
      chart.series(e.getKey(), grid.toDoubleArray(), gridFeatures.matmul(w).toDoubleArray());
    }
    Path file = folder.resolve(FITS_FIGURE);
    chart.save(file);
    return file;
  }

  private static Path drawWeights(Path folder, Map<String, Run> runs) throws IOException {
    double[] k = new double[DEGREE + 1];
    for (int i = 0; i < k.length; i++) k[i] = i;
    LossChart chart =
        LossChart.builder()
            .title("正则化: |w_k| of the coefficient of x^k")
            .xLabel("k")
            .yLabel("|w_k|")
            .logY()
            .markers();
    for (Map.Entry<String, Run> e : runs.entrySet()) {
      double[] w = e.getValue().last();
      double[] magnitude = new double[w.length];
      // A floor keeps an exact zero on the logarithmic axis.
      for (int i = 0; i < w.length; i++) magnitude[i] = Math.max(Math.abs(w[i]), 1e-6);
      chart.series(e.getKey(), k, magnitude);
    }
    Path file = folder.resolve(WEIGHTS_FIGURE);
    chart.save(file);
    return file;
  }

  /** Entry point: {@code --out DIR} (default {@code plots/}), {@code --help}. */
  public static void main(String[] args) throws IOException {
    Launcher.main("Regularization", args, Regularization::run);
  }
}
