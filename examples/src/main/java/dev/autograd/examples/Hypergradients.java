package dev.autograd.examples;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Functional;
import dev.autograd.Generator;
import dev.autograd.GradOptions;
import dev.autograd.Tensor;
import dev.autograd.optim.Adam;
import dev.autograd.plot.LossChart;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The tutorial's "元学习(Meta-Learning):二阶导数用于优化超参数" (meta-learning: second derivatives tune
 * hyperparameters) beside its "学习率η…通常手动设定或通过网格搜索优化" (the learning rate is usually set by hand or
 * by grid search): hypergradient descent. The inner problem is {@link Regularization}'s degree-9
 * fit of 12 noisy points, trained from zero by {@value #INNER_STEPS} steps of gradient descent on
 * the training MSE plus λ‖w‖²; those steps are unrolled with {@code createGraph(true)}, so the
 * validation loss at their end is a differentiable function of log λ and of the log of the learning
 * rate η, and Adam descends on both. A grid search over λ (at the η found) is the check.
 *
 * <p>Figure: {@code 15-hypergradients.png}.
 *
 * <p>Run: {@code ./mvnw -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=Hypergradients}; the figures go to {@code plots/}, or to another folder with {@code
 * -Dexec.args="--out DIR"}.
 */
public final class Hypergradients {
  /** λ, η and the validation loss per meta-step. */
  public static final String FIGURE = "15-hypergradients.png";

  static final int INNER_STEPS = 40;
  static final int META_STEPS = 60;
  static final double META_LR = 0.1;
  static final double START_LAMBDA = 1e-1;
  static final double START_LR = 0.05;

  private Hypergradients() {}

  /** Validation points: 40 points of sin(πx) with noise of their own. */
  static Regularization.Data validation() {
    Tensor x = Tensor.linspace(-0.975, 0.975, 40, DType.FLOAT64);
    Tensor noise = Tensor.randn(new Generator(29), 40).to(DType.FLOAT64).mul(0.2);
    return new Regularization.Data(x, x.mul(Math.PI).sin().add(noise));
  }

  /**
   * The coefficients after {@link #INNER_STEPS} steps of gradient descent from zero with rate
   * e^logLr on the training MSE plus e^logLambda ‖w‖²; with {@code createGraph}, a function of both
   * that can be differentiated.
   */
  static Tensor unrolled(
      Tensor features, Tensor y, Tensor logLambda, Tensor logLr, boolean createGraph) {
    Tensor lambda = logLambda.exp();
    Tensor lr = logLr.exp();
    Tensor w = Tensor.zeros(DType.FLOAT64, Regularization.DEGREE + 1).requiresGrad(true);
    GradOptions options = GradOptions.defaults().createGraph(createGraph);
    for (int t = 0; t < INNER_STEPS; t++) {
      Tensor loss = Functional.mseLoss(features.matmul(w), y).add(w.square().sum().mul(lambda));
      Tensor g = Autograd.grad(List.of(loss), List.of(w), options).get(0);
      w = w.sub(g.mul(lr));
    }
    return w;
  }

  /** The validation MSE of the fit that λ and η give. */
  static double validationLoss(
      Regularization.Data train, Regularization.Data val, double lambda, double lr) {
    Tensor w =
        unrolled(
            Regularization.features(train.x()),
            train.y(),
            Tensor.scalar(Math.log(lambda), DType.FLOAT64),
            Tensor.scalar(Math.log(lr), DType.FLOAT64),
            false);
    return Functional.mseLoss(Regularization.features(val.x()).matmul(w.detach()), val.y()).item();
  }

  /** Meta-trains log λ and log η, prints them against a grid search, draws their paths. */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    Regularization.Data train = Regularization.Data.make();
    Regularization.Data val = validation();
    Tensor features = Regularization.features(train.x());
    Tensor valFeatures = Regularization.features(val.x());
    Tensor logLambda = Tensor.scalar(Math.log(START_LAMBDA), DType.FLOAT64).requiresGrad(true);
    Tensor logLr = Tensor.scalar(Math.log(START_LR), DType.FLOAT64).requiresGrad(true);
    Adam meta = new Adam(List.of(logLambda, logLr), META_LR);
    double[] lambdas = new double[META_STEPS + 1];
    double[] rates = new double[META_STEPS + 1];
    double[] losses = new double[META_STEPS + 1];
    for (int step = 0; step <= META_STEPS; step++) {
      meta.zeroGrad();
      Tensor w = unrolled(features, train.y(), logLambda, logLr, true);
      Tensor valLoss = Functional.mseLoss(valFeatures.matmul(w), val.y());
      lambdas[step] = Math.exp(logLambda.item());
      rates[step] = Math.exp(logLr.item());
      losses[step] = valLoss.item();
      if (step == META_STEPS) break;
      valLoss.backward(); // through the INNER_STEPS unrolled steps: second derivatives
      meta.step();
    }
    out.printf(
        Locale.ROOT,
        "元学习 (hypergradients): %d meta-steps of Adam lr=%s on log λ and log η, through %d"
            + " unrolled steps of gradient descent on MSE + λ‖w‖²%n",
        META_STEPS,
        META_LR,
        INNER_STEPS);
    out.printf(
        Locale.ROOT,
        "  start: λ = %.3e, η = %.4f, validation MSE %.4f%n",
        lambdas[0],
        rates[0],
        losses[0]);
    out.printf(
        Locale.ROOT,
        "  end:   λ = %.3e, η = %.4f, validation MSE %.4f%n",
        lambdas[META_STEPS],
        rates[META_STEPS],
        losses[META_STEPS]);

    // 通过网格搜索: λ from 10^-6 to 10^0 at the learned η.
    double eta = rates[META_STEPS];
    double bestLambda = Double.NaN;
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i <= 24; i++) {
      double lambda = Math.pow(10, -6 + i * 0.25);
      double loss = validationLoss(train, val, lambda, eta);
      if (loss < best) {
        best = loss;
        bestLambda = lambda;
      }
    }
    out.printf(
        Locale.ROOT,
        "  grid search over 25 values of λ in [1e-6, 1] at η = %.4f: best λ = %.3e, validation"
            + " MSE %.4f%n",
        eta,
        bestLambda,
        best);

    Path file = folder.resolve(FIGURE);
    LossChart.builder()
        .title("元学习: λ, η and the validation loss per meta-step")
        .xLabel("meta-step")
        .yLabel("value")
        .series("λ", lambdas)
        .series("η", rates)
        .series("validation MSE", losses)
        .logY()
        .save(file);
    return List.of(file);
  }

  /** Entry point: {@code --out DIR} (default {@code plots/}), {@code --help}. */
  public static void main(String[] args) throws IOException {
    Launcher.main("Hypergradients", args, Hypergradients::run);
  }
}
