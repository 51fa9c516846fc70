package dev.autograd.internal;

/**
 * The element-wise functions of two arguments that kernels evaluate, each with all of its plain
 * Java code in one place, as {@link UnaryFn}: its definition in double ({@link #apply}), and where
 * it pays, its float value ({@link #applyFloat}), its float loop with one offset ({@link
 * #floatsAt}) and its double loop ({@link #doubles}); otherwise the double definition, rounded.
 */
public enum BinaryFn {
  ADD(Kind.ARITHMETIC) {
    @Override
    public double apply(double a, double b) {
      return a + b;
    }

    @Override
    void floatsAt(float[] a, float[] b, float[] out, int o, int n) {
      for (int i = 0; i < n; i++) out[o + i] = a[o + i] + b[o + i];
    }

    @Override
    void doubles(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
      for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i];
    }

    @Override
    UnaryFn withNumberRight() {
      return UnaryFn.ADD;
    }

    @Override
    UnaryFn withNumberLeft() {
      return UnaryFn.ADD;
    }
  },
  SUB(Kind.ARITHMETIC) {
    @Override
    public double apply(double a, double b) {
      return a - b;
    }

    @Override
    void floatsAt(float[] a, float[] b, float[] out, int o, int n) {
      for (int i = 0; i < n; i++) out[o + i] = a[o + i] - b[o + i];
    }

    @Override
    void doubles(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
      for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i];
    }

    /** x - v as x + (-v): exact, the same rounding. */
    @Override
    UnaryFn withNumberRight() {
      return UnaryFn.ADD;
    }

    @Override
    double numberRight(double v) {
      return -v;
    }
  },
  MUL(Kind.ARITHMETIC) {
    @Override
    public double apply(double a, double b) {
      return a * b;
    }

    @Override
    void floatsAt(float[] a, float[] b, float[] out, int o, int n) {
      for (int i = 0; i < n; i++) out[o + i] = a[o + i] * b[o + i];
    }

    @Override
    void doubles(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
      for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i];
    }

    @Override
    UnaryFn withNumberRight() {
      return UnaryFn.MUL;
    }

    @Override
    UnaryFn withNumberLeft() {
      return UnaryFn.MUL;
    }
  },
  DIV(Kind.ARITHMETIC) {
    @Override
    public double apply(double a, double b) {
      return a / b;
    }

    @Override
    void floatsAt(float[] a, float[] b, float[] out, int o, int n) {
      for (int i = 0; i < n; i++) out[o + i] = a[o + i] / b[o + i];
    }

    @Override
    void doubles(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
      for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i];
    }

    @Override
    UnaryFn withNumberRight() {
      return UnaryFn.DIV;
    }
  },
  POW(Kind.ARITHMETIC) {
    @Override
    public double apply(double a, double b) {
      return Math.pow(a, b);
    }
  },
  /** C's fmod: the remainder of a / b truncated, with a's sign (exact, as Java's %). */
  FMOD(Kind.ARITHMETIC) {
    @Override
    public double apply(double a, double b) {
      return a % b;
    }
  },
  /** Python's remainder: of a / b floored, with b's sign, as PyTorch's remainder. */
  REMAINDER(Kind.ARITHMETIC) {
    @Override
    public double apply(double a, double b) {
      double r = a % b;
      return r != 0 && (r < 0) != (b < 0) ? r + b : r;
    }
  },
  /** Math.max: NaN if either is NaN, and +0 over -0, as torch.maximum. */
  MAXIMUM(Kind.ARITHMETIC) {
    @Override
    public double apply(double a, double b) {
      return Math.max(a, b);
    }

    @Override
    void floatsAt(float[] a, float[] b, float[] out, int o, int n) {
      for (int i = 0; i < n; i++) out[o + i] = Math.max(a[o + i], b[o + i]);
    }

    @Override
    void doubles(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
      for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[ao + i], b[bo + i]);
    }
  },
  /** Math.min: NaN if either is NaN, and -0 under +0, as torch.minimum. */
  MINIMUM(Kind.ARITHMETIC) {
    @Override
    public double apply(double a, double b) {
      return Math.min(a, b);
    }

    @Override
    void floatsAt(float[] a, float[] b, float[] out, int o, int n) {
      for (int i = 0; i < n; i++) out[o + i] = Math.min(a[o + i], b[o + i]);
    }

    @Override
    void doubles(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
      for (int i = 0; i < n; i++) out[oo + i] = Math.min(a[ao + i], b[bo + i]);
    }
  },
  /**
   * The derivative of sigmoid from its result: {@code a * b * (1 - b)}, a = grad, b = sigmoid(x),
   * in float in the order of the Vector API kernels (and PyTorch's).
   */
  SIGMOID_BACKWARD(Kind.ARITHMETIC) {
    @Override
    public double apply(double a, double b) {
      return a * b * (1 - b);
    }

    @Override
    void floatsAt(float[] a, float[] b, float[] out, int o, int n) {
      for (int i = 0; i < n; i++) out[o + i] = applySigmoidBackward(a[o + i], b[o + i]);
    }

    @Override
    void doubles(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
      for (int i = 0; i < n; i++) {
        double y = b[bo + i];
        out[oo + i] = a[ao + i] * y * (1 - y);
      }
    }
  },
  /** The derivative of tanh from its result: {@code a * (1 - b * b)}, a = grad, b = tanh(x). */
  TANH_BACKWARD(Kind.ARITHMETIC) {
    @Override
    public double apply(double a, double b) {
      return a * (1 - b * b);
    }

    @Override
    void floatsAt(float[] a, float[] b, float[] out, int o, int n) {
      for (int i = 0; i < n; i++) out[o + i] = applyTanhBackward(a[o + i], b[o + i]);
    }

    @Override
    void doubles(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
      for (int i = 0; i < n; i++) {
        double y = b[bo + i];
        out[oo + i] = a[ao + i] * (1 - y * y);
      }
    }
  },
  /**
   * The derivative of relu: {@code b <= 0 ? 0 : a}, a = grad, b = x (so relu'(0) = 0, and a NaN
   * input passes the gradient, as PyTorch's threshold_backward).
   */
  RELU_BACKWARD(Kind.ARITHMETIC) {
    @Override
    public double apply(double a, double b) {
      return b <= 0 ? 0 : a;
    }

    @Override
    void floatsAt(float[] a, float[] b, float[] out, int o, int n) {
      for (int i = 0; i < n; i++) out[o + i] = applyReluBackward(a[o + i], b[o + i]);
    }

    @Override
    void doubles(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
      for (int i = 0; i < n; i++) out[oo + i] = b[bo + i] <= 0 ? 0 : a[ao + i];
    }
  },
  GT(Kind.COMPARISON) {
    @Override
    public double apply(double a, double b) {
      return a > b ? 1 : 0;
    }
  },
  LT(Kind.COMPARISON) {
    @Override
    public double apply(double a, double b) {
      return a < b ? 1 : 0;
    }
  },
  GE(Kind.COMPARISON) {
    @Override
    public double apply(double a, double b) {
      return a >= b ? 1 : 0;
    }
  },
  LE(Kind.COMPARISON) {
    @Override
    public double apply(double a, double b) {
      return a <= b ? 1 : 0;
    }
  },
  EQ(Kind.COMPARISON) {
    @Override
    public double apply(double a, double b) {
      return a == b ? 1 : 0;
    }
  },
  NE(Kind.COMPARISON) {
    @Override
    public double apply(double a, double b) {
      return a != b ? 1 : 0;
    }
  },
  LOGICAL_AND(Kind.COMPARISON) {
    @Override
    public double apply(double a, double b) {
      return (a != 0 && b != 0) ? 1 : 0;
    }
  };

  /** Whether a function computes numbers, or a BOOL mask. */
  private enum Kind {
    ARITHMETIC,
    COMPARISON
  }

  private final Kind kind;

  BinaryFn(Kind kind) {
    this.kind = kind;
  }

  /**
   * The function's definition, in double.
   *
   * @param a the first argument
   * @param b the second argument
   * @return fn(a, b)
   */
  public abstract double apply(double a, double b);

  /**
   * fn(a, b) of floats, as {@link #floatsAt} computes it element by element: the path of ranges too
   * short for a loop. The functions with float loops of their own are listed; the others are their
   * double definition, rounded.
   *
   * <p>NOTE: one switch, not an override per function, for the reason given at {@link
   * UnaryFn#applyFloat}.
   */
  final float applyFloat(float a, float b) {
    switch (this) {
      case ADD:
        return a + b;
      case SUB:
        return a - b;
      case MUL:
        return a * b;
      case DIV:
        return a / b;
      case MAXIMUM:
        return Math.max(a, b);
      case MINIMUM:
        return Math.min(a, b);
      case SIGMOID_BACKWARD:
        return applySigmoidBackward(a, b);
      case TANH_BACKWARD:
        return applyTanhBackward(a, b);
      case RELU_BACKWARD:
        return applyReluBackward(a, b);
      default:
        return (float) apply(a, b);
    }
  }

  /**
   * out[o + i] = fn(a[o + i], b[o + i]) for i in [0, n), rounded to float. By default through
   * {@link #applyFloat}, one call per element.
   */
  void floatsAt(float[] a, float[] b, float[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] = applyFloat(a[o + i], b[o + i]);
  }

  /** out[oo + i] = fn(a[ao + i], b[bo + i]) for i in [0, n). By default through {@link #apply}. */
  void doubles(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) out[oo + i] = apply(a[ao + i], b[bo + i]);
  }

  /**
   * The unary function that computes {@code fn(x, v)} for a broadcast number v, with {@link
   * #numberRight} of v as its parameter, or null when there is none.
   */
  UnaryFn withNumberRight() {
    return null;
  }

  /** The parameter that {@link #withNumberRight()} takes for the number v. */
  double numberRight(double v) {
    return v;
  }

  /** The unary function that computes {@code fn(v, x)} with v as its parameter, or null. */
  UnaryFn withNumberLeft() {
    return null;
  }

  // NOTE: the float derivatives are named methods so that their loops stay small and identical to
  // the element-by-element path.
  static float applySigmoidBackward(float grad, float y) {
    return grad * y * (1f - y);
  }

  static float applyTanhBackward(float grad, float y) {
    return grad * (1f - y * y);
  }

  static float applyReluBackward(float grad, float x) {
    return x <= 0 ? 0 : grad;
  }

  /**
   * Whether the result is a BOOL mask.
   *
   * @return true for the comparisons and logical and
   */
  public boolean isComparison() {
    return kind == Kind.COMPARISON;
  }
}
