package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.testing.Golden;
import dev.autograd.testing.Json;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * crossEntropy and nllLoss with an {@code ignoreIndex}: against PyTorch's values and gradients
 * (golden/ignore_index.json, made by ignore_index.py next to it), against numerical gradients, and
 * their errors.
 */
class IgnoreIndexTest {

  static Stream<Map<String, Object>> cases() {
    return Golden.cases(Golden.load("/golden/ignore_index.json")).stream();
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void matchesPyTorch(Map<String, Object> c) {
    Tensor x = Golden.tensor(c.get("input"), DType.FLOAT64).requiresGrad(true);
    long[] labels = Json.asList(c.get("target")).stream().mapToLong(Json::asInt).toArray();
    Tensor target = Tensor.of(labels, labels.length);
    Reduction reduction = Reduction.valueOf(Json.asString(c.get("reduction")).toUpperCase());
    long ignore = Json.asInt(c.get("ignore_index"));
    Tensor out =
        Json.asString(c.get("fn")).equals("cross_entropy")
            ? Functional.crossEntropy(x, target, reduction, ignore)
            : Functional.nllLoss(x, target, reduction, ignore);
    String what = c.get("fn") + " " + reduction + " ignoring " + ignore + " of " + c.get("target");
    Golden.assertClose(what, c.get("output"), out, Golden.Tolerance.FLOAT64);
    out.sum().backward();
    Golden.assertClose(
        what + ", gradient", c.get("grad"), x.grad(), Golden.Tolerance.FLOAT32_OR_GRAD);
  }

  @Test
  void theDefaultIgnoreIndexIsPyTorchs() {
    Tensor logits = Tensor.of(new double[] {2, 0, 0, 0, 0, 2}, 2, 3);
    Tensor both = Tensor.of(new long[] {0, 2}, 2);
    Tensor firstOnly = Tensor.of(new long[] {0, -100}, 2);
    double first =
        Functional.crossEntropy(logits.narrow(0, 0, 1), Tensor.of(new long[] {0}, 1)).item();
    assertEquals(-100, Functional.DEFAULT_IGNORE_INDEX);
    assertEquals(first, Functional.crossEntropy(logits, firstOnly).item(), 1e-15);
    assertEquals(first, Functional.nllLoss(logits.logSoftmax(1), firstOnly).item(), 1e-15);
    // nothing ignored: the mean over all examples, as before
    assertEquals(
        Functional.crossEntropy(logits, both, Reduction.NONE).mean().item(),
        Functional.crossEntropy(logits, both).item(),
        0);
  }

  @Test
  void gradientsMatchNumericalOnes() {
    Tensor.manualSeed(3);
    Tensor logits = Tensor.randn(5, 4).to(DType.FLOAT64).requiresGrad(true);
    Tensor target = Tensor.of(new long[] {3, -1, 0, -1, 2}, 5);
    Tensor classZeroIgnored = Tensor.of(new long[] {3, 0, 1, 0, 2}, 5);
    for (Reduction r : Reduction.values()) {
      assertTrue(
          GradCheck.check(in -> Functional.crossEntropy(in[0], target, r, -1).sum(), logits)
              .passed(),
          "crossEntropy " + r);
      assertTrue(
          GradCheck.check(
                  in -> Functional.nllLoss(in[0].logSoftmax(1), classZeroIgnored, r, 0).sum(),
                  logits)
              .passed(),
          "nllLoss " + r + " ignoring class 0");
    }
  }

  @Test
  void aTargetOutsideTheClassesThatIsNotIgnoredIsRefused() {
    Tensor logits = Tensor.zeros(DType.FLOAT64, 2, 3);
    TensorException e =
        assertThrows(
            TensorException.class,
            () -> Functional.crossEntropy(logits, Tensor.of(new long[] {0, -1}, 2)));
    assertEquals(
        "crossEntropy: target -1 is out of bounds for 3 classes (input shape [2, 3]); only the"
            + " ignoreIndex -100 may lie outside [0, 3)",
        e.getMessage());
    assertThrows(
        TensorException.class,
        () -> Functional.nllLoss(logits, Tensor.of(new long[] {0, -100}, 2), Reduction.MEAN, 5));
    e =
        assertThrows(
            TensorException.class,
            () ->
                Functional.nllLoss(
                    logits, Tensor.of(new long[] {0, 1}, 2), Reduction.MEAN, (1L << 53) + 2));
    assertTrue(e.getMessage().contains("beyond ±2^53"), e.getMessage());
  }

  @Test
  void aSingleIgnoredExampleHasLossZeroAndItsMeanIsNaN() {
    Tensor logits = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
    Tensor ignored = Tensor.of(new long[] {-100}, 1).reshape();
    assertEquals(0.0, Functional.crossEntropy(logits, ignored, Reduction.NONE).item());
    assertEquals(0, Functional.crossEntropy(logits, ignored, Reduction.NONE).dim());
    Tensor mean = Functional.crossEntropy(logits, ignored);
    assertTrue(Double.isNaN(mean.item()), "0 / 0, as in PyTorch");
    mean.backward();
    assertArrayEquals(new double[] {0, 0, 0}, logits.grad().toDoubleArray());
  }
}
