package dev.autograd;

/**
 * Per-thread switches of the autograd engine: grad recording and anomaly detection, kept in one
 * thread-local object so that an op looks them up once.
 */
final class GradMode {
  private GradMode() {}

  /** The switches of one thread. */
  static final class State {
    boolean enabled = true;
    int anomalyDepth;
  }

  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);
  static volatile boolean anomalyGlobal = false;

  static State state() {
    return STATE.get();
  }

  static boolean isEnabled() {
    return STATE.get().enabled;
  }

  /** Sets grad recording for this thread; returns the previous setting. */
  static boolean set(boolean enabled) {
    State s = STATE.get();
    boolean previous = s.enabled;
    s.enabled = enabled;
    return previous;
  }

  static boolean anomalyEnabled() {
    return anomalyEnabled(STATE.get());
  }

  static boolean anomalyEnabled(State s) {
    return anomalyGlobal || s.anomalyDepth > 0;
  }

  static void enterAnomaly(int delta) {
    STATE.get().anomalyDepth += delta;
  }
}
