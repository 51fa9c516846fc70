package dev.autograd;

/**
 * Cumulative sums along a dim: a primitive, since as a composite it would take a quadratic product.
 * Each running sum is accumulated in double, as PyTorch's CPU kernel accumulates floats, and stored
 * in the input's type.
 */
final class ScanOps {
  private ScanOps() {}

  static Tensor cumsum(Tensor x, int dim) {
    int d = x.dim() == 0 ? 0 : x.wrapDim("cumsum", dim);
    if (x.dim() == 0 && dim != 0 && dim != -1) x.wrapDim("cumsum", dim);
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
        double acc = 0;
        for (int k = 0; k < n; k++) {
          int at = (o * n + k) * inner + i;
          acc += v[at];
          out[at] = type == DType.FLOAT32 ? (float) acc : acc;
        }
      }
    }
    Tensor result = Tensor.of(out, type, shape);
    if (x.dim() == 0) result = result.reshape();
    if (!Primitive.active(x)) return result;
    return Primitives.CUMSUM.record(result, new Tensor[] {x}, d);
  }

  /** The derivative: each position gets the sum of the gradient from it to the end. */
  static Tensor reversedCumsum(Tensor g, int dim) {
    if (g.dim() == 0) return g;
    return g.flip(dim).cumsum(dim).flip(dim);
  }
}
