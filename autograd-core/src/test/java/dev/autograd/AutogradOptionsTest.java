package dev.autograd;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BackwardOptions} and {@link GradOptions}: each option does what it says. */
class AutogradOptionsTest {
  private static final double EPS = 1e-12;

  private static Tensor f64(double... values) {
    return Tensor.of(values, DType.FLOAT64, values.length);
  }

  private static Tensor scalar(double value) {
    return Tensor.scalar(value).to(DType.FLOAT64);
  }

  /** Asserts that {@code call} throws a TensorException whose message has every fragment. */

  // ================================================================ BackwardOptions

  @Test
  void backwardDefaultsAreThoseOfPyTorch() {
    BackwardOptions d = BackwardOptions.defaults();
    assertNull(d.gradient());
    assertFalse(d.retainGraph());
    assertFalse(d.createGraph());
    assertEquals(List.of(), d.inputs());
  }

  @Test
  void backwardRetainGraphFollowsCreateGraphUnlessSet() {
    assertTrue(BackwardOptions.defaults().createGraph(true).retainGraph());
    assertFalse(BackwardOptions.defaults().createGraph(true).retainGraph(false).retainGraph());
    // the order of the withers does not matter
    assertFalse(BackwardOptions.defaults().retainGraph(false).createGraph(true).retainGraph());
    assertTrue(BackwardOptions.defaults().retainGraph(true).retainGraph());
  }

  @Test
  void backwardWithersReturnCopiesAndLeaveTheDefaultsAlone() {
    BackwardOptions d = BackwardOptions.defaults();
    BackwardOptions retained = d.retainGraph(true);
    assertNotSame(d, retained);
    assertFalse(d.retainGraph());
    assertFalse(BackwardOptions.defaults().retainGraph());
    assertTrue(retained.retainGraph());
  }

  @Test
  void backwardWithTheDefaultsFreesTheGraph() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor y = x.pow(3);
    y.backward(BackwardOptions.defaults());
    assertEquals(12, x.grad().item(), EPS);
    assertMessage(y::backward, "second time", "retainGraph(true)", "BackwardOptions");
  }

  @Test
  void backwardRetainGraphAllowsASecondPassThatAccumulates() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor y = x.pow(3);
    y.backward(BackwardOptions.defaults().retainGraph(true));
    y.backward(BackwardOptions.defaults().retainGraph(true));
    y.backward();
    assertEquals(36, x.grad().item(), EPS);
  }

  @Test
  void backwardCreateGraphGivesADifferentiableGradientAndKeepsTheGraph() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor y = x.pow(3);
    y.backward(BackwardOptions.defaults().createGraph(true));
    Tensor dx = x.grad();
    assertEquals(12, dx.item(), EPS);
    assertNotNull(dx.gradFn(), "recorded");
    assertEquals(12, Autograd.grad(dx, x)[0].item(), EPS); // 6x
    // createGraph implied retainGraph: the forward graph is still there
    x.setGrad(null);
    y.backward();
    assertEquals(12, x.grad().item(), EPS);
  }

  @Test
  void backwardCreateGraphWithRetainGraphFalseFreesTheGraph() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor y = x.pow(3);
    y.backward(BackwardOptions.defaults().createGraph(true).retainGraph(false));
    assertNotNull(x.grad().gradFn());
    assertMessage(y::backward, "second time");
  }

  @Test
  void backwardGradientOptionWeighsTheOutput() {
    Tensor x = f64(1, 2, 3).requiresGrad(true);
    x.mul(x).backward(BackwardOptions.defaults().gradient(f64(1, 0, -1)));
    assertArrayEquals(new double[] {2, 0, -6}, x.grad().toDoubleArray(), EPS);
  }

  @Test
  void backwardGradientOfTheWrongShapeNamesBothShapes() {
    Tensor y = f64(1, 2, 3).requiresGrad(true).mul(2);
    assertMessage(
        () -> y.backward(BackwardOptions.defaults().gradient(f64(1, 2))),
        "backward",
        "gradient has shape [2]",
        "output has shape [3]");
  }

  @Test
  void backwardRefusesNullOptions() {
    Tensor y = scalar(1).requiresGrad(true).mul(2);
    assertMessage(
        () -> y.backward((BackwardOptions) null), "backward", "BackwardOptions.defaults()");
  }

  @Test
  void backwardInputsAccumulateOnlyIntoThoseTensors() {
    Tensor x = f64(1, 2);
    Tensor w = f64(3, -1).requiresGrad(true);
    Tensor b = scalar(0.5).requiresGrad(true);
    Tensor loss = x.mul(w).add(b).sum();
    loss.backward(BackwardOptions.defaults().inputs(w));
    assertArrayEquals(new double[] {1, 2}, w.grad().toDoubleArray(), EPS);
    assertNull(b.grad(), "not one of the inputs");
  }

  @Test
  void backwardInputsAccumulateAcrossPasses() {
    Tensor w = f64(3, -1).requiresGrad(true);
    Tensor loss = w.pow(2).sum();
    BackwardOptions options = BackwardOptions.defaults().inputs(List.of(w)).retainGraph(true);
    loss.backward(options);
    loss.backward(options);
    assertArrayEquals(new double[] {12, -4}, w.grad().toDoubleArray(), EPS);
  }

  @Test
  void backwardInputMadeByAnOpReceivesItsGradientAndKeepsIt() {
    Tensor x = f64(1, 2).requiresGrad(true);
    Tensor h = x.mul(3);
    Tensor y = h.pow(2).sum();
    y.backward(BackwardOptions.defaults().inputs(h).retainGraph(true));
    assertArrayEquals(new double[] {6, 12}, h.grad().toDoubleArray(), EPS); // 2h
    assertNull(x.grad(), "the leaf was not an input");
    // as PyTorch (retain_grad() on the inputs): h now keeps its gradient in plain passes too
    assertTrue(h.retainsGrad());
    h.setGrad(null);
    y.backward();
    assertArrayEquals(new double[] {6, 12}, h.grad().toDoubleArray(), EPS);
    assertArrayEquals(new double[] {18, 36}, x.grad().toDoubleArray(), EPS);
  }

  @Test
  void backwardInputThatTheOutputDoesNotDependOnIsLeftAlone() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor unused = scalar(1).requiresGrad(true);
    x.mul(3).backward(BackwardOptions.defaults().inputs(x, unused));
    assertEquals(3, x.grad().item(), EPS);
    assertNull(unused.grad());
  }

  @Test
  void backwardInputsWithCreateGraphGiveADifferentiableGradient() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor w = scalar(5).requiresGrad(true);
    x.pow(3).mul(w).backward(BackwardOptions.defaults().inputs(x).createGraph(true));
    assertEquals(60, x.grad().item(), EPS); // 3 x^2 w
    assertNull(w.grad());
    assertEquals(60, Autograd.grad(x.grad(), x)[0].item(), EPS); // 6 x w
  }

  @Test
  void backwardInputThatDoesNotRequireGradIsRefusedByPosition() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor constant = scalar(1);
    Tensor y = x.mul(3);
    assertMessage(
        () -> y.backward(BackwardOptions.defaults().inputs(x, constant)),
        "backward",
        "input 1",
        "does not require grad");
    assertNull(x.grad(), "refused before any accumulation");
  }

  @Test
  void backwardInputsMustBeANonEmptyListOfTensors() {
    // (inputs() with no arguments is the getter)
    assertMessage(() -> BackwardOptions.defaults().inputs(new Tensor[0]), "inputs", "empty");
    assertMessage(() -> BackwardOptions.defaults().inputs(List.of()), "inputs", "empty");
    assertMessage(
        () -> BackwardOptions.defaults().inputs(scalar(1), null), "inputs: inputs[1] is null");
    assertMessage(() -> BackwardOptions.defaults().inputs((List<Tensor>) null), "inputs", "null");
  }

  @Test
  void backwardInputsAreCopiedAndUnmodifiable() {
    Tensor a = scalar(1).requiresGrad(true);
    Tensor[] given = {a};
    BackwardOptions options = BackwardOptions.defaults().inputs(given);
    given[0] = scalar(2);
    assertEquals(List.of(a), options.inputs());
    assertThrows(UnsupportedOperationException.class, () -> options.inputs().add(a));
  }

  @Test
  void backwardOptionsSayWhatTheyAreSet() {
    String s =
        BackwardOptions.defaults()
            .gradient(f64(1, 2, 3))
            .createGraph(true)
            .inputs(scalar(1), scalar(2))
            .toString();
    assertEquals("BackwardOptions(gradient=[3], retainGraph=true, createGraph=true, inputs=2)", s);
  }

  // ================================================================ GradOptions

  @Test
  void gradDefaultsAreThoseOfPyTorch() {
    GradOptions d = GradOptions.defaults();
    assertEquals(List.of(), d.gradOutputs());
    assertFalse(d.retainGraph());
    assertFalse(d.createGraph());
    assertFalse(d.allowUnused());
    assertFalse(d.materializeGrads());
  }

  @Test
  void gradRetainGraphFollowsCreateGraphAndAllowUnusedFollowsMaterializeGrads() {
    assertTrue(GradOptions.defaults().createGraph(true).retainGraph());
    assertFalse(GradOptions.defaults().createGraph(true).retainGraph(false).retainGraph());
    assertTrue(GradOptions.defaults().materializeGrads(true).allowUnused());
    assertTrue(GradOptions.defaults().allowUnused(true).allowUnused());
    assertFalse(GradOptions.defaults().allowUnused(true).materializeGrads());
  }

  @Test
  void gradWithTheDefaultsFreesTheGraph() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor y = x.pow(3);
    assertEquals(12, Autograd.grad(List.of(y), List.of(x), GradOptions.defaults()).get(0).item());
    assertMessage(() -> Autograd.grad(y, x), "second time", "GradOptions");
  }

  @Test
  void gradRetainGraphAllowsASecondPass() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor y = x.pow(3);
    GradOptions retain = GradOptions.defaults().retainGraph(true);
    Tensor first = Autograd.grad(List.of(y), List.of(x), retain).get(0);
    Tensor second = Autograd.grad(y, x)[0];
    assertEquals(12, first.item(), EPS);
    assertEquals(12, second.item(), EPS);
    assertNull(first.gradFn(), "not recorded without createGraph");
  }

  @Test
  void gradCreateGraphGivesADifferentiableGradientAndKeepsTheGraph() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor y = x.pow(3);
    Tensor dy =
        Autograd.grad(List.of(y), List.of(x), GradOptions.defaults().createGraph(true)).get(0);
    assertTrue(dy.requiresGrad());
    assertEquals(12, Autograd.grad(dy, x)[0].item(), EPS);
    assertEquals(12, Autograd.grad(y, x)[0].item(), EPS); // the graph of y was retained
  }

  @Test
  void gradCreateGraphWithRetainGraphFalseFreesTheForwardGraph() {
    Tensor x = scalar(2).requiresGrad(true);
    Tensor y = x.pow(3);
    GradOptions options = GradOptions.defaults().createGraph(true).retainGraph(false);
    Tensor dy = Autograd.grad(List.of(y), List.of(x), options).get(0);
    assertTrue(dy.requiresGrad());
    assertMessage(() -> Autograd.grad(y, x), "second time");
  }

  @Test
  void gradUnusedInputThrowsByDefaultNamingTheOptions() {
    Tensor x = scalar(1).requiresGrad(true);
    Tensor unused = scalar(1).requiresGrad(true);
    assertMessage(
        () -> Autograd.grad(List.of(x.mul(2)), List.of(x, unused), GradOptions.defaults()),
        "input 1",
        "allowUnused(true)",
        "materializeGrads(true)");
  }

  @Test
  void gradAllowUnusedGivesNullAndMaterializeGradsZeros() {
    Tensor x = scalar(1).requiresGrad(true);
    Tensor unused = Tensor.ones(DType.FLOAT64, 2, 3).requiresGrad(true);
    List<Tensor> nulls =
        Autograd.grad(
            List.of(x.mul(2)), List.of(x, unused), GradOptions.defaults().allowUnused(true));
    assertEquals(2, nulls.get(0).item(), EPS);
    assertNull(nulls.get(1));
    List<Tensor> zeros =
        Autograd.grad(
            List.of(x.mul(2)), List.of(x, unused), GradOptions.defaults().materializeGrads(true));
    assertEquals(2, zeros.get(0).item(), EPS);
    Tensor z = zeros.get(1);
    assertArrayEquals(new int[] {2, 3}, z.shape());
    assertEquals(DType.FLOAT64, z.dtype());
    assertArrayEquals(new double[6], z.toDoubleArray(), 0.0);
    assertFalse(z.requiresGrad());
  }

  @Test
  void gradMaterializeGradsWithAllowUnusedFalseIsRefused() {
    Tensor x = scalar(1).requiresGrad(true);
    GradOptions both = GradOptions.defaults().materializeGrads(true).allowUnused(false);
    assertMessage(
        () -> Autograd.grad(List.of(x.mul(2)), List.of(x), both),
        "materializeGrads(true)",
        "allowUnused(false)");
  }

  @Test
  void gradGradOutputsWeighEachOutput() {
    Tensor x = f64(1, 2).requiresGrad(true);
    Tensor a = x.mul(x); // d/dx = 2x
    Tensor b = x.mul(3).sum(); // one element: its gradient output may be null
    List<Tensor> g =
        Autograd.grad(
            List.of(a, b),
            List.of(x),
            GradOptions.defaults().gradOutputs(Arrays.asList(f64(1, -1), null)));
    assertArrayEquals(new double[] {2 + 3, -4 + 3}, g.get(0).toDoubleArray(), EPS);
  }

  @Test
  void gradGradOutputsOfTheWrongNumberAreRefusedWithBothCounts() {
    Tensor x = f64(1, 2).requiresGrad(true);
    Tensor a = x.mul(2);
    Tensor b = x.mul(3);
    assertMessage(
        () ->
            Autograd.grad(List.of(a, b), List.of(x), GradOptions.defaults().gradOutputs(f64(1, 1))),
        "grad",
        "2 outputs and 1 gradOutputs");
  }

  @Test
  void gradGradOutputOfTheWrongShapeNamesTheOutputAndBothShapes() {
    Tensor x = f64(1, 2, 3).requiresGrad(true);
    Tensor a = x.sum();
    Tensor b = x.mul(3);
    assertMessage(
        () ->
            Autograd.grad(
                List.of(a, b), List.of(x), GradOptions.defaults().gradOutputs(null, f64(1, 2))),
        "grad",
        "gradOutputs[1] has shape [2]",
        "outputs[1] has shape [3]");
  }

  @Test
  void gradMissingGradOutputForALargerOutputNamesIt() {
    Tensor x = f64(1, 2, 3).requiresGrad(true);
    assertMessage(
        () -> Autograd.grad(List.of(x.sum(), x.mul(3)), List.of(x), GradOptions.defaults()),
        "grad",
        "outputs[1] has shape [3]",
        "gradOutputs");
  }

  @Test
  void gradOutputThatDoesNotRequireGradIsNamed() {
    Tensor x = scalar(1).requiresGrad(true);
    assertMessage(
        () -> Autograd.grad(List.of(x.mul(2), scalar(3)), List.of(x), GradOptions.defaults()),
        "grad",
        "outputs[1] does not require grad");
  }

  @Test
  void gradRefusesNullArguments() {
    Tensor x = scalar(1).requiresGrad(true);
    Tensor y = x.mul(2);
    assertMessage(() -> Autograd.grad(List.of(y), List.of(x), null), "grad", "GradOptions");
    assertMessage(() -> Autograd.grad(null, List.of(x), GradOptions.defaults()), "outputs");
    assertMessage(() -> Autograd.grad(List.of(y), null, GradOptions.defaults()), "inputs");
    assertMessage(
        () -> Autograd.grad(List.of(y), Arrays.asList(x, null), GradOptions.defaults()),
        "grad: inputs[1] is null");
    assertMessage(() -> Autograd.grad(y, (Tensor[]) null), "inputs");
  }

  @Test
  void gradOptionsKeepNullGradOutputsAndSayWhatTheyAreSet() {
    GradOptions options = GradOptions.defaults().gradOutputs(null, scalar(1)).createGraph(true);
    assertEquals(2, options.gradOutputs().size());
    assertNull(options.gradOutputs().get(0));
    assertEquals(
        "GradOptions(gradOutputs=2, retainGraph=true, createGraph=true, allowUnused=false,"
            + " materializeGrads=false)",
        options.toString());
    assertEquals(List.of(), GradOptions.defaults().gradOutputs((List<Tensor>) null).gradOutputs());
  }
}
