package dev.autograd.internal;

import dev.autograd.DType;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The memory behind {@code dev.autograd.MemoryScope}: large storages made on a thread while one of
 * its scopes is open belong to that scope, and when it closes, the arrays of those not kept go to a
 * per-thread pool from which the thread's next allocations of the same length are served.
 *
 * <p>Why: a fresh Java array is zeroed in a pass of its own, over memory the collector has not
 * handed out for a while (the heap is cycled through between collections), so every large result of
 * an op costs a cold, memory-bound pass before the op writes a byte. An array given back by a
 * closed scope is still in the cache when the next iteration of a loop asks for one of its length.
 *
 * <p>The pool has a second source that needs no scope: a gradient that backward made and that
 * nothing outside the library has seen (see {@link #recycleGradient}) is given back as soon as its
 * tensor's gradient slot lets go of it, as PyTorch frees it at {@code grad = None}. While any array
 * is pooled, a thread's large allocations look in its pool also outside scopes.
 *
 * <p>A storage's membership is kept in one map, not in the storage, so that the storages of small
 * tensors (almost all of them) keep their size, and so that a storage can be kept from any thread.
 * While no scope is open and no array pooled anywhere, allocation looks at nothing but two
 * counters.
 *
 * <p>Nothing a thread leaves behind stays reachable from here: its open scopes and its pool are
 * held only by its thread-local state (and by the MemoryScope objects its code still holds), which
 * the thread takes with it when it ends; the map of memberships holds its storages weakly and maps
 * them to a token that references nothing.
 */
public final class ScopedMemory {
  private ScopedMemory() {}

  /**
   * Storages of at least this many elements (256 KiB of float32) belong to a scope; smaller ones
   * are left to the collector, whose thread-local allocation of them is already cheap and warm.
   */
  public static final int MIN_SIZE = 1 << 16;

  /** Arrays of one length a thread's pool holds at most; more are left to the collector. */
  static final int POOLED_PER_LENGTH = 64;

  /**
   * The scope each registered storage belongs to, while that scope is open, as its frame's {@link
   * Frame#token}. Weak keys and values that reference nothing: a storage whose tensors are gone
   * leaves the map, and an entry keeps neither its storage nor its frame alive (a frame references
   * its storages, so it cannot be a value of a weak-keyed map).
   */
  private static final Map<Storage, Object> OWNER =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** Open scopes on all threads: zero spares every allocation the thread-local lookup. */
  private static final AtomicInteger OPEN = new AtomicInteger();

  /**
   * Arrays in all threads' pools, counted as they go in and out (cleared soft references still
   * count until a take finds them): zero spares every allocation outside scopes the thread-local
   * lookup.
   */
  private static final AtomicInteger POOLED = new AtomicInteger();

  private static final ThreadLocal<PerThread> THREAD = ThreadLocal.withInitial(PerThread::new);

  /** One thread's open scopes and its pool of given-back arrays. */
  private static final class PerThread {
    Frame innermost;

    /**
     * This thread's open scopes and pooled arrays, as counted in {@link #OPEN} and {@link #POOLED}.
     */
    final Share share = new Share(this);

    final Map<Integer, ArrayDeque<SoftReference<float[]>>> floats = new HashMap<>();
    final Map<Integer, ArrayDeque<SoftReference<double[]>>> doubles = new HashMap<>();
  }

  /**
   * A thread's share of {@link #OPEN} and {@link #POOLED}, taken off them once its state has been
   * collected (after the thread ended, with scopes still open or arrays pooled): otherwise the
   * counters would count them forever, and every large allocation would look up its thread-local
   * state for nothing. Written by its thread only.
   */
  private static final class Share extends PhantomReference<PerThread> {
    volatile int open;
    volatile int pooled;

    Share(PerThread t) {
      super(t, ENDED);
      settleEndedThreads();
      SHARES.add(this);
    }
  }

  private static final ReferenceQueue<PerThread> ENDED = new ReferenceQueue<>();

  /**
   * The shares of threads whose state has not been collected yet (a phantom reference is enqueued
   * only while it is itself reachable). They reference nothing of their threads.
   */
  private static final Set<Share> SHARES = ConcurrentHashMap.newKeySet();

  /** Takes the shares of the threads whose state has been collected off the counters. */
  private static void settleEndedThreads() {
    for (Reference<? extends PerThread> r = ENDED.poll(); r != null; r = ENDED.poll()) {
      Share share = (Share) r;
      SHARES.remove(share);
      OPEN.addAndGet(-share.open);
      POOLED.addAndGet(-share.pooled);
    }
  }

  /** How many scopes are open on threads that have not ended, or whose state is still reachable. */
  static int openScopes() {
    settleEndedThreads();
    return OPEN.get();
  }

  /** One open scope: the storages made in it, in order. */
  public static final class Frame {
    private final PerThread thread;
    private final Thread owner = Thread.currentThread();
    private final Frame outer;
    private final List<Storage> made = new ArrayList<>();

    /** What {@link #OWNER} maps this frame's storages to. */
    private final Object token = new Object();

    private boolean closed;

    private Frame(PerThread thread, Frame outer) {
      this.thread = thread;
      this.outer = outer;
    }
  }

  /** Opens a scope on the calling thread, inside any already open there. */
  public static Frame open() {
    PerThread t = THREAD.get();
    Frame f = new Frame(t, t.innermost);
    t.innermost = f;
    t.share.open++;
    OPEN.incrementAndGet();
    return f;
  }

  /**
   * Closes {@code f}: every storage made in it and not kept is released, and its array pooled.
   * Closing twice does nothing more.
   *
   * @throws IllegalStateException if {@code f} belongs to another thread or a scope opened inside
   *     it is still open
   */
  public static void close(Frame f) {
    if (f.closed) return;
    if (f.owner != Thread.currentThread()) {
      throw new IllegalStateException(
          "MemoryScope.close: the scope was opened on thread '"
              + f.owner.getName()
              + "' and must be closed there, not on '"
              + Thread.currentThread().getName()
              + "'");
    }
    if (f.thread.innermost != f) {
      throw new IllegalStateException(
          "MemoryScope.close: a scope opened inside this one is still open; close scopes in the"
              + " reverse order of opening (try-with-resources does)");
    }
    f.closed = true;
    f.thread.innermost = f.outer;
    f.thread.share.open--;
    OPEN.decrementAndGet();
    for (Storage s : f.made) {
      if (OWNER.remove(s, f.token)) give(f.thread, s);
    }
    f.made.clear();
  }

  private static void give(PerThread t, Storage s) {
    Object array = s.release();
    boolean pooled;
    if (array instanceof float[] a) {
      pooled = push(t.floats, a.length, a);
    } else {
      double[] a = (double[]) array;
      pooled = push(t.doubles, a.length, a);
    }
    if (pooled) {
      t.share.pooled++;
      POOLED.incrementAndGet();
    }
  }

  private static <A> boolean push(
      Map<Integer, ArrayDeque<SoftReference<A>>> pool, int length, A a) {
    ArrayDeque<SoftReference<A>> q = pool.computeIfAbsent(length, k -> new ArrayDeque<>());
    if (q.size() >= POOLED_PER_LENGTH) return false;
    q.push(new SoftReference<>(a));
    return true;
  }

  private static <A> A take(PerThread t, Map<Integer, ArrayDeque<SoftReference<A>>> pool, int n) {
    ArrayDeque<SoftReference<A>> q = pool.get(n);
    if (q == null) return null;
    for (SoftReference<A> r = q.poll(); r != null; r = q.poll()) {
      t.share.pooled--;
      POOLED.decrementAndGet();
      A a = r.get();
      if (a != null) return a;
    }
    return null;
  }

  /**
   * A storage of {@code size} (at least {@link #MIN_SIZE}) elements belonging to the calling
   * thread's innermost open scope, if any, its array taken from the thread's pool when one of that
   * length is there. Null when no scope is open on this thread and the pool has no such array: the
   * caller then allocates as usual. A pooled array is zeroed when {@code zeroed}, and otherwise
   * holds the values of some earlier tensor: only for a caller that writes every element before
   * anything reads one.
   */
  static Storage allocate(DType dtype, int size, boolean zeroed) {
    if (OPEN.get() == 0 && POOLED.get() == 0) return null;
    PerThread t = THREAD.get();
    Frame f = t.innermost;
    if (f == null && t.share.pooled == 0) {
      // The counters may still count threads that ended: then this path is taken for nothing.
      settleEndedThreads();
      return null;
    }
    Storage s;
    if (dtype == DType.FLOAT32) {
      float[] a = t.share.pooled == 0 ? null : take(t, t.floats, size);
      if (a == null && f == null) return null;
      if (a != null && zeroed) Fills.fill(a, 0, size, 0f);
      s = new Storage.FloatStorage(a != null ? a : new float[size]);
    } else {
      double[] a = t.share.pooled == 0 ? null : take(t, t.doubles, size);
      if (a == null && f == null) return null;
      if (a != null && zeroed) Fills.fill(a, 0, size, 0.0);
      s = new Storage.DoubleStorage(dtype, a != null ? a : new double[size]);
    }
    if (f != null) {
      f.made.add(s);
      OWNER.put(s, f.token);
    }
    return s;
  }

  /**
   * Takes {@code s} out of the scope it was made in, if any, so that closing the scope leaves it
   * alone. Cheap for storages that belong to no scope.
   *
   * @throws IllegalStateException if {@code s} was already given back
   */
  public static void keep(Storage s) {
    if (s.isReleased()) throw s.released();
    if (OPEN.get() != 0 && s.size() >= MIN_SIZE) OWNER.remove(s);
  }

  /**
   * Gradients that backward made inside a scope and wrote to a tensor's {@code grad}: the tensor's
   * gradient slot holds the only reference the library knows of, so when the slot drops one inside
   * a scope (set to null or replaced, as {@code zeroGrad} does), that scope may take it back.
   * Weakly held: a gradient whose tensor is gone leaves with it.
   */
  private static final Map<Storage, Boolean> GRADIENTS =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * Keeps {@code s}, a gradient backward has just written to a tensor's grad, and remembers it as
   * such if it was made in a scope (see {@link #dropGradient}).
   */
  public static void keepGradient(Storage s) {
    if (OPEN.get() != 0 && s.size() >= MIN_SIZE && OWNER.remove(s) != null) {
      GRADIENTS.put(s, Boolean.TRUE);
    }
  }

  /**
   * Keeps {@code s}, a tensor the caller makes a gradient of its own accord: shared with the
   * caller, it is no longer the gradient slot's alone.
   */
  public static void keepShared(Storage s) {
    keep(s);
    if (s.size() >= MIN_SIZE) GRADIENTS.remove(s);
  }

  /**
   * A tensor's gradient slot lets go of {@code s}, the storage of a gradient that backward made and
   * that nothing outside the library has seen or kept (the tensor never handed it out, no hook was
   * given it, no graph was built on it): nothing can read it any more, so its array goes to the
   * calling thread's pool now, scope or no scope, for the next allocation of its length. Small
   * storages are left to the collector.
   */
  public static void recycleGradient(Storage s) {
    if (s.size() < MIN_SIZE || s.isReleased()) return;
    if (OPEN.get() != 0 || !GRADIENTS.isEmpty()) {
      GRADIENTS.remove(s);
      OWNER.remove(s); // keepGradient took it out already; nothing may release it twice
    }
    give(THREAD.get(), s);
  }

  /**
   * A tensor's gradient slot lets go of {@code s}: if backward made it in a scope, it now belongs
   * to the calling thread's innermost open scope, when there is one.
   */
  public static void dropGradient(Storage s) {
    // No scope open anywhere (the usual case): nothing to hand the gradient to, and no lock taken
    // on every zeroGrad. A mark left behind is harmless: only this slot could drop it again.
    if (OPEN.get() == 0 || s.size() < MIN_SIZE || GRADIENTS.remove(s) == null) return;
    Frame f = THREAD.get().innermost;
    if (f != null && OWNER.putIfAbsent(s, f.token) == null) f.made.add(s);
  }
}
