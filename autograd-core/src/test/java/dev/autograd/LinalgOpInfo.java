package dev.autograd;

import static dev.autograd.OpInfo.op;
import static dev.autograd.OpInfo.s;

import dev.autograd.OpInfo.Arr;
import dev.autograd.OpInfo.Builder;
import dev.autograd.OpInfo.Sample;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The OpInfo rows of {@link Linalg}, with their plain-Java references (Gauss-Jordan elimination,
 * Cholesky-Banachiewicz, modified Gram-Schmidt, cyclic Jacobi on symmetric matrices), none of which
 * shares code with the library's kernels.
 *
 * <p>As PyTorch's OpInfo for {@code torch.linalg}, each row feeds its op inputs of the structure it
 * needs, made from the random samples by tensor ops that are part of the row (so gradients flow
 * through them): {@code A + n I} (well conditioned) for inv, solve and slogdet, {@code A A^T + n I}
 * (positive definite) for cholesky, {@code 0.1 (A + A^T) + diag(1, ..., n)} (symmetric, distinct
 * eigenvalues) for eigh, {@code 0.1 A + diag(1, ..., k)} (distinct singular values) for svd.
 * Outputs defined only up to sign are compared after fixing the signs the same way on both sides:
 * QR with R's diagonal positive, eigenvectors with a positive first row, singular vectors with U's
 * first row positive (Vh's rows flipped with U's columns).
 */
final class LinalgOpInfo {
  private LinalgOpInfo() {}

  // ================================================================ the inputs' structure

  private static Tensor eye(int n, DType dtype) {
    return Tensor.eye(n).to(dtype);
  }

  private static int last(Tensor x) {
    return x.shape()[x.dim() - 1];
  }

  private static Tensor mT(Tensor x) {
    return x.transpose(-2, -1);
  }

  /** {@code A + n I}. */
  static Tensor wellConditioned(Tensor x) {
    if (x.dim() < 2) return x; // for the error samples: the op itself refuses it
    int n = last(x);
    return x.add(eye(n, x.dtype()).mul(n));
  }

  /** {@code A A^T + n I}. */
  static Tensor positiveDefinite(Tensor x) {
    if (x.dim() < 2) return x; // for the error samples: the op itself refuses it
    int n = last(x);
    return x.matmul(mT(x)).add(eye(n, x.dtype()).mul(n));
  }

  private static Tensor diagonalRamp(int m, int n, DType dtype) {
    double[] d = new double[m * n];
    for (int i = 0; i < Math.min(m, n); i++) d[i * n + i] = i + 1;
    return Tensor.of(d, dtype, m, n);
  }

  /** {@code 0.1 (A + A^T) + diag(1, ..., n)}. */
  static Tensor symmetricDistinct(Tensor x) {
    if (x.dim() < 2) return x; // for the error samples: the op itself refuses it
    int n = last(x);
    return x.add(mT(x)).mul(0.1).add(diagonalRamp(n, n, x.dtype()));
  }

  /** {@code 0.1 A + diag(1, ..., k)}. */
  static Tensor distinctSingularValues(Tensor x) {
    if (x.dim() < 2) return x; // for the error samples: the op itself refuses it
    int m = x.shape()[x.dim() - 2];
    return x.mul(0.1).add(diagonalRamp(m, last(x), x.dtype()));
  }

  // ================================================================ sign conventions

  /** Q with R's diagonal made positive: columns of Q times sign(diag R). */
  static Tensor positiveQ(Linalg.Qr f) {
    return f.q().mul(Linalg.diagonal(square(f.r())).sign().unsqueeze(-2));
  }

  static Tensor positiveR(Linalg.Qr f) {
    return f.r().mul(Linalg.diagonal(square(f.r())).sign().unsqueeze(-1));
  }

  /** The leading square block of R. */
  private static Tensor square(Tensor r) {
    int k = Math.min(r.shape()[r.dim() - 2], last(r));
    return r.narrow(-2, 0, k).narrow(-1, 0, k);
  }

  static Tensor firstRowPositive(Tensor v) {
    return v.mul(v.narrow(-2, 0, 1).sign());
  }

  static Tensor uFirstRowPositive(Linalg.Svd f) {
    return f.u().mul(f.u().narrow(-2, 0, 1).sign());
  }

  static Tensor vhAlongU(Linalg.Svd f) {
    return f.vh().mul(mT(f.u().narrow(-2, 0, 1).sign()));
  }

  // ================================================================ the rows

  static void rows(List<Builder> t) {
    List<Sample> square =
        List.of(
            Sample.of(s(3, 3)),
            Sample.of(s(2, 3, 3)),
            Sample.of(s(1, 1)),
            Sample.of(s(3, 3)).noncontig());
    Sample[] squareErrors = {Sample.of(s()), Sample.of(s(4)), Sample.of(s(2, 3))};
    List<Sample> any =
        List.of(
            Sample.of(s(3, 3)),
            Sample.of(s(4, 3)),
            Sample.of(s(3, 4)),
            Sample.of(s(2, 4, 3)),
            Sample.of(s(1, 1)),
            Sample.of(s(3, 2)).noncontig());
    Sample[] anyErrors = {Sample.of(s()), Sample.of(s(3))};

    t.add(
        op(
                "inv",
                1,
                (x, s) -> Linalg.inv(wellConditioned(x[0])),
                (a, s) -> perMatrix(shift(a[0]), a[0].shape(), LinalgOpInfo::inverse))
            .samples(square)
            .errors(squareErrors));
    t.add(
        op(
                "solve",
                2,
                (x, s) -> Linalg.solve(wellConditioned(x[0]), x[1]),
                (a, s) -> solveRef(shift(a[0]), a[1]))
            .samples(
                Sample.of(s(3, 3), s(3)),
                Sample.of(s(3, 3), s(3, 2)),
                Sample.of(s(2, 3, 3), s(2, 3)),
                Sample.of(s(2, 3, 3), s(3, 2)),
                Sample.of(s(3, 3), s(2, 3, 1)),
                Sample.of(s(1, 1), s(1)),
                Sample.of(s(3, 3), s(3, 2)).noncontig())
            .errors(
                Sample.of(s(), s(3)),
                Sample.of(s(3, 3), s()),
                Sample.of(s(3, 3), s(2)),
                Sample.of(s(3, 3), s(2, 3)),
                Sample.of(s(2, 3), s(2))));
    t.add(
        op(
                "det",
                1,
                (x, s) -> Linalg.det(x[0]),
                (a, s) -> perMatrixValues(a[0], batch(a[0].shape()), m -> new double[] {det(m)}))
            .samples(square)
            .errors(squareErrors));
    t.add(
        op(
                "slogdet.logabsdet",
                1,
                (x, s) -> Linalg.slogdet(wellConditioned(x[0])).logabsdet(),
                (a, s) ->
                    perMatrixValues(
                        shift(a[0]),
                        batch(a[0].shape()),
                        m -> new double[] {Math.log(Math.abs(det(m)))}))
            .samples(square)
            .errors(squareErrors));
    t.add(
        op(
                "slogdet.sign",
                1,
                (x, s) -> Linalg.slogdet(x[0]).sign(),
                (a, s) ->
                    perMatrixValues(
                        a[0], batch(a[0].shape()), m -> new double[] {Math.signum(det(m))}))
            .samples(square)
            .errors(squareErrors)
            .notDifferentiable());
    t.add(
        op(
                "cholesky",
                1,
                (x, s) -> Linalg.cholesky(positiveDefinite(x[0])),
                (a, s) -> perMatrix(gram(a[0]), a[0].shape(), LinalgOpInfo::choleskyLower))
            .samples(square)
            .errors(squareErrors));
    t.add(
        op(
                "cholesky(upper)",
                1,
                (x, s) -> Linalg.cholesky(positiveDefinite(x[0]), true),
                (a, s) ->
                    perMatrix(gram(a[0]), a[0].shape(), m -> transpose(choleskyLower(m), m.length)))
            .samples(square)
            .errors(squareErrors));
    t.add(
        op("qr.q", 1, (x, s) -> positiveQ(Linalg.qr(x[0], "reduced")), (a, s) -> qrRef(a[0], true))
            .samples(any)
            .errors(anyErrors));
    t.add(
        op("qr.r", 1, (x, s) -> positiveR(Linalg.qr(x[0])), (a, s) -> qrRef(a[0], false))
            .samples(any)
            .errors(anyErrors));
    t.add(
        op(
                "eigh.eigenvalues",
                1,
                (x, s) -> Linalg.eigh(symmetricDistinct(x[0])).eigenvalues(),
                (a, s) -> eighRef(a[0], true))
            .samples(square)
            .errors(squareErrors));
    t.add(
        op(
                "eigh.eigenvectors",
                1,
                (x, s) ->
                    firstRowPositive(Linalg.eigh(symmetricDistinct(x[0]), "L").eigenvectors()),
                (a, s) -> eighRef(a[0], false))
            .samples(square)
            .errors(squareErrors));
    t.add(
        op(
                "eigh(uplo=U).eigenvectors",
                1,
                (x, s) ->
                    firstRowPositive(Linalg.eigh(symmetricDistinct(x[0]), "U").eigenvectors()),
                (a, s) -> eighRef(a[0], false))
            .samples(square)
            .errors(squareErrors));
    t.add(
        op(
                "svd.s",
                1,
                (x, s) -> Linalg.svd(distinctSingularValues(x[0]), false).s(),
                (a, s) -> svdRef(a[0], 1))
            .samples(any)
            .errors(anyErrors));
    t.add(
        op(
                "svd.u",
                1,
                (x, s) -> uFirstRowPositive(Linalg.svd(distinctSingularValues(x[0]), false)),
                (a, s) -> svdRef(a[0], 0))
            .samples(any)
            .errors(anyErrors));
    t.add(
        op(
                "svd.vh",
                1,
                (x, s) -> vhAlongU(Linalg.svd(distinctSingularValues(x[0]), false)),
                (a, s) -> svdRef(a[0], 2))
            .samples(any)
            .errors(anyErrors));
    t.add(
        op(
                "svdvals",
                1,
                (x, s) -> Linalg.svdvals(distinctSingularValues(x[0])),
                (a, s) -> svdRef(a[0], 1))
            .samples(any)
            .errors(anyErrors));
  }

  // ================================================================ references

  private static int[] batch(int[] shape) {
    return Arrays.copyOf(shape, shape.length - 2);
  }

  /**
   * The reference applied to each matrix of a batch, the outputs concatenated into {@code shape}.
   */
  private static Arr perMatrix(Arr a, int[] shape, UnaryOperator<double[][]> f) {
    int[] s = a.shape();
    int m = s[s.length - 2];
    int n = s[s.length - 1];
    int count = OpInfo.numel(batch(s));
    double[] out = new double[OpInfo.numel(shape)];
    int per = out.length / Math.max(count, 1);
    for (int b = 0; b < count; b++) {
      double[][] x = new double[m][n];
      for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) x[i][j] = a.v()[b * m * n + i * n + j];
      double[][] r = f.apply(x);
      int k = 0;
      for (double[] row : r) for (double v : row) out[b * per + k++] = v;
    }
    return new Arr(out, shape);
  }

  @FunctionalInterface
  private interface MatrixToValues {
    double[] apply(double[][] m);
  }

  private static Arr perMatrixValues(Arr a, int[] shape, MatrixToValues f) {
    return perMatrix(a, shape, (UnaryOperator<double[][]>) m -> new double[][] {f.apply(m)});
  }

  /** {@code A + n I} of each matrix. */
  private static Arr shift(Arr a) {
    int n = a.shape()[a.rank() - 1];
    double[] v = a.v().clone();
    for (int i = 0; i < v.length; i++) {
      int r = (i / n) % n;
      if (r == i % n) v[i] += n;
    }
    return new Arr(v, a.shape());
  }

  /** {@code A A^T + n I} of each matrix. */
  private static Arr gram(Arr a) {
    int n = a.shape()[a.rank() - 1];
    return perMatrix(
        a,
        a.shape(),
        (UnaryOperator<double[][]>)
            x -> {
              double[][] g = new double[n][n];
              for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                  for (int k = 0; k < n; k++) g[i][j] += x[i][k] * x[j][k];
                  if (i == j) g[i][j] += n;
                }
              return g;
            });
  }

  /** Gauss-Jordan elimination with partial pivoting on [A | I]. */
  static double[][] inverse(double[][] a) {
    int n = a.length;
    double[][] w = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, w[i], 0, n);
      w[i][n + i] = 1;
    }
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) if (Math.abs(w[r][c]) > Math.abs(w[p][c])) p = r;
      double[] t = w[p];
      w[p] = w[c];
      w[c] = t;
      double d = w[c][c];
      for (int j = 0; j < 2 * n; j++) w[c][j] /= d;
      for (int r = 0; r < n; r++) {
        if (r == c) continue;
        double f = w[r][c];
        for (int j = 0; j < 2 * n; j++) w[r][j] -= f * w[c][j];
      }
    }
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) System.arraycopy(w[i], n, out[i], 0, n);
    return out;
  }

  /** The determinant by Gaussian elimination with partial pivoting. */
  static double det(double[][] a) {
    int n = a.length;
    double[][] w = new double[n][];
    for (int i = 0; i < n; i++) w[i] = a[i].clone();
    double d = 1;
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) if (Math.abs(w[r][c]) > Math.abs(w[p][c])) p = r;
      if (p != c) {
        double[] t = w[p];
        w[p] = w[c];
        w[c] = t;
        d = -d;
      }
      d *= w[c][c];
      for (int r = c + 1; r < n; r++) {
        double f = w[r][c] / w[c][c];
        for (int j = c; j < n; j++) w[r][j] -= f * w[c][j];
      }
    }
    return d;
  }

  /** X = A^-1 B with B's vector or matrix form and broadcast batch dims, as Linalg.solve. */
  private static Arr solveRef(Arr a, Arr b) {
    int[] as = a.shape();
    int n = as[as.length - 1];
    boolean vector =
        b.rank() == 1
            || (b.rank() == a.rank() - 1 && Arrays.equals(b.shape(), Arrays.copyOf(as, b.rank())));
    int[] bs = vector ? Arrays.copyOf(b.shape(), b.rank() + 1) : b.shape();
    if (vector) bs[bs.length - 1] = 1;
    int k = bs[bs.length - 1];
    int[] batchA = batch(as);
    int[] batchB = batch(bs);
    int rank = Math.max(batchA.length, batchB.length);
    int[] out = new int[rank];
    for (int d = 0; d < rank; d++) {
      int x = d - (rank - batchA.length) >= 0 ? batchA[d - (rank - batchA.length)] : 1;
      int y = d - (rank - batchB.length) >= 0 ? batchB[d - (rank - batchB.length)] : 1;
      out[d] = Math.max(x, y);
    }
    int count = OpInfo.numel(out);
    double[] x = new double[count * n * k];
    for (int bi = 0; bi < count; bi++) {
      int[] idx = OpInfo.unravel(bi, out);
      double[][] am = new double[n][n];
      double[][] bm = new double[n][k];
      int ao = broadcastOffset(idx, batchA) * n * n;
      int bo = broadcastOffset(idx, batchB) * n * k;
      for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) am[i][j] = a.v()[ao + i * n + j];
      for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) bm[i][j] = b.v()[bo + i * k + j];
      double[][] inv = inverse(am);
      for (int i = 0; i < n; i++)
        for (int j = 0; j < k; j++) {
          double sum = 0;
          for (int l = 0; l < n; l++) sum += inv[i][l] * bm[l][j];
          x[bi * n * k + i * k + j] = sum;
        }
    }
    int[] shape = Arrays.copyOf(out, rank + (vector ? 1 : 2));
    shape[rank] = n;
    if (!vector) shape[rank + 1] = k;
    return new Arr(x, shape);
  }

  private static int broadcastOffset(int[] idx, int[] shape) {
    int off = 0;
    int lead = idx.length - shape.length;
    for (int d = 0; d < shape.length; d++)
      off = off * shape[d] + (shape[d] == 1 ? 0 : idx[lead + d]);
    return off;
  }

  static double[][] choleskyLower(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++)
      for (int j = 0; j <= i; j++) {
        double sum = a[i][j];
        for (int k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
        l[i][j] = i == j ? Math.sqrt(sum) : sum / l[j][j];
      }
    return l;
  }

  private static double[][] transpose(double[][] a, int n) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
    return t;
  }

  /** Q (when {@code q}) or R by modified Gram-Schmidt: R's diagonal is positive. */
  private static Arr qrRef(Arr a, boolean q) {
    int[] s = a.shape();
    int m = s[s.length - 2];
    int n = s[s.length - 1];
    int k = Math.min(m, n);
    int[] shape = Arrays.copyOf(s, s.length);
    if (q) shape[shape.length - 1] = k;
    else shape[shape.length - 2] = k;
    return perMatrix(
        a,
        shape,
        (UnaryOperator<double[][]>)
            x -> {
              double[][] qm = new double[m][k];
              double[][] r = new double[k][n];
              double[][] cols = transpose(x, 0);
              for (int j = 0; j < k; j++) {
                double[] v = cols[j].clone();
                for (int i = 0; i < j; i++) {
                  double d = 0;
                  for (int l = 0; l < m; l++) d += qm[l][i] * v[l];
                  r[i][j] = d;
                  for (int l = 0; l < m; l++) v[l] -= d * qm[l][i];
                }
                double norm = 0;
                for (double e : v) norm += e * e;
                norm = Math.sqrt(norm);
                r[j][j] = norm;
                for (int l = 0; l < m; l++) qm[l][j] = v[l] / norm;
              }
              for (int j = k; j < n; j++)
                for (int i = 0; i < k; i++) {
                  double d = 0;
                  for (int l = 0; l < m; l++) d += qm[l][i] * cols[j][l];
                  r[i][j] = d;
                }
              return q ? qm : r;
            });
  }

  /**
   * Eigenvalues (ascending) and eigenvectors (columns, first row made positive) of a symmetric
   * matrix by cyclic Jacobi rotations.
   */
  static double[][][] jacobiEigen(double[][] sym) {
    int n = sym.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) a[i] = sym[i].clone();
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) v[i][i] = 1;
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
      if (off < 1e-60) break;
      for (int p = 0; p < n; p++)
        for (int q = p + 1; q < n; q++) {
          if (a[p][q] == 0) continue;
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) t = 1;
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < n; k++) {
            double x = a[k][p];
            double y = a[k][q];
            a[k][p] = c * x - s * y;
            a[k][q] = s * x + c * y;
          }
          for (int k = 0; k < n; k++) {
            double x = a[p][k];
            double y = a[q][k];
            a[p][k] = c * x - s * y;
            a[q][k] = s * x + c * y;
          }
          for (int k = 0; k < n; k++) {
            double x = v[k][p];
            double y = v[k][q];
            v[k][p] = c * x - s * y;
            v[k][q] = s * x + c * y;
          }
        }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    double[][] fa = a;
    Arrays.sort(order, (x, y) -> Double.compare(fa[x][x], fa[y][y]));
    double[][] values = new double[1][n];
    double[][] vectors = new double[n][n];
    for (int j = 0; j < n; j++) {
      int c = order[j];
      values[0][j] = a[c][c];
      double sign = v[0][c] < 0 ? -1 : 1;
      for (int i = 0; i < n; i++) vectors[i][j] = sign * v[i][c];
    }
    return new double[][][] {values, vectors};
  }

  private static Arr eighRef(Arr a, boolean values) {
    int[] s = a.shape();
    int n = s[s.length - 1];
    int[] shape = values ? Arrays.copyOf(s, s.length - 1) : s;
    return perMatrix(
        a,
        shape,
        (UnaryOperator<double[][]>)
            x -> {
              double[][] sym = new double[n][n];
              for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                  sym[i][j] = 0.1 * (x[i][j] + x[j][i]) + (i == j ? i + 1 : 0);
              double[][][] e = jacobiEigen(sym);
              return values ? e[0] : e[1];
            });
  }

  /**
   * U (which = 0), S (1) or Vh (2) of {@code 0.1 A + diag(1..k)}, from the eigenvectors of the
   * smaller Gram matrix; U's first row made positive, Vh's rows flipped with U's columns.
   */
  private static Arr svdRef(Arr a, int which) {
    int[] s = a.shape();
    int m = s[s.length - 2];
    int n = s[s.length - 1];
    int k = Math.min(m, n);
    int[] shape = Arrays.copyOf(s, which == 1 ? s.length - 1 : s.length);
    if (which == 1) shape[shape.length - 1] = k;
    else if (which == 0) shape[shape.length - 1] = k;
    else shape[shape.length - 2] = k;
    return perMatrix(
        a,
        shape,
        (UnaryOperator<double[][]>)
            x -> {
              double[][] b = new double[m][n];
              for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) b[i][j] = 0.1 * x[i][j] + (i == j ? i + 1 : 0);
              boolean tall = m >= n;
              double[][] g = new double[k][k];
              for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                  for (int l = 0; l < (tall ? m : n); l++)
                    g[i][j] += tall ? b[l][i] * b[l][j] : b[i][l] * b[j][l];
              double[][][] e = jacobiEigen(g);
              double[] sv = new double[k];
              double[][] small = new double[k][k]; // V (tall) or U (wide), columns descending
              for (int j = 0; j < k; j++) {
                int c = k - 1 - j;
                sv[j] = Math.sqrt(e[0][0][c]);
                for (int i = 0; i < k; i++) small[i][j] = e[1][i][c];
              }
              double[][] u = new double[m][k];
              double[][] vh = new double[k][n];
              for (int j = 0; j < k; j++) {
                if (tall) {
                  for (int i = 0; i < n; i++) vh[j][i] = small[i][j];
                  for (int i = 0; i < m; i++) {
                    double sum = 0;
                    for (int l = 0; l < n; l++) sum += b[i][l] * small[l][j];
                    u[i][j] = sum / sv[j];
                  }
                } else {
                  for (int i = 0; i < m; i++) u[i][j] = small[i][j];
                  for (int i = 0; i < n; i++) {
                    double sum = 0;
                    for (int l = 0; l < m; l++) sum += b[l][i] * small[l][j];
                    vh[j][i] = sum / sv[j];
                  }
                }
                double sign = u[0][j] < 0 ? -1 : 1;
                for (int i = 0; i < m; i++) u[i][j] *= sign;
                for (int i = 0; i < n; i++) vh[j][i] *= sign;
              }
              return which == 0 ? u : which == 1 ? new double[][] {sv} : vh;
            });
  }
}
