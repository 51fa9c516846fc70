package dev.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A schedule saved half way with {@code stateDict()} and loaded into a new scheduler over a new
 * optimizer goes on exactly as the schedule that was never interrupted; a state that does not fit
 * is refused with a message that names the key, and changes nothing.
 */
class SchedulerStateDictTest {
  private static final int EPOCHS = 12;
  private static final int SAVED_AT = 5;

  /** Two groups with different rates, so that per-group lists are checked in order. */
  private static Optimizer optimizer() {
    return SGD.builder(
            new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true))).setLr(0.1),
            new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true))).setLr(0.03))
        .build();
  }

  static Stream<Arguments> schedules() {
    return Stream.of(
        Arguments.of("StepLR", (Function<Optimizer, LRScheduler>) o -> new StepLR(o, 3, 0.5)),
        Arguments.of(
            "ExponentialLR", (Function<Optimizer, LRScheduler>) o -> new ExponentialLR(o, 0.9)),
        Arguments.of(
            "CosineAnnealingLR",
            (Function<Optimizer, LRScheduler>) o -> new CosineAnnealingLR(o, 4, 0.001)),
        Arguments.of(
            "MultiStepLR",
            (Function<Optimizer, LRScheduler>) o -> new MultiStepLR(o, List.of(3, 6, 6, 9), 0.5)),
        Arguments.of(
            "MultiplicativeLR",
            (Function<Optimizer, LRScheduler>)
                o -> new MultiplicativeLR(o, List.of(e -> 0.9, e -> 1.0 / e))),
        Arguments.of(
            "PolynomialLR", (Function<Optimizer, LRScheduler>) o -> new PolynomialLR(o, 8, 2.0)),
        Arguments.of(
            "CosineAnnealingWarmRestarts",
            (Function<Optimizer, LRScheduler>)
                o -> new CosineAnnealingWarmRestarts(o, 2, 2, 0.001)),
        Arguments.of(
            "OneCycleLR",
            (Function<Optimizer, LRScheduler>)
                o ->
                    OneCycleLR.builder(o, List.of(0.5, 0.2))
                        .totalSteps(EPOCHS)
                        .threePhase(true)
                        .build()),
        Arguments.of(
            "CyclicLR",
            (Function<Optimizer, LRScheduler>)
                o ->
                    CyclicLR.builder(o, List.of(0.01, 0.002), List.of(0.1, 0.02))
                        .stepSizeUp(2)
                        .stepSizeDown(3)
                        .mode(CyclicLR.Mode.TRIANGULAR2)
                        .build()));
  }

  /**
   * Schedules whose rate at epoch 0 is not the group's own: as in PyTorch, they are built before
   * the optimizer's state is loaded (built after, they would scale the restored rate once more).
   */
  static Stream<Arguments> schedulesThatSetEpochZero() {
    return Stream.of(
        Arguments.of(
            "LambdaLR",
            (Function<Optimizer, LRScheduler>)
                o -> new LambdaLR(o, List.of(e -> Math.pow(0.9, e), e -> 1.0 / (e + 1)))),
        Arguments.of(
            "LinearLR", (Function<Optimizer, LRScheduler>) o -> new LinearLR(o, 0.25, 0.75, 8)),
        Arguments.of(
            "ConstantLR", (Function<Optimizer, LRScheduler>) o -> new ConstantLR(o, 0.5, 7)));
  }

  /** Steps the optimizer and the scheduler through epochs [from, to), recording group rates. */
  private static void run(LRScheduler s, int from, int to, double[][] lrs) {
    for (int e = from; e < to; e++) {
      s.optimizer().step();
      s.step();
      lrs[e] = s.getLastLr().stream().mapToDouble(Double::doubleValue).toArray();
    }
  }

  @ParameterizedTest(name = "{0}, scheduler built {2}")
  @MethodSource("resumeCases")
  void aResumedScheduleGoesOnAsIfNeverInterrupted(
      String name, Function<Optimizer, LRScheduler> make, String order) {
    double[][] straight = new double[EPOCHS][];
    run(make.apply(optimizer()), 0, EPOCHS, straight);

    double[][] resumed = new double[EPOCHS][];
    LRScheduler first = make.apply(optimizer());
    run(first, 0, SAVED_AT, resumed);
    Map<String, Object> optimizerState = first.optimizer().stateDict();
    Map<String, Object> schedulerState = first.stateDict();

    Optimizer fresh = optimizer();
    fresh.paramGroups().get(0).setLr(7); // a stale rate, which the optimizer's state replaces
    LRScheduler second;
    if (order.equals("after the optimizer's state is loaded")) {
      fresh.loadStateDict(optimizerState);
      second = make.apply(fresh);
    } else {
      second = make.apply(fresh);
      fresh.loadStateDict(optimizerState);
    }
    second.loadStateDict(schedulerState);
    assertEquals(SAVED_AT, second.lastEpoch());
    assertEquals(first.getLastLr(), second.getLastLr());
    assertEquals(first.baseLrs(), second.baseLrs());
    run(second, SAVED_AT, EPOCHS, resumed);
    for (int e = 0; e < EPOCHS; e++)
      assertArrayEquals(straight[e], resumed[e], name + " epoch " + e);
  }

  static Stream<Arguments> resumeCases() {
    return schedules()
        .flatMap(
            a ->
                Stream.of(
                    Arguments.of(a.get()[0], a.get()[1], "after the optimizer's state is loaded"),
                    Arguments.of(
                        a.get()[0], a.get()[1], "before the optimizer's state is loaded")));
  }

  static Stream<Arguments> resumeCasesThatSetEpochZero() {
    return schedulesThatSetEpochZero()
        .map(a -> Arguments.of(a.get()[0], a.get()[1], "before the optimizer's state is loaded"));
  }

  @ParameterizedTest(name = "{0}, scheduler built {2}")
  @MethodSource("resumeCasesThatSetEpochZero")
  void aResumedScheduleThatSetsEpochZeroGoesOnAsIfNeverInterrupted(
      String name, Function<Optimizer, LRScheduler> make, String order) {
    aResumedScheduleGoesOnAsIfNeverInterrupted(name, make, order);
  }

  @Test
  void aWarmRestartScheduleResumesMidCycleAfterFractionalSteps() {
    double[] calls = {0.5, 1.25, 2.75, 4.5};
    CosineAnnealingWarmRestarts straight = new CosineAnnealingWarmRestarts(optimizer(), 2, 2, 0);
    for (double epoch : calls) straight.step(epoch);
    Map<String, Object> state = straight.stateDict();
    assertEquals(
        List.of("etaMin", "t0", "tMult", "tCur", "tI", "baseLrs", "lastEpoch", "lastLr"),
        List.copyOf(state.keySet()));
    assertEquals(2.5, state.get("tCur")); // 4.5 is 2.5 epochs into the cycle of 4 that starts at 2
    assertEquals(4, state.get("tI"));
    assertEquals(4, state.get("lastEpoch"));

    Optimizer fresh = optimizer();
    CosineAnnealingWarmRestarts resumed = new CosineAnnealingWarmRestarts(fresh, 2, 2, 0);
    fresh.loadStateDict(straight.optimizer().stateDict());
    resumed.loadStateDict(state);
    for (int e = 0; e < 6; e++) {
      straight.step();
      resumed.step();
      assertEquals(straight.getLastLr(), resumed.getLastLr(), "step " + e);
    }

    CosineAnnealingWarmRestarts target = new CosineAnnealingWarmRestarts(optimizer(), 2, 2, 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> target.loadStateDict(with(state, "tI", 0)));
    assertTrue(e.getMessage().startsWith("CosineAnnealingWarmRestarts.loadStateDict: "));
    assertTrue(e.getMessage().contains("\"tI\" at least 1"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> target.loadStateDict(with(state, "tCur", "x")));
    assertEquals(0, target.lastEpoch());
    target.step(); // still at the start of its first cycle: half way down it after one epoch
    assertEquals(0.05, target.getLastLr().get(0), 1e-15);
  }

  @Test
  void theStateOfAMultiStepScheduleHoldsItsSortedMilestones() {
    Map<String, Object> state = new MultiStepLR(optimizer(), List.of(9, 3, 3), 0.5).stateDict();
    assertEquals(
        List.of("gamma", "milestones", "baseLrs", "lastEpoch", "lastLr"),
        List.copyOf(state.keySet()));
    assertEquals(List.of(3, 3, 9), state.get("milestones"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MultiStepLR(optimizer(), List.of(3, 9), 0.5).loadStateDict(state));
    assertTrue(e.getMessage().contains("milestones = [3, 3, 9], this scheduler has [3, 9]"));
  }

  @Test
  void theStateHoldsTheSettingsAndTheProgressUnderPyTorchsNamesInCamelCase() {
    StepLR s = new StepLR(optimizer(), 3, 0.5);
    run(s, 0, 4, new double[4][]);
    Map<String, Object> state = s.stateDict();
    assertEquals(
        List.of("gamma", "stepSize", "baseLrs", "lastEpoch", "lastLr"),
        List.copyOf(state.keySet()));
    assertEquals(0.5, state.get("gamma"));
    assertEquals(3, state.get("stepSize"));
    assertEquals(4, state.get("lastEpoch"));
    assertEquals(List.of(0.1, 0.03), state.get("baseLrs"));
    assertEquals(s.getLastLr(), state.get("lastLr"));
    // a snapshot: later steps leave it as it was
    run(s, 4, 6, new double[6][]);
    assertEquals(4, state.get("lastEpoch"));
    assertThrows(UnsupportedOperationException.class, () -> state.put("lastEpoch", 0));
  }

  @Test
  void aStateFromOtherSettingsOrOfTheWrongShapeIsRefusedAndChangesNothing() {
    StepLR saved = new StepLR(optimizer(), 3, 0.5);
    run(saved, 0, 4, new double[4][]);
    Map<String, Object> good = saved.stateDict();
    StepLR target = new StepLR(optimizer(), 3, 0.5);
    run(target, 0, 1, new double[1][]);
    List<Double> lastLrBefore = target.getLastLr();

    assertRefused(target, with(good, "gamma", 0.1), "gamma = 0.1, this scheduler has 0.5");
    assertRefused(target, with(good, "stepSize", 4), "stepSize = 4, this scheduler has 3");
    assertRefused(target, with(good, "lastEpoch", null), "\"lastEpoch\" must be an integer");
    assertRefused(
        target, with(good, "lastEpoch", -1), "\"lastEpoch\" must be an integer of at least 0");
    assertRefused(target, with(good, "lastEpoch", 2.5), "\"lastEpoch\" must be an integer");
    assertRefused(target, with(good, "baseLrs", List.of(0.1)), "one per parameter group");
    assertRefused(
        target, with(good, "lastLr", List.of(0.1, "x")), "\"lastLr\" must be a list of 2");
    Map<String, Object> missing = new HashMap<>(good);
    missing.remove("lastLr");
    assertRefused(target, missing, "the state dict has no \"lastLr\"");
    assertEquals(1, target.lastEpoch());
    assertEquals(lastLrBefore, target.getLastLr());

    target.loadStateDict(with(good, "stepSize", 3L)); // the same number, another integer type
    assertEquals(4, target.lastEpoch());
  }

  @Test
  void anOptimizerStateTakenWithASchedulerAttachedLoadsAndKeepsItsInitialLr() {
    Optimizer scheduled = optimizer();
    new StepLR(scheduled, 3, 0.5);
    Map<String, Object> state = scheduled.stateDict();
    Optimizer fresh = optimizer();
    fresh.loadStateDict(state);
    assertEquals(0.1, fresh.paramGroups().get(0).getDouble(LRScheduler.INITIAL_LR));
    assertEquals(0.03, fresh.paramGroups().get(1).getDouble(LRScheduler.INITIAL_LR));

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> groups = (List<Map<String, Object>>) state.get("paramGroups");
    Map<String, Object> badGroup = new HashMap<>(groups.get(0));
    badGroup.put(LRScheduler.INITIAL_LR, "0.1");
    Map<String, Object> bad = with(state, "paramGroups", List.of(badGroup, groups.get(1)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> optimizer().loadStateDict(bad));
    assertTrue(e.getMessage().contains("'initialLr' = 0.1, not a number"), e.getMessage());
  }

  private static Map<String, Object> with(Map<String, Object> dict, String key, Object value) {
    Map<String, Object> copy = new HashMap<>(dict);
    copy.put(key, value);
    return copy;
  }

  private static void assertRefused(StepLR s, Map<String, Object> state, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(state));
    assertTrue(e.getMessage().startsWith("StepLR.loadStateDict: "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  // ------------------------------------------------------------------ ReduceLROnPlateau

  private static ReduceLROnPlateau plateau(Optimizer o) {
    return ReduceLROnPlateau.builder(o)
        .patience(1)
        .factor(0.5)
        .cooldown(2)
        .minLrs(List.of(0.01, 0.02))
        .build();
  }

  private static final double[] METRICS = {
    10, 9, 9.5, 9.4, 9.3, 9.6, 9.7, 8, 8.5, 8.6, 8.7, 8.8, 8.9
  };

  @Test
  void aResumedPlateauSchedulerGoesOnAsIfNeverInterrupted() {
    for (int savedAt = 1; savedAt < METRICS.length; savedAt++) {
      ReduceLROnPlateau straight = plateau(optimizer());
      double[][] expected = new double[METRICS.length][];
      for (int e = 0; e < METRICS.length; e++) {
        straight.step(METRICS[e]);
        expected[e] = straight.getLastLr().stream().mapToDouble(Double::doubleValue).toArray();
      }
      Optimizer firstOptimizer = optimizer();
      ReduceLROnPlateau first = plateau(firstOptimizer);
      for (int e = 0; e < savedAt; e++) first.step(METRICS[e]);
      Optimizer fresh = optimizer();
      fresh.loadStateDict(firstOptimizer.stateDict());
      ReduceLROnPlateau second = plateau(fresh);
      second.loadStateDict(first.stateDict());
      assertEquals(first.best(), second.best());
      assertEquals(first.numBadEpochs(), second.numBadEpochs());
      assertEquals(savedAt, second.lastEpoch());
      for (int e = savedAt; e < METRICS.length; e++) {
        second.step(METRICS[e]);
        double[] got = second.getLastLr().stream().mapToDouble(Double::doubleValue).toArray();
        assertArrayEquals(expected[e], got, "saved after " + savedAt + ", epoch " + e);
      }
    }
  }

  @Test
  void aPlateauStateFromOtherSettingsIsRefusedAndChangesNothing() {
    ReduceLROnPlateau saved = plateau(optimizer());
    saved.step(3);
    Map<String, Object> good = saved.stateDict();
    assertEquals("MIN", good.get("mode"));
    assertEquals(List.of(0.01, 0.02), good.get("minLrs"));
    assertEquals(3.0, good.get("best"));
    ReduceLROnPlateau target = plateau(optimizer());
    for (Map.Entry<String, Object> bad :
        List.<Map.Entry<String, Object>>of(
            Map.entry("mode", "MAX"),
            Map.entry("minLrs", List.of(0.01, 0.03)),
            Map.entry("patience", 2),
            Map.entry("best", "3"),
            Map.entry("cooldownCounter", -2))) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> target.loadStateDict(with(good, bad.getKey(), bad.getValue())));
      assertTrue(e.getMessage().startsWith("ReduceLROnPlateau.loadStateDict: "), e.getMessage());
      assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
    }
    assertEquals(Double.POSITIVE_INFINITY, target.best());
    assertEquals(0, target.lastEpoch());
  }
}
