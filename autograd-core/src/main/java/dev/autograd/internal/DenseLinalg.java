package dev.autograd.internal;

/**
 * Dense linear-algebra kernels in plain Java, on one matrix at a time held row-major in a {@code
 * double[]} from an offset: LU with partial pivoting, Cholesky, Householder QR, the symmetric
 * eigenproblem (Householder tridiagonalisation and the implicit QL method) and the SVD (one-sided
 * Jacobi). They follow LAPACK's conventions where PyTorch's results show them: LU's pivots and
 * first zero pivot as {@code getrf}'s, QR's reflectors and the signs of R's diagonal as {@code
 * geqrf}'s ({@code beta = -sign(alpha) ||x||}).
 *
 * <p>Not API: {@code dev.autograd.Linalg} checks the shapes and types and calls these per batch
 * element.
 */
public final class DenseLinalg {
  private DenseLinalg() {}

  private static final double EPS = 0x1p-52;

  // ================================================================ LU

  /**
   * LU factorisation with partial pivoting of the n×n matrix at {@code a[off..]}, in place: the
   * strictly lower part holds L (unit diagonal), the upper part U, so that {@code P A = L U}. Row k
   * was swapped with row {@code piv[pivOff + k]} at step k (the largest magnitude of the column,
   * the first of equal ones, as LAPACK's {@code getrf}).
   *
   * @return 0, or the 1-based index of the first zero diagonal element of U (the factorisation is
   *     completed regardless)
   */
  public static int lu(double[] a, int off, int n, int[] piv, int pivOff) {
    int info = 0;
    for (int k = 0; k < n; k++) {
      int p = k;
      double max = Math.abs(a[off + k * n + k]);
      for (int i = k + 1; i < n; i++) {
        double v = Math.abs(a[off + i * n + k]);
        if (v > max) {
          max = v;
          p = i;
        }
      }
      piv[pivOff + k] = p;
      if (p != k) swapRows(a, off, n, k, p);
      double pivot = a[off + k * n + k];
      if (pivot == 0) {
        if (info == 0) info = k + 1;
        continue;
      }
      for (int i = k + 1; i < n; i++) {
        int row = off + i * n;
        double l = a[row + k] / pivot;
        a[row + k] = l;
        if (l == 0) continue;
        int top = off + k * n;
        for (int j = k + 1; j < n; j++) a[row + j] -= l * a[top + j];
      }
    }
    return info;
  }

  private static void swapRows(double[] a, int off, int cols, int r, int s) {
    int x = off + r * cols;
    int y = off + s * cols;
    for (int j = 0; j < cols; j++) {
      double t = a[x + j];
      a[x + j] = a[y + j];
      a[y + j] = t;
    }
  }

  /**
   * Solves {@code A X = B} (or {@code A^T X = B} when {@code transpose}) in place in the n×k matrix
   * at {@code b[boff..]}, from {@link #lu}'s factors. A zero pivot gives infinities and NaN, as
   * LAPACK's {@code getrs}: callers that must refuse a singular matrix check {@code lu}'s result.
   */
  public static void luSolve(
      double[] lu,
      int off,
      int n,
      int[] piv,
      int pivOff,
      double[] b,
      int boff,
      int k,
      boolean transpose) {
    if (!transpose) {
      for (int i = 0; i < n; i++) {
        int p = piv[pivOff + i];
        if (p != i) swapRows(b, boff, k, i, p);
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) {
          double l = lu[off + i * n + j];
          if (l == 0) continue;
          for (int c = 0; c < k; c++) b[boff + i * k + c] -= l * b[boff + j * k + c];
        }
      }
      for (int i = n - 1; i >= 0; i--) {
        for (int j = i + 1; j < n; j++) {
          double u = lu[off + i * n + j];
          if (u == 0) continue;
          for (int c = 0; c < k; c++) b[boff + i * k + c] -= u * b[boff + j * k + c];
        }
        double d = lu[off + i * n + i];
        for (int c = 0; c < k; c++) b[boff + i * k + c] /= d;
      }
    } else {
      // A^T = U^T L^T P: solve with U^T (lower), then L^T (unit upper), then undo the swaps.
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) {
          double u = lu[off + j * n + i];
          if (u == 0) continue;
          for (int c = 0; c < k; c++) b[boff + i * k + c] -= u * b[boff + j * k + c];
        }
        double d = lu[off + i * n + i];
        for (int c = 0; c < k; c++) b[boff + i * k + c] /= d;
      }
      for (int i = n - 1; i >= 0; i--) {
        for (int j = i + 1; j < n; j++) {
          double l = lu[off + j * n + i];
          if (l == 0) continue;
          for (int c = 0; c < k; c++) b[boff + i * k + c] -= l * b[boff + j * k + c];
        }
      }
      for (int i = n - 1; i >= 0; i--) {
        int p = piv[pivOff + i];
        if (p != i) swapRows(b, boff, k, i, p);
      }
    }
  }

  /**
   * The determinant from {@link #lu}'s factors: the product of U's diagonal, negated for each row
   * swap.
   */
  public static double det(double[] lu, int off, int n, int[] piv, int pivOff) {
    double d = 1;
    for (int i = 0; i < n; i++) {
      d *= lu[off + i * n + i];
      if (piv[pivOff + i] != i) d = -d;
    }
    return d;
  }

  /**
   * The sign (1, -1, or 0 for a singular matrix) and log of the absolute value of the determinant
   * from {@link #lu}'s factors, summing logs so that neither overflows.
   *
   * @return {sign, log|det|}
   */
  public static double[] slogdet(double[] lu, int off, int n, int[] piv, int pivOff) {
    double sign = 1;
    double log = 0;
    for (int i = 0; i < n; i++) {
      double u = lu[off + i * n + i];
      if (u < 0) sign = -sign;
      else if (!(u > 0)) sign = u == 0 ? 0 : Double.NaN;
      if (piv[pivOff + i] != i) sign = -sign;
      log += Math.log(Math.abs(u));
    }
    return new double[] {sign == 0 ? 0 : sign, log};
  }

  // ================================================================ Cholesky

  /**
   * The lower Cholesky factor L of the symmetric positive-definite n×n matrix at {@code a[off..]},
   * {@code A = L L^T}, from A's lower triangle, in place (the strictly upper part is zeroed).
   *
   * @return 0, or the order of the first leading minor that is not positive definite
   */
  public static int cholesky(double[] a, int off, int n) {
    for (int j = 0; j < n; j++) {
      int rj = off + j * n;
      double d = a[rj + j];
      for (int k = 0; k < j; k++) d -= a[rj + k] * a[rj + k];
      // NaN passes, as in PyTorch's LAPACK: a NaN input gives a NaN factor, not an error.
      if (d <= 0) return j + 1;
      double ljj = Math.sqrt(d);
      a[rj + j] = ljj;
      for (int i = j + 1; i < n; i++) {
        int ri = off + i * n;
        double s = a[ri + j];
        for (int k = 0; k < j; k++) s -= a[ri + k] * a[rj + k];
        a[ri + j] = s / ljj;
      }
      for (int i = j + 1; i < n; i++) a[rj + i] = 0;
    }
    return 0;
  }

  // ================================================================ QR

  /**
   * Householder QR of the m×n matrix at {@code a[off..]}, in place, as LAPACK's {@code geqr2}: R in
   * the upper triangle, the reflectors' vectors below it (their first element 1 implied) and their
   * scalars in {@code tau[0..min(m, n))}. Reflector k maps {@code (alpha, x)} to {@code (beta, 0)}
   * with {@code beta = -sign(alpha) ||(alpha, x)||}, and is the identity ({@code tau = 0}) when x
   * is already 0, so R's diagonal may be negative.
   */
  public static void householderQr(double[] a, int off, int m, int n, double[] tau) {
    int kmax = Math.min(m, n);
    for (int k = 0; k < kmax; k++) {
      double alpha = a[off + k * n + k];
      double xnorm = 0;
      for (int i = k + 1; i < m; i++) xnorm = Math.hypot(xnorm, a[off + i * n + k]);
      if (xnorm == 0) {
        tau[k] = 0;
        continue;
      }
      double beta = -Math.copySign(Math.hypot(alpha, xnorm), alpha);
      tau[k] = (beta - alpha) / beta;
      double scale = 1 / (alpha - beta);
      for (int i = k + 1; i < m; i++) a[off + i * n + k] *= scale;
      a[off + k * n + k] = beta;
      for (int j = k + 1; j < n; j++) {
        double w = a[off + k * n + j];
        for (int i = k + 1; i < m; i++) w += a[off + i * n + k] * a[off + i * n + j];
        w *= tau[k];
        a[off + k * n + j] -= w;
        for (int i = k + 1; i < m; i++) a[off + i * n + j] -= a[off + i * n + k] * w;
      }
    }
  }

  /**
   * The first {@code cols} columns of Q = H_0 H_1 ... from {@link #householderQr}'s reflectors, as
   * LAPACK's {@code org2r}, written row-major m×cols into {@code q[qoff..]}.
   */
  public static void formQ(
      double[] a, int off, int m, int n, double[] tau, double[] q, int qoff, int cols) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < cols; j++) q[qoff + i * cols + j] = i == j ? 1 : 0;
    }
    for (int k = Math.min(m, n) - 1; k >= 0; k--) {
      if (tau[k] == 0) continue;
      for (int j = 0; j < cols; j++) {
        double w = q[qoff + k * cols + j];
        for (int i = k + 1; i < m; i++) w += a[off + i * n + k] * q[qoff + i * cols + j];
        w *= tau[k];
        q[qoff + k * cols + j] -= w;
        for (int i = k + 1; i < m; i++) q[qoff + i * cols + j] -= a[off + i * n + k] * w;
      }
    }
  }

  // ================================================================ symmetric eigenproblem

  /**
   * The eigenvalues (ascending, into {@code w[woff..]}) and orthonormal eigenvectors (the columns
   * of the row-major n×n {@code v[voff..]}) of the symmetric matrix whose lower ({@code lower}) or
   * upper triangle is at {@code a[off..]}: Householder reduction to tridiagonal form and the
   * implicit QL method with Wilkinson-like shifts (EISPACK's tred2 and tql2). A matrix with a NaN
   * or infinite element gives NaN everywhere, as PyTorch's does.
   *
   * @throws ArithmeticException if the QL iteration does not converge
   */
  public static void eigh(
      double[] a, int off, int n, boolean lower, double[] w, int woff, double[] v, int voff) {
    double[][] z = new double[n][n];
    boolean finite = true;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double x = lower ? a[off + i * n + j] : a[off + j * n + i];
        finite &= Double.isFinite(x);
        z[i][j] = x;
        z[j][i] = x;
      }
    }
    if (!finite) {
      java.util.Arrays.fill(w, woff, woff + n, Double.NaN);
      java.util.Arrays.fill(v, voff, voff + n * n, Double.NaN);
      return;
    }
    double[] d = new double[n];
    double[] e = new double[n];
    if (n > 0) {
      tred2(z, d, e, n);
      tql2(z, d, e, n);
    }
    for (int i = 0; i < n; i++) {
      w[woff + i] = d[i];
      for (int j = 0; j < n; j++) v[voff + i * n + j] = z[i][j];
    }
  }

  /** Householder tridiagonalisation of the symmetric z, accumulating the transformations in z. */
  private static void tred2(double[][] z, double[] d, double[] e, int n) {
    for (int j = 0; j < n; j++) d[j] = z[n - 1][j];
    for (int i = n - 1; i > 0; i--) {
      double scale = 0;
      double h = 0;
      for (int k = 0; k < i; k++) scale += Math.abs(d[k]);
      if (scale == 0) {
        e[i] = d[i - 1];
        for (int j = 0; j < i; j++) {
          d[j] = z[i - 1][j];
          z[i][j] = 0;
          z[j][i] = 0;
        }
      } else {
        for (int k = 0; k < i; k++) {
          d[k] /= scale;
          h += d[k] * d[k];
        }
        double f = d[i - 1];
        double g = Math.sqrt(h);
        if (f > 0) g = -g;
        e[i] = scale * g;
        h -= f * g;
        d[i - 1] = f - g;
        for (int j = 0; j < i; j++) e[j] = 0;
        for (int j = 0; j < i; j++) {
          f = d[j];
          z[j][i] = f;
          g = e[j] + z[j][j] * f;
          for (int k = j + 1; k <= i - 1; k++) {
            g += z[k][j] * d[k];
            e[k] += z[k][j] * f;
          }
          e[j] = g;
        }
        f = 0;
        for (int j = 0; j < i; j++) {
          e[j] /= h;
          f += e[j] * d[j];
        }
        double hh = f / (h + h);
        for (int j = 0; j < i; j++) e[j] -= hh * d[j];
        for (int j = 0; j < i; j++) {
          f = d[j];
          g = e[j];
          for (int k = j; k <= i - 1; k++) z[k][j] -= f * e[k] + g * d[k];
          d[j] = z[i - 1][j];
          z[i][j] = 0;
        }
      }
      d[i] = h;
    }
    for (int i = 0; i < n - 1; i++) {
      z[n - 1][i] = z[i][i];
      z[i][i] = 1;
      double h = d[i + 1];
      if (h != 0) {
        for (int k = 0; k <= i; k++) d[k] = z[k][i + 1] / h;
        for (int j = 0; j <= i; j++) {
          double g = 0;
          for (int k = 0; k <= i; k++) g += z[k][i + 1] * z[k][j];
          for (int k = 0; k <= i; k++) z[k][j] -= g * d[k];
        }
      }
      for (int k = 0; k <= i; k++) z[k][i + 1] = 0;
    }
    for (int j = 0; j < n; j++) {
      d[j] = z[n - 1][j];
      z[n - 1][j] = 0;
    }
    z[n - 1][n - 1] = 1;
    e[0] = 0;
  }

  /** The implicit QL iteration on the tridiagonal (d, e), rotating z; eigenvalues sorted. */
  private static void tql2(double[][] z, double[] d, double[] e, int n) {
    for (int i = 1; i < n; i++) e[i - 1] = e[i];
    e[n - 1] = 0;
    double f = 0;
    double tst1 = 0;
    for (int l = 0; l < n; l++) {
      tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
      int m = l;
      while (m < n && Math.abs(e[m]) > EPS * tst1) m++;
      if (m > l) {
        int iterations = 0;
        do {
          if (++iterations > 60) throw new ArithmeticException("the QL iteration did not converge");
          double g = d[l];
          double p = (d[l + 1] - g) / (2 * e[l]);
          double r = Math.hypot(p, 1);
          if (p < 0) r = -r;
          d[l] = e[l] / (p + r);
          d[l + 1] = e[l] * (p + r);
          double dl1 = d[l + 1];
          double h = g - d[l];
          for (int i = l + 2; i < n; i++) d[i] -= h;
          f += h;
          p = d[m];
          double c = 1;
          double c2 = c;
          double c3 = c;
          double el1 = e[l + 1];
          double s = 0;
          double s2 = 0;
          for (int i = m - 1; i >= l; i--) {
            c3 = c2;
            c2 = c;
            s2 = s;
            g = c * e[i];
            h = c * p;
            r = Math.hypot(p, e[i]);
            e[i + 1] = s * r;
            s = e[i] / r;
            c = p / r;
            p = c * d[i] - s * g;
            d[i + 1] = h + s * (c * g + s * d[i]);
            for (int k = 0; k < n; k++) {
              double[] row = z[k];
              h = row[i + 1];
              row[i + 1] = s * row[i] + c * h;
              row[i] = c * row[i] - s * h;
            }
          }
          p = -s * s2 * c3 * el1 * e[l] / dl1;
          e[l] = s * p;
          d[l] = c * p;
        } while (Math.abs(e[l]) > EPS * tst1);
      }
      d[l] += f;
      e[l] = 0;
    }
    for (int i = 0; i < n - 1; i++) {
      int k = i;
      double p = d[i];
      for (int j = i + 1; j < n; j++) {
        if (d[j] < p) {
          k = j;
          p = d[j];
        }
      }
      if (k != i) {
        d[k] = d[i];
        d[i] = p;
        for (int j = 0; j < n; j++) {
          double t = z[j][i];
          z[j][i] = z[j][k];
          z[j][k] = t;
        }
      }
    }
  }

  // ================================================================ SVD

  /**
   * The singular value decomposition {@code A = U diag(S) V^T} of the m×n matrix at {@code
   * a[off..]} by one-sided Jacobi rotations (Hestenes), which orthogonalise A's columns (of A^T's
   * when m &lt; n) to full relative accuracy. S is descending, into {@code s[soff..]} (k = min(m,
   * n) values); U is written row-major m×uCols and V^T row-major vRows×n, with uCols and vRows
   * either k or, for the full matrices, m and n (the extra columns an orthonormal completion).
   * Where a singular value is 0, its singular vectors are completed the same way.
   *
   * @return false if the input holds a NaN or infinity (nothing is written)
   * @throws ArithmeticException if the rotations do not converge
   */
  public static boolean svd(
      double[] a,
      int off,
      int m,
      int n,
      double[] s,
      int soff,
      double[] u,
      int uoff,
      int uCols,
      double[] vt,
      int vtoff,
      int vRows) {
    for (int i = 0; i < m * n; i++) if (!Double.isFinite(a[off + i])) return false;
    boolean wide = m < n;
    int rows = wide ? n : m; // the columns rotated are those of the tall matrix B (A or A^T)
    int cols = wide ? m : n;
    double[][] w = new double[cols][rows];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double x = a[off + i * n + j];
        if (wide) w[i][j] = x;
        else w[j][i] = x;
      }
    }
    double[][] v = new double[cols][cols];
    for (int j = 0; j < cols; j++) v[j][j] = 1;
    jacobi(w, v, rows, cols);
    int k = cols;
    double[] sigma = new double[k];
    Integer[] order = new Integer[k];
    for (int j = 0; j < k; j++) {
      sigma[j] = norm(w[j]);
      order[j] = j;
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(sigma[y], sigma[x]));
    // The left singular vectors of B: its normalised columns, completed where sigma is 0.
    double[][] left = new double[rows][];
    double tiny = (k == 0 ? 0 : sigma[order[0]]) * EPS * rows;
    boolean[] missing = new boolean[k];
    for (int j = 0; j < k; j++) {
      double sj = sigma[order[j]];
      if (sj > tiny && sj > 0) {
        double[] col = w[order[j]].clone();
        for (int i = 0; i < rows; i++) col[i] /= sj;
        left[j] = col;
      } else {
        missing[j] = true;
      }
    }
    int fullLeft = wide ? vRows : uCols; // how many left vectors of B the caller needs
    complete(left, rows, Math.max(fullLeft, k), missing);
    for (int j = 0; j < k; j++) s[soff + j] = sigma[order[j]];
    // B = L S R^T with L = left, R = v (columns in order). A = B, or A = B^T = R S L^T.
    int rightCount = wide ? uCols : vRows;
    double[][] right = new double[Math.max(rightCount, k)][];
    for (int j = 0; j < k; j++) right[j] = v[order[j]];
    // R is square (cols×cols) already: rightCount <= cols always.
    double[][] uVectors = wide ? right : left; // m-vectors
    double[][] vVectors = wide ? left : right; // n-vectors
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < uCols; j++) u[uoff + i * uCols + j] = uVectors[j][i];
    }
    for (int j = 0; j < vRows; j++) {
      for (int i = 0; i < n; i++) vt[vtoff + j * n + i] = vVectors[j][i];
    }
    return true;
  }

  /** Cyclic one-sided Jacobi on the columns of w, accumulating the rotations in v's columns. */
  private static void jacobi(double[][] w, double[][] v, int rows, int cols) {
    double[] sq = new double[cols];
    // LAPACK's gesvj stops at columns orthogonal to sqrt(m) eps: below that, rounding decides.
    double tol = Math.sqrt(rows) * EPS;
    for (int sweep = 0; ; sweep++) {
      if (sweep > 80) throw new ArithmeticException("the Jacobi SVD did not converge");
      for (int j = 0; j < cols; j++) sq[j] = dot(w[j], w[j], rows);
      boolean rotated = false;
      for (int p = 0; p < cols - 1; p++) {
        for (int q = p + 1; q < cols; q++) {
          double alpha = sq[p];
          double beta = sq[q];
          double gamma = dot(w[p], w[q], rows);
          if (gamma == 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha * beta)) continue;
          rotated = true;
          double zeta = (beta - alpha) / (2 * gamma);
          double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
          if (zeta == 0) t = 1;
          double c = 1 / Math.sqrt(1 + t * t);
          double sn = c * t;
          rotate(w[p], w[q], c, sn, rows);
          rotate(v[p], v[q], c, sn, cols);
          sq[p] = alpha - t * gamma;
          sq[q] = beta + t * gamma;
        }
      }
      if (!rotated) return;
    }
  }

  private static void rotate(double[] x, double[] y, double c, double s, int len) {
    for (int i = 0; i < len; i++) {
      double a = x[i];
      double b = y[i];
      x[i] = c * a - s * b;
      y[i] = s * a + c * b;
    }
  }

  private static double dot(double[] x, double[] y, int len) {
    double sum = 0;
    for (int i = 0; i < len; i++) sum += x[i] * y[i];
    return sum;
  }

  private static double norm(double[] x) {
    double scale = 0;
    for (double v : x) scale = Math.max(scale, Math.abs(v));
    if (scale == 0) return 0;
    double sum = 0;
    for (double v : x) sum += (v / scale) * (v / scale);
    return scale * Math.sqrt(sum);
  }

  /**
   * Fills the entries of {@code vectors[0..count)} that are missing (null, or flagged) with unit
   * vectors orthogonal to all the others: the standard basis vectors, each orthogonalised twice by
   * modified Gram-Schmidt, taken in order when what remains of them is not negligible.
   */
  private static void complete(double[][] vectors, int len, int count, boolean[] missing) {
    for (int j = 0; j < missing.length; j++) if (missing[j]) vectors[j] = null;
    int basis = 0;
    for (int j = 0; j < count; j++) {
      if (vectors[j] != null) continue;
      while (true) {
        if (basis >= len) throw new ArithmeticException("no orthonormal completion");
        double[] x = new double[len];
        x[basis++] = 1;
        for (int pass = 0; pass < 2; pass++) {
          for (int i = 0; i < count; i++) {
            double[] y = vectors[i];
            if (y == null) continue;
            double d = dot(x, y, len);
            for (int r = 0; r < len; r++) x[r] -= d * y[r];
          }
        }
        double nx = norm(x);
        if (nx > 1e-3) {
          for (int r = 0; r < len; r++) x[r] /= nx;
          vectors[j] = x;
          break;
        }
      }
    }
  }
}
