package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The composite ops of {@link Tensor}: each is built on the primitives of {@link Primitives} (or on
 * other composites), so its derivative and its forward-mode tangent follow from theirs, and its
 * result is named after the op the user called ({@code named("SoftmaxBackward")}), as PyTorch names
 * it. The other composites are the losses ({@link Functional}), var and logsumexp ({@link
 * ReduceOps}), select ({@link ShapeOps}), matmul's dispatch ({@link MatmulOps}), the indexing and
 * ordering ops ({@link IndexOps}), and the ops of a tensor and a number that are not primitives
 * ({@link PointwiseOps}).
 */
final class Composites {
  private Composites() {}

  /** gelu(x) = x/2 (1 + erf(x / sqrt 2)), PyTorch's exact form. */
  static Tensor gelu(Tensor x) {
    return x.mul(0.5).mul(x.mul(1 / Math.sqrt(2)).erf().add(1)).named("GeluBackward");
  }

  /** gelu, exact ("none") or x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) ("tanh"). */
  static Tensor gelu(Tensor x, String approximate) {
    if ("none".equals(approximate)) return gelu(x);
    if (!"tanh".equals(approximate)) {
      throw new TensorException(
          "gelu: approximate must be \"none\" or \"tanh\", got "
              + (approximate == null ? "null" : "\"" + approximate + "\""));
    }
    Tensor inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(0.5).mul(inner.tanh().add(1)).named("GeluBackward");
  }

  /** silu(x) = x sigmoid(x). */
  static Tensor silu(Tensor x) {
    return x.mul(x.sigmoid()).named("SiluBackward");
  }

  /** elu(x) = x for x > 0, alpha (e^x - 1) else. */
  static Tensor elu(Tensor x, double alpha) {
    // NOTE: e^min(x, 0): where passes no gradient to the branch it does not take, but e^x of a
    // large x would be infinite there, and 0 * inf is NaN.
    Tensor negative = x.clampMax(0).exp().sub(1).mul(alpha);
    return Tensor.where(x.gt(0), x, negative).named("EluBackward");
  }

  /**
   * The vector p-norm over {@code dims} (all of them when empty), as PyTorch's {@code
   * linalg.vector_norm}: the L2 norm's primitive for p = 2, the largest or smallest |x| for p =
   * +-inf, the count of non-zero elements for p = 0, and {@code (sum |x|^p)^(1/p)} otherwise, with
   * PyTorch's gradient 0 at zero elements and where the norm is 0.
   */
  static Tensor norm(Tensor x, double p, int[] dims, boolean keepDim) {
    if (Double.isNaN(p)) throw new TensorException("norm: p must be a number, got NaN");
    ReduceOps.requireFloating("norm", x);
    if (p == 2) return ReduceOps.norm(x, dims, keepDim);
    Tensor a = x.abs();
    if (p == 1) return ReduceOps.sum(a, dims, keepDim);
    if (Double.isInfinite(p)) return ReduceOps.extreme("norm", a, dims, keepDim, p > 0);
    Tensor zero = Tensor.scalar(0, x.dtype());
    Tensor isZero = a.eq(0);
    if (p == 0) {
      // The count does not depend on the values: a where that never takes x keeps x in the graph
      // with gradient 0, as PyTorch's result requires grad.
      Tensor counted = Tensor.where(isZero, zero, Tensor.scalar(1, x.dtype()));
      Tensor never = Tensor.zeros(DType.BOOL);
      return ReduceOps.sum(Tensor.where(never, x, counted), dims, keepDim);
    }
    // NOTE: where(x == 0, ...) twice: |x|^p of a zero element is 0 (or inf for p < 0) with
    // gradient 0, where pow's derivative p |x|^(p-1) would be inf or NaN there.
    Tensor safeA = Tensor.where(isZero, Tensor.onesLike(a), a);
    Tensor atZero = p > 0 ? zero : Tensor.scalar(Double.POSITIVE_INFINITY, x.dtype());
    Tensor s = ReduceOps.sum(Tensor.where(isZero, atZero, safeA.pow(p)), dims, keepDim);
    if (p < 0) return s.pow(1 / p); // s is never 0 but over no elements: inf^(1/p) = 0 is safe
    Tensor sZero = s.eq(0);
    Tensor safeS = Tensor.where(sZero, Tensor.onesLike(s), s);
    return Tensor.where(sZero, zero, safeS.pow(1 / p));
  }

  /** e^(x - max) / sum(e^(x - max)) along dim: the max is a constant shift, so it is detached. */
  static Tensor softmax(Tensor x, int dim) {
    int d = x.wrapDim("softmax", dim);
    if (SoftmaxOps.applies(x, d)) return SoftmaxOps.softmax(x);
    Tensor shifted = x.sub(ReduceOps.stableShift(x, new int[] {dim}));
    Tensor e = shifted.exp();
    return e.div(e.sum(dim, true)).named("SoftmaxBackward");
  }

  /**
   * {@code (x - max) - log(sum(e^(x - max)))} along dim. NOTE: not {@code x - logsumexp(x)}: that
   * subtracts a logsumexp rounded at the magnitude of the largest logit, which in float32 loses up
   * to half a step of it, where x - max is exact.
   */
  static Tensor logSoftmax(Tensor x, int dim) {
    int d = x.wrapDim("logSoftmax", dim);
    if (SoftmaxOps.applies(x, d)) return SoftmaxOps.logSoftmax(x);
    int[] dims = {dim};
    Tensor shifted = x.sub(ReduceOps.stableShift(x, dims));
    Tensor logSum = ReduceOps.sum(shifted.exp(), dims, true).log();
    return shifted.sub(logSum).named("LogSoftmaxBackward");
  }

  /** The dims startDim..endDim merged into one: a reshape. */
  static Tensor flatten(Tensor x, int startDim, int endDim) {
    int s = x.wrapDim("flatten", startDim);
    int e = x.wrapDim("flatten", endDim);
    if (x.dim() == 0) return x.reshape(1);
    if (s > e)
      throw new TensorException("flatten: startDim " + startDim + " comes after endDim " + endDim);
    int[] shape = x.shape;
    int[] out = new int[shape.length - (e - s)];
    int k = 0;
    for (int d = 0; d < s; d++) out[k++] = shape[d];
    int merged = 1;
    for (int d = s; d <= e; d++) merged *= shape[d];
    out[k++] = merged;
    for (int d = e + 1; d < shape.length; d++) out[k++] = shape[d];
    return x.reshape(out);
  }

  /** Two dims swapped: a permute. */
  static Tensor transpose(Tensor x, int dim0, int dim1) {
    int a = x.wrapDim("transpose", dim0);
    int b = x.wrapDim("transpose", dim1);
    int[] order = new int[Math.max(x.dim(), 0)];
    for (int d = 0; d < order.length; d++) order[d] = d;
    if (order.length > 0) {
      order[a] = b;
      order[b] = a;
    }
    return x.permute(order).named("TransposeBackward");
  }

  /** Every dim of size 1 removed: a view. */
  static Tensor squeeze(Tensor x) {
    int count = 0;
    for (int s : x.shape) if (s != 1) count++;
    int[] out = new int[count];
    int k = 0;
    for (int s : x.shape) if (s != 1) out[k++] = s;
    return ShapeOps.reshape(x, out, true).named("SqueezeBackward");
  }

  /** Dim {@code dim} removed if its size is 1: a view. */
  static Tensor squeeze(Tensor x, int dim) {
    int[] shape = x.shape;
    int d = x.wrapDim("squeeze", dim);
    if (x.dim() == 0 || shape[d] != 1) return ShapeOps.reshape(x, shape, true);
    int[] out = new int[shape.length - 1];
    for (int i = 0, k = 0; i < shape.length; i++) if (i != d) out[k++] = shape[i];
    return ShapeOps.reshape(x, out, true).named("SqueezeBackward");
  }

  /** A dim of size 1 inserted at {@code dim}: a view. */
  static Tensor unsqueeze(Tensor x, int dim) {
    int[] shape = x.shape;
    int d = dim < 0 ? dim + shape.length + 1 : dim;
    if (d < 0 || d > shape.length) {
      throw new TensorException(
          "unsqueeze: dimension out of range (expected to be in range of ["
              + (-shape.length - 1)
              + ", "
              + shape.length
              + "], but got "
              + dim
              + ") for a tensor of shape "
              + Shapes.format(shape));
    }
    int[] out = new int[shape.length + 1];
    for (int i = 0, k = 0; i < out.length; i++) out[i] = i == d ? 1 : shape[k++];
    return ShapeOps.reshape(x, out, true).named("UnsqueezeBackward");
  }

  /** The tensors joined along a new dim: each unsqueezed there, then cat. */
  static Tensor stack(List<Tensor> tensors, int dim) {
    if (Arguments.requireNoNulls("stack", "tensors", tensors).isEmpty())
      throw new TensorException("stack: expects a non-empty list of tensors");
    List<Tensor> expanded = new ArrayList<>();
    int[] first = tensors.get(0).shape;
    if (dim < -first.length - 1 || dim > first.length) {
      throw new TensorException(
          "stack: dimension out of range (expected to be in range of ["
              + (-first.length - 1)
              + ", "
              + first.length
              + "], but got "
              + dim
              + ") for tensors of shape "
              + Shapes.format(first));
    }
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      if (!Arrays.equals(t.shape, first)) {
        throw new TensorException(
            "stack: expects each tensor to be equal size, but got "
                + Shapes.format(first)
                + " at entry 0 and "
                + Shapes.format(t.shape)
                + " at entry "
                + i);
      }
      expanded.add(t.unsqueeze(dim));
    }
    return Tensor.cat(expanded, dim < 0 ? dim + first.length + 1 : dim).named("StackBackward");
  }

  /** The transpose of a matrix; a 1-D or 0-d tensor as it is. */
  static Tensor t(Tensor x) {
    if (x.dim() > 2) {
      throw new TensorException(
          "t: expects a tensor with <= 2 dims, but got shape " + Shapes.format(x.shape));
    }
    return x.dim() < 2 ? x : ShapeOps.transposeMatrix(x);
  }
}
