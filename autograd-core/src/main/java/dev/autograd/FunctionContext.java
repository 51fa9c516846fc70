package dev.autograd;

import dev.autograd.internal.Arguments;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one application of an {@link AutogradFunction} keeps between its forward and its backward,
 * as the {@code ctx} of {@code torch.autograd.Function}: the tensors saved for backward, which
 * inputs need a gradient, which outputs are not differentiable, and any other values the backward
 * needs.
 *
 * <p>Each call of {@link AutogradFunction#apply} gets a new context, so a function object may be
 * applied any number of times (and its results differentiated in any order): keep per-call state
 * here, with {@link #saveForBackward} for tensors and {@link #put} for anything else, and only
 * configuration (set in the constructor) in fields of the function.
 *
 * <pre>{@code
 * protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
 *   ctx.saveForBackward(in[0]);
 *   ctx.put("power", 3);
 *   return new Tensor[] {in[0].pow(3)};
 * }
 *
 * protected Tensor[] backward(FunctionContext ctx, Tensor... grad) {
 *   Tensor x = ctx.savedTensors()[0];
 *   int p = ctx.get("power", Integer.class);
 *   return new Tensor[] {grad[0].mul(x.pow(p - 1)).mul(p)};
 * }
 * }</pre>
 */
public final class FunctionContext {
  /** Stands in for a null saved tensor in the node's list, whose versions are checked. */
  private static final Tensor ABSENT = Tensor.zeros(0);

  private final String name;
  private final boolean[] needsInputGrad;
  private boolean inForward = true;
  private Tensor[] saved = Node.NONE;
  private Tensor[] nonDifferentiable = Node.NONE;
  private boolean materializeGrads = true;
  private Map<String, Object> values;

  FunctionContext(String name, boolean[] needsInputGrad) {
    this.name = name;
    this.needsInputGrad = needsInputGrad;
  }

  /**
   * Saves tensors for {@link #savedTensors()} in backward, as {@code ctx.save_for_backward}. Call
   * it in forward; a later call replaces the earlier one's tensors. Save inputs and outputs (the
   * tensors forward was given or returns) rather than intermediate results when the backward should
   * be differentiable again: in backward, a saved input or output is that tensor with its graph,
   * while an intermediate result is a constant.
   *
   * <p>Their versions are taken when forward returns: modifying one in place after that makes
   * backward throw, as it does for the tensors a built-in op saves.
   *
   * @param tensors the tensors; null entries are kept as null
   * @throws TensorException if called outside forward
   */
  public void saveForBackward(Tensor... tensors) {
    requireForward("saveForBackward");
    saved = tensors == null ? new Tensor[] {null} : tensors.clone();
  }

  /**
   * The tensors given to {@link #saveForBackward}, in order. An output of forward is returned as
   * the tensor {@code apply} returned (with this function as its {@code gradFn()}), an input as the
   * input itself.
   *
   * @return a new array of the saved tensors (null where null was saved)
   */
  public Tensor[] savedTensors() {
    return saved.clone();
  }

  /**
   * Whether input {@code i} needs a gradient, as {@code ctx.needs_input_grad[i]}: it requires grad
   * and the call was recorded. A backward may skip the work for an input that does not (its
   * gradient is ignored anyway).
   *
   * @param i the index of the input, as passed to {@code apply}
   * @return true if backward's gradient for that input is used
   * @throws TensorException if {@code i} is not the index of an input
   */
  public boolean needsInputGrad(int i) {
    if (i < 0 || i >= needsInputGrad.length) {
      throw new TensorException(
          name
              + ": needsInputGrad("
              + i
              + ") is out of range; the function was applied to "
              + needsInputGrad.length
              + " input"
              + (needsInputGrad.length == 1 ? "" : "s"));
    }
    return needsInputGrad[i];
  }

  /**
   * Marks outputs of forward as not differentiable, as {@code ctx.mark_non_differentiable}: they do
   * not require grad (indices, masks, counts). Backward still receives a gradient for each (a zero
   * tensor, or null without {@link #setMaterializeGrads materialized gradients}). Outputs of an
   * integer or boolean type are never differentiable and need no mark. Call it in forward with
   * tensors that forward returns.
   *
   * @param outputs tensors that forward returns
   * @throws TensorException if called outside forward
   */
  public void markNonDifferentiable(Tensor... outputs) {
    requireForward("markNonDifferentiable");
    Tensor[] more =
        outputs == null ? Node.NONE : Arguments.requireNoNulls(name, "outputs", outputs);
    Tensor[] all = Arrays.copyOf(nonDifferentiable, nonDifferentiable.length + more.length);
    System.arraycopy(more, 0, all, nonDifferentiable.length, more.length);
    nonDifferentiable = all;
  }

  /**
   * Sets whether backward receives zeros (the default, as PyTorch) or null for the outputs that no
   * gradient reached, as {@code ctx.set_materialize_grads}. Call it in forward.
   *
   * @param materialize true for zero tensors, false for null
   * @throws TensorException if called outside forward
   */
  public void setMaterializeGrads(boolean materialize) {
    requireForward("setMaterializeGrads");
    materializeGrads = materialize;
  }

  /**
   * Keeps a value that is not a tensor for backward (a dim, a flag, a shape), as an attribute set
   * on PyTorch's {@code ctx}. A later {@code put} of the same key replaces it. Tensors belong in
   * {@link #saveForBackward}, which checks that they are not modified in place before backward.
   *
   * @param key the name of the value
   * @param value the value (null allowed)
   */
  public void put(String key, Object value) {
    Arguments.requireNonNull(name, "key", key);
    if (values == null) values = new LinkedHashMap<>();
    values.put(key, value);
  }

  /**
   * The value {@link #put} stored under {@code key}.
   *
   * <pre>{@code
   * int dim = ctx.get("dim", Integer.class);
   * }</pre>
   *
   * @param <T> the type of the value
   * @param key the name of the value
   * @param type the class of the value ({@code Integer.class} or {@code int.class} for an int that
   *     was put)
   * @return the value, or null if null was put
   * @throws TensorException if nothing was put under {@code key}, or the value is of another type
   */
  public <T> T get(String key, Class<T> type) {
    Arguments.requireNonNull(name, "key", key);
    Arguments.requireNonNull(name, "type", type);
    if (values == null || !values.containsKey(key)) {
      throw new TensorException(
          name
              + ": the context has no value named \""
              + key
              + "\"; put(key, value) in forward stores one (stored: "
              + (values == null ? "[]" : values.keySet())
              + ")");
    }
    Object value = values.get(key);
    // int.class asks for what put(key, 3) stored, an Integer: compare with the wrapper, so that
    // the cast below cannot fail.
    Class<?> wanted = wrapper(type);
    if (value != null && !wanted.isInstance(value)) {
      throw new TensorException(
          name
              + ": the value named \""
              + key
              + "\" is a "
              + value.getClass().getName()
              + ", not a "
              + type.getName());
    }
    @SuppressWarnings("unchecked") // checked above: value is an instance of T or of T's wrapper
    T result = (T) value;
    return result;
  }

  private static Class<?> wrapper(Class<?> type) {
    if (!type.isPrimitive()) return type;
    if (type == int.class) return Integer.class;
    if (type == long.class) return Long.class;
    if (type == double.class) return Double.class;
    if (type == boolean.class) return Boolean.class;
    if (type == float.class) return Float.class;
    if (type == short.class) return Short.class;
    if (type == byte.class) return Byte.class;
    if (type == char.class) return Character.class;
    return Void.class;
  }

  @Override
  public String toString() {
    return "FunctionContext(" + name + ", " + saved.length + " saved)";
  }

  // ---------------------------------------------------------------- for AutogradFunction

  String name() {
    return name;
  }

  boolean materializeGrads() {
    return materializeGrads;
  }

  /** Whether {@code t} was marked non-differentiable (by identity). */
  boolean isMarkedNonDifferentiable(Tensor t) {
    for (Tensor m : nonDifferentiable) {
      if (m == t) return true;
    }
    return false;
  }

  Tensor[] markedNonDifferentiable() {
    return nonDifferentiable;
  }

  /**
   * Ends forward: saved outputs are replaced by the tensors apply returns ({@code outputs[k]}
   * becomes {@code returned[k]}), and the saved list is returned for the nodes, which take its
   * versions (null entries replaced by a tensor of their own that nothing modifies).
   */
  Tensor[] endForward(Tensor[] inputs, Tensor[] outputs, Tensor[] returned) {
    inForward = false;
    Tensor[] forNodes = saved.length == 0 ? Node.NONE : new Tensor[saved.length];
    for (int s = 0; s < saved.length; s++) {
      Tensor t = saved[s];
      if (t != null && !isOneOf(t, inputs)) {
        for (int k = 0; k < outputs.length; k++) {
          if (outputs[k] == t) {
            t = returned[k];
            break;
          }
        }
      }
      saved[s] = t;
      forNodes[s] = t == null ? ABSENT : t;
    }
    return forNodes;
  }

  /** Ends forward when nothing is recorded: backward will not run. */
  void endForward() {
    inForward = false;
  }

  private static boolean isOneOf(Tensor t, Tensor[] tensors) {
    for (Tensor u : tensors) {
      if (u == t) return true;
    }
    return false;
  }

  private void requireForward(String method) {
    if (!inForward) {
      throw new TensorException(
          name
              + ": "
              + method
              + " can only be called in forward, before it returns; this call came after");
    }
  }
}
