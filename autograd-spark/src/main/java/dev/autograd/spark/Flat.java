package dev.autograd.spark;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Tensor;
import java.util.List;

/** A model's parameters as one flat array, in {@code parameters()} order: what a step moves. */
final class Flat {
  private Flat() {}

  static int size(List<Tensor> params) {
    long n = 0;
    for (Tensor p : params) n += p.numel();
    if (n > Integer.MAX_VALUE - 8) {
      throw new TrainingException(
          "Trainer: the model has " + n + " parameter values; at most 2^31 - 9 fit one array");
    }
    return (int) n;
  }

  static double[] values(List<Tensor> params) {
    double[] out = new double[size(params)];
    int offset = 0;
    for (Tensor p : params) {
      double[] v = p.toDoubleArray();
      System.arraycopy(v, 0, out, offset, v.length);
      offset += v.length;
    }
    return out;
  }

  /**
   * Sets each parameter to its slice of {@code values}; exact, as the values came from its dtype.
   */
  @SuppressWarnings("try") // the scope is held for its effect: no recording while it is open
  static void load(List<Tensor> params, double[] values) {
    int offset = 0;
    try (var scope = Autograd.noGrad()) {
      for (Tensor p : params) {
        p.copy_(Tensor.of(slice(values, offset, p.numel()), p.dtype(), p.shape()));
        offset += p.numel();
      }
    }
  }

  /** Sets each parameter, all float32, to its slice of {@code values}. */
  @SuppressWarnings("try") // the scope is held for its effect: no recording while it is open
  static void load(List<Tensor> params, float[] values) {
    int offset = 0;
    try (var scope = Autograd.noGrad()) {
      for (Tensor p : params) {
        float[] slice = new float[(int) p.numel()];
        System.arraycopy(values, offset, slice, 0, slice.length);
        p.copy_(Tensor.of(slice, p.shape()));
        offset += slice.length;
      }
    }
  }

  /** Whether every parameter is float32: their values then travel as floats. */
  static boolean allFloat32(List<Tensor> params) {
    for (Tensor p : params) {
      if (p.dtype() != DType.FLOAT32) return false;
    }
    return true;
  }

  /** Adds each parameter's gradient, if it has one, to its slice of {@code sum}. */
  static void addGradients(List<Tensor> params, double[] sum, boolean[] hasGrad) {
    int offset = 0;
    for (int i = 0; i < params.size(); i++) {
      Tensor p = params.get(i);
      Tensor g = p.peekGrad();
      if (g != null) {
        double[] v = g.toDoubleArray();
        for (int k = 0; k < v.length; k++) sum[offset + k] += v[k];
        hasGrad[i] = true;
      }
      offset += p.numel();
    }
  }

  /** Gives each parameter its slice of {@code grad} as its gradient, or none where it had none. */
  static void setGradients(List<Tensor> params, double[] grad, boolean[] hasGrad) {
    int offset = 0;
    for (int i = 0; i < params.size(); i++) {
      Tensor p = params.get(i);
      p.setGrad(
          hasGrad[i] ? Tensor.of(slice(grad, offset, p.numel()), p.dtype(), p.shape()) : null);
      offset += p.numel();
    }
  }

  private static double[] slice(double[] values, int offset, int n) {
    double[] out = new double[n];
    System.arraycopy(values, offset, out, 0, n);
    return out;
  }
}
