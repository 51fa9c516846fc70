package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Autograd#traceBackward}: the chain rule step by step, checked against backward(). */
class BackwardTraceTest {

  @Test
  void theTutorialsDerivativeIsTracedAsBackwardComputesIt() {
    // The tutorial's section 1: y = x³ - 4x - 5 at x = 2, dy/dx = 3x² - 4 = 8.
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y = x.pow(3).sub(x.mul(4)).sub(5);
    BackwardTrace trace =
        Autograd.traceBackward(y, GraphOptions.defaults().name("x", x).name("y", y));
    assertNull(x.grad(), "the trace leaves grad() alone");
    assertEquals(8.0, trace.gradient(x));

    List<BackwardTrace.Step> steps = trace.steps();
    assertEquals(List.of("y", "t3", "t2", "t1"), steps.stream().map(s -> s.output()).toList());
    assertEquals(List.of("sub", "sub", "mul", "pow"), steps.stream().map(s -> s.op()).toList());
    BackwardTrace.Step difference = steps.get(1);
    assertEquals(1.0, difference.upstream());
    assertEquals(1.0, difference.terms().get(0).local(), "∂(a - b)/∂a");
    assertEquals(-1.0, difference.terms().get(1).local(), "∂(a - b)/∂b");
    BackwardTrace.Step product = steps.get(2);
    assertEquals(-1.0, product.upstream());
    assertEquals(4.0, product.terms().get(0).local(), "∂(4x)/∂x");
    assertEquals(-4.0, product.terms().get(0).contribution());
    BackwardTrace.Step cube = steps.get(3);
    assertEquals(12.0, cube.terms().get(0).local(), "∂x³/∂x = 3x²");
    assertEquals(12.0, cube.terms().get(0).contribution());

    String text = trace.toString();
    assertTrue(text.startsWith("Backward trace of y = -5, from the output back"), text);
    assertTrue(
        text.contains("    x: local ∂t1/∂x = 12, upstream × local = 1 × 12 = 12 → ∂y/∂x += 12\n"),
        text);
    assertTrue(text.endsWith("  ∂y/∂x = -4 + 12 = 8\n"), text);

    RecordedGraph graph = Autograd.graph(y);
    assertEquals(-1.0, trace.gradient(2), "∂y/∂(4x), numbered as the graph numbers it");
    assertEquals("mul", graph.opOf(2).op());
    assertEquals(8.0, trace.gradient(0));
    assertEquals("y", trace.outputLabel());
    assertEquals(
        "gradient: no tensor 5; the graph has tensors 0 to 4",
        assertThrows(TensorException.class, () -> trace.gradient(5)).getMessage());
    y.backward(); // the graph is still whole
    assertEquals(x.grad().item(), trace.gradient(x));
  }

  @Test
  void aTensorUsedTwiceGetsTheSumOfBothPathsAsBackwardDoes() {
    Tensor a = Tensor.scalar(0.7, DType.FLOAT64).requiresGrad(true);
    Tensor b = Tensor.scalar(-1.3, DType.FLOAT64).requiresGrad(true);
    Tensor s = a.mul(b); // used twice below
    Tensor y = s.tanh().add(s.mul(s)).div(b.exp());
    BackwardTrace trace = Autograd.traceBackward(y, GraphOptions.defaults().name("s", s));
    s.retainGrad();
    y.backward();
    assertEquals(a.grad().item(), trace.gradient(a), 0.0);
    assertEquals(b.grad().item(), trace.gradient(b), 0.0);
    assertEquals(s.grad().item(), trace.gradient(s), 0.0);
    // s receives from tanh and from both sides of s * s; b from mul and from exp.
    long intoS =
        trace.steps().stream()
            .flatMap(st -> st.terms().stream())
            .filter(t -> t.input().equals("s"))
            .count();
    assertEquals(3, intoS);
    assertTrue(
        trace
            .toString()
            .contains(
                "    s: local ∂t5/∂s = -0.91, upstream × local = 3.669 × -0.91 = -3.339 → ∂t7/∂s += -3.339\n"),
        trace.toString());
  }

  @Test
  void theTraceNeedsOneElementTensorsAndAGraphBackwardHasNotFreed() {
    Tensor v = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    TensorException e = assertThrows(TensorException.class, () -> Autograd.traceBackward(v.sum()));
    assertTrue(
        e.getMessage().startsWith("traceBackward: t0 (a leaf) has shape [2];"), e.getMessage());

    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y = x.mul(x);
    y.backward();
    e = assertThrows(TensorException.class, () -> Autograd.traceBackward(y));
    assertTrue(e.getMessage().startsWith("traceBackward: the graph was freed"), e.getMessage());

    e = assertThrows(TensorException.class, () -> Autograd.traceBackward(Tensor.scalar(1.0)));
    assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());

    Tensor z = Tensor.scalar(2.0).requiresGrad(true);
    BackwardTrace trace = Autograd.traceBackward(z.exp());
    e = assertThrows(TensorException.class, () -> trace.gradient(Tensor.scalar(3.0)));
    assertTrue(e.getMessage().startsWith("gradient: the tensor (shape []) is not in the graph"));
  }

  @Test
  void aLeafOutputIsItsOwnGradient() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    BackwardTrace trace = Autograd.traceBackward(x);
    assertEquals(1.0, trace.gradient(x));
    assertEquals(List.of(), trace.steps());
  }
}
