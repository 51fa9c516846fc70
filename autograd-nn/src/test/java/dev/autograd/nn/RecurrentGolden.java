package dev.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.testing.Golden;
import dev.autograd.testing.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks shared by the recurrent golden tests (golden/cells.py, golden/recurrent.py): the state
 * dict of a case, and its outputs and gradients against PyTorch's.
 */
final class RecurrentGolden {
  static final Golden.Tolerance TIGHT = new Golden.Tolerance(1e-10, 1e-12);

  private RecurrentGolden() {}

  /** The case's parameters, as PyTorch's state dict in float64. */
  static Map<String, Tensor> stateDict(Map<String, Object> c) {
    Map<String, Tensor> state = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : Json.asObject(c.get("params")).entrySet()) {
      state.put(e.getKey(), Golden.tensor(e.getValue(), DType.FLOAT64));
    }
    return state;
  }

  /**
   * Compares the outputs with the case's, backpropagates sum(out_k * upstream_k), and compares the
   * gradients of the input, the initial states and the module's parameters.
   */
  static void check(
      Map<String, Object> c, List<Tensor> outputs, Tensor x, List<Tensor> states, Module module) {
    List<Object> expected = Json.asList(c.get("outputs"));
    List<Object> upstream = Json.asList(c.get("upstream"));
    assertEquals(expected.size(), outputs.size());
    Tensor loss = null;
    for (int k = 0; k < outputs.size(); k++) {
      Golden.assertClose("output " + k, expected.get(k), outputs.get(k), TIGHT);
      Tensor term = outputs.get(k).mul(Golden.tensor(upstream.get(k), DType.FLOAT64)).sum();
      loss = loss == null ? term : loss.add(term);
    }
    loss.backward();
    Golden.assertClose("input's gradient", c.get("input_grad"), x.grad(), TIGHT);
    List<Object> stateGrads = Json.asList(c.get("state_grads"));
    for (int k = 0; k < stateGrads.size(); k++) {
      Golden.assertClose("state's gradient " + k, stateGrads.get(k), states.get(k).grad(), TIGHT);
    }
    Map<String, Tensor> named = module.namedParameters();
    for (Map.Entry<String, Object> e : Json.asObject(c.get("param_grads")).entrySet()) {
      Golden.assertClose(
          e.getKey() + "'s gradient", e.getValue(), named.get(e.getKey()).grad(), TIGHT);
    }
  }
}
