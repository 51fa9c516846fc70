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
 * embedding and embeddingBag against PyTorch 1.13 ({@code golden/embedding.py}): outputs and the
 * weight's gradient, with the padding index, frequency scaling and max_norm's renormalisation of
 * the weight, and bags of every mode with offsets, per-sample weights and padding; PyTorch's
 * refusals.
 */
class EmbeddingTest {
  private static final Map<String, Object> GOLDEN = Golden.load("/golden/embedding.json");
  private static final Tolerance TIGHT = new Tolerance(1e-10, 1e-12);

  @TestFactory
  Stream<DynamicTest> lookupsAndTheirGradientsArePyTorchs() {
    List<Map<String, Object>> cases = Golden.section(GOLDEN, "cases");
    assertEquals(9, cases.size());
    return cases.stream()
        .map(
            c ->
                dynamicTest(
                    Golden.name(c),
                    () -> {
                      Tensor w = Golden.tensor(c.get("weight"), DType.FLOAT64).requiresGrad(true);
                      Tensor idx = Golden.tensor(c.get("indices"), DType.INT64);
                      Object maxNorm = c.get("max_norm");
                      Object pad = c.get("padding_idx");
                      Tensor out =
                          Functional.embedding(
                              idx,
                              w,
                              pad == null ? null : Json.asInt(pad),
                              maxNorm == null ? null : Json.asDouble(maxNorm),
                              Json.asDouble(c.get("norm_type")),
                              (Boolean) c.get("scale_grad_by_freq"));
                      Golden.assertClose("output", c.get("output"), out, TIGHT);
                      out.mul(Golden.tensor(c.get("upstream"), DType.FLOAT64)).sum().backward();
                      Golden.assertClose("weight's gradient", c.get("grad"), w.grad(), TIGHT);
                      Golden.assertClose("weight after", c.get("weight_after"), w, TIGHT);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> bagsAndTheirGradientsArePyTorchs() {
    List<Map<String, Object>> bags = Golden.section(GOLDEN, "bags");
    assertEquals(10, bags.size());
    return bags.stream()
        .map(
            c ->
                dynamicTest(
                    Golden.name(c),
                    () -> {
                      Tensor w = Golden.tensor(c.get("weight"), DType.FLOAT64).requiresGrad(true);
                      Tensor idx = Golden.tensor(c.get("indices"), DType.INT64);
                      Tensor offsets =
                          c.get("offsets") == null
                              ? null
                              : Golden.tensor(c.get("offsets"), DType.INT64);
                      Tensor psw =
                          c.get("per_sample_weights") == null
                              ? null
                              : Golden.tensor(c.get("per_sample_weights"), DType.FLOAT64)
                                  .requiresGrad(true);
                      Object pad = c.get("padding_idx");
                      Tensor out =
                          Functional.embeddingBag(
                              idx,
                              w,
                              offsets,
                              Json.asString(c.get("mode")),
                              psw,
                              (Boolean) c.get("include_last_offset"),
                              pad == null ? null : Json.asInt(pad));
                      Golden.assertClose("output", c.get("output"), out, TIGHT);
                      out.mul(Golden.tensor(c.get("upstream"), DType.FLOAT64)).sum().backward();
                      Golden.assertClose("weight's gradient", c.get("grad"), w.grad(), TIGHT);
                      if (psw != null) {
                        Golden.assertClose(
                            "per-sample weights' gradient", c.get("psw_grad"), psw.grad(), TIGHT);
                      }
                    }));
  }

  @Test
  void paddingAndFrequencyScalingChangeTheGradientNotTheValue() {
    Tensor w = Tensor.randn(new Generator(3), 5, 2).to(DType.FLOAT64).requiresGrad(true);
    Tensor idx = Tensor.of(new long[] {0, 1, 1, 0});
    Tensor plain = Functional.embedding(idx, w);
    Tensor special = Functional.embedding(idx, w, 0, null, 2, true);
    Golden.assertClose(
        "value",
        Map.of("shape", List.of(4.0, 2.0), "data", toList(plain.toDoubleArray())),
        special,
        new Tolerance(0, 0));
    special.sum().backward();
    // row 0 is the padding: no gradient; row 1 twice, each scaled by 1/2: 1 in all
    double[] grad = w.grad().toDoubleArray();
    assertEquals(0, grad[0]);
    assertEquals(0, grad[1]);
    assertEquals(1, grad[2]);
    assertEquals(1, grad[3]);
    assertEquals(0, grad[4]);
  }

  private static List<Object> toList(double[] values) {
    return java.util.Arrays.stream(values).boxed().map(v -> (Object) v).toList();
  }

  @Test
  void refusalsNameTheOpAndPyTorchsReason() {
    Tensor w = Tensor.randn(5, 3);
    assertMessage(
        () -> Functional.embedding(Tensor.of(new long[] {5}), w),
        "embedding: index 5 is out of range for a weight of 5 rows [5, 3]",
        "index out of range in self");
    assertMessage(
        () -> Functional.embedding(Tensor.of(new double[] {1}), w),
        "embedding: Expected tensor for argument #1 'indices' to have scalar type Long");
    assertMessage(
        () -> Functional.embedding(Tensor.of(new long[] {1}), w, 5, null, 2, false),
        "Padding_idx must be within num_embeddings");
    assertMessage(
        () -> Functional.embedding(Tensor.of(new long[] {1}), Tensor.zeros(5)),
        "'weight' must be 2-D");
    Tensor bag = Tensor.of(new long[] {1, 2});
    assertMessage(
        () -> Functional.embeddingBag(bag, w, Tensor.of(new long[] {1}), "sum", null, false, null),
        "offsets[0] has to be 0");
    assertMessage(
        () ->
            Functional.embeddingBag(
                bag.reshape(1, 2), w, Tensor.of(new long[] {0}), "sum", null, false, null),
        "if input is 2D, then offsets has to be None");
    assertMessage(
        () ->
            Functional.embeddingBag(
                bag, w, Tensor.of(new long[] {0}), "mean", Tensor.ones(2), false, null),
        "per_sample_weights is only supported for mode='sum' (got mode='mean')");
    // the fragments above are PyTorch's messages, from golden/embedding.py
    for (Map<String, Object> e : Golden.section(GOLDEN, "errors")) {
      String message = Json.asString(e.get("message"));
      assertEquals(true, message.length() > 0, Golden.name(e));
    }
  }
}
