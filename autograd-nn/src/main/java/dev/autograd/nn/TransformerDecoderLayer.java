package dev.autograd.nn;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.util.List;

/**
 * A transformer decoder layer, as {@code torch.nn.TransformerDecoderLayer}: self-attention over the
 * target, attention over the memory (the encoder's output) and a feed-forward block, each with
 * dropout and a residual connection, and a layer norm after each (post-norm) or before each ({@link
 * TransformerOptions#normFirst}):
 *
 * <pre>
 * post-norm: x = norm1(x + sa(x)); x = norm2(x + mha(x, memory)); x = norm3(x + ff(x))
 * pre-norm:  x = x + sa(norm1(x)); x = x + mha(norm2(x), memory); x = x + ff(norm3(x))
 * </pre>
 *
 * <p>Children and parameter names as PyTorch's ({@code self_attn.*}, {@code multihead_attn.*},
 * {@code linear1.*}, {@code norm3.*}, ...). Masks as {@link MultiheadAttention}'s.
 */
public final class TransformerDecoderLayer extends Module {
  private final MultiheadAttention selfAttn;
  private final MultiheadAttention crossAttn;
  private final TransformerBlocks blocks;

  /**
   * A layer with PyTorch's defaults.
   *
   * @param dModel the size of each position's vector
   * @param nhead the number of attention heads, dividing dModel
   */
  public TransformerDecoderLayer(int dModel, int nhead) {
    this(dModel, nhead, TransformerOptions.defaults());
  }

  /**
   * A layer with the given options.
   *
   * @param dModel the size of each position's vector
   * @param nhead the number of attention heads, dividing dModel
   * @param options feed-forward width, dropout, activation, eps, batchFirst, normFirst, generator
   * @throws TensorException if the sizes do not fit
   */
  public TransformerDecoderLayer(int dModel, int nhead, TransformerOptions options) {
    Arguments.requireNonNull("TransformerDecoderLayer", "options", options);
    Generator g = options.generatorOrGlobal();
    selfAttn =
        registerModule(
            "self_attn",
            new MultiheadAttention(dModel, nhead, options.dropout, true, options.batchFirst, g));
    crossAttn =
        registerModule(
            "multihead_attn",
            new MultiheadAttention(dModel, nhead, options.dropout, true, options.batchFirst, g));
    blocks = new TransformerBlocks(this, dModel, options, 3);
  }

  /**
   * The layer with masks.
   *
   * @param tgt [T, N, d] ([N, T, d] with batchFirst)
   * @param memory [S, N, d] ([N, S, d] with batchFirst)
   * @param tgtMask [T, T] (BOOL true: not allowed, or floating), or null
   * @param memoryMask [T, S], or null
   * @param tgtKeyPaddingMask [N, T] (BOOL true: padding), or null
   * @param memoryKeyPaddingMask [N, S], or null
   * @return the same shape as tgt
   * @throws TensorException if a shape does not fit
   */
  public Tensor forward(
      Tensor tgt,
      Tensor memory,
      Tensor tgtMask,
      Tensor memoryMask,
      Tensor tgtKeyPaddingMask,
      Tensor memoryKeyPaddingMask) {
    Arguments.requireNonNull("TransformerDecoderLayer.forward", "tgt", tgt);
    Arguments.requireNonNull("TransformerDecoderLayer.forward", "memory", memory);
    Tensor x = tgt;
    if (blocks.normFirst) {
      x = x.add(selfBlock(blocks.norm(0, x), tgtMask, tgtKeyPaddingMask));
      x = x.add(crossBlock(blocks.norm(1, x), memory, memoryMask, memoryKeyPaddingMask));
      return x.add(blocks.feedForward(blocks.norm(2, x)));
    }
    x = blocks.norm(0, x.add(selfBlock(x, tgtMask, tgtKeyPaddingMask)));
    x = blocks.norm(1, x.add(crossBlock(x, memory, memoryMask, memoryKeyPaddingMask)));
    return blocks.norm(2, x.add(blocks.feedForward(x)));
  }

  private Tensor selfBlock(Tensor x, Tensor mask, Tensor padding) {
    return blocks.dropout(
        0, selfAttn.forwardWithWeights(x, x, x, padding, mask, false, true).output());
  }

  private Tensor crossBlock(Tensor x, Tensor memory, Tensor mask, Tensor padding) {
    return blocks.dropout(
        1, crossAttn.forwardWithWeights(x, memory, memory, padding, mask, false, true).output());
  }

  /**
   * PyTorch's {@code layer(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask,
   * memory_key_padding_mask)} through {@link #call(List)}.
   *
   * @param inputs tgt and memory, then optionally the four masks (null for none)
   * @return [the output]
   * @throws TensorException if there are fewer than two inputs or more than six
   */
  @Override
  public List<Tensor> forward(List<Tensor> inputs) {
    List<Tensor> in =
        checkedInputs(
            "TransformerDecoderLayer.forward",
            inputs,
            2,
            4,
            "tgt and memory, then up to four masks");
    return List.of(forward(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), in.get(5)));
  }
}
