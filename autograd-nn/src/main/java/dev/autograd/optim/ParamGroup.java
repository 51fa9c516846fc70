package dev.autograd.optim;

import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list of parameters that share one set of optimizer options, like an entry of PyTorch's {@code
 * optimizer.param_groups}.
 *
 * <p>Options are kept in a map from the option's name, spelled as the optimizer's builder method
 * ({@code "lr"}, {@code "momentum"}, {@code "weightDecay"}, {@code "betas"} ...), to its value: a
 * {@link Double}, a {@link Boolean}, for {@code "betas"} a list of two doubles, or for LBFGS's
 * {@code "lineSearchFn"} a {@link String}. Options a group does not set are filled in from the
 * optimizer's defaults when the optimizer is built.
 *
 * <pre>{@code
 * // the backbone learns at the default rate 1e-3, the head at 1e-2
 * Optimizer opt = Adam.builder(new ParamGroup(backbone), new ParamGroup(head).setLr(1e-2)).build();
 * opt.paramGroups().get(1).lr(); // 0.01
 * }</pre>
 *
 * <p>The optimizer works on its own copy of the groups given to it; change options of a running
 * optimizer (what a learning-rate scheduler does) through {@link Optimizer#paramGroups()}.
 */
public final class ParamGroup {
  private final List<Tensor> params;
  private final Map<String, Object> options = new LinkedHashMap<>();

  /**
   * A group of {@code params} with no options of its own (all come from the defaults).
   *
   * @param params the parameters, copied into an unmodifiable list
   * @throws dev.autograd.TensorException if {@code params} is null or holds null
   * @throws IllegalArgumentException if an element of {@code params} is null
   */
  public ParamGroup(List<Tensor> params) {
    this.params =
        Collections.unmodifiableList(
            new ArrayList<>(Arguments.requireNoNulls("ParamGroup", "params", params)));
  }

  /**
   * A group of {@code params} with the given options.
   *
   * <pre>{@code
   * new ParamGroup(head.parameters(), Map.of("lr", 1e-2, "betas", List.of(0.8, 0.99)));
   * }</pre>
   *
   * @param params the parameters, copied into an unmodifiable list
   * @param options option values under their names, each stored as by {@link #set(String, Object)}
   * @throws dev.autograd.TensorException if {@code params} or {@code options} is null
   * @throws IllegalArgumentException if an element of {@code params} is null, or an option value is
   *     not a number, boolean, string or list of numbers
   */
  public ParamGroup(List<Tensor> params, Map<String, ?> options) {
    this(params);
    Arguments.requireNonNull("ParamGroup", "options", options).forEach(this::set);
  }

  /**
   * The parameters of this group, in order.
   *
   * @return an unmodifiable list
   */
  public List<Tensor> params() {
    return params;
  }

  /**
   * The options of this group: in a group of an optimizer, every option, the defaults filled in.
   *
   * @return an unmodifiable view, in the order the options were set
   */
  public Map<String, Object> options() {
    return Collections.unmodifiableMap(options);
  }

  /**
   * Whether this group has a value for {@code key}.
   *
   * @param key the option's name
   * @return true if the option is set
   */
  public boolean has(String key) {
    Arguments.requireNonNull("has", "key", key);
    return options.containsKey(key);
  }

  /**
   * The value of option {@code key}.
   *
   * @param key the option's name
   * @return a {@link Double}, a {@link Boolean}, a {@link String} or an unmodifiable list of
   *     doubles; null if unset
   */
  public Object get(String key) {
    Arguments.requireNonNull("get", "key", key);
    return options.get(key);
  }

  /**
   * Sets option {@code key}. Numbers are stored as {@link Double}; a {@code double[]} or a list of
   * numbers (the {@code betas}) as an unmodifiable list of doubles, so that options compare and
   * print the same however they were given. Whether the optimizer knows the option, and whether the
   * value is valid for it, is checked when the group is added to an optimizer, not here.
   *
   * @param key the option's name, spelled as the builder method ({@code "weightDecay"})
   * @param value a number, a boolean, a string, a {@code double[]} or a list of numbers
   * @return this group
   * @throws dev.autograd.TensorException if {@code key} is null
   * @throws IllegalArgumentException if the value is null or not a number, boolean, string or list
   *     of numbers
   */
  public ParamGroup set(String key, Object value) {
    Arguments.requireNonNull("set", "key", key);
    Arguments.requireNonNull("set", "value", value);
    options.put(key, normalize(key, value));
    return this;
  }

  /**
   * The learning rate {@code lr} of this group.
   *
   * @return the option {@code "lr"}
   * @throws IllegalArgumentException if it is unset (a group not yet given to an optimizer that
   *     does not set it)
   */
  public double lr() {
    return getDouble("lr");
  }

  /**
   * Sets the learning rate {@code lr} of this group; on a group from {@link
   * Optimizer#paramGroups()}, it applies from the next step.
   *
   * @param lr the learning rate
   * @return this group
   */
  public ParamGroup setLr(double lr) {
    return set("lr", lr);
  }

  /**
   * The numeric option {@code key}.
   *
   * @param key the option's name
   * @return its value
   * @throws IllegalArgumentException if it is unset or not a number
   */
  public double getDouble(String key) {
    Object v = require("getDouble", key);
    if (!(v instanceof Double)) {
      throw new IllegalArgumentException("option '" + key + "' is not a number: " + v);
    }
    return (Double) v;
  }

  /**
   * The boolean option {@code key}.
   *
   * @param key the option's name
   * @return its value
   * @throws IllegalArgumentException if it is unset or not a boolean
   */
  public boolean getBoolean(String key) {
    Object v = require("getBoolean", key);
    if (!(v instanceof Boolean)) {
      throw new IllegalArgumentException("option '" + key + "' is not a boolean: " + v);
    }
    return (Boolean) v;
  }

  /**
   * The string option {@code key} (such as LBFGS's {@code lineSearchFn}).
   *
   * @param key the option's name
   * @return its value
   * @throws IllegalArgumentException if it is unset or not a string
   */
  public String getString(String key) {
    Object v = require("getString", key);
    if (!(v instanceof String)) {
      throw new IllegalArgumentException("option '" + key + "' is not a string: " + v);
    }
    return (String) v;
  }

  /**
   * The list option {@code key} (such as {@code betas}) as a new array.
   *
   * @param key the option's name
   * @return its values, in a new array the caller may modify
   * @throws IllegalArgumentException if it is unset or not a list of numbers
   */
  public double[] getDoubles(String key) {
    Object v = require("getDoubles", key);
    if (!(v instanceof List)) {
      throw new IllegalArgumentException("option '" + key + "' is not a list of numbers: " + v);
    }
    List<?> list = (List<?>) v;
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) out[i] = (Double) list.get(i);
    return out;
  }

  /** A group with the same parameters and a copy of the options. */
  ParamGroup copy() {
    ParamGroup g = new ParamGroup(params);
    g.options.putAll(options);
    return g;
  }

  /** Replaces all options by {@code newOptions} (used when loading a state dict). */
  void replaceOptions(Map<String, ?> newOptions) {
    Map<String, Object> normalized = new LinkedHashMap<>();
    newOptions.forEach((k, v) -> normalized.put(k, normalize(k, v)));
    options.clear();
    options.putAll(normalized);
  }

  private Object require(String op, String key) {
    Object v = options.get(Arguments.requireNonNull(op, "key", key));
    if (v == null) throw new IllegalArgumentException("option '" + key + "' is not set");
    return v;
  }

  private static Object normalize(String key, Object value) {
    if (value instanceof Number) return ((Number) value).doubleValue();
    if (value instanceof Boolean || value instanceof String) return value;
    if (value instanceof double[]) {
      List<Double> list = new ArrayList<>();
      for (double d : (double[]) value) list.add(d);
      return Collections.unmodifiableList(list);
    }
    if (value instanceof List) {
      List<Double> list = new ArrayList<>();
      for (Object o : (List<?>) value) {
        if (!(o instanceof Number)) {
          throw new IllegalArgumentException(
              "option '" + key + "' must be a list of numbers, got " + value);
        }
        list.add(((Number) o).doubleValue());
      }
      return Collections.unmodifiableList(list);
    }
    throw new IllegalArgumentException(
        "option '"
            + key
            + "' must be a number, a boolean, a string or a list of numbers, got "
            + (value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")"));
  }

  /**
   * The number of parameters and the options.
   *
   * @return for example {@code ParamGroup{params=2, lr=0.1, momentum=0.9}}
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ParamGroup{params=").append(params.size());
    options.forEach((k, v) -> sb.append(", ").append(k).append('=').append(v));
    return sb.append('}').toString();
  }
}
