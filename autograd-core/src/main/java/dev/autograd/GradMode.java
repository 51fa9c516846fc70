package dev.autograd;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-thread switches of the autograd engine: grad recording and anomaly detection, kept in one
 * thread-local object so that an op looks them up once.
 */
final class GradMode {
  private GradMode() {}

  /** The switches of one thread. */
  static final class State {
    /** The thread these switches belong to: only it reads or writes them. */
    final Thread owner = Thread.currentThread();

    /** What {@link #last} holds while this is the state last looked up. */
    final WeakReference<State> self = new WeakReference<>(this);

    boolean enabled = true;
    int anomalyDepth;

    /** The engine's reusable work space for this thread (see Engine#frontier), or null. */
    Engine.Frontier frontier;

    /** The forward-mode level open on this thread (see ForwardAD), or 0 for none. */
    int dualLevel;

    /** True while the tangents of an op are computed: their own ops carry no tangents. */
    boolean computingTangents;
  }

  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);
  static volatile boolean anomalyGlobal = false;

  /**
   * How many threads are inside a {@code detectAnomaly} scope: while none is (the usual case),
   * {@link #anomalyEnabled()} answers without the thread-local lookup, which every recorded op
   * asks.
   */
  private static final AtomicInteger ANOMALY_SCOPES = new AtomicInteger();

  /**
   * The state last looked up, by any thread. A thread that finds its own here (its owner is final,
   * so a racy read sees it whole) skips the thread-local lookup, which every op on a tensor that
   * requires grad would otherwise pay when it asks {@link #isEnabled()}: on one-element tensors, a
   * visible share of the op (see docs/performance.md). Threads taking turns only fall back to the
   * lookup.
   *
   * <p>Weakly held: a thread's state is reachable only from the thread while it runs, so that a
   * thread that ends leaves nothing behind (its engine work space, its Thread object), even when no
   * other thread looks up its own state after it.
   */
  private static WeakReference<State> last = new WeakReference<>(null);

  static State state() {
    State s = last.get();
    if (s != null && s.owner == Thread.currentThread()) return s;
    s = STATE.get();
    last = s.self;
    return s;
  }

  static boolean isEnabled() {
    return state().enabled;
  }

  /** Sets grad recording for this thread; returns the previous setting. */
  static boolean set(boolean enabled) {
    State s = state();
    boolean previous = s.enabled;
    s.enabled = enabled;
    return previous;
  }

  /**
   * How many threads have a forward-mode level open: while none has (the usual case), ops ask for
   * tangents without the thread-local lookup.
   */
  static final AtomicInteger DUAL_LEVELS = new AtomicInteger();

  static boolean anomalyEnabled() {
    return anomalyGlobal || (ANOMALY_SCOPES.get() != 0 && state().anomalyDepth > 0);
  }

  static boolean anomalyEnabled(State s) {
    return anomalyGlobal || s.anomalyDepth > 0;
  }

  static void enterAnomaly(int delta) {
    State s = state();
    boolean before = s.anomalyDepth > 0;
    s.anomalyDepth += delta;
    boolean after = s.anomalyDepth > 0;
    if (before != after) ANOMALY_SCOPES.addAndGet(after ? 1 : -1);
  }
}
