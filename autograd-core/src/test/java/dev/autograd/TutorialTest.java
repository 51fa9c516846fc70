package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The tutorial's autograd section, step by step. */
class TutorialTest {

  private static Tensor cubic(Tensor x) {
    return x.pow(3).sub(x.mul(4)).sub(5);
  }

  @Test
  void derivativeOfCubicAtTwoIsEight() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y = cubic(x);
    y.backward();
    assertEquals(-5.0, y.item());
    assertEquals(8.0, x.grad().item());
  }

  @Test
  void derivativeOverLinspaceIsThreeXSquaredMinusFour() {
    Tensor x = Tensor.linspace(-3, 3, 100).requiresGrad(true);
    cubic(x).sum().backward();
    float[] xs = x.toFloatArray();
    float[] expected = new float[xs.length];
    for (int i = 0; i < xs.length; i++) expected[i] = 3 * xs[i] * xs[i] - 4;
    assertArrayEquals(expected, x.grad().toFloatArray(), 1e-5f);
  }

  @Test
  void secondDerivativeOfCubicAtTwoIsTwelve() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor[] first =
        Autograd.grad(
                java.util.List.of(cubic(x)),
                java.util.List.of(x),
                GradOptions.defaults().createGraph(true))
            .toArray(new Tensor[0]);
    assertEquals(8.0, first[0].item());
    first[0].backward();
    assertEquals(12.0, x.grad().item());
  }
}
