package dev.autograd.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.nn.Embedding;
import dev.autograd.nn.LSTM;
import dev.autograd.nn.Linear;
import dev.autograd.nn.Module;
import dev.autograd.nn.RecurrentOptions;
import dev.autograd.nn.TransformerEncoderLayer;
import dev.autograd.nn.TransformerOptions;
import dev.autograd.testing.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A sequence model saved by PyTorch 1.13 ({@code interop/sequence_files.py}: an embedding, a
 * two-layer bidirectional LSTM and a transformer encoder layer) loads from its {@code .pt} file
 * unchanged, key for key, and gives PyTorch's output.
 */
class SequenceInteropTest {
  /** The same model as the script's Tagger. */
  private static final class Tagger extends Module {
    private final Embedding embed = registerModule("embed", new Embedding(20, 8, 0));
    private final LSTM lstm =
        registerModule(
            "lstm",
            new LSTM(
                8,
                6,
                RecurrentOptions.defaults().numLayers(2).bidirectional(true).batchFirst(true)));
    private final TransformerEncoderLayer encoder =
        registerModule(
            "encoder",
            new TransformerEncoderLayer(
                12, 3, TransformerOptions.defaults().dimFeedforward(16).batchFirst(true)));
    private final Linear head = registerModule("head", new Linear(12, 5));

    @Override
    public Tensor forward(Tensor tokens) {
      Tensor x = lstm.forwardWithState(embed.forward(tokens), null).output();
      return head.forward(encoder.forward(x));
    }
  }

  @Test
  void pytorchsLstmAndTransformerLoadFromItsFileAndGiveItsOutput() throws IOException {
    Map<String, Object> golden;
    try (InputStream in =
        SequenceInteropTest.class.getResourceAsStream("/interop/sequence_files.json")) {
      golden = Json.asObject(Json.parse(in));
    }
    Map<String, Tensor> state = TorchFiles.loadStateDict(TorchFilesTest.fixture("tagger.pt"));
    assertEquals(Json.asList(golden.get("keys")), List.copyOf(state.keySet()));
    Tagger tagger = new Tagger();
    assertEquals(List.copyOf(state.keySet()), List.copyOf(tagger.stateDict().keySet()));
    tagger.loadStateDict(state);
    tagger.eval();
    long[] tokens =
        Json.asList(golden.get("tokens")).stream().mapToLong(v -> Json.asInt(v)).toArray();
    Tensor out = tagger.forward(Tensor.of(tokens).reshape(2, 4));
    List<Object> expected = Json.asList(golden.get("output"));
    double[] got = out.toDoubleArray();
    assertEquals(expected.size(), got.length);
    for (int i = 0; i < got.length; i++) {
      double want = Json.asDouble(expected.get(i));
      assertTrue(
          Math.abs(want - got[i]) <= 1e-5 + 1e-5 * Math.abs(want),
          i + ": " + want + " vs " + got[i]);
    }
  }
}
