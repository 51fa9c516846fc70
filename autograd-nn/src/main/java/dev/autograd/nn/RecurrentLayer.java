package dev.autograd.nn;

import dev.autograd.ForwardAD;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link RNN}, {@link GRU} and {@link LSTM} share, as PyTorch's {@code RNNBase}: layers of
 * cells run over the time steps of a sequence, each layer reading the previous one's outputs, in
 * one or both directions; PyTorch's parameter names ({@code weight_ih_l0}, {@code
 * weight_hh_l1_reverse}, ...), shapes, gate order and initialisation (uniform in ±1/√hidden), so a
 * PyTorch state dict loads unchanged.
 *
 * <p>Inputs are [T, N, input] ([N, T, input] with batchFirst) or unbatched [T, input]; states are
 * [layers x directions, N, hidden] (or [layers x directions, hidden]), zeros when not given. With
 * {@code lengths}, sequence b has {@code lengths[b]} steps: its outputs past them are zeros and its
 * final states are those of its last step, in each direction (the backward direction starts at its
 * last step), as PyTorch gives for a packed sequence ({@code pack_padded_sequence}).
 */
public abstract class RecurrentLayer extends Module {
  /**
   * The outputs of a run: the last layer's outputs at every step, and each layer and direction's
   * final states.
   *
   * @param output [T, N, directions x hidden] ([N, T, ...] with batchFirst; [T, ...] unbatched)
   * @param hN the final hidden states, [layers x directions, N, hidden]
   * @param cN the LSTM's final cell states, of hN's shape; null for RNN and GRU
   */
  public record Result(Tensor output, Tensor hN, Tensor cN) {
    /**
     * Checks that the output and hN are given.
     *
     * @param output the outputs
     * @param hN the final hidden states
     * @param cN the final cell states, or null
     * @throws TensorException if output or hN is null
     */
    public Result {
      Arguments.requireNonNull("RecurrentLayer.Result", "output", output);
      Arguments.requireNonNull("RecurrentLayer.Result", "hN", hN);
    }
  }

  enum Kind {
    RNN_TANH(1),
    RNN_RELU(1),
    GRU(3),
    LSTM(4);

    final int gates;

    Kind(int gates) {
      this.gates = gates;
    }
  }

  final Kind kind;
  final int inputSize;
  final int hiddenSize;
  final RecurrentOptions options;
  private final int directions;
  private final Generator generator;

  RecurrentLayer(Kind kind, int inputSize, int hiddenSize, RecurrentOptions options) {
    String name = getClass().getSimpleName();
    Arguments.requireNonNull(name, "options", options);
    RecurrentSteps.checkSizes(name, inputSize, hiddenSize);
    this.kind = kind;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.options = options;
    this.directions = options.bidirectional ? 2 : 1;
    this.generator = options.generator != null ? options.generator : Generator.global();
    for (int layer = 0; layer < options.numLayers; layer++) {
      int in = layer == 0 ? inputSize : hiddenSize * directions;
      for (int d = 0; d < directions; d++) {
        String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
        RecurrentSteps.initialWeights(suffix, generator, kind.gates, hiddenSize, in, options.bias)
            .forEach(this::registerParameter);
      }
    }
  }

  private RecurrentSteps.Weights weights(int layer, int direction) {
    String suffix = "_l" + layer + (direction == 1 ? "_reverse" : "");
    return new RecurrentSteps.Weights(
        parameter("weight_ih" + suffix),
        parameter("weight_hh" + suffix),
        options.bias ? parameter("bias_ih" + suffix) : null,
        options.bias ? parameter("bias_hh" + suffix) : null);
  }

  /**
   * Runs the layers over the sequence.
   *
   * @param op the method the user called, for messages
   * @param input [T, N, input] ([N, T, input] with batchFirst) or unbatched [T, input]
   * @param h0 the initial hidden states, or null for zeros
   * @param c0 the LSTM's initial cell states (null for zeros; must be null for RNN and GRU)
   * @param lengths each sequence's number of steps, in [1, T], or null for all T
   * @return the outputs and final states
   * @throws TensorException if a shape or length is wrong
   */
  final Result run(String op, Tensor input, Tensor h0, Tensor c0, long[] lengths) {
    Arguments.requireNonNull(op, "input", input);
    boolean unbatched = input.dim() == 2;
    if ((input.dim() != 3 && !unbatched) || input.size(-1) != inputSize) {
      throw new TensorException(
          op
              + ": expected an input of shape [T, N, "
              + inputSize
              + "]"
              + (options.batchFirst ? " (batchFirst: [N, T, " + inputSize + "])" : "")
              + " or [T, "
              + inputSize
              + "], got "
              + Arrays.toString(input.shape()));
    }
    Tensor x = unbatched ? input.unsqueeze(1) : options.batchFirst ? input.transpose(0, 1) : input;
    int steps = x.size(0);
    int batch = x.size(1);
    int stacks = options.numLayers * directions;
    Tensor h = state(op, "h0", h0, unbatched, stacks, batch, x);
    Tensor c = kind == Kind.LSTM ? state(op, "c0", c0, unbatched, stacks, batch, x) : null;
    Tensor[] alive = masks(op, lengths, steps, batch, x);
    List<Tensor> finalH = new ArrayList<>();
    List<Tensor> finalC = new ArrayList<>();
    Tensor layerInput = x;
    for (int layer = 0; layer < options.numLayers; layer++) {
      List<Tensor> directionOutputs = new ArrayList<>();
      for (int d = 0; d < directions; d++) {
        RecurrentSteps.Weights w = weights(layer, d);
        Tensor hs = h.select(0, layer * directions + d);
        Tensor cs = c == null ? null : c.select(0, layer * directions + d);
        boolean reverse = d == 1;
        RecurrentSequence oneOp =
            ForwardAD.carriesTangent(layerInput, hs, cs, w.ih(), w.hh(), w.bih(), w.bhh())
                ? null
                : switch (kind) {
                  case LSTM -> new LstmSequence(hiddenSize, reverse, alive);
                  case GRU -> new GruSequence(hiddenSize, reverse, alive);
                  case RNN_TANH, RNN_RELU -> new RnnSequence(kind, hiddenSize, reverse, alive);
                };
        Tensor[] run =
            oneOp != null
                ? withNoCell(oneOp.applyAll(layerInput, hs, cs, w.ih(), w.hh(), w.bih(), w.bhh()))
                : RecurrentSteps.sequence(kind, w, layerInput, hs, cs, alive, reverse, hiddenSize);
        directionOutputs.add(run[0]);
        finalH.add(run[1]);
        if (run[2] != null) finalC.add(run[2]);
      }
      Tensor layerOutput =
          directions == 1 ? directionOutputs.get(0) : Tensor.cat(directionOutputs, -1);
      if (layer + 1 < options.numLayers && options.dropout > 0 && isTraining()) {
        Tensor keep = Tensor.rand(generator, layerOutput.shape()).ge(options.dropout);
        layerOutput = layerOutput.mul(keep).div(1 - options.dropout);
      }
      layerInput = layerOutput;
    }
    Tensor output = layerInput;
    Tensor hN = Tensor.stack(finalH, 0);
    Tensor cN = finalC.isEmpty() ? null : Tensor.stack(finalC, 0);
    if (unbatched) {
      output = output.squeeze(1);
      hN = hN.squeeze(1);
      if (cN != null) cN = cN.squeeze(1);
    } else if (options.batchFirst) {
      output = output.transpose(0, 1);
    }
    return new Result(output, hN, cN);
  }

  /** {output, hN, cN}, cN null for a one-op sequence without a cell state (the GRU's). */
  private static Tensor[] withNoCell(Tensor[] outputs) {
    return outputs.length == 3 ? outputs : new Tensor[] {outputs[0], outputs[1], null};
  }

  private Tensor state(
      String op, String what, Tensor given, boolean unbatched, int stacks, int batch, Tensor x) {
    int[] shape =
        unbatched ? new int[] {stacks, hiddenSize} : new int[] {stacks, batch, hiddenSize};
    if (given == null) return Tensor.zeros(x.dtype(), stacks, batch, hiddenSize);
    if (!Arrays.equals(given.shape(), shape)) {
      throw new TensorException(
          op
              + ": Expected hidden size "
              + Arrays.toString(shape)
              + " for "
              + what
              + ", got "
              + Arrays.toString(given.shape()));
    }
    return unbatched ? given.unsqueeze(1) : given;
  }

  /** For each step t, a BOOL [N, 1] of the sequences still running; null without lengths. */
  private static Tensor[] masks(String op, long[] lengths, int steps, int batch, Tensor x) {
    if (lengths == null) return null;
    if (lengths.length != batch) {
      throw new TensorException(
          op + ": expected " + batch + " lengths, one per sequence, got " + lengths.length);
    }
    for (long l : lengths) {
      if (l < 1 || l > steps) {
        throw new TensorException(
            op
                + ": each length must be in [1, "
                + steps
                + "] (the input's steps), got "
                + Arrays.toString(lengths));
      }
    }
    Tensor[] alive = new Tensor[steps];
    for (int t = 0; t < steps; t++) {
      double[] m = new double[batch];
      for (int b = 0; b < batch; b++) m[b] = t < lengths[b] ? 1 : 0;
      alive[t] = Tensor.of(m, dev.autograd.DType.BOOL, batch, 1);
    }
    return alive;
  }

  /**
   * PyTorch's {@code layer(input, hx)} through {@link #call(List)}: the input, then optionally the
   * initial state(s) (h0, and c0 for the LSTM; null entries for zeros).
   *
   * @param inputs the input and the initial states
   * @return [output, hN] (and cN for the LSTM)
   * @throws TensorException if the number of inputs is wrong, or as the run
   */
  @Override
  public List<Tensor> forward(List<Tensor> inputs) {
    String op = getClass().getSimpleName() + ".forward";
    int states = kind == Kind.LSTM ? 2 : 1;
    List<Tensor> in =
        checkedInputs(op, inputs, 1, states, "the input, then up to " + states + " initial states");
    Result r = run(op, in.get(0), in.get(1), states == 2 ? in.get(2) : null, null);
    return r.cN() == null ? List.of(r.output(), r.hN()) : List.of(r.output(), r.hN(), r.cN());
  }

  @Override
  protected String extraRepr() {
    StringBuilder s = new StringBuilder(inputSize + ", " + hiddenSize);
    if (options.numLayers != 1) s.append(", num_layers=").append(options.numLayers);
    if (kind == Kind.RNN_RELU) s.append(", nonlinearity=relu");
    if (!options.bias) s.append(", bias=False");
    if (options.batchFirst) s.append(", batch_first=True");
    if (options.dropout != 0) s.append(", dropout=").append(PyRepr.of(options.dropout));
    if (options.bidirectional) s.append(", bidirectional=True");
    return s.toString();
  }
}
