package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Lookups in an embedding table, as PyTorch's {@code embedding} and {@code embedding_bag}: rows of
 * the weight taken with {@code indexSelect}, so that the weight's gradient is indexSelect's (the
 * upstream rows added at the indices), with the gradient stopped at the padding index and scaled by
 * the inverse frequencies where asked; bags reduce their rows with {@code indexAdd}, a mean or a
 * maximum.
 */
final class EmbeddingOps {
  private EmbeddingOps() {}

  static Tensor embedding(
      Tensor input,
      Tensor weight,
      Integer paddingIdx,
      Double maxNorm,
      double normType,
      boolean scaleGradByFreq) {
    String op = "embedding";
    Arguments.requireNonNull(op, "input", input);
    Arguments.requireNonNull(op, "weight", weight);
    requireWeight(op, weight);
    long[] indices = indices(op, input, weight);
    int pad = padding(op, paddingIdx, weight);
    if (maxNorm != null) renorm(weight, indices, maxNorm, normType);
    int d = weight.shape[1];
    Tensor index = Tensor.of(indices);
    Tensor out = weight.indexSelect(0, index);
    if (pad >= 0) {
      Tensor padded = index.eq(pad).reshape(indices.length, 1);
      out = Tensor.where(padded, out.detach(), out);
    }
    if (scaleGradByFreq) {
      // the value is out's; its gradient is divided by how often each row was looked up
      Tensor scale =
          Tensor.of(inverseCounts(indices, weight.shape[0]), weight.dtype(), indices.length, 1);
      Tensor frozen = out.detach();
      out = frozen.add(out.sub(frozen).mul(scale));
    }
    int[] shape = new int[input.dim() + 1];
    System.arraycopy(input.shape, 0, shape, 0, input.dim());
    shape[input.dim()] = d;
    return out.reshape(shape).named("EmbeddingBackward");
  }

  static Tensor embeddingBag(
      Tensor input,
      Tensor weight,
      Tensor offsets,
      String mode,
      Tensor perSampleWeights,
      boolean includeLastOffset,
      Integer paddingIdx) {
    String op = "embeddingBag";
    Arguments.requireNonNull(op, "input", input);
    Arguments.requireNonNull(op, "weight", weight);
    Arguments.requireNonNull(op, "mode", mode);
    requireWeight(op, weight);
    if (!mode.equals("sum") && !mode.equals("mean") && !mode.equals("max")) {
      throw new TensorException(
          op + ": mode has to be one of sum, mean or max, got '" + mode + "'");
    }
    if (perSampleWeights != null && !mode.equals("sum")) {
      throw new TensorException(
          op
              + ": per_sample_weights was not None. per_sample_weights is only supported for"
              + " mode='sum' (got mode='"
              + mode
              + "')");
    }
    long[] indices = indices(op, input, weight);
    int[] starts = bagStarts(op, input, offsets, includeLastOffset, indices.length);
    int bags = starts.length - 1;
    if (perSampleWeights != null && !java.util.Arrays.equals(perSampleWeights.shape, input.shape)) {
      throw new TensorException(
          op
              + ": per_sample_weights must have the shape of input "
              + Shapes.format(input.shape)
              + ", got "
              + Shapes.format(perSampleWeights.shape));
    }
    int pad = padding(op, paddingIdx, weight);
    int d = weight.shape[1];
    // the positions that count: all but the padding's
    List<Long> kept = new ArrayList<>();
    long[] bagOf = new long[indices.length];
    double[] counts = new double[bags];
    for (int b = 0; b < bags; b++) {
      for (int i = starts[b]; i < starts[b + 1]; i++) {
        bagOf[i] = b;
        if (indices[i] != pad) counts[b]++;
      }
    }
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] != pad) kept.add((long) i);
    }
    long[] keep = kept.stream().mapToLong(Long::longValue).toArray();
    Tensor at = Tensor.of(keep);
    long[] keptRows = new long[keep.length];
    long[] keptBags = new long[keep.length];
    for (int k = 0; k < keep.length; k++) {
      keptRows[k] = indices[(int) keep[k]];
      keptBags[k] = bagOf[(int) keep[k]];
    }
    Tensor picked = weight.indexSelect(0, Tensor.of(keptRows)); // the rows that count, [kept, d]
    Tensor bagIndex = Tensor.of(keptBags);
    Tensor out;
    if (mode.equals("max")) {
      List<Tensor> maxima = new ArrayList<>();
      int from = 0;
      for (int b = 0; b < bags; b++) {
        int size = (int) counts[b];
        maxima.add(
            size == 0
                ? Tensor.zeros(weight.dtype(), d)
                : picked.narrow(0, from, size).max(0, false).values());
        from += size;
      }
      out = bags == 0 ? Tensor.zeros(weight.dtype(), 0, d) : Tensor.stack(maxima, 0);
    } else {
      if (perSampleWeights != null) {
        Tensor w = perSampleWeights.reshape(-1).indexSelect(0, at).reshape(keep.length, 1);
        picked = picked.mul(w);
      }
      out = Tensor.zeros(weight.dtype(), bags, d).indexAdd(0, bagIndex, picked);
      if (mode.equals("mean")) {
        double[] divisors = new double[bags];
        for (int b = 0; b < bags; b++) divisors[b] = Math.max(counts[b], 1);
        out = out.div(Tensor.of(divisors, weight.dtype(), bags, 1));
      }
    }
    return out.named("EmbeddingBagBackward");
  }

  private static void requireWeight(String op, Tensor weight) {
    if (weight.dim() != 2) {
      throw new TensorException(
          op + ": 'weight' must be 2-D, got shape " + Shapes.format(weight.shape));
    }
  }

  /** The indices, flattened, checked as INT64 and against the weight's rows. */
  private static long[] indices(String op, Tensor input, Tensor weight) {
    if (input.dtype() != DType.INT64) {
      throw new TensorException(
          op
              + ": Expected tensor for argument #1 'indices' to have scalar type Long, but got "
              + input.dtype().pytorchName());
    }
    double[] raw = input.contiguous().toDoubleArray();
    long[] indices = new long[raw.length];
    int n = weight.shape[0];
    for (int i = 0; i < raw.length; i++) {
      long v = (long) raw[i];
      if (v < 0 || v >= n) {
        throw new TensorException(
            op
                + ": index "
                + v
                + " is out of range for a weight of "
                + n
                + " rows "
                + Shapes.format(weight.shape)
                + " (PyTorch: index out of range in self)");
      }
      indices[i] = v;
    }
    return indices;
  }

  /** The padding index in [0, n), or -1 for none; negative ones count from the end. */
  private static int padding(String op, Integer paddingIdx, Tensor weight) {
    if (paddingIdx == null) return -1;
    int n = weight.shape[0];
    if (paddingIdx >= n || paddingIdx < -n) {
      throw new TensorException(
          op + ": Padding_idx must be within num_embeddings, got " + paddingIdx + " for " + n);
    }
    return paddingIdx < 0 ? paddingIdx + n : paddingIdx;
  }

  /** 1 / (how often each position's row is looked up), for each position. */
  private static double[] inverseCounts(long[] indices, int rows) {
    int[] counts = new int[rows];
    for (long i : indices) counts[(int) i]++;
    double[] scale = new double[indices.length];
    for (int i = 0; i < indices.length; i++) scale[i] = 1.0 / counts[(int) indices[i]];
    return scale;
  }

  /**
   * PyTorch's {@code embedding_renorm_}: each row looked up whose p-norm exceeds maxNorm is scaled
   * in place, without recording, by {@code maxNorm / (norm + 1e-7)}.
   */
  private static void renorm(Tensor weight, long[] indices, double maxNorm, double normType) {
    Set<Long> unique = new LinkedHashSet<>();
    for (long i : indices) unique.add(i);
    if (unique.isEmpty()) return;
    Tensor rows = Tensor.of(unique.stream().mapToLong(Long::longValue).toArray());
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      Tensor selected = weight.indexSelect(0, rows);
      Tensor norms = selected.norm(normType, 1, true);
      Tensor scale =
          Tensor.where(
              norms.gt(maxNorm),
              Tensor.scalar(maxNorm, weight.dtype()).div(norms.add(1e-7)),
              Tensor.scalar(1, weight.dtype()));
      weight.indexCopy_(0, rows, selected.mul(scale));
    }
  }

  /**
   * Where each bag starts in the flattened input, and one past the last bag's end: a 2-D input's
   * rows, or a 1-D input cut at the offsets (with includeLastOffset, the last offset ends the last
   * bag).
   */
  private static int[] bagStarts(
      String op, Tensor input, Tensor offsets, boolean includeLastOffset, int n) {
    if (input.dim() == 2) {
      if (offsets != null) {
        throw new TensorException(
            op
                + ": if input is 2D, then offsets has to be None, as input is treated is a"
                + " mini-batch of fixed length sequences");
      }
      int bags = input.shape[0];
      int length = input.shape[1];
      int[] starts = new int[bags + 1];
      for (int b = 0; b <= bags; b++) starts[b] = b * length;
      return starts;
    }
    if (input.dim() != 1) {
      throw new TensorException(
          op + ": input has to be 1D or 2D Tensor, got shape " + Shapes.format(input.shape));
    }
    if (offsets == null) {
      throw new TensorException(op + ": offsets has to be a 1D Tensor for a 1D input, got null");
    }
    if (offsets.dim() != 1 || offsets.dtype() != DType.INT64) {
      throw new TensorException(
          op
              + ": offsets has to be a 1D INT64 tensor, got "
              + offsets.dtype().pytorchName()
              + " of shape "
              + Shapes.format(offsets.shape));
    }
    double[] raw = offsets.toDoubleArray();
    if (raw.length > 0 && raw[0] != 0) {
      throw new TensorException(
          op
              + ": offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start"
              + " from position 0. However, got "
              + (long) raw[0]);
    }
    int bags = includeLastOffset ? Math.max(raw.length - 1, 0) : raw.length;
    int[] starts = new int[bags + 1];
    for (int b = 0; b < bags; b++) starts[b] = (int) raw[b];
    starts[bags] = includeLastOffset && raw.length > 0 ? (int) raw[raw.length - 1] : n;
    for (int b = 0; b < bags; b++) {
      if (starts[b + 1] < starts[b] || starts[b + 1] > n) {
        throw new TensorException(
            op
                + ": offsets must be non-decreasing and at most the input's length "
                + n
                + ", got "
                + java.util.Arrays.toString(raw));
      }
    }
    return starts;
  }
}
