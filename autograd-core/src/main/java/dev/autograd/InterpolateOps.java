package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;
import java.util.Arrays;

/**
 * PyTorch's {@code interpolate} for 4-D inputs, as composites: nearest selects a source row and
 * column per output position ({@code indexSelect}); bilinear is separable, {@code A_h x A_w^T} with
 * the interpolation weights of each output position as the rows of two small matrices, so both are
 * differentiable through ops that already are.
 */
final class InterpolateOps {
  private InterpolateOps() {}

  static Tensor interpolate(
      Tensor x, int[] size, double[] scaleFactor, String mode, boolean alignCorners) {
    String op = "interpolate";
    Arguments.requireNonNull(op, "input", x);
    Arguments.requireNonNull(op, "mode", mode);
    if (x.dim() != 4) {
      throw new TensorException(
          op + ": expected a 4-D input [N, C, H, W], got shape " + Shapes.format(x.shape()));
    }
    if (!x.dtype().isFloatingPoint()) {
      throw new TensorException(
          op + ": expected a floating-point input, got " + x.dtype().pytorchName());
    }
    if ((size == null) == (scaleFactor == null)) {
      throw new TensorException(op + ": only one of size or scale_factor should be defined");
    }
    if (mode.equals("nearest") && alignCorners) {
      throw new TensorException(
          op
              + ": align_corners option can only be set with the interpolating modes: linear |"
              + " bilinear | bicubic | trilinear");
    }
    int[] in = {x.shape()[2], x.shape()[3]};
    int[] out = new int[2];
    double[] scale = new double[2]; // source step per output step, as PyTorch computes it
    for (int d = 0; d < 2; d++) {
      if (size != null) {
        if (size.length != 1 && size.length != 2) {
          throw new TensorException(
              op + ": size needs 1 or 2 values, got " + Arrays.toString(size));
        }
        out[d] = size[size.length == 1 ? 0 : d];
        scale[d] = (double) in[d] / out[d];
      } else {
        if (scaleFactor.length != 1 && scaleFactor.length != 2) {
          throw new TensorException(
              op + ": scaleFactor needs 1 or 2 values, got " + Arrays.toString(scaleFactor));
        }
        double f = scaleFactor[scaleFactor.length == 1 ? 0 : d];
        if (!(f > 0) || Double.isInfinite(f)) {
          throw new TensorException(op + ": scale factors must be positive and finite, got " + f);
        }
        out[d] = (int) Math.floor(in[d] * f);
        scale[d] = 1 / f;
      }
      if (out[d] < 1) {
        throw new TensorException(
            op
                + ": the output size "
                + out[d]
                + " of spatial dim "
                + d
                + " is not positive (input "
                + Shapes.format(x.shape())
                + ")");
      }
    }
    switch (mode) {
      case "nearest":
        return nearest(x, in, out, scale).named("UpsampleNearest2DBackward");
      case "bilinear":
        {
          Tensor ah = linearWeights(in[0], out[0], scale[0], alignCorners, x.dtype());
          Tensor aw = linearWeights(in[1], out[1], scale[1], alignCorners, x.dtype());
          return ah.matmul(x).matmul(aw.t()).named("UpsampleBilinear2DBackward");
        }
      default:
        throw new TensorException(
            op
                + ": mode must be \"nearest\" or \"bilinear\" (for 4-D inputs), got \""
                + mode
                + "\"");
    }
  }

  /** Output position i reads source min(floor(i * scale), in - 1), as PyTorch's nearest. */
  private static Tensor nearest(Tensor x, int[] in, int[] out, double[] scale) {
    Tensor t = x;
    for (int d = 0; d < 2; d++) {
      long[] index = new long[out[d]];
      for (int i = 0; i < out[d]; i++) {
        // in float, as PyTorch computes it
        index[i] = Math.min((long) Math.floor((float) i * (float) scale[d]), in[d] - 1);
      }
      t = t.indexSelect(2 + d, Tensor.of(index));
    }
    return t;
  }

  /**
   * The [out, in] matrix of linear interpolation: row i holds 1 - λ and λ at the two sources of
   * output position i, which is {@code (i + 0.5) scale - 0.5} (at least 0), or {@code i (in - 1) /
   * (out - 1)} with aligned corners.
   */
  private static Tensor linearWeights(
      int in, int out, double scale, boolean alignCorners, DType dtype) {
    double[] m = new double[out * in];
    for (int i = 0; i < out; i++) {
      double src;
      if (alignCorners) {
        src = out > 1 ? (double) i * (in - 1) / (out - 1) : 0;
      } else {
        src = Math.max(0, (i + 0.5) * scale - 0.5);
      }
      int i0 = Math.min((int) Math.floor(src), in - 1);
      int i1 = Math.min(i0 + 1, in - 1);
      double lambda = src - i0;
      m[i * in + i0] += 1 - lambda;
      m[i * in + i1] += lambda;
    }
    return Tensor.of(m, dtype, out, in);
  }
}
