package dev.autograd;

import dev.autograd.internal.Storage;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reverse-mode differentiation over the recorded graph. The tensors waiting for their gradient sit
 * in a max-heap keyed by their node's height (the longest path down to a leaf; see {@link
 * Node#height()}), as PyTorch's engine orders its ready queue by sequence number: an op's result is
 * always higher than its inputs, so the highest waiting tensor has received the gradients of all
 * the tensors computed from it. One loop pops it, calls its node's derivative, and adds the results
 * to its inputs' waiting gradients. No recursion (a chain of a million ops cannot overflow the
 * stack) and no separate topological sort: each tensor is visited once.
 */
final class Engine {
  private Engine() {}

  /**
   * Back-propagates {@code rootGrads} from {@code roots}.
   *
   * @param inputs null to accumulate into the {@code grad()} of leaves (and of tensors that retain
   *     their gradient); otherwise the only tensors whose gradients are wanted
   * @param accumulate with {@code inputs}: true to add their gradients to their {@code grad()}
   *     (backward's {@code inputs}), false to return them and leave every {@code grad()} untouched
   *     (Autograd.grad)
   * @return the gradients of {@code inputs} (null entries where unreachable) if they are returned,
   *     or null
   */
  static Tensor[] run(
      Tensor[] roots,
      Tensor[] rootGrads,
      boolean retainGraph,
      boolean createGraph,
      Tensor[] inputs,
      boolean accumulate) {
    GradMode.State mode = GradMode.state();
    // Storages made from here on are this pass's; a gradient in any other shares the data of a
    // tensor of the forward pass or of the caller (1 * b passed on as b, a view of the root).
    int passStart = Storage.lastSerial();
    Frontier waiting = frontier(mode);
    int pass = waiting.nextPass();
    Map<AutogradMeta, Integer> wanted = inputs == null ? null : positions(inputs);
    // With inputs, only what leads to them runs, as in PyTorch: the flags of each tensor that does.
    Map<AutogradMeta, Integer> needed = wanted == null ? null : needed(roots, wanted);
    Tensor[] results = inputs == null || accumulate ? null : new Tensor[inputs.length];
    boolean anomaly = GradMode.anomalyEnabled(mode);
    boolean previous = mode.enabled;
    mode.enabled = createGraph;
    Handouts handouts = waiting.handouts;
    try {
      for (int i = 0; i < roots.length; i++) {
        AutogradMeta root = roots[i].autogradOrNull();
        if (needed != null && !needed.containsKey(root)) continue;
        handouts.count(rootGrads[i], 2); // the caller's: never taken over
        waiting.claim(root, pass);
        accumulate(root, rootGrads[i], handouts, Storage.lastSerial(), null);
        waiting.offer(root, pass);
      }
      while (waiting.size > 0) {
        AutogradMeta meta = waiting.poll();
        Tensor grad = meta.pendingGrad;
        meta.pendingGrad = null;
        // NOTE: asked before the hooks run: a hook may remove itself, and what it saw (or returned
        // in its place) is then still someone else's.
        boolean hooked = meta.hasHooks();
        grad = meta.runHooks(grad);
        if (wanted != null) {
          Integer at = wanted.get(meta);
          if (at == null) {
            // not wanted: its grad() is left alone
          } else if (results == null) {
            meta.accumulateGrad(grad, createGraph, !hooked && handouts.owned(grad));
          } else {
            // NOTE: a gradient that shares another tensor's data (1 * b is b) is copied, so that
            // the caller may change the result in place without changing that tensor.
            results[at] = ownedOrCopied(grad, passStart);
          }
        } else if (meta.node == null || meta.retainsGrad) {
          meta.accumulateGrad(grad, createGraph, !hooked && handouts.owned(grad));
        }
        Node node = meta.node;
        if (node == null) continue;
        boolean[] needs = null; // the node's own: every input that requires grad
        if (needed != null) {
          needs = neededInputs(node, needed);
          if (needs == null) continue; // nothing below leads to an input: it does not run
        }
        // Nothing but this node's derivative can see a gradient the engine owns, that no hook has
        // seen and that is neither kept nor returned: the derivative may write over it.
        boolean handOver =
            !createGraph
                && !hooked
                && !meta.retainsGrad
                && (wanted == null || !wanted.containsKey(meta))
                && handouts.owned(grad);
        int before = Storage.lastSerial();
        Storage handedOver = handOver ? grad.storage : null;
        if (needs == null && node.onlyFirstInput()) {
          // One gradient, to the one input the op is differentiable in: no list of them.
          Tensor g = node.applyToFirst(grad, handOver);
          if (handOver) handouts.forget(grad);
          AutogradMeta input = node.edge(0);
          if (g != null && input != null && input.requiresGrad) {
            passOn(node, 0, g, input, anomaly, handouts, before, handedOver, waiting, pass);
          }
        } else {
          Tensor[] inputGrads = node.apply(grad, needs, handOver);
          if (handOver) handouts.forget(grad); // dead now: only what the derivative returned counts
          int inputCount = Math.min(node.inputCount(), inputGrads.length);
          for (int i = 0; i < inputCount; i++) {
            AutogradMeta input = node.edge(i);
            if (input == null || !input.requiresGrad) continue;
            if (needs != null && !needs[i]) continue;
            Tensor g = inputGrads[i];
            if (g == null) continue;
            passOn(node, i, g, input, anomaly, handouts, before, handedOver, waiting, pass);
          }
        }
        if (!retainGraph) node.release();
      }
    } finally {
      mode.enabled = previous;
      // After a failure, gradients may be left waiting: drop them.
      waiting.clear();
    }
    return results;
  }

  /** Adds g, the gradient the node's derivative returned for input i, to what waits there. */
  private static void passOn(
      Node node,
      int i,
      Tensor g,
      AutogradMeta input,
      boolean anomaly,
      Handouts handouts,
      int before,
      Storage handedOver,
      Frontier waiting,
      int pass) {
    if (anomaly) checkFinite(node, i, g);
    if (g.shape != input.shape && !Arrays.equals(g.shape, input.shape)) {
      throw wrongShape(node, i, g, input);
    }
    waiting.claim(input, pass);
    accumulate(input, g, handouts, before, handedOver);
    waiting.offer(input, pass);
  }

  /**
   * g itself when its storage was made during this pass (or when g is part of a recorded graph of
   * the backward pass, which must stay connected: it requires grad), else a copy. Small storages
   * carry no serial, so small gradients are always copied, which costs less than telling them
   * apart.
   */
  private static Tensor ownedOrCopied(Tensor g, int passStart) {
    if (g.requiresGrad() || g.storage.allocatedSince(passStart)) return g;
    return ShapeOps.copy(g, g.dtype(), Primitives.CLONE); // a forward-mode tangent goes with it
  }

  /**
   * Each input's position in {@code inputs}, keyed by its autograd state, where the graph's edges
   * lead.
   */
  private static Map<AutogradMeta, Integer> positions(Tensor[] inputs) {
    Map<AutogradMeta, Integer> at = new IdentityHashMap<>();
    for (int i = 0; i < inputs.length; i++) at.put(inputs[i].autogradOrNull(), i);
    return at;
  }

  /** A flag of {@link #needed}: the tensor's node runs, because one of its inputs is needed. */
  private static final Integer RUNS = 1;

  /** A flag of {@link #needed}: the tensor is needed only as an input, its node does not run. */
  private static final Integer INPUT_ONLY = 0;

  /**
   * The tensors of the graph below {@code roots} that lead to one of the {@code wanted} inputs (or
   * are one), as PyTorch's engine computes before it runs: each mapped to {@link #RUNS} if its node
   * must run (some input of the node is needed), or {@link #INPUT_ONLY}. Whatever is not mapped is
   * neither visited nor freed, and its hooks do not run. An iterative depth-first walk, each tensor
   * decided once all its node's inputs are.
   */
  private static Map<AutogradMeta, Integer> needed(
      Tensor[] roots, Map<AutogradMeta, Integer> wanted) {
    Map<AutogradMeta, Integer> needed = new IdentityHashMap<>();
    Map<AutogradMeta, Boolean> decided = new IdentityHashMap<>();
    AutogradMeta[] stack = new AutogradMeta[16];
    int[] next = new int[16];
    for (Tensor root : roots) {
      AutogradMeta start = root.autogradOrNull();
      if (decided.containsKey(start)) continue;
      int top = 0;
      stack[0] = start;
      next[0] = 0;
      while (top >= 0) {
        AutogradMeta m = stack[top];
        Node node = m.node();
        int count = node == null ? 0 : node.inputCount();
        int i = next[top];
        while (i < count && (!edge(node.edge(i)) || decided.containsKey(node.edge(i)))) i++;
        if (i < count) {
          next[top] = i + 1;
          if (++top == stack.length) {
            stack = Arrays.copyOf(stack, top * 2);
            next = Arrays.copyOf(next, top * 2);
          }
          stack[top] = node.edge(i);
          next[top] = 0;
          continue;
        }
        boolean runs = false;
        for (int k = 0; k < count; k++) {
          AutogradMeta input = node.edge(k);
          runs |= edge(input) && needed.containsKey(input);
        }
        if (runs) {
          needed.put(m, RUNS);
        } else if (wanted.containsKey(m)) {
          needed.put(m, INPUT_ONLY);
        }
        decided.put(m, Boolean.TRUE);
        stack[top--] = null;
      }
    }
    return needed;
  }

  /** Whether gradients flow along an entry of a node's inputs. */
  private static boolean edge(AutogradMeta input) {
    return input != null && input.requiresGrad;
  }

  /**
   * Which of the node's inputs lead to a wanted input, given {@link #needed}: its own needsGrad
   * array when all of them do, or null when its node does not run.
   */
  private static boolean[] neededInputs(Node node, Map<AutogradMeta, Integer> needed) {
    AutogradMeta meta = node; // a node is its result's autograd state
    if (needed.get(meta) != RUNS) return null;
    boolean[] needs = node.needsGrad().clone();
    for (int i = 0; i < needs.length; i++) {
      AutogradMeta input = node.edge(i);
      needs[i] &= edge(input) && needed.containsKey(input);
    }
    return needs;
  }

  // NOTE: the messages are built in methods of their own, which keeps run() under the JIT's size
  // limit for inlining it into backward().
  private static IllegalStateException wrongShape(Node node, int i, Tensor g, AutogradMeta input) {
    return new IllegalStateException(
        node.name()
            + " returned a gradient of shape "
            + Arrays.toString(g.shape)
            + " for input "
            + i
            + " of shape "
            + Arrays.toString(input.shape));
  }

  /**
   * Adds {@code g} to the gradient waiting at {@code meta}, converted to its tensor's type. g is
   * the engine's if its storage was allocated after {@code before} or is the {@code handedOver}
   * storage of the gradient the derivative was given: a derivative may also return a tensor of the
   * forward pass (or a view of one), which must never be taken over.
   */
  private static void accumulate(
      AutogradMeta meta, Tensor g, Handouts handouts, int before, Storage handedOver) {
    if (g.dtype() != meta.dtype) g = g.to(meta.dtype);
    boolean engines = g.storage == handedOver || g.storage.allocatedSince(before);
    handouts.count(g, engines ? 1 : 2);
    Tensor existing = meta.pendingGrad;
    meta.pendingGrad = existing == null ? g : existing.add(g);
  }

  /**
   * The storages of the large gradients handed out during one backward pass, and how many times
   * each was: a gradient whose storage went to one place only (or that the engine made itself, by
   * summing), that is packed and fills its storage, is the engine's own. It can become a leaf's
   * grad() without a copy, and the derivative it is given may write over it. A gradient passed on
   * to two inputs (add), as a view (reshape, expand), given by the caller or sharing its storage
   * with a tensor of the forward pass, counts twice or more and is copied. Small gradients are not
   * tracked: copying them costs less than the bookkeeping.
   */
  private static final class Handouts {
    private static final int MIN_SIZE = 1024;
    private Map<Object, Integer> counts;

    void count(Tensor g, int times) {
      if (g.numel() < MIN_SIZE) return;
      if (counts == null) counts = new IdentityHashMap<>();
      counts.merge(g.storage, times, Integer::sum);
    }

    /**
     * Forgets g's storage, whose only holder is gone: what holds it from now on is counted anew.
     */
    void forget(Tensor g) {
      if (counts != null) counts.remove(g.storage);
    }

    void clear() {
      if (counts != null) counts.clear();
    }

    boolean owned(Tensor g) {
      if (g.numel() < MIN_SIZE || g.requiresGrad()) return false;
      if (g.offset != 0 || g.storage.size() != g.numel() || !g.isContiguous()) return false;
      Integer n = counts == null ? null : counts.get(g.storage);
      return n == null || n == 1;
    }
  }

  private static void checkFinite(Node node, int input, Tensor g) {
    double[] values = g.toDoubleArray();
    for (double v : values) {
      if (!Double.isFinite(v)) {
        StringBuilder where = new StringBuilder();
        StackTraceElement[] trace = node.createdAt();
        if (trace != null) {
          for (StackTraceElement e : trace) {
            if (isLibraryFrame(e)) continue;
            where.append("\n    at ").append(e);
          }
        } else {
          where.append(" (unknown: enable anomaly detection before the forward pass to record it)");
        }
        throw new TensorException(
            "Function '"
                + node.name()
                + "' returned "
                + (Double.isNaN(v) ? "nan" : "inf")
                + " values in its "
                + input
                + "th output. The forward op was called at:"
                + where);
      }
    }
  }

  /**
   * Numbers each backward pass, so that a tensor's mark says whether this pass has queued it. Each
   * frontier takes a block of numbers at a time: one atomic operation per {@link #PASS_BLOCK}
   * passes, and still no two passes, on any threads, with the same number.
   */
  private static final AtomicInteger PASSES = new AtomicInteger();

  private static final int PASS_BLOCK = 1 << 16;

  /**
   * The tensors that have received some gradient and wait to be processed: a binary max-heap on
   * their node's height (leaves, height 0, come last), kept per thread from one backward pass to
   * the next so that a small graph allocates nothing here. A tensor is queued once per pass: its
   * {@code queuedInPass} field holds the number of the last pass that queued it (no hash set).
   */
  static final class Frontier {
    private static final int KEEP = 1 << 16;
    AutogradMeta[] waiting = new AutogradMeta[16];
    int[] heights = new int[16];
    int size;
    boolean busy;

    /**
     * For a nested pass (a backward run from a hook or a custom function's backward during another
     * backward), the engine bookkeeping of the tensors it touched as the outer pass left it: the
     * nested pass uses the tensors' fields too, and gives them back when it ends, so that it
     * neither takes a gradient waiting for the outer pass nor makes the outer pass queue a tensor
     * twice. Null for the thread's own frontier.
     */
    private final IdentityHashMap<AutogradMeta, Outer> outer;

    /** A tensor's bookkeeping in the pass that a nested one interrupted. */
    private record Outer(int queuedInPass, Tensor pendingGrad) {}

    Frontier(boolean nested) {
      outer = nested ? new IdentityHashMap<>() : null;
    }

    /**
     * Before this pass adds a gradient at {@code meta}: in a nested pass, sets aside what another
     * pass keeps there, the first time this one touches it.
     */
    void claim(AutogradMeta meta, int pass) {
      if (outer == null || meta.queuedInPass == pass || outer.containsKey(meta)) return;
      outer.put(meta, new Outer(meta.queuedInPass, meta.pendingGrad));
      meta.pendingGrad = null;
    }

    final Handouts handouts = new Handouts();
    private int lastPass;
    private int passLimit;

    /** A pass number no other pass has had; never 0, the mark of a tensor never queued. */
    int nextPass() {
      if (lastPass == passLimit) {
        lastPass = PASSES.getAndAdd(PASS_BLOCK);
        passLimit = lastPass + PASS_BLOCK;
      }
      int pass = ++lastPass;
      return pass != 0 ? pass : nextPass();
    }

    /** Queues the tensor whose state is {@code meta} unless this pass has already queued it. */
    void offer(AutogradMeta meta, int pass) {
      if (meta.queuedInPass == pass) return;
      meta.queuedInPass = pass;
      Node node = meta.node();
      int height = node == null ? 0 : node.height();
      if (size == waiting.length) {
        waiting = Arrays.copyOf(waiting, size * 2);
        heights = Arrays.copyOf(heights, size * 2);
      }
      // Sift up: parents lower than the new entry move down.
      int at = size++;
      while (at > 0) {
        int parent = (at - 1) >>> 1;
        if (heights[parent] >= height) break;
        waiting[at] = waiting[parent];
        heights[at] = heights[parent];
        at = parent;
      }
      waiting[at] = meta;
      heights[at] = height;
    }

    /** Removes and returns the state of the highest waiting tensor. */
    AutogradMeta poll() {
      AutogradMeta top = waiting[0];
      int last = --size;
      AutogradMeta moved = waiting[last];
      int height = heights[last];
      waiting[last] = null;
      if (last > 0) {
        // Sift down: the last entry takes the root's place and sinks below higher children.
        int at = 0;
        int half = last >>> 1;
        while (at < half) {
          int child = 2 * at + 1;
          if (child + 1 < last && heights[child + 1] > heights[child]) child++;
          if (heights[child] <= height) break;
          waiting[at] = waiting[child];
          heights[at] = heights[child];
          at = child;
        }
        waiting[at] = moved;
        heights[at] = height;
      }
      return top;
    }

    /** Drops what is still waiting (after a failure) and arrays grown for a very wide graph. */
    void clear() {
      for (int i = 0; i < size; i++) {
        waiting[i].pendingGrad = null;
        waiting[i] = null;
      }
      size = 0;
      if (outer != null) {
        outer.forEach(
            (meta, before) -> {
              meta.queuedInPass = before.queuedInPass;
              meta.pendingGrad = before.pendingGrad;
            });
        outer.clear();
      }
      if (waiting.length > KEEP) {
        waiting = new AutogradMeta[16];
        heights = new int[16];
      }
      handouts.clear();
      busy = false;
    }
  }

  /** This thread's frontier, kept in its grad-mode state, or a new one for a nested backward. */
  private static Frontier frontier(GradMode.State mode) {
    Frontier f = mode.frontier;
    if (f == null) mode.frontier = f = new Frontier(false);
    if (f.busy) return new Frontier(true); // a backward inside a hook or function of another
    f.busy = true;
    return f;
  }

  /**
   * Whether a stack frame is inside this library (the ops and the engine), rather than in the code
   * that called it: its class was loaded from the same place as this one. Code in a {@code
   * dev.autograd} package of its own (an application, the tests) is not skipped.
   */
  private static boolean isLibraryFrame(StackTraceElement e) {
    String name = e.getClassName();
    if (!name.startsWith("dev.autograd.")) return false;
    int nested = name.indexOf('$');
    try {
      Class<?> c =
          Class.forName(
              nested < 0 ? name : name.substring(0, nested), false, Engine.class.getClassLoader());
      return Objects.equals(location(c), location(Engine.class));
    } catch (ClassNotFoundException | LinkageError | SecurityException ex) {
      return false;
    }
  }

  private static String location(Class<?> c) {
    CodeSource source = c.getProtectionDomain().getCodeSource();
    return source == null || source.getLocation() == null ? null : source.getLocation().toString();
  }
}
