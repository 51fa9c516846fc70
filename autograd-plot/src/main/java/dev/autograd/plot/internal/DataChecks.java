package dev.autograd.plot.internal;

import dev.autograd.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * The checks every plotting call makes on its data, so that bad input fails where it is given, with
 * a message naming the call, the argument and what was expected.
 */
public final class DataChecks {
  private DataChecks() {}

  /**
   * The values of a 1-D tensor, as doubles.
   *
   * @throws IllegalArgumentException naming {@code call} and the shape if {@code t} is not 1-D
   */
  public static double[] values(String call, String argument, Tensor t) {
    Objects.requireNonNull(t, call + ": " + argument);
    if (t.dim() != 1) {
      throw new IllegalArgumentException(
          call
              + ": "
              + argument
              + " must be a 1-D tensor, got shape "
              + Arrays.toString(t.shape())
              + "; flatten() gives all its values as one");
    }
    return t.toDoubleArray();
  }

  /**
   * Checks that {@code a} is not null, is not empty and has the same length as {@code first}.
   *
   * @throws IllegalArgumentException naming both arguments and their lengths
   */
  public static void sameLength(
      String call, String firstName, double[] first, String name, double[] a) {
    Objects.requireNonNull(first, call + ": " + firstName);
    Objects.requireNonNull(a, call + ": " + name);
    if (first.length != a.length) {
      throw new IllegalArgumentException(
          call
              + ": "
              + firstName
              + " and "
              + name
              + " must have the same length, got "
              + first.length
              + " and "
              + a.length);
    }
  }

  /**
   * Checks that {@code a} has at least one value.
   *
   * @throws IllegalArgumentException naming the call and the argument otherwise
   */
  public static void nonEmpty(String call, String name, double[] a) {
    Objects.requireNonNull(a, call + ": " + name);
    if (a.length == 0) {
      throw new IllegalArgumentException(call + ": " + name + " is empty; nothing to draw");
    }
  }

  /**
   * Checks that every value of {@code a} is finite, or NaN when {@code nanIsGap} (a NaN then leaves
   * a gap, as in matplotlib).
   *
   * @throws IllegalArgumentException naming the call, the argument, the index and the value
   */
  public static void drawable(String call, String name, double[] a, boolean nanIsGap) {
    for (int i = 0; i < a.length; i++) {
      double v = a[i];
      if (Double.isFinite(v) || (nanIsGap && Double.isNaN(v))) continue;
      throw new IllegalArgumentException(
          call
              + ": "
              + name
              + "["
              + i
              + "] is "
              + v
              + "; "
              + (nanIsGap ? "only finite values or NaN (a gap)" : "only finite values")
              + " can be drawn here");
    }
  }
}
