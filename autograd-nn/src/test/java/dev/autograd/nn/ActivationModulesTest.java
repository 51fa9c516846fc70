package dev.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.GradCheck;
import dev.autograd.Tensor;
import dev.autograd.testing.Golden;
import dev.autograd.testing.Json;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GELU, SiLU, ELU and Softplus against PyTorch's values, gradients and printouts
 * (golden/activations.json, made by activations.py next to it), and against numerical gradients.
 */
class ActivationModulesTest {

  static Stream<Map<String, Object>> cases() {
    return Golden.cases(Golden.load("/golden/activations.json")).stream();
  }

  private static Module build(Map<String, Object> c) {
    Map<String, Object> args = Json.asObject(c.get("args"));
    switch (Json.asString(c.get("module"))) {
      case "GELU":
        return new GELU();
      case "SiLU":
        return new SiLU();
      case "ELU":
        return new ELU(Json.asDouble(args.get("alpha")));
      case "Softplus":
        return new Softplus(Json.asDouble(args.get("beta")), Json.asDouble(args.get("threshold")));
      default:
        throw new AssertionError("unknown module " + c.get("module"));
    }
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void matchesPyTorch(Map<String, Object> c) {
    Module m = build(c);
    String what = Json.asString(c.get("repr"));
    assertEquals(what, m.toString());
    Tensor x = Golden.tensor(c.get("input"), DType.FLOAT64).requiresGrad(true);
    Tensor y = m.forward(x);
    Golden.assertClose(what, c.get("output"), y, Golden.Tolerance.FLOAT64);
    y.sum().backward();
    Golden.assertClose(
        what + " gradient", c.get("grad"), x.grad(), Golden.Tolerance.FLOAT32_OR_GRAD);
    Tensor y32 = m.forward(x.detach().to(DType.FLOAT32));
    assertEquals(DType.FLOAT32, y32.dtype());
    Golden.assertClose(
        what + " in float32", c.get("output"), y32, Golden.Tolerance.FLOAT32_OR_GRAD);
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void gradientsAndSecondDerivativesMatchNumericalOnes(Map<String, Object> c) {
    Module m = build(c);
    Tensor.manualSeed(5);
    // away from the kinks (0 for ELU, the threshold for Softplus), where finite differences fail
    Tensor x = Tensor.randn(4, 5).mul(2).add(0.05).to(DType.FLOAT64).requiresGrad(true);
    assertTrue(GradCheck.check(in -> m.forward(in[0]), x).passed(), m.toString());
    assertTrue(
        GradCheck.gradgradcheck(in -> m.forward(in[0]), x).passed(), m + ", second derivative");
  }

  @Test
  void softplusNeedsAFiniteNonzeroBeta() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Softplus(0, 20));
    assertEquals("Softplus: beta must be a finite nonzero number, got 0.0", e.getMessage());
  }
}
