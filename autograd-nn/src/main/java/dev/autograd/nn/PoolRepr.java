package dev.autograd.nn;

/** How PyTorch prints the sizes of pooling layers: an int as given, a tuple as (a, b). */
final class PoolRepr {
  private PoolRepr() {}

  static String size(int[] values) {
    if (values.length == 1) return Integer.toString(values[0]);
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) s.append(", ");
      s.append(values[i]);
    }
    return s.append(')').toString();
  }

  /** A 1-D layer's size, which PyTorch keeps as a one-element tuple: (3,). */
  static String single(int value) {
    return "(" + value + ",)";
  }

  static String bool(boolean value) {
    return value ? "True" : "False";
  }
}
