package dev.autograd;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link GradCheck}'s reports, options, several outputs and gradgradcheck. The failing cases use
 * functions whose analytical and numerical derivatives legitimately differ (relu at its kink) or a
 * hook that changes the gradient autograd computes, so that the expected errors are known.
 */
class GradCheckReportTest {
  private static final GradCheckOptions NO_RAISE =
      GradCheckOptions.defaults().raiseException(false);

  private static Tensor f64(double... values) {
    return Tensor.of(values, DType.FLOAT64, values.length);
  }

  /** relu at [0, 1.5, -2]: at 0 half the central difference lands on each side of the kink. */
  private static Tensor kinkInput() {
    return f64(0, 1.5, -2).requiresGrad(true);
  }

  /** exp(other * x) with a hook that makes autograd's derivative 1.5 times too large. */
  private static Tensor wrongByHalf(Tensor[] in) {
    Tensor h = in[0].mul(in[1]);
    if (h.requiresGrad()) h.registerHook(g -> g.mul(1.5));
    return h.exp();
  }

  @Test
  void aKinkIsReportedWithItsNumericalAndAnalyticalValues() {
    GradCheckReport r = GradCheck.check(in -> in[0].relu(), NO_RAISE, kinkInput());
    assertFalse(r.passed());
    assertEquals(1, r.inputs().size());
    GradCheckReport.InputCheck c = r.input(0);
    assertFalse(c.passed());
    // (relu(eps) - relu(-eps)) / (2 eps) = 0.5 exactly; autograd takes relu'(0) = 0, as PyTorch
    GradCheckReport.Entry kink = new GradCheckReport.Entry(0, 0, 0, 0.5, 0.0);
    assertEquals(kink, c.worstAbsolute());
    assertEquals(kink, c.worstRelative());
    assertEquals(kink, c.firstMismatch());
    assertEquals(0.5, c.worstAbsolute().absoluteError());
    assertEquals(1.0, c.worstRelative().relativeError());
  }

  @Test
  void aKinkThrowsByDefaultInPyTorchsWords() {
    GradCheckException e =
        assertThrows(
            GradCheckException.class, () -> GradCheck.check(in -> in[0].relu(), kinkInput()));
    assertTrue(
        e.getMessage()
            .startsWith(
                "Jacobian mismatch for output 0 (element 0) with respect to input 0 (element 0):"
                    + " numerical 0.5, analytical 0.0"),
        e.getMessage());
  }

  @Test
  void theToleranceDecides() {
    // |0 - 0.5| <= atol + rtol * 0.5
    assertTrue(
        GradCheck.check(in -> in[0].relu(), GradCheckOptions.defaults().atol(0.51), kinkInput())
            .passed());
    assertTrue(
        GradCheck.check(
                in -> in[0].relu(), GradCheckOptions.defaults().atol(0).rtol(1.0), kinkInput())
            .passed());
    assertFalse(
        GradCheck.check(in -> in[0].relu(), NO_RAISE.atol(0.49).rtol(0), kinkInput()).passed());
  }

  @Test
  void theReportOfASmoothFunctionHoldsTheHandComputedFiniteDifferences() {
    double[] xs = {0.5, -1.25, 2};
    double eps = 1e-6;
    Tensor x = f64(xs).requiresGrad(true);
    GradCheckReport r = GradCheck.check(in -> in[0].mul(in[0]), x);
    assertTrue(r.passed());
    GradCheckReport.InputCheck c = r.input(0);
    // The Jacobian of x * x is diagonal: off it both derivatives are exactly 0.
    double worst = 0;
    for (int k = 0; k < xs.length; k++) {
      double numerical =
          ((xs[k] + eps) * (xs[k] + eps) - (xs[k] - eps) * (xs[k] - eps)) / (2 * eps);
      worst = Math.max(worst, Math.abs(2 * xs[k] - numerical));
    }
    assertEquals(worst, c.worstAbsolute().absoluteError(), 0.0);
    GradCheckReport.Entry e = c.worstAbsolute();
    assertEquals(e.outputElement(), e.inputElement(), "on the diagonal");
    double at = xs[e.inputElement()];
    assertEquals(
        ((at + eps) * (at + eps) - (at - eps) * (at - eps)) / (2 * eps), e.numerical(), 0.0);
    assertEquals(2 * at, e.analytical(), 0.0);
    assertNull(c.firstMismatch());
    assertTrue(worst < 1e-8, "rounding only: " + worst);
  }

  @Test
  void aWrongDerivativeIsReportedForEachInput() {
    Tensor x = f64(0.5, 1.5).requiresGrad(true);
    Tensor other = f64(2, 3).requiresGrad(true);
    GradCheckReport r = GradCheck.check(GradCheckReportTest::wrongByHalf, NO_RAISE, x, other);
    assertFalse(r.passed());
    assertEquals(
        List.of(0, 1), r.inputs().stream().map(GradCheckReport.InputCheck::input).toList());
    // d exp(x o) / d x_k = o_k exp(x_k o_k), largest at k = 1; analytical 1.5 times that
    double dx1 = 3 * Math.exp(4.5);
    GradCheckReport.Entry wx = r.input(0).worstAbsolute();
    assertEquals(1, wx.outputElement());
    assertEquals(1, wx.inputElement());
    assertEquals(dx1, wx.numerical(), 1e-6 * dx1);
    assertEquals(1.5 * dx1, wx.analytical(), 1e-9 * dx1);
    assertEquals(0.5 * dx1, wx.absoluteError(), 1e-6 * dx1);
    // every diagonal entry is 50% off
    assertEquals(0.5, r.input(0).worstRelative().relativeError(), 1e-6);
    double dOther1 = 1.5 * Math.exp(4.5);
    assertEquals(0.5 * dOther1, r.input(1).worstAbsolute().absoluteError(), 1e-6 * dOther1);
    GradCheckReport.Entry first = r.input(1).firstMismatch();
    assertEquals(0, first.inputElement());
    assertEquals(0.5 * Math.exp(1), first.numerical(), 1e-6); // x_0 exp(x_0 other_0)
  }

  @Test
  void theReportReadsAsASummary() {
    String s = GradCheck.check(in -> in[0].relu(), NO_RAISE, kinkInput()).toString();
    assertTrue(s.startsWith("gradcheck failed (eps 1.0E-6, atol 1.0E-5, rtol 0.001)"), s);
    assertTrue(
        s.contains(
            "input 0: mismatch at output 0 element 0, input element 0: numerical 0.5, analytical"
                + " 0.0;"),
        s);
    assertTrue(s.contains("worst absolute error 0.5 at output 0 element 0"), s);
    assertTrue(s.contains("worst relative error 1.0 at output 0 element 0"), s);
    String passed = GradCheck.check(in -> in[0].sin(), f64(1, 2).requiresGrad(true)).toString();
    assertTrue(passed.startsWith("gradcheck passed"), passed);
  }

  @Test
  void onlyTheInputsThatRequireGradAreChecked() {
    Tensor constant = f64(1, 2);
    Tensor x = f64(3, 4).requiresGrad(true);
    GradCheckReport r = GradCheck.check(in -> in[0].mul(in[1]), constant, x);
    assertEquals(1, r.inputs().size());
    assertEquals(1, r.inputs().get(0).input());
    TensorException e = assertThrows(TensorException.class, () -> r.input(0));
    assertTrue(e.getMessage().contains("input 0 was not checked"), e.getMessage());
  }

  @Test
  void badArgumentsAreRefusedWithTheirReason() {
    Tensor x = f64(1, 2).requiresGrad(true);
    Function<Tensor[], Tensor> f = in -> in[0].sin();
    assertMessage(
        () -> GradCheck.check(f, Tensor.ones(2).requiresGrad(true)), "float32", "FLOAT64");
    assertMessage(() -> GradCheck.check(f, f64(1, 2)), "no input requires grad");
    assertMessage(
        () -> GradCheck.check(f, (GradCheckOptions) null, x), "GradCheckOptions.defaults()");
    assertMessage(() -> GradCheck.check(null, x), "gradcheck: f is null");
    assertMessage(() -> GradCheck.check(in -> null, x), "returned null");
    assertMessage(() -> GradCheckOptions.defaults().eps(0), "eps", "positive");
    assertMessage(() -> GradCheckOptions.defaults().atol(-1e-9), "atol");
    assertMessage(() -> GradCheckOptions.defaults().rtol(Double.NaN), "rtol");
  }

  // ---------------------------------------------------------------- several outputs

  @Test
  void severalOutputsAreCheckedEach() {
    Tensor x = f64(0.3, -0.7).requiresGrad(true);
    Tensor y = f64(2, 5).requiresGrad(true);
    GradCheckReport r =
        GradCheck.checkOutputs(in -> new Tensor[] {in[0].sin(), in[0].mul(in[1]).sum()}, x, y);
    assertTrue(r.passed());
    assertEquals(2, r.inputs().size());
  }

  @Test
  void aMismatchInTheSecondOutputNamesIt() {
    Tensor x = f64(0.3, -0.7).requiresGrad(true);
    Function<Tensor[], Tensor[]> f =
        in -> {
          Tensor wrong = in[0].mul(2);
          if (wrong.requiresGrad()) wrong.registerHook(g -> g.mul(-1));
          return new Tensor[] {in[0].sin(), wrong};
        };
    GradCheckException e =
        assertThrows(GradCheckException.class, () -> GradCheck.checkOutputs(f, x));
    assertTrue(
        e.getMessage()
            .startsWith("Jacobian mismatch for output 1 (element 0) with respect to input 0"),
        e.getMessage());
    GradCheckReport.Entry m = GradCheck.checkOutputs(f, NO_RAISE, x).input(0).firstMismatch();
    assertEquals(1, m.output());
    assertEquals(2, m.numerical(), 1e-9);
    assertEquals(-2, m.analytical(), 0.0);
  }

  @Test
  void anOutputThatDoesNotRequireGradHasAnalyticalDerivativesZero() {
    Tensor x = f64(1, 2).requiresGrad(true);
    // the second output depends on x, but through detach: autograd cannot see it
    GradCheckReport r =
        GradCheck.checkOutputs(
            in -> new Tensor[] {in[0].mul(3), in[0].detach().mul(2)}, NO_RAISE, x);
    GradCheckReport.Entry m = r.input(0).firstMismatch();
    assertEquals(1, m.output());
    assertEquals(0.0, m.analytical());
    assertEquals(2, m.numerical(), 1e-9);
  }

  // ---------------------------------------------------------------- gradgradcheck

  @Test
  void gradgradcheckPassesOnSmoothFunctions() {
    Tensor x = f64(0.3, -1.2, 2.0).requiresGrad(true);
    Tensor w = f64(0.5, 2, -1).requiresGrad(true);
    GradCheckReport r = GradCheck.gradgradcheck(in -> in[0].sin().mul(in[1]).exp(), x, w);
    assertTrue(r.passed());
    // the two inputs and the gradient output, at position 2
    assertEquals(
        List.of(0, 1, 2), r.inputs().stream().map(GradCheckReport.InputCheck::input).toList());
    assertTrue(r.toString().contains("input 2 is the gradient output"), r.toString());
  }

  @Test
  void gradgradcheckCatchesAGradientThatIsNotDifferentiable() {
    Tensor x = f64(0.3, -1.2).requiresGrad(true);
    // the values of the gradient are right, but its graph is cut: the second derivative is wrong
    Function<Tensor[], Tensor> f =
        in -> {
          Tensor h = in[0].mul(in[0]);
          if (h.requiresGrad()) h.registerHook(Tensor::detach);
          return h.sin();
        };
    assertTrue(GradCheck.check(f, x).passed(), "the first derivative is right");
    GradCheckReport r = GradCheck.gradgradcheck(f, NO_RAISE, x);
    assertFalse(r.passed());
    // d/dv of the gradient 2x cos(x^2) v: the numerical one is 2x cos(x^2), autograd's 0
    GradCheckReport.Entry m = r.input(1).firstMismatch();
    assertEquals(0.0, m.analytical());
    assertEquals(2 * 0.3 * Math.cos(0.09), m.numerical(), 1e-6);
    GradCheckException e =
        assertThrows(GradCheckException.class, () -> GradCheck.gradgradcheck(f, x));
    assertTrue(e.getMessage().startsWith("Jacobian mismatch for output 0"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "in gradgradcheck, the outputs are the gradients with respect to inputs [0], in order, and input 1 is the gradient output"),
        e.getMessage());
  }

  @Test
  void gradgradcheckUsesTheGivenGradientOutput() {
    Tensor x = f64(0.3, -1.2).requiresGrad(true);
    Tensor v = f64(1, -0.5);
    GradCheckReport r = GradCheck.gradgradcheck(in -> in[0].pow(3), v, NO_RAISE, x);
    assertTrue(r.passed());
    // d/dx (3 x^2 v) = 6 x v, on the diagonal: v's values, not random ones
    double[] xs = {0.3, -1.2};
    double[] vs = {1, -0.5};
    GradCheckReport.Entry e = r.input(0).worstAbsolute();
    assertEquals(e.outputElement(), e.inputElement(), e.toString());
    int k = e.inputElement();
    assertEquals(6 * xs[k] * vs[k], e.analytical(), 1e-12);
    // d/dv (3 x^2 v) = 3 x^2
    GradCheckReport.Entry dv = r.input(1).worstAbsolute();
    assertEquals(3 * xs[dv.inputElement()] * xs[dv.inputElement()], dv.analytical(), 1e-12);
  }

  @Test
  void gradgradcheckRefusesABadGradientOutput() {
    Tensor x = f64(0.3, -1.2).requiresGrad(true);
    Function<Tensor[], Tensor> f = in -> in[0].pow(3);
    GradCheckOptions d = GradCheckOptions.defaults();
    assertMessage(
        () -> GradCheck.gradgradcheck(f, f64(1, 2, 3), d, x), "gradgradcheck", "[3]", "[2]");
    assertMessage(
        () -> GradCheck.gradgradcheck(f, Tensor.ones(2), d, x), "gradgradcheck", "float32");
    assertMessage(
        () -> GradCheck.gradgradcheck(f, f64(1, 2)), "gradgradcheck", "no input requires grad");
  }
}
