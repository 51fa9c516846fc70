package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;

/**
 * Sampling: integers, permutations, Bernoulli and normal draws, and categories, each from a {@link
 * Generator} (the global one unless given). The draws are this library's, not PyTorch's bits; their
 * distributions are PyTorch's. None of them is differentiable.
 */
final class RandomOps {
  private RandomOps() {}

  static Tensor randint(long low, long high, int[] shape, Generator g) {
    Arguments.requireNonNull("randint", "generator", g);
    Arguments.requireNonNull("randint", "shape", shape);
    if (low >= high) {
      throw new TensorException(
          "randint: random_ expects 'from' to be less than 'to', but got from="
              + low
              + " >= to="
              + high);
    }
    if (high - low > (1L << 53) || high - low <= 0) {
      throw new TensorException(
          "randint: the range ["
              + low
              + ", "
              + high
              + ") is wider than 2^53, which INT64 tensors hold exactly");
    }
    int n = Shapes.checkedNumel("randint", shape);
    long range = high - low;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] =
          low
              + (range <= Integer.MAX_VALUE
                  ? g.nextInt((int) range)
                  : (long) (g.nextUniform() * range));
    }
    return Tensor.of(v, DType.INT64, shape.clone());
  }

  static Tensor randperm(int n, Generator g) {
    Arguments.requireNonNull("randperm", "generator", g);
    if (n < 0) throw new TensorException("randperm: n must be non-negative, got " + n);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = g.nextInt(i + 1);
      double t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
    return Tensor.of(v, DType.INT64, n);
  }

  static Tensor bernoulli(Tensor p, Generator g) {
    Arguments.requireNonNull("bernoulli", "p", p);
    Arguments.requireNonNull("bernoulli", "generator", g);
    if (!p.dtype().isFloatingPoint()) {
      throw new TensorException(
          "bernoulli: expected floating-point probabilities, got " + p.dtype().pytorchName());
    }
    double[] probs = p.toDoubleArray();
    double[] out = new double[probs.length];
    for (int i = 0; i < probs.length; i++) {
      if (!(probs[i] >= 0 && probs[i] <= 1)) {
        throw new TensorException(
            "bernoulli: bernoulli_ expects p to be in [0, 1], but got p=" + probs[i]);
      }
      out[i] = g.nextUniform() < probs[i] ? 1 : 0;
    }
    int[] shape = p.shape();
    return shape.length == 0 ? Tensor.scalar(out[0], p.dtype()) : Tensor.of(out, p.dtype(), shape);
  }

  static Tensor normal(double mean, double std, int[] shape, Generator g) {
    Arguments.requireNonNull("normal", "generator", g);
    Arguments.requireNonNull("normal", "shape", shape);
    if (!(std >= 0) || Double.isInfinite(std) || !Double.isFinite(mean)) {
      throw new TensorException(
          "normal: expects a finite mean and std >= 0.0, but found mean " + mean + ", std " + std);
    }
    return Tensor.randn(g, shape).mul(std).add(mean);
  }

  static Tensor multinomial(Tensor probs, int numSamples, boolean replacement, Generator g) {
    String op = "multinomial";
    Arguments.requireNonNull(op, "weights", probs);
    Arguments.requireNonNull(op, "generator", g);
    if (probs.dim() != 1 && probs.dim() != 2) {
      throw new TensorException(
          op + ": prob_dist must be 1 or 2 dim, got shape " + Shapes.format(probs.shape()));
    }
    if (!probs.dtype().isFloatingPoint()) {
      throw new TensorException(
          op + ": expected floating-point weights, got " + probs.dtype().pytorchName());
    }
    int rows = probs.dim() == 1 ? 1 : probs.shape()[0];
    int k = probs.shape()[probs.dim() - 1];
    if (numSamples <= 0) throw new TensorException(op + ": cannot sample n_sample <= 0 samples");
    if (!replacement && numSamples > k) {
      throw new TensorException(
          op
              + ": cannot sample n_sample > prob_dist.size(-1) samples without replacement ("
              + numSamples
              + " > "
              + k
              + ")");
    }
    double[] w = probs.contiguous().toDoubleArray();
    double[] out = new double[rows * numSamples];
    for (int r = 0; r < rows; r++) {
      double[] row = new double[k];
      double total = 0;
      int positive = 0;
      for (int c = 0; c < k; c++) {
        double v = w[r * k + c];
        if (!(v >= 0) || Double.isInfinite(v)) {
          throw new TensorException(
              op + ": probability tensor contains either inf, nan or element < 0");
        }
        row[c] = v;
        total += v;
        if (v > 0) positive++;
      }
      if (total == 0)
        throw new TensorException(
            op + ": invalid multinomial distribution (sum of probabilities <= 0)");
      if (!replacement && positive < numSamples) {
        throw new TensorException(
            op
                + ": invalid multinomial distribution (with replacement=False, not enough non-negative"
                + " category to sample)");
      }
      for (int s = 0; s < numSamples; s++) {
        double u = g.nextUniform() * total;
        int pick = 0;
        double acc = 0;
        for (int c = 0; c < k; c++) {
          if (row[c] == 0) continue;
          pick = c;
          acc += row[c];
          if (u < acc) break;
        }
        out[r * numSamples + s] = pick;
        if (!replacement) {
          total -= row[pick];
          row[pick] = 0;
        }
      }
    }
    return probs.dim() == 1
        ? Tensor.of(out, DType.INT64, numSamples)
        : Tensor.of(out, DType.INT64, rows, numSamples);
  }
}
