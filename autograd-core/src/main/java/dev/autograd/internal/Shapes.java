package dev.autograd.internal;

import dev.autograd.TensorException;
import java.math.BigInteger;
import java.util.Arrays;

/** Shape arithmetic shared by every op: sizes, strides, broadcasting and dimension checks. */
public final class Shapes {
  private Shapes() {}

  /** The shape (and the strides) of a 0-d tensor, shared: never modify it. */
  public static final int[] SCALAR = new int[0];

  /** The most elements a tensor holds (Java arrays are indexed by int), 2^31 - 1. */
  public static final int MAX_NUMEL = Integer.MAX_VALUE;

  /**
   * The number of elements of {@code shape}, which {@link #checkedNumel} has accepted when the
   * shape was made; a shape past that is refused here too, without the op's name, as a last guard.
   */
  public static int numel(int[] shape) {
    long n = 1;
    for (int s : shape) {
      n *= s;
      if (n > MAX_NUMEL) return checkedNumel("numel", shape);
    }
    return (int) n;
  }

  /**
   * The number of elements of {@code shape}, or a {@link TensorException} naming {@code op} when
   * the shape is too large to index with ints: when the product of its sizes, counting a size 0 as
   * 1, exceeds {@link #MAX_NUMEL}. Counting 0 as 1 keeps the strides and every merged dim of a
   * tensor with no elements within an int as well. Every op that makes a shape from its arguments
   * (creation, reshape, expand, broadcasting, cat, matmul, indexSelect) checks it with this.
   *
   * @param op the op the user called, as its messages name it
   * @param shape the sizes, non-negative
   * @return the number of elements
   */
  public static int checkedNumel(String op, int[] shape) {
    long span = 1;
    boolean empty = false;
    for (int s : shape) {
      if (s == 0) empty = true;
      span *= Math.max(s, 1);
      if (span > MAX_NUMEL) throw tooLarge(op, shape, empty);
    }
    return empty ? 0 : (int) span;
  }

  // NOTE: the message is built here, out of the checks, which every op calls.
  private static TensorException tooLarge(String op, int[] shape, boolean empty) {
    BigInteger n = BigInteger.ONE;
    for (int s : shape) n = n.multiply(BigInteger.valueOf(Math.max(s, 1)));
    for (int s : shape) empty |= s == 0;
    return new TensorException(
        op
            + ": shape "
            + format(shape)
            + (empty ? "'s nonzero sizes multiply to " : " would have ")
            + n
            + (empty ? "" : " elements")
            + ", more than 2^31 - 1, the most a tensor can index");
  }

  public static int[] contiguousStrides(int[] shape) {
    if (shape.length == 0) return SCALAR;
    int[] strides = new int[shape.length];
    int stride = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      strides[d] = stride;
      stride *= Math.max(shape[d], 1);
    }
    return strides;
  }

  /** Whether {@code strides} are exactly {@link #contiguousStrides}{@code (shape)}. */
  public static boolean isContiguousStrides(int[] shape, int[] strides) {
    int expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (strides[d] != expected) return false;
      expected *= Math.max(shape[d], 1);
    }
    return true;
  }

  /**
   * Whether the strides lay the elements out without gaps or overlaps, in some order of the dims
   * (PyTorch's is_non_overlapping_and_dense): a permutation of a row-major layout, as a transposed
   * matrix has. Size-1 dims may have any stride.
   */
  public static boolean isNonOverlappingAndDense(int[] shape, int[] strides) {
    Integer[] order = new Integer[shape.length];
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] == 0) return true;
      order[d] = d;
    }
    java.util.Arrays.sort(order, (a, b) -> Integer.compare(strides[a], strides[b]));
    long expected = 1;
    for (int d : order) {
      if (shape[d] == 1) continue;
      if (strides[d] != expected) return false;
      expected *= shape[d];
    }
    return true;
  }

  /** Whether the strides describe a dense row-major layout (size-1 dims may have any stride). */
  public static boolean isContiguous(int[] shape, int[] strides) {
    int expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] == 0) return true;
      if (shape[d] != 1) {
        if (strides[d] != expected) return false;
        expected *= shape[d];
      }
    }
    return true;
  }

  /** PyTorch's shape notation: {@code [2, 3]}, and {@code []} for a 0-d tensor. */
  public static String format(int[] shape) {
    return Arrays.toString(shape);
  }

  /**
   * The broadcast shape of {@code a} and {@code b} (NumPy rules: align trailing dims; each pair
   * must be equal or contain a 1), or null when they are incompatible.
   */
  public static int[] broadcast(int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) return null;
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /**
   * Wraps a possibly negative dim into {@code [0, rank)}, or returns -1 when it is out of range. A
   * 0-d tensor accepts dims 0 and -1, as in PyTorch.
   */
  public static int wrapDim(int dim, int rank) {
    int r = Math.max(rank, 1);
    if (dim < -r || dim >= r) return -1;
    return dim < 0 ? dim + r : dim;
  }
}
