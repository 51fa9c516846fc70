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
    return ordinal() >= GT.ordinal();
  }
}
