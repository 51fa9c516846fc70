package dev.autograd;

import java.security.CodeSource;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reverse-mode differentiation over the recorded graph: a topological order found without recursion
 * (so a chain of a million ops cannot overflow the stack), then one reversed loop that calls each
 * node's derivative and sums the gradients that meet at a tensor.
 */
final class Engine {
  private Engine() {}

  /**
   * Back-propagates {@code rootGrads} from {@code roots}.
   *
   * @param inputs null to accumulate into the {@code grad()} of leaves (and of tensors that retain
   *     their gradient); otherwise the tensors whose gradients are returned, leaving every {@code
   *     grad()} untouched
   * @return the gradients of {@code inputs} (null entries where unreachable), or null
   */
  static Tensor[] run(
      Tensor[] roots,
      Tensor[] rootGrads,
      boolean retainGraph,
      boolean createGraph,
      Tensor[] inputs) {
    Sorter sorter = sorter();
    topologicalOrder(roots, sorter);
    Tensor[] order = sorter.order;
    int size = sorter.size;
    Map<Tensor, Integer> wanted = null;
    Tensor[] results = null;
    if (inputs != null) {
      wanted = new IdentityHashMap<>();
      for (int i = 0; i < inputs.length; i++) wanted.put(inputs[i], i);
      results = new Tensor[inputs.length];
    }
    GradMode.State mode = GradMode.state();
    boolean anomaly = GradMode.anomalyEnabled(mode);
    boolean previous = mode.enabled;
    mode.enabled = createGraph;
    Handouts handouts = sorter.handouts;
    try {
      for (int i = 0; i < roots.length; i++) {
        handouts.count(rootGrads[i], 2); // the caller's: never taken over
        accumulate(roots[i], rootGrads[i], handouts);
      }
      // Reverse post-order: every tensor is processed after all the tensors computed from it.
      for (int k = size - 1; k >= 0; k--) {
        Tensor t = order[k];
        Tensor grad = t.pendingGrad;
        if (grad == null) continue;
        t.pendingGrad = null;
        grad = t.runHooks(grad);
        if (wanted != null) {
          Integer at = wanted.get(t);
          if (at != null) results[at] = grad;
        } else if (t.isLeaf() || t.retainsGrad()) {
          t.accumulateGrad(grad, createGraph, !t.hasHooks() && handouts.owned(grad));
        }
        Node node = t.node();
        if (node == null) continue;
        Tensor[] inputGrads = node.apply(grad);
        Tensor[] nodeInputs = node.inputArray();
        for (int i = 0; i < nodeInputs.length; i++) {
          Tensor input = nodeInputs[i];
          if (input == null || !input.requiresGrad() || i >= inputGrads.length) continue;
          Tensor g = inputGrads[i];
          if (g == null) continue;
          if (anomaly) checkFinite(node, i, g);
          if (g.shape != input.shape && !Arrays.equals(g.shape, input.shape)) {
            throw new IllegalStateException(
                node.name()
                    + " returned a gradient of shape "
                    + Arrays.toString(g.shape)
                    + " for input "
                    + i
                    + " of shape "
                    + Arrays.toString(input.shape));
          }
          accumulate(input, g, handouts);
        }
        if (!retainGraph) node.release();
      }
    } finally {
      mode.enabled = previous;
      // After a failure, gradients may be left waiting: drop them.
      for (int k = 0; k < size; k++) order[k].pendingGrad = null;
      sorter.clear();
    }
    return results;
  }

  /** Adds {@code g} to the gradient waiting at {@code t}, converted to t's type. */
  private static void accumulate(Tensor t, Tensor g, Handouts handouts) {
    if (g.dtype() != t.dtype()) g = g.to(t.dtype());
    handouts.count(g, 1);
    Tensor existing = t.pendingGrad;
    t.pendingGrad = existing == null ? g : existing.add(g);
  }

  /**
   * The storages of the large gradients handed out during one backward pass, and how many times
   * each was: a gradient whose storage went to one place only (or that the engine made itself, by
   * summing), that is packed and fills its storage, can become a leaf's grad() without a copy. A
   * gradient passed through unchanged (add), or as a view (reshape, expand), or given by the
   * caller, is counted more than once and is copied. Small gradients are not tracked: copying them
   * costs less than the bookkeeping.
   */
  private static final class Handouts {
    private static final int MIN_SIZE = 1024;
    private Map<Object, Integer> counts;

    void count(Tensor g, int times) {
      if (g.numel() < MIN_SIZE) return;
      if (counts == null) counts = new IdentityHashMap<>();
      counts.merge(g.storage, times, Integer::sum);
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

  /** Numbers each topological sort, so that a tensor's mark says whether this sort has seen it. */
  private static final AtomicInteger SORTS = new AtomicInteger();

  /** The arrays of a topological sort, kept per thread from one backward pass to the next. */
  private static final class Sorter {
    private static final int KEEP = 1 << 16;
    Tensor[] order = new Tensor[32];
    Tensor[] stack = new Tensor[32];
    int[] nextChild = new int[32];
    int size;
    boolean busy;
    final Handouts handouts = new Handouts();

    /** Drops the references to this pass's tensors (and arrays grown for a very large graph). */
    void clear() {
      if (order.length > KEEP) {
        order = new Tensor[32];
        stack = new Tensor[32];
        nextChild = new int[32];
      } else {
        Arrays.fill(order, 0, size, null);
      }
      size = 0;
      handouts.clear();
      busy = false;
    }
  }

  private static final ThreadLocal<Sorter> SORTER = ThreadLocal.withInitial(Sorter::new);

  private static Sorter sorter() {
    Sorter s = SORTER.get();
    if (s.busy) return new Sorter(); // a backward inside a hook of another backward
    s.busy = true;
    return s;
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

  /**
   * Fills {@code s.order} with the tensors reachable from {@code roots} through requires-grad
   * edges, in post-order (inputs before the tensors computed from them), found with an explicit
   * stack. A tensor is marked as seen with this sort's number, in a field of its own: no hash set,
   * no boxing.
   */
  private static void topologicalOrder(Tensor[] roots, Sorter s) {
    int sort = SORTS.incrementAndGet();
    Tensor[] order = s.order;
    int size = 0;
    Tensor[] stack = s.stack;
    int[] nextChild = s.nextChild;
    for (Tensor root : roots) {
      if (root.sortMark == sort) continue;
      root.sortMark = sort;
      int top = 0;
      stack[0] = root;
      nextChild[0] = 0;
      while (top >= 0) {
        Tensor t = stack[top];
        Node node = t.node();
        Tensor[] children = node == null ? Node.NONE : node.inputArray();
        int child = nextChild[top];
        while (child < children.length
            && (children[child] == null
                || !children[child].requiresGrad()
                || children[child].sortMark == sort)) {
          child++;
        }
        if (child < children.length) {
          Tensor c = children[child];
          c.sortMark = sort;
          nextChild[top] = child + 1;
          if (++top == stack.length) {
            stack = Arrays.copyOf(stack, top * 2);
            nextChild = Arrays.copyOf(nextChild, top * 2);
          }
          stack[top] = c;
          nextChild[top] = 0;
        } else {
          stack[top--] = null;
          if (size == order.length) order = Arrays.copyOf(order, size * 2);
          order[size++] = t;
        }
      }
    }
    s.order = order;
    s.stack = stack;
    s.nextChild = nextChild;
    s.size = size;
  }
}
