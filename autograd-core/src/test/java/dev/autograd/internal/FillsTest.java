package dev.autograd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Fills write exactly their range, for lengths around and across the copied block. */
class FillsTest {
  private static final int[] LENGTHS = {
    0, 1, 7, Fills.BLOCK - 1, Fills.BLOCK, Fills.BLOCK + 1, 2 * Fills.BLOCK, 3 * Fills.BLOCK + 5
  };

  @Test
  void floatFillsWriteTheirRangeAndNothingElse() {
    for (int from : new int[] {0, 3}) {
      for (int n : LENGTHS) {
        float[] a = new float[from + n + 4];
        java.util.Arrays.fill(a, -1f);
        Fills.fill(a, from, n, 2.5f);
        for (int i = 0; i < a.length; i++) {
          boolean inside = i >= from && i < from + n;
          assertEquals(inside ? 2.5f : -1f, a[i], "from " + from + ", n " + n + ", at " + i);
        }
      }
    }
  }

  @Test
  void doubleFillsWriteTheirRangeAndNothingElse() {
    for (int from : new int[] {0, 3}) {
      for (int n : LENGTHS) {
        double[] a = new double[from + n + 4];
        java.util.Arrays.fill(a, -1.0);
        Fills.fill(a, from, n, 2.5);
        for (int i = 0; i < a.length; i++) {
          boolean inside = i >= from && i < from + n;
          assertEquals(inside ? 2.5 : -1.0, a[i], "from " + from + ", n " + n + ", at " + i);
        }
      }
    }
  }
}
