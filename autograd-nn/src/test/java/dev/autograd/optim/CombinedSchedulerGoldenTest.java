package dev.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the trajectories of {@code golden/combined_schedulers19.json} (computed by PyTorch 1.13.1
 * with {@code combined_schedulers19.py}): {@link SequentialLR} and {@link ChainedScheduler} give
 * every group's rate at every epoch to 1e-12 relative, straight through and when resumed from a
 * state dict saved at any epoch into freshly built schedulers.
 */
class CombinedSchedulerGoldenTest {
  private static final Map<String, Object> GOLDEN =
      Golden.load("/golden/combined_schedulers19.json");

  @TestFactory
  Stream<DynamicTest> everyEpochMatchesPyTorch() {
    return Golden.cases(GOLDEN).stream().map(c -> dynamicTest(Golden.name(c), () -> replay(c, -1)));
  }

  @TestFactory
  Stream<DynamicTest> resumingFromAStateDictContinuesTheTrajectory() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> c : Golden.cases(GOLDEN)) {
      int steps = ((Number) c.get("steps")).intValue();
      for (int at = 1; at < steps; at += 2) {
        int saveAt = at;
        tests.add(dynamicTest(Golden.name(c) + " saved at " + at, () -> replay(c, saveAt)));
      }
    }
    return tests.stream();
  }

  /**
   * Steps the case's scheduler and checks each epoch; with {@code saveAt >= 0}, saves the optimizer
   * and scheduler there, builds both anew, loads the states and goes on with the new ones.
   */
  @SuppressWarnings("unchecked")
  private static void replay(Map<String, Object> c, int saveAt) {
    List<Double> lrs = SchedulerGoldenTest.numbers(c.get("lrs"));
    Map<String, Object> spec = (Map<String, Object>) c.get("scheduler");
    Optimizer optimizer = SchedulerGoldenTest.optimizer("sgd", lrs);
    EpochScheduler scheduler = build(spec, optimizer);
    List<Object> trajectory = (List<Object>) c.get("trajectory");
    int steps = ((Number) c.get("steps")).intValue();
    for (int e = 0; e <= steps; e++) {
      if (e > 0) {
        optimizer.step();
        scheduler.step();
      }
      if (e == saveAt) {
        Map<String, Object> savedOptimizer = optimizer.stateDict();
        Map<String, Object> savedScheduler = scheduler.stateDict();
        optimizer = SchedulerGoldenTest.optimizer("sgd", lrs);
        scheduler = build(spec, optimizer);
        optimizer.loadStateDict(savedOptimizer);
        scheduler.loadStateDict(savedScheduler);
        assertEquals(savedScheduler, scheduler.stateDict(), "the loaded state at epoch " + e);
      }
      List<Double> expected = SchedulerGoldenTest.numbers(trajectory.get(e));
      for (int g = 0; g < lrs.size(); g++) {
        double want = expected.get(g);
        double got = scheduler.getLastLr().get(g);
        String where = Golden.name(c) + " epoch " + e + " group " + g;
        assertEquals(want, got, 1e-12 * Math.abs(want), where);
        assertEquals(want, optimizer.paramGroups().get(g).lr(), 1e-12 * Math.abs(want), where);
      }
    }
  }

  /** The Java twin of the script's {@code build}: held schedulers first, in order. */
  @SuppressWarnings("unchecked")
  static EpochScheduler build(Map<String, Object> spec, Optimizer optimizer) {
    String name = (String) spec.get("name");
    Map<String, Object> args = (Map<String, Object>) spec.get("args");
    switch (name) {
      case "SequentialLR":
        List<LRScheduler> sequence = new ArrayList<>();
        for (Object s : (List<Object>) args.get("schedulers")) {
          sequence.add((LRScheduler) build((Map<String, Object>) s, optimizer));
        }
        List<Integer> milestones = new ArrayList<>();
        for (Object m : (List<?>) args.get("milestones")) milestones.add(((Number) m).intValue());
        return new SequentialLR(optimizer, sequence, milestones);
      case "ChainedScheduler":
        List<EpochScheduler> chain = new ArrayList<>();
        for (Object s : (List<Object>) args.get("schedulers")) {
          chain.add(build((Map<String, Object>) s, optimizer));
        }
        return new ChainedScheduler(chain);
      default:
        return SchedulerGoldenTest.build(name, args, optimizer);
    }
  }
}
