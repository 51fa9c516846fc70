package dev.autograd.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.GradCheck;
import dev.autograd.GradCheckOptions;
import dev.autograd.GradCheckReport;
import dev.autograd.GradOptions;
import dev.autograd.Tensor;
import dev.autograd.testing.Golden;
import dev.autograd.testing.Golden.Tolerance;
import dev.autograd.testing.Json;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of PyTorch's {@code golden/higher_order.json} (float64): {@code grad = d/dx sum(f(x) *
 * u)} computed with createGraph, then {@code grad2 = d/dx sum(grad * v)}. A case without {@code u}
 * and {@code v} has a 0-d output, and grad and grad2 are then dy/dx and d2y/dx2.
 */
class GoldenHigherOrderTest {
  private static final List<Map<String, Object>> CASES =
      Golden.cases(Golden.load("/golden/higher_order.json"));

  @Test
  void fileHoldsAllCases() {
    assertEquals(14, CASES.size());
    for (Map<String, Object> c : CASES) function(name(c)); // every case has a mapping
  }

  @Test
  void tutorialSeedIsEightAndTwelve() {
    Map<String, Object> seed =
        CASES.stream().filter(c -> name(c).equals("seed_scalar_x2")).findFirst().orElseThrow();
    assertEquals(2.0, Golden.data(seed.get("input"))[0]);
    assertEquals(8.0, Golden.data(seed.get("grad"))[0]);
    assertEquals(12.0, Golden.data(seed.get("grad2"))[0]);
  }

  /** One test per case: output, first derivative and second derivative. */
  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return CASES.stream().map(c -> dynamicTest(name(c), () -> checkCase(c)));
  }

  /**
   * Each case's f through {@link GradCheck}, and its first derivative {@code x -> grad} too (the
   * second derivatives against finite differences of the first, like PyTorch's gradgradcheck).
   */
  @TestFactory
  Stream<DynamicTest> gradCheck() {
    return CASES.stream()
        .flatMap(
            c ->
                Stream.of(
                    dynamicTest(name(c) + " gradcheck", () -> gradCheckCase(c)),
                    dynamicTest(name(c) + " gradgradcheck", () -> gradGradCheckCase(c))));
  }

  private static void checkCase(Map<String, Object> c) {
    String name = name(c);
    Tensor x = input(c);
    Tensor out = function(name).apply(x);
    Golden.assertClose(name + " output", c.get("output"), out, Tolerance.FLOAT64);

    Tensor grad = firstDerivative(c, x, out);
    Golden.assertClose(name + " grad", c.get("grad"), grad, Tolerance.FLOAT32_OR_GRAD);

    Tensor v = optional(c, "v");
    Tensor grad2 =
        Autograd.grad(List.of(grad), List.of(x), GradOptions.defaults().gradOutputs(v)).get(0);
    Golden.assertClose(name + " grad2", c.get("grad2"), grad2, Tolerance.FLOAT32_OR_GRAD);
  }

  private static void gradCheckCase(Map<String, Object> c) {
    UnaryOperator<Tensor> f = function(name(c));
    assertTrue(GradCheck.check(in -> f.apply(in[0]), input(c)).passed(), name(c));
  }

  private static void gradGradCheckCase(Map<String, Object> c) {
    UnaryOperator<Tensor> f = function(name(c));
    // Along the case's u (random where it has none, for a one-element output).
    GradCheckReport report =
        GradCheck.gradgradcheck(
            in -> f.apply(in[0]), optional(c, "u"), GradCheckOptions.defaults(), input(c));
    assertTrue(report.passed(), name(c));
  }

  /** {@code d/dx sum(out * u)}, recorded so that it can be differentiated again. */
  private static Tensor firstDerivative(Map<String, Object> c, Tensor x, Tensor out) {
    Tensor u = optional(c, "u");
    return Autograd.grad(
            List.of(out), List.of(x), GradOptions.defaults().gradOutputs(u).createGraph(true))
        .get(0);
  }

  private static Tensor input(Map<String, Object> c) {
    return Golden.tensor(c.get("input"), DType.FLOAT64).requiresGrad(true);
  }

  private static Tensor optional(Map<String, Object> c, String key) {
    Object spec = c.get(key);
    return spec == null ? null : Golden.tensor(spec, DType.FLOAT64);
  }

  /** The function f of each case, by its name in the file. */
  private static UnaryOperator<Tensor> function(String name) {
    switch (name) {
      case "cubic_seed":
      case "seed_scalar_x2":
        return x -> x.pow(3).sub(x.mul(4)).sub(5);
      case "exp":
        return Tensor::exp;
      case "tanh":
        return Tensor::tanh;
      case "sigmoid":
        return Tensor::sigmoid;
      case "sin":
        return Tensor::sin;
      case "log":
        return Tensor::log;
      case "pow3":
        return x -> x.pow(3);
      case "sqrt":
        return Tensor::sqrt;
      case "reciprocal":
        return Tensor::reciprocal;
      case "softmax":
        // The recorded output sums to 1 along each row: softmax over the last dim.
        return x -> x.softmax(-1);
      case "x_times_sinx":
        return x -> x.mul(x.sin());
      case "matmul_self":
        return x -> x.matmul(x);
      case "logsumexp":
        // A [3, 3] input gives a [3] output equal to the log-sum-exp of each row: dim -1.
        return x -> x.logsumexp(-1, false);
      default:
        throw new IllegalArgumentException("no function for higher-order case " + name);
    }
  }

  private static String name(Map<String, Object> c) {
    return Json.asString(c.get("name"));
  }
}
