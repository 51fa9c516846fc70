package dev.autograd;

import java.util.concurrent.atomic.AtomicInteger;

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

    /** The engine's reusable work space for this thread (see Engine#frontier), or null. */
    Engine.Frontier frontier;
  }

  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);
  static volatile boolean anomalyGlobal = false;

  /**
   * How many threads are inside a {@code detectAnomaly} scope: while none is (the usual case),
   * {@link #anomalyEnabled()} answers without the thread-local lookup, which every recorded op
   * asks.
   */
  private static final AtomicInteger ANOMALY_SCOPES = new AtomicInteger();

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
    return anomalyGlobal || (ANOMALY_SCOPES.get() != 0 && STATE.get().anomalyDepth > 0);
  }

  static boolean anomalyEnabled(State s) {
    return anomalyGlobal || s.anomalyDepth > 0;
  }

  static void enterAnomaly(int delta) {
    State s = STATE.get();
    boolean before = s.anomalyDepth > 0;
    s.anomalyDepth += delta;
    boolean after = s.anomalyDepth > 0;
    if (before != after) ANOMALY_SCOPES.addAndGet(after ? 1 : -1);
  }
}
