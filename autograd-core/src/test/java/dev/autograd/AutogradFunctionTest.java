package dev.autograd;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Custom differentiable ops ({@link AutogradFunction}) against closed forms and PyTorch's rules.
 */
@SuppressWarnings("try") // try (Autograd.Scope ignored = ...) is how scopes are used
class AutogradFunctionTest {

  private static final double EPS = 1e-12;

  private static Tensor f64(double... values) {
    return Tensor.of(values, DType.FLOAT64);
  }

  private static void assertPasses(GradCheckReport report) {
    assertTrue(report.passed(), report::toString);
  }

  private static void assertClose(double[] expected, Tensor actual) {
    assertArrayEquals(expected, actual.toDoubleArray(), 1e-9);
  }

  /** x^3, its backward in tensor ops on the saved input: differentiable any number of times. */
  static final class Cube extends AutogradFunction {
    int backwardCalls;
    boolean recordingInForward = true;
    boolean recordingInBackward;

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      recordingInForward = Autograd.isGradEnabled();
      ctx.saveForBackward(in[0]);
      return new Tensor[] {in[0].pow(3)};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... grad) {
      backwardCalls++;
      recordingInBackward = Autograd.isGradEnabled();
      Tensor x = ctx.savedTensors()[0];
      return new Tensor[] {grad[0].mul(x.square()).mul(3)};
    }
  }

  /** exp, whose backward uses the saved output (as PyTorch's own ExpBackward does). */
  static final class Exp extends AutogradFunction {
    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      Tensor out = in[0].exp();
      ctx.saveForBackward(out);
      return new Tensor[] {out};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... grad) {
      return new Tensor[] {grad[0].mul(ctx.savedTensors()[0])};
    }
  }

  /** a * b with broadcasting: the gradients are summed back to each input's shape by apply. */
  static final class Mul extends AutogradFunction {
    final List<Boolean> needs = new ArrayList<>();

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      ctx.saveForBackward(in[0], in[1]);
      return new Tensor[] {in[0].mul(in[1])};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... grad) {
      Tensor[] s = ctx.savedTensors();
      needs.add(ctx.needsInputGrad(0));
      needs.add(ctx.needsInputGrad(1));
      return new Tensor[] {
        ctx.needsInputGrad(0) ? grad[0].mul(s[1]) : null,
        ctx.needsInputGrad(1) ? grad[0].mul(s[0]) : null
      };
    }
  }

  /** (sin x, cos x): two outputs, one call of backward per backward pass. */
  static final class SinCos extends AutogradFunction {
    final List<Tensor[]> received = new ArrayList<>();
    boolean materialize = true;

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      ctx.saveForBackward(in[0]);
      ctx.setMaterializeGrads(materialize);
      return new Tensor[] {in[0].sin(), in[0].cos()};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... grad) {
      received.add(grad.clone());
      Tensor x = ctx.savedTensors()[0];
      Tensor g = null;
      if (grad[0] != null) g = grad[0].mul(x.cos());
      if (grad[1] != null) {
        Tensor fromCos = grad[1].mul(x.sin()).neg();
        g = g == null ? fromCos : g.add(fromCos);
      }
      return new Tensor[] {g};
    }
  }

  /**
   * d(x^2)/dx through a backward pass of its own: a recomputation from the saved input,
   * differentiated by Autograd.grad inside the outer backward (as checkpointing does in PyTorch).
   */
  static final class SquareByNestedGrad extends AutogradFunction {
    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
      ctx.saveForBackward(in[0]);
      return new Tensor[] {in[0].square()};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... grad) {
      Tensor x = ctx.savedTensors()[0];
      try (Autograd.Scope ignored = Autograd.enableGrad()) {
        Tensor again = x.square();
        return new Tensor[] {
          Autograd.grad(List.of(again), List.of(x), GradOptions.defaults().gradOutputs(grad[0]))
              .get(0)
        };
      }
    }
  }

  // ------------------------------------------------------------------ forward, backward, names

  @Test
  void backwardGivesTheClosedFormAndTheNodeIsNamedAfterTheClass() {
    Tensor x = f64(-1.5, 0.5, 2).requiresGrad(true);
    Cube cube = new Cube();
    Tensor y = cube.apply(x);
    assertClose(new double[] {-3.375, 0.125, 8}, y);
    assertEquals("CubeBackward", y.gradFn().name());
    assertSame(x, y.gradFn().inputs().get(0));
    assertFalse(cube.recordingInForward, "forward runs with recording off");
    y.sum().backward();
    assertClose(new double[] {3 * 2.25, 3 * 0.25, 12}, x.grad());
    assertEquals(1, cube.backwardCalls);
    assertFalse(cube.recordingInBackward, "backward records only when createGraph is asked for");
  }

  /**
   * A backward pass run inside a custom function's backward reaches a tensor for which the outer
   * pass already holds a gradient (x, from the first of two such functions applied to it): it must
   * neither take that gradient as its own result nor leave the outer pass without it.
   */
  @Test
  void aBackwardInsideABackwardLeavesTheOuterPassesGradientsAlone() {
    double[] at = {-1.5, 0.5, 2};
    Tensor x = f64(at).requiresGrad(true);
    Tensor first = new SquareByNestedGrad().apply(x);
    Tensor second = new SquareByNestedGrad().apply(x);
    first.add(second.mul(3)).add(x.exp()).sum().backward();
    double[] expected = new double[3];
    for (int i = 0; i < 3; i++) expected[i] = 8 * at[i] + Math.exp(at[i]);
    assertClose(expected, x.grad());
  }

  @Test
  void withoutAnInputThatRequiresGradNothingIsRecorded() {
    Tensor y = new Cube().apply(f64(2));
    assertFalse(y.requiresGrad());
    assertNull(y.gradFn());
    Tensor x = f64(2).requiresGrad(true);
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      Tensor z = new Cube().apply(x);
      assertFalse(z.requiresGrad());
      assertEquals(8, z.item(), EPS);
    }
  }

  @Test
  void gradientsOfTwoInputsAndNeedsInputGrad() {
    Tensor a = f64(1, 2, 3).requiresGrad(true);
    Tensor b = f64(4, 5, 6);
    Mul mul = new Mul();
    mul.apply(a, b).sum().backward();
    assertClose(new double[] {4, 5, 6}, a.grad());
    assertEquals(List.of(true, false), mul.needs);
    assertNull(b.grad());
  }

  @Test
  void theSameTensorAsTwoInputsReceivesBothGradients() {
    Tensor x = f64(1.5, -2).requiresGrad(true);
    Mul mul = new Mul();
    mul.apply(x, x).sum().backward(); // d(x * x)/dx = 2x
    assertClose(new double[] {3, -4}, x.grad());
    assertEquals(List.of(true, true), mul.needs);
  }

  @Test
  void aGradientThatBroadcastsToItsInputIsSummedBack() {
    Tensor a = f64(1, 2, 3, 4, 5, 6).reshape(2, 3).requiresGrad(true);
    Tensor b = f64(10, 20, 30).requiresGrad(true);
    new Mul().apply(a, b).sum().backward();
    // The backward returns grad * a, of shape [2, 3], for b of shape [3]: summed over the rows.
    assertClose(new double[] {5, 7, 9}, b.grad());
    assertClose(new double[] {10, 20, 30, 10, 20, 30}, a.grad());
  }

  @Test
  void passesGradCheckWithOneAndTwoInputs() {
    Tensor x = Tensor.randn(new Generator(1), 4).to(DType.FLOAT64).requiresGrad(true);
    Tensor y = Tensor.randn(new Generator(2), 2, 4).to(DType.FLOAT64).requiresGrad(true);
    assertPasses(GradCheck.check(in -> new Cube().apply(in[0]), x));
    assertPasses(GradCheck.check(in -> new Exp().apply(in[0]), x));
    assertPasses(GradCheck.check(in -> new Mul().apply(in[0], in[1]), x, y));
  }

  // ------------------------------------------------------------------ higher order

  @Test
  void secondAndThirdDerivativesThroughASavedInput() {
    Tensor x = f64(-1, 0.5, 2).requiresGrad(true);
    Cube cube = new Cube();
    Tensor y = cube.apply(x).sum();
    Tensor dy =
        Autograd.grad(List.of(y), List.of(x), GradOptions.defaults().createGraph(true)).get(0);
    assertTrue(cube.recordingInBackward, "with createGraph, backward records");
    assertClose(new double[] {3, 0.75, 12}, dy); // 3x^2
    Tensor d2y =
        Autograd.grad(List.of(dy.sum()), List.of(x), GradOptions.defaults().createGraph(true))
            .get(0);
    assertClose(new double[] {-6, 3, 12}, d2y); // 6x
    Tensor d3y = Autograd.grad(d2y.sum(), x)[0];
    assertClose(new double[] {6, 6, 6}, d3y);
  }

  @Test
  void secondDerivativeThroughASavedOutput() {
    Tensor x = f64(-1, 0, 1.5).requiresGrad(true);
    Tensor y = new Exp().apply(x).sum();
    Tensor dy =
        Autograd.grad(List.of(y), List.of(x), GradOptions.defaults().createGraph(true)).get(0);
    Tensor d2y = Autograd.grad(dy.sum(), x)[0];
    assertClose(new double[] {Math.exp(-1), 1, Math.exp(1.5)}, d2y);
  }

  @Test
  void passesGradGradCheck() {
    // Second derivatives against finite differences of the first, through saved inputs (Cube,
    // Mul), a saved output (Exp), and several outputs (SinCos).
    Tensor x = Tensor.randn(new Generator(3), 3).to(DType.FLOAT64).requiresGrad(true);
    Tensor b = Tensor.randn(new Generator(4), 3).to(DType.FLOAT64).requiresGrad(true);
    assertPasses(
        GradCheck.gradgradcheck(in -> new Mul().apply(new Cube().apply(in[0]), in[1]), x, b));
    assertPasses(GradCheck.gradgradcheck(in -> new Exp().apply(in[0]), x));
    assertPasses(
        GradCheck.gradgradcheck(
            in -> {
              Tensor[] sc = new SinCos().applyAll(in[0]);
              return sc[0].mul(sc[1]).add(sc[1]);
            },
            x));
  }

  // ------------------------------------------------------------------ several outputs

  @Test
  void twoOutputsCallBackwardOnceWithBothGradients() {
    Tensor x = f64(0.3, -1.2).requiresGrad(true);
    SinCos f = new SinCos();
    Tensor[] out = f.applyAll(x);
    assertEquals(2, out.length);
    assertEquals("SinCosBackward", out[0].gradFn().name());
    assertEquals("SinCosBackward", out[1].gradFn().name());
    // L = sum(2 sin x + 3 cos x): dL/dx = 2 cos x - 3 sin x
    out[0].mul(2).add(out[1].mul(3)).sum().backward();
    assertEquals(1, f.received.size(), "one call of backward for the pass");
    assertClose(new double[] {2, 2}, f.received.get(0)[0]);
    assertClose(new double[] {3, 3}, f.received.get(0)[1]);
    assertClose(
        new double[] {
          2 * Math.cos(0.3) - 3 * Math.sin(0.3), 2 * Math.cos(-1.2) - 3 * Math.sin(-1.2)
        },
        x.grad());
  }

  @Test
  void outputsReachedThroughChainsOfDifferentLengthsStillMeetInOneCall() {
    // sin x goes through three more ops than cos x: the engine reaches cos x's node first in
    // program order but not in height order; either way both gradients arrive together.
    Tensor x = f64(0.9).requiresGrad(true);
    SinCos f = new SinCos();
    Tensor[] out = f.applyAll(x);
    Tensor loss = out[0].exp().mul(2).exp().sum().add(out[1].mul(out[1]).sum());
    loss.backward();
    assertEquals(1, f.received.size());
    double s = Math.sin(0.9);
    double c = Math.cos(0.9);
    double dLdSin = Math.exp(2 * Math.exp(s)) * 2 * Math.exp(s);
    assertEquals(dLdSin, f.received.get(0)[0].item(), 1e-9);
    assertEquals(2 * c, f.received.get(0)[1].item(), 1e-12);
    assertEquals(dLdSin * c - 2 * c * s, x.grad().item(), 1e-9);
  }

  @Test
  void anOutputNoGradientReachedGetsZerosOrNull() {
    Tensor x = f64(0.3, -1.2).requiresGrad(true);
    SinCos f = new SinCos();
    Tensor[] out = f.applyAll(x);
    out[1].sum().backward();
    assertClose(new double[] {0, 0}, f.received.get(0)[0]);
    assertClose(new double[] {-Math.sin(0.3), -Math.sin(-1.2)}, x.grad());

    SinCos lazy = new SinCos();
    lazy.materialize = false;
    Tensor z = f64(0.7).requiresGrad(true);
    lazy.applyAll(z)[0].sum().backward();
    assertNotNull(lazy.received.get(0)[0]);
    assertNull(lazy.received.get(0)[1], "setMaterializeGrads(false): null, as PyTorch's None");
    assertEquals(Math.cos(0.7), z.grad().item(), EPS);
  }

  @Test
  void severalOutputsWithRetainedGraphAndSecondOrder() {
    Tensor x = f64(0.4).requiresGrad(true);
    SinCos f = new SinCos();
    Tensor[] out = f.applyAll(x);
    Tensor loss = out[0].mul(out[1]).sum(); // sin x cos x = sin(2x) / 2
    Tensor dx =
        Autograd.grad(
                List.of(loss),
                List.of(x),
                GradOptions.defaults().retainGraph(true).createGraph(true))
            .get(0);
    assertEquals(Math.cos(0.8), dx.item(), 1e-12);
    // dx's graph goes through the function's outputs (d(sin cos)/d sin is cos): keep it too.
    Tensor d2x =
        Autograd.grad(List.of(dx), List.of(x), GradOptions.defaults().retainGraph(true)).get(0);
    assertEquals(-2 * Math.sin(0.8), d2x.item(), 1e-12);
    // The retained graph goes through the function again.
    loss.backward();
    assertEquals(Math.cos(0.8), x.grad().item(), 1e-12);
    assertPasses(GradCheck.checkOutputs(in -> new SinCos().applyAll(in[0]), x));
  }

  @Test
  void aSecondPassThroughAFreedCallThrowsAsPyTorchDoes() {
    Tensor x = f64(0.4).requiresGrad(true);
    Tensor[] out = new SinCos().applyAll(x);
    out[0].sum().backward(); // frees the call, as PyTorch's one node is freed
    assertMessage(
        () -> out[1].sum().backward(),
        "Trying to backward through the graph a second time",
        "SinCosBackward");
  }

  @Test
  void nonDifferentiableOutputs() {
    AutogradFunction argmaxAndMax =
        new AutogradFunction() {
          @Override
          protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
            Tensor mask = in[0].eq(in[0].amax()).to(in[0].dtype());
            ctx.markNonDifferentiable(mask);
            ctx.saveForBackward(mask);
            return new Tensor[] {in[0].amax(), mask, in[0].argmax()};
          }

          @Override
          protected Tensor[] backward(FunctionContext ctx, Tensor... grad) {
            assertClose(new double[] {0, 0, 0}, grad[1]);
            assertEquals(DType.INT64, grad[2].dtype());
            return new Tensor[] {ctx.savedTensors()[0].mul(grad[0])};
          }
        };
    Tensor x = f64(1, 5, 2).requiresGrad(true);
    Tensor[] out = argmaxAndMax.applyAll(x);
    assertTrue(out[0].requiresGrad());
    assertFalse(out[1].requiresGrad(), "marked non-differentiable");
    assertFalse(out[2].requiresGrad(), "an integer output is never differentiable");
    assertTrue(out[0].gradFn().name().endsWith("Backward"));
    out[0].backward();
    assertClose(new double[] {0, 1, 0}, x.grad());
  }

  // ------------------------------------------------------------------ context

  @Test
  void valuesThatAreNotTensorsAreKeptOnTheContext() {
    AutogradFunction power =
        new AutogradFunction() {
          @Override
          protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
            ctx.put("p", 4);
            ctx.saveForBackward(in[0]);
            return new Tensor[] {in[0].pow(4)};
          }

          @Override
          protected Tensor[] backward(FunctionContext ctx, Tensor... grad) {
            int p = ctx.get("p", Integer.class);
            assertEquals(4, (int) ctx.get("p", int.class));
            assertMessage(() -> ctx.get("q", Integer.class), "no value named \"q\"", "[p]");
            assertMessage(() -> ctx.get("p", String.class), "java.lang.Integer", "String");
            assertMessage(() -> ctx.saveForBackward(grad), "only be called in forward");
            return new Tensor[] {grad[0].mul(ctx.savedTensors()[0].pow(p - 1)).mul(p)};
          }
        };
    Tensor x = f64(2).requiresGrad(true);
    power.apply(x).backward();
    assertEquals(32, x.grad().item(), EPS);
  }

  @Test
  void modifyingASavedTensorAfterForwardMakesBackwardThrow() {
    Tensor x = f64(1, 2).requiresGrad(true);
    Tensor y = new Cube().apply(x).sum();
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      x.mul_(2);
    }
    assertMessage(
        y::backward,
        "modified by an in-place operation",
        "saved tensor 0 of CubeBackward",
        "is at version 1; expected version 0");
  }

  @Test
  void aSavedTensorReturnedAsAGradientIsNotHandedOutItself() {
    // d sum(x * y) / dx = y: a backward may return the saved y as it is. What the caller gets, as
    // a result or as a grad() that later backward passes add to in place, must not be y.
    AutogradFunction dot =
        new AutogradFunction() {
          @Override
          protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return new Tensor[] {in[0].mul(in[1]).sum()};
          }

          @Override
          protected Tensor[] backward(FunctionContext ctx, Tensor... grad) {
            Tensor[] s = ctx.savedTensors();
            return new Tensor[] {s[1], s[0]}; // grad[0] is 1
          }
        };
    Tensor x = f64(1, 2).requiresGrad(true);
    Tensor y = f64(3, 4);
    Tensor g = Autograd.grad(dot.apply(x, y), x)[0];
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      g.mul_(10);
    }
    assertClose(new double[] {3, 4}, y);
    dot.apply(x, y).backward();
    dot.apply(x, y).backward(); // adds to x.grad() in place
    assertClose(new double[] {6, 8}, x.grad());
    assertClose(new double[] {3, 4}, y);
  }

  @Test
  void anIdentityForwardLeavesItsInputAlone() {
    AutogradFunction identity =
        new AutogradFunction() {
          @Override
          protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
            return new Tensor[] {in[0], in[0]};
          }

          @Override
          protected Tensor[] backward(FunctionContext ctx, Tensor... grad) {
            return new Tensor[] {grad[0].add(grad[1])};
          }
        };
    Tensor x = f64(3).requiresGrad(true);
    Tensor[] out = identity.applyAll(x);
    assertTrue(x.isLeaf(), "the input keeps its place in the graph");
    assertNotSame(out[0], out[1]);
    out[0].mul(out[1]).backward(); // d(x * x)/dx = 2x
    assertEquals(6, x.grad().item(), EPS);
  }

  private static void assertNotSame(Object a, Object b) {
    assertFalse(a == b, "expected two objects");
  }

  // ------------------------------------------------------------------ hooks, anomaly mode

  @Test
  void hooksOnInputsAndOutputs() {
    Tensor x = f64(1, 2).requiresGrad(true);
    Tensor[] out = new SinCos().applyAll(x);
    out[1].registerHook(g -> g.mul(10)); // scales what reaches cos x
    List<Tensor> seen = new ArrayList<>();
    x.registerHook(
        g -> {
          seen.add(g);
          return null;
        });
    out[0].add(out[1]).sum().backward();
    double[] expected = {Math.cos(1) - 10 * Math.sin(1), Math.cos(2) - 10 * Math.sin(2)};
    assertClose(expected, x.grad());
    assertEquals(1, seen.size());
    assertClose(expected, seen.get(0));
  }

  @Test
  void anomalyModeNamesTheFunctionWhoseBackwardMadeANaN() {
    AutogradFunction badSqrt =
        new AutogradFunction() {
          @Override
          protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return new Tensor[] {in[0].sqrt()};
          }

          @Override
          protected Tensor[] backward(FunctionContext ctx, Tensor... grad) {
            Tensor x = ctx.savedTensors()[0];
            return new Tensor[] {grad[0].div(x.sqrt().mul(2)).mul(x.mul(0))}; // 0 * inf at 0
          }
        };
    Tensor x = f64(0, 1).requiresGrad(true);
    try (Autograd.Scope ignored = Autograd.detectAnomaly()) {
      Tensor y = badSqrt.apply(x).sum();
      TensorException e =
          assertMessage(y::backward, "Function 'AutogradFunctionTest$", "Backward' returned nan");
      assertTrue(e.getMessage().contains("anomalyModeNamesTheFunctionWhoseBackwardMadeANaN"));
    }
  }

  // ------------------------------------------------------------------ once differentiable

  @Test
  void aOnceDifferentiableFunctionRefusesASecondDerivative() {
    final class Square extends AutogradFunction {
      @Override
      protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
        ctx.saveForBackward(in[0]);
        return new Tensor[] {in[0].square()};
      }

      @Override
      protected Tensor[] backward(FunctionContext ctx, Tensor... grad) {
        assertFalse(Autograd.isGradEnabled(), "a once-differentiable backward never records");
        return new Tensor[] {grad[0].mul(ctx.savedTensors()[0]).mul(2)};
      }

      @Override
      protected boolean onceDifferentiable() {
        return true;
      }
    }
    Tensor x = f64(3).requiresGrad(true);
    new Square().apply(x).backward();
    assertEquals(6, x.grad().item(), EPS);

    Tensor y = new Square().apply(x);
    Tensor dy =
        Autograd.grad(List.of(y), List.of(x), GradOptions.defaults().createGraph(true)).get(0);
    assertEquals(6, dy.item(), EPS);
    assertTrue(dy.requiresGrad());
    assertMessage(
        () -> Autograd.grad(dy, x), "SquareBackward", "once differentiable", "onceDifferentiable");
  }

  // ------------------------------------------------------------------ errors

  /** A function whose forward and backward are given as lambdas, for the error cases. */
  private static AutogradFunction function(
      java.util.function.Function<Tensor[], Tensor[]> forward,
      java.util.function.Function<Tensor[], Tensor[]> backward) {
    return new AutogradFunction() {
      @Override
      protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
        return forward.apply(in);
      }

      @Override
      protected Tensor[] backward(FunctionContext ctx, Tensor... grad) {
        return backward.apply(grad);
      }
    };
  }

  @Test
  void backwardReturningTheWrongNumberOfGradients() {
    Tensor a = f64(1).requiresGrad(true);
    Tensor b = f64(2).requiresGrad(true);
    AutogradFunction f = function(in -> new Tensor[] {in[0].add(in[1])}, g -> new Tensor[] {g[0]});
    Tensor y = f.apply(a, b);
    assertMessage(y::backward, "returned an incorrect number of gradients (expected 2, got 1)");
    // Extra entries are allowed when null, as in PyTorch.
    AutogradFunction extra =
        function(in -> new Tensor[] {in[0].mul(2)}, g -> new Tensor[] {g[0].mul(2), null});
    extra.apply(a).backward();
    assertEquals(2, a.grad().item(), EPS);
    AutogradFunction nothing = function(in -> new Tensor[] {in[0].mul(2)}, g -> null);
    Tensor z = nothing.apply(a);
    assertMessage(z::backward, "backward returned null", "one gradient per input");
  }

  @Test
  void aGradientOfTheWrongShapeNamesTheFunctionTheInputAndBothShapes() {
    Tensor x = Tensor.ones(DType.FLOAT64, 2, 3).requiresGrad(true);
    AutogradFunction f =
        function(in -> new Tensor[] {in[0].sum()}, g -> new Tensor[] {Tensor.ones(4)});
    Tensor y = f.apply(x);
    TensorException e =
        assertMessage(
            y::backward,
            "returned an invalid gradient at index 0",
            "[4]",
            "compatible with [2, 3]");
    assertTrue(e.getMessage().contains("AutogradFunctionTest$"), e.getMessage());
  }

  @Test
  void aGradientForANullInputIsAnError() {
    Tensor x = f64(1).requiresGrad(true);
    AutogradFunction f =
        function(in -> new Tensor[] {in[0].mul(2)}, g -> new Tensor[] {g[0].mul(2), g[0]});
    Tensor y = f.apply(x, null);
    assertMessage(y::backward, "gradient different than null at position 1", "input was null");
  }

  @Test
  void forwardReturningNullOrModifyingAnInput() {
    Tensor x = f64(1).requiresGrad(true);
    assertMessage(
        () -> function(in -> null, g -> g).apply(x), "forward returned null", "output tensors");
    assertMessage(
        () -> function(in -> new Tensor[] {in[0], null}, g -> g).applyAll(x),
        "forward returned null as output 1 of 2");
    assertMessage(
        () -> function(in -> new Tensor[0], g -> g).applyAll(x), "forward returned no outputs");
    assertMessage(
        () -> function(in -> new Tensor[] {in[0], in[0]}, g -> g).apply(x),
        "forward returned 2 outputs",
        "applyAll");
    assertMessage(
        () -> function(in -> new Tensor[] {in[0].mul_(2)}, g -> g).apply(x),
        "forward modified input 0",
        "in place");
  }

  @Test
  void aDualInputThrowsAsAFunctionWithoutJvpDoesInPyTorch() {
    try (ForwardAD.DualLevel level = ForwardAD.dualLevel()) {
      Tensor x = ForwardAD.makeDual(f64(1, 2), f64(1, 0));
      assertMessage(
          () -> new Cube().apply(x), "Cube: an input carries a forward-mode tangent", "jvp");
      // Inputs without a tangent are fine inside a level.
      Tensor y = f64(1, 2).requiresGrad(true);
      new Cube().apply(y).sum().backward();
      assertClose(new double[] {3, 12}, y.grad());
    }
  }

  @Test
  void contextMisuse() {
    Tensor x = f64(1).requiresGrad(true);
    AutogradFunction outOfRange =
        new AutogradFunction() {
          @Override
          protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
            ctx.needsInputGrad(1);
            return in;
          }

          @Override
          protected Tensor[] backward(FunctionContext ctx, Tensor... grad) {
            return grad;
          }
        };
    assertMessage(() -> outOfRange.apply(x), "needsInputGrad(1) is out of range", "1 input");
    AutogradFunction marksAStranger =
        new AutogradFunction() {
          @Override
          protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
            ctx.markNonDifferentiable(Tensor.ones(1));
            return new Tensor[] {in[0].mul(2)};
          }

          @Override
          protected Tensor[] backward(FunctionContext ctx, Tensor... grad) {
            return grad;
          }
        };
    assertMessage(() -> marksAStranger.apply(x), "markNonDifferentiable", "does not return");
  }
}
