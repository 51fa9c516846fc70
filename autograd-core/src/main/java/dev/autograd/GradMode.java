package dev.autograd;

/** Per-thread switches of the autograd engine: grad recording and anomaly detection. */
final class GradMode {
  private GradMode() {}

  private static final ThreadLocal<boolean[]> ENABLED =
      ThreadLocal.withInitial(() -> new boolean[] {true});
  static volatile boolean anomalyGlobal = false;
  private static final ThreadLocal<int[]> ANOMALY_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  static boolean isEnabled() {
    return ENABLED.get()[0];
  }

  /** Sets grad recording for this thread; returns the previous setting. */
  static boolean set(boolean enabled) {
    boolean[] flag = ENABLED.get();
    boolean previous = flag[0];
    flag[0] = enabled;
    return previous;
  }

  static boolean anomalyEnabled() {
    return anomalyGlobal || ANOMALY_DEPTH.get()[0] > 0;
  }

  static void enterAnomaly(int delta) {
    ANOMALY_DEPTH.get()[0] += delta;
  }
}
