package dev.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.DType;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.testing.Golden;
import dev.autograd.testing.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * RNNCell, LSTMCell and GRUCell against PyTorch 1.13 ({@code golden/cells.py}): PyTorch's state
 * dict loaded unchanged, outputs, and the gradients of the input, the state and every parameter,
 * batched and unbatched, with and without biases and initial states.
 */
class RecurrentCellsTest {
  @TestFactory
  Stream<DynamicTest> outputsAndGradientsArePyTorchs() {
    List<Map<String, Object>> cases = Golden.cases(Golden.load("/golden/cells.json"));
    assertEquals(10, cases.size());
    return cases.stream().map(c -> dynamicTest(Golden.name(c), () -> check(c)));
  }

  private static void check(Map<String, Object> c) {
    int in = Json.asInt(c.get("input_size"));
    int hidden = Json.asInt(c.get("hidden_size"));
    boolean bias = (Boolean) c.get("bias");
    String kind = Json.asString(c.get("cell"));
    Generator gen = new Generator(1);
    RecurrentCell cell =
        switch (kind) {
          case "RNNCell" ->
              new RNNCell(
                  in,
                  hidden,
                  bias,
                  c.containsKey("nonlinearity") ? Json.asString(c.get("nonlinearity")) : "tanh",
                  gen);
          case "LSTMCell" -> new LSTMCell(in, hidden, bias, gen);
          default -> new GRUCell(in, hidden, bias, gen);
        };
    cell.to(DType.FLOAT64);
    cell.loadStateDict(RecurrentGolden.stateDict(c)); // strict: PyTorch's names, all of them
    Tensor x = Golden.tensor(c.get("input"), DType.FLOAT64).requiresGrad(true);
    List<Tensor> inputs = new ArrayList<>(List.of(x));
    for (Object s : Json.asList(c.get("state"))) {
      inputs.add(Golden.tensor(s, DType.FLOAT64).requiresGrad(true));
    }
    List<Tensor> outputs = cell.call(inputs);
    RecurrentGolden.check(c, outputs, x, inputs.subList(1, inputs.size()), cell);
  }

  @Test
  void parametersPrintoutsAndInitialisationAreThoseOfPyTorch() {
    LSTMCell lstm = new LSTMCell(3, 4);
    assertEquals(
        List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"),
        List.copyOf(lstm.stateDict().keySet()));
    assertEquals(List.of(16, 3), List.of(lstm.parameter("weight_ih").shape()[0], 3));
    assertEquals("LSTMCell(3, 4)", lstm.toString());
    assertEquals(
        "RNNCell(3, 4, bias=False, nonlinearity=relu)",
        new RNNCell(3, 4, false, "relu", new Generator(2)).toString());
    assertEquals("GRUCell(3, 4)", new GRUCell(3, 4).toString());
    // uniform in ±1/sqrt(hidden) = ±0.5
    Tensor w = new GRUCell(50, 4, true, new Generator(3)).parameter("weight_ih");
    assertTrue(w.abs().amax().item() <= 0.5);
    assertTrue(w.abs().amax().item() > 0.45);
  }

  @Test
  void stepsOverASequenceAndRefusesWrongShapes() {
    LSTMCell cell = new LSTMCell(3, 4, true, new Generator(5));
    LSTMCell.State state = null;
    for (Tensor x : Tensor.randn(5, 2, 3).unbind(0)) state = cell.forward(x, state);
    assertEquals(List.of(2, 4), List.of(state.h().shape()[0], state.h().shape()[1]));
    TensorException shape =
        assertThrows(TensorException.class, () -> cell.forward(Tensor.randn(2, 5), null));
    assertTrue(shape.getMessage().contains("expected an input of shape [N, 3] or [3], got [2, 5]"));
    TensorException h =
        assertThrows(
            TensorException.class,
            () ->
                cell.forward(
                    Tensor.randn(2, 3),
                    new LSTMCell.State(Tensor.zeros(3, 4), Tensor.zeros(2, 4))));
    assertTrue(h.getMessage().contains("expected h of shape [2, 4]"), h.getMessage());
    TensorException single =
        assertThrows(TensorException.class, () -> cell.call(Tensor.randn(2, 3)));
    assertTrue(single.getMessage().contains("returned 2 outputs"), single.getMessage());
    TensorException act =
        assertThrows(
            TensorException.class, () -> new RNNCell(2, 2, true, "gelu", new Generator(1)));
    assertTrue(act.getMessage().contains("Unknown nonlinearity: gelu"));
  }
}
