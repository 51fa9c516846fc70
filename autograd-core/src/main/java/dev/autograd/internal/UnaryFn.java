package dev.autograd.internal;

/**
 * The element-wise functions of one argument that kernels evaluate. {@code p} and {@code q} carry
 * the function's parameters (the slope of LEAKY_RELU, the exponent of POW, the bounds of CLAMP).
 *
 * <p>Derivatives are not here: they are written with the ops, in terms of tensors, so that they can
 * be differentiated again.
 */
public enum UnaryFn {
  /** x + p: a tensor plus a number (and minus one, with p negated). */
  ADD {
    @Override
    public double apply(double x, double p, double q) {
      return x + p;
    }
  },
  /** x * p: a tensor times a number. */
  MUL {
    @Override
    public double apply(double x, double p, double q) {
      return x * p;
    }
  },
  /** x / p: a tensor divided by a number. */
  DIV {
    @Override
    public double apply(double x, double p, double q) {
      return x / p;
    }
  },
  NEG {
    @Override
    public double apply(double x, double p, double q) {
      return -x;
    }
  },
  EXP {
    @Override
    public double apply(double x, double p, double q) {
      return Math.exp(x);
    }
  },
  LOG {
    @Override
    public double apply(double x, double p, double q) {
      return Math.log(x);
    }
  },
  SIN {
    @Override
    public double apply(double x, double p, double q) {
      return Math.sin(x);
    }
  },
  COS {
    @Override
    public double apply(double x, double p, double q) {
      return Math.cos(x);
    }
  },
  SQRT {
    @Override
    public double apply(double x, double p, double q) {
      return Math.sqrt(x);
    }
  },
  RECIPROCAL {
    @Override
    public double apply(double x, double p, double q) {
      return 1.0 / x;
    }
  },
  TANH {
    @Override
    public double apply(double x, double p, double q) {
      return Math.tanh(x);
    }
  },
  SIGMOID {
    @Override
    public double apply(double x, double p, double q) {
      // NOTE: two branches so that exp never overflows for large |x|.
      if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
      double e = Math.exp(x);
      return e / (1.0 + e);
    }
  },
  RELU {
    @Override
    public double apply(double x, double p, double q) {
      return x > 0 ? x : (Double.isNaN(x) ? x : 0.0);
    }
  },
  LEAKY_RELU {
    @Override
    public double apply(double x, double p, double q) {
      return x > 0 ? x : x * p;
    }
  },
  ABS {
    @Override
    public double apply(double x, double p, double q) {
      return Math.abs(x);
    }
  },
  SIGN {
    @Override
    public double apply(double x, double p, double q) {
      return Math.signum(x);
    }
  },
  /** softplus(x) = log(1 + exp(x)), and x itself above PyTorch's threshold of 20. */
  SOFTPLUS {
    @Override
    public double apply(double x, double p, double q) {
      return x > 20 ? x : Math.log1p(Math.exp(x));
    }
  },
  ERF {
    @Override
    public double apply(double x, double p, double q) {
      return SpecialFunctions.erf(x);
    }
  },
  /**
   * x to the constant power p. Squares and cubes are products, x * x and (x * x) * x, as in
   * PyTorch's kernel (the same doubles), and cost under a nanosecond where {@link Math#pow} takes
   * 12 to 17.
   */
  POW {
    @Override
    public double apply(double x, double p, double q) {
      if (p == 2) return x * x;
      if (p == 3) return x * x * x;
      return Math.pow(x, p);
    }
  },
  /** p * x^(p - 1): the derivative of x^p, with x^(p - 1) taken as {@link #POW} takes it. */
  POW_DERIVATIVE {
    @Override
    public double apply(double x, double p, double q) {
      if (p == 2) return 2 * x;
      if (p == 1) return 1;
      if (p == 3) return 3 * (x * x);
      return p * Math.pow(x, p - 1);
    }
  },
  /** x limited to [p, q]; NaN bounds mean "no bound". */
  CLAMP {
    @Override
    public double apply(double x, double p, double q) {
      if (Double.isNaN(x)) return x;
      if (!Double.isNaN(p) && x < p) x = p;
      if (!Double.isNaN(q) && x > q) x = q;
      return x;
    }
  };

  public abstract double apply(double x, double p, double q);

  /**
   * Whether the function costs far more than a memory access (exp, log, tanh, ...), so that a
   * kernel splits it across threads at a smaller size.
   */
  public boolean isTranscendental() {
    switch (this) {
      case EXP:
      case LOG:
      case SIN:
      case COS:
      case TANH:
      case SIGMOID:
      case SOFTPLUS:
      case ERF:
      case POW:
      case POW_DERIVATIVE:
        return true;
      default:
        return false;
    }
  }
}
