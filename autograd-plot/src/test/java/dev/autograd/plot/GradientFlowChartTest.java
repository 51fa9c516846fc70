package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Functional;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.nn.Linear;
import dev.autograd.nn.Module;
import dev.autograd.nn.ReLU;
import dev.autograd.nn.Sequential;
import dev.autograd.nn.Sigmoid;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class GradientFlowChartTest {
  private static final int LAYERS = 8;

  /** Trains a stack of Linear(16, 16) + activation with plain SGD, recording gradient norms. */
  @SuppressWarnings("try")
  static GradientNorms train(Supplier<Module> activation) {
    Generator g = new Generator(7);
    Sequential model = new Sequential();
    for (int i = 0; i < LAYERS; i++) {
      model.add(new Linear(16, 16, true, g));
      model.add(activation.get());
    }
    Tensor inputs = Tensor.randn(g, 32, 16);
    Tensor targets = Tensor.randn(g, 32, 16);
    GradientNorms norms = GradientNorms.of(model);
    for (int step = 0; step < 40; step++) {
      model.zeroGrad();
      Functional.mseLoss(model.forward(inputs), targets).backward();
      norms.record();
      try (Autograd.Scope s = Autograd.noGrad()) {
        for (Tensor p : model.parameters()) p.sub_(p.grad().mul(0.05));
      }
    }
    return norms;
  }

  private static double mean(double[] a) {
    double s = 0;
    for (double v : a) s += v;
    return s / a.length;
  }

  @Test
  void recordsOneSeriesPerWeight() {
    GradientNorms norms = train(ReLU::new);
    assertEquals(LAYERS, norms.layers().size());
    assertEquals("0.weight", norms.layers().get(0));
    assertEquals(40, norms.steps());
  }

  @Test
  void sigmoidGradientsVanishTowardsTheInputAndReluOnesDoNot() throws Exception {
    GradientNorms sigmoid = train(Sigmoid::new);
    GradientNorms relu = train(ReLU::new);
    List<String> layers = sigmoid.layers();
    String first = layers.get(0);
    String last = layers.get(layers.size() - 1);
    double sigmoidRatio = mean(sigmoid.norms(first)) / mean(sigmoid.norms(last));
    double reluRatio = mean(relu.norms(first)) / mean(relu.norms(last));
    assertTrue(sigmoidRatio < 1e-3, "sigmoid first/last gradient ratio " + sigmoidRatio);
    assertTrue(reluRatio > 100 * sigmoidRatio, "relu ratio " + reluRatio);

    Figure figure =
        GradientFlowChart.builder()
            .title("Gradient norms per layer, 8 layers")
            .panel("Sigmoid", sigmoid)
            .panel("ReLU", relu)
            .build();
    assertEquals(2, figure.charts().size());
    assertEquals(
        figure.charts().get(0).getStyler().getYAxisMin(0),
        figure.charts().get(1).getStyler().getYAxisMin(0),
        "both panels share the y range");
    BufferedImage image = Pixels.savePng(figure, "gradient-flow");
    Pixels.assertSize(figure, image, 72);
    Pixels.assertSeriesVisible(figure, image, 10);
  }

  /**
   * Recording reads the gradients without handing them out: a large gradient still gives its memory
   * back at the next zeroGrad (any use of it afterwards throws), and the norm recorded is its norm.
   */
  @Test
  void recordingDoesNotKeepGradientsFromGivingTheirMemoryBack() {
    Linear layer = new Linear(256, 256); // a weight of 65,536 elements: large enough to be reused
    Sequential model = new Sequential(layer);
    GradientNorms norms = GradientNorms.of(model);
    model.forward(Tensor.randn(4, 256)).pow(2).sum().backward();
    Tensor gradient = layer.weight().peekGrad();
    double expected = gradient.norm().item();
    norms.record();
    model.zeroGrad();
    assertThrows(IllegalStateException.class, gradient::sum);
    assertEquals(expected, norms.norms(norms.layers().get(0))[0], 0.0);
  }

  @Test
  void unknownLayerIsNamedInTheError() {
    GradientNorms norms = GradientNorms.of(new Sequential(new Linear(2, 2)));
    var e = assertThrows(IllegalArgumentException.class, () -> norms.norms("nope"));
    assertTrue(e.getMessage().contains("0.weight"), e.getMessage());
  }
}
