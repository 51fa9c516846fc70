package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;
import java.util.Arrays;

/**
 * Batch, layer and group normalisation, as composites of mean, var and element-wise ops (so their
 * gradients, of every order, follow from those). Each normalises by {@code (x - mean) / sqrt(var +
 * eps)} with the biased variance, as PyTorch does; batch norm's running variance is updated with
 * the unbiased one, also as PyTorch does.
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
      mean = x.mean(dims, true);
      var = x.var(dims, false, true);
      if (runningMean != null) {
        try (Autograd.Scope ignored = Autograd.noGrad()) {
          Tensor batchMean = mean.detach().reshape(c).to(runningMean.dtype());
          Tensor unbiased =
              var.detach().reshape(c).mul((double) count / (count - 1)).to(runningVar.dtype());
          runningMean.mul_(1 - momentum).add_(batchMean.mul(momentum));
          runningVar.mul_(1 - momentum).add_(unbiased.mul(momentum));
        }
      }
    } else {
      if (runningMean == null) {
        throw new TensorException(op + ": running statistics are needed outside training");
      }
      mean = runningMean.reshape(channelShape);
      var = runningVar.reshape(channelShape);
    }
    return perChannel(normalised(x, mean, var, eps), weight, bias).named("NativeBatchNormBackward");
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
    int[] dims = new int[k];
    for (int i = 0; i < k; i++) dims[i] = shape.length - k + i;
    Tensor mean = x.mean(dims, true);
    Tensor var = x.var(dims, false, true);
    Tensor out = normalised(x, mean, var, eps);
    if (weight != null) out = out.mul(weight);
    if (bias != null) out = out.add(bias);
    return out.named("NativeLayerNormBackward");
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
  private static int[] channelShape(Tensor x) {
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
