package dev.autograd.plot.internal;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Tensor;
import java.awt.geom.Path2D;
import java.util.Arrays;
import java.util.function.BinaryOperator;

/**
 * A function of two variables sampled on a regular grid: {@code z[j][i] = f(x_i, y_j)}, with
 * bilinear interpolation in between and contour lines by marching squares.
 */
public final class Field {
  private final double[] xs;
  private final double[] ys;
  private final double[] z;
  private final double min;
  private final double max;

  private Field(double[] xs, double[] ys, double[] z) {
    this.xs = xs;
    this.ys = ys;
    this.z = z;
    double[] range = finiteRange(z);
    this.min = range[0];
    this.max = range[1];
  }

  /**
   * The smallest and largest finite values of {@code values}, {lo, hi}; {+∞, -∞} when none is
   * finite.
   */
  static double[] finiteRange(double[] values) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (Double.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    return new double[] {lo, hi};
  }

  /**
   * A field from samples on a grid: {@code z[j][i]} at ({@code xs[i]}, {@code ys[j]}), as
   * matplotlib's {@code contour(X, Y, Z)} takes them (Z has one row per y value).
   *
   * @param call the user's call, for messages
   * @throws IllegalArgumentException if the coordinates are not finite and increasing, there are
   *     fewer than 2 of either, z's shape is not [ys.length][xs.length], or z has an infinite value
   */
  public static Field of(String call, double[] xs, double[] ys, double[][] z) {
    increasing(call, "x", xs);
    increasing(call, "y", ys);
    if (z.length != ys.length) {
      throw new IllegalArgumentException(
          call
              + ": z has "
              + z.length
              + " rows but y has "
              + ys.length
              + " values; z[j][i] is the value at (x[i], y[j])");
    }
    double[] flat = new double[xs.length * ys.length];
    for (int j = 0; j < ys.length; j++) {
      if (z[j].length != xs.length) {
        throw new IllegalArgumentException(
            call
                + ": z["
                + j
                + "] has "
                + z[j].length
                + " values but x has "
                + xs.length
                + "; z[j][i] is the value at (x[i], y[j])");
      }
      for (int i = 0; i < xs.length; i++) {
        if (Double.isInfinite(z[j][i])) {
          throw new IllegalArgumentException(
              call + ": z[" + j + "][" + i + "] is " + z[j][i] + "; contours need finite values");
        }
        flat[j * xs.length + i] = z[j][i];
      }
    }
    return new Field(xs.clone(), ys.clone(), flat);
  }

  private static void increasing(String call, String name, double[] v) {
    if (v.length < 2) {
      throw new IllegalArgumentException(
          call + ": " + name + " needs at least 2 values, got " + v.length);
    }
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i]) || i > 0 && !(v[i] > v[i - 1])) {
        throw new IllegalArgumentException(
            call
                + ": "
                + name
                + " must be finite and increasing; "
                + name
                + "["
                + i
                + "] is "
                + v[i]
                + (i > 0 ? " after " + v[i - 1] : ""));
      }
    }
  }

  /**
   * Checks that a rectangle [x0, x1] × [y0, y1] is not empty.
   *
   * @param op the chart's name, for the message
   * @param x0 the left end of the x range
   * @param x1 the right end, which must be greater
   * @param y0 the bottom of the y range
   * @param y1 the top, which must be greater
   * @throws IllegalArgumentException naming the ranges otherwise (also for NaN ends)
   */
  public static void checkDomain(String op, double x0, double x1, double y0, double y1) {
    if (!(x0 < x1) || !(y0 < y1)) {
      throw new IllegalArgumentException(
          op
              + ": need x0 < x1 and y0 < y1, got x in ["
              + x0
              + ", "
              + x1
              + "], y in ["
              + y0
              + ", "
              + y1
              + "]");
    }
  }

  /**
   * Samples {@code f} on {@code nx} by {@code ny} points spanning the rectangle, in one call: f
   * receives two float64 tensors of shape [ny, nx] (the x and y coordinate of every grid point) and
   * must return a tensor of the same shape. Ops are not recorded.
   */
  @SuppressWarnings("try") // the scope only restores the grad mode
  public static Field sample(
      BinaryOperator<Tensor> f, double x0, double x1, double y0, double y1, int nx, int ny) {
    double[] xs = Sampling.linspace(x0, x1, nx);
    double[] ys = Sampling.linspace(y0, y1, ny);
    Tensor x = Tensor.of(xs, DType.FLOAT64, 1, nx).expand(ny, nx).contiguous();
    Tensor y = Tensor.of(ys, DType.FLOAT64, ny, 1).expand(ny, nx).contiguous();
    Tensor out;
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      out = f.apply(x, y);
    }
    if (out == null || out.numel() != nx * ny && out.numel() != 1) {
      throw new IllegalArgumentException(
          "f(x, y) must be element-wise: for x and y of shape ["
              + ny
              + ", "
              + nx
              + "] it returned"
              + (out == null ? " null" : " shape " + Arrays.toString(out.shape())));
    }
    double[] z = out.numel() == 1 ? filled(nx * ny, out.item()) : out.contiguous().toDoubleArray();
    return new Field(xs, ys, z);
  }

  /** {@code f} at the points ({@code xs[i]}, {@code ys[i]}), evaluated once without recording. */
  @SuppressWarnings("try") // the scope only restores the grad mode
  public static double[] evaluate(BinaryOperator<Tensor> f, double[] xs, double[] ys) {
    Tensor x = Tensor.of(xs, DType.FLOAT64);
    Tensor y = Tensor.of(ys, DType.FLOAT64);
    Tensor out;
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      out = f.apply(x, y);
    }
    if (out == null || out.numel() != xs.length && out.numel() != 1) {
      throw new IllegalArgumentException(
          "f(x, y) must be element-wise: for x and y of shape ["
              + xs.length
              + "] it returned"
              + (out == null ? " null" : " shape " + Arrays.toString(out.shape())));
    }
    return out.numel() == 1 && xs.length != 1
        ? filled(xs.length, out.item())
        : out.contiguous().toDoubleArray();
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }

  /** The grid's x coordinates. */
  public double[] xs() {
    return xs.clone();
  }

  /** The grid's y coordinates. */
  public double[] ys() {
    return ys.clone();
  }

  /** The sample at grid point (i, j). */
  public double at(int i, int j) {
    return z[j * xs.length + i];
  }

  /** The smallest finite sample. */
  public double min() {
    return min;
  }

  /** The largest finite sample. */
  public double max() {
    return max;
  }

  /**
   * The bilinear interpolation at ({@code x}, {@code y}), clamped to the grid (whose coordinates
   * need not be equally spaced).
   */
  public double interpolate(double x, double y) {
    double u = gridPosition(xs, x);
    double v = gridPosition(ys, y);
    int i = Math.min((int) u, xs.length - 2);
    int j = Math.min((int) v, ys.length - 2);
    double fu = u - i;
    double fv = v - j;
    double a = at(i, j) * (1 - fu) + at(i + 1, j) * fu;
    double b = at(i, j + 1) * (1 - fu) + at(i + 1, j + 1) * fu;
    return a * (1 - fv) + b * fv;
  }

  /** Where {@code c} falls in the increasing {@code grid}, in index units, clamped. */
  private static double gridPosition(double[] grid, double c) {
    int n = grid.length;
    if (!(c > grid[0])) return 0;
    if (!(c < grid[n - 1])) return n - 1;
    int k = Arrays.binarySearch(grid, c);
    if (k >= 0) return k;
    int hi = -k - 1;
    return hi - 1 + (c - grid[hi - 1]) / (grid[hi] - grid[hi - 1]);
  }

  /**
   * The contour line {@code z = level} as segments in data coordinates, by marching squares (a
   * saddle cell is split by its centre value).
   */
  public Path2D.Double contour(double level) {
    Path2D.Double path = new Path2D.Double();
    int nx = xs.length;
    int ny = ys.length;
    double[] px = new double[4];
    double[] py = new double[4];
    for (int j = 0; j < ny - 1; j++) {
      for (int i = 0; i < nx - 1; i++) {
        // Corners counter-clockwise from (i, j); edges k join corner k and k + 1.
        double[] c = {at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)};
        double[] cx = {xs[i], xs[i + 1], xs[i + 1], xs[i]};
        double[] cy = {ys[j], ys[j], ys[j + 1], ys[j + 1]};
        if (!(Double.isFinite(c[0])
            && Double.isFinite(c[1])
            && Double.isFinite(c[2])
            && Double.isFinite(c[3]))) {
          continue;
        }
        int n = 0;
        for (int k = 0; k < 4; k++) {
          double a = c[k];
          double b = c[(k + 1) % 4];
          if ((a < level) != (b < level)) {
            double t = (level - a) / (b - a);
            px[n] = cx[k] + t * (cx[(k + 1) % 4] - cx[k]);
            py[n] = cy[k] + t * (cy[(k + 1) % 4] - cy[k]);
            n++;
          }
        }
        if (n == 2) {
          path.moveTo(px[0], py[0]);
          path.lineTo(px[1], py[1]);
        } else if (n == 4) {
          double centre = (c[0] + c[1] + c[2] + c[3]) / 4;
          // Crossings lie on edges 0..3 in order; pair them so the centre's side stays connected.
          boolean firstCornerAbove = c[0] >= level;
          if (firstCornerAbove == (centre >= level)) {
            path.moveTo(px[0], py[0]);
            path.lineTo(px[1], py[1]);
            path.moveTo(px[2], py[2]);
            path.lineTo(px[3], py[3]);
          } else {
            path.moveTo(px[0], py[0]);
            path.lineTo(px[3], py[3]);
            path.moveTo(px[1], py[1]);
            path.lineTo(px[2], py[2]);
          }
        }
      }
    }
    return path;
  }
}
