package dev.autograd.nn;

import dev.autograd.Autograd;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Initialisation of parameters in place, like {@code torch.nn.init}: each method fills a tensor
 * (typically a module's weight, which requires grad) without recording, from the global generator
 * (see {@link Tensor#manualSeed}), and returns it.
 *
 * <pre>{@code
 * Linear layer = new Linear(256, 128);
 * Init.kaimingNormal_(layer.weight(), 0, Init.FanMode.FAN_IN, "relu"); // for a ReLU network
 * Init.zeros_(layer.bias());
 * }</pre>
 *
 * <p>The fans of a weight of shape [out, in, k1, k2, ...] are {@code fanIn = in * k1 * k2 * ...}
 * and {@code fanOut = out * k1 * k2 * ...}. The scaled initialisations, with {@code gain} from
 * {@link #calculateGain(String, double)}:
 *
 * <pre>
 * xavierUniform_:  U(-a, a),   a = gain * sqrt(6 / (fanIn + fanOut))        (Glorot and Bengio, 2010)
 * xavierNormal_:   N(0, std²), std = gain * sqrt(2 / (fanIn + fanOut))
 * kaimingUniform_: U(-b, b),   b = gain * sqrt(3 / fan)                      (He et al., 2015)
 * kaimingNormal_:  N(0, std²), std = gain / sqrt(fan)         fan = fanIn or fanOut, by the mode
 * </pre>
 *
 * The random draws are this library's, not PyTorch's: the same formulas and distributions, other
 * numbers.
 */
public final class Init {
  private Init() {}

  /** Which fan scales the Kaiming initialisations. */
  public enum FanMode {
    /** Keeps the variance of the forward pass (PyTorch's default, {@code 'fan_in'}). */
    FAN_IN,
    /** Keeps the variance of the gradients in the backward pass ({@code 'fan_out'}). */
    FAN_OUT
  }

  /**
   * The recommended gain for a nonlinearity, as {@code torch.nn.init.calculate_gain}: 1 for
   * "linear", the convolutions ("conv1d" ... "conv_transpose3d") and "sigmoid"; 5/3 for "tanh";
   * sqrt(2) for "relu"; sqrt(2 / (1 + slope²)) for "leaky_relu" with its negative slope (0.01 by
   * default); 3/4 for "selu".
   *
   * @param nonlinearity the function's PyTorch name
   * @return the gain
   * @throws IllegalArgumentException for another name
   */
  public static double calculateGain(String nonlinearity) {
    return calculateGain(nonlinearity, Double.NaN);
  }

  /**
   * As {@link #calculateGain(String)}, with the negative slope of "leaky_relu" (NaN for its
   * default, 0.01); the parameter is ignored for the other functions.
   *
   * @param nonlinearity the function's PyTorch name
   * @param param the negative slope of "leaky_relu"
   * @return the gain
   * @throws IllegalArgumentException for an unknown name
   */
  public static double calculateGain(String nonlinearity, double param) {
    Arguments.requireNonNull("calculateGain", "nonlinearity", nonlinearity);
    switch (nonlinearity) {
      case "linear":
      case "conv1d":
      case "conv2d":
      case "conv3d":
      case "conv_transpose1d":
      case "conv_transpose2d":
      case "conv_transpose3d":
      case "sigmoid":
        return 1;
      case "tanh":
        return 5.0 / 3;
      case "relu":
        return Math.sqrt(2.0);
      case "leaky_relu":
        double slope = Double.isNaN(param) ? 0.01 : param;
        return Math.sqrt(2.0 / (1 + slope * slope));
      case "selu":
        return 3.0 / 4;
      default:
        throw new IllegalArgumentException("Unsupported nonlinearity " + nonlinearity);
    }
  }

  /**
   * Fills {@code t} with draws from U(a, b).
   *
   * @param t the tensor to fill, of a floating point type
   * @param a the lower bound
   * @param b the upper bound, at least {@code a}
   * @return {@code t}
   * @throws IllegalArgumentException if {@code t} is not FLOAT32 or FLOAT64, or {@code a > b}
   */
  public static Tensor uniform_(Tensor t, double a, double b) {
    Arguments.requireNonNull("uniform_", "t", t);
    requireFloating("uniform_", t);
    if (!(a <= b)) {
      throw new IllegalArgumentException(
          "uniform_ expects to return a [from, to) range, but found from=" + a + " > to=" + b);
    }
    Generator g = Generator.global();
    double[] values = new double[t.numel()];
    for (int i = 0; i < values.length; i++) values[i] = a + (b - a) * g.nextUniform();
    return fill(t, values);
  }

  /**
   * Fills {@code t} with draws from N(mean, std²).
   *
   * @param t the tensor to fill, of a floating point type
   * @param mean the mean
   * @param std the standard deviation, at least 0
   * @return {@code t}
   * @throws IllegalArgumentException if {@code t} is not FLOAT32 or FLOAT64, or {@code std < 0}
   */
  public static Tensor normal_(Tensor t, double mean, double std) {
    Arguments.requireNonNull("normal_", "t", t);
    requireFloating("normal_", t);
    if (!(std >= 0)) {
      throw new IllegalArgumentException("normal_ expects std >= 0.0, but found std " + std);
    }
    Generator g = Generator.global();
    double[] values = new double[t.numel()];
    for (int i = 0; i < values.length; i++) values[i] = mean + std * g.nextGaussian();
    return fill(t, values);
  }

  /**
   * Fills {@code t} with {@code value}.
   *
   * @param t the tensor to fill
   * @param value the value
   * @return {@code t}
   */
  public static Tensor constant_(Tensor t, double value) {
    Arguments.requireNonNull("constant_", "t", t);
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      t.fill_(value);
    }
    return t;
  }

  /**
   * Fills {@code t} with zeros.
   *
   * @param t the tensor to fill
   * @return {@code t}
   */
  public static Tensor zeros_(Tensor t) {
    Arguments.requireNonNull("zeros_", "t", t);
    return constant_(t, 0);
  }

  /**
   * Fills {@code t} with ones.
   *
   * @param t the tensor to fill
   * @return {@code t}
   */
  public static Tensor ones_(Tensor t) {
    Arguments.requireNonNull("ones_", "t", t);
    return constant_(t, 1);
  }

  /**
   * Xavier (Glorot) uniform with gain 1: U(-a, a), {@code a = sqrt(6 / (fanIn + fanOut))}.
   *
   * @param t a weight of at least 2 dimensions
   * @return {@code t}
   * @throws IllegalArgumentException if {@code t} has fewer than 2 dimensions
   */
  public static Tensor xavierUniform_(Tensor t) {
    Arguments.requireNonNull("xavierUniform_", "t", t);
    return xavierUniform_(t, 1);
  }

  /**
   * Xavier (Glorot) uniform: U(-a, a), {@code a = gain * sqrt(6 / (fanIn + fanOut))}.
   *
   * @param t a weight of at least 2 dimensions
   * @param gain the scale, such as {@code calculateGain("tanh")}
   * @return {@code t}
   * @throws IllegalArgumentException if {@code t} has fewer than 2 dimensions
   */
  public static Tensor xavierUniform_(Tensor t, double gain) {
    Arguments.requireNonNull("xavierUniform_", "t", t);
    int[] fans = fans(t);
    double a = gain * Math.sqrt(6.0 / (fans[0] + fans[1]));
    return uniform_(t, -a, a);
  }

  /**
   * Xavier (Glorot) normal with gain 1: N(0, std²), {@code std = sqrt(2 / (fanIn + fanOut))}.
   *
   * @param t a weight of at least 2 dimensions
   * @return {@code t}
   * @throws IllegalArgumentException if {@code t} has fewer than 2 dimensions
   */
  public static Tensor xavierNormal_(Tensor t) {
    Arguments.requireNonNull("xavierNormal_", "t", t);
    return xavierNormal_(t, 1);
  }

  /**
   * Xavier (Glorot) normal: N(0, std²), {@code std = gain * sqrt(2 / (fanIn + fanOut))}.
   *
   * @param t a weight of at least 2 dimensions
   * @param gain the scale, such as {@code calculateGain("tanh")}
   * @return {@code t}
   * @throws IllegalArgumentException if {@code t} has fewer than 2 dimensions
   */
  public static Tensor xavierNormal_(Tensor t, double gain) {
    Arguments.requireNonNull("xavierNormal_", "t", t);
    int[] fans = fans(t);
    return normal_(t, 0, gain * Math.sqrt(2.0 / (fans[0] + fans[1])));
  }

  /**
   * Kaiming (He) uniform with PyTorch's defaults (a = 0, FAN_IN, "leaky_relu", so a gain of
   * sqrt(2)): U(-b, b), {@code b = sqrt(6 / fanIn)}.
   *
   * @param t a weight of at least 2 dimensions
   * @return {@code t}
   * @throws IllegalArgumentException if {@code t} has fewer than 2 dimensions
   */
  public static Tensor kaimingUniform_(Tensor t) {
    Arguments.requireNonNull("kaimingUniform_", "t", t);
    return kaimingUniform_(t, 0, FanMode.FAN_IN, "leaky_relu");
  }

  /**
   * Kaiming (He) uniform: U(-b, b), {@code b = gain * sqrt(3 / fan)}, with {@code gain =
   * calculateGain(nonlinearity, a)}.
   *
   * @param t a weight of at least 2 dimensions
   * @param a the negative slope of the leaky ReLU that follows (used with "leaky_relu" only)
   * @param mode which fan to keep the variance over
   * @param nonlinearity the function that follows, by its PyTorch name ("relu", "leaky_relu")
   * @return {@code t}
   * @throws IllegalArgumentException if {@code t} has fewer than 2 dimensions or the nonlinearity
   *     is unknown
   */
  public static Tensor kaimingUniform_(Tensor t, double a, FanMode mode, String nonlinearity) {
    Arguments.requireNonNull("kaimingUniform_", "t", t);
    Arguments.requireNonNull("kaimingUniform_", "mode", mode);
    Arguments.requireNonNull("kaimingUniform_", "nonlinearity", nonlinearity);
    double bound = calculateGain(nonlinearity, a) * Math.sqrt(3.0 / fan(t, mode));
    return uniform_(t, -bound, bound);
  }

  /**
   * Kaiming (He) normal with PyTorch's defaults (a = 0, FAN_IN, "leaky_relu"): N(0, std²), {@code
   * std = sqrt(2 / fanIn)}.
   *
   * @param t a weight of at least 2 dimensions
   * @return {@code t}
   * @throws IllegalArgumentException if {@code t} has fewer than 2 dimensions
   */
  public static Tensor kaimingNormal_(Tensor t) {
    Arguments.requireNonNull("kaimingNormal_", "t", t);
    return kaimingNormal_(t, 0, FanMode.FAN_IN, "leaky_relu");
  }

  /**
   * Kaiming (He) normal: N(0, std²), {@code std = gain / sqrt(fan)}, with {@code gain =
   * calculateGain(nonlinearity, a)}.
   *
   * @param t a weight of at least 2 dimensions
   * @param a the negative slope of the leaky ReLU that follows (used with "leaky_relu" only)
   * @param mode which fan to keep the variance over
   * @param nonlinearity the function that follows, by its PyTorch name ("relu", "leaky_relu")
   * @return {@code t}
   * @throws IllegalArgumentException if {@code t} has fewer than 2 dimensions or the nonlinearity
   *     is unknown
   */
  public static Tensor kaimingNormal_(Tensor t, double a, FanMode mode, String nonlinearity) {
    Arguments.requireNonNull("kaimingNormal_", "t", t);
    Arguments.requireNonNull("kaimingNormal_", "mode", mode);
    Arguments.requireNonNull("kaimingNormal_", "nonlinearity", nonlinearity);
    return normal_(t, 0, calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode)));
  }

  /** {fanIn, fanOut} of a weight [out, in, k1, ...]. */
  static int[] fans(Tensor t) {
    int[] shape = t.shape();
    if (shape.length < 2) {
      throw new IllegalArgumentException(
          "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
    }
    int receptive = 1;
    for (int d = 2; d < shape.length; d++) receptive *= shape[d];
    return new int[] {shape[1] * receptive, shape[0] * receptive};
  }

  private static int fan(Tensor t, FanMode mode) {
    int[] fans = fans(t);
    return mode == FanMode.FAN_IN ? fans[0] : fans[1];
  }

  private static void requireFloating(String op, Tensor t) {
    if (!t.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          op + ": random values need a FLOAT32 or FLOAT64 tensor, got " + t.dtype().pytorchName());
    }
  }

  /** Copies {@code values} (row-major) into {@code t} without recording. */
  private static Tensor fill(Tensor t, double[] values) {
    if (values.length == 0) return t; // as PyTorch: nothing to fill
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      Tensor source =
          t.dim() == 0
              ? Tensor.scalar(values[0], t.dtype())
              : Tensor.of(values, t.dtype(), t.shape());
      t.copy_(source);
    }
    return t;
  }

  /**
   * A new tensor uniform in [-bound, bound), drawn from {@code generator}: the layers' default
   * initialisation (PyTorch's bound of 1/sqrt(fan_in)).
   */
  static Tensor uniformWithin(dev.autograd.Generator generator, double bound, int... shape) {
    return Tensor.rand(generator, shape).mul(2 * bound).sub(bound);
  }
}
