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

  // ---------------------------------------------------------------- in-place ops on views

  private static final String LEAF_VIEW =
      "a view of a leaf Variable that requires grad is being used in an in-place operation";
  private static final String NO_GRAD_VIEW =
      "A view was created in no_grad mode and is being modified inplace with grad mode enabled";

  @Test
  void inPlaceThroughAViewMadeBeforeRequiresGradIsRefused() {
    String fragment = pytorchSays("inplace_view_made_before_requires_grad", LEAF_VIEW);
    Tensor x = Tensor.zeros(3);
    Tensor v = x.narrow(0, 0, 2);
    Tensor t = x.reshape(3, 1).t();
    x.requiresGrad(true);
    assertMessage(() -> v.add_(1), "add_: ", fragment, "[2]", "[3]");
    assertMessage(() -> v.mul_(Tensor.ones(2)), "mul_: ", fragment);
    assertMessage(() -> v.copy_(Tensor.ones(2)), "copy_: ", fragment);
    assertMessage(v::zero_, fragment);
    assertMessage(() -> t.select(1, 0).fill_(2), fragment); // a view of a view
    assertArrayEquals(new float[] {0, 0, 0}, x.toFloatArray());
  }

  @Test
  void inPlaceThroughARecordedViewOfALeafIsRefusedWithPyTorchsMessage() {
    String fragment = pytorchSays("inplace_view_of_leaf_recorded", LEAF_VIEW);
    Tensor x = Tensor.zeros(3).requiresGrad(true);
    assertMessage(() -> x.narrow(0, 0, 2).add_(1), "add_: ", fragment);
  }

  @Test
  void inPlaceThroughAViewMadeInNoGradIsRefusedOutsideIt() {
    String fragment = pytorchSays("inplace_view_made_in_no_grad", NO_GRAD_VIEW);
    Tensor x = Tensor.zeros(3).requiresGrad(true);
    Tensor v;
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      v = x.narrow(0, 0, 2);
    }
    assertMessage(() -> v.mul_(2), "mul_: ", fragment);
    Tensor w = v.reshape(2, 1); // made with recording on, from a view made without
    assertMessage(() -> w.sub_(1), fragment);
    Tensor y = x.mul(2); // a computed base: the same rule
    Tensor u;
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      u = y.narrow(0, 0, 2);
    }
    assertMessage(() -> u.add_(1), fragment);
  }

  @Test
  void inPlaceThroughAViewIsAllowedInsideNoGradAndOnPlainTensors() {
    Tensor x = Tensor.zeros(3).requiresGrad(true);
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      x.narrow(0, 0, 2).add_(1);
    }
    assertGrad(
        "inplace_view_made_and_modified_in_no_grad",
        value("inplace_view_made_and_modified_in_no_grad"),
        x);
    Tensor plain = Tensor.zeros(3);
    Tensor v;
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      v = plain.narrow(0, 0, 2);
    }
    v.add_(1); // its base does not require grad
    assertGrad(
        "inplace_view_of_plain_tensor_made_in_no_grad",
        value("inplace_view_of_plain_tensor_made_in_no_grad"),
        plain);
    Tensor leaf = Tensor.zeros(3).requiresGrad(true);
    leaf.detach().add_(1); // detach() makes no view
    assertGrad("inplace_detached_leaf", value("inplace_detached_leaf"), leaf.detach());
  }

  // ---------------------------------------------------------------- detach_

  @Test
  void detachInPlaceRefusesAView() {
    String fragment =
        pytorchSays("detach_in_place_view", "Can't detach views in-place. Use detach() instead");
    assertMessage(() -> Tensor.zeros(3).narrow(0, 0, 2).detach_(), "detach_: ", fragment, "[3]");
    Tensor x = Tensor.zeros(3).requiresGrad(true);
    assertMessage(() -> x.reshape(3).detach_(), fragment);
    Tensor d = Tensor.zeros(3).narrow(0, 0, 2).detach();
    assertSame(d, d.detach_()); // a detached view is no view
  }

  @Test
  void detachInPlaceMakesAComputedTensorALeaf() {
    List<Boolean> expected = booleans(value("detach_in_place_non_leaf"));
    Tensor x = Tensor.ones(2).requiresGrad(true);
    Tensor y = x.mul(2);
    assertSame(y, y.detach_());
    assertEquals(expected, List.of(y.requiresGrad(), y.gradFn() == null, y.isLeaf()));
    y.add_(1); // no longer in the graph
    assertArrayEquals(new float[] {3, 3}, y.toFloatArray());
  }

  @Test
  void opsRecordedBeforeDetachInPlaceStillPassGradients() {
    Tensor x = Tensor.ones(2).requiresGrad(true);
    Tensor y = x.mul(2);
    Tensor z = y.mul(3);
    y.detach_();
    z.sum().backward();
    // the edge of z's node leads to y's old MulBackward, as in PyTorch
    Map<String, Object> expected = Json.asObject(value("detach_in_place_after_use"));
    double[] xGrad =
        Json.asList(expected.get("x_grad")).stream().mapToDouble(Json::asDouble).toArray();
    assertArrayEquals(xGrad, x.grad().toDoubleArray());
    assertEquals(expected.get("y_grad_is_none"), y.grad() == null);
  }

  @Test
  void detachInPlaceKeepsALeafsGradient() {
    List<Boolean> expected = booleans(value("detach_in_place_leaf"));
    Tensor x = Tensor.ones(2).requiresGrad(true);
    x.sum().backward();
    x.detach_();
    assertEquals(expected, List.of(x.requiresGrad(), x.isLeaf(), x.grad() != null));
    assertArrayEquals(new float[] {1, 1}, x.grad().toFloatArray());
  }

  // ---------------------------------------------------------------- a leaf's gradient layout

  private static void assertGradStrides(String name, Tensor leaf) {
    Map<String, Object> expected = Json.asObject(value(name));
    leaf.requiresGrad(true);
    leaf.mul(leaf).sum().backward();
    int[] strides = Json.asList(expected.get("strides")).stream().mapToInt(Json::asInt).toArray();
    int[] gradStrides =
        Json.asList(expected.get("grad_strides")).stream().mapToInt(Json::asInt).toArray();
    assertArrayEquals(strides, leaf.strides(), name + ": the leaf");
    assertArrayEquals(gradStrides, leaf.grad().strides(), name + ": its gradient");
    // the values are 2x wherever they are stored
    assertArrayEquals(leaf.mul(2).toFloatArray(), leaf.grad().toFloatArray(), name);
    leaf.mul(leaf).sum().backward(); // accumulating keeps the layout
    assertArrayEquals(gradStrides, leaf.grad().strides(), name + ": after a second backward");
    assertArrayEquals(leaf.mul(4).toFloatArray(), leaf.grad().toFloatArray(), name);
  }

  @Test
  void aDenseNonContiguousLeafGetsAGradientWithItsStrides() {
    assertGradStrides(
        "leaf_grad_strides_transposed", Tensor.ones(2, 3).t().detach()); // strides [1, 3]
    assertGradStrides("leaf_grad_strides_permuted", Tensor.ones(2, 3, 4).permute(2, 0, 1).detach());
  }

  @Test
  void aLeafWithGapsOrOverlapsGetsARowMajorGradient() {
    assertGradStrides(
        "leaf_grad_strides_strided",
        Tensor.ones(6).reshape(3, 2).select(1, 0).detach()); // strides [2]
    assertGradStrides(
        "leaf_grad_strides_expanded", Tensor.ones(3, 1).expand(3, 4).detach()); // [1, 0]
  }

  @Test
  void aDenseNonContiguousLeafsGradientWithCreateGraphKeepsItsStridesAndItsGraph() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).t().detach().requiresGrad(true);
    x.pow(3).sum().backward(BackwardOptions.defaults().createGraph(true));
    assertArrayEquals(new int[] {1, 3}, x.grad().strides());
    assertTrue(x.grad().requiresGrad());
    Tensor g = x.grad();
    x.zeroGrad();
    g.sum().backward(); // d(3x²)/dx = 6x
    assertArrayEquals(x.mul(6).toFloatArray(), x.grad().toFloatArray());
  }
}
