package dev.autograd.internal;

/**
 * Fills of array ranges that stay fast whatever ran before.
 *
 * <p>{@link java.util.Arrays#fill} is one loop, which the JIT compiles for the lengths it has seen
 * first: after a stretch of fills of a few elements (scalar code), a fill of a large array stays
 * slow for the rest of the run (measured in docs/performance.md). Here only the first block is
 * filled by a loop; the rest is copied from it by {@link System#arraycopy}, whose stub is
 * vectorized for every length, and whose source block stays in the L1 cache.
 */
final class Fills {
  private Fills() {}

  /** Elements filled by the loop; the rest is copied from them. */
  static final int BLOCK = 1024;

  /** a[from .. from + n) = value. */
  static void fill(float[] a, int from, int n, float value) {
    int head = Math.min(n, BLOCK);
    for (int i = from; i < from + head; i++) a[i] = value;
    for (int done = head; done < n; done += head) {
      System.arraycopy(a, from, a, from + done, Math.min(head, n - done));
    }
  }

  /** a[from .. from + n) = value. */
  static void fill(double[] a, int from, int n, double value) {
    int head = Math.min(n, BLOCK);
    for (int i = from; i < from + head; i++) a[i] = value;
    for (int done = head; done < n; done += head) {
      System.arraycopy(a, from, a, from + done, Math.min(head, n - done));
    }
  }
}
