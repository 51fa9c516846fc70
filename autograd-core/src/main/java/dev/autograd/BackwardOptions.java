package dev.autograd;

import dev.autograd.internal.Arguments;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The options of {@link Tensor#backward(BackwardOptions)}, as the keyword arguments of PyTorch's
 * {@code tensor.backward(gradient=None, retain_graph=None, create_graph=False, inputs=None)}.
 * Immutable: each wither returns a copy with one option changed, so a value can be kept in a
 * constant and shared.
 *
 * <pre>{@code
 * Tensor x = Tensor.scalar(2.0).requiresGrad(true);
 * Tensor y = x.pow(3);
 * y.backward(BackwardOptions.defaults().retainGraph(true)); // x.grad() = 12
 * y.backward();                                             // the graph is still there: 24
 * }</pre>
 *
 * <p>A type of its own rather than one shared with {@link GradOptions}: the two calls take
 * different options. Backward accumulates into {@link Tensor#grad()} and can be limited to some
 * {@link #inputs}; {@link Autograd#grad(List, List, GradOptions)} returns the gradients, weighs
 * several outputs, and decides what an unused input gets. One type for both would accept options
 * that one of the calls ignores.
 */
public final class BackwardOptions {
  private static final BackwardOptions DEFAULTS =
      new BackwardOptions(null, null, false, Collections.emptyList());

  private final Tensor gradient;
  private final Boolean retainGraph; // null: the value of createGraph, as in PyTorch
  private final boolean createGraph;
  private final List<Tensor> inputs;

  private BackwardOptions(
      Tensor gradient, Boolean retainGraph, boolean createGraph, List<Tensor> inputs) {
    this.gradient = gradient;
    this.retainGraph = retainGraph;
    this.createGraph = createGraph;
    this.inputs = inputs;
  }

  /**
   * PyTorch's defaults: no gradient (1 for a one-element tensor), the graph freed, no graph of the
   * backward pass, and every leaf receives its gradient.
   *
   * @return the default options
   */
  public static BackwardOptions defaults() {
    return DEFAULTS;
  }

  /**
   * The gradient to back-propagate, {@code d final / d this}, as PyTorch's {@code gradient}: each
   * leaf receives {@code sum(gradient * d this / d leaf)}.
   *
   * @param gradient shaped like the tensor backward is called on; null (the default) means 1, for a
   *     one-element tensor
   * @return a copy with this gradient
   */
  public BackwardOptions gradient(Tensor gradient) {
    return new BackwardOptions(gradient, retainGraph, createGraph, inputs);
  }

  /**
   * Whether to keep the graph, so that backward (or {@link Autograd#grad}) can run through it
   * again, as PyTorch's {@code retain_graph}. Without it, backward frees the values each op saved
   * for its derivative as soon as it has used them.
   *
   * @param retainGraph true to keep the graph; unless set, it takes the value of {@link
   *     #createGraph(boolean)}
   * @return a copy with this setting
   */
  public BackwardOptions retainGraph(boolean retainGraph) {
    return new BackwardOptions(gradient, retainGraph, createGraph, inputs);
  }

  /**
   * Whether to record the backward pass itself, as PyTorch's {@code create_graph}: the gradients
   * stored in {@link Tensor#grad()} then have a {@link Tensor#gradFn()} and can be differentiated
   * again (second derivatives). Implies {@link #retainGraph(boolean)} unless that is set to false.
   *
   * @param createGraph true to record the backward pass
   * @return a copy with this setting
   */
  public BackwardOptions createGraph(boolean createGraph) {
    return new BackwardOptions(gradient, retainGraph, createGraph, inputs);
  }

  /**
   * The only tensors whose {@link Tensor#grad()} receives the gradient, as PyTorch's {@code
   * inputs}: the other leaves (and tensors that {@link Tensor#retainGrad()}) are left as they are.
   * An input may be a leaf or a tensor made by an op; as in PyTorch, one made by an op keeps its
   * gradient from then on, as after {@link Tensor#retainGrad()}. An input the tensor does not
   * depend on is left as it is.
   *
   * <p>As in PyTorch, only the ops that lead to one of the inputs run (and are freed unless {@link
   * #retainGraph(boolean)}): the graph below the inputs and the branches that reach none of them
   * are not visited, and their hooks do not run.
   *
   * <pre>{@code
   * Tensor loss = x.mul(w).add(b).pow(2).sum();
   * loss.backward(BackwardOptions.defaults().inputs(w)); // w.grad() set; b.grad() still null
   * }</pre>
   *
   * @param inputs the tensors, each requiring grad (checked by backward); at least one
   * @return a copy with these inputs
   * @throws TensorException if {@code inputs} is empty or an input is null
   */
  public BackwardOptions inputs(Tensor... inputs) {
    return inputs(Arrays.asList(Arguments.requireNonNull("inputs", "inputs", inputs)));
  }

  /**
   * The only tensors whose {@link Tensor#grad()} receives the gradient; see {@link
   * #inputs(Tensor...)}.
   *
   * @param inputs the tensors, each requiring grad (checked by backward); at least one
   * @return a copy with these inputs
   * @throws TensorException if {@code inputs} is null or empty or an input is null
   */
  public BackwardOptions inputs(List<Tensor> inputs) {
    if (Arguments.requireNoNulls("inputs", "inputs", inputs).isEmpty()) {
      // NOTE: as in PyTorch: an empty list is most likely a filter that matched nothing, and
      // accumulating into every leaf instead would hide it.
      throw new TensorException(
          "BackwardOptions.inputs: the list is empty; leave inputs unset to accumulate into every"
              + " leaf");
    }
    List<Tensor> copy = new ArrayList<>(inputs);
    return new BackwardOptions(
        gradient, retainGraph, createGraph, Collections.unmodifiableList(copy));
  }

  /**
   * The gradient to back-propagate.
   *
   * @return the gradient given to {@link #gradient(Tensor)}, or null (1 for a one-element tensor)
   */
  public Tensor gradient() {
    return gradient;
  }

  /**
   * Whether backward keeps the graph.
   *
   * @return the value given to {@link #retainGraph(boolean)}, or else that of {@link
   *     #createGraph()}
   */
  public boolean retainGraph() {
    return retainGraph != null ? retainGraph : createGraph;
  }

  /**
   * Whether backward records its own pass.
   *
   * @return the value given to {@link #createGraph(boolean)}, false by default
   */
  public boolean createGraph() {
    return createGraph;
  }

  /**
   * The tensors whose {@code grad()} receives the gradient.
   *
   * @return the inputs given to {@link #inputs(List)}, unmodifiable; empty (the default) for every
   *     leaf
   */
  public List<Tensor> inputs() {
    return inputs;
  }

  /**
   * The options, for messages and logs.
   *
   * @return for example {@code BackwardOptions(gradient=[3], retainGraph=true, createGraph=false,
   *     inputs=2)}: the gradient's shape (or none), and the number of inputs (or all)
   */
  @Override
  public String toString() {
    return "BackwardOptions(gradient="
        + (gradient == null ? "none" : Arrays.toString(gradient.shape()))
        + ", retainGraph="
        + retainGraph()
        + ", createGraph="
        + createGraph
        + ", inputs="
        + (inputs.isEmpty() ? "all" : String.valueOf(inputs.size()))
        + ")";
  }
}
