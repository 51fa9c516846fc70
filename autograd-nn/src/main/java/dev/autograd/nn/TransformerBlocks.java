package dev.autograd.nn;

import dev.autograd.Generator;
import dev.autograd.Tensor;

/**
 * The parts the transformer layers share, registered on the layer in PyTorch's order: {@code
 * linear1}, {@code dropout}, {@code linear2}, {@code norm1..k}, {@code dropout1..k}.
 */
final class TransformerBlocks {
  final boolean normFirst;
  private final Linear linear1;
  private final Linear linear2;
  private final Dropout dropout;
  private final LayerNorm[] norms;
  private final Dropout[] dropouts;
  private final boolean gelu;

  TransformerBlocks(Module layer, int dModel, TransformerOptions options, int count) {
    Generator g = options.generatorOrGlobal();
    this.normFirst = options.normFirst;
    this.gelu = options.activation.equals("gelu");
    linear1 = layer.registerModule("linear1", new Linear(dModel, options.dimFeedforward, true, g));
    dropout = layer.registerModule("dropout", new Dropout(options.dropout, g));
    linear2 = layer.registerModule("linear2", new Linear(options.dimFeedforward, dModel, true, g));
    norms = new LayerNorm[count];
    dropouts = new Dropout[count];
    for (int k = 0; k < count; k++) {
      norms[k] =
          layer.registerModule(
              "norm" + (k + 1), new LayerNorm(new int[] {dModel}, options.layerNormEps, true));
    }
    for (int k = 0; k < count; k++) {
      dropouts[k] = layer.registerModule("dropout" + (k + 1), new Dropout(options.dropout, g));
    }
  }

  Tensor norm(int k, Tensor x) {
    return norms[k].forward(x);
  }

  Tensor dropout(int k, Tensor x) {
    return dropouts[k].forward(x);
  }

  /** {@code dropout_last(linear2(dropout(activation(linear1(x)))))}. */
  Tensor feedForward(Tensor x) {
    Tensor hidden = linear1.forward(x);
    hidden = gelu ? hidden.gelu() : hidden.relu();
    return dropouts[dropouts.length - 1].forward(linear2.forward(dropout.forward(hidden)));
  }
}
