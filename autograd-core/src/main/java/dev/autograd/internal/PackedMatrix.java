package dev.autograd.internal;

import dev.autograd.DType;
import dev.autograd.Tensor;

/**
 * The right operand of many matrix products, packed once for the kernels: an LSTM multiplies every
 * step's state by the same W_hh^T (and in its backward pass every step's gradient by W_hh), and
 * packing the weight for each of those products cost as much as a third of them. For the library's
 * own modules; not API. Products are computed with recording off: the caller records them, if at
 * all, as part of an op of its own.
 */
public final class PackedMatrix {
  private final Tensor b;
  private final Gemm.PackedFloats packed;
  private final PlainKernels kernels;

  private PackedMatrix(Tensor b) {
    this.b = b;
    Kernels inUse = Kernels.get();
    boolean packs =
        b.dtype() == DType.FLOAT32
            && b.size(0) > 0
            && b.size(1) > 0
            && inUse instanceof PlainKernels;
    this.kernels = packs ? (PlainKernels) inUse : null;
    this.packed = packs ? Gemm.pack(kernels, view(b)) : null;
  }

  /**
   * B packed for products {@code a b}.
   *
   * @param b a matrix [k, m]
   * @return the packed matrix; one of another type than FLOAT32 is kept as it is
   */
  public static PackedMatrix of(Tensor b) {
    if (b.dim() != 2) throw new dev.autograd.TensorException("PackedMatrix.of: b must be a matrix");
    return new PackedMatrix(b);
  }

  /**
   * {@code a b}, a new tensor [n, m], not recorded: the bits of {@code a.matmul(b)}.
   *
   * @param a a matrix [n, k] of b's type
   * @return the product
   */
  public Tensor leftTimes(Tensor a) {
    if (packed == null || a.dtype() != DType.FLOAT32) return a.matmul(b);
    if (a.dim() != 2 || a.size(1) != b.size(0)) {
      throw new dev.autograd.TensorException(
          "PackedMatrix.leftTimes: a must be [n, " + b.size(0) + "]");
    }
    Tensor out = Tensor.zeros(DType.FLOAT32, a.size(0), b.size(1));
    StridedView left = view(a.contiguous());
    // where the product itself would not pack B, neither does this one, and it gives its bits
    if (!Gemm.packsB(left, view(b), view(out))) return a.matmul(b);
    Gemm.multiply(kernels, left, packed, view(out));
    return out;
  }

  private static StridedView view(Tensor t) {
    return new StridedView(TensorStorage.of(t), t.shape(), t.strides(), TensorStorage.offset(t));
  }
}
