package dev.autograd.examples;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.optim.Optimizer;
import dev.autograd.optim.SGD;
import dev.autograd.plot.Plots;
import dev.autograd.plot.Trajectory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tutorial's first application of partial derivatives, "线性回归:通过计算损失函数(如均方差)对权重和偏置的偏导数,
 * 逐步迭代优化模型参数" (linear regression: the partial derivatives of the mean squared error with respect to
 * the weight and the bias drive the parameters step by step). For y_pred = w·x + b and
 *
 * <pre>
 * L(w, b) = (1/N) Σ (w·xᵢ + b − yᵢ)²
 * ∂L/∂w   = (2/N) Σ (w·xᵢ + b − yᵢ)·xᵢ
 * ∂L/∂b   = (2/N) Σ (w·xᵢ + b − yᵢ)
 * </pre>
 *
 * it computes both partial derivatives by hand (these formulas, in plain Java) and by autograd
 * ({@code loss.backward()}), prints them side by side, and trains w and b with {@code SGD},
 * comparing the two at every step. The data are 100 points of y = 2x + 1 plus noise, seeded.
 *
 * <p>Figures: {@code 7-linear-regression-loss.png} (the loss per epoch) and {@code
 * 7-linear-regression-path.png} (the path of (w, b) over the contours of L(w, b)).
 *
 * <p>Run: {@code mvn -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=LinearRegression}; the figures go to {@code plots/}, or to another folder with {@code
 * -Dexec.args="--out DIR"}.
 */
public final class LinearRegression {
  /** The loss per epoch, in the output folder. */
  public static final String LOSS_FIGURE = "7-linear-regression-loss.png";

  /** The path of (w, b) over the loss surface, in the output folder. */
  public static final String PATH_FIGURE = "7-linear-regression-path.png";

  static final long SEED = 7;
  static final int N = 100;
  static final int EPOCHS = 100;
  static final double LR = 0.2;

  private LinearRegression() {}

  /** The data set: x uniform in [0, 2], y = 2x + 1 + noise of standard deviation 0.2. */
  record Data(double[] x, double[] y) {
    Tensor xs() {
      return Tensor.of(x);
    }

    Tensor ys() {
      return Tensor.of(y);
    }

    /** L(w, b) for grids of w and b, element-wise, by expanding the square: for the contours. */
    Tensor loss(Tensor w, Tensor b) {
      double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
      for (int i = 0; i < x.length; i++) {
        sx += x[i];
        sy += y[i];
        sxx += x[i] * x[i];
        sxy += x[i] * y[i];
        syy += y[i] * y[i];
      }
      int n = x.length;
      // (1/N) Σ (w xᵢ + b − yᵢ)² = w² E[x²] + 2wb E[x] + b² − 2w E[xy] − 2b E[y] + E[y²]
      return w.square()
          .mul(sxx / n)
          .add(w.mul(b).mul(2 * sx / n))
          .add(b.square())
          .sub(w.mul(2 * sxy / n))
          .sub(b.mul(2 * sy / n))
          .add(syy / n);
    }
  }

  static Data data() {
    Generator generator = new Generator(SEED);
    double[] x = Tensor.rand(generator, N).mul(2).toDoubleArray();
    double[] noise = Tensor.randn(generator, N).mul(0.2).toDoubleArray();
    double[] y = new double[N];
    for (int i = 0; i < N; i++) y[i] = (float) (2 * x[i] + 1 + noise[i]);
    return new Data(x, y);
  }

  /** ∂L/∂w and ∂L/∂b from the formulas, in double precision. */
  static double[] gradientByHand(Data data, double w, double b) {
    double dw = 0;
    double db = 0;
    int n = data.x().length;
    for (int i = 0; i < n; i++) {
      double residual = w * data.x()[i] + b - data.y()[i];
      dw += residual * data.x()[i];
      db += residual;
    }
    return new double[] {2 * dw / n, 2 * db / n};
  }

  /** The loss (1/N) Σ (w·x + b − y)², recorded. */
  static Tensor loss(Tensor w, Tensor b, Tensor x, Tensor y) {
    return w.mul(x).add(b).sub(y).square().mean();
  }

  /** ∂L/∂w and ∂L/∂b by autograd: {@code loss.backward()}, then the leaves' {@code grad()}. */
  static double[] gradientByAutograd(Data data, double w0, double b0) {
    Tensor w = Tensor.scalar(w0).requiresGrad(true);
    Tensor b = Tensor.scalar(b0).requiresGrad(true);
    loss(w, b, data.xs(), data.ys()).backward();
    return new double[] {w.grad().item(), b.grad().item()};
  }

  /** The least-squares solution {w, b}, in closed form, for comparison. */
  static double[] leastSquares(Data data) {
    int n = data.x().length;
    double mx = 0, my = 0;
    for (int i = 0; i < n; i++) {
      mx += data.x()[i] / n;
      my += data.y()[i] / n;
    }
    double cov = 0, var = 0;
    for (int i = 0; i < n; i++) {
      cov += (data.x()[i] - mx) * (data.y()[i] - my);
      var += (data.x()[i] - mx) * (data.x()[i] - mx);
    }
    double w = cov / var;
    return new double[] {w, my - w * mx};
  }

  /** What training produced. */
  record Result(double[] losses, Trajectory path, double largestDifference) {}

  /** Trains w and b from 0 with SGD, comparing the hand and autograd gradients at every step. */
  static Result train(Data data, PrintStream out) {
    Tensor x = data.xs();
    Tensor y = data.ys();
    Tensor w = Tensor.scalar(0.0).requiresGrad(true);
    Tensor b = Tensor.scalar(0.0).requiresGrad(true);
    Optimizer optimizer = new SGD(List.of(w, b), LR);
    List<Double> losses = new ArrayList<>();
    double[] largest = {0};
    Trajectory path =
        Trajectory.record(
            w,
            b,
            EPOCHS,
            () -> {
              int epoch = losses.size();
              double[] hand = gradientByHand(data, w.item(), b.item());
              optimizer.zeroGrad();
              Tensor loss = loss(w, b, x, y);
              loss.backward();
              double[] auto = {w.grad().item(), b.grad().item()};
              for (int k = 0; k < 2; k++) {
                largest[0] = Math.max(largest[0], Math.abs(hand[k] - auto[k]));
              }
              losses.add(loss.item());
              if (out != null && (epoch % 20 == 0 || epoch == EPOCHS - 1)) {
                out.printf(
                    Locale.ROOT,
                    "  epoch %3d: loss %.6f   w = %.4f, b = %.4f   ∂L/∂w = %+.6f, ∂L/∂b = %+.6f%n",
                    epoch,
                    loss.item(),
                    w.item(),
                    b.item(),
                    auto[0],
                    auto[1]);
              }
              optimizer.step();
            });
    double[] l = losses.stream().mapToDouble(Double::doubleValue).toArray();
    return new Result(l, path, largest[0]);
  }

  /** Prints the derivatives, trains, and draws the loss and the path. */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    Data data = data();
    out.println("y_pred = w·x + b, " + N + " points of y = 2x + 1 + noise");
    out.println("L(w, b) = (1/N) Σ (w·xᵢ + b − yᵢ)²");
    out.println("∂L/∂w   = (2/N) Σ (w·xᵢ + b − yᵢ)·xᵢ");
    out.println("∂L/∂b   = (2/N) Σ (w·xᵢ + b − yᵢ)");
    double[] hand = gradientByHand(data, 0, 0);
    double[] auto = gradientByAutograd(data, 0, 0);
    out.printf(
        Locale.ROOT,
        "at w = 0, b = 0:  by hand     ∂L/∂w = %.6f, ∂L/∂b = %.6f%n",
        hand[0],
        hand[1]);
    out.printf(
        Locale.ROOT,
        "                  by autograd ∂L/∂w = %.6f, ∂L/∂b = %.6f%n",
        auto[0],
        auto[1]);
    out.println("SGD lr=" + LR + ", " + EPOCHS + " epochs from w = 0, b = 0:");
    Result r = train(data, out);
    out.printf(
        Locale.ROOT,
        "largest difference between the hand and autograd derivatives over the %d epochs: %.1e"
            + " (float32 rounding)%n",
        EPOCHS,
        r.largestDifference());
    double[] end = r.path().end();
    double[] best = leastSquares(data);
    out.printf(
        Locale.ROOT,
        "learned w = %.4f, b = %.4f; least squares w = %.4f, b = %.4f; the data follow w = 2, b ="
            + " 1%n",
        end[0],
        end[1],
        best[0],
        best[1]);

    Path loss = folder.resolve(LOSS_FIGURE);
    Plots.lossHistory()
        .title("线性回归:均方差损失   (linear regression, MSE)")
        .xLabel("Epoch")
        .yLabel("Loss")
        .series("SGD, lr=" + LR, r.losses())
        .logY()
        .save(loss);
    Path path = folder.resolve(PATH_FIGURE);
    Plots.descentPath(data::loss, -0.5, 3, -0.5, 2.5)
        .title("L(w, b) 与梯度下降路径   (the loss surface and the path of (w, b))")
        .xLabel("w")
        .yLabel("b")
        .zLabel("L(w, b)")
        .logColorScale()
        .path("SGD, lr=" + LR, r.path())
        .save(path);
    return List.of(loss, path);
  }

  /** Entry point: {@code --out DIR} (default {@code plots/}), {@code --help}. */
  public static void main(String[] args) throws IOException {
    Launcher.main("LinearRegression", args, LinearRegression::run);
  }
}
