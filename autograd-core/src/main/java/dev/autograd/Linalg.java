package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.DenseLinalg;
import dev.autograd.internal.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Differentiable linear algebra, as PyTorch 1.13's {@code torch.linalg}: {@link #inv}, {@link
 * #solve}, {@link #det}, {@link #slogdet}, {@link #cholesky}, {@link #qr}, {@link #eigh}, {@link
 * #svd} and {@link #svdvals}. Every op takes a batch of matrices {@code [*, m, n]} (any number of
 * leading dims, 0-sized batches included) of float32 or float64; it computes in double and rounds
 * float32 results.
 *
 * <p>The kernels are plain Java ({@code LU} with partial pivoting, Cholesky, Householder QR, the
 * tridiagonal QL method for symmetric matrices, one-sided Jacobi for the SVD); the derivatives are
 * PyTorch's ({@code derivatives.yaml} and {@code FunctionsManual.cpp}), written in tensor ops so
 * that gradients can be differentiated again, and each op carries forward-mode tangents.
 *
 * <p>Conventions, as PyTorch's: {@link #eigh} returns eigenvalues ascending, {@link #svd} singular
 * values descending. Eigenvectors and singular vectors are defined only up to sign (and, for
 * repeated values, up to a rotation of their subspace); PyTorch's come from LAPACK and these from
 * other algorithms, so their signs may differ: compare sign-invariant quantities ({@code U S Vh},
 * {@code |U|}, {@code U U^T}, eigenvalues). {@link #qr} follows LAPACK's Householder reflectors, so
 * R's diagonal may be negative, as in PyTorch.
 *
 * <pre>{@code
 * Tensor a = Tensor.of(new double[][] {{4, 1}, {1, 3}}, DType.FLOAT64).requiresGrad(true);
 * Tensor x = Linalg.solve(a, Tensor.of(new double[] {1, 2}, DType.FLOAT64, 2));
 * Linalg.det(a).backward(); // a.grad() = det(a) a^-T = [[3, -1], [-1, 4]]
 * }</pre>
 */
public final class Linalg {
  private Linalg() {}

  /**
   * The result of {@link #slogdet}: {@code det(A) = sign * exp(logabsdet)}.
   *
   * @param sign 1, -1, or 0 for a singular matrix; not differentiable
   * @param logabsdet {@code log|det(A)|}, -inf for a singular matrix; differentiable
   */
  public record Slogdet(Tensor sign, Tensor logabsdet) {}

  /**
   * The result of {@link #qr}: {@code A = Q R}.
   *
   * @param q the orthonormal columns, [*, m, k] (reduced), [*, m, m] (complete) or an empty [0]
   *     tensor (mode "r")
   * @param r upper triangular, [*, k, n] (reduced, "r") or [*, m, n] (complete), k = min(m, n)
   */
  public record Qr(Tensor q, Tensor r) {}

  /**
   * The result of {@link #eigh}: {@code A = V diag(L) V^T}.
   *
   * @param eigenvalues L, ascending, [*, n]
   * @param eigenvectors V, orthonormal columns (column i for eigenvalue i), [*, n, n]
   */
  public record Eigh(Tensor eigenvalues, Tensor eigenvectors) {}

  /**
   * The result of {@link #svd}: {@code A = U diag(S) Vh}.
   *
   * @param u the left singular vectors as columns, [*, m, k] or [*, m, m] (full matrices)
   * @param s the singular values, descending, [*, k], k = min(m, n)
   * @param vh the right singular vectors as rows, [*, k, n] or [*, n, n] (full matrices)
   */
  public record Svd(Tensor u, Tensor s, Tensor vh) {}

  // ================================================================ checks

  /** A's batch of matrices: rank 2 or more, floating point, square when asked. */
  private static void checkMatrices(String op, Tensor a, boolean square) {
    String name = "A";
    Arguments.requireNonNull(op, "a", a);
    if (a.dim() < 2) {
      throw new TensorException(
          op
              + ": The input tensor "
              + name
              + " must have at least 2 dimensions (got shape "
              + Shapes.format(a.shape)
              + ").");
    }
    if (!a.dtype().isFloatingPoint()) {
      throw new TensorException(
          op
              + ": Expected a floating point tensor as input. Got "
              + a.dtype().pytorchName()
              + " (shape "
              + Shapes.format(a.shape)
              + ").");
    }
    int m = a.shape[a.dim() - 2];
    int n = a.shape[a.dim() - 1];
    if (square && m != n) {
      throw new TensorException(
          op
              + ": "
              + name
              + " must be batches of square matrices, but they are "
              + m
              + " by "
              + n
              + " matrices (shape "
              + Shapes.format(a.shape)
              + ").");
    }
  }

  /** "(Batch element 3): " for an input with batch dims, as PyTorch's messages; else "". */
  private static String batchElement(Tensor a, int b) {
    return a.dim() > 2 ? "(Batch element " + b + "): " : "";
  }

  // ================================================================ batches

  /** The leading (batch) dims of a batch of matrices. */
  static int[] batchShape(Tensor a) {
    return Arrays.copyOf(a.shape, a.dim() - 2);
  }

  private static int[] withMatrix(int[] batch, int rows, int cols) {
    int[] s = Arrays.copyOf(batch, batch.length + 2);
    s[batch.length] = rows;
    s[batch.length + 1] = cols;
    return s;
  }

  private static int[] withVector(int[] batch, int len) {
    int[] s = Arrays.copyOf(batch, batch.length + 1);
    s[batch.length] = len;
    return s;
  }

  /** A new tensor of the computed double values, rounded to {@code dtype} (0-d for shape []). */
  private static Tensor result(double[] values, DType dtype, int[] shape) {
    if (shape.length == 0) return Tensor.scalar(values[0], dtype);
    return Tensor.of(values, dtype, shape);
  }

  /** {@code A^T} of a batch of matrices: a view. */
  static Tensor mT(Tensor a) {
    return a.transpose(-2, -1);
  }

  /** The n×n identity of a's type. */
  private static Tensor eye(int n, DType dtype) {
    return Tensor.eye(n).to(dtype);
  }

  /** The diagonals of a batch of square matrices, [*, n], as a product with I and a sum. */
  static Tensor diagonal(Tensor x) {
    int n = x.shape[x.dim() - 1];
    return x.mul(eye(n, x.dtype())).sum(-1);
  }

  /** Batches of diagonal matrices from their diagonals v [*, n]: {@code v_i} at (i, i). */
  static Tensor diagEmbed(Tensor v) {
    int n = v.shape[v.dim() - 1];
    return v.unsqueeze(-1).mul(eye(n, v.dtype()));
  }

  // ================================================================ inv and solve

  /**
   * The inverse of each square matrix, as PyTorch's {@code torch.linalg.inv}: {@code A^-1}, by LU
   * with partial pivoting.
   *
   * <p>Derivative: {@code -A^-T grad A^-T}. Its accuracy is bounded by the condition number {@code
   * ||A|| ||A^-1||}: about {@code cond(A) * 1e-16} relative error in float64. To apply the inverse
   * to a right-hand side, {@link #solve} is cheaper and more accurate.
   *
   * <pre>{@code
   * Tensor a = Tensor.of(new double[][] {{2, 0}, {0, 4}});
   * Linalg.inv(a); // [[0.5, 0], [0, 0.25]]
   * }</pre>
   *
   * @param a [*, n, n], float32 or float64
   * @return [*, n, n]
   * @throws TensorException if a has fewer than 2 dims, is not square or not floating point, or a
   *     matrix is singular ("The diagonal element 2 is zero, the inversion could not be completed
   *     because the input matrix is singular.")
   */
  public static Tensor inv(Tensor a) {
    checkMatrices("linalg.inv", a, true);
    int n = a.shape[a.dim() - 1];
    Tensor identity = eye(n, a.dtype()).expand(a.shape);
    return solveMatrices("linalg.inv", a, identity).named("LinalgInvExBackward");
  }

  /**
   * The solution X of {@code A X = B} for each square matrix A, as PyTorch's {@code
   * torch.linalg.solve} (its {@code left=True}): by LU with partial pivoting.
   *
   * <p>B is a batch of vectors when it is 1-D, or when its shape is A's without the last dim
   * ({@code A [*, n, n]}, {@code B [*, n]}); otherwise a batch of matrices {@code [*, n, k]}, whose
   * batch dims broadcast with A's. X has B's form.
   *
   * <p>Derivatives: {@code gB = A^-T grad} for B and {@code -gB X^T} for A. The error of X is about
   * {@code cond(A)} times the rounding of the inputs.
   *
   * <pre>{@code
   * Tensor a = Tensor.of(new double[][] {{3, 1}, {1, 2}});
   * Linalg.solve(a, Tensor.of(new double[] {9, 8}, 2)); // [2, 3]
   * }</pre>
   *
   * @param a [*, n, n], float32 or float64
   * @param b [*, n] or [n] (vectors), or [*, n, k] (matrices), of a's type
   * @return X, of B's shape (with the broadcast batch dims)
   * @throws TensorException if the shapes or types do not fit, or a matrix is singular ("The solver
   *     failed because the input matrix is singular.")
   */
  public static Tensor solve(Tensor a, Tensor b) {
    String op = "linalg.solve";
    checkMatrices(op, a, true);
    Arguments.requireNonNull(op, "b", b);
    if (b.dim() < 1) {
      throw new TensorException(
          op
              + ": The input tensor B must have at least 2 dimensions (got shape "
              + Shapes.format(b.shape)
              + ").");
    }
    if (a.dtype() != b.dtype()) {
      throw new TensorException(
          op
              + ": Expected A and B to have the same dtype, but found A of type "
              + a.dtype().pytorchName()
              + " and B of type "
              + b.dtype().pytorchName()
              + " instead");
    }
    int n = a.shape[a.dim() - 1];
    boolean vector =
        b.dim() == 1
            || (b.dim() == a.dim() - 1 && Arrays.equals(b.shape, Arrays.copyOf(a.shape, b.dim())));
    Tensor bm = vector ? b.unsqueeze(-1) : b;
    int rows = bm.shape[bm.dim() - 2];
    int k = bm.shape[bm.dim() - 1];
    if (rows != n) {
      throw new TensorException(
          op
              + ": Incompatible shapes of A and B for the equation AX = B ("
              + n
              + "x"
              + n
              + " and "
              + rows
              + "x"
              + k
              + "; shapes "
              + Shapes.format(a.shape)
              + " and "
              + Shapes.format(b.shape)
              + ")");
    }
    int[] batch = Shapes.broadcast(batchShape(a), batchShape(bm));
    if (batch == null) {
      throw new TensorException(
          op
              + ": the batch dims of A "
              + Shapes.format(a.shape)
              + " and B "
              + Shapes.format(b.shape)
              + " cannot be broadcast together");
    }
    Tensor ae = a.expand(withMatrix(batch, n, n));
    Tensor be = bm.expand(withMatrix(batch, n, k));
    Tensor x = solveMatrices(op, ae, be);
    return (vector ? x.squeeze(-1) : x).named("LinalgSolveExBackward");
  }

  /**
   * {@code A^-1 B} for A [*, n, n] and B [*, n, k] of the same batch dims, as one recorded op
   * ({@link Primitives#LINALG_SOLVE}); {@code op} names the call in the messages.
   */
  static Tensor solveMatrices(String op, Tensor a, Tensor b) {
    int n = a.shape[a.dim() - 1];
    int k = b.shape[b.dim() - 1];
    int count = Shapes.numel(batchShape(a));
    double[] lu = a.toDoubleArray();
    double[] x = b.toDoubleArray();
    int[] piv = new int[n];
    for (int i = 0; i < count; i++) {
      int info = DenseLinalg.lu(lu, i * n * n, n, piv, 0);
      if (info != 0) {
        throw new TensorException(
            op.equals("linalg.inv")
                ? op
                    + ": "
                    + batchElement(a, i)
                    + "The diagonal element "
                    + info
                    + " is zero, the inversion could not be completed because the input matrix"
                    + " is singular."
                : "torch."
                    + op
                    + ": "
                    + batchElement(a, i)
                    + "The solver failed because the input matrix is singular.");
      }
      DenseLinalg.luSolve(lu, i * n * n, n, piv, 0, x, i * n * k, k, false);
    }
    Tensor out = result(x, a.dtype(), b.shape);
    if (!Primitive.active(a, b)) return out;
    return Primitives.LINALG_SOLVE.record(out, new Tensor[] {a, b}, null);
  }

  /** LINALG_SOLVE's derivative for A: {@code -(A^-T grad) X^T}. */
  static Tensor solveBackwardA(Tensor grad, Tensor a, Tensor x) {
    return solveMatrices("linalg.solve", mT(a), grad).matmul(mT(x)).neg();
  }

  /** LINALG_SOLVE's derivative for B: {@code A^-T grad}. */
  static Tensor solveBackwardB(Tensor grad, Tensor a) {
    return solveMatrices("linalg.solve", mT(a), grad);
  }

  // ================================================================ det and slogdet

  /** The LU factors of a batch of square matrices, kept for the derivatives of det and slogdet. */
  record Lu(double[] factors, int[] pivots, int n, int count) {
    static Lu of(Tensor a) {
      int n = a.shape[a.dim() - 1];
      int count = Shapes.numel(batchShape(a));
      double[] lu = a.toDoubleArray();
      int[] piv = new int[count * n];
      for (int i = 0; i < count; i++) DenseLinalg.lu(lu, i * n * n, n, piv, i * n);
      return new Lu(lu, piv, n, count);
    }

    /**
     * {@code d_b A_b^-T} for each batch element, from these factors, a zero pivot replaced by the
     * type's epsilon when {@code perturbSingular} (PyTorch's first-order det gradient: det is C^1,
     * so a nearby non-singular matrix stands in), else giving infinities and NaN.
     */
    Tensor scaledInverseTransposed(double[] d, DType dtype, int[] shape, boolean perturbSingular) {
      int count = d.length;
      double[] out = new double[count * n * n];
      double eps = dtype == DType.FLOAT64 ? 0x1p-52 : 0x1p-23;
      for (int b = 0; b < count; b++) {
        double[] f = Arrays.copyOfRange(factors, b * n * n, (b + 1) * n * n);
        if (perturbSingular) {
          for (int i = 0; i < n; i++) if (f[i * n + i] == 0) f[i * n + i] = eps;
        }
        for (int i = 0; i < n; i++) out[b * n * n + i * n + i] = d[b];
        DenseLinalg.luSolve(f, 0, n, pivots, b * n, out, b * n * n, n, true);
      }
      return result(out, dtype, shape);
    }
  }

  /**
   * The determinant of each square matrix, as PyTorch's {@code torch.linalg.det}: the product of
   * the pivots of LU with partial pivoting, with the sign of the row swaps.
   *
   * <p>Derivative: {@code grad * det * A^-T} (the cofactor matrix). For a singular matrix, as
   * PyTorch: a first-order gradient solves with a zero pivot replaced by machine epsilon (so an
   * exactly singular matrix gets {@code grad * 0 * (...) = 0}); when the gradient is itself
   * recorded ({@code createGraph}) and {@code |det| < 100 eps}, the cofactors come from the SVD,
   * {@code U diag(prod_{j != i} s_j) Vh det(U) det(Vh)}, which is differentiable there too.
   *
   * <p>The determinant over- and underflows easily (a 100×100 matrix with entries of 0.1 has det
   * ~1e-100): prefer {@link #slogdet} for likelihoods and volume terms.
   *
   * <pre>{@code
   * Linalg.det(Tensor.of(new double[][] {{1, 2}, {3, 4}})); // -2
   * }</pre>
   *
   * @param a [*, n, n], float32 or float64
   * @return [*]
   * @throws TensorException if a has fewer than 2 dims, is not square or not floating point
   */
  public static Tensor det(Tensor a) {
    checkMatrices("linalg.det", a, true);
    int[] batch = batchShape(a);
    Lu lu = Lu.of(a);
    int n = lu.n();
    double[] d = new double[lu.count()];
    for (int b = 0; b < d.length; b++)
      d[b] = DenseLinalg.det(lu.factors(), b * n * n, n, lu.pivots(), b * n);
    Tensor out = result(d, a.dtype(), batch);
    if (!Primitive.active(a)) return out;
    return Primitives.LINALG_DET.record(out, new Tensor[] {a}, lu);
  }

  /** LINALG_DET's derivative: PyTorch's {@code linalg_det_backward}, see {@link #det}. */
  static Tensor detBackward(Tensor grad, Tensor a, Tensor det, Lu lu) {
    if (a.numel() == 0) return Tensor.zeros(a.dtype(), a.shape);
    if (!GradMode.isEnabled()) {
      double[] g = grad.expand(det.shape).toDoubleArray();
      double[] dv = det.toDoubleArray();
      for (int b = 0; b < g.length; b++) g[b] *= dv[b];
      return lu.scaledInverseTransposed(g, a.dtype(), a.shape, true);
    }
    int n = a.shape[a.dim() - 1];
    double eps = a.dtype() == DType.FLOAT64 ? 0x1p-52 : 0x1p-23;
    int count = Shapes.numel(det.shape);
    Tensor as = a.reshape(count, n, n);
    Tensor ds = det.reshape(count);
    Tensor gs = grad.expand(det.shape).reshape(count);
    double[] dv = det.toDoubleArray();
    List<Tensor> parts = new ArrayList<>(count);
    for (int b = 0; b < count; b++) {
      Tensor ab = as.select(0, b);
      Tensor gb = gs.select(0, b);
      if (Math.abs(dv[b]) < 100 * eps) {
        Svd f = svd(ab, false);
        Tensor alpha = det(f.u()).mul(det(f.vh())).mul(gb);
        Tensor cofactors = productsOfTheOthers(f.s()).mul(alpha);
        parts.add(f.u().mul(cofactors.unsqueeze(-2)).matmul(f.vh()));
      } else {
        parts.add(
            solveMatrices("linalg.det", mT(ab), eye(n, a.dtype()).mul(gb.mul(ds.select(0, b)))));
      }
    }
    return Tensor.stack(parts, 0).reshape(a.shape);
  }

  /**
   * {@code out_i = prod_{j != i} s_j} of a vector, from prefix and suffix products (no division, so
   * zeros are fine): the derivative of the product, PyTorch's {@code prod_safe_zeros_backward}.
   */
  private static Tensor productsOfTheOthers(Tensor s) {
    int n = s.shape[0];
    Tensor[] before = new Tensor[n];
    Tensor[] after = new Tensor[n];
    Tensor one = Tensor.scalar(1, s.dtype());
    before[0] = one;
    for (int i = 1; i < n; i++) before[i] = before[i - 1].mul(s.select(0, i - 1));
    after[n - 1] = one;
    for (int i = n - 2; i >= 0; i--) after[i] = after[i + 1].mul(s.select(0, i + 1));
    List<Tensor> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(before[i].mul(after[i]));
    return Tensor.stack(out, 0);
  }

  /** The tangent of det: {@code <cofactors, dA> = det tr(A^-1 dA)}. */
  static Tensor detTangent(Tensor t, Tensor a, Tensor det, Lu lu) {
    Tensor cofactors = detBackward(Tensor.onesLike(det), a, det, lu);
    return cofactors.mul(t).sum(-1).sum(-1);
  }

  /**
   * The sign and the log of the absolute value of the determinant of each square matrix, as
   * PyTorch's {@code torch.linalg.slogdet}: from the pivots of LU, summing their logs, so it
   * neither overflows nor underflows where {@link #det} would.
   *
   * <p>Derivative of logabsdet: {@code grad * A^-T}; sign is not differentiable (its result does
   * not require grad). At a singular matrix logabsdet is -inf and its gradient infinite or NaN, as
   * PyTorch's.
   *
   * <pre>{@code
   * Linalg.Slogdet r = Linalg.slogdet(Tensor.of(new double[][] {{1, 2}, {3, 4}}));
   * r.sign(); // -1
   * r.logabsdet(); // log 2
   * }</pre>
   *
   * @param a [*, n, n], float32 or float64
   * @return sign [*] and logabsdet [*]
   * @throws TensorException if a has fewer than 2 dims, is not square or not floating point
   */
  public static Slogdet slogdet(Tensor a) {
    checkMatrices("linalg.slogdet", a, true);
    int[] batch = batchShape(a);
    Lu lu = Lu.of(a);
    int n = lu.n();
    double[] sign = new double[lu.count()];
    double[] log = new double[lu.count()];
    for (int b = 0; b < sign.length; b++) {
      double[] r = DenseLinalg.slogdet(lu.factors(), b * n * n, n, lu.pivots(), b * n);
      sign[b] = r[0];
      log[b] = r[1];
    }
    Tensor logabsdet = result(log, a.dtype(), batch);
    if (Primitive.active(a)) {
      logabsdet = Primitives.LINALG_SLOGDET.record(logabsdet, new Tensor[] {a}, lu);
    }
    return new Slogdet(result(sign, a.dtype(), batch), logabsdet);
  }

  /** LINALG_SLOGDET's derivative: {@code grad * A^-T}. */
  static Tensor slogdetBackward(Tensor grad, Tensor a, Lu lu) {
    if (a.numel() == 0) return Tensor.zeros(a.dtype(), a.shape);
    int[] batch = batchShape(a);
    if (!GradMode.isEnabled()) {
      return lu.scaledInverseTransposed(
          grad.expand(batch).toDoubleArray(), a.dtype(), a.shape, false);
    }
    int n = a.shape[a.dim() - 1];
    Tensor g = grad.expand(batch).unsqueeze(-1).unsqueeze(-1);
    return solveMatrices("linalg.slogdet", mT(a), eye(n, a.dtype()).mul(g));
  }

  /** The tangent of logabsdet: {@code tr(A^-1 dA)}. */
  static Tensor slogdetTangent(Tensor t, Tensor a, Tensor logabsdet, Lu lu) {
    return slogdetBackward(Tensor.onesLike(logabsdet), a, lu).mul(t).sum(-1).sum(-1);
  }

  // ================================================================ cholesky

  /**
   * The lower Cholesky factor of each symmetric positive-definite matrix: {@link #cholesky(Tensor,
   * boolean)} with {@code upper = false}.
   *
   * @param a [*, n, n], float32 or float64; only its lower triangle is read
   * @return L [*, n, n], lower triangular with a positive diagonal, {@code A = L L^T}
   * @throws TensorException as {@link #cholesky(Tensor, boolean)}
   */
  public static Tensor cholesky(Tensor a) {
    return cholesky(a, false);
  }

  /**
   * The Cholesky factor of each symmetric positive-definite matrix, as PyTorch's {@code
   * torch.linalg.cholesky}: L lower triangular with {@code A = L L^T} (reading A's lower triangle),
   * or with {@code upper} its transpose U, {@code A = U^T U} (reading A's upper triangle).
   *
   * <p>It is the cheapest and most stable factorisation of an SPD matrix (a covariance, a Gram or
   * kernel matrix): it needs no pivoting and fails exactly when the matrix is not numerically
   * positive definite; adding a small multiple of I ("jitter") is the usual remedy.
   *
   * <p>Derivative ({@code L} lower): {@code gA = L^-T Phi*(tril(L^T grad)) L^-1} with {@code
   * Phi*(X) = (X + X^T - diag(X)) / 2}, a symmetric gradient, as PyTorch's: it is the gradient for
   * symmetric perturbations of A, which is what a function of a symmetric matrix should see.
   *
   * <pre>{@code
   * Linalg.cholesky(Tensor.of(new double[][] {{4, 2}, {2, 5}})); // [[2, 0], [1, 2]]
   * }</pre>
   *
   * @param a [*, n, n], float32 or float64
   * @param upper whether to return U = L^T
   * @return [*, n, n]
   * @throws TensorException if a has fewer than 2 dims, is not square or not floating point, or a
   *     matrix is not positive definite ("The factorization could not be completed because the
   *     input is not positive-definite (the leading minor of order 2 is not positive-definite).")
   */
  public static Tensor cholesky(Tensor a, boolean upper) {
    String op = "linalg.cholesky";
    checkMatrices(op, a, true);
    if (upper) return mT(choleskyLower(op, mT(a))).named("LinalgCholeskyExBackward");
    return choleskyLower(op, a);
  }

  private static Tensor choleskyLower(String op, Tensor a) {
    int n = a.shape[a.dim() - 1];
    int count = Shapes.numel(batchShape(a));
    double[] l = a.toDoubleArray();
    for (int b = 0; b < count; b++) {
      int info = DenseLinalg.cholesky(l, b * n * n, n);
      if (info != 0) {
        throw new TensorException(
            op
                + ": "
                + batchElement(a, b)
                + "The factorization could not be completed because the input is not"
                + " positive-definite (the leading minor of order "
                + info
                + " is not positive-definite).");
      }
    }
    Tensor out = result(l, a.dtype(), a.shape);
    if (!Primitive.active(a)) return out;
    return Primitives.LINALG_CHOLESKY.record(out, new Tensor[] {a}, null);
  }

  /** LINALG_CHOLESKY's derivative, see {@link #cholesky(Tensor, boolean)}. */
  static Tensor choleskyBackward(Tensor grad, Tensor l) {
    Tensor x = mT(l).matmul(grad).tril(0);
    Tensor sym = x.add(mT(x.tril(-1))).mul(0.5);
    Tensor lInv = inv(l);
    return mT(lInv).matmul(sym).matmul(lInv);
  }

  /** LINALG_CHOLESKY's tangent: {@code dL = L Phi(L^-1 dA L^-T)}, Phi = tril, diagonal halved. */
  static Tensor choleskyTangent(Tensor t, Tensor l) {
    Tensor lInv = inv(l);
    Tensor x = lInv.matmul(t).matmul(mT(lInv));
    return l.matmul(x.tril(0).sub(diagEmbed(diagonal(x)).mul(0.5)));
  }

  // ================================================================ qr

  /**
   * The reduced QR decomposition: {@link #qr(Tensor, String)} with mode "reduced".
   *
   * @param a [*, m, n], float32 or float64
   * @return Q [*, m, k] and R [*, k, n], k = min(m, n)
   * @throws TensorException as {@link #qr(Tensor, String)}
   */
  public static Qr qr(Tensor a) {
    return qr(a, "reduced");
  }

  /**
   * The QR decomposition of each matrix, as PyTorch's {@code torch.linalg.qr}: {@code A = Q R} with
   * Q's columns orthonormal and R upper triangular, by Householder reflections (LAPACK's {@code
   * geqrf}, so R's diagonal may be negative, with PyTorch's signs). Modes: "reduced" (Q [*, m, k],
   * R [*, k, n], k = min(m, n)), "complete" (Q [*, m, m], R [*, m, n]) and "r" (R only; Q is an
   * empty tensor).
   *
   * <p>Derivatives, PyTorch's {@code linalg_qr_backward}: for m &ge; n, {@code gA = (gQ + Q
   * copyltu(triu(gR R^T - Q^T gQ))) R^-T} with {@code copyltu(X) = X + X^T - diag(X)}; for m &lt;
   * n, through the leading m×m block of R. As in PyTorch, mode "r" and mode "complete" with m &gt;
   * n are not differentiable (Q or its last columns are not determined by A): their backward
   * throws. Householder QR is backward stable whatever A's condition; R's diagonal is near 0 where
   * A's columns are nearly dependent, and the derivative divides by it.
   *
   * <pre>{@code
   * Linalg.Qr f = Linalg.qr(Tensor.of(new double[][] {{3, 1}, {4, 2}}), "reduced");
   * f.r(); // [[-5, -2.2], [0, 0.4]]
   * }</pre>
   *
   * @param a [*, m, n], float32 or float64
   * @param mode "reduced", "complete" or "r"
   * @return Q and R
   * @throws TensorException if a has fewer than 2 dims or is not floating point, or the mode is
   *     none of the three
   */
  public static Qr qr(Tensor a, String mode) {
    String op = "linalg.qr";
    checkMatrices(op, a, false);
    Arguments.requireNonNull(op, "mode", mode);
    if (!mode.equals("reduced") && !mode.equals("complete") && !mode.equals("r")) {
      throw new TensorException(
          op
              + ": qr received unrecognized mode '"
              + mode
              + "' but expected one of 'reduced' (default), 'r', or 'complete'");
    }
    int[] batch = batchShape(a);
    int m = a.shape[a.dim() - 2];
    int n = a.shape[a.dim() - 1];
    int k = Math.min(m, n);
    int qCols = mode.equals("complete") ? m : k;
    int rRows = mode.equals("complete") ? m : k;
    int count = Shapes.numel(batch);
    double[] work = a.toDoubleArray();
    double[] q = new double[count * m * qCols];
    double[] r = new double[count * rRows * n];
    double[] tau = new double[k];
    for (int b = 0; b < count; b++) {
      int off = b * m * n;
      DenseLinalg.householderQr(work, off, m, n, tau);
      for (int i = 0; i < Math.min(rRows, m); i++) {
        for (int j = i; j < n; j++) r[b * rRows * n + i * n + j] = work[off + i * n + j];
      }
      if (!mode.equals("r")) DenseLinalg.formQ(work, off, m, n, tau, q, b * m * qCols, qCols);
    }
    Tensor rt = result(r, a.dtype(), withMatrix(batch, rRows, n));
    Tensor qt =
        mode.equals("r")
            ? Tensor.zeros(a.dtype(), 0)
            : result(q, a.dtype(), withMatrix(batch, m, qCols));
    if (!Primitive.active(a)) return new Qr(qt, rt);
    QrFactors f = new QrFactors(qt, rt, mode);
    if (!mode.equals("r")) Primitives.LINALG_QR_Q.record(qt, new Tensor[] {a}, f);
    Primitives.LINALG_QR_R.record(rt, new Tensor[] {a}, f);
    return new Qr(qt, rt);
  }

  /** The outputs of one qr call, which the derivative of each needs. */
  record QrFactors(Tensor q, Tensor r, String mode) {}

  /**
   * PyTorch's {@code linalg_qr_backward} for the gradient of Q (gR null) or of R (gQ null); the two
   * add up to the gradient of both, as the rule is linear in them.
   */
  static Tensor qrBackward(Tensor gQ, Tensor gR, QrFactors f) {
    checkDifferentiable(f);
    Tensor q = f.q();
    Tensor r = f.r();
    int m = q.shape[q.dim() - 2];
    int n = r.shape[r.dim() - 1];
    Tensor g = gR != null ? gR.matmul(mT(r)) : mT(q).matmul(gQ).neg();
    if (m >= n) {
      Tensor x = g.triu(0);
      Tensor y = x.add(mT(x));
      y = y.sub(diagEmbed(diagonal(y)).mul(0.5));
      Tensor ga = q.matmul(y);
      if (gQ != null) ga = ga.add(gQ);
      return mT(solveMatrices("linalg.qr", r, mT(ga))); // ga R^-T
    }
    Tensor skew = g.neg().sub(mT(g.neg())).tril(0);
    Tensor ga = q.matmul(skew);
    Tensor r1 = r.narrow(-1, 0, m);
    ga = mT(solveMatrices("linalg.qr", r1, mT(ga)));
    int[] pad = r.shape.clone();
    pad[pad.length - 1] = n - m;
    ga = Tensor.cat(List.of(ga, Tensor.zeros(ga.dtype(), pad)), -1);
    if (gR != null) ga = ga.add(q.matmul(gR));
    return ga;
  }

  /**
   * Refuses, as PyTorch, to differentiate a QR that A does not determine: mode "r" (no Q) and mode
   * "complete" with m &gt; n (Q's last m - n columns are any completion).
   */
  private static void checkDifferentiable(QrFactors f) {
    if (f.mode().equals("r")) {
      throw new TensorException(
          "linalg.qr: The derivative of linalg.qr depends on Q, which is not computed when"
              + " mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to"
              + " differentiate through linalg.qr.");
    }
    int m = f.q().shape[f.q().dim() - 2];
    int n = f.r().shape[f.r().dim() - 1];
    if (f.mode().equals("complete") && m > n) {
      throw new TensorException(
          "linalg.qr: The QR decomposition is not differentiable when mode='complete' and nrows >"
              + " ncols (got "
              + m
              + " by "
              + n
              + " matrices).");
    }
  }

  /** PyTorch's {@code linalg_qr_jvp}: the tangents of Q and R, {dQ, dR}. */
  static Tensor[] qrTangents(Tensor t, QrFactors f) {
    checkDifferentiable(f);
    Tensor q = f.q();
    Tensor r = f.r();
    int m = q.shape[q.dim() - 2];
    int n = r.shape[r.dim() - 1];
    if (m >= n) {
      Tensor dARinv = mT(solveMatrices("linalg.qr", mT(r), mT(t))); // dA R^-1
      Tensor x = mT(q).matmul(dARinv);
      Tensor sym = x.add(mT(x));
      Tensor dR = sym.triu(0).sub(diagEmbed(diagonal(sym)).mul(0.5));
      Tensor dQ = dARinv.sub(q.matmul(dR));
      return new Tensor[] {dQ, dR.matmul(r)};
    }
    Tensor qhdA = mT(q).matmul(t);
    Tensor r1 = r.narrow(-1, 0, m);
    Tensor x = mT(solveMatrices("linalg.qr", mT(r1), mT(qhdA.narrow(-1, 0, m)))); // (.) R1^-1
    Tensor lower = x.tril(-1);
    Tensor dQ = lower.sub(mT(lower));
    Tensor dR = qhdA.sub(dQ.matmul(r));
    return new Tensor[] {q.matmul(dQ), dR};
  }

  // ================================================================ eigh

  /**
   * The eigendecomposition of symmetric matrices from their lower triangle: {@link #eigh(Tensor,
   * String)} with {@code uplo = "L"}.
   *
   * @param a [*, n, n], float32 or float64
   * @return eigenvalues [*, n] ascending and eigenvectors [*, n, n]
   * @throws TensorException as {@link #eigh(Tensor, String)}
   */
  public static Eigh eigh(Tensor a) {
    return eigh(a, "L");
  }

  /**
   * The eigenvalues and eigenvectors of each real symmetric matrix, as PyTorch's {@code
   * torch.linalg.eigh}: {@code A = V diag(L) V^T}, L ascending, V orthogonal, reading only A's
   * lower ({@code "L"}) or upper ({@code "U"}) triangle. Householder tridiagonalisation and the
   * implicit QL method: backward stable, eigenvalues accurate to about {@code 1e-16 ||A||}
   * absolutely.
   *
   * <p>Each eigenvector is determined up to sign, and for a repeated eigenvalue only its eigenspace
   * is: functions of the eigenvectors that do not depend on that choice ({@code V diag(f(L)) V^T},
   * {@code |V|} for distinct eigenvalues) are the ones that may be compared with PyTorch's and
   * differentiated.
   *
   * <p>Derivatives, PyTorch's {@code linalg_eigh_backward}: {@code gA = V (diag(gL) + skew(V^T gV)
   * / E) V^T} with {@code skew(X) = (X - X^T) / 2} and {@code E_ij = L_j - L_i} off the diagonal.
   * They are infinite or NaN when eigenvalues repeat and gV is used; gL alone is always finite. As
   * in PyTorch, the gradient is symmetric (for symmetric perturbations of A), though only one
   * triangle is read.
   *
   * <pre>{@code
   * Linalg.Eigh e = Linalg.eigh(Tensor.of(new double[][] {{2, 1}, {1, 2}}), "L");
   * e.eigenvalues(); // [1, 3]
   * }</pre>
   *
   * @param a [*, n, n], float32 or float64
   * @param uplo "L" or "U": the triangle read
   * @return eigenvalues [*, n] and eigenvectors [*, n, n]
   * @throws TensorException if a has fewer than 2 dims, is not square or not floating point, or
   *     uplo is neither "L" nor "U"
   */
  public static Eigh eigh(Tensor a, String uplo) {
    String op = "linalg.eigh";
    checkMatrices(op, a, true);
    Arguments.requireNonNull(op, "uplo", uplo);
    if (!uplo.equals("L") && !uplo.equals("U")) {
      throw new TensorException(op + ": Expected UPLO argument to be 'L' or 'U', but got " + uplo);
    }
    int[] batch = batchShape(a);
    int n = a.shape[a.dim() - 1];
    int count = Shapes.numel(batch);
    double[] in = a.toDoubleArray();
    double[] w = new double[count * n];
    double[] v = new double[count * n * n];
    for (int b = 0; b < count; b++) {
      try {
        DenseLinalg.eigh(in, b * n * n, n, uplo.equals("L"), w, b * n, v, b * n * n);
      } catch (ArithmeticException e) {
        throw new TensorException(
            op + ": " + batchElement(a, b) + "the algorithm failed to converge", e);
      }
    }
    Tensor values = result(w, a.dtype(), withVector(batch, n));
    Tensor vectors = result(v, a.dtype(), withMatrix(batch, n, n));
    if (!Primitive.active(a)) return new Eigh(values, vectors);
    EighFactors f = new EighFactors(values, vectors);
    Primitives.LINALG_EIGH_VALUES.record(values, new Tensor[] {a}, f);
    Primitives.LINALG_EIGH_VECTORS.record(vectors, new Tensor[] {a}, f);
    return new Eigh(values, vectors);
  }

  /** The outputs of one eigh call, which the derivative of each needs. */
  record EighFactors(Tensor values, Tensor vectors) {}

  /** {@code E_ij = L_j - L_i}, with 1 on the diagonal (where it only ever divides 0). */
  private static Tensor gaps(Tensor l) {
    int n = l.shape[l.dim() - 1];
    return l.unsqueeze(-2).sub(l.unsqueeze(-1)).add(eye(n, l.dtype()));
  }

  /** The gradient through the eigenvalues: {@code V diag(gL) V^T}. */
  static Tensor eighValuesBackward(Tensor gL, EighFactors f) {
    Tensor v = f.vectors();
    return v.mul(gL.unsqueeze(-2)).matmul(mT(v));
  }

  /** The gradient through the eigenvectors: {@code V (skew(V^T gV) / E) V^T}. */
  static Tensor eighVectorsBackward(Tensor gV, EighFactors f) {
    Tensor v = f.vectors();
    Tensor x = mT(v).matmul(gV);
    Tensor skew = x.sub(mT(x)).mul(0.5);
    return v.matmul(skew.div(gaps(f.values()))).matmul(mT(v));
  }

  /** PyTorch's {@code linalg_eig_jvp} (symmetric): {dL, dV}. */
  static Tensor[] eighTangents(Tensor t, EighFactors f) {
    Tensor v = f.vectors();
    Tensor dP = mT(v).matmul(t).matmul(v);
    int n = v.shape[v.dim() - 1];
    Tensor offDiagonal = eye(n, v.dtype()).neg().add(1);
    Tensor dV = v.matmul(dP.div(gaps(f.values())).mul(offDiagonal));
    return new Tensor[] {diagonal(dP), dV};
  }

  // ================================================================ svd

  /**
   * The singular values of each matrix, as PyTorch's {@code torch.linalg.svdvals}: {@link #svd}'s S
   * without the vectors (they are computed when a gradient is needed, as PyTorch does).
   *
   * <p>Derivative: {@code U diag(grad) Vh}, finite even for repeated singular values.
   *
   * @param a [*, m, n], float32 or float64
   * @return [*, k], descending, k = min(m, n)
   * @throws TensorException as {@link #svd}
   */
  public static Tensor svdvals(Tensor a) {
    return svdOf("linalg.svdvals", a, false).s();
  }

  /**
   * The singular value decomposition of each matrix, as PyTorch's {@code torch.linalg.svd}: {@code
   * A = U diag(S) Vh}, S descending, U's columns and Vh's rows orthonormal. With {@code
   * fullMatrices}, U is m×m and Vh n×n (their extra vectors complete the bases, and have no
   * gradient); else U is m×k and Vh k×n, k = min(m, n).
   *
   * <p>By one-sided Jacobi rotations, which give the singular values to high relative accuracy,
   * small ones included (an SVD through the eigenvalues of {@code A^T A} would lose the small ones:
   * it squares the condition number). Singular vectors are determined up to sign (and, where values
   * repeat, up to a rotation); compare sign-invariant quantities with PyTorch's.
   *
   * <p>Derivatives, PyTorch's {@code svd_backward}: through S alone {@code U diag(gS) Vh}; through
   * U and Vh, terms divided by {@code E_jk = s_k^2 - s_j^2}, which are infinite or NaN where
   * singular values repeat (PyTorch documents the same), and by s for non-square A, so finite only
   * for full rank. Forward mode with {@code fullMatrices} on a non-square matrix is refused, as in
   * PyTorch.
   *
   * <pre>{@code
   * Linalg.Svd f = Linalg.svd(Tensor.of(new double[][] {{3, 0}, {0, -4}}), false);
   * f.s(); // [4, 3]
   * }</pre>
   *
   * @param a [*, m, n], float32 or float64
   * @param fullMatrices whether U and Vh are square
   * @return U, S and Vh
   * @throws TensorException if a has fewer than 2 dims or is not floating point, or holds a NaN or
   *     an infinity ("The algorithm failed to converge because the input matrix contained
   *     non-finite values.")
   */
  public static Svd svd(Tensor a, boolean fullMatrices) {
    return svdOf("linalg.svd", a, fullMatrices);
  }

  /**
   * The SVD with full matrices, PyTorch's default: {@link #svd(Tensor, boolean)} with {@code
   * fullMatrices = true}.
   *
   * @param a [*, m, n], float32 or float64
   * @return U [*, m, m], S [*, k] and Vh [*, n, n]
   * @throws TensorException as {@link #svd(Tensor, boolean)}
   */
  public static Svd svd(Tensor a) {
    return svd(a, true);
  }

  private static Svd svdOf(String op, Tensor a, boolean full) {
    checkMatrices(op, a, false);
    int[] batch = batchShape(a);
    int m = a.shape[a.dim() - 2];
    int n = a.shape[a.dim() - 1];
    int k = Math.min(m, n);
    int uCols = full ? m : k;
    int vRows = full ? n : k;
    int count = Shapes.numel(batch);
    double[] in = a.toDoubleArray();
    double[] s = new double[count * k];
    double[] u = new double[count * m * uCols];
    double[] vh = new double[count * vRows * n];
    for (int b = 0; b < count; b++) {
      boolean finite;
      try {
        finite =
            DenseLinalg.svd(
                in, b * m * n, m, n, s, b * k, u, b * m * uCols, uCols, vh, b * vRows * n, vRows);
      } catch (ArithmeticException e) {
        throw new TensorException(
            op + ": " + batchElement(a, b) + "the algorithm failed to converge", e);
      }
      if (!finite) {
        throw new TensorException(
            op
                + ": "
                + batchElement(a, b)
                + "The algorithm failed to converge because the input matrix contained"
                + " non-finite values.");
      }
    }
    Tensor ut = result(u, a.dtype(), withMatrix(batch, m, uCols));
    Tensor st = result(s, a.dtype(), withVector(batch, k));
    Tensor vt = result(vh, a.dtype(), withMatrix(batch, vRows, n));
    if (!Primitive.active(a)) return new Svd(ut, st, vt);
    SvdFactors f = new SvdFactors(ut, st, vt, full);
    Primitives.LINALG_SVD_U.record(ut, new Tensor[] {a}, f);
    Primitives.LINALG_SVD_S.record(st, new Tensor[] {a}, f);
    Primitives.LINALG_SVD_VH.record(vt, new Tensor[] {a}, f);
    return new Svd(ut, st, vt);
  }

  /** The outputs of one svd call, which the derivative of each needs. */
  record SvdFactors(Tensor u, Tensor s, Tensor vh, boolean full) {
    int k() {
      return s.shape[s.dim() - 1];
    }

    /** U's first k columns: all of them unless the full matrices were asked for. */
    Tensor reducedU() {
      return full ? u.narrow(-1, 0, k()) : u;
    }

    /** Vh's first k rows. */
    Tensor reducedVh() {
      return full ? vh.narrow(-2, 0, k()) : vh;
    }
  }

  /** {@code E_jk = s_k^2 - s_j^2}, with 1 on the diagonal (where it only ever divides 0). */
  private static Tensor squaredGaps(Tensor s) {
    Tensor s2 = s.mul(s);
    int k = s.shape[s.dim() - 1];
    return s2.unsqueeze(-2).sub(s2.unsqueeze(-1)).add(eye(k, s.dtype()));
  }

  /**
   * PyTorch's {@code svd_backward} with one of gU, gS, gVh given (the others null); the three add
   * up to the gradient of all, as the rule is linear in them.
   */
  static Tensor svdBackward(Tensor gU, Tensor gS, Tensor gVh, SvdFactors f) {
    Tensor u = f.reducedU();
    Tensor s = f.s();
    Tensor vh = f.reducedVh();
    int m = u.shape[u.dim() - 2];
    int n = vh.shape[vh.dim() - 1];
    int k = f.k();
    if (gS != null) {
      return m >= n ? u.matmul(gS.unsqueeze(-1).mul(vh)) : u.mul(gS.unsqueeze(-2)).matmul(vh);
    }
    if (gU != null) {
      if (f.full()) gU = gU.narrow(-1, 0, k);
      Tensor x = mT(u).matmul(gU);
      Tensor inner = x.sub(mT(x)).div(squaredGaps(s)).mul(s.unsqueeze(-2));
      if (m > n) {
        Tensor ga = u.matmul(inner);
        Tensor gUSinv = gU.div(s.unsqueeze(-2));
        ga = ga.add(gUSinv).sub(u.matmul(mT(u).matmul(gUSinv)));
        return ga.matmul(vh);
      }
      return u.matmul(inner).matmul(vh);
    }
    if (f.full()) gVh = gVh.narrow(-2, 0, k);
    Tensor x = vh.matmul(mT(gVh));
    Tensor inner = s.unsqueeze(-1).mul(x.sub(mT(x)).div(squaredGaps(s)));
    if (m < n) {
      Tensor ga = inner.matmul(vh);
      Tensor sInvgVh = gVh.div(s.unsqueeze(-1));
      ga = ga.add(sInvgVh).sub(sInvgVh.matmul(mT(vh)).matmul(vh));
      return u.matmul(ga);
    }
    return u.matmul(inner).matmul(vh);
  }

  /** PyTorch's {@code linalg_svd_jvp} (real): {dU, dS, dVh}. */
  static Tensor[] svdTangents(Tensor t, SvdFactors f) {
    Tensor u = f.u();
    Tensor s = f.s();
    Tensor vh = f.vh();
    int m = u.shape[u.dim() - 2];
    int n = vh.shape[vh.dim() - 1];
    if (f.full() && m != n) {
      throw new TensorException(
          "linalg.svd: forward-mode differentiation with fullMatrices=true is supported for square"
              + " matrices only (got "
              + m
              + " by "
              + n
              + "), as in PyTorch; use fullMatrices=false");
    }
    Tensor v = mT(vh);
    Tensor dP = mT(u).matmul(t).matmul(v);
    Tensor dS = diagonal(dP);
    Tensor dX = dP.sub(diagEmbed(dS));
    Tensor e = squaredGaps(s);
    Tensor xs = dX.mul(s.unsqueeze(-2));
    Tensor dU = u.matmul(xs.add(mT(xs)).div(e));
    Tensor sx = s.unsqueeze(-1).mul(dX);
    Tensor dV = v.matmul(sx.add(mT(sx)).div(e));
    if (m > n) {
      Tensor dAV = t.matmul(v);
      dU = dU.add(dAV.sub(u.matmul(mT(u).matmul(dAV))).div(s.unsqueeze(-2)));
    } else if (m < n) {
      Tensor dATU = mT(t).matmul(u);
      dV = dV.add(dATU.sub(v.matmul(vh.matmul(dATU))).div(s.unsqueeze(-2)));
    }
    return new Tensor[] {dU, dS, mT(dV)};
  }
}
