package dev.autograd.internal;

/**
 * The numeric kernels every op calls: the one place a faster implementation (SIMD, blocked matmul,
 * threads) plugs in without touching the ops or the autograd engine.
 *
 * <p>All arguments are strided views; inputs of a two-argument kernel already have the output's
 * shape (broadcast dims have stride 0). Outputs may be any strided view of a storage and are
 * written in full; values are rounded to the output storage's type.
 */
public interface Kernels {

  /**
   * The implementation in use: the Vector API kernels when the JVM runs with {@code --add-modules
   * jdk.incubator.vector} (and {@code -Dautograd.vectorization=false} is not given), else the plain
   * Java ones. Chosen once, at first use, and logged once.
   */
  static Kernels get() {
    return KernelSelection.KERNELS;
  }

  /** The plain Java implementation, always available: the reference the others are tested on. */
  static Kernels plain() {
    return PlainKernels.INSTANCE;
  }

  /** A short name of the implementation: {@code "plain"} or {@code "vector"}. */
  String name();

  /** dst = src, converting types. Shapes must match. */
  void copy(StridedView src, StridedView dst);

  /** Every element of dst = value. */
  void fill(StridedView dst, double value);

  /** out = fn(x; p, q) element-wise. */
  void unary(UnaryFn fn, double p, double q, StridedView x, StridedView out);

  /** out = fn(a, b) element-wise. */
  void binary(BinaryFn fn, StridedView a, StridedView b, StridedView out);

  /**
   * {@link #unary} over packed ranges, {@code out[oo + i] = fn(x[xo + i]; p, q)} for i in [0, n):
   * the path of contiguous tensors, with no view to build (which matters for 0-d tensors).
   */
  void unaryPacked(UnaryFn fn, double p, double q, Storage x, int xo, Storage out, int oo, int n);

  /**
   * {@link #binary} over packed ranges of the same length: {@code out[oo + i] = fn(a[ao + i], b[bo
   * + i])}.
   */
  void binaryPacked(BinaryFn fn, Storage a, int ao, Storage b, int bo, Storage out, int oo, int n);

  /** out = cond != 0 ? a : b element-wise. */
  void where(StridedView cond, StridedView a, StridedView b, StridedView out);

  /**
   * Reduces each run of {@code groupSize} consecutive elements of x (in row-major order) to one
   * element of out. For MAX and MIN, {@code indices} (may be null) receives the position within the
   * group of the first extreme element; a NaN wins, as in PyTorch.
   */
  void reduce(ReduceFn fn, StridedView x, int groupSize, StridedView out, StridedView indices);

  /**
   * The sum of the n elements of s from {@code from} on, added as {@link #reduce} adds one group
   * (so with the same result).
   */
  double sumPacked(Storage s, int from, int n);

  /**
   * Batched matrix product: out[b] = a[b] * b[b] with a of shape [B, n, k], b of shape [B, k, m]
   * (or matrices: out = a * b with a [n, k], b [k, m] and out [n, m]) and out of shape [B, n, m]:
   * {@code out_bij = sum_l a_bil * b_blj}.
   */
  void matmul(StridedView a, StridedView b, StridedView out);

  /**
   * The element-wise part of one LSTM step for one row of {@code hidden} elements (PyTorch's fused
   * LSTM cell), from the gates' activations at {@code gates[go..]} in PyTorch's order i, f, g, o
   * ({@code hidden} elements each) and the cell state c:
   *
   * <pre>
   * c' = f c + i g,   t = tanh(c'),   h' = o t
   * </pre>
   *
   * written to {@code cNext}, {@code tanhCell}, and both {@code hNext} and {@code out}. All
   * storages are of one floating type.
   */
  void lstmCellForward(
      Storage gates,
      int go,
      Storage c,
      int co,
      Storage cNext,
      int cno,
      Storage tanhCell,
      int to,
      Storage hNext,
      int hno,
      Storage out,
      int oo,
      int hidden);

  /**
   * The derivative of {@link #lstmCellForward} for one row: from the gradients of the state after
   * the step (dh, dc) and of the step's output (dout), with the gates' activations, t = tanh(c')
   * and the cell state c before the step, the gates' pre-activation gradients (in the order i, f,
   * g, o) and the cell state's gradient before the step:
   *
   * <pre>
   * dh' = dh + dout,   dc' = dc + dh' o (1 - t^2)
   * di = dc' g i (1 - i),   df = dc' c f (1 - f),   dg = dc' i (1 - g^2),
   * do = dh' t o (1 - o),   dc_prev = dc' f
   * </pre>
   */
  void lstmCellBackward(
      Storage gates,
      int go,
      Storage tanhCell,
      int to,
      Storage c,
      int co,
      Storage dh,
      int dho,
      Storage dc,
      int dco,
      Storage dout,
      int douto,
      Storage gateGrads,
      int ggo,
      Storage dcPrev,
      int dpo,
      int hidden);

  /**
   * One Adam step of {@code n} parameters in place (PyTorch's {@code torch.optim.Adam} without
   * amsgrad), on packed ranges of one floating type: with g the gradient, m and v the moments, c
   * the bias correction of the second moment and s the step size ({@code lr} over the first
   * moment's bias correction),
   *
   * <pre>
   * m = m β1 + g (1 − β1),   v = v β2 + (g (1 − β2)) g,
   * p = p + (m / (√v / √c + ε)) · negStepSize     with negStepSize = −s
   * </pre>
   *
   * in that order, each operation rounded to the storage's type; for float32 the numbers (β1, 1 −
   * β1, β2, 1 − β2, √c, ε, negStepSize) are rounded to float first, as PyTorch's kernels take them
   * for a float tensor. No fused multiply-adds: every implementation gives the same bits.
   */
  void adamStep(
      Storage param,
      int po,
      Storage grad,
      int go,
      Storage expAvg,
      int mo,
      Storage expAvgSq,
      int vo,
      int n,
      double beta1,
      double beta2,
      double negStepSize,
      double biasCorrection2Sqrt,
      double eps);
}
