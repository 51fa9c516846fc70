package dev.autograd.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;

/** Assertions on what the garbage collector can reclaim. */
public final class Reachability {
  private Reachability() {}

  /**
   * Asserts that the object behind {@code ref} becomes unreachable: collects the garbage (up to 50
   * times, 20 ms apart) until the reference is cleared.
   */
  public static void assertCollected(WeakReference<?> ref, String what) {
    for (int i = 0; i < 50 && ref.get() != null; i++) {
      System.gc();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    assertTrue(ref.get() == null, what + " is still reachable");
  }
}
