package dev.autograd;

import dev.autograd.internal.Arguments;

/**
 * The element type of a {@link Tensor}.
 *
 * <p>{@link #FLOAT32} is the default, as in PyTorch. {@link #FLOAT64} is used on request (for
 * example by {@link Tensor#to(DType)}) and by {@link GradCheck}. {@link #BOOL} tensors are the
 * masks made by comparisons such as {@link Tensor#gt(Tensor)}; {@link #INT64} tensors are the
 * indices made by {@link Tensor#argmax(int, boolean)} and used by {@link Tensor#indexSelect}. Only
 * floating-point tensors can require gradients.
 *
 * <p>When two tensors of different types meet in an op, the result has the "larger" type in the
 * order {@code BOOL < INT64 < FLOAT32 < FLOAT64}, except that a 0-d tensor does not raise the type
 * of a tensor with dimensions within the same category, as in PyTorch ({@code float32[3] +
 * float64[]} is float32).
 */
public enum DType {
  /** Boolean masks, stored as 0 and 1. */
  BOOL("bool", false),
  /** 64-bit integers (indices); exact up to 2^53. */
  INT64("int64", false),
  /** 32-bit IEEE floating point, the default. */
  FLOAT32("float32", true),
  /** 64-bit IEEE floating point. */
  FLOAT64("float64", true);

  private final String pytorchName;
  private final boolean floatingPoint;

  DType(String pytorchName, boolean floatingPoint) {
    this.pytorchName = pytorchName;
    this.floatingPoint = floatingPoint;
  }

  /**
   * Whether values of this type are floating point (and so may carry gradients).
   *
   * @return true for {@link #FLOAT32} and {@link #FLOAT64}
   */
  public boolean isFloatingPoint() {
    return floatingPoint;
  }

  /**
   * The name PyTorch uses for this type, such as {@code "float32"}.
   *
   * @return the name without the {@code torch.} prefix
   */
  public String pytorchName() {
    return pytorchName;
  }

  /**
   * The larger of two types in the order {@code BOOL < INT64 < FLOAT32 < FLOAT64}.
   *
   * <pre>{@code
   * DType.promote(DType.INT64, DType.FLOAT32); // FLOAT32
   * }</pre>
   *
   * @param a one type
   * @param b the other type
   * @return whichever of {@code a} and {@code b} comes later in that order
   */
  public static DType promote(DType a, DType b) {
    Arguments.requireNonNull("promote", "a", a);
    Arguments.requireNonNull("promote", "b", b);
    return a.ordinal() >= b.ordinal() ? a : b;
  }

  /**
   * Rounds {@code value} to what this type can hold: to the nearest float for {@link #FLOAT32},
   * toward zero for {@link #INT64}, to 0 or 1 (nonzero) for {@link #BOOL}, unchanged for {@link
   * #FLOAT64}.
   *
   * @param value the value to round
   * @return the rounded value, as a double
   */
  public double round(double value) {
    switch (this) {
      case FLOAT32:
        return (float) value;
      case INT64:
        return (double) (long) value;
      case BOOL:
        return value != 0 ? 1 : 0;
      default:
        return value;
    }
  }
}
