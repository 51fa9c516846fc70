package dev.autograd;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.testing.Golden;
import dev.autograd.testing.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Autograd's semantics and messages against PyTorch 1.13's, case by case of {@code
 * golden/autograd_semantics.json} (made by autograd_semantics.py next to it): where a message is
 * compared, the fragment checked is part of PyTorch's message, which the test asserts too.
 */
@SuppressWarnings("try") // try (Autograd.Scope ignored = ...) is how scopes are used
class AutogradSemanticsTest {
  private static final Map<String, Object> CASES =
      Json.asObject(Golden.load("/golden/autograd_semantics.json").get("cases"));

  private static Map<String, Object> golden(String name) {
    Object c = CASES.get(name);
    assertTrue(c != null, "no case " + name + " in autograd_semantics.json");
    return Json.asObject(c);
  }

  /** The golden case's value (the case must not be an error). */
  private static Object value(String name) {
    Map<String, Object> c = golden(name);
    assertTrue(c.containsKey("value"), name + ": PyTorch raised " + c.get("error"));
    return c.get("value");
  }

  /** {@code fragment}, after checking that it is part of the message PyTorch raised. */
  private static String pytorchSays(String name, String fragment) {
    Map<String, Object> c = golden(name);
    assertTrue(c.containsKey("error"), name + ": PyTorch raised nothing");
    String message = Json.asString(c.get("error"));
    assertTrue(message.contains(fragment), "PyTorch's message for " + name + ": " + message);
    return fragment;
  }

  private static void assertGrad(String name, Object expected, Tensor actual) {
    Golden.assertClose(name, expected, actual, Golden.Tolerance.FLOAT32_OR_GRAD);
  }

  private static List<Boolean> booleans(Object value) {
    return Json.asList(value).stream().map(v -> (Boolean) v).toList();
  }

  // ---------------------------------------------------------------- where

  @Test
  void whereRefusesAFloatingPointConditionNamingItsDtype() {
    assertMessage(
        () -> Tensor.where(Tensor.of(new double[] {1, 0}), Tensor.ones(2), Tensor.zeros(2)),
        "where: ",
        pytorchSays("where_float_condition", "expected condition to be a boolean tensor"),
        "float32");
    assertMessage(
        () -> Tensor.where(Tensor.of(new long[] {1, 0}), Tensor.ones(2), Tensor.zeros(2)),
        "where: ",
        "int64");
  }

  // ---------------------------------------------------------------- setGrad

  @Test
  void setGradRefusesAGradientOfAnotherDtype() {
    Tensor x = Tensor.zeros(3).requiresGrad(true);
    assertMessage(
        () -> x.setGrad(Tensor.zeros(DType.FLOAT64, 3)),
        "setGrad: ",
        pytorchSays("set_grad_other_dtype", "assigned grad has data of a different type"),
        "float64",
        "float32");
    assertNull(x.grad());
  }

  @Test
  void setGradRefusesAGradientOfAnotherSizeNamingBothShapes() {
    Tensor x = Tensor.zeros(3).requiresGrad(true);
    assertMessage(
        () -> x.setGrad(Tensor.zeros(2)),
        "setGrad: ",
        pytorchSays("set_grad_other_size", "assigned grad has data of a different size"),
        "[2]",
        "[3]");
  }

  @Test
  void setGradRefusesTheTensorItselfButNotItsDetachedSelf() {
    Tensor x = Tensor.zeros(3).requiresGrad(true);
    assertMessage(
        () -> x.setGrad(x),
        "setGrad: ",
        pytorchSays("set_grad_itself", "can't assign Variable as its own grad"));
    Tensor d = x.detach();
    x.setGrad(d);
    assertSame(d, x.grad());
    assertGrad("set_grad_its_detached_self", value("set_grad_its_detached_self"), x.grad());
  }

  // ---------------------------------------------------------------- Autograd.backward(list)

  @Test
  void multiRootBackwardSeedsEachRootWithItsGradient() {
    Tensor x = Tensor.ones(2).requiresGrad(true);
    Autograd.backward(List.of(x.mul(2), x.sum().mul(3)), Arrays.asList(Tensor.ones(2), null));
    assertGrad("multi_root_backward", value("multi_root_backward"), x.grad());
  }

  @Test
  void multiRootBackwardIsOnePassWhenOneRootIsBelowAnother() {
    Tensor x = Tensor.ones(2).requiresGrad(true);
    Tensor y = x.sum();
    List<Integer> calls = new ArrayList<>();
    y.registerHook(
        g -> {
          calls.add(1);
          return null;
        });
    Autograd.backward(List.of(y, y.mul(2)), null);
    assertGrad("multi_root_backward_shared", value("multi_root_backward_shared"), x.grad());
    assertEquals(1, calls.size(), "y is visited once, with both contributions");
  }

  @Test
  void multiRootBackwardNeedsAGradientForARootOfMoreThanOneElement() {
    Tensor x = Tensor.ones(2).requiresGrad(true);
    assertMessage(
        () -> Autograd.backward(List.of(x.mul(2)), Arrays.asList((Tensor) null)),
        "backward: ",
        pytorchSays(
            "multi_root_backward_implicit_grad_for_a_vector", "grad can be implicitly created"),
        "tensors[0]",
        "[2]",
        "grads");
  }

  @Test
  void multiRootBackwardRefusesMismatchedListsAndBadRoots() {
    Tensor x = Tensor.ones(2).requiresGrad(true);
    assertMessage(
        () -> Autograd.backward(List.of(x.sum()), List.of(Tensor.ones(1), Tensor.ones(1))),
        "backward: ",
        "1 tensors and 2 grads");
    assertMessage(
        () -> Autograd.backward(List.of(x.mul(2)), List.of(Tensor.ones(3))),
        "backward: ",
        "grads[0] has shape [3] but tensors[0] has shape [2]");
    assertMessage(
        () -> Autograd.backward(List.of(x.sum(), Tensor.ones(1)), null),
        "backward: ",
        "tensors[1] does not require grad");
    assertMessage(
        () ->
            Autograd.backward(
                List.of(x.sum()), null, BackwardOptions.defaults().gradient(Tensor.ones(1))),
        "backward: ",
        "grads");
    assertMessage(() -> Autograd.backward(null, null), "backward: ", "tensors is null");
  }

  @Test
  void multiRootBackwardTakesBackwardOptions() {
    Tensor x = Tensor.ones(2).requiresGrad(true);
    Tensor w = Tensor.ones(2).requiresGrad(true);
    Tensor y = x.mul(w).sum();
    Autograd.backward(List.of(y), null, BackwardOptions.defaults().inputs(w).retainGraph(true));
    assertNull(x.grad());
    assertArrayEquals(new float[] {1, 1}, w.grad().toFloatArray());
    Autograd.backward(List.of(y), null);
    assertArrayEquals(new float[] {1, 1}, x.grad().toFloatArray());
  }

  // ---------------------------------------------------------------- setGradEnabled

  @Test
  void setGradEnabledSwitchesAtOnceAndItsScopeRestores() {
    List<Boolean> expected = booleans(value("set_grad_enabled"));
    Tensor x = Tensor.ones(2).requiresGrad(true);
    boolean inside;
    try (Autograd.Scope ignored = Autograd.setGradEnabled(false)) {
      inside = x.mul(2).requiresGrad();
    }
    Autograd.setGradEnabled(false); // called alone, as torch.set_grad_enabled(False)
    boolean called = x.mul(2).requiresGrad();
    Autograd.setGradEnabled(true);
    assertEquals(expected, List.of(inside, called, x.mul(2).requiresGrad()));
    try (Autograd.Scope outer = Autograd.noGrad()) {
      try (Autograd.Scope ignored = Autograd.setGradEnabled(true)) {
        assertTrue(Autograd.isGradEnabled());
      }
      assertFalse(Autograd.isGradEnabled());
    }
  }

  // ---------------------------------------------------------------- what a pass runs

  private static Tensor.HookHandle record(Tensor t, String name, List<String> calls) {
    return t.registerHook(
        g -> {
          calls.add(name);
          return null;
        });
  }

  @Test
  void gradStopsAtTheRequestedInputs() {
    Map<String, Object> expected = Json.asObject(value("grad_stops_at_inputs"));
    List<String> calls = new ArrayList<>();
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    record(x, "x", calls);
    Tensor y = x.mul(3);
    record(y, "y", calls);
    Tensor z = y.mul(y).sum();
    Tensor g = Autograd.grad(z, y)[0];
    assertGrad("grad_stops_at_inputs", expected.get("grad"), g);
    // The hook below y must not run. (y's own runs here, as in PyTorch 2; PyTorch 1.13 runs a
    // tensor's hooks with its node, which this pass does not run, hence its empty list.)
    assertFalse(calls.contains("x"), "the pass went on below y: " + calls);
    assertFalse(Json.asList(expected.get("hooks")).contains("x"));
    // y's MulBackward did not run, so it was not freed: the graph below y is still whole
    assertArrayEquals(new float[] {3, 3}, Autograd.grad(y.sum(), x)[0].toFloatArray());
  }

  @Test
  void backwardWithInputsRunsOnlyWhatLeadsToThem() {
    Map<String, Object> expected = Json.asObject(value("backward_inputs_stops_at_inputs"));
    List<String> calls = new ArrayList<>();
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    record(x, "x", calls);
    Tensor w = Tensor.of(new double[] {3, 4}).requiresGrad(true);
    record(w, "w", calls);
    Tensor e = x.exp();
    e.mul(w).sum().backward(BackwardOptions.defaults().inputs(w));
    assertGrad("backward_inputs_stops_at_inputs", expected.get("grad"), w.grad());
    assertEquals(Json.asList(expected.get("hooks")).stream().map(Json::asString).toList(), calls);
    assertNull(x.grad());
    e.sum().backward(); // ExpBackward did not run, so it was not freed
    assertArrayEquals(new float[] {(float) Math.E, (float) Math.exp(2)}, x.grad().toFloatArray());
  }

  @Test
  void aSecondBackwardThroughNodesThatSavedNothingIsAllowed() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor y = x.add(1).neg().sum();
    y.backward();
    y.backward();
    assertGrad("second_backward_add_neg_sum", value("second_backward_add_neg_sum"), x.grad());
  }

  @Test
  void aSecondPassThatStopsAboveAFreedNodeIsAllowed() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor y = x.exp();
    Tensor z = y.add(1).sum();
    z.backward();
    assertGrad(
        "second_pass_stops_above_a_freed_node",
        value("second_pass_stops_above_a_freed_node"),
        Autograd.grad(z, y)[0]);
  }

  @Test
  void aSecondBackwardThatNeedsAFreedSavedValueNamesTheNodeAndTheValue() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor y = x.exp().sum();
    y.backward();
    assertMessage(
        y::backward,
        pytorchSays(
            "second_backward_exp",
            "Trying to backward through the graph a second time (or directly access saved tensors"
                + " after they have already been freed)"),
        "ExpBackward's saved values (result)",
        "retainGraph(true)");
    Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor p = x.mul(w).sum();
    p.backward();
    assertMessage(p::backward, "MulBackward's saved values (self, other)");
  }

  @Test
  void aFreedNodeListsNoInputsAndKeepsNoData() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor y = x.add(1).sum();
    y.backward();
    assertEquals(Arrays.asList((Tensor) null), y.gradFn().inputs());
  }
}
