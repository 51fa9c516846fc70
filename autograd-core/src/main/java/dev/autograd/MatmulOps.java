package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.BinaryFn;
import dev.autograd.internal.Kernels;
import dev.autograd.internal.Shapes;
import dev.autograd.internal.StridedView;
import java.util.Arrays;

/**
 * Matrix products. The primitive is the batched product of [B, n, k] and [B, k, m]; matmul's rules
 * for 1-D operands and broadcast batch dims are built on it with views.
 */
final class MatmulOps {
  private MatmulOps() {}

  static Tensor matmul(Tensor a, Tensor b) {
    Arguments.requireNonNull("matmul", "other", b);
    if (a.dim() == 0 || b.dim() == 0) {
      throw new TensorException(
          "matmul: both arguments need at least 1 dimension, got shapes "
              + Shapes.format(a.shape)
              + " and "
              + Shapes.format(b.shape));
    }
    if (a.dtype() != b.dtype()) {
      // As PyTorch: a product of two types is refused, not promoted (a float64 operand into a
      // float32 model is usually a mistake, and promoting would hide it and double the work).
      throw new TensorException(
          "matmul: both arguments need the same dtype, got "
              + a.dtype().pytorchName()
              + " and "
              + b.dtype().pytorchName()
              + " (shapes "
              + Shapes.format(a.shape)
              + " and "
              + Shapes.format(b.shape)
              + "); convert one with to(dtype)");
    }
    int ka = a.shape[a.dim() - 1];
    int kb = b.dim() == 1 ? b.shape[0] : b.shape[b.dim() - 2];
    if (ka != kb) {
      throw new TensorException(
          "matmul: shapes "
              + Shapes.format(a.shape)
              + " and "
              + Shapes.format(b.shape)
              + " cannot be multiplied ("
              + ka
              + " columns in the first vs "
              + kb
              + " rows in the second)");
    }
    if (a.dim() == 2 && b.dim() == 2) {
      Shapes.checkedNumel("matmul", new int[] {a.shape[0], b.shape[1]});
      return mm(a, b);
    }
    if (a.dim() > 2 && b.dim() == 2) {
      // As PyTorch: the leading dims folded into the rows of one product, so that b's gradient is
      // one product too, not one per batch entry summed afterwards.
      int[] shape = a.shape.clone();
      shape[shape.length - 1] = b.shape[1];
      Shapes.checkedNumel("matmul", shape);
      return mm(a.reshape(-1, ka), b).reshape(shape);
    }
    boolean vectorA = a.dim() == 1;
    boolean vectorB = b.dim() == 1;
    Tensor ma = vectorA ? a.unsqueeze(0) : a; // [..., n, k]
    Tensor mb = vectorB ? b.unsqueeze(1) : b; // [..., k, m]
    int[] batchA = Arrays.copyOf(ma.shape, ma.dim() - 2);
    int[] batchB = Arrays.copyOf(mb.shape, mb.dim() - 2);
    int[] batch = Shapes.broadcast(batchA, batchB);
    if (batch == null) {
      throw new TensorException(
          "matmul: batch dims of shapes "
              + Shapes.format(a.shape)
              + " and "
              + Shapes.format(b.shape)
              + " cannot be broadcast together");
    }
    int n = ma.shape[ma.dim() - 2];
    int m = mb.shape[mb.dim() - 1];
    int batchSize = Shapes.checkedNumel("matmul", batch);
    Shapes.checkedNumel("matmul", concat(batch, n, ka));
    Shapes.checkedNumel("matmul", concat(batch, ka, m));
    Shapes.checkedNumel("matmul", concat(batch, n, m));
    Tensor a3 = ma.expand(concat(batch, n, ka)).reshape(batchSize, n, ka);
    Tensor b3 = mb.expand(concat(batch, ka, m)).reshape(batchSize, ka, m);
    Tensor out = bmm(a3, b3).reshape(concat(batch, n, m));
    if (vectorA) out = out.squeeze(-2);
    if (vectorB) out = out.squeeze(-1);
    // Named as PyTorch names the kernel it picks for each case.
    if (a.dim() == 2 && vectorB) return out.named("MvBackward");
    if (vectorA && vectorB) return out.named("DotBackward");
    return out;
  }

  private static int[] concat(int[] batch, int rows, int cols) {
    int[] s = Arrays.copyOf(batch, batch.length + 2);
    s[batch.length] = rows;
    s[batch.length + 1] = cols;
    return s;
  }

  /**
   * The product of two matrices, {@code out_ij = sum_l a_il b_lj}, as one recorded op. Derivative:
   * {@code grad @ b^T} for a and {@code a^T @ grad} for b.
   */
  static Tensor mm(Tensor a, Tensor b) {
    DType type = PointwiseOps.resultType(a, b);
    if (!type.isFloatingPoint()) type = DType.FLOAT32;
    int n = a.shape[0];
    int m = b.shape[1];
    Tensor out = Tensor.empty(type, new int[] {n, m});
    Kernels.get().matmul(a.view(), b.view(), out.view());
    if (!Primitive.active(a, b)) return out;
    return Primitives.MM.record(out, new Tensor[] {a, b}, null);
  }

  /**
   * {@code out = x @ w^T + b} for a matrix x [n, in], a weight w [out, in] and a bias b [out] or
   * [1] (or null), as one recorded op, as PyTorch's addmm: the kernel reads w transposed through
   * its strides, so no transposed tensor is made, and the bias is added into the product in place.
   * The caller checks the shapes and that the three share one floating-point type. Derivative:
   * {@code grad @ w} for x, {@code grad^T @ x} for w, and {@code grad} summed over rows for b.
   */
  static Tensor linear(Tensor x, Tensor w, Tensor b) {
    Tensor out = Tensor.empty(x.dtype(), new int[] {x.shape[0], w.shape[0]});
    Kernels.get().matmul(x.view(), transposed(w), out.view());
    if (b != null) addRowwise(out, b);
    if (!Primitive.active(x, w, b)) return out;
    if (b == null) return Primitives.LINEAR_NO_BIAS.record(out, new Tensor[] {x, w}, null);
    return Primitives.ADDMM.record(out, new Tensor[] {x, w, b}, b.shape);
  }

  /** out[i, j] += b[j] (or b[0] for a bias of one element), in place on a fresh matrix. */
  private static void addRowwise(Tensor out, Tensor b) {
    int rows = out.shape[0];
    int cols = out.shape[1];
    Kernels kernels = Kernels.get();
    if (b.numel() == cols && b.isContiguous()) {
      for (int i = 0; i < rows; i++) {
        kernels.binaryPacked(
            BinaryFn.ADD, out.storage, i * cols, b.storage, b.offset, out.storage, i * cols, cols);
      }
    } else {
      StridedView o = out.view();
      kernels.binary(BinaryFn.ADD, o, b.broadcastView(out.shape), o);
    }
  }

  /** A matrix seen transposed, [cols, rows], for the kernel. */
  private static StridedView transposed(Tensor t) {
    return new StridedView(
        t.storage,
        new int[] {t.shape[1], t.shape[0]},
        new int[] {t.strides[1], t.strides[0]},
        t.offset);
  }

  /**
   * {@code out[b] = a[b] @ b[b]}. Derivative: {@code grad @ b^T} for a and {@code a^T @ grad} for
   * b.
   */
  static Tensor bmm(Tensor a, Tensor b) {
    DType type = PointwiseOps.resultType(a, b);
    if (!type.isFloatingPoint()) type = DType.FLOAT32;
    Tensor out = Tensor.empty(type, new int[] {a.shape[0], a.shape[1], b.shape[2]});
    Kernels.get().matmul(a.view(), b.view(), out.view());
    if (!Primitive.active(a, b)) return out;
    return Primitives.BMM.record(out, new Tensor[] {a, b}, null);
  }
}
