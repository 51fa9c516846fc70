package dev.autograd.internal;

/** The element-wise functions of two arguments that kernels evaluate. */
public enum BinaryFn {
  ADD {
    @Override
    public double apply(double a, double b) {
      return a + b;
    }
  },
  SUB {
    @Override
    public double apply(double a, double b) {
      return a - b;
    }
  },
  MUL {
    @Override
    public double apply(double a, double b) {
      return a * b;
    }
  },
  DIV {
    @Override
    public double apply(double a, double b) {
      return a / b;
    }
  },
  POW {
    @Override
    public double apply(double a, double b) {
      return Math.pow(a, b);
    }
  },
  MAXIMUM {
    @Override
    public double apply(double a, double b) {
      return (Double.isNaN(a) || Double.isNaN(b)) ? Double.NaN : Math.max(a, b);
    }
  },
  MINIMUM {
    @Override
    public double apply(double a, double b) {
      return (Double.isNaN(a) || Double.isNaN(b)) ? Double.NaN : Math.min(a, b);
    }
  },
  /**
   * The derivative of sigmoid from its result: {@code a * b * (1 - b)}, a = grad, b = sigmoid(x).
   */
  SIGMOID_BACKWARD {
    @Override
    public double apply(double a, double b) {
      return a * b * (1 - b);
    }
  },
  /** The derivative of tanh from its result: {@code a * (1 - b * b)}, a = grad, b = tanh(x). */
  TANH_BACKWARD {
    @Override
    public double apply(double a, double b) {
      return a * (1 - b * b);
    }
  },
  /**
   * The derivative of relu: {@code b <= 0 ? 0 : a}, a = grad, b = x (so relu'(0) = 0, and a NaN
   * input passes the gradient, as PyTorch's threshold_backward).
   */
  RELU_BACKWARD {
    @Override
    public double apply(double a, double b) {
      return b <= 0 ? 0 : a;
    }
  },
  GT {
    @Override
    public double apply(double a, double b) {
      return a > b ? 1 : 0;
    }
  },
  LT {
    @Override
    public double apply(double a, double b) {
      return a < b ? 1 : 0;
    }
  },
  GE {
    @Override
    public double apply(double a, double b) {
      return a >= b ? 1 : 0;
    }
  },
  LE {
    @Override
    public double apply(double a, double b) {
      return a <= b ? 1 : 0;
    }
  },
  EQ {
    @Override
    public double apply(double a, double b) {
      return a == b ? 1 : 0;
    }
  },
  NE {
    @Override
    public double apply(double a, double b) {
      return a != b ? 1 : 0;
    }
  },
  LOGICAL_AND {
    @Override
    public double apply(double a, double b) {
      return (a != 0 && b != 0) ? 1 : 0;
    }
  };

  public abstract double apply(double a, double b);

  /** Whether the result is a BOOL mask. */
  public boolean isComparison() {
    switch (this) {
      case GT:
      case LT:
      case GE:
      case LE:
      case EQ:
      case NE:
      case LOGICAL_AND:
        return true;
      default:
        return false;
    }
  }
}
