package dev.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.MemoryScope;
import dev.autograd.Tensor;
import dev.autograd.nn.Linear;
import dev.autograd.nn.MSELoss;
import dev.autograd.nn.Module;
import dev.autograd.nn.Sequential;
import dev.autograd.nn.Tanh;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A training loop with each step in a {@link MemoryScope} trains exactly as one without: the
 * parameters, their gradients and the optimizers' state, which the scopes must leave alone, come
 * out the same to the last bit, and stay usable after the last scope.
 */
class MemoryScopeTrainingTest {
  /** 300 x 256 weights: large enough for the scopes to take the layer's tensors. */
  private static Module model() {
    Tensor.manualSeed(7);
    return new Sequential(new Linear(256, 300), new Tanh(), new Linear(300, 256));
  }

  private static Tensor input() {
    Tensor.manualSeed(8);
    return Tensor.randn(256, 256);
  }

  private static List<double[]> train(String optimizer, boolean scoped, boolean setToNone) {
    Module model = model();
    Tensor x = input();
    Optimizer opt = OptimizerFromName.build(optimizer, model.parameters());
    MSELoss loss = new MSELoss();
    for (int step = 0; step < 4; step++) {
      MemoryScope scope = scoped ? MemoryScope.open() : null;
      try {
        opt.zeroGrad(setToNone);
        loss.forward(model.forward(x), x).backward();
        opt.step();
      } finally {
        if (scope != null) scope.close();
      }
    }
    List<double[]> out = new ArrayList<>();
    for (Tensor p : model.parameters()) {
      out.add(p.toDoubleArray());
      out.add(p.grad().toDoubleArray());
      for (Object v : opt.state(p).values()) {
        if (v instanceof Tensor) out.add(((Tensor) v).toDoubleArray());
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SGD lr=0.01 momentum=0.9 nesterov=true weight_decay=0.01",
        "Adam lr=0.01 amsgrad=true",
        "AdamW lr=0.01",
        "RMSprop lr=0.01 momentum=0.5 centered=true",
        "Adagrad lr=0.1"
      })
  void stepsInScopesTrainExactlyAsStepsWithout(String optimizer) {
    for (boolean setToNone : new boolean[] {true, false}) {
      List<double[]> plain = train(optimizer, false, setToNone);
      List<double[]> scoped = train(optimizer, true, setToNone);
      assertEquals(plain.size(), scoped.size());
      assertTrue(plain.size() > 8, "parameters, gradients and state: " + plain.size());
      for (int i = 0; i < plain.size(); i++) {
        assertArrayEquals(plain.get(i), scoped.get(i), optimizer + ", tensor " + i);
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aStateDictTakenInsideAScopeOutlivesIt() {
    Module model = model();
    Adam opt = new Adam(model.parameters(), 1e-2);
    Map<String, Object> dict;
    try (MemoryScope scope = MemoryScope.open()) {
      new MSELoss().forward(model.forward(input()), input()).backward();
      opt.step();
      dict = opt.stateDict();
    }
    Map<Integer, Map<String, Object>> state = (Map<Integer, Map<String, Object>>) dict.get("state");
    Tensor saved = (Tensor) state.get(0).get("expAvg");
    Tensor live = (Tensor) opt.state(model.parameters().get(0)).get("expAvg");
    assertArrayEquals(live.toDoubleArray(), saved.toDoubleArray());
  }

  @Test
  void aModelBuiltOrConvertedInsideAScopeOutlivesIt() {
    Module built;
    Module converted = model();
    try (MemoryScope scope = MemoryScope.open()) {
      built = model();
      converted.to(DType.FLOAT64);
    }
    Tensor x = input();
    double[] expected = model().forward(x).toDoubleArray();
    assertArrayEquals(expected, built.forward(x).toDoubleArray());
    assertArrayEquals(expected, converted.forward(x.to(DType.FLOAT64)).toDoubleArray(), 1e-5);
    for (Map.Entry<String, Tensor> e : converted.namedParameters().entrySet()) {
      assertEquals(DType.FLOAT64, e.getValue().dtype(), e.getKey());
    }
  }
}
