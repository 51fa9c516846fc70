package dev.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.DType;
import dev.autograd.Functional;
import dev.autograd.Tensor;
import dev.autograd.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestReporter;

/**
 * Replays the runs of {@code golden/optim.json} (computed by PyTorch 1.13.1) and compares every
 * step.
 */
class OptimGoldenTest {
  private static final Map<String, Object> GOLDEN = Golden.load("/golden/optim.json");

  /** The runs of the optimizers of issue #19, from golden/optim19.py, on optim.json's problem. */
  private static final Map<String, Object> GOLDEN19 = Golden.load("/golden/optim19.json");

  private static final double RTOL = 1e-6;
  private static final int STEPS = 15;

  /**
   * Each run trains {@code mse_loss(X @ W^T + b, Y)} in FLOAT64 from (W0, b0) with the optimizer
   * its name describes; {@code trajectory[k]} holds the loss before step k and W, b after it.
   */
  @TestFactory
  Stream<DynamicTest> everyRunMatchesPyTorchAtEveryStep(TestReporter reporter) {
    Map<String, Object> problem = map(GOLDEN.get("problem"));
    Tensor x = tensor(problem.get("X"));
    Tensor y = tensor(problem.get("Y"));
    List<Object> runs = new ArrayList<>(list(GOLDEN.get("runs")));
    runs.addAll(list(GOLDEN19.get("runs")));
    return runs.stream()
        .map(
            r -> {
              Map<String, Object> run = map(r);
              String name = (String) run.get("name");
              return dynamicTest(
                  name,
                  () -> {
                    Tensor w = tensor(problem.get("W0")).requiresGrad(true);
                    Tensor b = tensor(problem.get("b0")).requiresGrad(true);
                    Optimizer optimizer = OptimizerFromName.build(name, List.of(w, b));
                    List<Object> trajectory = list(run.get("trajectory"));
                    assertEquals(STEPS, trajectory.size());
                    double maxRelError = 0;
                    for (int step = 0; step < STEPS; step++) {
                      Map<String, Object> expected = map(trajectory.get(step));
                      optimizer.zeroGrad();
                      Tensor loss = Functional.mseLoss(Functional.linear(x, w, b), y);
                      loss.backward();
                      optimizer.step();
                      String at = name + ", step " + step;
                      maxRelError =
                          Math.max(
                              maxRelError,
                              assertClose(
                                  new double[] {(Double) expected.get("loss")},
                                  new double[] {loss.item()},
                                  RTOL,
                                  at + ", loss"));
                      maxRelError =
                          Math.max(
                              maxRelError,
                              assertClose(
                                  doubles(expected.get("W")), w.toDoubleArray(), RTOL, at + ", W"));
                      maxRelError =
                          Math.max(
                              maxRelError,
                              assertClose(
                                  doubles(expected.get("b")), b.toDoubleArray(), RTOL, at + ", b"));
                    }
                    reporter.publishEntry(name + ": max relative error", "" + maxRelError);
                  });
            });
  }

  /** {@code clip_grad_norm_(max_norm=1)} on two gradients: the total norm and the scaled grads. */
  @Test
  void clipGradNormMatchesPyTorch() {
    Map<String, Object> golden = map(GOLDEN.get("clip_grad_norm"));
    List<Tensor> params = new ArrayList<>();
    for (Object g : list(golden.get("grads_before"))) {
      Tensor grad = tensor(g);
      Tensor p = Tensor.zerosLike(grad).requiresGrad(true);
      p.setGrad(grad);
      params.add(p);
    }
    double total = ClipGrad.clipGradNorm(params, (Double) golden.get("max_norm"));
    assertClose(
        new double[] {(Double) golden.get("total_norm")}, new double[] {total}, RTOL, "total norm");
    List<Object> after = list(golden.get("grads_after"));
    for (int i = 0; i < params.size(); i++) {
      assertClose(
          tensor(after.get(i)).toDoubleArray(),
          params.get(i).grad().toDoubleArray(),
          RTOL,
          "grad " + i);
    }
  }

  /**
   * Asserts {@code |actual - expected| <= rtol * |expected|} element-wise (plus 1e-12 for values
   * that are 0); returns the largest relative error.
   */
  static double assertClose(double[] expected, double[] actual, double rtol, String what) {
    assertEquals(expected.length, actual.length, what + ": number of elements");
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      double error = Math.abs(actual[i] - expected[i]);
      assertTrue(
          error <= rtol * Math.abs(expected[i]) + 1e-12,
          what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i]);
      if (expected[i] != 0) max = Math.max(max, error / Math.abs(expected[i]));
    }
    return max;
  }

  static Tensor tensor(Object json) {
    Map<String, Object> m = map(json);
    List<Object> shape = list(m.get("shape"));
    int[] dims = new int[shape.size()];
    for (int i = 0; i < dims.length; i++) dims[i] = ((Double) shape.get(i)).intValue();
    return Tensor.of(doubles(m.get("data")), DType.FLOAT64, dims);
  }

  static double[] doubles(Object json) {
    List<Object> values = list(json);
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) out[i] = (Double) values.get(i);
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object json) {
    return (Map<String, Object>) json;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object json) {
    return (List<Object>) json;
  }
}
