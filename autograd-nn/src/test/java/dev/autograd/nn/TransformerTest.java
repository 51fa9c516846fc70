package dev.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.DType;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.testing.Golden;
import dev.autograd.testing.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The transformer layers and stacks against PyTorch 1.13 ({@code golden/transformer.py}, dropout
 * 0): PyTorch's state dicts load unchanged, and outputs and the gradients of the inputs and every
 * parameter match, post-norm and pre-norm, relu and gelu, with causal and padding masks.
 */
class TransformerTest {
  @TestFactory
  Stream<DynamicTest> outputsAndGradientsArePyTorchs() {
    List<Map<String, Object>> cases = Golden.cases(Golden.load("/golden/transformer.json"));
    assertEquals(7, cases.size());
    return cases.stream().map(c -> dynamicTest(Golden.name(c), () -> check(c)));
  }

  private static void check(Map<String, Object> c) {
    int d = Json.asInt(c.get("d_model"));
    int heads = Json.asInt(c.get("nhead"));
    int layers = Json.asInt(c.get("num_layers"));
    TransformerOptions options =
        TransformerOptions.defaults()
            .dimFeedforward(Json.asInt(c.get("dim_feedforward")))
            .dropout(0)
            .activation(Json.asString(c.get("activation")))
            .batchFirst((Boolean) c.get("batch_first"))
            .normFirst((Boolean) c.get("norm_first"))
            .generator(new Generator(1));
    LayerNorm norm = (Boolean) c.get("final_norm") ? new LayerNorm(d) : null;
    String kind = Json.asString(c.get("kind"));
    Module m =
        switch (kind) {
          case "encoder_layer" -> new TransformerEncoderLayer(d, heads, options);
          case "decoder_layer" -> new TransformerDecoderLayer(d, heads, options);
          case "encoder" ->
              new TransformerEncoder(
                  () -> new TransformerEncoderLayer(d, heads, options), layers, norm);
          default ->
              new TransformerDecoder(
                  () -> new TransformerDecoderLayer(d, heads, options), layers, norm);
        };
    m.to(DType.FLOAT64);
    m.loadStateDict(RecurrentGolden.stateDict(c));
    List<Tensor> inputs = new ArrayList<>();
    for (Object x : Json.asList(c.get("inputs"))) {
      inputs.add(Golden.tensor(x, DType.FLOAT64).requiresGrad(true));
    }
    Map<String, Object> masks = Json.asObject(c.get("masks"));
    List<Tensor> call = new ArrayList<>(inputs);
    List<String> order =
        kind.startsWith("decoder")
            ? List.of("tgt_mask", "memory_mask", "tgt_key_padding_mask", "memory_key_padding_mask")
            : List.of("mask", "src_key_padding_mask");
    for (String name : order) {
      call.add(
          masks.containsKey(name) ? Golden.tensor(masks.get(name), DType.FLOAT64).ne(0) : null);
    }
    List<Tensor> outputs = m.call(call);
    Map<String, Object> asRecurrent = new HashMap<>(c);
    asRecurrent.put("outputs", List.of(c.get("output")));
    asRecurrent.put("upstream", List.of(c.get("upstream")));
    List<Object> grads = Json.asList(c.get("input_grads"));
    asRecurrent.put("input_grad", grads.get(0));
    asRecurrent.put("state_grads", grads.subList(1, grads.size()));
    RecurrentGolden.check(asRecurrent, outputs, inputs.get(0), inputs.subList(1, inputs.size()), m);
  }

  @Test
  void theLayersHavePyTorchsChildrenAndParameterNames() {
    TransformerEncoderLayer layer =
        new TransformerEncoderLayer(8, 2, TransformerOptions.defaults().dimFeedforward(16));
    assertEquals(
        List.of(
            "self_attn.in_proj_weight",
            "self_attn.in_proj_bias",
            "self_attn.out_proj.weight",
            "self_attn.out_proj.bias",
            "linear1.weight",
            "linear1.bias",
            "linear2.weight",
            "linear2.bias",
            "norm1.weight",
            "norm1.bias",
            "norm2.weight",
            "norm2.bias"),
        List.copyOf(layer.stateDict().keySet()));
    TransformerEncoder encoder =
        new TransformerEncoder(
            () ->
                new TransformerEncoderLayer(8, 2, TransformerOptions.defaults().dimFeedforward(16)),
            2,
            new LayerNorm(8));
    assertEquals(26, encoder.stateDict().size());
    Tensor x = Tensor.randn(5, 3, 8);
    encoder.eval();
    assertEquals(List.of(5, 3, 8), List.of(encoder.forward(x).shape()[0], 3, 8));
  }
}
