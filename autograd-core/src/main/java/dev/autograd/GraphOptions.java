package dev.autograd;

import dev.autograd.internal.Arguments;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What {@link Autograd#graph(Tensor, GraphOptions)}, {@link Autograd#toDot(Tensor, GraphOptions)}
 * and {@link Autograd#traceBackward(Tensor, GraphOptions)} show of a recorded graph: the names of
 * tensors, up to how many elements a tensor's value and gradient are written out, and up to how
 * many tensors are shown at all. Immutable: each wither returns a copy with one option changed.
 *
 * <pre>{@code
 * GraphOptions options = GraphOptions.defaults().name("x", x).name("y", y).maxValues(8);
 * String dot = Autograd.toDot(y, options);
 * }</pre>
 */
public final class GraphOptions {
  /** The default of {@link #maxValues(int)}. */
  public static final int DEFAULT_MAX_VALUES = 6;

  /** The default of {@link #maxTensors(int)}. */
  public static final int DEFAULT_MAX_TENSORS = 500;

  private static final GraphOptions DEFAULTS =
      new GraphOptions(Collections.emptyMap(), DEFAULT_MAX_VALUES, DEFAULT_MAX_TENSORS);

  // Keyed by identity: two tensors with equal values are still two tensors of the graph.
  private final Map<Tensor, String> names;
  private final int maxValues;
  private final int maxTensors;

  private GraphOptions(Map<Tensor, String> names, int maxValues, int maxTensors) {
    this.names = names;
    this.maxValues = maxValues;
    this.maxTensors = maxTensors;
  }

  /**
   * No names, values written out for tensors of up to {@value #DEFAULT_MAX_VALUES} elements, and up
   * to {@value #DEFAULT_MAX_TENSORS} tensors shown.
   *
   * @return the default options
   */
  public static GraphOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Shows {@code tensor} as {@code name}, as torchviz's {@code params}; the other tensors are
   * numbered ({@code t0}, {@code t1}, ...). A name given to a tensor that is not in the graph is
   * not used.
   *
   * @param name the name, any text (escaped where the output needs it)
   * @param tensor the tensor it names; naming it again replaces its name
   * @return a copy with this name added
   * @throws TensorException if {@code name} or {@code tensor} is null
   */
  public GraphOptions name(String name, Tensor tensor) {
    Arguments.requireNonNull("name", "name", name);
    Arguments.requireNonNull("name", "tensor", tensor);
    Map<Tensor, String> copy = new IdentityHashMap<>(names);
    copy.put(tensor, name);
    return new GraphOptions(Collections.unmodifiableMap(copy), maxValues, maxTensors);
  }

  /**
   * Names several tensors at once, as {@link #name(String, Tensor)} for each entry: {@code
   * names(model.namedParameters())} shows a model's parameters under their names.
   *
   * @param named the tensors under their names
   * @return a copy with these names added
   * @throws TensorException if {@code named}, a name or a tensor is null
   */
  public GraphOptions names(Map<String, Tensor> named) {
    Arguments.requireNonNull("names", "named", named);
    Map<Tensor, String> copy = new IdentityHashMap<>(names);
    for (Map.Entry<String, Tensor> e : named.entrySet()) {
      Arguments.requireNonNull("names", "named's key", e.getKey());
      Arguments.requireNonNull("names", "named[" + e.getKey() + "]", e.getValue());
      copy.put(e.getValue(), e.getKey());
    }
    return new GraphOptions(Collections.unmodifiableMap(copy), maxValues, maxTensors);
  }

  /**
   * Up to how many elements a tensor's value and gradient are written out: a larger tensor shows
   * its shape only, so that a graph of big tensors stays readable.
   *
   * @param maxValues the most elements written out, 0 for none
   * @return a copy with this setting
   * @throws TensorException if {@code maxValues} is negative
   */
  public GraphOptions maxValues(int maxValues) {
    if (maxValues < 0) {
      throw new TensorException("maxValues: must be 0 or more, got " + maxValues);
    }
    return new GraphOptions(names, maxValues, maxTensors);
  }

  /**
   * Up to how many tensors are shown: those nearest the output (in breadth-first order from it)
   * are, and the rest are counted in one node that says how many were left out.
   *
   * @param maxTensors the most tensors shown, at least 1
   * @return a copy with this setting
   * @throws TensorException if {@code maxTensors} is less than 1
   */
  public GraphOptions maxTensors(int maxTensors) {
    if (maxTensors < 1) {
      throw new TensorException("maxTensors: must be at least 1, got " + maxTensors);
    }
    return new GraphOptions(names, maxValues, maxTensors);
  }

  /**
   * The most elements written out per tensor.
   *
   * @return the value given to {@link #maxValues(int)}, {@value #DEFAULT_MAX_VALUES} by default
   */
  public int maxValues() {
    return maxValues;
  }

  /**
   * The most tensors shown.
   *
   * @return the value given to {@link #maxTensors(int)}, {@value #DEFAULT_MAX_TENSORS} by default
   */
  public int maxTensors() {
    return maxTensors;
  }

  /** The names given, by tensor (compared by identity). */
  Map<Tensor, String> names() {
    return names;
  }

  /**
   * The options, for messages and logs.
   *
   * @return for example {@code GraphOptions(names=2, maxValues=6, maxTensors=500)}, with the number
   *     of names
   */
  @Override
  public String toString() {
    return "GraphOptions(names="
        + names.size()
        + ", maxValues="
        + maxValues
        + ", maxTensors="
        + maxTensors
        + ")";
  }
}
