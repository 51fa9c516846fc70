package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.util.List;

/**
 * The connectionist temporal classification loss, as {@code torch.nn.CTCLoss(blank, reduction,
 * zero_infinity)}: see {@link Functional#ctcLoss}.
 *
 * <pre>{@code
 * CTCLoss ctc = new CTCLoss();
 * Tensor logProbs = Tensor.randn(12, 2, 5).logSoftmax(2);           // 12 steps, batch 2, 5 classes
 * Tensor targets = Tensor.of(new long[][] {{1, 2, 3}, {4, 4, 0}});  // padded labels
 * Tensor loss = ctc.forward(logProbs, targets, new long[] {12, 9}, new long[] {3, 2});
 * }</pre>
 */
public final class CTCLoss extends Module {
  private final int blank;
  private final Reduction reduction;
  private final boolean zeroInfinity;

  /** PyTorch's defaults: blank 0, the mean, infinite losses kept. */
  public CTCLoss() {
    this(0, Reduction.MEAN, false);
  }

  /**
   * The loss with PyTorch's options.
   *
   * @param blank the blank's class
   * @param reduction mean (each loss over its target length, then over the batch), sum or none
   * @param zeroInfinity whether impossible targets give 0 rather than infinity
   * @throws TensorException if blank is negative or reduction null
   */
  public CTCLoss(int blank, Reduction reduction, boolean zeroInfinity) {
    Arguments.requireNonNull("CTCLoss", "reduction", reduction);
    if (blank < 0) throw new TensorException("CTCLoss: blank must be non-negative, got " + blank);
    this.blank = blank;
    this.reduction = reduction;
    this.zeroInfinity = zeroInfinity;
  }

  /**
   * The loss.
   *
   * @param logProbs [T, N, C] log-probabilities
   * @param targets [N, S] padded labels, or their 1-D concatenation
   * @param inputLengths the steps of each sequence
   * @param targetLengths the labels of each sequence
   * @return the loss
   * @throws TensorException as {@link Functional#ctcLoss}
   */
  public Tensor forward(
      Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths) {
    return Functional.ctcLoss(
        logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
  }

  /**
   * PyTorch's {@code ctc(log_probs, targets, input_lengths, target_lengths)} through {@link
   * #call(List)}, the lengths as INT64 tensors.
   *
   * @param inputs logProbs, targets, inputLengths and targetLengths
   * @return [the loss]
   * @throws TensorException if there are not four inputs, or as {@link Functional#ctcLoss}
   */
  @Override
  public List<Tensor> forward(List<Tensor> inputs) {
    List<Tensor> in =
        checkedInputs(
            "CTCLoss.forward", inputs, 4, 0, "logProbs, targets, inputLengths and targetLengths");
    return List.of(forward(in.get(0), in.get(1), lengths(in.get(2)), lengths(in.get(3))));
  }

  private static long[] lengths(Tensor t) {
    double[] raw = t.contiguous().toDoubleArray();
    long[] out = new long[raw.length];
    for (int i = 0; i < raw.length; i++) out[i] = (long) raw[i];
    return out;
  }

  @Override
  protected String extraRepr() {
    return "";
  }
}
