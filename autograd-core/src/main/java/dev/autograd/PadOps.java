package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PyTorch's {@code pad}, as a composite: constant padding joins blocks of the value on each side
 * ({@code cat}) and crops with {@code narrow} where a pad is negative; reflect, replicate and
 * circular padding select the source index of every output position ({@code indexSelect}), so that
 * their gradients add each output's gradient back to the element it copies (indexAdd).
 */
final class PadOps {
  private PadOps() {}

  static Tensor pad(Tensor x, int[] pad, String mode, double value) {
    Arguments.requireNonNull("pad", "input", x);
    Arguments.requireNonNull("pad", "pad", pad);
    Arguments.requireNonNull("pad", "mode", mode);
    if (pad.length % 2 != 0) {
      throw new TensorException("pad: padding length must be divisible by 2, got " + pad.length);
    }
    int dims = pad.length / 2;
    if (dims > x.dim()) {
      throw new TensorException(
          "pad: padding length "
              + pad.length
              + " pads "
              + dims
              + " dims, but the input of shape "
              + Shapes.format(x.shape())
              + " has "
              + x.dim());
    }
    String m = mode.toLowerCase(Locale.ROOT);
    if (!m.equals("constant") && value != 0) {
      throw new TensorException(
          "pad: padding mode \"" + mode + "\" doesn't take in value argument, got " + value);
    }
    if (!m.equals("constant")) {
      // As PyTorch: the modes that copy the input pad the last 1 to 3 dims of a batch.
      if (dims > 3 || x.dim() < dims + 1) {
        throw new TensorException(
            "pad: "
                + m
                + " padding of "
                + dims
                + " dims needs a "
                + (dims + 1)
                + "-D or "
                + (dims + 2)
                + "-D input (batch and channel dims first), got shape "
                + Shapes.format(x.shape()));
      }
    }
    Tensor out = x;
    for (int k = 0; k < dims; k++) {
      int dim = x.dim() - 1 - k;
      int before = pad[2 * k];
      int after = pad[2 * k + 1];
      switch (m) {
        case "constant":
          out = constant(out, dim, before, after, value);
          break;
        case "reflect":
        case "replicate":
        case "circular":
          out = byIndex(out, dim, before, after, m);
          break;
        default:
          throw new TensorException(
              "pad: mode must be \"constant\", \"reflect\", \"replicate\" or \"circular\", got \""
                  + mode
                  + "\"");
      }
    }
    return out == x ? x.clone() : out.named(backwardName(m));
  }

  private static String backwardName(String mode) {
    switch (mode) {
      case "reflect":
        return "ReflectionPadBackward";
      case "replicate":
        return "ReplicationPadBackward";
      default:
        return "ConstantPadNdBackward";
    }
  }

  private static Tensor constant(Tensor x, int dim, int before, int after, double value) {
    int n = x.shape()[dim];
    if ((long) n + before + after < 0) {
      throw new TensorException(
          "pad: the padding ("
              + before
              + ", "
              + after
              + ") of dim "
              + dim
              + " leaves a negative size from "
              + n);
    }
    Tensor t = x;
    if (before < 0) {
      t = t.narrow(dim, -before, t.shape()[dim] + before);
      before = 0;
    }
    if (after < 0) {
      t = t.narrow(dim, 0, t.shape()[dim] + after);
      after = 0;
    }
    if (before == 0 && after == 0) return t;
    List<Tensor> parts = new ArrayList<>(3);
    if (before > 0) parts.add(Tensor.full(value, t.dtype(), sizeWith(t, dim, before)));
    parts.add(t);
    if (after > 0) parts.add(Tensor.full(value, t.dtype(), sizeWith(t, dim, after)));
    return Tensor.cat(parts, dim);
  }

  private static int[] sizeWith(Tensor t, int dim, int size) {
    int[] s = t.shape();
    s[dim] = size;
    return s;
  }

  private static Tensor byIndex(Tensor x, int dim, int before, int after, String mode) {
    int n = x.shape()[dim];
    if (before < 0 || after < 0) {
      throw new TensorException(
          "pad: " + mode + " padding must be non-negative, got (" + before + ", " + after + ")");
    }
    if (mode.equals("reflect") && (before >= n || after >= n)) {
      throw new TensorException(
          "pad: Padding size should be less than the corresponding input dimension, but got:"
              + " padding ("
              + before
              + ", "
              + after
              + ") at dimension "
              + dim
              + " of input "
              + Shapes.format(x.shape()));
    }
    if (mode.equals("circular") && (before > n || after > n)) {
      throw new TensorException(
          "pad: Padding value causes wrapping around more than once: padding ("
              + before
              + ", "
              + after
              + ") at dimension "
              + dim
              + " of input "
              + Shapes.format(x.shape()));
    }
    if (n == 0 && before + after > 0) {
      throw new TensorException(
          "pad: "
              + mode
              + " padding of an empty dim "
              + dim
              + " (input "
              + Shapes.format(x.shape())
              + ")");
    }
    long[] index = new long[n + before + after];
    for (int i = 0; i < index.length; i++) {
      int j = i - before;
      switch (mode) {
        case "reflect":
          if (j < 0) j = -j;
          if (j >= n) j = 2 * (n - 1) - j;
          break;
        case "replicate":
          j = Math.max(0, Math.min(n - 1, j));
          break;
        default: // circular
          j = Math.floorMod(j, n);
      }
      index[i] = j;
    }
    return x.indexSelect(dim, Tensor.of(index));
  }
}
