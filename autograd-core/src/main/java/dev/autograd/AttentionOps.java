package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;

/**
 * Scaled dot-product attention, as a composite of the matrix product, softmax and where: its
 * derivatives, of every order, follow from theirs.
 */
final class AttentionOps {
  private AttentionOps() {}

  static Tensor scaledDotProductAttention(
      Tensor q, Tensor k, Tensor v, Tensor mask, double dropoutP, boolean isCausal) {
    String op = "scaledDotProductAttention";
    Arguments.requireNonNull(op, "query", q);
    Arguments.requireNonNull(op, "key", k);
    Arguments.requireNonNull(op, "value", v);
    if (q.dim() < 2
        || k.dim() < 2
        || v.dim() < 2
        || q.size(-1) != k.size(-1)
        || k.size(-2) != v.size(-2)) {
      throw new TensorException(
          op
              + ": expected query [..., L, E], key [..., S, E] and value [..., S, Ev], got "
              + Shapes.format(q.shape)
              + ", "
              + Shapes.format(k.shape)
              + " and "
              + Shapes.format(v.shape));
    }
    if (isCausal && mask != null) {
      throw new TensorException(op + ": give either attnMask or isCausal, not both");
    }
    if (!(dropoutP >= 0 && dropoutP < 1)) {
      throw new TensorException(op + ": dropoutP must be in [0, 1), got " + dropoutP);
    }
    Tensor scores = q.matmul(k.transpose(-2, -1)).div(Math.sqrt(q.size(-1)));
    if (isCausal) {
      int l = q.size(-2);
      int s = k.size(-2);
      mask = Tensor.ones(DType.BOOL, l, s).tril(0);
    }
    if (mask != null) {
      if (mask.dtype() == DType.BOOL) {
        scores =
            Tensor.where(mask, scores, Tensor.scalar(Double.NEGATIVE_INFINITY, scores.dtype()));
      } else {
        scores = scores.add(mask.to(scores.dtype())); // the scores stay in the query's type
      }
    }
    Tensor weights = scores.softmax(-1);
    if (dropoutP > 0) {
      Tensor keep = Tensor.rand(weights.shape()).ge(dropoutP);
      weights = weights.mul(keep).div(1 - dropoutP);
    }
    return weights.matmul(v).named("ScaledDotProductAttentionBackward");
  }
}
