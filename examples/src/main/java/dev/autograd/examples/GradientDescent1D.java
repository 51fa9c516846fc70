package dev.autograd.examples;

import dev.autograd.Tensor;
import dev.autograd.optim.Optimizer;
import dev.autograd.optim.SGD;
import dev.autograd.plot.Plots;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tutorial section "二、梯度下降过程可视化", part 1 (gradient descent visualized, one variable): f(x) = x²
 * from x = 3 with {@code SGD([x], lr=0.1)} for 10 epochs. Each step multiplies x by 1 − 0.1 · 2 =
 * 0.8, so the loss recorded at epoch k is 9 · 0.64ᵏ: "损失值从9逐渐趋近于0,呈指数下降趋势" (the loss falls from 9
 * towards 0, exponentially). It prints the loss per epoch and draws the curve, titled
 * "梯度下降:f(x)=x²".
 *
 * <pre>
 * epoch 0: loss = 9.0   (9·0.64^0 = 9.0)
 * epoch 1: loss = 5.76   (9·0.64^1 = 5.76)
 * epoch 2: loss = 3.6864002   (9·0.64^2 = 3.6864)
 * ...
 * </pre>
 *
 * <p>Figure: {@code 3-gradient-descent-1d.png}.
 *
 * <p>Run: {@code mvn -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=GradientDescent1D}; the figures go to {@code plots/}, or to another folder with {@code
 * -Dexec.args="--out DIR"}.
 */
public final class GradientDescent1D {
  /** The file the figure is written to, in the output folder. */
  public static final String FIGURE = "3-gradient-descent-1d.png";

  private GradientDescent1D() {}

  /**
   * The tutorial's loop: returns the loss of each epoch, taken before that epoch's update (the
   * tutorial appends {@code loss.item()} after {@code optimizer.step()}, but the loss was computed
   * before it).
   */
  static List<Double> lossHistory(int epochs) {
    Tensor x = Tensor.scalar(3.0).requiresGrad(true);
    Optimizer optimizer = new SGD(List.of(x), 0.1);
    List<Double> lossHistory = new ArrayList<>();
    for (int epoch = 0; epoch < epochs; epoch++) {
      optimizer.zeroGrad();
      Tensor loss = x.pow(2);
      loss.backward();
      optimizer.step();
      lossHistory.add(loss.item());
    }
    return lossHistory;
  }

  /** Runs 10 epochs, prints the losses and draws them. */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    List<Double> losses = lossHistory(10);
    for (int epoch = 0; epoch < losses.size(); epoch++) {
      // float32 values, printed in the fewest digits that identify them (9.0, 5.76, 3.6864002, ...)
      float loss = (float) losses.get(epoch).doubleValue();
      float exact = (float) (9 * Math.pow(0.64, epoch));
      out.println(
          "epoch " + epoch + ": loss = " + loss + "   (9·0.64^" + epoch + " = " + exact + ")");
    }
    out.println("结果:损失值从9逐渐趋近于0,呈指数下降趋势   (the loss falls from 9 towards 0, exponentially)");

    Path file = folder.resolve(FIGURE);
    Plots.lossHistory()
        .title("梯度下降:f(x)=x²")
        .xLabel("Epoch")
        .yLabel("Loss")
        .series("SGD, lr=0.1, x₀=3", losses)
        .markers()
        .save(file);
    return List.of(file);
  }

  /** Entry point: {@code --out DIR} (default {@code plots/}), {@code --help}. */
  public static void main(String[] args) throws IOException {
    Launcher.main("GradientDescent1D", args, GradientDescent1D::run);
  }
}
