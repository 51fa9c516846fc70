package dev.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Functional;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptimizerTest {

  private static Tensor vector(double... values) {
    return Tensor.of(values, DType.FLOAT64, values.length);
  }

  /** A small least-squares problem: the loss of W [1, 2] and b [1]. */
  private static Tensor loss(Tensor w, Tensor b) {
    Tensor x = Tensor.of(new double[] {1, 2, -1, 0.5, 0.3, -2, 2, 1}, DType.FLOAT64, 4, 2);
    Tensor y = Tensor.of(new double[] {1, -1, 2, 0.5}, DType.FLOAT64, 4, 1);
    return Functional.mseLoss(Functional.linear(x, w, b), y);
  }

  private static void train(Optimizer optimizer, Tensor w, Tensor b, int steps) {
    for (int i = 0; i < steps; i++) {
      optimizer.zeroGrad();
      loss(w, b).backward();
      optimizer.step();
    }
  }

  /**
   * Options that need a buffer (RMSprop's momentum and centered, Adam's amsgrad) may be switched on
   * in a running group: the buffer starts at zero then, instead of the update failing.
   */
  /**
   * Adam updates in one pass; the result must be its formula in PyTorch's order, op by op, to the
   * last bit, with the numbers rounded to float for a float32 parameter as PyTorch rounds them: m =
   * m b1 + g (1 - b1), v = v b2 + (g (1 - b2)) g, p += (m / (sqrt(v) / sqrt(c2) + eps)) (-lr / c1).
   */
  @Test
  void adamIsItsFormulaToTheLastBit() {
    Tensor.manualSeed(3);
    Tensor p = Tensor.randn(300).requiresGrad(true);
    Tensor expected = p.detach().clone();
    Tensor m = Tensor.zeros(300);
    Tensor v = Tensor.zeros(300);
    Adam adam = new Adam(List.of(p), 0.01);
    for (int step = 1; step <= 3; step++) {
      Tensor g = Tensor.randn(300);
      p.setGrad(g.clone());
      adam.step();
      m = m.mul((float) 0.9).add(g.mul((float) (1 - 0.9)));
      v = v.mul((float) 0.999).add(g.mul((float) (1 - 0.999)).mul(g));
      double c1 = 1 - Math.pow(0.9, step);
      double c2 = 1 - Math.pow(0.999, step);
      Tensor denom = v.sqrt().div((float) Math.sqrt(c2)).add((float) 1e-8);
      expected = expected.add(m.div(denom).mul((float) (-0.01 / c1)));
      assertArrayEquals(expected.toDoubleArray(), p.detach().toDoubleArray(), "step " + step);
    }
  }

  /**
   * A parameter that is a transposed view takes the op-by-op path, a packed one the fused pass:
   * both must give the same bits, in float32 and float64, with and without weight decay.
   */
  @Test
  void adamGivesTheSameBitsOnPackedAndStridedParameters() {
    for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (double decay : new double[] {0, 0.1}) {
        Tensor.manualSeed(5);
        Tensor values = Tensor.randn(15, 20).to(type);
        Tensor strided = values.clone().t().requiresGrad(true);
        Tensor packed = values.t().contiguous().requiresGrad(true);
        assertFalse(strided.isContiguous());
        Adam onStrided = Adam.builder(List.of(strided)).lr(0.01).weightDecay(decay).build();
        Adam onPacked = Adam.builder(List.of(packed)).lr(0.01).weightDecay(decay).build();
        for (int step = 0; step < 3; step++) {
          Tensor g = Tensor.randn(20, 15).to(type);
          strided.setGrad(g.clone());
          packed.setGrad(g.clone());
          onStrided.step();
          onPacked.step();
          assertArrayEquals(
              packed.detach().toDoubleArray(),
              strided.detach().toDoubleArray(),
              type + " decay " + decay + " step " + step);
        }
      }
    }
  }

  @Test
  void switchingOnABufferedOptionMidTrainingStartsItsBufferAtZero() {
    Tensor x = Tensor.of(new double[] {3, -2}, DType.FLOAT64).requiresGrad(true);
    Optimizer rmsprop = new RMSprop(List.of(x), 0.01);
    Optimizer adam = new Adam(List.of(x), 0.01);
    for (int step = 0; step < 4; step++) {
      for (Optimizer optimizer : List.of(rmsprop, adam)) {
        optimizer.zeroGrad();
        x.square().sum().backward();
        optimizer.step();
      }
      if (step == 1) {
        rmsprop.paramGroups().get(0).set("momentum", 0.5).set("centered", true);
        adam.paramGroups().get(0).set("amsgrad", true);
      }
    }
    for (double v : x.toDoubleArray()) assertTrue(Double.isFinite(v) && Math.abs(v) < 3);
  }

  @Test
  void tutorialGradientDescentOnXSquaredLosesAFactorOf064PerEpoch() {
    // x <- x - 0.1 * 2x = 0.8 x, so loss_k = (3 * 0.8^k)^2 = 9 * 0.64^k
    Tensor x = Tensor.scalar(3.0).requiresGrad(true);
    Optimizer optimizer = new SGD(List.of(x), 0.1);
    List<Double> lossHistory = new ArrayList<>();
    for (int epoch = 0; epoch < 10; epoch++) {
      optimizer.zeroGrad();
      Tensor loss = x.pow(2);
      loss.backward();
      optimizer.step();
      lossHistory.add(loss.item());
    }
    assertEquals(9.0, lossHistory.get(0));
    assertEquals(5.76, lossHistory.get(1), 1e-5);
    for (int k = 0; k < 10; k++) {
      double expected = 9 * Math.pow(0.64, k);
      assertEquals(expected, lossHistory.get(k), 1e-5 * expected, "epoch " + k);
    }
    assertEquals(3 * Math.pow(0.8, 10), x.item(), 1e-6);
  }

  @Test
  void stepLeavesFrozenParameterUntouchedEvenWithAGradient() {
    Tensor trained = vector(1, 2).requiresGrad(true);
    Tensor frozen = vector(3, 4);
    Optimizer optimizer = SGD.builder(List.of(trained, frozen)).lr(0.1).momentum(0.9).build();
    trained.setGrad(vector(1, 1));
    frozen.setGrad(vector(1, 1)); // a stale gradient from before it was frozen
    optimizer.step();
    assertArrayEquals(new double[] {0.9, 1.9}, trained.toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {3, 4}, frozen.toDoubleArray());
    assertTrue(optimizer.state(frozen).isEmpty());
  }

  @Test
  void stepLeavesParameterWithNullGradUntouchedAndWithoutState() {
    Tensor used = vector(1, 2).requiresGrad(true);
    Tensor unused = vector(3, 4).requiresGrad(true);
    // weight decay would move `unused` if it were updated with a zero gradient
    Optimizer optimizer = Adam.builder(List.of(used, unused)).lr(0.1).weightDecay(0.5).build();
    used.sum().backward();
    assertNull(unused.grad());
    optimizer.step();
    assertArrayEquals(new double[] {3, 4}, unused.toDoubleArray());
    assertTrue(optimizer.state(unused).isEmpty());
    assertEquals(1L, optimizer.state(used).get("step"));
  }

  @Test
  void zeroGradSetsGradsToNull() {
    Tensor a = vector(1, 2).requiresGrad(true);
    Tensor b = vector(3).requiresGrad(true);
    Optimizer optimizer = new SGD(List.of(a, b), 0.1);
    a.mul(b).sum().backward();
    assertNotNull(a.grad());
    optimizer.zeroGrad();
    assertNull(a.grad());
    assertNull(b.grad());
  }

  @Test
  void zeroGradFalseFillsGradsWithZerosInPlace() {
    Tensor a = vector(1, 2).requiresGrad(true);
    Optimizer optimizer = new SGD(List.of(a), 0.1);
    a.sum().backward();
    optimizer.zeroGrad(false);
    assertArrayEquals(new double[] {0, 0}, a.grad().toDoubleArray());
  }

  @Test
  void paramGroupsWithDifferentLearningRatesUpdateAtDifferentRates() {
    Tensor slow = vector(1, 1).requiresGrad(true);
    Tensor fast = vector(1, 1).requiresGrad(true);
    Optimizer optimizer =
        SGD.builder(new ParamGroup(List.of(slow)), new ParamGroup(List.of(fast)).setLr(0.1))
            .lr(0.01)
            .build();
    slow.setGrad(vector(1, 2));
    fast.setGrad(vector(1, 2));
    optimizer.step();
    assertArrayEquals(new double[] {0.99, 0.98}, slow.toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {0.9, 0.8}, fast.toDoubleArray(), 1e-15);
    assertEquals(0.01, optimizer.paramGroups().get(0).lr());
    assertEquals(0.1, optimizer.paramGroups().get(1).lr());
  }

  @Test
  void groupTakesUnsetOptionsFromDefaultsAndKeepsItsOwn() {
    Tensor a = vector(1).requiresGrad(true);
    Tensor b = vector(1).requiresGrad(true);
    Optimizer optimizer =
        SGD.builder(new ParamGroup(List.of(a)), new ParamGroup(List.of(b), Map.of("momentum", 0)))
            .lr(0.1)
            .momentum(0.9)
            .build();
    ParamGroup first = optimizer.paramGroups().get(0);
    ParamGroup second = optimizer.paramGroups().get(1);
    assertEquals(0.9, first.getDouble("momentum"));
    assertEquals(0.0, second.getDouble("momentum"));
    assertEquals(0.1, second.lr());
    assertEquals(false, second.getBoolean("nesterov"));
  }

  @Test
  void changingTheLearningRateOfAGroupChangesTheNextSteps() {
    Tensor p = vector(1).requiresGrad(true);
    Optimizer optimizer = new SGD(List.of(p), 0.1);
    p.setGrad(vector(1));
    optimizer.step();
    optimizer.paramGroups().get(0).setLr(0.5);
    optimizer.step();
    assertEquals(1 - 0.1 - 0.5, p.item(), 1e-15);
  }

  @Test
  void addParamGroupStartsTrainingAFrozenLayerWithTheDefaults() {
    Tensor body = vector(1).requiresGrad(true);
    Tensor head = vector(1);
    Optimizer optimizer = SGD.builder(List.of(body)).lr(0.1).build();
    head.requiresGrad(true);
    optimizer.addParamGroup(new ParamGroup(List.of(head)));
    head.setGrad(vector(2));
    optimizer.step();
    assertEquals(0.8, head.item(), 1e-15);
    assertEquals(0.1, optimizer.paramGroups().get(1).lr());
  }

  @Test
  void sgdMomentumBufferIsACopyOfTheFirstGradient() {
    Tensor p = vector(0).requiresGrad(true);
    Optimizer optimizer = SGD.builder(List.of(p)).lr(1).momentum(0.5).build();
    p.setGrad(vector(2));
    optimizer.step(); // b = 2, p = -2
    optimizer.zeroGrad(false); // zeroes the old gradient in place: must not reach the buffer
    p.grad().add_(vector(1));
    optimizer.step(); // b = 0.5 * 2 + 1 = 2, p = -4
    assertEquals(-4, p.item(), 1e-15);
    assertEquals(2, ((Tensor) optimizer.state(p).get("momentumBuffer")).item(), 1e-15);
  }

  @Test
  void maximizeClimbsTheObjective() {
    Tensor a = vector(1, -2).requiresGrad(true);
    Tensor b = vector(1, -2).requiresGrad(true);
    Optimizer up = Adam.builder(List.of(a)).lr(0.1).maximize(true).build();
    Optimizer down = Adam.builder(List.of(b)).lr(0.1).build();
    for (int i = 0; i < 3; i++) {
      up.zeroGrad();
      a.square().sum().backward();
      up.step();
      down.zeroGrad();
      b.square().sum().neg().backward();
      down.step();
    }
    assertArrayEquals(b.toDoubleArray(), a.toDoubleArray(), 0);
    assertTrue(Math.abs(a.get(0)) > 1);
  }

  @Test
  void stepWithClosureEvaluatesTheLossThenSteps() {
    Tensor x = Tensor.scalar(3.0, DType.FLOAT64).requiresGrad(true);
    Optimizer optimizer = new SGD(List.of(x), 0.1);
    Tensor loss =
        optimizer.step(
            () -> {
              optimizer.zeroGrad();
              Tensor l = x.square();
              l.backward();
              return l;
            });
    assertEquals(9.0, loss.item());
    assertEquals(2.4, x.item(), 1e-15);
  }

  @Test
  void adagradStateExistsBeforeTheFirstStep() {
    Tensor p = vector(1, 2).requiresGrad(true);
    Adagrad optimizer = Adagrad.builder(List.of(p)).initialAccumulatorValue(0.5).build();
    assertEquals(0L, optimizer.state(p).get("step"));
    assertArrayEquals(
        new double[] {0.5, 0.5}, ((Tensor) optimizer.state(p).get("sum")).toDoubleArray());
    Map<?, ?> state = (Map<?, ?>) optimizer.stateDict().get("state");
    assertEquals(1, state.size());
  }

  @Test
  @SuppressWarnings("unchecked")
  void loadStateDictRefusesInvalidOrUnknownOptionsAndChangesNothing() {
    Tensor x = Tensor.of(new double[] {1, 2}, DType.FLOAT64).requiresGrad(true);
    SGD optimizer = new SGD(List.of(x), 0.1);
    Map<String, Object> good = optimizer.stateDict();
    for (Object[] bad : new Object[][] {{"lr", -1.0}, {"momentum", -0.5}, {"lrr", 0.1}}) {
      Map<String, Object> dict = new java.util.LinkedHashMap<>(good);
      List<Object> groups = new ArrayList<>((List<Object>) dict.get("paramGroups"));
      Map<String, Object> group =
          new java.util.LinkedHashMap<>((Map<String, Object>) groups.get(0));
      group.put((String) bad[0], bad[1]);
      groups.set(0, group);
      dict.put("paramGroups", groups);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> optimizer.loadStateDict(dict));
      assertTrue(
          e.getMessage().contains((String) bad[0]) || e.getMessage().contains("" + bad[1]),
          e.getMessage());
      assertEquals(0.1, optimizer.paramGroups().get(0).lr());
    }
  }

  /**
   * A copy of {@code node} with the value at {@code path} (list indices and map keys, in order)
   * replaced by {@code value}; null as the value of a map removes nothing, it stores null.
   */
  private static Object with(Object node, List<Object> path, Object value) {
    if (path.isEmpty()) return value;
    Object step = path.get(0);
    List<Object> rest = path.subList(1, path.size());
    if (node instanceof List) {
      List<Object> copy = new ArrayList<>((List<?>) node);
      copy.set((Integer) step, with(copy.get((Integer) step), rest, value));
      return copy;
    }
    Map<Object, Object> copy = new java.util.LinkedHashMap<>((Map<?, ?>) node);
    copy.put(step, with(copy.get(step), rest, value));
    return copy;
  }

  @Test
  @SuppressWarnings("unchecked")
  void loadStateDictRefusesFieldsOfTheWrongTypeNamingTheKeyAndTheExpectedType() {
    Tensor w = vector(0.5, -0.3).requiresGrad(true);
    Optimizer optimizer = Adam.builder(List.of(w)).lr(0.1).amsgrad(true).build();
    w.setGrad(vector(1, 1));
    optimizer.step();
    Map<String, Object> good = optimizer.stateDict();
    Map<Object, Object> stringKeyed = new java.util.LinkedHashMap<>();
    stringKeyed.put("0", ((Map<?, ?>) good.get("state")).get(0));
    Object[][] cases = {
      {List.of("paramGroups"), "x", "paramGroups = x (String), expected a List"},
      {List.of("state"), List.of(), "state = [] (ListN), expected a Map"},
      {List.of("paramGroups", 0), 5, "paramGroups.0 = 5 (Integer), expected a Map"},
      {
        List.of("paramGroups", 0, "params"),
        List.of("0"),
        "paramGroups.0.params.0 = 0 (String), expected a parameter position"
      },
      {List.of("paramGroups", 0, "lr"), true, "option 'lr' must be a number, got true"},
      {List.of("paramGroups", 0, "amsgrad"), 1.0, "option 'amsgrad' must be a boolean, got 1.0"},
      {List.of("state"), stringKeyed, "a key of state = 0 (String), expected a parameter position"},
      {List.of("state", 0), 3, "state.0 = 3 (Integer), expected a Map"},
      {
        List.of("state", 0, "step"),
        1.5,
        "state.0.step = 1.5 (Double), expected an integer step count of at least 0"
      },
      {
        List.of("state", 0, "step"),
        -2L,
        "state.0.step = -2 (Long), expected an integer step count of at least 0"
      },
      {
        List.of("state", 0, "expAvg"),
        2.0,
        "state.0.expAvg = 2.0 (Double), expected a Tensor of the parameter's shape"
      },
      {
        List.of("state", 0, "maxExpAvgSq"),
        null,
        "state.0.maxExpAvgSq = null, expected a Tensor of the parameter's shape"
      },
    };
    double[] before = ((Tensor) optimizer.state(w).get("expAvg")).toDoubleArray();
    for (Object[] c : cases) {
      Map<String, Object> bad = (Map<String, Object>) with(good, (List<Object>) c[0], c[1]);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> optimizer.loadStateDict(bad));
      assertTrue(e.getMessage().contains((String) c[2]), e.getMessage());
    }
    assertTrue(
        assertThrows(TensorException.class, () -> optimizer.loadStateDict(null))
            .getMessage()
            .contains("stateDict is null"));
    // nothing changed, and the optimizer still steps
    assertArrayEquals(before, ((Tensor) optimizer.state(w).get("expAvg")).toDoubleArray());
    assertEquals(0.1, optimizer.paramGroups().get(0).lr());
    optimizer.step();
    assertEquals(2L, optimizer.state(w).get("step"));
  }

  @Test
  void stateDictNumbersParametersAcrossGroupsAndCopiesTheState() {
    Tensor w = Tensor.zeros(DType.FLOAT64, 1, 2).requiresGrad(true);
    Tensor b = Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true);
    Tensor unused = Tensor.zeros(DType.FLOAT64, 3).requiresGrad(true);
    Optimizer optimizer =
        Adam.builder(new ParamGroup(List.of(w, unused)), new ParamGroup(List.of(b)).setLr(0.5))
            .lr(0.1)
            .build();
    train(optimizer, w, b, 2);
    Map<String, Object> dict = optimizer.stateDict();
    Map<?, ?> state = (Map<?, ?>) dict.get("state");
    assertEquals(List.of(0, 2), new ArrayList<>(state.keySet()));
    Map<?, ?> wState = (Map<?, ?>) state.get(0);
    assertEquals(2L, wState.get("step"));
    Tensor saved = (Tensor) wState.get("expAvg");
    assertArrayEquals(new int[] {1, 2}, saved.shape());
    double[] before = saved.toDoubleArray();
    train(optimizer, w, b, 1);
    assertArrayEquals(before, saved.toDoubleArray(), "the snapshot does not follow later steps");
    List<?> groups = (List<?>) dict.get("paramGroups");
    assertEquals(List.of(0, 1), ((Map<?, ?>) groups.get(0)).get("params"));
    assertEquals(List.of(2), ((Map<?, ?>) groups.get(1)).get("params"));
    assertEquals(0.5, ((Map<?, ?>) groups.get(1)).get("lr"));
    assertEquals(List.of(0.9, 0.999), ((Map<?, ?>) groups.get(0)).get("betas"));
  }

  /** Train 5 steps, save; continue 5 steps vs. restore into a fresh optimizer and continue. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "SGD lr=0.1 momentum=0.9 nesterov=true weight_decay=0.01",
        "SGD lr=0.05 momentum=0.8 dampening=0.1",
        "Adam lr=0.1 amsgrad=true weight_decay=0.1",
        "AdamW lr=0.1 betas=0.8,0.99",
        "RMSprop lr=0.01 alpha=0.9 momentum=0.5 centered=true",
        "Adagrad lr=0.1 lr_decay=0.01 initial_accumulator_value=0.1"
      })
  void loadStateDictRestoresTrainingExactly(String name) {
    Tensor w = Tensor.of(new double[] {0.5, -0.3}, DType.FLOAT64, 1, 2).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {0.1}, DType.FLOAT64, 1).requiresGrad(true);
    Optimizer optimizer = OptimizerFromName.build(name, List.of(w, b));
    train(optimizer, w, b, 5);
    Map<String, Object> saved = optimizer.stateDict();
    Tensor w2 = w.detach().clone().requiresGrad(true);
    Tensor b2 = b.detach().clone().requiresGrad(true);
    train(optimizer, w, b, 5);

    Optimizer restored = OptimizerFromName.build(name, List.of(w2, b2));
    restored.paramGroups().get(0).setLr(123); // replaced by the saved options
    restored.loadStateDict(saved);
    assertEquals(optimizer.paramGroups().get(0).options(), restored.paramGroups().get(0).options());
    train(restored, w2, b2, 5);
    assertArrayEquals(w.toDoubleArray(), w2.toDoubleArray(), 0, name);
    assertArrayEquals(b.toDoubleArray(), b2.toDoubleArray(), 0, name);
  }

  @Test
  void loadStateDictRefusesADifferentLayout() {
    Tensor a = vector(1).requiresGrad(true);
    Tensor b = vector(1).requiresGrad(true);
    Map<String, Object> twoGroups =
        SGD.builder(new ParamGroup(List.of(a)), new ParamGroup(List.of(b)))
            .lr(0.1)
            .build()
            .stateDict();
    Map<String, Object> oneGroupOfTwo = new SGD(List.of(a, b), 0.1).stateDict();
    Optimizer one = new SGD(List.of(vector(1).requiresGrad(true)), 0.1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> one.loadStateDict(twoGroups));
    assertEquals("loaded state dict has a different number of parameter groups", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> one.loadStateDict(oneGroupOfTwo));
    assertEquals(
        "loaded state dict contains a parameter group that doesn't match the size of optimizer's"
            + " group",
        e.getMessage());
  }

  @Test
  void loadStateDictRefusesStateOfAnotherShape() {
    Tensor small = vector(1, 2).requiresGrad(true);
    Optimizer source = new Adam(List.of(small));
    small.setGrad(vector(1, 1));
    source.step();
    Optimizer target = new Adam(List.of(vector(1, 2, 3).requiresGrad(true)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> target.loadStateDict(source.stateDict()));
    assertEquals(
        "loaded state dict has 'expAvg' of shape [2] for parameter 0 of shape [3]", e.getMessage());
  }

  @Test
  void paramGroupsAreTheOptimizersCopies() {
    Tensor p = vector(1).requiresGrad(true);
    ParamGroup group = new ParamGroup(List.of(p)).setLr(0.1);
    Optimizer optimizer = SGD.builder(group).build();
    assertEquals(1, group.options().size(), "the caller's group is not filled in");
    assertSame(p, optimizer.paramGroups().get(0).params().get(0));
    assertThrows(
        UnsupportedOperationException.class,
        () -> optimizer.paramGroups().add(new ParamGroup(List.of())));
  }

  @Test
  void toStringListsEachGroupsOptions() {
    Optimizer optimizer = new SGD(List.of(vector(1).requiresGrad(true)), 0.1);
    assertEquals(
        "SGD (\nParameter Group 0\n    dampening: 0.0\n    lr: 0.1\n    maximize: false\n"
            + "    momentum: 0.0\n    nesterov: false\n    weightDecay: 0.0\n)",
        optimizer.toString());
  }
}
