package dev.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.Tensor;
import dev.autograd.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the trajectories of {@code golden/schedulers19.json} (computed by PyTorch 1.13.1 with
 * {@code schedulers19.py}): every group's rate at every epoch agrees to 1e-12 relative, for {@code
 * CosineAnnealingWarmRestarts} also when stepped to given (fractional) epochs.
 */
class SchedulerGoldenTest {
  private static final Map<String, Object> GOLDEN = Golden.load("/golden/schedulers19.json");

  /** The Java twins of the script's named lambdas. */
  private static final Map<String, IntToDoubleFunction> LAMBDAS =
      Map.of(
          "pow0.95", e -> Math.pow(0.95, e),
          "floorDiv3", e -> Math.floorDiv(e, 3),
          "const0.9", e -> 0.9,
          "inverse", e -> 1.0 / (e + 1));

  @TestFactory
  Stream<DynamicTest> everyEpochMatchesPyTorch() {
    return Golden.cases(GOLDEN).stream()
        .map(c -> dynamicTest((String) c.get("name"), () -> replay(c)));
  }

  @SuppressWarnings("unchecked")
  private static void replay(Map<String, Object> c) {
    List<Double> lrs = numbers(c.get("lrs"));
    Optimizer optimizer = optimizer((String) c.get("optimizer"), lrs);
    LRScheduler scheduler =
        build((String) c.get("scheduler"), (Map<String, Object>) c.get("args"), optimizer);
    List<Object> trajectory = (List<Object>) c.get("trajectory");
    int steps = ((Number) c.get("steps")).intValue();
    List<Object> calls = (List<Object>) c.get("calls");
    for (int e = 0; e <= steps; e++) {
      if (e > 0) {
        optimizer.step();
        Object call = calls == null ? null : calls.get(e - 1);
        if (call == null) scheduler.step();
        else ((CosineAnnealingWarmRestarts) scheduler).step(((Number) call).doubleValue());
      }
      List<Double> expected = numbers(trajectory.get(e));
      for (int g = 0; g < lrs.size(); g++) {
        double want = expected.get(g);
        double got = scheduler.getLastLr().get(g);
        assertEquals(
            want, got, 1e-12 * Math.abs(want), c.get("name") + " epoch " + e + " group " + g);
        assertEquals(got, optimizer.paramGroups().get(g).lr());
        if (c.containsKey("momenta")) {
          double wantMomentum = numbers(((List<Object>) c.get("momenta")).get(e)).get(g);
          ParamGroup group = optimizer.paramGroups().get(g);
          double gotMomentum =
              group.has("betas") ? group.getDoubles("betas")[0] : group.getDouble("momentum");
          assertEquals(
              wantMomentum,
              gotMomentum,
              1e-12 * Math.abs(wantMomentum),
              c.get("name") + " momentum at epoch " + e + " group " + g);
        }
      }
    }
  }

  /** The script's optimizers: "sgd", "sgd_momentum" (0.9) or "adam" (betas 0.9, 0.999). */
  static Optimizer optimizer(String kind, List<Double> lrs) {
    List<ParamGroup> groups = new ArrayList<>();
    for (double lr : lrs)
      groups.add(new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true))).setLr(lr));
    ParamGroup[] array = groups.toArray(ParamGroup[]::new);
    switch (kind) {
      case "sgd":
        return SGD.builder(array).build();
      case "sgd_momentum":
        return SGD.builder(array).momentum(0.9).build();
      case "adam":
        return Adam.builder(array).betas(0.9, 0.999).build();
      default:
        throw new AssertionError("no Java twin for optimizer " + kind);
    }
  }

  /** The Java twin of {@code torch.optim.lr_scheduler.<name>(o, **a)}. */
  static LRScheduler build(String name, Map<String, Object> a, Optimizer o) {
    switch (name) {
      case "StepLR":
        return new StepLR(o, (int) num(a, "step_size", 0), num(a, "gamma", 0.1));
      case "ExponentialLR":
        return new ExponentialLR(o, num(a, "gamma", 0));
      case "CosineAnnealingLR":
        return new CosineAnnealingLR(o, (int) num(a, "T_max", 0), num(a, "eta_min", 0));
      case "MultiStepLR":
        List<Integer> milestones = new ArrayList<>();
        for (Object m : (List<?>) a.get("milestones")) milestones.add(((Number) m).intValue());
        return new MultiStepLR(o, milestones, num(a, "gamma", 0.1));
      case "LambdaLR":
        return a.get("lr_lambda") instanceof List
            ? new LambdaLR(o, lambdas(a))
            : new LambdaLR(o, LAMBDAS.get((String) a.get("lr_lambda")));
      case "MultiplicativeLR":
        return a.get("lr_lambda") instanceof List
            ? new MultiplicativeLR(o, lambdas(a))
            : new MultiplicativeLR(o, LAMBDAS.get((String) a.get("lr_lambda")));
      case "LinearLR":
        return new LinearLR(
            o,
            num(a, "start_factor", 1.0 / 3),
            num(a, "end_factor", 1.0),
            (int) num(a, "total_iters", 5));
      case "ConstantLR":
        return new ConstantLR(o, num(a, "factor", 1.0 / 3), (int) num(a, "total_iters", 5));
      case "PolynomialLR":
        return new PolynomialLR(o, (int) num(a, "total_iters", 5), num(a, "power", 1.0));
      case "CosineAnnealingWarmRestarts":
        return new CosineAnnealingWarmRestarts(
            o, (int) num(a, "T_0", 0), (int) num(a, "T_mult", 1), num(a, "eta_min", 0));
      case "OneCycleLR":
        return oneCycle(a, o);
      case "CyclicLR":
        return cyclic(a, o);
      default:
        throw new AssertionError("no Java twin for " + name);
    }
  }

  private static CyclicLR cyclic(Map<String, Object> a, Optimizer o) {
    CyclicLR.Builder b =
        a.get("base_lr") instanceof List
            ? CyclicLR.builder(o, numbers(a.get("base_lr")), numbers(a.get("max_lr")))
            : CyclicLR.builder(o, num(a, "base_lr", 0), num(a, "max_lr", 0));
    if (a.containsKey("step_size_up")) b.stepSizeUp((int) num(a, "step_size_up", 0));
    if (a.containsKey("step_size_down")) b.stepSizeDown((int) num(a, "step_size_down", 0));
    if (a.containsKey("mode"))
      b.mode(CyclicLR.Mode.valueOf(((String) a.get("mode")).toUpperCase()));
    if (a.containsKey("gamma")) b.gamma(num(a, "gamma", 0));
    if (a.containsKey("scale_fn")) {
      DoubleUnaryOperator halfSine = x -> 0.5 * (1 + Math.sin(x * Math.PI / 2));
      assertEquals("halfSine", a.get("scale_fn"));
      b.scaleFn(
          halfSine,
          "iterations".equals(a.get("scale_mode"))
              ? CyclicLR.ScaleMode.ITERATIONS
              : CyclicLR.ScaleMode.CYCLE);
    }
    if (a.containsKey("cycle_momentum")) b.cycleMomentum((Boolean) a.get("cycle_momentum"));
    if (a.get("base_momentum") instanceof List) b.baseMomentums(numbers(a.get("base_momentum")));
    else if (a.containsKey("base_momentum")) b.baseMomentum(num(a, "base_momentum", 0));
    if (a.get("max_momentum") instanceof List) b.maxMomentums(numbers(a.get("max_momentum")));
    else if (a.containsKey("max_momentum")) b.maxMomentum(num(a, "max_momentum", 0));
    return b.build();
  }

  private static OneCycleLR oneCycle(Map<String, Object> a, Optimizer o) {
    OneCycleLR.Builder b =
        a.get("max_lr") instanceof List
            ? OneCycleLR.builder(o, numbers(a.get("max_lr")))
            : OneCycleLR.builder(o, num(a, "max_lr", 0));
    if (a.containsKey("total_steps")) b.totalSteps((int) num(a, "total_steps", 0));
    if (a.containsKey("epochs")) b.epochs((int) num(a, "epochs", 0));
    if (a.containsKey("steps_per_epoch")) b.stepsPerEpoch((int) num(a, "steps_per_epoch", 0));
    if (a.containsKey("pct_start")) b.pctStart(num(a, "pct_start", 0));
    if ("linear".equals(a.get("anneal_strategy")))
      b.annealStrategy(OneCycleLR.AnnealStrategy.LINEAR);
    if (a.containsKey("three_phase")) b.threePhase((Boolean) a.get("three_phase"));
    if (a.containsKey("cycle_momentum")) b.cycleMomentum((Boolean) a.get("cycle_momentum"));
    if (a.containsKey("div_factor")) b.divFactor(num(a, "div_factor", 0));
    if (a.containsKey("final_div_factor")) b.finalDivFactor(num(a, "final_div_factor", 0));
    if (a.get("base_momentum") instanceof List) b.baseMomentums(numbers(a.get("base_momentum")));
    else if (a.containsKey("base_momentum")) b.baseMomentum(num(a, "base_momentum", 0));
    if (a.get("max_momentum") instanceof List) b.maxMomentums(numbers(a.get("max_momentum")));
    else if (a.containsKey("max_momentum")) b.maxMomentum(num(a, "max_momentum", 0));
    return b.build();
  }

  private static List<IntToDoubleFunction> lambdas(Map<String, Object> a) {
    List<IntToDoubleFunction> out = new ArrayList<>();
    for (Object n : (List<?>) a.get("lr_lambda")) out.add(LAMBDAS.get((String) n));
    return out;
  }

  private static double num(Map<String, Object> a, String key, double fallback) {
    return a.containsKey(key) ? ((Number) a.get(key)).doubleValue() : fallback;
  }

  static List<Double> numbers(Object json) {
    List<Double> out = new ArrayList<>();
    for (Object v : (List<?>) json) out.add(((Number) v).doubleValue());
    return out;
  }
}
