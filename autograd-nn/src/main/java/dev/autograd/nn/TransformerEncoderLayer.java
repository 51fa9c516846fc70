package dev.autograd.nn;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.util.List;

/**
 * A transformer encoder layer, as {@code torch.nn.TransformerEncoderLayer}: self-attention and a
 * feed-forward block, each with dropout and a residual connection, and a layer norm after each
 * (post-norm) or before each ({@link TransformerOptions#normFirst}):
 *
 * <pre>
 * post-norm: x = norm1(x + sa(x)); x = norm2(x + ff(x))
 * pre-norm:  x = x + sa(norm1(x)); x = x + ff(norm2(x))
 * ff(x) = linear2(dropout(activation(linear1(x))))
 * </pre>
 *
 * <p>Children and parameter names as PyTorch's ({@code self_attn.in_proj_weight}, {@code
 * linear1.weight}, {@code norm2.bias}, ...). Masks as {@link MultiheadAttention}'s.
 */
public final class TransformerEncoderLayer extends Module {
  final MultiheadAttention selfAttn;
  final TransformerBlocks blocks;

  /**
   * A layer with PyTorch's defaults.
   *
   * @param dModel the size of each position's vector
   * @param nhead the number of attention heads, dividing dModel
   */
  public TransformerEncoderLayer(int dModel, int nhead) {
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
  public TransformerEncoderLayer(int dModel, int nhead, TransformerOptions options) {
    Arguments.requireNonNull("TransformerEncoderLayer", "options", options);
    Generator g = options.generatorOrGlobal();
    selfAttn =
        registerModule(
            "self_attn",
            new MultiheadAttention(dModel, nhead, options.dropout, true, options.batchFirst, g));
    blocks = new TransformerBlocks(this, dModel, options, 2);
  }

  /**
   * The layer without masks.
   *
   * @param src [T, N, d] ([N, T, d] with batchFirst)
   * @return the same shape
   * @throws TensorException if the shape does not fit
   */
  @Override
  public Tensor forward(Tensor src) {
    return forward(src, null, null);
  }

  /**
   * The layer with masks.
   *
   * @param src [T, N, d] ([N, T, d] with batchFirst)
   * @param srcMask [T, T]: BOOL true where attention is not allowed, or floating; or null
   * @param srcKeyPaddingMask [N, T]: BOOL true for padding; or null
   * @return the same shape as src
   * @throws TensorException if a shape does not fit
   */
  public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask) {
    Arguments.requireNonNull("TransformerEncoderLayer.forward", "src", src);
    Tensor x = src;
    if (blocks.normFirst) {
      x = x.add(attend(blocks.norm(0, x), srcMask, srcKeyPaddingMask));
      return x.add(blocks.feedForward(blocks.norm(1, x)));
    }
    x = blocks.norm(0, x.add(attend(x, srcMask, srcKeyPaddingMask)));
    return blocks.norm(1, x.add(blocks.feedForward(x)));
  }

  private Tensor attend(Tensor x, Tensor mask, Tensor padding) {
    return blocks.dropout(
        0, selfAttn.forwardWithWeights(x, x, x, padding, mask, false, true).output());
  }

  /**
   * PyTorch's {@code layer(src, src_mask, src_key_padding_mask)} through {@link #call(List)}.
   *
   * @param inputs src, then optionally srcMask and srcKeyPaddingMask (null for none)
   * @return [the output]
   * @throws TensorException if there are no inputs or more than three
   */
  @Override
  public List<Tensor> forward(List<Tensor> inputs) {
    List<Tensor> in =
        checkedInputs(
            "TransformerEncoderLayer.forward",
            inputs,
            1,
            2,
            "src, then the mask and the key padding mask");
    return List.of(forward(in.get(0), in.get(1), in.get(2)));
  }
}
