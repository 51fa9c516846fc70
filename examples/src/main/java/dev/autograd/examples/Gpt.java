package dev.autograd.examples;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.nn.Embedding;
import dev.autograd.nn.LayerNorm;
import dev.autograd.nn.Linear;
import dev.autograd.nn.Module;
import dev.autograd.nn.ModuleList;
import dev.autograd.nn.MultiheadAttention;
import dev.autograd.nn.ReLU;
import java.util.Arrays;
import java.util.List;

/**
 * A decoder-only (GPT-style) transformer: token and learned position embeddings, {@code layers}
 * pre-norm blocks of causal self-attention and a feed-forward, a final layer norm and a linear head
 * to one logit per token of the vocabulary.
 *
 * <pre>
 * x = tokens(idx) + positions(0..T-1)
 * each block: x = x + attention(norm1(x), causal mask); x = x + ff(norm2(x))
 * ff(x) = linear2(relu(linear1(x)))
 * logits = head(norm(x))
 * </pre>
 *
 * <p>The causal mask ({@link MultiheadAttention#generateSquareSubsequentMask(int)}) lets position t
 * attend to positions 0..t only, so the logits at t are a prediction of token t + 1 from the tokens
 * up to t, and a change of a later token changes no earlier logit.
 */
final class Gpt extends Module {
  /**
   * The sizes of the model.
   *
   * @param vocab the number of token ids
   * @param context the longest sequence (the number of position embeddings)
   * @param dModel the width of each position's vector
   * @param heads the attention heads, dividing dModel
   * @param layers the number of blocks
   */
  record Config(int vocab, int context, int dModel, int heads, int layers) {
    Config {
      if (vocab < 1 || context < 1 || dModel < 1 || heads < 1 || layers < 1) {
        throw new IllegalArgumentException(
            "Gpt.Config: every size must be positive, got vocab "
                + vocab
                + ", context "
                + context
                + ", dModel "
                + dModel
                + ", heads "
                + heads
                + ", layers "
                + layers);
      }
      if (dModel % heads != 0) {
        throw new IllegalArgumentException(
            "Gpt.Config: heads must divide dModel, got dModel " + dModel + " and heads " + heads);
      }
    }
  }

  /** One pre-norm block: causal self-attention, then a feed-forward, each with a residual. */
  static final class Block extends Module {
    private final LayerNorm norm1;
    private final MultiheadAttention attention;
    private final LayerNorm norm2;
    private final Linear linear1;
    private final ReLU activation;
    private final Linear linear2;

    Block(int dModel, int heads, Generator generator) {
      norm1 = registerModule("norm1", new LayerNorm(dModel));
      attention =
          registerModule(
              "attention", new MultiheadAttention(dModel, heads, 0, true, true, generator));
      norm2 = registerModule("norm2", new LayerNorm(dModel));
      linear1 = registerModule("linear1", new Linear(dModel, 4 * dModel, true, generator));
      activation = registerModule("activation", new ReLU());
      linear2 = registerModule("linear2", new Linear(4 * dModel, dModel, true, generator));
    }

    /**
     * The block over [N, T, d], each position attending to itself and those before it.
     *
     * @param x [N, T, d]
     * @return [N, T, d]
     */
    @Override
    public Tensor forward(Tensor x) {
      return forward(x, MultiheadAttention.generateSquareSubsequentMask(x.size(1)));
    }

    /** [N, T, d] to [N, T, d] under the [T, T] additive causal mask. */
    Tensor forward(Tensor x, Tensor mask) {
      Tensor h = norm1.forward(x);
      x = x.add(attention.forwardWithWeights(h, h, h, null, mask, false, true).output());
      return x.add(linear2.forward(activation.forward(linear1.forward(norm2.forward(x)))));
    }

    /** The attention weights of each head for the block's input x: [N, heads, T, T]. */
    Tensor weights(Tensor x, Tensor mask) {
      Tensor h = norm1.forward(x);
      return attention.forwardWithWeights(h, h, h, null, mask, true, false).weights();
    }
  }

  final Config config;
  private final Embedding tokens;
  private final Embedding positions;
  private final ModuleList blocks;
  private final LayerNorm norm;
  private final Linear head;

  /**
   * A model with weights drawn from {@code generator}: the embeddings N(0, 0.02²) as GPT-2's, the
   * layers with PyTorch's defaults.
   */
  Gpt(Config config, Generator generator) {
    this.config = config;
    tokens = registerModule("tokens", embedding(config.vocab(), config.dModel(), generator));
    positions =
        registerModule("positions", embedding(config.context(), config.dModel(), generator));
    blocks = registerModule("blocks", new ModuleList());
    for (int i = 0; i < config.layers(); i++) {
      blocks.add(new Block(config.dModel(), config.heads(), generator));
    }
    norm = registerModule("norm", new LayerNorm(config.dModel()));
    head = registerModule("head", new Linear(config.dModel(), config.vocab(), true, generator));
  }

  private static Embedding embedding(int rows, int width, Generator generator) {
    Embedding e = new Embedding(rows, width, null, null, 2, false, generator);
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      e.weight().mul_(0.02);
    }
    return e;
  }

  /**
   * The logits of the next token at every position.
   *
   * @param idx INT64 token ids [N, T], T at most the context
   * @return [N, T, vocab]
   * @throws IllegalArgumentException if idx is not [N, T] with T in [1, context]
   */
  @Override
  public Tensor forward(Tensor idx) {
    Tensor x = embed("Gpt.forward", idx);
    Tensor mask = MultiheadAttention.generateSquareSubsequentMask(idx.size(1));
    for (Module block : blocks) x = ((Block) block).forward(x, mask);
    return head.forward(norm.forward(x));
  }

  /**
   * The attention weights of every head of block {@code layer} over the sequences {@code idx}.
   *
   * @param idx INT64 token ids [N, T]
   * @param layer the block, from 0
   * @return [N, heads, T, T], row t the weights of position t over positions 0..T-1
   * @throws IllegalArgumentException if layer is not a block's index, or as {@link #forward}
   */
  Tensor attentionWeights(Tensor idx, int layer) {
    if (layer < 0 || layer >= blocks.size()) {
      throw new IllegalArgumentException(
          "Gpt.attentionWeights: layer must be in [0, " + blocks.size() + "), got " + layer);
    }
    Tensor x = embed("Gpt.attentionWeights", idx);
    Tensor mask = MultiheadAttention.generateSquareSubsequentMask(idx.size(1));
    for (int i = 0; i < layer; i++) x = ((Block) blocks.get(i)).forward(x, mask);
    return ((Block) blocks.get(layer)).weights(x, mask);
  }

  /**
   * Continues each sequence by {@code newTokens} tokens, one at a time, each from the logits at the
   * last position: the most likely token when {@code temperature} is 0 (greedy), else a token drawn
   * from {@code softmax(logits / temperature)} by {@code generator} (below 1 sharper than the
   * model, above 1 flatter). When a sequence is longer than the context, the model sees its last
   * {@code context} tokens.
   *
   * @param prompt INT64 token ids [N, T]
   * @param newTokens how many tokens to add, non-negative
   * @param temperature 0 for greedy decoding, or positive
   * @param generator the source of the draws (unused when greedy)
   * @return [N, T + newTokens], the prompt and its continuation
   * @throws IllegalArgumentException if newTokens or temperature is negative, or as {@link
   *     #forward}
   */
  Tensor generate(Tensor prompt, int newTokens, double temperature, Generator generator) {
    if (newTokens < 0 || !(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(
          "Gpt.generate: need newTokens >= 0 and a finite temperature >= 0, got "
              + newTokens
              + " and "
              + temperature);
    }
    embed("Gpt.generate", prompt);
    boolean training = isTraining();
    eval();
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      Tensor seq = prompt;
      for (int i = 0; i < newTokens; i++) {
        int t = seq.size(1);
        Tensor window =
            t > config.context() ? seq.narrow(1, t - config.context(), config.context()) : seq;
        Tensor logits = forward(window).select(1, window.size(1) - 1); // [N, vocab]
        Tensor next =
            temperature == 0
                ? logits.argmax(-1, true)
                : Tensor.multinomial(logits.div(temperature).softmax(-1), 1, false, generator);
        seq = Tensor.cat(List.of(seq, next), 1);
      }
      return seq;
    } finally {
      train(training);
    }
  }

  private Tensor embed(String call, Tensor idx) {
    if (idx == null
        || idx.dtype() != DType.INT64
        || idx.dim() != 2
        || idx.size(1) < 1
        || idx.size(1) > config.context()) {
      throw new IllegalArgumentException(
          call
              + ": expected INT64 token ids [N, T] with T in [1, "
              + config.context()
              + "], got "
              + (idx == null ? "null" : idx.dtype() + " " + Arrays.toString(idx.shape())));
    }
    Tensor where = Tensor.arange(idx.size(1));
    return tokens.forward(idx).add(positions.forward(where));
  }
}
