package dev.autograd;

import dev.autograd.internal.Arguments;
import java.util.Arrays;
import java.util.List;

/**
 * Switches and entry points of the autograd engine.
 *
 * <pre>{@code
 * try (var scope = Autograd.noGrad()) {
 *   w.sub_(w.grad().mul(0.1)); // not recorded
 * }
 * Tensor[] g = Autograd.grad(y, x); // dy/dx without touching x.grad()
 * }</pre>
 */
public final class Autograd {
  private Autograd() {}

  /** A scope that restores the previous setting when closed; use with try-with-resources. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Stops recording ops on the calling thread until the returned scope is closed. Results of ops
   * made inside do not require grad. Other threads are unaffected.
   *
   * @return the scope; closing it restores the setting that was in force before
   */
  public static Scope noGrad() {
    return setGradEnabled(false);
  }

  /**
   * Resumes recording on the calling thread (inside a {@link #noGrad()}) until closed.
   *
   * @return the scope; closing it restores the setting that was in force before
   */
  public static Scope enableGrad() {
    return setGradEnabled(true);
  }

  /**
   * Whether ops on the calling thread are recorded for backward.
   *
   * @return true unless inside a {@link #noGrad()} scope (and not in a nested {@link
   *     #enableGrad()})
   */
  public static boolean isGradEnabled() {
    return GradMode.isEnabled();
  }

  /**
   * Turns recording on or off on the calling thread, as {@code torch.set_grad_enabled(mode)}: at
   * once, and until the returned scope is closed, which restores the setting in force before. Used
   * with try-with-resources it is PyTorch's {@code with torch.set_grad_enabled(mode):}, the form
   * for a switch decided at run time; called alone, the setting stays.
   *
   * <pre>{@code
   * try (var scope = Autograd.setGradEnabled(training)) {
   *   loss = model.forward(x); // recorded only when training
   * }
   * }</pre>
   *
   * @param enabled true to record ops ({@link #enableGrad()}), false not to ({@link #noGrad()})
   * @return the scope; closing it restores the setting that was in force before
   */
  public static Scope setGradEnabled(boolean enabled) {
    boolean previous = GradMode.set(enabled);
    return () -> GradMode.set(previous);
  }

  /**
   * Turns on anomaly detection on this thread until the scope is closed: ops remember where they
   * were called, and the first NaN or infinity produced by a backward function throws a {@link
   * TensorException} naming the op and that place in the forward code. It slows every op down; use
   * it to debug.
   *
   * @return the scope; closing it ends this thread's anomaly detection (scopes nest)
   */
  public static Scope detectAnomaly() {
    GradMode.enterAnomaly(1);
    return () -> GradMode.enterAnomaly(-1);
  }

  /**
   * Turns anomaly detection on or off for all threads. See {@link #detectAnomaly()}.
   *
   * @param enabled true to detect anomalies on every thread, false to leave it to the per-thread
   *     scopes
   */
  public static void setDetectAnomaly(boolean enabled) {
    GradMode.anomalyGlobal = enabled;
  }

  /**
   * Whether anomaly detection is on for the calling thread.
   *
   * @return true if switched on globally or by an open {@link #detectAnomaly()} scope on this
   *     thread
   */
  public static boolean isAnomalyDetectionEnabled() {
    return GradMode.anomalyEnabled();
  }

  /** The names of grad's lists, as its messages call them. */
  private static final String[] GRAD_LISTS = {"outputs", "gradOutputs"};

  /** The names of backward's lists, as its messages call them. */
  private static final String[] BACKWARD_LISTS = {"tensors", "grads"};

  /**
   * Back-propagates from several tensors in one pass, as {@code torch.autograd.backward(tensors,
   * grad_tensors)}: each leaf receives {@code sum_i sum(grads[i] * d tensors[i] / d leaf)} in its
   * {@code grad()}, each tensor of the graph visited once however many roots reach it. The graph is
   * freed afterwards.
   *
   * <pre>{@code
   * Tensor x = Tensor.of(new double[] {1, 1}).requiresGrad(true);
   * Autograd.backward(List.of(x.mul(2), x.sum().mul(3)), Arrays.asList(Tensor.ones(2), null));
   * x.grad(); // tensor([5., 5.]): 2 from the first root, 3 from the second
   * }</pre>
   *
   * @param tensors the roots, each requiring grad
   * @param grads one gradient per root, shaped like it ({@code d final / d tensors[i]}); an entry,
   *     or the whole list, may be null for one-element roots, meaning 1
   * @throws TensorException if a list or a root is null, the lists differ in length, a root does
   *     not require grad, a gradient is missing for a root of more than one element or has the
   *     wrong shape, or the graph was already freed
   */
  public static void backward(List<Tensor> tensors, List<Tensor> grads) {
    backward(tensors, grads, BackwardOptions.defaults());
  }

  /**
   * {@link #backward(List, List)} with PyTorch's other keyword arguments ({@code retain_graph},
   * {@code create_graph}, {@code inputs}) in {@code options}; the gradients are {@code grads}, so
   * {@link BackwardOptions#gradient(Tensor)} must be left unset.
   *
   * @param tensors the roots, each requiring grad
   * @param grads one gradient per root, or null (entries may be null for one-element roots)
   * @param options retainGraph, createGraph and inputs; {@link BackwardOptions#defaults()} for none
   * @throws TensorException as {@link #backward(List, List)}, and if {@code options} is null or has
   *     a gradient, or an input does not require grad
   */
  public static void backward(List<Tensor> tensors, List<Tensor> grads, BackwardOptions options) {
    if (tensors == null) throw new TensorException("backward: tensors is null");
    if (options == null) {
      throw new TensorException(
          "backward: options is null; pass BackwardOptions.defaults() for none");
    }
    if (options.gradient() != null) {
      throw new TensorException(
          "backward: the gradients of several tensors go in grads, one per tensor; leave"
              + " BackwardOptions.gradient unset");
    }
    Tensor[] roots = tensors.toArray(new Tensor[0]);
    Tensor[] rootGrads = rootGradients("backward", BACKWARD_LISTS, roots, grads);
    if (roots.length == 0) return; // nothing to differentiate, as in PyTorch
    Tensor.backwardFrom(roots, rootGrads, options);
  }

  /**
   * The checked gradient of each root: {@code grads.get(i)}, or 1 where that is null (or grads is)
   * and the root has one element.
   *
   * @param lists the names of the list of roots and of the list of gradients, for the messages
   */
  private static Tensor[] rootGradients(
      String op, String[] lists, Tensor[] roots, List<Tensor> grads) {
    if (grads != null && grads.size() != roots.length) {
      throw new TensorException(
          op
              + ": got "
              + roots.length
              + " "
              + lists[0]
              + " and "
              + grads.size()
              + " "
              + lists[1]
              + "; give one gradient per tensor of "
              + lists[0]
              + " (null for a one-element one)");
    }
    Tensor[] rootGrads = new Tensor[roots.length];
    for (int i = 0; i < roots.length; i++) {
      if (roots[i] == null) {
        throw new TensorException(op + ": " + lists[0] + "[" + i + "] is null");
      }
      Tensor given = grads == null ? null : grads.get(i);
      rootGrads[i] = Tensor.rootGradient(op, lists, i, roots[i], given);
    }
    return rootGrads;
  }

  /**
   * The gradients of a one-element {@code output} with respect to {@code inputs}, without touching
   * their {@code grad()}. Only the ops between the output and the inputs run, as in PyTorch: the
   * graph below the inputs is not visited (its hooks do not run), and what runs is freed
   * afterwards. Equivalent to {@code torch.autograd.grad(output, inputs)}; {@link #grad(List, List,
   * GradOptions)} takes the other options.
   *
   * <pre>{@code
   * Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
   * Tensor y = x.pow(2).sum();
   * Autograd.grad(y, x)[0]; // tensor([2., 4., 6.])
   * }</pre>
   *
   * @param output the tensor to differentiate; it must have one element
   * @param inputs the tensors to differentiate with respect to; each must require grad
   * @return {@code d output / d inputs[i]} for each input, shaped like that input
   * @throws TensorException if {@code output} has more than one element, an input does not require
   *     grad or is not used to compute {@code output}, or the graph was already freed
   */
  public static Tensor[] grad(Tensor output, Tensor... inputs) {
    Arguments.requireNonNull("grad", "output", output);
    Arguments.requireNonNull("grad", "inputs", inputs);
    return grad(Arrays.asList(output), Arrays.asList(inputs), GradOptions.defaults())
        .toArray(new Tensor[0]);
  }

  /**
   * The gradients of {@code outputs} with respect to {@code inputs}, {@code sum_i gradOutputs[i] .
   * d outputs[i] / d input} for each input, without touching their {@code grad()}, as {@code
   * torch.autograd.grad}. The options say what each keyword argument of PyTorch's does:
   *
   * <pre>{@code
   * // torch.autograd.grad(y, x, create_graph=True): a differentiable first derivative
   * Tensor dy = Autograd.grad(List.of(y), List.of(x), GradOptions.defaults().createGraph(true)).get(0);
   * // torch.autograd.grad(z, [x, w], grad_outputs=v, allow_unused=True): a vector-Jacobian product
   * List<Tensor> vjp =
   *     Autograd.grad(List.of(z), List.of(x, w), GradOptions.defaults().gradOutputs(v).allowUnused(true));
   * }</pre>
   *
   * @param outputs the tensors to differentiate, each requiring grad
   * @param inputs the tensors to differentiate with respect to; each must require grad
   * @param options the gradient outputs and switches; {@link GradOptions#defaults()} for none
   * @return one gradient per input, shaped like it: null for an input the outputs do not depend on
   *     if {@link GradOptions#allowUnused(boolean)}, zeros if {@link
   *     GradOptions#materializeGrads(boolean)}
   * @throws TensorException if an argument or entry is null, an input or output does not require
   *     grad, an input is unused and not allowed to be, the number of gradient outputs is not the
   *     number of outputs, a gradient output is missing for an output of more than one element or
   *     has the wrong shape, or the graph was already freed
   */
  public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, GradOptions options) {
    Arguments.requireNoNulls("grad", "outputs", outputs);
    Arguments.requireNoNulls("grad", "inputs", inputs);
    if (options == null) {
      throw new TensorException("grad: options is null; pass GradOptions.defaults() for none");
    }
    if (options.contradictory()) {
      throw new TensorException(
          "grad: materializeGrads(true) gives zeros for unused inputs, but allowUnused(false)"
              + " forbids them; leave allowUnused unset");
    }
    List<Tensor> gradOutputs = options.gradOutputs();
    Tensor[] roots = outputs.toArray(new Tensor[0]);
    Tensor[] rootGrads =
        rootGradients("grad", GRAD_LISTS, roots, gradOutputs.isEmpty() ? null : gradOutputs);
    Tensor[] wrt = inputs.toArray(new Tensor[0]);
    for (int i = 0; i < wrt.length; i++) {
      if (!wrt[i].requiresGrad()) {
        throw new TensorException(
            "grad: input " + i + " does not require grad; call requiresGrad(true) on it first");
      }
    }
    Tensor[] result =
        Engine.run(roots, rootGrads, options.retainGraph(), options.createGraph(), wrt, false);
    for (int i = 0; i < result.length; i++) {
      if (result[i] != null) continue;
      if (!options.allowUnused()) {
        throw new TensorException(
            "grad: input "
                + i
                + " was not used in the graph of the outputs; pass GradOptions allowUnused(true)"
                + " to get null for it, or materializeGrads(true) for zeros");
      }
      if (options.materializeGrads()) result[i] = Tensor.zeros(wrt[i].dtype(), wrt[i].shape());
    }
    return Arrays.asList(result);
  }

  /**
   * The recorded graph that ends in {@code output}, with the defaults of {@link GraphOptions}: see
   * {@link #graph(Tensor, GraphOptions)}.
   *
   * @param output the tensor the graph ends in
   * @return the graph's tensors and ops
   * @throws TensorException if {@code output} is null
   */
  public static RecordedGraph graph(Tensor output) {
    return graph(output, GraphOptions.defaults());
  }

  /**
   * The recorded graph that ends in {@code output}: every tensor it was computed from through
   * recorded ops and every such op, numbered in forward order, as a description taken now (values
   * and gradients written out as text). Pictures of the graph start here: {@link
   * RecordedGraph#toDot()}, and {@code Plots.graph} in autograd-plot. Nothing of the graph or the
   * tensors changes. After a backward pass that did not retain the graph, the structure is still
   * there but the results of ops have let go of their data: their values are not shown.
   *
   * @param output the tensor the graph ends in; one that does not require grad is a graph of one
   *     tensor
   * @param options names, and how much of the values and of the graph to show
   * @return the graph's tensors and ops
   * @throws TensorException if {@code output} or {@code options} is null
   */
  public static RecordedGraph graph(Tensor output, GraphOptions options) {
    Arguments.requireNonNull("graph", "output", output);
    Arguments.requireNonNull("graph", "options", options);
    return RecordedGraph.of(output, options);
  }

  /**
   * The recorded graph that ends in {@code output} as Graphviz DOT text, with the defaults of
   * {@link GraphOptions}: see {@link RecordedGraph#toDot()}.
   *
   * <pre>{@code
   * Files.writeString(Path.of("graph.dot"), Autograd.toDot(loss)); // then: dot -Tsvg graph.dot
   * }</pre>
   *
   * @param output the tensor the graph ends in
   * @return the DOT text; the same graph gives the same text
   * @throws TensorException if {@code output} is null
   */
  public static String toDot(Tensor output) {
    return toDot(output, GraphOptions.defaults());
  }

  /**
   * The recorded graph that ends in {@code output} as Graphviz DOT text: {@code graph(output,
   * options).toDot()}.
   *
   * <pre>{@code
   * String dot = Autograd.toDot(loss, GraphOptions.defaults().names(model.namedParameters()));
   * }</pre>
   *
   * @param output the tensor the graph ends in
   * @param options names, and how much of the values and of the graph to show
   * @return the DOT text; the same graph gives the same text
   * @throws TensorException if {@code output} or {@code options} is null
   */
  public static String toDot(Tensor output, GraphOptions options) {
    Arguments.requireNonNull("toDot", "output", output);
    Arguments.requireNonNull("toDot", "options", options);
    return RecordedGraph.of(output, options).toDot();
  }

  /**
   * The chain rule worked through from a one-element {@code output} back to the leaves, with the
   * defaults of {@link GraphOptions}: see {@link #traceBackward(Tensor, GraphOptions)}.
   *
   * @param output the tensor to differentiate
   * @return the trace; {@code toString()} prints it
   * @throws TensorException as {@link #traceBackward(Tensor, GraphOptions)}
   */
  public static BackwardTrace traceBackward(Tensor output) {
    return traceBackward(output, GraphOptions.defaults());
  }

  /**
   * The chain rule worked through from {@code output} back to the leaves, step by step with the
   * numbers: for each op, from the output down, its local derivative with respect to each input and
   * the upstream gradient multiplied into it; for each leaf, the sum of what reached it. The
   * gradients are the ones {@code output.backward()} computes (hooks are not run), without running
   * it: the graph and every {@code grad()} are left as they are, so backward can follow.
   *
   * <pre>{@code
   * Tensor x = Tensor.scalar(2.0).requiresGrad(true);
   * Tensor y = x.pow(3).sub(x.mul(4)).sub(5);
   * System.out.println(Autograd.traceBackward(y, GraphOptions.defaults().name("x", x).name("y", y)));
   * }</pre>
   *
   * @param output the tensor to differentiate; it and every tensor of its graph must have one
   *     element
   * @param options the names to show tensors by ({@code maxTensors} caps the graph's size; {@code
   *     maxValues} is not used)
   * @return the trace; {@code toString()} prints it
   * @throws TensorException if an argument is null, {@code output} does not require grad, a tensor
   *     of the graph has more than one element, the graph has more than {@code maxTensors} tensors,
   *     or a backward pass freed it
   */
  public static BackwardTrace traceBackward(Tensor output, GraphOptions options) {
    Arguments.requireNonNull("traceBackward", "output", output);
    Arguments.requireNonNull("traceBackward", "options", options);
    return BackwardTrace.of(output, options);
  }
}
