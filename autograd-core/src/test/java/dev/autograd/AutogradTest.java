package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The behaviour of the autograd engine, as seen through the public API. */
@SuppressWarnings("try") // try (Autograd.Scope ignored = ...) is how scopes are used
class AutogradTest {

  private static final double EPS = 1e-12;

  private static Tensor f64(double... values) {
    return Tensor.of(values, DType.FLOAT64);
  }

  private static Tensor scalar(double value) {
    return Tensor.scalar(value, DType.FLOAT64);
  }

  // ------------------------------------------------------------------ flags and graph structure

  @Test
  void everyBackwardPassReachesEveryTensorAcrossBlocksOfPassNumbers() {
    // The engine marks the tensors a pass has queued with the pass's number, taken from blocks of
    // 65,536: a number given twice would leave x unvisited in the later pass.
    Tensor x = Tensor.scalar(1.0).requiresGrad(true);
    int passes = 70_000;
    for (int i = 0; i < passes; i++) x.mul(2).backward();
    assertEquals(2.0 * passes, x.grad().item());
  }

  @Test
  void requiresGradSetterReturnsTheSameTensor() {
    Tensor x = Tensor.ones(3);
    assertSame(x, x.requiresGrad(true));
  }

  @Test
  void requiresGradGetterReflectsTheSetter() {
    Tensor x = Tensor.ones(3);
    assertFalse(x.requiresGrad());
    x.requiresGrad(true);
    assertTrue(x.requiresGrad());
    x.requiresGrad(false);
    assertFalse(x.requiresGrad());
  }

  @Test
  void resultOfAnOpOnATensorRequiringGradRequiresGrad() {
    Tensor x = Tensor.ones(3).requiresGrad(true);
    Tensor c = Tensor.ones(3);
    assertTrue(x.mul(c).requiresGrad());
    assertFalse(c.mul(c).requiresGrad());
  }

  @Test
  void userCreatedTensorsAreLeavesAndOpResultsAreNot() {
    Tensor x = Tensor.ones(3).requiresGrad(true);
    Tensor constant = Tensor.ones(3);
    assertTrue(x.isLeaf());
    assertTrue(constant.isLeaf());
    assertFalse(x.mul(2).isLeaf());
  }

  @Test
  void resultOfAnOpOnConstantsIsALeaf() {
    Tensor constant = Tensor.ones(3);
    Tensor y = constant.mul(2);
    assertTrue(y.isLeaf());
    assertNull(y.gradFn());
  }

  @Test
  void gradIsNullBeforeBackward() {
    Tensor x = Tensor.ones(3).requiresGrad(true);
    x.mul(2).sum();
    assertNull(x.grad());
  }

  @Test
  void gradFnIsNullForLeaves() {
    assertNull(Tensor.ones(3).requiresGrad(true).gradFn());
  }

  @Test
  void gradFnNamesTheOpThatMadeTheTensor() {
    Tensor a = Tensor.ones(3).requiresGrad(true);
    Tensor b = Tensor.ones(3).requiresGrad(true);
    assertEquals("MulBackward", a.mul(b).gradFn().name());
    assertEquals("AddBackward", a.add(b).gradFn().name());
    assertEquals("SubBackward", a.sub(b).gradFn().name());
    assertEquals("DivBackward", a.div(b).gradFn().name());
    assertEquals("ExpBackward", a.exp().gradFn().name());
    assertEquals("SumBackward", a.sum().gradFn().name());
    assertEquals("PowBackward", a.pow(3).gradFn().name());
  }

  @Test
  void gradFnInputsAreTheOperands() {
    Tensor a = Tensor.ones(3).requiresGrad(true);
    Tensor b = Tensor.ones(3).requiresGrad(true);
    List<Tensor> inputs = a.mul(b).gradFn().inputs();
    assertEquals(2, inputs.size());
    assertSame(a, inputs.get(0));
    assertSame(b, inputs.get(1));
  }

  @Test
  void gradFnInputIsNullWhereTheOperandIsAConstant() {
    Tensor a = Tensor.ones(3).requiresGrad(true);
    Tensor constant = Tensor.ones(3);
    List<Tensor> inputs = a.mul(constant).gradFn().inputs();
    assertSame(a, inputs.get(0));
    assertNull(inputs.get(1));
  }

  // ------------------------------------------------------------------ backward

  @Test
  void backwardOnAZeroDimTensorFillsTheLeafGradient() {
    Tensor x = f64(1, 2, 3).requiresGrad(true);
    x.mul(x).sum().backward();
    assertArrayEquals(new double[] {2, 4, 6}, x.grad().toDoubleArray(), EPS);
  }

  @Test
  void backwardOnAOneElementOneDimTensorNeedsNoGradient() {
    Tensor x = f64(3).requiresGrad(true);
    Tensor y = x.pow(2); // shape [1]
    y.backward();
    assertArrayEquals(new double[] {6}, x.grad().toDoubleArray(), EPS);
  }

  @Test
  void gradientHasTheShapeAndTypeOfTheLeaf() {
    Tensor x = Tensor.ones(2, 3).requiresGrad(true);
    x.mul(2).sum().backward();
    assertArrayEquals(new int[] {2, 3}, x.grad().shape());
    assertEquals(DType.FLOAT32, x.grad().dtype());
    assertFalse(x.grad().requiresGrad());
  }

  @Test
  void backwardWithGradientComputesTheVectorJacobianProductOfAnElementwiseOp() {
    Tensor x = f64(1, 2, 3).requiresGrad(true);
    Tensor y = x.pow(2); // Jacobian diag(2x)
    y.backward(f64(1, 0.5, -1));
    assertArrayEquals(new double[] {2, 2, -6}, x.grad().toDoubleArray(), EPS);
  }

  @Test
  void backwardWithGradientComputesTheVectorJacobianProductOfAMatrixProduct() {
    Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT64, 2, 3);
    Tensor x = f64(1, -1, 2).requiresGrad(true);
    Tensor y = a.matmul(x); // Jacobian A, so x.grad = A^T v
    y.backward(f64(10, 1));
    assertArrayEquals(new double[] {14, 25, 36}, x.grad().toDoubleArray(), EPS);
  }

  @Test
  void gradientsAccumulateAcrossBackwardCalls() {
    Tensor x = f64(1, 2).requiresGrad(true);
    x.mul(3).sum().backward();
    x.mul(3).sum().backward();
    assertArrayEquals(new double[] {6, 6}, x.grad().toDoubleArray(), EPS);
  }

  @Test
  void zeroGradClearsTheAccumulatedGradient() {
    Tensor x = f64(1, 2).requiresGrad(true);
    x.mul(3).sum().backward();
    x.zeroGrad();
    assertNull(x.grad());
    x.mul(5).sum().backward();
    assertArrayEquals(new double[] {5, 5}, x.grad().toDoubleArray(), EPS);
  }

  @Test
  void setGradNullClearsTheAccumulatedGradient() {
    Tensor x = f64(1, 2).requiresGrad(true);
    x.mul(3).sum().backward();
    x.setGrad(null);
    assertNull(x.grad());
    x.mul(5).sum().backward();
    assertArrayEquals(new double[] {5, 5}, x.grad().toDoubleArray(), EPS);
  }

  @Test
  void tensorUsedTwiceInOneOpReceivesBothContributions() {
    Tensor x = scalar(3).requiresGrad(true);
    x.mul(x).backward();
    assertEquals(6, x.grad().item(), EPS);
  }

  @Test
  void tensorUsedOnTwoPathsReceivesTheSumOfBothContributions() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor y = x.exp().add(x.mul(x).mul(5)); // e^x + 5 x^2
    y.backward();
    assertEquals(Math.exp(2) + 20, x.grad().item(), EPS);
  }

  @Test
  void pathsOfDifferentLengthsMeetingAtOneTensorAreBothCounted() {
    // t feeds the result directly and through a chain of 50 ops: the engine must wait for the long
    // path before passing t's gradient on. d/dx of (x^2 + (x^2) * 1.01^50) = 2x (1 + 1.01^50).
    Tensor x = scalar(1.5).requiresGrad(true);
    Tensor t = x.mul(x);
    Tensor longPath = t;
    for (int i = 0; i < 50; i++) longPath = longPath.mul(1.01);
    t.add(longPath).backward();
    assertEquals(2 * 1.5 * (1 + Math.pow(1.01, 50)), x.grad().item(), 1e-9);
  }

  @Test
  void aTensorReachedAgainAfterItsConsumersIsProcessedOnce() {
    // A diamond of diamonds: each level doubles the number of paths to x (2^10 paths), while the
    // engine must visit each tensor once; the gradient is 2^10.
    Tensor x = scalar(1).requiresGrad(true);
    Tensor y = x;
    for (int i = 0; i < 10; i++) y = y.mul(1).add(y.mul(1));
    y.backward();
    assertEquals(1024, x.grad().item(), EPS);
  }

  @Test
  void aFailedBackwardLeavesNoPendingGradientBehind() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor y = x.mul(3).add(x.exp());
    RuntimeException boom = new RuntimeException("hook failed");
    Tensor middle = x.mul(3);
    middle.registerHook(
        g -> {
          throw boom;
        });
    Tensor broken = middle.add(x.mul(x));
    assertSame(boom, assertThrows(RuntimeException.class, broken::backward));
    // The failed pass had given x part of a gradient; the next backward must not see it.
    x.setGrad(null);
    y.backward();
    assertEquals(3 + Math.exp(2), x.grad().item(), EPS);
  }

  @Test
  void broadcastInputReceivesGradientSummedToItsShape() {
    Tensor bias = f64(1, 2, 3).requiresGrad(true);
    Tensor m = Tensor.ones(DType.FLOAT64, 4, 3);
    m.add(bias).sum().backward();
    assertArrayEquals(new double[] {4, 4, 4}, bias.grad().toDoubleArray(), EPS);
  }

  // ------------------------------------------------------------------ retainGraph

  @Test
  void retainGraphAllowsASecondBackward() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor y = x.pow(3);
    y.backward(BackwardOptions.defaults().retainGraph(true));
    y.backward();
    assertEquals(24, x.grad().item(), EPS);
  }

  @Test
  void secondBackwardWithoutRetainGraphThrowsThatTheGraphWasFreed() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor y = x.pow(3);
    y.backward();
    TensorException e = assertThrows(TensorException.class, y::backward);
    assertTrue(e.getMessage().contains("second time"), e.getMessage());
    assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
    assertTrue(e.getMessage().contains("PowBackward"), e.getMessage());
  }

  @Test
  void secondBackwardThroughAFreedGraphLeavesTheGradientOfTheFirst() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor y = x.pow(3);
    y.backward();
    assertThrows(TensorException.class, y::backward);
    assertEquals(12, x.grad().item(), EPS);
  }

  // ------------------------------------------------------------------ higher order

  private static Tensor cubic(Tensor x) {
    return x.pow(3).sub(x.mul(4)).sub(5);
  }

  @Test
  void createGraphGivesTheFirstDerivativeOfTheCubic() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor[] first = gradWithGraph(cubic(x), x);
    assertEquals(8, first[0].item(), EPS);
    assertTrue(first[0].requiresGrad());
  }

  @Test
  void createGraphGivesTheSecondDerivativeOfTheCubic() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor[] first = gradWithGraph(cubic(x), x);
    Tensor[] second = Autograd.grad(first[0], x);
    assertEquals(12, second[0].item(), EPS);
  }

  @Test
  void backwardWithCreateGraphLeavesADifferentiableGrad() {
    Tensor x = scalar(2).requiresGrad(true);
    cubic(x).backward(BackwardOptions.defaults().createGraph(true));
    Tensor dx = x.grad();
    assertEquals(8, dx.item(), EPS);
    assertNotNull(dx.gradFn());
    assertEquals(12, Autograd.grad(dx, x)[0].item(), EPS);
  }

  @Test
  void thirdDerivativeOfTheCubicIsSix() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor first = gradWithGraph(cubic(x), x)[0];
    Tensor second = gradWithGraph(first, x)[0];
    assertEquals(6, Autograd.grad(second, x)[0].item(), EPS);
  }

  @Test
  void hessianVectorProductOfSumOfCubesIsSixXTimesV() {
    Tensor x = f64(1, -2, 3).requiresGrad(true);
    Tensor v = f64(0.5, 1, -1);
    Tensor g = gradWithGraph(x.pow(3).sum(), x)[0]; // 3 x^2
    Tensor hv = Autograd.grad(g.mul(v).sum(), x)[0];
    assertArrayEquals(new double[] {3, -12, -18}, hv.toDoubleArray(), EPS);
  }

  @Test
  void hessianVectorProductOfATwoVariableFunctionIncludesTheCrossTerms() {
    // f(x, y) = x^2 y + x y^3; H = [[2y, 2x + 3y^2], [2x + 3y^2, 6xy]]
    double xv = 1.5;
    double yv = -2;
    Tensor x = scalar(xv).requiresGrad(true);
    Tensor y = scalar(yv).requiresGrad(true);
    Tensor f = x.pow(2).mul(y).add(x.mul(y.pow(3)));
    List<Tensor> g =
        Autograd.grad(List.of(f), List.of(x, y), GradOptions.defaults().createGraph(true));
    assertEquals(2 * xv * yv + Math.pow(yv, 3), g.get(0).item(), EPS);
    assertEquals(xv * xv + 3 * xv * yv * yv, g.get(1).item(), EPS);
    double v1 = 0.5;
    double v2 = -1;
    Tensor gv = g.get(0).mul(v1).add(g.get(1).mul(v2));
    List<Tensor> hv = Autograd.grad(List.of(gv), List.of(x, y), GradOptions.defaults());
    double cross = 2 * xv + 3 * yv * yv;
    assertEquals(2 * yv * v1 + cross * v2, hv.get(0).item(), EPS);
    assertEquals(cross * v1 + 6 * xv * yv * v2, hv.get(1).item(), EPS);
  }

  private static Tensor[] gradWithGraph(Tensor output, Tensor input) {
    return Autograd.grad(List.of(output), List.of(input), GradOptions.defaults().createGraph(true))
        .toArray(new Tensor[0]);
  }

  // ------------------------------------------------------------------ Autograd.grad

  @Test
  void autogradGradReturnsTheGradients() {
    Tensor x = f64(1, 2).requiresGrad(true);
    Tensor w = f64(3, 4).requiresGrad(true);
    Tensor[] g = Autograd.grad(x.mul(w).sum(), x, w);
    assertArrayEquals(new double[] {3, 4}, g[0].toDoubleArray(), EPS);
    assertArrayEquals(new double[] {1, 2}, g[1].toDoubleArray(), EPS);
  }

  @Test
  void autogradGradLeavesGradOfTheInputsNull() {
    Tensor x = f64(1, 2).requiresGrad(true);
    Tensor w = f64(3, 4).requiresGrad(true);
    Autograd.grad(x.mul(w).sum(), x);
    assertNull(x.grad());
    assertNull(w.grad());
  }

  @Test
  void autogradGradWithRespectToAnIntermediateTensor() {
    Tensor x = scalar(3).requiresGrad(true);
    Tensor h = x.mul(2);
    Tensor y = h.pow(2);
    assertEquals(12, Autograd.grad(y, h)[0].item(), EPS);
  }

  @Test
  void autogradGradWithGradOutputsWeightsTheOutputs() {
    Tensor x = f64(1, 2, 3).requiresGrad(true);
    List<Tensor> g =
        Autograd.grad(
            List.of(x.mul(x)), List.of(x), GradOptions.defaults().gradOutputs(f64(1, 0, 2)));
    assertArrayEquals(new double[] {2, 0, 12}, g.get(0).toDoubleArray(), EPS);
  }

  @Test
  void autogradGradThrowsForAnUnusedInputWithoutAllowUnused() {
    Tensor x = scalar(1).requiresGrad(true);
    Tensor unused = scalar(1).requiresGrad(true);
    TensorException e =
        assertThrows(TensorException.class, () -> Autograd.grad(x.mul(2), x, unused));
    assertTrue(e.getMessage().contains("input 1"), e.getMessage());
    assertTrue(e.getMessage().contains("allowUnused"), e.getMessage());
  }

  @Test
  void autogradGradReturnsNullForAnUnusedInputWithAllowUnused() {
    Tensor x = scalar(1).requiresGrad(true);
    Tensor unused = scalar(1).requiresGrad(true);
    List<Tensor> g =
        Autograd.grad(
            List.of(x.mul(2)), List.of(x, unused), GradOptions.defaults().allowUnused(true));
    assertEquals(2, g.get(0).item(), EPS);
    assertNull(g.get(1));
  }

  @Test
  void autogradGradThrowsWhenAnInputDoesNotRequireGrad() {
    Tensor x = scalar(1).requiresGrad(true);
    Tensor constant = scalar(1);
    TensorException e =
        assertThrows(TensorException.class, () -> Autograd.grad(x.mul(constant), constant));
    assertTrue(e.getMessage().contains("input 0 does not require grad"), e.getMessage());
  }

  @Test
  void autogradGradFreesTheGraphUnlessRetained() {
    Tensor x = scalar(1).requiresGrad(true);
    Tensor y = x.exp();
    Autograd.grad(y, x);
    assertThrows(TensorException.class, () -> Autograd.grad(y, x));
  }

  // ------------------------------------------------------------------ grad mode

  @Test
  void resultsMadeInsideNoGradDoNotRequireGrad() {
    Tensor x = Tensor.ones(3).requiresGrad(true);
    Tensor y;
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      y = x.mul(2);
      assertFalse(Autograd.isGradEnabled());
    }
    assertFalse(y.requiresGrad());
    assertNull(y.gradFn());
  }

  @Test
  void closingNoGradTurnsRecordingBackOn() {
    Tensor x = Tensor.ones(3).requiresGrad(true);
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      x.mul(2);
    }
    assertTrue(Autograd.isGradEnabled());
    assertTrue(x.mul(2).requiresGrad());
  }

  @Test
  void nestedNoGradScopesRestoreTheOuterSetting() {
    try (Autograd.Scope outer = Autograd.noGrad()) {
      try (Autograd.Scope inner = Autograd.noGrad()) {
        assertFalse(Autograd.isGradEnabled());
      }
      assertFalse(Autograd.isGradEnabled(), "closing the inner scope must not re-enable grad");
    }
    assertTrue(Autograd.isGradEnabled());
  }

  @Test
  void enableGradInsideNoGradRecords() {
    Tensor x = Tensor.ones(3).requiresGrad(true);
    try (Autograd.Scope off = Autograd.noGrad()) {
      try (Autograd.Scope on = Autograd.enableGrad()) {
        Tensor y = x.mul(2);
        assertTrue(y.requiresGrad());
        assertEquals("MulBackward", y.gradFn().name());
      }
      assertFalse(x.mul(2).requiresGrad());
    }
  }

  @Test
  void backwardInsideNoGradStillComputesGradients() {
    Tensor x = scalar(3).requiresGrad(true);
    Tensor y = x.mul(x);
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      y.backward();
    }
    assertEquals(6, x.grad().item(), EPS);
  }

  // ------------------------------------------------------------------ detach, retainGrad, hooks

  @Test
  void detachSharesStorage() {
    Tensor x = f64(1, 2, 3).requiresGrad(true);
    Tensor y = x.mul(2);
    Tensor d = y.detach();
    d.fill_(7);
    assertArrayEquals(new double[] {7, 7, 7}, y.toDoubleArray(), EPS);
  }

  @Test
  void detachedTensorDoesNotRequireGradAndIsALeaf() {
    Tensor y = f64(1, 2, 3).requiresGrad(true).mul(2);
    Tensor d = y.detach();
    assertFalse(d.requiresGrad());
    assertTrue(d.isLeaf());
    assertNull(d.gradFn());
  }

  @Test
  void detachCutsTheGraph() {
    Tensor w = scalar(3).requiresGrad(true);
    Tensor d = w.mul(2).detach();
    d.mul(w).backward(); // d is a constant 6: dw = 6, not 4w = 12
    assertEquals(6, w.grad().item(), EPS);
  }

  @Test
  void retainGradFillsTheGradientOfANonLeaf() {
    Tensor x = f64(1, 2).requiresGrad(true);
    Tensor y = x.mul(3).retainGrad();
    y.mul(y).sum().backward();
    assertArrayEquals(new double[] {6, 12}, y.grad().toDoubleArray(), EPS);
    assertArrayEquals(new double[] {18, 36}, x.grad().toDoubleArray(), EPS);
  }

  @Test
  void nonLeafWithoutRetainGradHasNoGradient() {
    Tensor x = f64(1, 2).requiresGrad(true);
    Tensor y = x.mul(3);
    y.mul(y).sum().backward();
    assertNull(y.grad());
    assertFalse(y.retainsGrad());
  }

  @Test
  void hookIsCalledWithTheGradient() {
    Tensor x = f64(1, 2).requiresGrad(true);
    Tensor y = x.mul(3);
    List<double[]> seen = new ArrayList<>();
    y.registerHook(
        g -> {
          seen.add(g.toDoubleArray());
          return null;
        });
    y.mul(y).sum().backward();
    assertEquals(1, seen.size());
    assertArrayEquals(new double[] {6, 12}, seen.get(0), EPS);
    assertArrayEquals(new double[] {18, 36}, x.grad().toDoubleArray(), EPS);
  }

  @Test
  void hookReturningATensorReplacesTheGradientThatFlowsOn() {
    Tensor x = f64(1, 2).requiresGrad(true);
    Tensor y = x.mul(3);
    y.registerHook(g -> g.mul(2));
    y.sum().backward();
    assertArrayEquals(new double[] {6, 6}, x.grad().toDoubleArray(), EPS);
  }

  @Test
  void hookOnALeafReplacesTheAccumulatedGradient() {
    Tensor x = f64(1, 2).requiresGrad(true);
    x.registerHook(g -> g.mul(2));
    x.mul(3).sum().backward();
    assertArrayEquals(new double[] {6, 6}, x.grad().toDoubleArray(), EPS);
  }

  @Test
  void removedHookIsNoLongerCalled() {
    Tensor x = f64(1, 2).requiresGrad(true);
    int[] calls = {0};
    Tensor.HookHandle handle =
        x.registerHook(
            g -> {
              calls[0]++;
              return g.mul(2);
            });
    x.sum().backward();
    handle.remove();
    x.zeroGrad();
    x.sum().backward();
    assertEquals(1, calls[0]);
    assertArrayEquals(new double[] {1, 1}, x.grad().toDoubleArray(), EPS);
  }

  @Test
  void hookCannotBeRegisteredOnATensorThatDoesNotRequireGrad() {
    TensorException e =
        assertThrows(TensorException.class, () -> Tensor.ones(2).registerHook(g -> g));
    assertTrue(e.getMessage().contains("registerHook"), e.getMessage());
  }

  // ------------------------------------------------------------------ in-place safety

  /** Applies {@code update} to a fresh leaf that requires grad, as an optimizer would. */
  private static Tensor updatedUnderNoGrad(java.util.function.Consumer<Tensor> update) {
    Tensor w = Tensor.ones(3).requiresGrad(true);
    assertEquals(0, w.version());
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      update.accept(w);
    }
    return w;
  }

  @Test
  void addInPlaceBumpsTheVersion() {
    Tensor w = updatedUnderNoGrad(t -> t.add_(1));
    assertEquals(1, w.version());
    assertArrayEquals(new float[] {2, 2, 2}, w.toFloatArray());
  }

  @Test
  void mulInPlaceBumpsTheVersion() {
    Tensor w = updatedUnderNoGrad(t -> t.mul_(3));
    assertEquals(1, w.version());
    assertArrayEquals(new float[] {3, 3, 3}, w.toFloatArray());
  }

  @Test
  void copyInPlaceBumpsTheVersion() {
    Tensor w = updatedUnderNoGrad(t -> t.copy_(Tensor.of(new double[] {4, 5, 6})));
    assertEquals(1, w.version());
    assertArrayEquals(new float[] {4, 5, 6}, w.toFloatArray());
  }

  @Test
  void zeroInPlaceBumpsTheVersion() {
    Tensor w = updatedUnderNoGrad(Tensor::zero_);
    assertEquals(1, w.version());
    assertArrayEquals(new float[] {0, 0, 0}, w.toFloatArray());
  }

  @Test
  void eachInPlaceOpBumpsTheVersionAgain() {
    Tensor w =
        updatedUnderNoGrad(
            t -> {
              t.add_(1);
              t.mul_(2);
              t.zero_();
            });
    assertEquals(3, w.version());
  }

  @Test
  void inPlaceOpsOnATensorNotRequiringGradNeedNoScope() {
    Tensor t = Tensor.ones(3);
    t.add_(1);
    assertEquals(1, t.version());
  }

  @Test
  void inPlaceUpdateOfALeafUnderNoGradBumpsItsVersion() {
    Tensor w = Tensor.ones(3).requiresGrad(true);
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      w.sub_(Tensor.full(0.5, 3));
    }
    assertEquals(1, w.version());
    assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, w.toFloatArray());
    assertTrue(w.requiresGrad());
  }

  @Test
  void viewsShareTheVersionCounter() {
    Tensor t = Tensor.ones(2, 3);
    Tensor row = t.select(0, 1);
    row.mul_(5);
    assertEquals(1, t.version());
    assertEquals(5, t.get(1, 2), 0);
  }

  @Test
  void backwardThroughAModifiedSavedOutputThrowsNamingTheVersions() {
    Tensor x = f64(1, 2).requiresGrad(true);
    Tensor y = x.exp(); // ExpBackward saves y
    Tensor loss = y.sum();
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      y.mul_(2);
    }
    TensorException e = assertThrows(TensorException.class, loss::backward);
    assertTrue(e.getMessage().contains("ExpBackward"), e.getMessage());
    assertTrue(e.getMessage().contains("version 1"), e.getMessage());
    assertTrue(e.getMessage().contains("expected version 0"), e.getMessage());
    assertTrue(e.getMessage().contains("in-place"), e.getMessage());
  }

  @Test
  void backwardThroughAModifiedSavedInputThrowsNamingTheVersions() {
    Tensor a = f64(1, 2).requiresGrad(true);
    Tensor b = f64(3, 4);
    Tensor z = a.mul(b).sum(); // MulBackward saves b for a's gradient
    b.add_(1);
    TensorException e = assertThrows(TensorException.class, z::backward);
    assertTrue(e.getMessage().contains("MulBackward"), e.getMessage());
    assertTrue(e.getMessage().contains("version 1"), e.getMessage());
    assertTrue(e.getMessage().contains("expected version 0"), e.getMessage());
  }

  @Test
  void modifyingATensorNotSavedByAnyOpDoesNotBreakBackward() {
    Tensor a = f64(1, 2).requiresGrad(true);
    Tensor b = f64(3, 4);
    Tensor z = a.add(b).sum(); // AddBackward saves nothing
    b.add_(1);
    z.backward();
    assertArrayEquals(new double[] {1, 1}, a.grad().toDoubleArray(), EPS);
  }

  @Test
  void inPlaceOnALeafRequiringGradOutsideNoGradThrows() {
    Tensor w = Tensor.ones(3).requiresGrad(true);
    TensorException e = assertThrows(TensorException.class, () -> w.add_(1));
    assertTrue(e.getMessage().contains("add_"), e.getMessage());
    assertTrue(e.getMessage().contains("leaf"), e.getMessage());
    assertEquals(0, w.version());
    assertArrayEquals(new float[] {1, 1, 1}, w.toFloatArray());
  }

  @Test
  void inPlaceOnANonLeafOutsideNoGradThrows() {
    Tensor y = Tensor.ones(3).requiresGrad(true).mul(2);
    TensorException e = assertThrows(TensorException.class, () -> y.mul_(2));
    assertTrue(e.getMessage().contains("mul_"), e.getMessage());
  }

  // ------------------------------------------------------------------ anomaly detection

  @Test
  void anomalyModeReportsInfiniteGradientNamingTheOpAndTheForwardCallSite() {
    Tensor x = scalar(0).requiresGrad(true);
    TensorException e;
    try (Autograd.Scope ignored = Autograd.detectAnomaly()) {
      Tensor y = x.sqrt(); // d sqrt(x)/dx = 1 / (2 sqrt x) = inf at 0
      e = assertThrows(TensorException.class, y::backward);
    }
    String m = e.getMessage();
    assertTrue(m.contains("SqrtBackward"), m);
    assertTrue(m.contains("inf"), m);
    assertTrue(
        m.contains(
            "AutogradTest.anomalyModeReportsInfiniteGradientNamingTheOpAndTheForwardCallSite"),
        m);
  }

  @Test
  void anomalyModeReportsNanGradientNamingTheOp() {
    Tensor x = scalar(0).requiresGrad(true);
    TensorException e;
    try (Autograd.Scope ignored = Autograd.detectAnomaly()) {
      Tensor y = x.sqrt().mul(0); // 0 * inf = nan in SqrtBackward
      e = assertThrows(TensorException.class, y::backward);
    }
    String m = e.getMessage();
    assertTrue(m.contains("SqrtBackward"), m);
    assertTrue(m.contains("nan"), m);
    assertTrue(m.contains("AutogradTest.anomalyModeReportsNanGradientNamingTheOp"), m);
  }

  @Test
  void anomalyModeReportsLogAtZero() {
    Tensor x = f64(1, 0).requiresGrad(true);
    TensorException e;
    try (Autograd.Scope ignored = Autograd.detectAnomaly()) {
      Tensor y = x.log().sum();
      e = assertThrows(TensorException.class, y::backward);
    }
    assertTrue(e.getMessage().contains("LogBackward"), e.getMessage());
    assertTrue(e.getMessage().contains("AutogradTest.anomalyModeReportsLogAtZero"), e.getMessage());
  }

  @Test
  void anomalyModeOnlyDuringBackwardSaysTheForwardCallSiteIsUnknown() {
    Tensor x = scalar(0).requiresGrad(true);
    Tensor y = x.sqrt();
    TensorException e;
    try (Autograd.Scope ignored = Autograd.detectAnomaly()) {
      e = assertThrows(TensorException.class, y::backward);
    }
    assertTrue(e.getMessage().contains("SqrtBackward"), e.getMessage());
    assertTrue(e.getMessage().contains("before the forward pass"), e.getMessage());
  }

  @Test
  void withoutAnomalyModeANonFiniteGradientIsReturnedSilently() {
    assertFalse(Autograd.isAnomalyDetectionEnabled());
    Tensor x = scalar(0).requiresGrad(true);
    x.sqrt().backward();
    assertEquals(Double.POSITIVE_INFINITY, x.grad().item());
  }

  @Test
  void anomalyScopeIsOffAfterItCloses() {
    try (Autograd.Scope ignored = Autograd.detectAnomaly()) {
      assertTrue(Autograd.isAnomalyDetectionEnabled());
    }
    assertFalse(Autograd.isAnomalyDetectionEnabled());
  }

  @Test
  void anomalyScopeOfAnotherThreadDoesNotEnableItHere() throws Exception {
    java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch checked = new java.util.concurrent.CountDownLatch(1);
    Thread other =
        new Thread(
            () -> {
              try (Autograd.Scope ignored = Autograd.detectAnomaly()) {
                opened.countDown();
                checked.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    other.start();
    opened.await();
    try {
      assertFalse(Autograd.isAnomalyDetectionEnabled());
      Tensor x = scalar(0).requiresGrad(true);
      x.sqrt().backward(); // would throw with anomaly detection on this thread
      assertEquals(Double.POSITIVE_INFINITY, x.grad().item());
    } finally {
      checked.countDown();
      other.join();
    }
  }

  @Test
  void globalAnomalySwitchDetectsNonFiniteGradients() {
    Autograd.setDetectAnomaly(true);
    try {
      assertTrue(Autograd.isAnomalyDetectionEnabled());
      Tensor x = scalar(0).requiresGrad(true);
      Tensor y = x.sqrt();
      TensorException e = assertThrows(TensorException.class, y::backward);
      assertTrue(e.getMessage().contains("SqrtBackward"), e.getMessage());
      assertTrue(
          e.getMessage().contains("AutogradTest.globalAnomalySwitchDetectsNonFiniteGradients"),
          e.getMessage());
    } finally {
      Autograd.setDetectAnomaly(false);
    }
    assertFalse(Autograd.isAnomalyDetectionEnabled());
  }

  @Test
  void anomalyModeDoesNotThrowForFiniteGradients() {
    Tensor x = f64(1, 4).requiresGrad(true);
    try (Autograd.Scope ignored = Autograd.detectAnomaly()) {
      x.sqrt().sum().backward();
    }
    assertArrayEquals(new double[] {0.5, 0.25}, x.grad().toDoubleArray(), EPS);
  }

  // ------------------------------------------------------------------ GradCheck

  @Test
  void gradCheckPassesOnACorrectFunction() {
    Tensor x = f64(0.3, -1.2, 2.0).requiresGrad(true);
    assertTrue(GradCheck.check(in -> in[0].sin().mul(in[0]), x).passed());
  }

  @Test
  void gradCheckPassesOnAFunctionOfTwoInputs() {
    Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT64, 2, 3).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {0.5, -1, 2, 0, 1, 1}, DType.FLOAT64, 3, 2);
    b.requiresGrad(true);
    assertTrue(GradCheck.check(in -> in[0].matmul(in[1]).tanh(), a, b).passed());
  }

  @Test
  void gradCheckThrowsForAWrongDerivativeNamingOutputInputAndBothValues() {
    Tensor x = f64(0.5, 1.5).requiresGrad(true);
    Tensor other = f64(2, 3).requiresGrad(true);
    GradCheckException e =
        assertThrows(
            GradCheckException.class,
            () ->
                GradCheck.check(
                    in -> {
                      Tensor h = in[1].mul(in[0]);
                      if (h.requiresGrad()) h.registerHook(g -> g.mul(1.5)); // a wrong derivative
                      return h.exp();
                    },
                    other,
                    x));
    String m = e.getMessage();
    // The first mismatch: d out_0 / d input 0 (other) element 0 = x_0 exp(x_0 other_0) = 0.5 e.
    double numerical = 0.5 * Math.exp(1);
    assertTrue(m.contains("output 0 (element 0)"), m);
    assertTrue(m.contains("input 0 (element 0)"), m);
    assertEquals(numerical, number(m, "numerical "), 1e-6);
    assertEquals(1.5 * numerical, number(m, "analytical "), 1e-9);
  }

  @Test
  void gradCheckRejectsFloat32Inputs() {
    Tensor x = Tensor.ones(2).requiresGrad(true);
    TensorException e = assertThrows(TensorException.class, () -> GradCheck.check(in -> in[0], x));
    assertTrue(e.getMessage().contains("float32"), e.getMessage());
  }

  /** The number that follows {@code label} in {@code message}. */
  private static double number(String message, String label) {
    int at = message.indexOf(label);
    assertTrue(at >= 0, "no '" + label + "' in: " + message);
    int start = at + label.length();
    int end = start;
    while (end < message.length() && "0123456789.-+eE".indexOf(message.charAt(end)) >= 0) end++;
    return Double.parseDouble(message.substring(start, end));
  }
}
