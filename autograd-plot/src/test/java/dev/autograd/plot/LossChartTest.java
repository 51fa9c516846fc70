package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Functional;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.nn.LeakyReLU;
import dev.autograd.nn.Linear;
import dev.autograd.nn.Module;
import dev.autograd.nn.ReLU;
import dev.autograd.nn.Sequential;
import dev.autograd.nn.Sigmoid;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LossChartTest {
  /** The tutorial's 1-D descent: x = 3, loss x², SGD with lr 0.1 for 10 epochs. */
  @SuppressWarnings("try")
  static List<Double> descentOnSquare() {
    Tensor x = Tensor.scalar(3.0).requiresGrad(true);
    List<Double> losses = new ArrayList<>();
    for (int epoch = 0; epoch < 10; epoch++) {
      x.zeroGrad();
      Tensor loss = x.square();
      loss.backward();
      try (Autograd.Scope s = Autograd.noGrad()) {
        x.sub_(x.grad().mul(0.1));
      }
      losses.add(loss.item());
    }
    return losses;
  }

  /** The tutorial's comparison: Linear(1, 1) then an activation, fitting 2x + 1 with SGD. */
  @SuppressWarnings("try")
  static double[] activationLosses(long seed, Supplier<Module> activation) {
    Tensor.manualSeed(seed);
    Generator data = new Generator(1);
    Module model = new Sequential(new Linear(1, 1), activation.get());
    double[] losses = new double[100];
    for (int i = 0; i < losses.length; i++) {
      Tensor inputs = Tensor.randn(data, 10, 1);
      Tensor targets = inputs.mul(2).add(1);
      Tensor loss = Functional.mseLoss(model.forward(inputs), targets);
      model.zeroGrad();
      loss.backward();
      try (Autograd.Scope s = Autograd.noGrad()) {
        for (Tensor p : model.parameters()) p.sub_(p.grad().mul(0.01));
      }
      losses[i] = loss.item();
    }
    return losses;
  }

  @Test
  void tutorialDescentOnSquareWithMarkers() throws Exception {
    List<Double> losses = descentOnSquare();
    assertEquals(9.0, losses.get(0), 1e-6);
    Figure figure =
        LossChart.builder()
            .title("梯度下降:f(x)=x²")
            .xLabel("Epoch")
            .series("loss", losses)
            .markers()
            .build();
    BufferedImage image = Pixels.savePng(figure, "loss-square");
    Pixels.assertSize(figure, image, 72);
    Pixels.assertSeriesVisible(figure, image, 30);
  }

  @Test
  void threeActivationsOnALogAxis() throws Exception {
    Figure figure =
        Plots.lossHistory()
            .title("不同激活函数的损失下降对比")
            .xLabel("Epoch")
            .series("Sigmoid", activationLosses(1, Sigmoid::new))
            .series("ReLU", activationLosses(2, ReLU::new))
            .series("LeakyReLU", activationLosses(3, () -> new LeakyReLU(0.01)))
            .logY()
            .build();
    assertTrue(figure.charts().get(0).getStyler().isYAxisLogarithmic());
    BufferedImage image = Pixels.savePng(figure, "loss-activations");
    Pixels.assertSize(figure, image, 72);
    Pixels.assertSeriesVisible(figure, image, 30);
  }

  @Test
  void logAxisRejectsNonPositiveLosses() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LossChart.builder().series("bad", new double[] {1, 0.5, 0}).logY().build());
    assertTrue(
        e.getMessage().contains("'bad'") && e.getMessage().contains("index 2"), e.getMessage());
  }

  @Test
  void explicitStepsMustMatchTheLosses() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LossChart.builder().series("s", new double[] {0, 1}, new double[] {1}));
  }

  @Test
  void anEmptyChartCannotBeBuilt() {
    assertThrows(IllegalStateException.class, () -> LossChart.builder().build());
  }
}
