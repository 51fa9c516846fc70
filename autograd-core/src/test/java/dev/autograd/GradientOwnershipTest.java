package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.internal.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine hands a large gradient to a leaf without copying it, or lets a derivative write over
 * it, only when nothing else refers to it: a grad() is always the leaf's own, so that updating it
 * in place changes nothing else, and a gradient that a hook, a retaining tensor, a caller or
 * another input can see keeps its values.
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

  /**
   * The gradient of a product under a sum is the other factor itself (1 * b is b): handed on
   * without a copy, it must still come out as a grad() of its own, never be written over by the
   * derivatives below it, and carry no graph.
   */
  @Test
  void theOtherFactorOfASummedProductIsNeverTakenOver() {
    Tensor a = Tensor.randn(N).requiresGrad(true);
    Tensor b = Tensor.randn(N).requiresGrad(true);
    Tensor c = Tensor.randn(N).requiresGrad(true);
    Tensor d = Tensor.randn(N);
    double[] bBefore = b.toDoubleArray();
    double[] dBefore = d.toDoubleArray();
    Tensor cExp = c.exp();
    double[] cExpBefore = cExp.toDoubleArray();
    // exp's derivative writes over a gradient it owns: here it gets d, which it must not.
    a.mul(b).sum().add(cExp.exp().mul(d).sum()).backward();
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      a.grad().mul_(3);
    }
    assertArrayEquals(bBefore, b.toDoubleArray());
    assertArrayEquals(b.mul(3).toDoubleArray(), a.grad().toDoubleArray());
    assertArrayEquals(dBefore, d.toDoubleArray());
    assertArrayEquals(cExpBefore, cExp.toDoubleArray());
    Tensor expected = cExp.exp().mul(d).mul(cExp);
    double[] got = c.grad().toDoubleArray();
    double[] want = expected.toDoubleArray();
    for (int i = 0; i < N; i++)
      assertEquals(want[i], got[i], 1e-5 * Math.max(1, Math.abs(want[i])));

    Tensor[] grads = Autograd.grad(a.mul(b).sum(), a);
    assertArrayEquals(b.toDoubleArray(), grads[0].toDoubleArray());
    assertEquals(false, grads[0].requiresGrad());
  }

  /**
   * Autograd.grad of a product under a sum returns the other factor's values in a tensor of its
   * own, small or large: changing the result in place leaves the factor alone, as in PyTorch.
   */
  @Test
  void autogradGradOfASummedProductDoesNotShareTheOtherFactorsData() {
    for (int n : new int[] {3, N}) {
      Tensor a = Tensor.randn(n).requiresGrad(true);
      Tensor b = Tensor.randn(n).requiresGrad(true);
      double[] bBefore = b.toDoubleArray();
      Tensor grad = Autograd.grad(a.mul(b).sum(), a)[0];
      assertArrayEquals(bBefore, grad.toDoubleArray(), "n = " + n);
      grad.add_(1);
      assertArrayEquals(bBefore, b.toDoubleArray(), "n = " + n + ": b changed with the result");
    }
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

  // ---- derivatives that write over the gradient they are given

  private static void assertClose(Tensor expected, Tensor actual) {
    double[] e = expected.toDoubleArray();
    double[] a = actual.toDoubleArray();
    assertEquals(e.length, a.length);
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], 1e-6 * (1 + Math.abs(e[i])), "at " + i);
    }
  }

  /** sigmoid'(x) * w, computed without the graph. */
  private static Tensor sigmoidDerivativeTimes(Tensor x, Tensor w) {
    Tensor s = x.detach().sigmoid();
    return s.mul(s.neg().add(1)).mul(w);
  }

  @Test
  void sigmoidAndTanhWriteTheirDerivativesOverTheGradientsTheyAreGiven() {
    Tensor x = Tensor.randn(N).requiresGrad(true);
    Tensor y = Tensor.randn(N).requiresGrad(true);
    Tensor sx = x.sigmoid();
    Tensor ty = y.tanh();
    Tensor loss = sx.mul(ty).sum();
    int before = Storage.lastSerial();
    loss.backward();
    // The product's derivative makes two gradients; sigmoid's and tanh's derivatives write over
    // them, and the leaves take them over: two large blocks in all, where there were four.
    assertEquals(2, Storage.lastSerial() - before);
    assertClose(sigmoidDerivativeTimes(x, ty.detach()), x.grad());
    Tensor t = ty.detach();
    assertClose(t.mul(t).neg().add(1).mul(sx.detach()), y.grad());
  }

  @Test
  void aRetainedGradientIsNotWrittenOver() {
    Tensor x = Tensor.randn(N).requiresGrad(true);
    Tensor w = Tensor.randn(N);
    Tensor s = x.sigmoid();
    s.retainGrad();
    s.mul(w).sum().backward();
    assertArrayEquals(w.toDoubleArray(), s.grad().toDoubleArray());
    assertClose(sigmoidDerivativeTimes(x, w), x.grad());
  }

  @Test
  void aGradientAHookHasSeenIsNotWrittenOver() {
    Tensor x = Tensor.randn(N).requiresGrad(true);
    Tensor w = Tensor.randn(N);
    Tensor s = x.sigmoid();
    List<Tensor> seen = new ArrayList<>();
    s.registerHook(
        g -> {
          seen.add(g);
          return null;
        });
    s.mul(w).sum().backward();
    assertArrayEquals(w.toDoubleArray(), seen.get(0).toDoubleArray());
    assertClose(sigmoidDerivativeTimes(x, w), x.grad());
  }

  @Test
  void aGradientReturnedToTheCallerIsNotWrittenOver() {
    Tensor x = Tensor.randn(N).requiresGrad(true);
    Tensor w = Tensor.randn(N);
    Tensor s = x.sigmoid();
    Tensor[] grads = Autograd.grad(s.mul(w).sum(), s, x);
    assertArrayEquals(w.toDoubleArray(), grads[0].toDoubleArray());
    assertClose(sigmoidDerivativeTimes(x, w), grads[1]);
  }

  @Test
  void aGradientPassedOnToTwoInputsIsWrittenOverByNeither() {
    Tensor x1 = Tensor.randn(N).requiresGrad(true);
    Tensor x2 = Tensor.randn(N).requiresGrad(true);
    Tensor w = Tensor.randn(N);
    // The add's derivative passes its one gradient on to sigmoid's and to exp's.
    x1.sigmoid().add(x2.exp()).mul(w).sum().backward();
    assertClose(sigmoidDerivativeTimes(x1, w), x1.grad());
    assertClose(x2.detach().exp().mul(w), x2.grad());
  }

  @Test
  void aTensorAHookReturnedIsNotWrittenOver() {
    Tensor x = Tensor.randn(N).requiresGrad(true);
    Tensor replacement = Tensor.randn(N);
    double[] kept = replacement.toDoubleArray();
    Tensor shifted = x.sigmoid().add(1);
    // The add's derivative passes the hook's tensor on unchanged to sigmoid's: not the engine's.
    shifted.registerHook(g -> replacement);
    shifted.sum().backward();
    assertArrayEquals(kept, replacement.toDoubleArray());
    assertClose(sigmoidDerivativeTimes(x, replacement), x.grad());
  }

  @Test
  void aChainOfDerivativesWritesOverOneGradient() {
    Tensor x = Tensor.randn(N).requiresGrad(true);
    Tensor w = Tensor.randn(N);
    Tensor loss = x.mul(3).relu().neg().exp().div(2).mul(w).sum();
    int before = Storage.lastSerial();
    loss.backward();
    // mul(w) makes the one gradient; div, exp, neg, relu and mul(3) write over it in turn.
    assertEquals(1, Storage.lastSerial() - before);
    Tensor r = x.detach().mul(3).relu();
    Tensor expected = r.neg().exp().div(2).mul(w).neg().mul(r.gt(0).to(DType.FLOAT32)).mul(3);
    assertClose(expected, x.grad());
  }
}
