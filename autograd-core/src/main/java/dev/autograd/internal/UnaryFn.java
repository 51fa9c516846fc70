package dev.autograd.internal;

/**
 * The element-wise functions of one argument that kernels evaluate, each with all of its plain Java
 * code in one place: its definition in double ({@link #apply}), and where it pays, its float value
 * one element at a time ({@link #applyFloat}), its float loop ({@link #floatsAt}) and its double
 * loop ({@link #doubles}). A function that overrides none of these is computed through its double
 * definition, rounded to the output's type. {@code p} and {@code q} carry the function's parameters
 * (the slope of LEAKY_RELU, the exponent of POW, the bounds of CLAMP).
 *
 * <p>Derivatives are not here: they are written with the ops, in terms of tensors, so that they can
 * be differentiated again (see the primitives table in {@code dev.autograd}). The Vector API
 * kernels keep their own table, keyed by these constants (VectorKernels).
 *
 * <p>Why loops with one offset: C2 (JDK 17) vectorizes a loop only when all its array accesses
 * share one offset, so {@link #floatsAt} takes one and {@link #floats} copies x to out a block at a
 * time when the offsets differ. Each loop is a method of its own, small enough to be compiled on
 * its own profile.
 */
public enum UnaryFn {
  /** x + p: a tensor plus a number (and minus one, with p negated). */
  ADD(false) {
    @Override
    public double apply(double x, double p, double q) {
      return x + p;
    }

    @Override
    void floatsAt(float[] x, float[] out, int o, int n, double p, double q) {
      float v = (float) p;
      if (v != p) {
        super.floatsAt(x, out, o, n, p, q);
        return;
      }
      for (int i = 0; i < n; i++) out[o + i] = x[o + i] + v;
    }

    @Override
    void doubles(double[] x, int xo, double[] out, int oo, int n, double p, double q) {
      for (int i = 0; i < n; i++) out[oo + i] = x[xo + i] + p;
    }
  },
  /** x * p: a tensor times a number. */
  MUL(false) {
    @Override
    public double apply(double x, double p, double q) {
      return x * p;
    }

    @Override
    void floatsAt(float[] x, float[] out, int o, int n, double p, double q) {
      float v = (float) p;
      if (v != p) {
        super.floatsAt(x, out, o, n, p, q);
        return;
      }
      for (int i = 0; i < n; i++) out[o + i] = x[o + i] * v;
    }

    @Override
    void doubles(double[] x, int xo, double[] out, int oo, int n, double p, double q) {
      for (int i = 0; i < n; i++) out[oo + i] = x[xo + i] * p;
    }
  },
  /** x / p: a tensor divided by a number. */
  DIV(false) {
    @Override
    public double apply(double x, double p, double q) {
      return x / p;
    }

    @Override
    void floatsAt(float[] x, float[] out, int o, int n, double p, double q) {
      float v = (float) p;
      if (v != p) {
        super.floatsAt(x, out, o, n, p, q);
        return;
      }
      for (int i = 0; i < n; i++) out[o + i] = x[o + i] / v;
    }

    @Override
    void doubles(double[] x, int xo, double[] out, int oo, int n, double p, double q) {
      for (int i = 0; i < n; i++) out[oo + i] = x[xo + i] / p;
    }
  },
  NEG(false) {
    @Override
    public double apply(double x, double p, double q) {
      return -x;
    }

    @Override
    void floatsAt(float[] x, float[] out, int o, int n, double p, double q) {
      for (int i = 0; i < n; i++) out[o + i] = -x[o + i];
    }

    @Override
    void doubles(double[] x, int xo, double[] out, int oo, int n, double p, double q) {
      for (int i = 0; i < n; i++) out[oo + i] = -x[xo + i];
    }
  },
  /** e^x; float32 through {@link FloatMath#exp(float)}, within 1 ulp. */
  EXP(true) {
    @Override
    public double apply(double x, double p, double q) {
      return Math.exp(x);
    }

    @Override
    void floats(float[] x, int xo, float[] out, int oo, int n, double p, double q) {
      FloatMath.exp(x, xo, out, oo, n);
    }
  },
  /** e^x - 1, accurate near 0 where exp(x) - 1 loses every digit. */
  EXPM1(true) {
    @Override
    public double apply(double x, double p, double q) {
      return Math.expm1(x);
    }
  },
  /** ln(1 + x), accurate near 0 where log(1 + x) loses every digit. */
  LOG1P(true) {
    @Override
    public double apply(double x, double p, double q) {
      return Math.log1p(x);
    }
  },
  /** ln x; float32 through {@link FloatMath#log(float)}, computed in double without Math.log. */
  LOG(true) {
    @Override
    public double apply(double x, double p, double q) {
      return Math.log(x);
    }
  },
  SIN(true) {
    @Override
    public double apply(double x, double p, double q) {
      return Math.sin(x);
    }
  },
  COS(true) {
    @Override
    public double apply(double x, double p, double q) {
      return Math.cos(x);
    }
  },
  SQRT(false) {
    @Override
    public double apply(double x, double p, double q) {
      return Math.sqrt(x);
    }

    // A loop of its own, which the JIT compiles to SIMD code: the optimizers take the square root
    // of every parameter's statistics at each step, and through applyFloat that is a call per
    // element (see docs/performance.md).
    @Override
    void floatsAt(float[] x, float[] out, int o, int n, double p, double q) {
      for (int i = o; i < o + n; i++) out[i] = (float) Math.sqrt(x[i]);
    }
  },
  RECIPROCAL(false) {
    @Override
    public double apply(double x, double p, double q) {
      return 1.0 / x;
    }
  },
  /** tanh(x); float32 through {@link FloatMath#tanh(float)}. */
  TANH(true) {
    @Override
    public double apply(double x, double p, double q) {
      return Math.tanh(x);
    }

    @Override
    void floats(float[] x, int xo, float[] out, int oo, int n, double p, double q) {
      FloatMath.tanh(x, xo, out, oo, n);
    }
  },
  /** 1 / (1 + e^-x); float32 through {@link FloatMath#sigmoid(float)}. */
  SIGMOID(true) {
    @Override
    public double apply(double x, double p, double q) {
      // NOTE: two branches so that exp never overflows for large |x|.
      if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
      double e = Math.exp(x);
      return e / (1.0 + e);
    }

    @Override
    void floats(float[] x, int xo, float[] out, int oo, int n, double p, double q) {
      FloatMath.sigmoid(x, xo, out, oo, n);
    }
  },
  /** max(x, 0), NaN kept; Math.max also maps -0 to +0. */
  RELU(false) {
    @Override
    public double apply(double x, double p, double q) {
      return x > 0 ? x : (Double.isNaN(x) ? x : 0.0);
    }

    @Override
    void floatsAt(float[] x, float[] out, int o, int n, double p, double q) {
      for (int i = 0; i < n; i++) out[o + i] = Math.max(x[o + i], 0f);
    }

    @Override
    void doubles(double[] x, int xo, double[] out, int oo, int n, double p, double q) {
      for (int i = 0; i < n; i++) out[oo + i] = Math.max(x[xo + i], 0.0);
    }
  },
  LEAKY_RELU(false) {
    @Override
    public double apply(double x, double p, double q) {
      return leakyRelu(x, p);
    }
  },
  ABS(false) {
    @Override
    public double apply(double x, double p, double q) {
      return Math.abs(x);
    }

    @Override
    void floatsAt(float[] x, float[] out, int o, int n, double p, double q) {
      for (int i = 0; i < n; i++) out[o + i] = Math.abs(x[o + i]);
    }

    @Override
    void doubles(double[] x, int xo, double[] out, int oo, int n, double p, double q) {
      for (int i = 0; i < n; i++) out[oo + i] = Math.abs(x[xo + i]);
    }
  },
  SIGN(false) {
    @Override
    public double apply(double x, double p, double q) {
      return Math.signum(x);
    }
  },
  FLOOR(false) {
    @Override
    public double apply(double x, double p, double q) {
      return Math.floor(x);
    }
  },
  CEIL(false) {
    @Override
    public double apply(double x, double p, double q) {
      return Math.ceil(x);
    }
  },
  /** Round half to even, as PyTorch's round. */
  ROUND(false) {
    @Override
    public double apply(double x, double p, double q) {
      return Math.rint(x);
    }
  },
  TRUNC(false) {
    @Override
    public double apply(double x, double p, double q) {
      return x < 0 ? Math.ceil(x) : Math.floor(x);
    }
  },
  /** softplus(x) = log(1 + exp(p x)) / p, and x itself where p x is above the threshold q. */
  SOFTPLUS(true) {
    @Override
    public double apply(double x, double p, double q) {
      double scaled = x * p;
      return scaled > q ? x : Math.log1p(Math.exp(scaled)) / p;
    }
  },
  ERF(true) {
    @Override
    public double apply(double x, double p, double q) {
      return SpecialFunctions.erf(x);
    }
  },
  /**
   * x to the constant power p. Squares and cubes are products, x * x and (x * x) * x, as in
   * PyTorch's kernel (the same doubles), and far cheaper than {@link Math#pow}.
   */
  POW(true) {
    @Override
    public double apply(double x, double p, double q) {
      return pow(x, p);
    }
  },
  /** p * x^(p - 1): the derivative of x^p, with x^(p - 1) taken as {@link #POW} takes it. */
  POW_DERIVATIVE(true) {
    @Override
    public double apply(double x, double p, double q) {
      return powDerivative(x, p);
    }
  },
  /** x limited to [p, q]; NaN bounds mean "no bound". */
  CLAMP(false) {
    @Override
    public double apply(double x, double p, double q) {
      if (Double.isNaN(x)) return x;
      if (!Double.isNaN(p) && x < p) x = p;
      if (!Double.isNaN(q) && x > q) x = q;
      return x;
    }
  };

  private final boolean transcendental;

  UnaryFn(boolean transcendental) {
    this.transcendental = transcendental;
  }

  /**
   * The function's definition, in double.
   *
   * @param x the argument
   * @param p the first parameter (unused by most functions)
   * @param q the second parameter (unused by most functions)
   * @return fn(x; p, q)
   */
  public abstract double apply(double x, double p, double q);

  /**
   * fn(x; p, q) of a float, as {@link #floatsAt} computes it element by element: the path of ranges
   * too short for a loop. The functions with float loops of their own are listed; the others are
   * their double definition, rounded.
   *
   * <p>NOTE: one switch, not an override per function: this runs once per element of scalar code's
   * one-element tensors, where a call the JIT cannot inline (one call site for every function)
   * costs as much as the op itself.
   */
  final float applyFloat(float x, double p, double q) {
    switch (this) {
      case ADD:
        {
          float pf = (float) p;
          return pf == p ? x + pf : (float) (x + p);
        }
      case MUL:
        {
          float pf = (float) p;
          return pf == p ? x * pf : (float) (x * p);
        }
      case DIV:
        {
          float pf = (float) p;
          return pf == p ? x / pf : (float) (x / p);
        }
      case NEG:
        return -x;
      case EXP:
        return FloatMath.exp(x);
      case TANH:
        return FloatMath.tanh(x);
      case SIGMOID:
        return FloatMath.sigmoid(x);
      case LOG:
        return FloatMath.log(x);
      case RELU:
        return Math.max(x, 0f);
      case ABS:
        return Math.abs(x);
      case SQRT:
        return (float) Math.sqrt(x);
      case LEAKY_RELU:
        return (float) leakyRelu(x, p);
      case POW:
        return (float) pow(x, p);
      case POW_DERIVATIVE:
        return (float) powDerivative(x, p);
      default:
        return (float) apply(x, p, q);
    }
  }

  // The definitions that applyFloat shares with the constants' own: one formula, the same bits.

  private static double leakyRelu(double x, double slope) {
    return x > 0 ? x : x * slope;
  }

  private static double pow(double x, double p) {
    if (p == 2) return x * x;
    if (p == 3) return x * x * x;
    return Math.pow(x, p);
  }

  private static double powDerivative(double x, double p) {
    if (p == 2) return 2 * x;
    if (p == 1) return 1;
    if (p == 3) return 3 * (x * x);
    return p * Math.pow(x, p - 1);
  }

  /**
   * out[o + i] = fn(x[o + i]; p, q) for i in [0, n), rounded to float. By default through {@link
   * #applyFloat}, one call per element.
   */
  void floatsAt(float[] x, float[] out, int o, int n, double p, double q) {
    for (int i = 0; i < n; i++) out[o + i] = applyFloat(x[o + i], p, q);
  }

  /**
   * out[oo + i] = fn(x[xo + i]; p, q) for i in [0, n), rounded to float: {@link #floatsAt} in
   * place, after copying x to out a block at a time when the offsets differ. Overridden by the
   * functions whose loops handle two offsets themselves (FloatMath's).
   */
  void floats(float[] x, int xo, float[] out, int oo, int n, double p, double q) {
    if (xo == oo) {
      floatsAt(x, out, oo, n, p, q);
      return;
    }
    for (int from = 0; from < n; from += FloatMath.BLOCK) {
      int m = Math.min(FloatMath.BLOCK, n - from);
      System.arraycopy(x, xo + from, out, oo + from, m);
      floatsAt(out, out, oo + from, m, p, q);
    }
  }

  /** out[oo + i] = fn(x[xo + i]; p, q) for i in [0, n). By default through {@link #apply}. */
  void doubles(double[] x, int xo, double[] out, int oo, int n, double p, double q) {
    for (int i = 0; i < n; i++) out[oo + i] = apply(x[xo + i], p, q);
  }

  /**
   * Whether the function costs far more than a memory access (exp, log, tanh, ...), so that a
   * kernel splits it across threads at a smaller size.
   *
   * @return true for exp, expm1, log, log1p, sin, cos, tanh, sigmoid, softplus, erf, pow and pow's
   *     derivative
   */
  public boolean isTranscendental() {
    return transcendental;
  }
}
