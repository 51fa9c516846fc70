package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The connectionist temporal classification loss, as PyTorch's {@code ctc_loss}: for each sequence,
 * minus the log of the sum over every alignment of its target (labels with blanks between and
 * around them, each repeated over consecutive steps) of the product of the step probabilities,
 * computed by the forward recursion over the extended target in log space. A composite of
 * indexSelect, logsumexp and where: its gradient follows from theirs.
 */
final class CtcOps {
  private CtcOps() {}

  /**
   * Stands for log 0 in the recursion: finite, so that the gradient of logsumexp over unreachable
   * states is 0 rather than 0 times NaN, and far below any reachable log-probability.
   */
  private static final double UNREACHABLE = -1e30;

  static Tensor ctcLoss(
      Tensor logProbs,
      Tensor targets,
      long[] inputLengths,
      long[] targetLengths,
      int blank,
      Reduction reduction,
      boolean zeroInfinity) {
    String op = "ctcLoss";
    Arguments.requireNonNull(op, "logProbs", logProbs);
    Arguments.requireNonNull(op, "targets", targets);
    Arguments.requireNonNull(op, "inputLengths", inputLengths);
    Arguments.requireNonNull(op, "targetLengths", targetLengths);
    Arguments.requireNonNull(op, "reduction", reduction);
    if (logProbs.dim() != 3 || !logProbs.dtype().isFloatingPoint()) {
      throw new TensorException(
          op
              + ": expected floating log-probabilities [T, N, C], got "
              + logProbs.dtype().pytorchName()
              + " of shape "
              + Shapes.format(logProbs.shape));
    }
    int steps = logProbs.shape[0];
    int batch = logProbs.shape[1];
    int classes = logProbs.shape[2];
    if (blank < 0 || blank >= classes) {
      throw new TensorException(
          op + ": blank must be in [0, " + classes + "), the classes, got " + blank);
    }
    if (inputLengths.length != batch || targetLengths.length != batch) {
      throw new TensorException(
          op
              + ": expected "
              + batch
              + " input and target lengths, one per sequence, got "
              + inputLengths.length
              + " and "
              + targetLengths.length);
    }
    long[][] labels = labels(op, targets, targetLengths, batch, classes, blank);
    List<Tensor> losses = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      long t = inputLengths[b];
      if (t < 0 || t > steps) {
        throw new TensorException(
            op
                + ": Expected input_lengths to have value at most "
                + steps
                + ", but got value "
                + t
                + " (and at least 0)");
      }
      losses.add(
          sequenceLoss(
              logProbs.select(1, b).narrow(0, 0, (int) t), labels[b], blank, zeroInfinity));
    }
    Tensor all = Tensor.stack(losses, 0);
    if (reduction == Reduction.MEAN) {
      double[] divisors = new double[batch];
      for (int b = 0; b < batch; b++) divisors[b] = Math.max(targetLengths[b], 1);
      return all.div(Tensor.of(divisors, all.dtype(), batch)).mean().named("CtcLossBackward");
    }
    return reduction.apply(all).named("CtcLossBackward");
  }

  /** Each sequence's labels, from [N, S] padded targets or their 1-D concatenation. */
  private static long[][] labels(
      String op, Tensor targets, long[] lengths, int batch, int classes, int blank) {
    double[] raw = targets.contiguous().toDoubleArray();
    long[][] labels = new long[batch][];
    int at = 0;
    for (int b = 0; b < batch; b++) {
      long l = lengths[b];
      boolean padded = targets.dim() == 2;
      int start = padded ? b * targets.shape[1] : at;
      if (l < 0 || (padded ? l > targets.shape[1] : start + l > raw.length)) {
        throw new TensorException(
            op
                + ": target length "
                + l
                + " of sequence "
                + b
                + " does not fit the targets of shape "
                + Shapes.format(targets.shape));
      }
      labels[b] = new long[(int) l];
      for (int i = 0; i < l; i++) {
        long y = (long) raw[start + i];
        if (y < 0 || y >= classes || y == blank) {
          throw new TensorException(
              op
                  + ": target "
                  + y
                  + " of sequence "
                  + b
                  + " must be a class in [0, "
                  + classes
                  + ") other than the blank "
                  + blank);
        }
        labels[b][i] = y;
      }
      at += (int) l;
    }
    return labels;
  }

  /** One sequence's loss from its log-probabilities [T, C] and labels. */
  private static Tensor sequenceLoss(Tensor lp, long[] labels, int blank, boolean zeroInfinity) {
    int l = labels.length;
    int size = 2 * l + 1;
    long[] extended = new long[size];
    Arrays.fill(extended, blank);
    for (int i = 0; i < l; i++) extended[2 * i + 1] = labels[i];
    int repeats = 0;
    for (int i = 1; i < l; i++) if (labels[i] == labels[i - 1]) repeats++;
    if (lp.shape[0] < l + repeats) {
      // no alignment fits: an infinite loss, or 0 with zeroInfinity, without gradient
      return Tensor.scalar(zeroInfinity ? 0 : Double.POSITIVE_INFINITY, lp.dtype());
    }
    Tensor emit = lp.indexSelect(1, Tensor.of(extended)); // [T, size]
    double[] start = new double[size];
    double[] skip = new double[size];
    for (int s = 0; s < size; s++) {
      start[s] = s < 2 ? 1 : 0;
      skip[s] = s >= 2 && extended[s] != blank && extended[s] != extended[s - 2] ? 1 : 0;
    }
    Tensor none = Tensor.scalar(UNREACHABLE, lp.dtype());
    Tensor canStart = Tensor.of(start, DType.BOOL, size);
    Tensor canSkip = Tensor.of(skip, DType.BOOL, size);
    Tensor alpha = Tensor.where(canStart, emit.select(0, 0), none);
    for (int t = 1; t < lp.shape[0]; t++) {
      Tensor fromPrevious = shifted(alpha, 1, none);
      Tensor fromSkip = Tensor.where(canSkip, shifted(alpha, 2, none), none);
      alpha =
          Tensor.stack(List.of(alpha, fromPrevious, fromSkip), 0)
              .logsumexp(0, false)
              .add(emit.select(0, t));
    }
    Tensor ends = size == 1 ? alpha : alpha.narrow(0, size - 2, 2);
    return ends.logsumexp(0, false).neg();
  }

  /** alpha moved k places to the right, the first k unreachable. */
  private static Tensor shifted(Tensor alpha, int k, Tensor none) {
    int size = alpha.shape[0];
    Tensor head = none.expand(Math.min(k, size));
    if (size <= k) return head;
    return Tensor.cat(List.of(head, alpha.narrow(0, 0, size - k)), 0);
  }
}
