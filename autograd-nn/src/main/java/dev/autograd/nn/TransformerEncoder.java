package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.util.List;
import java.util.function.Supplier;

/**
 * A stack of encoder layers, as {@code torch.nn.TransformerEncoder}: each layer's output is the
 * next one's input, with the same masks, then an optional final norm; children {@code layers.0},
 * {@code layers.1}, ... and {@code norm}, as PyTorch names them. PyTorch copies one layer; here
 * each layer is made by {@code layer} (so their initial weights differ; a state dict sets them).
 *
 * <pre>{@code
 * TransformerEncoder encoder = new TransformerEncoder(
 *     () -> new TransformerEncoderLayer(32, 4, TransformerOptions.defaults().dimFeedforward(64)), 2, null);
 * encoder.forward(Tensor.randn(10, 2, 32)).shape(); // [10, 2, 32]
 * }</pre>
 */
public final class TransformerEncoder extends Module {
  private final ModuleList layers;
  private final LayerNorm norm;

  /**
   * A stack of {@code numLayers} layers.
   *
   * @param layer makes each layer
   * @param numLayers at least 1
   * @param norm the final norm, or null
   * @throws TensorException if numLayers is less than 1
   */
  public TransformerEncoder(
      Supplier<TransformerEncoderLayer> layer, int numLayers, LayerNorm norm) {
    Arguments.requireNonNull("TransformerEncoder", "layer", layer);
    if (numLayers < 1) {
      throw new TensorException("TransformerEncoder: numLayers must be positive, got " + numLayers);
    }
    layers = registerModule("layers", new ModuleList());
    for (int i = 0; i < numLayers; i++) layers.add(layer.get());
    this.norm = norm == null ? null : registerModule("norm", norm);
  }

  /**
   * The stack without masks.
   *
   * @param src [T, N, d] ([N, T, d] with batchFirst layers)
   * @return the same shape
   */
  @Override
  public Tensor forward(Tensor src) {
    return forward(src, null, null);
  }

  /**
   * The stack with masks, given to every layer.
   *
   * @param src [T, N, d]
   * @param mask [T, T], or null
   * @param srcKeyPaddingMask [N, T], or null
   * @return the same shape as src
   * @throws TensorException if a shape does not fit
   */
  public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask) {
    Arguments.requireNonNull("TransformerEncoder.forward", "src", src);
    Tensor x = src;
    for (int i = 0; i < layers.size(); i++) {
      x = ((TransformerEncoderLayer) layers.get(i)).forward(x, mask, srcKeyPaddingMask);
    }
    return norm == null ? x : norm.forward(x);
  }

  /**
   * PyTorch's {@code encoder(src, mask, src_key_padding_mask)} through {@link #call(List)}.
   *
   * @param inputs src, then optionally mask and srcKeyPaddingMask
   * @return [the output]
   * @throws TensorException if there are no inputs or more than three
   */
  @Override
  public List<Tensor> forward(List<Tensor> inputs) {
    List<Tensor> in =
        checkedInputs(
            "TransformerEncoder.forward",
            inputs,
            1,
            2,
            "src, then the mask and the key padding mask");
    return List.of(forward(in.get(0), in.get(1), in.get(2)));
  }
}
