package dev.autograd;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.testing.Golden;
import dev.autograd.testing.Golden.Tolerance;
import dev.autograd.testing.Json;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * ctcLoss against PyTorch 1.13 ({@code golden/ctc.py}): the losses of every reduction, padded and
 * concatenated targets, another blank, empty and impossible targets, and the gradients of the
 * logits under logSoftmax.
 */
class CtcLossTest {
  private static final Map<String, Object> GOLDEN = Golden.load("/golden/ctc.json");
  private static final Tolerance TIGHT = new Tolerance(1e-10, 1e-12);

  @TestFactory
  Stream<DynamicTest> lossesAndGradientsArePyTorchs() {
    List<Map<String, Object>> cases = Golden.section(GOLDEN, "cases");
    assertEquals(7, cases.size());
    return cases.stream().map(c -> dynamicTest(Golden.name(c), () -> check(c)));
  }

  private static void check(Map<String, Object> c) {
    Tensor logits = Golden.tensor(c.get("logits"), DType.FLOAT64).requiresGrad(true);
    Tensor targets = Golden.tensor(c.get("targets"), DType.INT64);
    Tensor loss =
        Functional.ctcLoss(
            logits.logSoftmax(2),
            targets,
            longs(c.get("input_lengths")),
            longs(c.get("target_lengths")),
            Json.asInt(c.get("blank")),
            Reduction.valueOf(Json.asString(c.get("reduction")).toUpperCase()),
            (Boolean) c.get("zero_infinity"));
    Golden.assertClose("loss", c.get("loss"), loss, TIGHT);
    loss.mul(Golden.tensor(c.get("upstream"), DType.FLOAT64)).sum().backward();
    Golden.assertClose("the logits' gradient", c.get("grad"), logits.grad(), TIGHT);
  }

  private static long[] longs(Object list) {
    return Json.asList(list).stream().mapToLong(v -> Json.asInt(v)).toArray();
  }

  @Test
  void refusalsNameTheOpAndWhatWasExpected() {
    Tensor lp = Tensor.randn(3, 1, 2).logSoftmax(2);
    String pytorch = Json.asString(Json.asList(GOLDEN.get("errors")).get(0));
    assertEquals(
        "Expected input_lengths to have value at most 3, but got value 4",
        pytorch.substring(0, pytorch.indexOf(" (")));
    assertMessage(
        () ->
            Functional.ctcLoss(
                lp,
                Tensor.of(new long[][] {{1}}),
                new long[] {4},
                new long[] {1},
                0,
                Reduction.MEAN,
                false),
        "ctcLoss: Expected input_lengths to have value at most 3, but got value 4");
    assertMessage(
        () ->
            Functional.ctcLoss(
                lp,
                Tensor.of(new long[][] {{0}}),
                new long[] {3},
                new long[] {1},
                0,
                Reduction.MEAN,
                false),
        "ctcLoss: target 0 of sequence 0 must be a class in [0, 2) other than the blank 0");
    assertMessage(
        () ->
            Functional.ctcLoss(
                Tensor.randn(3, 2),
                Tensor.of(new long[][] {{1}}),
                new long[] {3},
                new long[] {1},
                0,
                Reduction.MEAN,
                false),
        "ctcLoss: expected floating log-probabilities [T, N, C]");
  }
}
