package dev.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link SequentialLR} and {@link ChainedScheduler}: PyTorch's argument errors, named after the
 * scheduler, and state dicts that hold the held schedulers' ones and load all or nothing.
 */
class CombinedSchedulerTest {
  private static Optimizer optimizer() {
    return SGD.builder(
            new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true))).setLr(0.1),
            new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true))).setLr(0.03))
        .build();
  }

  private static SequentialLR warmupThenCosine(Optimizer o) {
    return new SequentialLR(
        o, List.of(new LinearLR(o, 0.25, 1.0, 3), new CosineAnnealingLR(o, 10)), List.of(4));
  }

  @Test
  void sequentialLRRefusesASchedulerOfAnotherOptimizer() {
    Optimizer o = optimizer();
    List<LRScheduler> schedulers = List.of(new ConstantLR(o), new ExponentialLR(optimizer(), 0.9));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new SequentialLR(o, schedulers, List.of(2)));
    assertEquals(
        "SequentialLR: expects all schedulers to belong to the same optimizer, but got schedulers"
            + " at index 1 to be different than the optimizer passed in",
        e.getMessage());
  }

  @Test
  void sequentialLRRefusesMilestonesNotOneFewerThanTheSchedulers() {
    Optimizer o = optimizer();
    List<LRScheduler> schedulers = List.of(new ConstantLR(o), new ExponentialLR(o, 0.9));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new SequentialLR(o, schedulers, List.of(2, 4)));
    assertEquals(
        "SequentialLR: expects number of schedulers provided to be one more than the number of"
            + " milestone points, but got number of schedulers 2 and the number of milestones to"
            + " be equal to 2",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SequentialLR(o, List.of(), List.of()));
  }

  @Test
  void sequentialLRRefusesDecreasingMilestones() {
    Optimizer o = optimizer();
    List<LRScheduler> schedulers =
        List.of(new ConstantLR(o), new ExponentialLR(o, 0.9), new StepLR(o, 2));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new SequentialLR(o, schedulers, List.of(5, 3)));
    assertEquals(
        "SequentialLR: expects milestones in increasing order, got [5, 3]", e.getMessage());
  }

  @Test
  void sequentialLRRefusesAGroupAddedAfterItsSchedulers() {
    Optimizer o = optimizer();
    List<LRScheduler> schedulers = List.of(new ConstantLR(o), new ExponentialLR(o, 0.9));
    o.addParamGroup(new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true))).setLr(0.5));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new SequentialLR(o, schedulers, List.of(2)));
    assertTrue(
        e.getMessage().startsWith("SequentialLR: param group 2 has no initialLr"), e::getMessage);
  }

  @Test
  void chainedSchedulerRefusesSchedulersOfDifferentOptimizers() {
    Optimizer o = optimizer();
    List<EpochScheduler> schedulers =
        List.of(new ConstantLR(o), new StepLR(o, 2), new ExponentialLR(optimizer(), 0.9));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ChainedScheduler(schedulers));
    assertEquals(
        "ChainedScheduler: expects all schedulers to belong to the same optimizer, but got"
            + " schedulers at index 0 and 2 to be different",
        e.getMessage());
  }

  @Test
  void chainedSchedulerRefusesAnEmptyList() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ChainedScheduler(List.of()));
    assertEquals("ChainedScheduler: expects at least one scheduler, got none", e.getMessage());
  }

  @Test
  void sequentialLRResetsTheRatesAndRedoesOnlyTheFirstInitialStep() {
    Optimizer o = optimizer();
    LinearLR warmup = new LinearLR(o, 0.5, 1.0, 2);
    ConstantLR constant = new ConstantLR(o, 0.1, 3);
    // each construction scaled the rates: 0.1 * 0.5 * 0.1
    assertEquals(0.005, o.paramGroups().get(0).lr(), 1e-15);
    SequentialLR scheduler = new SequentialLR(o, List.of(warmup, constant), List.of(3));
    assertEquals(List.of(0.05, 0.015), scheduler.getLastLr());
    assertEquals(0.05, o.paramGroups().get(0).lr());
  }

  @Test
  void stateDictsHoldTheHeldSchedulersStateDicts() {
    Optimizer o = optimizer();
    SequentialLR sequential = warmupThenCosine(o);
    for (int e = 0; e < 5; e++) {
      o.step();
      sequential.step();
    }
    Map<String, Object> saved = sequential.stateDict();
    assertEquals(5, saved.get("lastEpoch"));
    assertEquals(List.of(4), saved.get("milestones"));
    assertEquals(sequential.getLastLr(), saved.get("lastLr"));
    List<Map<String, Object>> inner = new ArrayList<>();
    for (LRScheduler s : sequential.schedulers()) inner.add(s.stateDict());
    assertEquals(inner, saved.get("schedulers"));
    assertEquals(1, ((Map<?, ?>) inner.get(1)).get("lastEpoch"));

    ChainedScheduler chained =
        new ChainedScheduler(List.of(new ConstantLR(o), new ExponentialLR(o, 0.9)));
    assertEquals(List.of("lastLr", "schedulers"), new ArrayList<>(chained.stateDict().keySet()));
  }

  @Test
  void sequentialLRLoadsAStateOfOtherMilestonesOrSchedulersNotAtAll() {
    Optimizer o = optimizer();
    SequentialLR scheduler = warmupThenCosine(o);
    o.step();
    scheduler.step();
    Map<String, Object> before = scheduler.stateDict();

    Map<String, Object> otherMilestones = new HashMap<>(before);
    otherMilestones.put("milestones", List.of(5));
    otherMilestones.put("lastEpoch", 7);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> scheduler.loadStateDict(otherMilestones));
    assertTrue(
        e.getMessage()
            .startsWith("SequentialLR.loadStateDict: the state was saved with milestones = [5]"),
        e::getMessage);

    Map<String, Object> tooFew = new HashMap<>(before);
    tooFew.put("schedulers", List.of(((List<?>) before.get("schedulers")).get(0)));
    e = assertThrows(IllegalArgumentException.class, () -> scheduler.loadStateDict(tooFew));
    assertTrue(
        e.getMessage()
            .startsWith(
                "SequentialLR.loadStateDict: \"schedulers\" must be a list of 2 state dicts"),
        e::getMessage);

    // the first held state fits; the second was saved with another tMax: neither is loaded
    Optimizer other = optimizer();
    SequentialLR elsewhere =
        new SequentialLR(
            other,
            List.of(new LinearLR(other, 0.25, 1.0, 3), new CosineAnnealingLR(other, 20)),
            List.of(4));
    for (int k = 0; k < 3; k++) {
      other.step();
      elsewhere.step();
    }
    e =
        assertThrows(
            IllegalArgumentException.class, () -> scheduler.loadStateDict(elsewhere.stateDict()));
    assertTrue(
        e.getMessage()
            .startsWith(
                "SequentialLR.loadStateDict: \"schedulers\"[1]: CosineAnnealingLR.loadStateDict:"
                    + " the state was saved with tMax = 20"),
        e::getMessage);
    assertEquals(before, scheduler.stateDict());
  }

  @Test
  void chainedSchedulerLoadsAStateWithAMissingKeyNotAtAll() {
    Optimizer o = optimizer();
    ChainedScheduler scheduler =
        new ChainedScheduler(List.of(new ConstantLR(o, 0.5, 2), new ExponentialLR(o, 0.9)));
    Map<String, Object> before = scheduler.stateDict();
    o.step();
    scheduler.step();
    Map<String, Object> broken = new HashMap<>(scheduler.stateDict());
    List<Object> inner = new ArrayList<>((List<?>) broken.get("schedulers"));
    Map<String, Object> second = new HashMap<>((Map<String, Object>) inner.get(1));
    second.remove("lastEpoch");
    inner.set(1, second);
    broken.put("schedulers", inner);
    Map<String, Object> current = scheduler.stateDict();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> scheduler.loadStateDict(broken));
    assertTrue(
        e.getMessage()
            .startsWith(
                "ChainedScheduler.loadStateDict: \"schedulers\"[1]: ExponentialLR.loadStateDict:"
                    + " the state dict has no \"lastEpoch\""),
        e::getMessage);
    assertEquals(current, scheduler.stateDict());
    scheduler.loadStateDict(before);
    assertEquals(before, scheduler.stateDict());

    Map<String, Object> notAMap = new HashMap<>(before);
    notAMap.put("schedulers", List.of(before, 3));
    e = assertThrows(IllegalArgumentException.class, () -> scheduler.loadStateDict(notAMap));
    assertEquals(
        "ChainedScheduler.loadStateDict: \"schedulers\"[1] must be a state dict, got 3",
        e.getMessage());
  }
}
