package dev.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The options of {@link Autograd#grad(List, List, GradOptions)}, as the keyword arguments of
 * PyTorch's {@code torch.autograd.grad(outputs, inputs, grad_outputs=None, retain_graph=None,
 * create_graph=False, allow_unused=None, materialize_grads=False)}. Immutable: each wither returns
 * a copy with one option changed.
 *
 * <pre>{@code
 * Tensor x = Tensor.scalar(2.0).requiresGrad(true);
 * Tensor y = x.pow(3);
 * Tensor dy = Autograd.grad(List.of(y), List.of(x), GradOptions.defaults().createGraph(true)).get(0);
 * Autograd.grad(dy, x)[0]; // tensor(12.), the second derivative 6x
 * }</pre>
 *
 * <p>A type of its own rather than one shared with {@link BackwardOptions}, whose Javadoc says why.
 */
public final class GradOptions {
  private static final GradOptions DEFAULTS =
      new GradOptions(Collections.emptyList(), null, false, null, false);

  private final List<Tensor> gradOutputs;
  private final Boolean retainGraph; // null: the value of createGraph, as in PyTorch
  private final boolean createGraph;
  private final Boolean allowUnused; // null: the value of materializeGrads, as in PyTorch
  private final boolean materializeGrads;

  private GradOptions(
      List<Tensor> gradOutputs,
      Boolean retainGraph,
      boolean createGraph,
      Boolean allowUnused,
      boolean materializeGrads) {
    this.gradOutputs = gradOutputs;
    this.retainGraph = retainGraph;
    this.createGraph = createGraph;
    this.allowUnused = allowUnused;
    this.materializeGrads = materializeGrads;
  }

  /**
   * PyTorch's defaults: no gradient outputs (1 for each one-element output), the graph freed, no
   * graph of the backward pass, and an unused input is an error.
   *
   * @return the default options
   */
  public static GradOptions defaults() {
    return DEFAULTS;
  }

  /**
   * The "vector" of the vector-Jacobian product, one per output, as PyTorch's {@code grad_outputs}:
   * grad returns {@code sum_i gradOutputs[i] . d outputs[i] / d input} for each input.
   *
   * @param gradOutputs one per output, shaped like it (checked by grad); a null entry means 1, for
   *     a one-element output; null or empty (the default): 1 for every output
   * @return a copy with these gradient outputs
   */
  public GradOptions gradOutputs(List<Tensor> gradOutputs) {
    // NOTE: a copy that keeps null entries (List.copyOf would refuse them): they mean 1.
    List<Tensor> copy =
        gradOutputs == null
            ? Collections.emptyList()
            : Collections.unmodifiableList(new ArrayList<>(gradOutputs));
    return new GradOptions(copy, retainGraph, createGraph, allowUnused, materializeGrads);
  }

  /**
   * The gradient outputs, one per output; see {@link #gradOutputs(List)}.
   *
   * <pre>{@code
   * GradOptions.defaults().gradOutputs(v);    // one output, weighted by v
   * GradOptions.defaults().gradOutputs(u, v); // two outputs
   * }</pre>
   *
   * @param gradOutputs one per output, shaped like it; a null entry means 1, for a one-element
   *     output
   * @return a copy with these gradient outputs
   */
  public GradOptions gradOutputs(Tensor... gradOutputs) {
    return gradOutputs(gradOutputs == null ? null : Arrays.asList(gradOutputs));
  }

  /**
   * Whether to keep the graph, so that it can be differentiated again, as PyTorch's {@code
   * retain_graph}.
   *
   * @param retainGraph true to keep the graph; unless set, it takes the value of {@link
   *     #createGraph(boolean)}
   * @return a copy with this setting
   */
  public GradOptions retainGraph(boolean retainGraph) {
    return new GradOptions(gradOutputs, retainGraph, createGraph, allowUnused, materializeGrads);
  }

  /**
   * Whether to record the backward pass, as PyTorch's {@code create_graph}: the returned gradients
   * then have a {@link Tensor#gradFn()} and can be differentiated again (higher-order derivatives,
   * Hessian-vector products). Implies {@link #retainGraph(boolean)} unless that is set to false.
   *
   * @param createGraph true to record the backward pass
   * @return a copy with this setting
   */
  public GradOptions createGraph(boolean createGraph) {
    return new GradOptions(gradOutputs, retainGraph, createGraph, allowUnused, materializeGrads);
  }

  /**
   * Whether an input that the outputs do not depend on gets null instead of an exception, as
   * PyTorch's {@code allow_unused}.
   *
   * @param allowUnused true for null; unless set, it takes the value of {@link
   *     #materializeGrads(boolean)}
   * @return a copy with this setting
   */
  public GradOptions allowUnused(boolean allowUnused) {
    return new GradOptions(gradOutputs, retainGraph, createGraph, allowUnused, materializeGrads);
  }

  /**
   * Whether an input that the outputs do not depend on gets zeros shaped like it (of its type, not
   * requiring grad) instead of null, as PyTorch's {@code materialize_grads}: the derivative is
   * zero, and code that goes on to differentiate or add it needs no null check. Implies {@link
   * #allowUnused(boolean)}; setting both {@code materializeGrads(true)} and {@code
   * allowUnused(false)} is an error.
   *
   * @param materializeGrads true for zeros
   * @return a copy with this setting
   */
  public GradOptions materializeGrads(boolean materializeGrads) {
    return new GradOptions(gradOutputs, retainGraph, createGraph, allowUnused, materializeGrads);
  }

  /**
   * The gradient outputs.
   *
   * @return the list given to {@link #gradOutputs(List)}, unmodifiable, with its null entries;
   *     empty by default
   */
  public List<Tensor> gradOutputs() {
    return gradOutputs;
  }

  /**
   * Whether grad keeps the graph.
   *
   * @return the value given to {@link #retainGraph(boolean)}, or else that of {@link
   *     #createGraph()}
   */
  public boolean retainGraph() {
    return retainGraph != null ? retainGraph : createGraph;
  }

  /**
   * Whether grad records its own pass.
   *
   * @return the value given to {@link #createGraph(boolean)}, false by default
   */
  public boolean createGraph() {
    return createGraph;
  }

  /**
   * Whether an unused input is allowed.
   *
   * @return the value given to {@link #allowUnused(boolean)}, or else that of {@link
   *     #materializeGrads()}
   */
  public boolean allowUnused() {
    return allowUnused != null ? allowUnused : materializeGrads;
  }

  /**
   * Whether an unused input gets zeros rather than null.
   *
   * @return the value given to {@link #materializeGrads(boolean)}, false by default
   */
  public boolean materializeGrads() {
    return materializeGrads;
  }

  /** Whether allowUnused(false) was set together with materializeGrads(true). */
  boolean contradictory() {
    return materializeGrads && Boolean.FALSE.equals(allowUnused);
  }

  /**
   * The options, for messages and logs.
   *
   * @return for example {@code GradOptions(gradOutputs=1, retainGraph=true, createGraph=true,
   *     allowUnused=false, materializeGrads=false)}, with the number of gradient outputs
   */
  @Override
  public String toString() {
    return "GradOptions(gradOutputs="
        + gradOutputs.size()
        + ", retainGraph="
        + retainGraph()
        + ", createGraph="
        + createGraph
        + ", allowUnused="
        + allowUnused()
        + ", materializeGrads="
        + materializeGrads
        + ")";
  }
}
