package dev.autograd;

import java.security.CodeSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
    List<Tensor> order = topologicalOrder(roots);
    Map<Tensor, Tensor> pending = new IdentityHashMap<>();
    for (int i = 0; i < roots.length; i++) accumulate(pending, roots[i], rootGrads[i]);
    Map<Tensor, Integer> wanted = null;
    Tensor[] results = null;
    if (inputs != null) {
      wanted = new IdentityHashMap<>();
      for (int i = 0; i < inputs.length; i++) wanted.put(inputs[i], i);
      results = new Tensor[inputs.length];
    }
    boolean previous = GradMode.set(createGraph);
    try {
      // Reverse post-order: every tensor is processed after all the tensors computed from it.
      for (int k = order.size() - 1; k >= 0; k--) {
        Tensor t = order.get(k);
        Tensor grad = pending.remove(t);
        if (grad == null) continue;
        grad = t.runHooks(grad);
        if (wanted != null) {
          Integer at = wanted.get(t);
          if (at != null) results[at] = grad;
        } else if (t.isLeaf() || t.retainsGrad()) {
          t.accumulateGrad(grad, createGraph);
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
          if (Autograd.isAnomalyDetectionEnabled()) checkFinite(node, i, g);
          if (!Arrays.equals(g.shape(), input.shape())) {
            throw new IllegalStateException(
                node.name()
                    + " returned a gradient of shape "
                    + Arrays.toString(g.shape())
                    + " for input "
                    + i
                    + " of shape "
                    + Arrays.toString(input.shape()));
          }
          accumulate(pending, input, g);
        }
        if (!retainGraph) node.release();
      }
    } finally {
      GradMode.set(previous);
    }
    return results;
  }

  private static void accumulate(Map<Tensor, Tensor> pending, Tensor t, Tensor g) {
    if (g.dtype() != t.dtype()) g = g.to(t.dtype());
    Tensor existing = pending.get(t);
    pending.put(t, existing == null ? g : existing.add(g));
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
   * Tensors reachable from {@code roots} through requires-grad edges, in post-order (inputs before
   * the tensors computed from them), found with an explicit stack.
   */
  private static List<Tensor> topologicalOrder(Tensor[] roots) {
    List<Tensor> order = new ArrayList<>();
    Map<Tensor, Boolean> seen = new IdentityHashMap<>();
    ArrayDeque<Tensor> stack = new ArrayDeque<>();
    ArrayDeque<Integer> nextChild = new ArrayDeque<>();
    for (Tensor root : roots) {
      if (seen.put(root, Boolean.TRUE) != null) continue;
      stack.push(root);
      nextChild.push(0);
      while (!stack.isEmpty()) {
        Tensor t = stack.peek();
        int child = nextChild.pop();
        Node node = t.node();
        Tensor[] children = node == null ? new Tensor[0] : node.inputArray();
        while (child < children.length
            && (children[child] == null
                || !children[child].requiresGrad()
                || seen.containsKey(children[child]))) {
          child++;
        }
        if (child < children.length) {
          Tensor c = children[child];
          seen.put(c, Boolean.TRUE);
          nextChild.push(child + 1);
          stack.push(c);
          nextChild.push(0);
        } else {
          stack.pop();
          order.add(t);
        }
      }
    }
    return order;
  }
}
