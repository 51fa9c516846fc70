package dev.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.testing.Golden;
import dev.autograd.testing.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {

  private static Sequential mlp() {
    Generator gen = new Generator(1);
    return new Sequential(
        new Linear(2, 3, true, gen), new ReLU(), new Linear(3, 1, true, gen), new Sigmoid());
  }

  @Test
  void namedParametersUseDottedPyTorchNames() {
    assertEquals(
        List.of("0.weight", "0.bias", "2.weight", "2.bias"),
        new ArrayList<>(mlp().namedParameters().keySet()));
  }

  @Test
  void parametersRequireGradAndHaveLayerShapes() {
    List<Tensor> params = mlp().parameters();
    assertEquals(4, params.size());
    assertArrayEquals(new int[] {3, 2}, params.get(0).shape());
    assertArrayEquals(new int[] {3}, params.get(1).shape());
    assertArrayEquals(new int[] {1, 3}, params.get(2).shape());
    for (Tensor p : params) assertTrue(p.requiresGrad());
  }

  /**
   * golden/shared_modules.py's model: w, and v = w; a = Linear(1, 1), and b = a; inner =
   * Sequential(a, ReLU()).
   */
  private static final class Shared extends Module {
    final Linear a = new Linear(1, 1);
    final Sequential inner;

    Shared() {
      Tensor w = registerParameter("w", Tensor.zeros(1));
      registerParameter("v", w);
      registerModule("a", a);
      registerModule("b", a);
      inner = registerModule("inner", new Sequential(a, new ReLU()));
    }

    @Override
    public Tensor forward(Tensor input) {
      return inner.forward(input);
    }
  }

  private static final Map<String, Object> SHARED = Golden.load("/golden/shared_modules.json");

  private static List<String> names(String key) {
    return Json.asList(SHARED.get(key)).stream().map(Json::asString).toList();
  }

  @Test
  void namedParametersListASharedParameterAndModuleOnceAsPyTorchDoes() {
    Shared m = new Shared();
    assertEquals(names("named_parameters"), new ArrayList<>(m.namedParameters().keySet()));
    assertEquals(3, m.parameters().size());
    Sequential twice = new Sequential(m.a, new ReLU(), m.a);
    assertEquals(
        names("sequential_twice_named_parameters"),
        new ArrayList<>(twice.namedParameters().keySet()));
    assertEquals(2, twice.parameters().size());
  }

  @Test
  void childrenListASharedModuleOnceAsPyTorchDoes() {
    Shared m = new Shared();
    assertEquals(names("named_children"), new ArrayList<>(m.namedChildren().keySet()));
    assertEquals(List.of(m.a, m.inner), m.children());
    Sequential twice = new Sequential(m.a, new ReLU(), m.a);
    assertEquals(Json.asInt(SHARED.get("sequential_twice_children")), twice.children().size());
  }

  @Test
  void namedModulesWalkTheTreeOnceInPyTorchOrderWithDottedPaths() {
    Shared m = new Shared();
    assertEquals(names("named_modules"), new ArrayList<>(m.namedModules().keySet()));
    assertEquals(
        names("modules"), m.modules().stream().map(x -> x.getClass().getSimpleName()).toList());
    assertSame(m, m.modules().get(0));
    assertEquals(names("inner_named_modules"), new ArrayList<>(m.inner.namedModules().keySet()));
  }

  @Test
  void stateDictKeepsEveryPathOfASharedParameterAsPyTorchDoes() {
    Shared m = new Shared();
    assertEquals(names("state_dict"), new ArrayList<>(m.stateDict().keySet()));
    Sequential twice = new Sequential(new Linear(1, 1), new ReLU());
    twice.add(twice.get(0));
    assertEquals(names("sequential_twice_state_dict"), new ArrayList<>(twice.stateDict().keySet()));
    twice.loadStateDict(twice.stateDict(), true); // every saved path is one of the model's
  }

  @Test
  void sequentialRunsAModuleAddedTwiceAtEachPosition() {
    Linear shared = new Linear(1, 1);
    Sequential twice = new Sequential(shared, shared);
    Tensor x = Tensor.ones(1, 1);
    Tensor once = shared.forward(x);
    assertEquals(shared.forward(once).item(), twice.forward(x).item());
    assertSame(shared, twice.get(1));
  }

  @Test
  void applyVisitsASharedChildOnce() {
    Linear shared = new Linear(1, 1);
    List<Module> visited = new ArrayList<>();
    new Sequential(shared, shared).apply(visited::add);
    assertEquals(2, visited.size()); // the Linear, then the Sequential
  }

  @Test
  void toStringPrintsTheTreeAsPyTorchDoes() {
    Sequential inner = new Sequential(new Linear(1, 1), new LeakyReLU());
    Sequential model = new Sequential(inner, new Dropout(0.25));
    String expected =
        "Sequential(\n"
            + "  (0): Sequential(\n"
            + "    (0): Linear(in_features=1, out_features=1, bias=True)\n"
            + "    (1): LeakyReLU(negative_slope=0.01)\n"
            + "  )\n"
            + "  (1): Dropout(p=0.25, inplace=False)\n"
            + ")";
    assertEquals(expected, model.toString());
  }

  @Test
  void leafModulesPrintTheirArguments() {
    assertEquals("Sigmoid()", new Sigmoid().toString());
    assertEquals("Softmax(dim=1)", new Softmax(1).toString());
    assertEquals("Flatten(start_dim=1, end_dim=-1)", new Flatten().toString());
    assertEquals("PReLU(num_parameters=1)", new PReLU().toString());
    assertEquals(
        "Linear(in_features=4, out_features=2, bias=False)", new Linear(4, 2, false).toString());
  }

  @Test
  void evalAndTrainPropagateToChildren() {
    Sequential model = mlp();
    model.eval();
    for (Module child : model.children()) assertFalse(child.isTraining());
    model.train();
    for (Module child : model.children()) assertTrue(child.isTraining());
  }

  @Test
  void zeroGradClearsEveryParameterGradient() {
    Sequential model = mlp();
    model.forward(Tensor.randn(new Generator(2), 5, 2)).sum().backward();
    for (Tensor p : model.parameters()) assertNotNull(p.grad());
    model.zeroGrad();
    for (Tensor p : model.parameters()) assertNull(p.grad());
  }

  @Test
  void applyVisitsChildrenBeforeTheirParent() {
    Sequential model = mlp();
    List<String> visited = new ArrayList<>();
    model.apply(m -> visited.add(m.getClass().getSimpleName()));
    assertEquals(List.of("Linear", "ReLU", "Linear", "Sigmoid", "Sequential"), visited);
  }

  @Test
  void toConvertsEveryParameterAndKeepsRequiresGrad() {
    Sequential model = mlp();
    model.get(0).parameters().get(1).requiresGrad(false);
    model.to(DType.FLOAT64);
    for (Tensor p : model.parameters()) assertEquals(DType.FLOAT64, p.dtype());
    assertFalse(((Linear) model.get(0)).bias().requiresGrad());
    assertTrue(((Linear) model.get(0)).weight().requiresGrad());
    assertEquals(DType.FLOAT64, model.forward(Tensor.ones(DType.FLOAT64, 1, 2)).dtype());
  }

  @Test
  void toKeepsASharedParameterShared() {
    Linear shared = new Linear(2, 2);
    Sequential twice = new Sequential(shared, shared);
    twice.to(DType.FLOAT64);
    assertEquals(2, twice.parameters().size());
    assertSame(((Linear) twice.get(0)).weight(), ((Linear) twice.get(1)).weight());
  }

  @Test
  void toRefusesANonFloatingDtype() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> mlp().to(DType.INT64));
    assertTrue(e.getMessage().contains("int64"), e.getMessage());
  }

  @Test
  void sequentialGetReturnsTheModuleAtIndexAndRefusesOthers() {
    Sequential model = mlp();
    assertSame(model.children().get(1), model.get(1));
    assertEquals(4, model.size());
    assertThrows(IndexOutOfBoundsException.class, () -> model.get(4));
  }
}
