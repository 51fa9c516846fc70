package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;
import dev.autograd.internal.ThreadPool;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Batch, layer and group normalisation. Each normalises by {@code (x - mean) / sqrt(var + eps)}
 * with the biased variance, as PyTorch does; batch norm's running variance is updated with the
 * unbiased one, also as PyTorch does.
 *
 * <p>Layer and group norm, and batch norm in eval mode, are composites of mean, var and
 * element-wise ops, so their gradients of every order follow from those. Batch norm in training
 * mode is one primitive, as PyTorch's {@code native_batch_norm}: its statistics are summed per
 * channel in double, its output written in one pass as {@code x alpha + beta}, and its first
 * derivatives in two passes over the gradient; a backward pass that records its graph (for second
 * derivatives) takes the same derivatives through their formulas in tensor ops instead.
 */
final class NormOps {
  private NormOps() {}

  static Tensor batchNorm(
      Tensor x,
      Tensor runningMean,
      Tensor runningVar,
      Tensor weight,
      Tensor bias,
      boolean training,
      double momentum,
      double eps) {
    String op = "batchNorm";
    Arguments.requireNonNull(op, "input", x);
    if (x.dim() < 2) {
      throw new TensorException(
          op
              + ": expected an input of at least 2 dims [N, C, ...], got shape "
              + Shapes.format(x.shape()));
    }
    int c = x.shape()[1];
    for (Tensor t : new Tensor[] {runningMean, runningVar, weight, bias}) {
      if (t != null && (t.dim() != 1 || t.shape()[0] != c)) {
        throw new TensorException(
            op
                + ": running statistics, weight and bias need shape ["
                + c
                + "] (one per channel of"
                + " the input "
                + Shapes.format(x.shape())
                + "), got "
                + Shapes.format(t.shape()));
      }
    }
    if ((runningMean == null) != (runningVar == null)) {
      throw new TensorException(op + ": give both running statistics or neither");
    }
    int[] dims = new int[x.dim() - 1];
    dims[0] = 0;
    for (int d = 2; d < x.dim(); d++) dims[d - 1] = d;
    int[] channelShape = channelShape(x);
    Tensor mean;
    Tensor var;
    if (training) {
      long count = x.numel() / Math.max(c, 1);
      if (count <= 1) {
        throw new TensorException(
            op
                + ": expected more than 1 value per channel when training, got input size "
                + Shapes.format(x.shape()));
      }
      ReduceOps.requireFloating(op, x);
      BatchStats stats = BatchStats.of(x, eps);
      if (runningMean != null) {
        try (Autograd.Scope ignored = Autograd.noGrad()) {
          Tensor batchMean = Tensor.of(stats.mean, DType.FLOAT64, c).to(runningMean.dtype());
          Tensor unbiased =
              Tensor.of(stats.var, DType.FLOAT64, c)
                  .mul((double) count / (count - 1))
                  .to(runningVar.dtype());
          runningMean.mul_(1 - momentum).add_(batchMean.mul(momentum));
          runningVar.mul_(1 - momentum).add_(unbiased.mul(momentum));
        }
      }
      Tensor w = weight != null ? weight : Tensor.ones(x.dtype(), c);
      Tensor b = bias != null ? bias : Tensor.zeros(x.dtype(), c);
      Tensor out = stats.transform(x, w, b);
      if (!Primitive.active(x, w, b)) return out;
      return Primitives.BATCH_NORM.record(out, new Tensor[] {x, w, b}, stats);
    } else {
      if (runningMean == null) {
        throw new TensorException(op + ": running statistics are needed outside training");
      }
      mean = runningMean.reshape(channelShape);
      var = runningVar.reshape(channelShape);
    }
    return perChannel(normalised(x, mean, var, eps), weight, bias).named("NativeBatchNormBackward");
  }

  /**
   * A batch's statistics per channel of an input [N, C, ...]: the mean and the biased variance,
   * summed in double over N and the positions, and {@code invstd = 1 / sqrt(var + eps)}. Also what
   * the primitive's rules need: eps, and the dims summed over.
   */
  static final class BatchStats {
    final double[] mean;
    final double[] var;
    final double[] invstd;
    final double eps;
    final int[] dims; // 0, 2, 3, ...: all but the channel's

    private BatchStats(double[] mean, double[] var, double[] invstd, double eps, int[] dims) {
      this.mean = mean;
      this.var = var;
      this.invstd = invstd;
      this.eps = eps;
      this.dims = dims;
    }

    static BatchStats of(Tensor x, double eps) {
      Tensor xc = x.contiguous();
      int n = x.shape[0];
      int c = x.shape[1];
      int s = xc.numel() / Math.max(1, n * c);
      double count = (double) n * s;
      double[] mean = new double[c];
      double[] var = new double[c];
      double[] invstd = new double[c];
      parallelOverChannels(
          xc.numel(),
          c,
          ch -> {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += sumOf(xc, (i * c + ch) * s, s);
            double m = sum / count;
            double squares = 0;
            for (int i = 0; i < n; i++) squares += squaresAbout(xc, (i * c + ch) * s, s, m);
            mean[ch] = m;
            var[ch] = squares / count;
            invstd[ch] = 1 / Math.sqrt(var[ch] + eps);
          });
      int[] dims = new int[x.dim() - 1];
      for (int d = 2; d < x.dim(); d++) dims[d - 1] = d;
      return new BatchStats(mean, var, invstd, eps, dims);
    }

    /**
     * {@code (x - mean) invstd w + b}, as PyTorch writes it: {@code x alpha + beta} per channel.
     */
    Tensor transform(Tensor x, Tensor w, Tensor b) {
      int c = mean.length;
      double[] wv = w.contiguous().toDoubleArray();
      double[] bv = b.contiguous().toDoubleArray();
      double[] alpha = new double[c];
      double[] beta = new double[c];
      for (int ch = 0; ch < c; ch++) {
        alpha[ch] = invstd[ch] * wv[ch];
        beta[ch] = bv[ch] - mean[ch] * alpha[ch];
      }
      return affine(x.contiguous(), alpha, beta, null, null);
    }

    /**
     * The gradient with respect to x: {@code w invstd (g - mean(g) - xhat mean(g xhat))}, the means
     * over the channel's elements and {@code xhat = (x - mean) invstd}; in two passes, or through
     * the formula in tensor ops when the backward pass records its graph.
     */
    Tensor inputGrad(Tensor g, Tensor x, Tensor w) {
      if (GradMode.isEnabled()) {
        Tensor[] xhat = normalised(x);
        Tensor scale = w.reshape(channelShape(x)).mul(xhat[1]);
        Tensor centred = g.sub(g.mean(dims, true));
        return scale.mul(centred.sub(xhat[0].mul(g.mul(xhat[0]).mean(dims, true))));
      }
      Tensor gc = g.contiguous();
      Tensor xc = x.contiguous();
      int c = mean.length;
      int n = x.shape[0];
      int s = xc.numel() / Math.max(1, n * c);
      double count = (double) n * s;
      double[] wv = w.contiguous().toDoubleArray();
      double[] gSum = new double[c];
      double[] gDot = new double[c]; // sum of g (x - mean)
      channelSums(gc, xc, gSum, gDot);
      // dx = g k1 + x k2 + k3, per channel
      double[] k1 = new double[c];
      double[] k2 = new double[c];
      double[] k3 = new double[c];
      for (int ch = 0; ch < c; ch++) {
        double is = invstd[ch];
        k1[ch] = wv[ch] * is;
        k2[ch] = -wv[ch] * is * is * is * gDot[ch] / count;
        k3[ch] = -wv[ch] * is * gSum[ch] / count - mean[ch] * k2[ch];
      }
      return affine(gc, k1, k3, xc, k2);
    }

    /** The gradient with respect to the weight: {@code sum(g xhat)} per channel. */
    Tensor weightGrad(Tensor g, Tensor x) {
      if (GradMode.isEnabled()) return g.mul(normalised(x)[0]).sum(dims, false);
      int c = mean.length;
      double[] gSum = new double[c];
      double[] gDot = new double[c];
      channelSums(g.contiguous(), x.contiguous(), gSum, gDot);
      for (int ch = 0; ch < c; ch++) gDot[ch] *= invstd[ch];
      return Tensor.of(gDot, DType.FLOAT64, c).to(g.dtype());
    }

    /**
     * The tangent: the input's tangent through {@link #inputGrad} (the derivative in x is
     * self-adjoint), the weight's times xhat, the bias's broadcast.
     */
    Tensor weightTangent(Tensor t, Tensor x) {
      return t.reshape(channelShape(x)).mul(normalised(x)[0]);
    }

    /**
     * xhat and invstd in tensor ops, differentiable in x: the statistics recomputed, for the
     * formulas of a recorded backward pass and of the tangents.
     */
    private Tensor[] normalised(Tensor x) {
      Tensor m = x.mean(dims, true);
      Tensor is = x.var(dims, false, true).add(eps).sqrt().reciprocal();
      return new Tensor[] {x.sub(m).mul(is), is};
    }

    /** Per channel, the sum of g and of g (x - mean). */
    private void channelSums(Tensor gc, Tensor xc, double[] gSum, double[] gDot) {
      int c = mean.length;
      int n = xc.shape[0];
      int s = xc.numel() / Math.max(1, n * c);
      parallelOverChannels(
          xc.numel(),
          c,
          ch -> {
            double sum = 0;
            double dot = 0;
            for (int i = 0; i < n; i++) {
              int at = (i * c + ch) * s;
              sum += sumOf(gc, at, s);
              dot += dotAbout(gc, xc, at, s, mean[ch]);
            }
            gSum[ch] = sum;
            gDot[ch] = dot;
          });
    }
  }

  /**
   * {@code out = a alpha + [y beta2] + beta} per channel of contiguous [N, C, ...] tensors (y and
   * beta2 may be null), rounded once to a's type: the output of batch norm and its gradient.
   */
  private static Tensor affine(Tensor a, double[] alpha, double[] beta, Tensor y, double[] beta2) {
    int n = a.shape[0];
    int c = alpha.length;
    int s = a.numel() / Math.max(1, n * c);
    Tensor out = Tensor.empty(a.dtype(), a.shape);
    parallelOverChannels(
        a.numel(),
        c,
        ch -> {
          for (int i = 0; i < n; i++) {
            int at = (i * c + ch) * s;
            if (a.storage.floats() != null) {
              float[] src = a.storage.floats();
              float[] dst = out.storage.floats();
              float[] other = y == null ? null : y.storage.floats();
              float k = (float) alpha[ch];
              float k2 = y == null ? 0f : (float) beta2[ch];
              float k0 = (float) beta[ch];
              int ao = a.offset + at;
              int yo = y == null ? 0 : y.offset + at;
              if (other == null) {
                for (int j = 0; j < s; j++) dst[at + j] = src[ao + j] * k + k0;
              } else {
                for (int j = 0; j < s; j++) dst[at + j] = src[ao + j] * k + other[yo + j] * k2 + k0;
              }
            } else {
              double[] src = a.storage.doubles();
              double[] dst = out.storage.doubles();
              double[] other = y == null ? null : y.storage.doubles();
              int ao = a.offset + at;
              int yo = y == null ? 0 : y.offset + at;
              for (int j = 0; j < s; j++) {
                double v = src[ao + j] * alpha[ch] + beta[ch];
                dst[at + j] = other == null ? v : v + other[yo + j] * beta2[ch];
              }
            }
          }
        });
    return out;
  }

  /** Runs {@code body} for each channel, split across threads when the tensor is large. */
  private static void parallelOverChannels(int numel, int channels, IntConsumer body) {
    if (numel < (1 << 16)) {
      for (int ch = 0; ch < channels; ch++) body.accept(ch);
    } else {
      ThreadPool.parallelFor(channels, body);
    }
  }

  /** The sum of the s elements of contiguous t from position at, in double, in four partials. */
  private static double sumOf(Tensor t, int at, int s) {
    return dotAbout(t, null, at, s, 0);
  }

  /** The sum of (t - m)^2 over the s elements from position at, in double. */
  private static double squaresAbout(Tensor t, int at, int s, double m) {
    return dotAbout(t, t, at, s, m, m);
  }

  /** The sum of g (x - m) over the s elements from position at (of g alone when x is null). */
  private static double dotAbout(Tensor g, Tensor x, int at, int s, double m) {
    return dotAbout(g, x, at, s, 0, m);
  }

  /**
   * The sum of (g - mg)(x - mx) over the s elements from position at, in double (of g - mg when x
   * is null), in four interleaved partial sums added in a fixed order.
   */
  private static double dotAbout(Tensor g, Tensor x, int at, int s, double mg, double mx) {
    float[] gf = g.storage.floats();
    double[] gd = g.storage.doubles();
    float[] xf = x == null ? null : x.storage.floats();
    double[] xd = x == null ? null : x.storage.doubles();
    int go = g.offset + at;
    int xo = x == null ? 0 : x.offset + at;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = 0;
    for (; j + 3 < s; j += 4) {
      s0 += term(gf, gd, go + j, mg, xf, xd, x, xo + j, mx);
      s1 += term(gf, gd, go + j + 1, mg, xf, xd, x, xo + j + 1, mx);
      s2 += term(gf, gd, go + j + 2, mg, xf, xd, x, xo + j + 2, mx);
      s3 += term(gf, gd, go + j + 3, mg, xf, xd, x, xo + j + 3, mx);
    }
    for (; j < s; j++) s0 += term(gf, gd, go + j, mg, xf, xd, x, xo + j, mx);
    return (s0 + s1) + (s2 + s3);
  }

  private static double term(
      float[] gf,
      double[] gd,
      int gi,
      double mg,
      float[] xf,
      double[] xd,
      Tensor x,
      int xi,
      double mx) {
    double gv = (gf != null ? gf[gi] : gd[gi]) - mg;
    if (x == null) return gv;
    return gv * ((xf != null ? xf[xi] : xd[xi]) - mx);
  }

  static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
    String op = "layerNorm";
    Arguments.requireNonNull(op, "input", x);
    Arguments.requireNonNull(op, "normalizedShape", normalizedShape);
    int k = normalizedShape.length;
    int[] shape = x.shape();
    if (k == 0
        || k > shape.length
        || !Arrays.equals(
            normalizedShape, Arrays.copyOfRange(shape, shape.length - k, shape.length))) {
      throw new TensorException(
          op
              + ": Given normalized_shape="
              + Arrays.toString(normalizedShape)
              + ", expected input with shape [*, "
              + join(normalizedShape)
              + "], but got input of size "
              + Shapes.format(shape));
    }
    for (Tensor t : new Tensor[] {weight, bias}) {
      if (t != null && !Arrays.equals(t.shape(), normalizedShape)) {
        throw new TensorException(
            op
                + ": weight and bias need the normalized shape "
                + Arrays.toString(normalizedShape)
                + ", got "
                + Shapes.format(t.shape()));
      }
    }
    Tensor out;
    if (x.dtype().isFloatingPoint() && x.numel() > 0) {
      int features = Shapes.numel(normalizedShape);
      out = rowsNormalised(x.reshape(1, x.numel() / features, features), eps).reshape(shape);
    } else {
      int[] dims = new int[k];
      for (int i = 0; i < k; i++) dims[i] = shape.length - k + i;
      out = normalised(x, x.mean(dims, true), x.var(dims, false, true), eps);
    }
    if (weight != null) out = out.mul(weight);
    if (bias != null) out = out.add(bias);
    return out.named("NativeLayerNormBackward");
  }

  /**
   * Each row of x [1, R, D] normalised by its own mean and biased variance: layer norm's statistics
   * are batch norm's with the rows as channels, so it runs batch norm's primitive, with weight 1
   * and bias 0 (layer norm's own weight and bias act along the other dim).
   */
  private static Tensor rowsNormalised(Tensor x, double eps) {
    int rows = x.shape[1];
    BatchStats stats = BatchStats.of(x, eps);
    Tensor one = Tensor.ones(x.dtype(), rows);
    Tensor zero = Tensor.zeros(x.dtype(), rows);
    Tensor out = stats.transform(x, one, zero);
    if (!Primitive.active(x)) return out;
    return Primitives.BATCH_NORM.record(out, new Tensor[] {x, one, zero}, stats);
  }

  static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, double eps) {
    String op = "groupNorm";
    Arguments.requireNonNull(op, "input", x);
    if (x.dim() < 2) {
      throw new TensorException(
          op
              + ": expected an input of at least 2 dims [N, C, ...], got shape "
              + Shapes.format(x.shape()));
    }
    int n = x.shape()[0];
    int c = x.shape()[1];
    if (groups < 1 || c % groups != 0) {
      throw new TensorException(
          op
              + ": Expected number of channels in input to be divisible by num_groups, but got input"
              + " of shape "
              + Shapes.format(x.shape())
              + " and num_groups="
              + groups);
    }
    for (Tensor t : new Tensor[] {weight, bias}) {
      if (t != null && (t.dim() != 1 || t.shape()[0] != c)) {
        throw new TensorException(
            op + ": weight and bias need shape [" + c + "], got " + Shapes.format(t.shape()));
      }
    }
    Tensor grouped = x.reshape(n, groups, -1);
    Tensor mean = grouped.mean(2, true);
    Tensor var = grouped.var(2, false, true);
    Tensor out = normalised(grouped, mean, var, eps).reshape(x.shape());
    return perChannel(out, weight, bias).named("NativeGroupNormBackward");
  }

  /** {@code (x - mean) / sqrt(var + eps)}. */
  private static Tensor normalised(Tensor x, Tensor mean, Tensor var, double eps) {
    return x.sub(mean).div(var.add(eps).sqrt());
  }

  /** {@code y * weight + bias} with [C] weight and bias (each may be null) on dim 1 of y. */
  private static Tensor perChannel(Tensor y, Tensor weight, Tensor bias) {
    int[] shape = channelShape(y);
    Tensor out = y;
    if (weight != null) out = out.mul(weight.reshape(shape));
    if (bias != null) out = out.add(bias.reshape(shape));
    return out;
  }

  /** [1, C, 1, ...]: a per-channel tensor's shape broadcast against x. */
  static int[] channelShape(Tensor x) {
    int[] shape = new int[x.dim()];
    Arrays.fill(shape, 1);
    shape[1] = x.shape()[1];
    return shape;
  }

  private static String join(int[] values) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < values.length; i++) s.append(i > 0 ? ", " : "").append(values[i]);
    return s.toString();
  }
}
