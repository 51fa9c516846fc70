package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The engine hands a large gradient to a leaf without copying it only when nothing else refers to
 * it: a grad() is always the leaf's own, so that updating it in place changes nothing else.
 */
class GradientOwnershipTest {
  private static final int N = 4096;

  private static double[] filled(double value) {
    double[] v = new double[N];
    Arrays.fill(v, value);
    return v;
  }

  @Test
  void inputsOfAnAddGetGradientsOfTheirOwn() {
    Tensor x = Tensor.randn(N).requiresGrad(true);
    Tensor y = Tensor.randn(N).requiresGrad(true);
    Tensor w = Tensor.randn(N);
    // The add's backward passes one fresh gradient (w) on to both inputs.
    x.add(y).mul(w).sum().backward();
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      x.grad().mul_(3);
    }
    assertArrayEquals(w.mul(3).toDoubleArray(), x.grad().toDoubleArray());
    assertArrayEquals(w.toDoubleArray(), y.grad().toDoubleArray());
  }

  @Test
  void theCallersGradientIsNotTakenOver() {
    Tensor x = Tensor.randn(N).requiresGrad(true);
    Tensor given = Tensor.ones(N);
    x.mul(1).add(0).backward(given);
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      x.grad().mul_(5);
    }
    assertArrayEquals(filled(1), given.toDoubleArray());
  }

  @Test
  void aBroadcastGradientBecomesAPackedGrad() {
    Tensor x = Tensor.randn(N).requiresGrad(true);
    x.sum().backward();
    assertTrue(x.grad().isContiguous());
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      x.grad().narrow(0, 0, 1).mul_(7);
    }
    double[] expected = filled(1);
    expected[0] = 7;
    assertArrayEquals(expected, x.grad().toDoubleArray());
  }

  @Test
  void aTakenOverGradientAccumulatesLikeACopiedOne() {
    Tensor x = Tensor.randn(N).requiresGrad(true);
    x.sigmoid().sum().backward();
    double[] once = x.grad().toDoubleArray();
    x.sigmoid().sum().backward();
    double[] twice = x.grad().toDoubleArray();
    for (int i = 0; i < N; i++) assertTrue(Math.abs(twice[i] - 2 * once[i]) < 1e-6);
  }

  @Test
  void aGradientSharedThroughAViewIsCopied() {
    Tensor x = Tensor.randn(N).requiresGrad(true);
    Tensor y = Tensor.randn(64, 64).requiresGrad(true);
    Tensor w = Tensor.randn(64, 64);
    // x's gradient is a view (reshape) of the fresh gradient that y receives too.
    x.reshape(64, 64).add(y).mul(w).sum().backward();
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      x.grad().mul_(2);
    }
    assertArrayEquals(w.toDoubleArray(), y.grad().toDoubleArray());
  }
}
