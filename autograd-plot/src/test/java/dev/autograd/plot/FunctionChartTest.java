package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import java.awt.image.BufferedImage;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class FunctionChartTest {
  /** The tutorial's function, f(x) = x³ − 4x − 5. */
  static final UnaryOperator<Tensor> CUBIC = x -> x.pow(3).sub(x.mul(4)).sub(5);

  @Test
  void derivativeEqualsTheAnalyticDerivativeAtEveryPoint() {
    FunctionChart.Data d = Plots.functionAndDerivative(CUBIC, -3, 3).points(100).data();
    assertEquals(100, d.x().length);
    assertEquals(-3, d.x()[0]);
    assertEquals(3, d.x()[99]);
    for (int i = 0; i < d.x().length; i++) {
      double x = d.x()[i];
      assertEquals(x * x * x - 4 * x - 5, d.y()[i], 1e-12, "f at x=" + x);
      assertEquals(3 * x * x - 4, d.derivative()[i], 1e-12, "f' at x=" + x);
    }
    assertNull(d.secondDerivative());
    assertNull(d.finiteDifference());
  }

  @Test
  void float32MatchesTheAnalyticDerivativeToSinglePrecision() {
    FunctionChart.Data d = FunctionChart.of(CUBIC, -3, 3).dtype(DType.FLOAT32).data();
    for (int i = 0; i < d.x().length; i++) {
      double x = d.x()[i];
      assertEquals(3 * x * x - 4, d.derivative()[i], 1e-5, "f' at x=" + x);
    }
  }

  @Test
  void secondDerivativeComesFromHigherOrderGradients() {
    FunctionChart.Data d =
        FunctionChart.of(CUBIC, -3, 3).withSecondDerivative().withFiniteDifference().data();
    for (int i = 0; i < d.x().length; i++) {
      double x = d.x()[i];
      assertEquals(3 * x * x - 4, d.derivative()[i], 1e-12);
      assertEquals(6 * x, d.secondDerivative()[i], 1e-12, "f'' at x=" + x);
      assertEquals(d.derivative()[i], d.finiteDifference()[i], 1e-6, "finite difference f'");
      assertEquals(
          d.secondDerivative()[i], d.finiteDifferenceSecond()[i], 1e-3, "finite difference f''");
    }
  }

  @Test
  void linearFunctionHasZeroSecondDerivative() {
    FunctionChart.Data d = FunctionChart.of(x -> x.mul(3), -1, 1).withSecondDerivative().data();
    for (int i = 0; i < d.x().length; i++) {
      assertEquals(3, d.derivative()[i], 0);
      assertEquals(0, d.secondDerivative()[i], 0);
    }
  }

  @Test
  void rendersEachCurveInItsColour() throws Exception {
    Figure figure =
        Plots.functionAndDerivative(CUBIC, -3, 3)
            .points(100)
            .title("函数及其导数图像对比")
            .labels("f(x)=x³-4x-5", "f′(x)=3x²-4")
            .withSecondDerivative()
            .withFiniteDifference()
            .build();
    BufferedImage image = Pixels.savePng(figure, "function-and-derivative");
    Pixels.assertSize(figure, image, 72);
    long shown =
        figure.charts().get(0).getSeriesCollection().stream()
            .filter(s -> s.isShowInLegend())
            .count();
    assertEquals(5, shown, "f, f', f'' and two finite-difference overlays");
    Pixels.assertSeriesVisible(figure, image, 20);
  }

  @Test
  void rejectsFunctionsThatAreNotElementWise() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> FunctionChart.of(Tensor::sum, -1, 1).data());
    assertTrue(e.getMessage().contains("element-wise"), e.getMessage());
  }

  @Test
  void rejectsAnEmptyRange() {
    assertThrows(IllegalArgumentException.class, () -> FunctionChart.of(CUBIC, 1, 1));
  }
}
