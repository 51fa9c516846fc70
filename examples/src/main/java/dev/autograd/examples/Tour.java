package dev.autograd.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every example of the tutorial in order, all writing into one folder, and says at the end
 * where the pictures went.
 *
 * <p>Run (from a fresh clone): {@code mvn -B -q -DskipTests -pl examples -am package exec:java};
 * the figures go to {@code plots/}, or to another folder with {@code -Dexec.args="--out DIR"}.
 */
public final class Tour {
  private static final Logger LOG = LoggerFactory.getLogger(Tour.class);

  private Tour() {}

  /** A section of the tutorial: its heading and its program. */
  record Section(String heading, String program, Example example) {}

  /** The sections, in the tutorial's order. */
  static final List<Section> SECTIONS =
      List.of(
          new Section(
              "1. PyTorch自动求导: the derivative of f(x) = x³ − 4x − 5 at x = 2",
              "ScalarDerivative",
              ScalarDerivative::run),
          new Section(
              "2. 函数与导数图像对比: f and f′ over linspace(-3, 3, 100)",
              "FunctionAndDerivative",
              FunctionAndDerivative::run),
          new Section(
              "3. 梯度下降过程可视化: gradient descent on f(x) = x²",
              "GradientDescent1D",
              GradientDescent1D::run),
          new Section(
              "4. 多变量梯度下降: gradient descent on f(x, y) = x² + y²",
              "GradientDescent2D",
              GradientDescent2D::run),
          new Section(
              "5. 激活函数: Sigmoid, ReLU, Leaky ReLU and their derivatives",
              "ActivationFunctions",
              ActivationFunctions::run),
          new Section(
              "6. 激活函数对梯度下降的影响: Linear(1, 1) + activation on y = 2x + 1",
              "ActivationComparison",
              ActivationComparison::run),
          new Section(
              "7. 线性回归: ∂L/∂w and ∂L/∂b by hand and by autograd",
              "LinearRegression",
              LinearRegression::run),
          new Section(
              "8. 优化器: SGD, momentum, RMSprop and Adam on Rosenbrock's valley",
              "OptimizersCompared",
              OptimizersCompared::run),
          new Section(
              "9. 梯度消失: gradient flow through deep Sigmoid and ReLU stacks",
              "VanishingGradients",
              VanishingGradients::run),
          new Section(
              "10. 次梯度: the gradient at the kinks of activations, losses and reductions",
              "Subgradients",
              Subgradients::run),
          new Section(
              "11. 正则化: the gradient 2λW of L2, penalties on an over-parameterised fit, weight decay",
              "Regularization",
              Regularization::run),
          new Section(
              "12. 冻结层: frozen layers, pretrained on one task and fine-tuned on another",
              "FrozenLayers",
              FrozenLayers::run),
          new Section(
              "13. 梯度裁剪: an exploding gradient, clipped by norm and by value",
              "GradientClipping",
              GradientClipping::run),
          new Section(
              "14. 可学习的激活参数: PReLU's slopes learned by gradient descent",
              "LearnedSlopes",
              LearnedSlopes::run),
          new Section(
              "15. 元学习: λ and η tuned by second derivatives, against a grid search",
              "Hypergradients",
              Hypergradients::run),
          new Section(
              "16. 梯度提升: trees fitted to the negative gradient of any loss",
              "GradientBoosting",
              GradientBoosting::run));

  /** Runs the sections into {@code folder}; returns every figure written, in order. */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < SECTIONS.size(); i++) {
      Section s = SECTIONS.get(i);
      out.println();
      out.println("== " + s.heading() + " ==");
      long start = System.nanoTime();
      files.addAll(s.example().run(folder, out));
      out.flush();
      LOG.info(
          "{}/{} {} done in {} ms",
          i + 1,
          SECTIONS.size(),
          s.program(),
          (System.nanoTime() - start) / 1_000_000);
    }
    return files;
  }

  /** Entry point: {@code --out DIR} (default {@code plots/}), {@code --help}. */
  public static void main(String[] args) throws IOException {
    Launcher.main("Tour", args, Tour::run);
  }
}
