package dev.autograd;

import java.util.List;

/**
 * Cumulative sums and products along a dim: primitives, since as composites they would take a
 * quadratic product. Each running value is accumulated in double, as PyTorch's CPU kernel
 * accumulates floats, and stored in the input's type.
 */
final class ScanOps {
  private ScanOps() {}

  static Tensor cumsum(Tensor x, int dim) {
    return scan("cumsum", x, dim, false);
  }

  static Tensor cumprod(Tensor x, int dim) {
    return scan("cumprod", x, dim, true);
  }

  /** The running sums or products along {@code dim}, recorded as {@code op}'s primitive. */
  private static Tensor scan(String op, Tensor x, int dim, boolean product) {
    int d = x.dim() == 0 ? 0 : x.wrapDim(op, dim);
    if (x.dim() == 0 && dim != 0 && dim != -1) x.wrapDim(op, dim);
    DType type = x.dtype() == DType.BOOL ? DType.INT64 : x.dtype();
    Tensor xc = x.dim() == 0 ? x.reshape(1) : x.contiguous();
    int[] shape = xc.shape;
    int n = shape[d];
    int inner = 1;
    for (int k = d + 1; k < shape.length; k++) inner *= shape[k];
    int outer = n == 0 || inner == 0 ? 0 : xc.numel() / (n * inner);
    double[] v = xc.toDoubleArray();
    double[] out = new double[v.length];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        double acc = product ? 1 : 0;
        for (int k = 0; k < n; k++) {
          int at = (o * n + k) * inner + i;
          acc = product ? acc * v[at] : acc + v[at];
          out[at] = type == DType.FLOAT32 ? (float) acc : acc;
        }
      }
    }
    Tensor result = Tensor.of(out, type, shape);
    if (x.dim() == 0) result = result.reshape();
    if (!Primitive.active(x)) return result;
    return (product ? Primitives.CUMPROD : Primitives.CUMSUM).record(result, new Tensor[] {x}, d);
  }

  /** The derivative: each position gets the sum of the gradient from it to the end. */
  static Tensor reversedCumsum(Tensor g, int dim) {
    if (g.dim() == 0) return g;
    return g.flip(dim).cumsum(dim).flip(dim);
  }

  /**
   * cumprod's derivative. Without zeros, PyTorch's {@code reversedCumsum(result * grad) / self}.
   * With zeros, which that formula would divide by, the exact sum {@code grad_self[i] = E[i] *
   * sum_{k >= i} grad[k] * prod_{i < j <= k} self[j]}, {@code E[i] = prod_{j < i} self[j]} (the
   * exclusive running product): the products of each row are a cumprod of self with the entries up
   * to i replaced by 1, which takes a square [n, n] per lane but no division, and is a polynomial
   * in self, so its own derivative (double backward) is exact too. When no graph of the gradient is
   * recorded, PyTorch's O(n) form of the same values is taken instead ({@link
   * #cumprodBackwardOnce}).
   */
  static Tensor cumprodBackward(Tensor g, Tensor x, Tensor result, int dim) {
    if (x.dim() == 0 || x.shape[dim] <= 1) return g;
    if (!ReduceOps.containsZero(x)) return reversedCumsum(result.mul(g), dim).div(x);
    if (!GradMode.isEnabled()) return cumprodBackwardOnce(g, x, result, dim);
    int n = x.shape[dim];
    Tensor xl = x.transpose(dim, -1);
    Tensor gl = g.transpose(dim, -1);
    Tensor yl = result.transpose(dim, -1);
    Tensor rows = Tensor.arange(n).reshape(n, 1);
    Tensor cols = Tensor.arange(n).reshape(1, n);
    Tensor one = Tensor.scalar(1, x.dtype());
    // products[..., i, k] = prod_{i < j <= k} self[j] for k >= i (1 at k = i), 0 for k < i
    Tensor products = Tensor.where(rows.lt(cols), xl.unsqueeze(-2), one).cumprod(-1);
    products = Tensor.where(rows.le(cols), products, Tensor.scalar(0, x.dtype()));
    Tensor sums = products.mul(gl.unsqueeze(-2)).sum(-1);
    int[] oneShape = yl.shape.clone();
    oneShape[oneShape.length - 1] = 1;
    Tensor before =
        Tensor.cat(List.of(Tensor.ones(x.dtype(), oneShape), yl.narrow(-1, 0, n - 1)), -1);
    return before.mul(sums).transpose(dim, -1);
  }

  /**
   * cumprod's derivative with zeros in O(n) per lane, as PyTorch's when no graph is recorded: its
   * values are exact, its own derivative is not (it is constant in the elements after the first 0).
   * Before a lane's first 0, z, the division form is exact (the results from z on are 0); after z
   * every gradient is 0 (each product includes self[z]); at z it is {@code E[z] * sum_{z <= k < z2}
   * grad[k] * prod_{z < j <= k} self[j]}, z2 the second 0, the products a cumprod of self with 1
   * outside (z, z2).
   */
  private static Tensor cumprodBackwardOnce(Tensor g, Tensor x, Tensor result, int dim) {
    int n = x.shape[dim];
    Tensor zero = x.eq(0);
    Tensor zerosSoFar = zero.cumsum(dim);
    Tensor before = zerosSoFar.eq(0);
    Tensor none = Tensor.scalar(0, x.dtype());
    Tensor one = Tensor.scalar(1, x.dtype());
    Tensor tail = reversedCumsum(Tensor.where(before, result.mul(g), none), dim);
    Tensor beforeZero = Tensor.where(before, tail.div(Tensor.where(before, x, one)), none);
    Tensor sinceFirst = zerosSoFar.eq(1);
    Tensor firstZero = Tensor.where(zero, sinceFirst, zero);
    Tensor between = Tensor.where(firstZero, before, sinceFirst); // before is false there
    Tensor products = Tensor.where(between, x, one).cumprod(dim);
    Tensor sums = Tensor.where(sinceFirst, g, none).mul(products).sum(dim, true);
    int[] oneShape = x.shape.clone();
    oneShape[dim] = 1;
    Tensor exclusive =
        Tensor.cat(List.of(Tensor.ones(x.dtype(), oneShape), result.narrow(dim, 0, n - 1)), dim);
    return beforeZero.add(Tensor.where(firstZero, exclusive.mul(sums), none));
  }

  /**
   * cumprod's tangent, PyTorch's cumprod_jvp: {@code cumsum(t / self) * result} before the first 0
   * of each lane, and from it on the cumprod of self with t in place of that 0.
   */
  static Tensor cumprodTangent(Tensor t, Tensor x, Tensor result, int dim) {
    if (x.dim() == 0) return t;
    Tensor zero = x.eq(0);
    Tensor safe = Tensor.where(zero, Tensor.onesLike(x), x);
    Tensor generic = t.div(safe).cumsum(dim).mul(result);
    if (!ReduceOps.containsZero(x)) return generic;
    Tensor firstZero = Tensor.where(zero, zero.cumsum(dim).eq(1), zero);
    Tensor fromFirstZero = Tensor.where(firstZero, t, x).cumprod(dim);
    return Tensor.where(firstZero.cumsum(dim).ne(0), fromFirstZero, generic);
  }
}
