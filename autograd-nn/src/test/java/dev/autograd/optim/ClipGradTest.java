package dev.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autograd.DType;
import dev.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClipGradTest {

  private static Tensor paramWithGrad(DType dtype, double... grad) {
    Tensor p = Tensor.zeros(dtype, grad.length).requiresGrad(true);
    p.setGrad(Tensor.of(grad, dtype, grad.length));
    return p;
  }

  @Test
  void clipGradNormScalesGradsToMaxNormAndReturnsTheNormBefore() {
    Tensor a = paramWithGrad(DType.FLOAT64, 3, 0);
    Tensor b = paramWithGrad(DType.FLOAT64, 0, 4);
    double total = ClipGrad.clipGradNorm(List.of(a, b), 1.0);
    assertEquals(5.0, total, 1e-15);
    double c = 1.0 / (5.0 + 1e-6);
    assertArrayEquals(new double[] {3 * c, 0}, a.grad().toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {0, 4 * c}, b.grad().toDoubleArray(), 1e-15);
  }

  @Test
  void clipGradNormLeavesGradsBelowMaxNormUnchanged() {
    Tensor a = paramWithGrad(DType.FLOAT64, 0.3, -0.4);
    assertEquals(0.5, ClipGrad.clipGradNorm(List.of(a), 1.0), 1e-15);
    assertArrayEquals(new double[] {0.3, -0.4}, a.grad().toDoubleArray(), 0);
  }

  @Test
  void clipGradNormWithInfinityUsesTheLargestAbsoluteValue() {
    Tensor a = paramWithGrad(DType.FLOAT64, 1, -6);
    Tensor b = paramWithGrad(DType.FLOAT64, 2);
    double total = ClipGrad.clipGradNorm(List.of(a, b), 3.0, Double.POSITIVE_INFINITY);
    assertEquals(6.0, total);
    double c = 3.0 / (6.0 + 1e-6);
    assertArrayEquals(new double[] {c, -6 * c}, a.grad().toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {2 * c}, b.grad().toDoubleArray(), 1e-15);
  }

  @Test
  void clipGradNormWithNormTypeOneSumsAbsoluteValues() {
    Tensor a = paramWithGrad(DType.FLOAT64, 1, -2);
    Tensor b = paramWithGrad(DType.FLOAT64, 3);
    assertEquals(6.0, ClipGrad.clipGradNorm(List.of(a, b), 100, 1), 1e-15);
    assertArrayEquals(new double[] {1, -2}, a.grad().toDoubleArray(), 0);
  }

  @Test
  void clipGradNormIgnoresParamsWithoutGradAndReturnsZeroWhenNoneHasOne() {
    Tensor none = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
    assertEquals(0.0, ClipGrad.clipGradNorm(List.of(none), 1.0));
    assertNull(none.grad());
    Tensor a = paramWithGrad(DType.FLOAT64, 3, 4);
    assertEquals(5.0, ClipGrad.clipGradNorm(List.of(none, a), 1.0), 1e-15);
  }

  @Test
  void clipGradNormKeepsFloat32Grads() {
    Tensor a = paramWithGrad(DType.FLOAT32, 30, 40);
    assertEquals(50.0, ClipGrad.clipGradNorm(List.of(a), 5.0), 1e-5);
    assertEquals(DType.FLOAT32, a.grad().dtype());
    assertArrayEquals(new double[] {3, 4}, a.grad().toDoubleArray(), 1e-5);
  }

  @Test
  void clipGradNormCanRefuseANonFiniteNorm() {
    Tensor a = paramWithGrad(DType.FLOAT64, Double.POSITIVE_INFINITY, 1);
    ArithmeticException e =
        assertThrows(
            ArithmeticException.class, () -> ClipGrad.clipGradNorm(List.of(a), 1.0, 2.0, true));
    assertEquals(
        "The total norm of order 2.0 for gradients from `parameters` is non-finite, so it cannot"
            + " be clipped. To disable this error and scale the gradients by the non-finite norm"
            + " anyway, set errorIfNonfinite=false",
        e.getMessage());
  }

  @Test
  void clipGradNormRefusesInvalidArguments() {
    Tensor a = paramWithGrad(DType.FLOAT64, 1);
    assertEquals(
        "Invalid maxNorm: -1.0",
        assertThrows(IllegalArgumentException.class, () -> ClipGrad.clipGradNorm(List.of(a), -1))
            .getMessage());
    assertEquals(
        "Invalid normType: 0.0",
        assertThrows(IllegalArgumentException.class, () -> ClipGrad.clipGradNorm(List.of(a), 1, 0))
            .getMessage());
  }

  @Test
  void clipGradValueClampsEachElement() {
    Tensor a = paramWithGrad(DType.FLOAT64, -3, -0.5, 0.2, 7);
    Tensor none = Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true);
    ClipGrad.clipGradValue(List.of(a, none), 1.0);
    assertArrayEquals(new double[] {-1, -0.5, 0.2, 1}, a.grad().toDoubleArray(), 0);
    assertNull(none.grad());
    assertThrows(IllegalArgumentException.class, () -> ClipGrad.clipGradValue(List.of(a), -1));
  }
}
