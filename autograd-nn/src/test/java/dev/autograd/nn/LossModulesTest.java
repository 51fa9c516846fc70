package dev.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograd.DType;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.testing.Golden;
import dev.autograd.testing.Json;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Each loss module reproduces PyTorch's loss and gradients from the golden ops file. */
class LossModulesTest {

  private static final Map<String, Function<Map<String, Object>, Loss>> MODULES =
      Map.of(
          "mse_loss", attrs -> new MSELoss(reduction(attrs)),
          "l1_loss", attrs -> new L1Loss(reduction(attrs)),
          "smooth_l1_loss",
              attrs -> new SmoothL1Loss(reduction(attrs), Json.asDouble(attrs.get("beta"))),
          "binary_cross_entropy", attrs -> new BCELoss(reduction(attrs)),
          "binary_cross_entropy_with_logits", attrs -> new BCEWithLogitsLoss(reduction(attrs)),
          "cross_entropy", attrs -> new CrossEntropyLoss(reduction(attrs)),
          "nll_loss", attrs -> new NLLLoss(reduction(attrs)));

  private static Reduction reduction(Map<String, Object> attrs) {
    return Reduction.valueOf(((String) attrs.get("reduction")).toUpperCase(java.util.Locale.ROOT));
  }

  @TestFactory
  Stream<DynamicTest> everyLossModuleMatchesPyTorch() {
    List<Map<String, Object>> cases =
        Golden.cases(Golden.load("/golden/ops.json")).stream()
            .filter(c -> MODULES.containsKey((String) c.get("op")))
            .toList();
    assertEquals(16, cases.size(), "8 loss cases (mse with two reductions) in two dtypes");
    return cases.stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> check(c)));
  }

  private static void check(Map<String, Object> c) {
    DType dtype = Golden.dtype((String) c.get("dtype"));
    Map<String, Object> attrs = Json.asObject(c.get("attrs"));
    List<Object> inputs = Json.asList(c.get("inputs"));
    List<Object> grads = Json.asList(c.get("grads"));
    Tensor input = Golden.tensor(inputs.get(0), dtype).requiresGrad(true);
    String op = (String) c.get("op");
    Loss loss = MODULES.get(op).apply(attrs);
    Tensor out;
    Tensor target = null;
    if (attrs.containsKey("target")) {
      long[] labels =
          Json.asList(attrs.get("target")).stream()
              .mapToLong(v -> (long) Json.asDouble(v))
              .toArray();
      Tensor in = op.equals("nll_loss") ? input.logSoftmax(1) : input; // the case's note
      out = loss.forward(in, Tensor.of(labels));
    } else {
      target = Golden.tensor(inputs.get(1), dtype).requiresGrad(grads.get(1) != null);
      out = loss.forward(input, target);
    }
    Golden.assertClose("output", c.get("output"), out, Golden.Tolerance.forward(dtype));
    out.backward(Golden.tensor(c.get("upstream"), dtype));
    Golden.assertClose("grad 0", grads.get(0), input.grad(), Golden.Tolerance.FLOAT32_OR_GRAD);
    if (target != null && grads.get(1) != null) {
      Golden.assertClose("grad 1", grads.get(1), target.grad(), Golden.Tolerance.FLOAT32_OR_GRAD);
    }
  }

  @Test
  void lossModulesPrintLikePyTorch() {
    assertEquals("MSELoss()", new MSELoss().toString());
    assertEquals("SmoothL1Loss(beta=1.0)", new SmoothL1Loss().toString());
  }

  @Test
  void classificationLossesLeaveOutTheIgnoreIndexMinus100ByDefaultOrTheOneGiven() {
    Tensor logits = Tensor.of(new double[] {2, 0, 0, 0, 3, 0, 1, 1, 4}, 3, 3);
    Tensor kept = logits.narrow(0, 0, 2);
    double expected = new CrossEntropyLoss().forward(kept, Tensor.of(new long[] {0, 1}, 2)).item();
    Tensor padded = Tensor.of(new long[] {0, 1, -100}, 3);
    assertEquals(-100, new CrossEntropyLoss().ignoreIndex());
    assertEquals(expected, new CrossEntropyLoss().forward(logits, padded).item(), 1e-15);
    Tensor classTwoIgnored = Tensor.of(new long[] {0, 1, 2}, 3);
    CrossEntropyLoss ignoringTwo = new CrossEntropyLoss(Reduction.MEAN, 2);
    assertEquals(2, ignoringTwo.ignoreIndex());
    assertEquals(expected, ignoringTwo.forward(logits, classTwoIgnored).item(), 1e-15);
    NLLLoss nll = new NLLLoss(Reduction.SUM, 2);
    assertEquals(2 * expected, nll.forward(logits.logSoftmax(1), classTwoIgnored).item(), 1e-14);
    assertEquals(
        2 * expected,
        new NLLLoss(Reduction.SUM).forward(logits.logSoftmax(1), padded).item(),
        1e-14);
  }
}
