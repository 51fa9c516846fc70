package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.util.List;
import java.util.function.Supplier;

/**
 * A stack of decoder layers, as {@code torch.nn.TransformerDecoder}: each layer attends to the same
 * memory with the same masks, then an optional final norm; children {@code layers.0}, ... and
 * {@code norm}, as PyTorch names them. Each layer is made by {@code layer} (see {@link
 * TransformerEncoder}).
 */
public final class TransformerDecoder extends Module {
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
  public TransformerDecoder(
      Supplier<TransformerDecoderLayer> layer, int numLayers, LayerNorm norm) {
    Arguments.requireNonNull("TransformerDecoder", "layer", layer);
    if (numLayers < 1) {
      throw new TensorException("TransformerDecoder: numLayers must be positive, got " + numLayers);
    }
    layers = registerModule("layers", new ModuleList());
    for (int i = 0; i < numLayers; i++) layers.add(layer.get());
    this.norm = norm == null ? null : registerModule("norm", norm);
  }

  /**
   * The stack with masks, given to every layer.
   *
   * @param tgt [T, N, d]
   * @param memory [S, N, d]
   * @param tgtMask [T, T], or null
   * @param memoryMask [T, S], or null
   * @param tgtKeyPaddingMask [N, T], or null
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
    Arguments.requireNonNull("TransformerDecoder.forward", "tgt", tgt);
    Arguments.requireNonNull("TransformerDecoder.forward", "memory", memory);
    Tensor x = tgt;
    for (int i = 0; i < layers.size(); i++) {
      x =
          ((TransformerDecoderLayer) layers.get(i))
              .forward(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
    }
    return norm == null ? x : norm.forward(x);
  }

  /**
   * PyTorch's {@code decoder(tgt, memory, ...)} through {@link #call(List)}.
   *
   * @param inputs tgt and memory, then optionally the four masks
   * @return [the output]
   * @throws TensorException if there are fewer than two inputs or more than six
   */
  @Override
  public List<Tensor> forward(List<Tensor> inputs) {
    List<Tensor> in =
        checkedInputs(
            "TransformerDecoder.forward", inputs, 2, 4, "tgt and memory, then up to four masks");
    return List.of(forward(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), in.get(5)));
  }
}
