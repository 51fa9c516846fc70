package dev.autograd.optim;

import static dev.autograd.optim.OptimGoldenTest.doubles;
import static dev.autograd.optim.OptimGoldenTest.list;
import static dev.autograd.optim.OptimGoldenTest.map;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.DType;
import dev.autograd.Functional;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.nn.Linear;
import dev.autograd.testing.Golden;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** LBFGS against the trajectories of golden/lbfgs.py (PyTorch 1.13.1, float64), and its errors. */
class LBFGSTest {
  private static final Map<String, Object> GOLDEN = Golden.load("/golden/lbfgs.json");
  private static final double RTOL = 1e-10;

  /**
   * sum(100 (x[1:] - x[:-1]^2)^2 + (1 - x[:-1])^2), the terms added left to right as lbfgs.py adds
   * them.
   */
  static Tensor rosenbrock(Tensor x) {
    int n = x.numel();
    Tensor head = x.narrow(0, 0, n - 1);
    Tensor tail = x.narrow(0, 1, n - 1);
    Tensor terms = tail.sub(head.pow(2)).pow(2).mul(100).add(head.neg().add(1).pow(2));
    Tensor loss = terms.select(0, 0);
    for (int i = 1; i < n - 1; i++) loss = loss.add(terms.select(0, i));
    return loss;
  }

  /** A Rosenbrock run's parameters, of the golden shapes and initial values. */
  private static List<Tensor> rosenbrockParams(Map<String, Object> run) {
    double[] init = doubles(run.get("init"));
    List<Tensor> params = new ArrayList<>();
    int offset = 0;
    for (Object s : list(run.get("shapes"))) {
      int[] shape = list(s).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
      int n = 1;
      for (int d : shape) n *= d;
      double[] values = new double[n];
      System.arraycopy(init, offset, values, 0, n);
      params.add(Tensor.of(values, DType.FLOAT64, shape).requiresGrad(true));
      offset += n;
    }
    return params;
  }

  private static Supplier<Tensor> rosenbrockClosure(Optimizer optimizer, List<Tensor> params) {
    return () -> {
      optimizer.zeroGrad();
      List<Tensor> flat = new ArrayList<>();
      for (Tensor p : params) flat.add(p.reshape(-1));
      Tensor loss = rosenbrock(Tensor.cat(flat, 0));
      loss.backward();
      return loss;
    };
  }

  private static double[] flatValues(List<Tensor> params) {
    List<Double> all = new ArrayList<>();
    for (Tensor p : params) for (double v : p.toDoubleArray()) all.add(v);
    return all.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Steps {@code from} to {@code to} of a golden trajectory, checked after each step. */
  private static void replay(
      Optimizer optimizer,
      Supplier<Tensor> closure,
      List<Tensor> params,
      List<Object> trajectory,
      int from,
      int to,
      String name) {
    for (int step = from; step < to; step++) {
      Map<String, Object> expected = map(trajectory.get(step));
      Tensor loss = optimizer.step(closure);
      String at = name + ", step " + step;
      OptimGoldenTest.assertClose(
          new double[] {(Double) expected.get("loss")},
          new double[] {loss.item()},
          RTOL,
          at + ", loss");
      OptimGoldenTest.assertClose(doubles(expected.get("x")), flatValues(params), RTOL, at + ", x");
      Map<String, Object> state = optimizer.state(params.get(0));
      assertEquals(((Number) expected.get("func_evals")).longValue(), state.get("funcEvals"), at);
      assertEquals(((Number) expected.get("n_iter")).longValue(), state.get("nIter"), at);
    }
  }

  /** One dynamic test per run of {@code runs}, named after it. */
  private static Stream<DynamicTest> perRun(List<Object> runs, Consumer<Map<String, Object>> body) {
    return runs.stream()
        .map(
            r -> {
              Map<String, Object> run = map(r);
              Object problem = run.get("problem");
              String name = (problem == null ? "linear" : problem) + ": " + run.get("name");
              return dynamicTest(name, () -> body.accept(run));
            });
  }

  @TestFactory
  Stream<DynamicTest> rosenbrockTrajectoriesMatchPyTorch() {
    return perRun(
        list(GOLDEN.get("runs")),
        run -> {
          String name = (String) run.get("name");
          List<Tensor> params = rosenbrockParams(run);
          LBFGS optimizer = (LBFGS) OptimizerFromName.build(name, params);
          List<Object> trajectory = list(run.get("trajectory"));
          replay(
              optimizer,
              rosenbrockClosure(optimizer, params),
              params,
              trajectory,
              0,
              trajectory.size(),
              name);
        });
  }

  @TestFactory
  Stream<DynamicTest> linearLeastSquaresTrajectoriesMatchPyTorch() {
    Map<String, Object> linear = map(GOLDEN.get("linear"));
    Tensor x = Tensor.of(doubles(linear.get("X")), DType.FLOAT64, 6, 3);
    Tensor y = Tensor.of(doubles(linear.get("Y")), DType.FLOAT64, 6, 2);
    return perRun(
        list(linear.get("runs")),
        run -> {
          String name = (String) run.get("name");
          Linear model = new Linear(3, 2);
          model.to(DType.FLOAT64);
          model.weight().detach().copy_(Tensor.of(doubles(linear.get("W0")), DType.FLOAT64, 2, 3));
          model.bias().detach().copy_(Tensor.of(doubles(linear.get("b0")), DType.FLOAT64, 2));
          Optimizer optimizer = OptimizerFromName.build(name, model.parameters());
          Supplier<Tensor> closure =
              () -> {
                optimizer.zeroGrad();
                Tensor loss = Functional.mseLoss(model.forward(x), y);
                loss.backward();
                return loss;
              };
          List<Object> trajectory = list(run.get("trajectory"));
          replay(optimizer, closure, model.parameters(), trajectory, 0, trajectory.size(), name);
        });
  }

  /** A state dict saved after 3 steps, loaded into a new optimizer, continues PyTorch's run. */
  @Test
  void stateDictSavedMidRunResumesTheTrajectory() {
    for (Object r : list(GOLDEN.get("runs"))) {
      Map<String, Object> run = map(r);
      String name = (String) run.get("name");
      List<Object> trajectory = list(run.get("trajectory"));
      List<Tensor> params = rosenbrockParams(run);
      LBFGS first = (LBFGS) OptimizerFromName.build(name, params);
      replay(first, rosenbrockClosure(first, params), params, trajectory, 0, 3, name);
      Map<String, Object> saved = first.stateDict();
      first.step(rosenbrockClosure(first, params)); // must not change the snapshot

      List<Tensor> resumedParams = rosenbrockParams(run);
      double[] atStep3 = doubles(map(trajectory.get(2)).get("x"));
      int offset = 0;
      for (Tensor p : resumedParams) {
        double[] v = new double[p.numel()];
        System.arraycopy(atStep3, offset, v, 0, v.length);
        p.detach().copy_(Tensor.of(v, DType.FLOAT64, p.shape()));
        offset += v.length;
      }
      LBFGS resumed = new LBFGS(resumedParams);
      resumed.loadStateDict(saved);
      assertEquals(first.paramGroups().get(0).options(), resumed.paramGroups().get(0).options());
      replay(
          resumed,
          rosenbrockClosure(resumed, resumedParams),
          resumedParams,
          trajectory,
          3,
          trajectory.size(),
          name + " (resumed)");
    }
  }

  /**
   * In float32 the state is kept in float32, and the strong-Wolfe run still reaches PyTorch's
   * float64 minimizer after 3 steps (a loose check: float32 rounds differently).
   */
  @Test
  void float32ParametersFollowTheFloat64Trajectory() {
    Map<String, Object> run = map(list(GOLDEN.get("runs")).get(0));
    Tensor xy = Tensor.of(new float[] {-1.5f, 2.0f}, 2).requiresGrad(true);
    List<Tensor> params = List.of(xy);
    Optimizer optimizer = OptimizerFromName.build((String) run.get("name"), params);
    for (int i = 0; i < 3; i++) optimizer.step(rosenbrockClosure(optimizer, params));
    OptimGoldenTest.assertClose(
        doubles(map(list(run.get("trajectory")).get(2)).get("x")),
        xy.toDoubleArray(),
        1e-3,
        "float32 x after 3 steps");
    assertEquals(DType.FLOAT32, ((Tensor) optimizer.state(xy).get("d")).dtype());
  }

  @Test
  void defaultsAreTorchs() {
    LBFGS optimizer = new LBFGS(List.of(Tensor.zeros(2).requiresGrad(true)));
    Map<String, Object> o = optimizer.paramGroups().get(0).options();
    assertEquals(1.0, o.get("lr"));
    assertEquals(20.0, o.get("maxIter"));
    assertEquals(25.0, o.get("maxEval"));
    assertEquals(1e-7, o.get("toleranceGrad"));
    assertEquals(1e-9, o.get("toleranceChange"));
    assertEquals(100.0, o.get("historySize"));
    assertEquals(LBFGS.NO_LINE_SEARCH, o.get("lineSearchFn"));
    LBFGS seven = LBFGS.builder(List.of(Tensor.zeros(2).requiresGrad(true))).maxIter(7).build();
    assertEquals(8.0, seven.paramGroups().get(0).get("maxEval")); // 7 * 5 // 4
  }

  @Test
  void stepWithoutClosureIsRefusedNamingLbfgsStep() {
    Tensor p = Tensor.zeros(2).requiresGrad(true);
    LBFGS optimizer = new LBFGS(List.of(p));
    p.setGrad(Tensor.ones(2));
    TensorException e = assertThrows(TensorException.class, optimizer::step);
    assertTrue(e.getMessage().startsWith("LBFGS.step: "), e.getMessage());
    assertTrue(e.getMessage().contains("closure"), e.getMessage());
    assertArrayEquals(new double[] {0, 0}, p.toDoubleArray());
  }

  @Test
  void closureReturningNullIsRefused() {
    LBFGS optimizer = new LBFGS(List.of(Tensor.zeros(2).requiresGrad(true)));
    TensorException e = assertThrows(TensorException.class, () -> optimizer.step(() -> null));
    assertTrue(e.getMessage().startsWith("LBFGS.step: the closure returned null"), e.getMessage());
  }

  @Test
  void closureReturningANonScalarIsRefusedWithItsShape() {
    Tensor p = Tensor.zeros(2).requiresGrad(true);
    LBFGS optimizer = new LBFGS(List.of(p));
    TensorException e =
        assertThrows(TensorException.class, () -> optimizer.step(() -> p.mul(2).add(1)));
    assertTrue(e.getMessage().startsWith("LBFGS.step: "), e.getMessage());
    assertTrue(e.getMessage().contains("[2]"), e.getMessage());
  }

  @Test
  void severalParameterGroupsAreRefused() {
    ParamGroup a = new ParamGroup(List.of(Tensor.zeros(2).requiresGrad(true)));
    ParamGroup b = new ParamGroup(List.of(Tensor.zeros(2).requiresGrad(true)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LBFGS.builder(a, b).build());
    assertTrue(e.getMessage().startsWith("LBFGS doesn't support per-parameter options"));

    LBFGS optimizer = LBFGS.builder(a).build();
    optimizer.addParamGroup(b);
    TensorException late =
        assertThrows(TensorException.class, () -> optimizer.step(() -> Tensor.scalar(0.0)));
    assertTrue(
        late.getMessage().startsWith("LBFGS.step: LBFGS doesn't support"), late.getMessage());
  }

  @Test
  void badSettingsAreRefusedNamingLbfgs() {
    List<Tensor> params = List.of(Tensor.zeros(2).requiresGrad(true));
    Map<String, Runnable> builds = new HashMap<>();
    builds.put("learning rate", () -> LBFGS.builder(params).lr(-1).build());
    builds.put("maxIter", () -> LBFGS.builder(params).maxIter(0).build());
    builds.put("maxEval", () -> LBFGS.builder(params).maxEval(0).build());
    builds.put("historySize", () -> LBFGS.builder(params).historySize(0).build());
    builds.put("toleranceGrad", () -> LBFGS.builder(params).toleranceGrad(Double.NaN).build());
    builds.put("toleranceChange", () -> LBFGS.builder(params).toleranceChange(-1e-3).build());
    builds.put("strong_wolfe", () -> LBFGS.builder(params).lineSearchFn("backtracking").build());
    builds.put("weightDecay", () -> LBFGS.builder(params).weightDecay(0.1));
    builds.forEach(
        (what, build) -> {
          IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
          assertTrue(e.getMessage().contains("LBFGS"), what + ": " + e.getMessage());
          assertTrue(e.getMessage().contains(what), what + ": " + e.getMessage());
        });
  }

  @Test
  void loadingAStateDictOfTheWrongShapeIsRefused() {
    List<Tensor> params = List.of(Tensor.of(new double[] {-1.5, 2.0}, 2).requiresGrad(true));
    LBFGS optimizer = new LBFGS(params);
    optimizer.step(rosenbrockClosure(optimizer, params));
    Map<String, Object> saved = optimizer.stateDict();
    LBFGS other = new LBFGS(List.of(Tensor.zeros(3).requiresGrad(true)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> other.loadStateDict(saved));
    assertTrue(e.getMessage().contains("state.0.d of shape [2], expected [3]"), e.getMessage());
  }

  /**
   * The first step length divides by sum|g|, which PyTorch adds in lanes of 4 with the tail first:
   * for (1, 1, 1, 1, 1e16) it gives 1e16 (torch.tensor([1., 1, 1, 1, 1e16]).sum()), where adding
   * left to right gives 1e16 + 4.
   */
  @Test
  void absSumAddsInPyTorchsOrder() {
    assertEquals(1e16, LBFGS.absSum(new double[] {1, -1, 1, 1, -1e16}));
    assertEquals(3.0, LBFGS.absSum(new double[] {1, -2}));
  }
}
