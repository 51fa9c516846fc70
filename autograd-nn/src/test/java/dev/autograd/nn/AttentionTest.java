package dev.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.DType;
import dev.autograd.Functional;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.testing.Golden;
import dev.autograd.testing.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * MultiheadAttention against PyTorch 1.13 ({@code golden/attention.py}): PyTorch's state dict loads
 * unchanged, and the output, the weights (averaged or per head) and the gradients of the query,
 * key, value and every parameter match, with key padding masks, bool and float attention masks (a
 * causal one among them), batchFirst and unbatched inputs.
 */
class AttentionTest {
  @TestFactory
  Stream<DynamicTest> outputsWeightsAndGradientsArePyTorchs() {
    List<Map<String, Object>> cases = Golden.cases(Golden.load("/golden/attention.json"));
    assertEquals(8, cases.size());
    return cases.stream().map(c -> dynamicTest(Golden.name(c), () -> check(c)));
  }

  private static void check(Map<String, Object> c) {
    MultiheadAttention mha =
        new MultiheadAttention(
            Json.asInt(c.get("embed_dim")),
            Json.asInt(c.get("num_heads")),
            0,
            (Boolean) c.get("bias"),
            (Boolean) c.get("batch_first"),
            new Generator(1));
    mha.to(DType.FLOAT64);
    mha.loadStateDict(RecurrentGolden.stateDict(c));
    List<Tensor> inputs = new ArrayList<>();
    for (Object x : Json.asList(c.get("inputs"))) {
      inputs.add(Golden.tensor(x, DType.FLOAT64).requiresGrad(true));
    }
    Tensor q = inputs.get(0);
    Tensor k = inputs.size() > 1 ? inputs.get(1) : q;
    Tensor v = inputs.size() > 1 ? inputs.get(2) : q;
    Tensor padding =
        c.get("key_padding_mask") == null
            ? null
            : Golden.tensor(c.get("key_padding_mask"), DType.FLOAT64).ne(0);
    Tensor mask = null;
    if (c.get("attn_mask") != null) {
      mask = Golden.tensor(c.get("attn_mask"), DType.FLOAT64);
      if ((Boolean) c.get("attn_mask_bool")) mask = mask.ne(0);
    }
    boolean need = (Boolean) c.get("need_weights");
    MultiheadAttention.Result r =
        mha.forwardWithWeights(
            q, k, v, padding, mask, need, (Boolean) c.get("average_attn_weights"));
    List<Tensor> outputs = new ArrayList<>(List.of(r.output()));
    if (need) outputs.add(r.weights());
    else assertNull(r.weights());
    // the same checks as the recurrent layers': outputs, then the inputs' and parameters' grads
    Map<String, Object> asRecurrent = new java.util.HashMap<>(c);
    asRecurrent.put("input_grad", Json.asList(c.get("input_grads")).get(0));
    asRecurrent.put("state_grads", Json.asList(c.get("input_grads")).subList(1, inputs.size()));
    RecurrentGolden.check(asRecurrent, outputs, q, inputs.subList(1, inputs.size()), mha);
  }

  @Test
  void parametersCallsAndRefusalsAreThoseOfPyTorch() {
    MultiheadAttention mha = new MultiheadAttention(8, 2);
    assertEquals(
        List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
        List.copyOf(mha.stateDict().keySet()));
    assertEquals(0, mha.parameter("in_proj_bias").abs().sum().item());
    Tensor x = Tensor.randn(5, 3, 8);
    List<Tensor> out = mha.call(List.of(x, x, x));
    assertEquals(List.of(5, 3, 8), List.of(out.get(0).shape()[0], 3, 8));
    assertEquals(List.of(3, 5, 5), List.of(out.get(1).shape()[0], out.get(1).shape()[1], 5));
    TensorException heads = assertThrows(TensorException.class, () -> new MultiheadAttention(6, 4));
    assertTrue(heads.getMessage().contains("embed_dim must be divisible by num_heads"));
    TensorException shape =
        assertThrows(
            TensorException.class,
            () -> mha.forwardWithWeights(x, x, Tensor.randn(5, 3, 4), null, null, true, true));
    assertTrue(shape.getMessage().contains("expected query [L, N, 8]"), shape.getMessage());
  }

  @Test
  void scaledDotProductAttentionIsTheHeadsComputation() {
    // one head of E: MultiheadAttention with identity projections is the function itself
    Tensor q = Tensor.randn(new Generator(4), 2, 3, 4).to(DType.FLOAT64);
    Tensor k = Tensor.randn(new Generator(5), 2, 5, 4).to(DType.FLOAT64);
    Tensor v = Tensor.randn(new Generator(6), 2, 5, 4).to(DType.FLOAT64);
    MultiheadAttention mha = new MultiheadAttention(4, 1, 0, false, true, new Generator(7));
    mha.to(DType.FLOAT64);
    Tensor eye = Tensor.eye(4).to(DType.FLOAT64);
    mha.loadStateDict(
        Map.of("in_proj_weight", Tensor.cat(List.of(eye, eye, eye), 0), "out_proj.weight", eye));
    Tensor causalForbidden = Tensor.ones(3, 5).triu(1).ne(0); // true above the diagonal
    Tensor expected = mha.forwardWithWeights(q, k, v, null, causalForbidden, false, true).output();
    Tensor actual = Functional.scaledDotProductAttention(q, k, v, null, 0, true);
    Golden.assertClose(
        "attention",
        Map.of(
            "shape",
            List.of(2.0, 3.0, 4.0),
            "data",
            java.util.Arrays.stream(expected.toDoubleArray())
                .boxed()
                .map(d -> (Object) d)
                .toList()),
        actual,
        new Golden.Tolerance(1e-12, 1e-12));
  }

  @Test
  void theSquareSubsequentMaskIsPyTorchs() {
    // torch.nn.Transformer.generate_square_subsequent_mask(3)
    Tensor mask = MultiheadAttention.generateSquareSubsequentMask(3);
    assertEquals(DType.FLOAT32, mask.dtype());
    double inf = Double.NEGATIVE_INFINITY;
    assertEquals(
        List.of(0.0, inf, inf, 0.0, 0.0, inf, 0.0, 0.0, 0.0),
        java.util.Arrays.stream(mask.toDoubleArray()).boxed().toList());
    assertEquals(
        List.of(0.0),
        java.util.Arrays.stream(MultiheadAttention.generateSquareSubsequentMask(1).toDoubleArray())
            .boxed()
            .toList());
    TensorException empty =
        assertThrows(
            TensorException.class, () -> MultiheadAttention.generateSquareSubsequentMask(0));
    assertTrue(
        empty.getMessage().contains("generateSquareSubsequentMask: size must be positive, got 0"),
        empty.getMessage());
  }

  @Test
  void underTheSubsequentMaskNoPositionSeesALaterOne() {
    MultiheadAttention mha = new MultiheadAttention(8, 2, 0, true, true, new Generator(11));
    Tensor mask = MultiheadAttention.generateSquareSubsequentMask(6);
    Tensor x = Tensor.randn(new Generator(12), 2, 6, 8);
    Tensor changed = x.clone();
    changed.narrow(1, 4, 1).copy_(Tensor.randn(new Generator(13), 2, 1, 8));
    MultiheadAttention.Result before = mha.forwardWithWeights(x, x, x, null, mask, true, false);
    MultiheadAttention.Result after =
        mha.forwardWithWeights(changed, changed, changed, null, mask, true, false);
    // positions 0..3 are unchanged, bit for bit; position 4 is changed
    assertArrayEquals(
        before.output().narrow(1, 0, 4).toDoubleArray(),
        after.output().narrow(1, 0, 4).toDoubleArray());
    double moved =
        before.output().narrow(1, 4, 1).sub(after.output().narrow(1, 4, 1)).abs().max().item();
    assertTrue(moved > 1e-3, "position 4 moved by " + moved);
    // each head's weights above the diagonal are exactly 0, each row sums to 1
    Tensor upper = Tensor.ones(6, 6).triu(1).ne(0);
    Tensor weights = before.weights(); // [2, 2, 6, 6]
    assertEquals(0, weights.mul(upper.to(DType.FLOAT32)).abs().sum().item());
    for (double row : weights.sum(-1).toDoubleArray()) assertEquals(1, row, 1e-6);
    // the same output as under the BOOL mask, true where not allowed
    Tensor bool = mha.forwardWithWeights(x, x, x, null, upper, false, true).output();
    assertArrayEquals(before.output().toDoubleArray(), bool.toDoubleArray());
  }
}
