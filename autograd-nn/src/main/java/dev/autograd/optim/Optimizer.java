package dev.autograd.optim;

import dev.autograd.Autograd;
import dev.autograd.MemoryScope;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The base of all optimizers, like {@code torch.optim.Optimizer}: it holds the parameters in
 * {@linkplain ParamGroup groups} with their options, and a per-parameter state (momentum buffers,
 * moment estimates, step counts).
 *
 * <p>A training step, as in the tutorial ({@code f(x) = x^2} from {@code x = 3}):
 *
 * <pre>{@code
 * Tensor x = Tensor.scalar(3.0).requiresGrad(true);
 * Optimizer optimizer = new SGD(List.of(x), 0.1);
 * for (int epoch = 0; epoch < 10; epoch++) {
 *   optimizer.zeroGrad();
 *   Tensor loss = x.pow(2);
 *   loss.backward();
 *   optimizer.step(); // x <- x - 0.1 * 2x
 * }
 * }</pre>
 *
 * <p>{@link #step()} updates every parameter {@code p} that has a gradient with the subclass's
 * update rule {@code p <- p - lr * u(grad, state)}, without recording the update for autograd.
 * Parameters whose {@code grad()} is null (not reached by backward, or cleared by {@link
 * #zeroGrad()}) and parameters that do not require grad (frozen) are left as they are, and their
 * state does not advance.
 *
 * <p>Invalid settings are refused when the optimizer is built, with an {@link
 * IllegalArgumentException} whose message names the setting and value, as PyTorch's {@code
 * ValueError}s do ({@code "Invalid learning rate: -0.1"}).
 *
 * <p>A new optimizer implements {@link #checkOptions(Map)} and {@link #update(Tensor, Tensor,
 * ParamGroup, Map)}, and {@link #initState(Tensor, ParamGroup, Map)} if it keeps state; this class
 * does the rest (groups, defaults, skipping, no-grad, state dicts). Plain gradient descent, in
 * full:
 *
 * <pre>{@code
 * final class PlainGD extends Optimizer {
 *   PlainGD(List<Tensor> params, double lr) {
 *     super(List.of(new ParamGroup(params)), Map.of("lr", lr));
 *   }
 *
 *   protected void checkOptions(Map<String, Object> options) {}
 *
 *   protected void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state) {
 *     param.sub_(grad.mul(group.lr())); // p <- p - lr * g
 *   }
 * }
 * }</pre>
 */
public abstract class Optimizer {
  private final Map<String, Object> defaults;
  private final List<ParamGroup> paramGroups = new ArrayList<>();
  private final Map<Tensor, Map<String, Object>> state = new IdentityHashMap<>();
  private long stepCount;

  /**
   * Builds an optimizer over {@code groups}, filling each group's missing options from {@code
   * defaults}. A null default marks a required option (SGD's {@code lr}) that every group must then
   * set.
   *
   * @param groups the parameter groups, each added as by {@link #addParamGroup(ParamGroup)} (so
   *     copied)
   * @param defaults every option this optimizer knows, under its name, with its default value (null
   *     for a required one); copied
   * @throws IllegalArgumentException if there are no groups, or a group or default is invalid (see
   *     {@link #addParamGroup(ParamGroup)} and {@link #checkOptions(Map)})
   * @throws dev.autograd.TensorException if {@code groups} or {@code defaults} is null
   */
  protected Optimizer(List<ParamGroup> groups, Map<String, Object> defaults) {
    if (Arguments.requireNoNulls(getClass().getSimpleName(), "groups", groups).isEmpty()) {
      throw new IllegalArgumentException("optimizer got an empty parameter list");
    }
    this.defaults =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(
                Arguments.requireNonNull(getClass().getSimpleName(), "defaults", defaults)));
    // NOTE: checkOptions is called from this constructor; implementations only read the map.
    checkOptions(this.defaults);
    for (ParamGroup group : groups) addParamGroup(group);
  }

  /** One group of {@code params}, or the PyTorch error for an empty list. */
  static List<ParamGroup> singleGroup(String op, List<Tensor> params) {
    if (Arguments.requireNoNulls(op, "params", params).isEmpty()) {
      throw new IllegalArgumentException("optimizer got an empty parameter list");
    }
    return List.of(new ParamGroup(params));
  }

  /**
   * Refuses invalid option values with a message naming the option and the value, such as {@code
   * "Invalid learning rate: -0.1"}. Called with the defaults and with each group's options; options
   * that are absent or null (required, not yet given) are skipped. Must not use the subclass's
   * fields: it runs inside the base constructor.
   *
   * @param options the defaults, or a group's options with the defaults filled in
   * @throws IllegalArgumentException for the first invalid option
   */
  protected abstract void checkOptions(Map<String, Object> options);

  /**
   * Applies the update rule to one parameter that has a gradient; runs inside {@link
   * Autograd#noGrad()}.
   *
   * @param param the parameter, updated in place
   * @param grad its gradient (not to be modified)
   * @param group the parameter's group, with all options set
   * @param state the parameter's state, initialized by {@link #initState} on the first update
   */
  protected abstract void update(
      Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state);

  /**
   * Whether {@link #update} keeps no reference to the gradient it is given beyond the call (nor to
   * a view of it), so that {@link #step()} may read gradients without marking them seen and {@link
   * #zeroGrad()} then gives their memory back for the next backward (see {@link Tensor#grad()} and
   * {@link Tensor#peekGrad()}). False by default: the gradient is then handed out as {@code grad()}
   * hands it out, and may be kept. The optimizers of this package, whose updates only compute with
   * it, return true; an optimizer written elsewhere may too, if its update keeps nothing of the
   * gradient.
   *
   * @return true if {@link #update} keeps no reference to its gradient argument
   */
  protected boolean updateKeepsNoGradient() {
    return false;
  }

  /**
   * Fills the state of a parameter the first time it is updated (zero moment buffers, step 0). Does
   * nothing by default. Runs inside {@link Autograd#noGrad()}, just before the first {@link
   * #update}.
   *
   * @param param the parameter
   * @param group the parameter's group, with all options set
   * @param state the parameter's state, empty; fill it in place
   */
  protected void initState(Tensor param, ParamGroup group, Map<String, Object> state) {}

  /**
   * Adds a group of parameters, like PyTorch's {@code add_param_group}: useful to start training
   * layers that were frozen. Options the group does not set are taken from the defaults.
   *
   * <pre>{@code
   * optimizer.addParamGroup(new ParamGroup(head.parameters()).setLr(1e-2));
   * }</pre>
   *
   * @param group the group; the optimizer keeps its own copy, so later changes to {@code group}
   *     have no effect (change {@link #paramGroups()} instead)
   * @throws IllegalArgumentException if a parameter is not a floating-point leaf tensor, a
   *     parameter appears twice or is already in another group, a required option is missing, an
   *     option is unknown to this optimizer or has the wrong type, or a value is invalid
   */
  public final void addParamGroup(ParamGroup group) {
    Arguments.requireNonNull("addParamGroup", "group", group);
    ParamGroup g = group.copy();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Tensor p : g.params()) {
      if (!p.dtype().isFloatingPoint()) {
        throw new IllegalArgumentException(
            "optimizer can only optimize Tensors of floating point dtype, but one of the params is "
                + p.dtype().pytorchName());
      }
      if (!p.isLeaf()) throw new IllegalArgumentException("can't optimize a non-leaf Tensor");
      if (!seen.add(p)) {
        throw new IllegalArgumentException(
            "optimizer contains a parameter group with duplicate parameters");
      }
    }
    for (ParamGroup other : paramGroups) {
      for (Tensor p : other.params()) {
        if (seen.contains(p)) {
          throw new IllegalArgumentException(
              "some parameters appear in more than one parameter group");
        }
      }
    }
    for (String key : g.options().keySet()) {
      if (!defaults.containsKey(key) && !key.equals(LRScheduler.INITIAL_LR)) {
        throw new IllegalArgumentException(
            "unknown option '"
                + key
                + "' for "
                + getClass().getSimpleName()
                + "; its options are "
                + defaults.keySet());
      }
      checkKind(key, g.get(key));
    }
    for (Map.Entry<String, Object> d : defaults.entrySet()) {
      if (g.has(d.getKey())) continue;
      if (d.getValue() == null) {
        throw new IllegalArgumentException(
            "parameter group didn't specify a value of required optimization parameter "
                + d.getKey());
      }
      g.set(d.getKey(), d.getValue());
    }
    checkOptions(g.options());
    paramGroups.add(g);
  }

  /** Refuses a value of option {@code key} of another kind than its default (a number if none). */
  private void checkKind(String key, Object value) {
    Object def = defaults.get(key);
    Object like = def == null ? 0.0 : def;
    if (kind(value) != kind(like)) {
      throw new IllegalArgumentException(
          "option '" + key + "' must be " + kind(like) + ", got " + value);
    }
  }

  /**
   * {@code value} as a {@code type}, or the refusal of a loaded state dict naming where it is in
   * the dict ({@code where}) and what was expected.
   */
  static <T> T expect(Object value, Class<T> type, String where, String expected) {
    if (!type.isInstance(value)) throw wrongType(where, value, expected);
    return type.cast(value);
  }

  static IllegalArgumentException wrongType(String where, Object value, String expected) {
    return new IllegalArgumentException(
        "loaded state dict has "
            + where
            + " = "
            + (value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")")
            + ", expected "
            + expected);
  }

  /** A parameter's position: an integer in [0, 2^31). */
  private static int position(Object value, String where, String what) {
    if (!SchedulerStates.isNonNegativeInteger(value)
        || ((Number) value).longValue() > Integer.MAX_VALUE) {
      throw wrongType(where, value, what + " (an integer of at least 0)");
    }
    return ((Number) value).intValue();
  }

  /**
   * A saved state value, checked and converted for parameter {@code p}: the step count ({@code
   * "step"}) is an integer of at least 0, kept as a Long whatever stored it; every other value of
   * this package's optimizers is a tensor of the parameter's shape, copied in its dtype.
   */
  private static Object stateValue(String where, String key, Object v, Tensor p, int position) {
    if ("step".equals(key)) {
      if (!SchedulerStates.isNonNegativeInteger(v)) {
        throw wrongType(where, v, "an integer step count of at least 0");
      }
      return ((Number) v).longValue();
    }
    Tensor t = expect(v, Tensor.class, where, "a Tensor of the parameter's shape");
    if (!Arrays.equals(t.shape(), p.shape())) {
      throw new IllegalArgumentException(
          "loaded state dict has '"
              + key
              + "' of shape "
              + Arrays.toString(t.shape())
              + " for parameter "
              + position
              + " of shape "
              + Arrays.toString(p.shape()));
    }
    return t.detach().to(p.dtype()).clone();
  }

  private static String kind(Object value) {
    if (value instanceof Double) return "a number";
    if (value instanceof Boolean) return "a boolean";
    if (value instanceof String) return "a string";
    return "a list of numbers";
  }

  /**
   * The parameter groups, in order.
   *
   * @return an unmodifiable list of the live groups: {@code paramGroups().get(0).setLr(0.01)}
   *     changes the learning rate of the next steps, which is how schedulers work
   */
  public final List<ParamGroup> paramGroups() {
    return Collections.unmodifiableList(paramGroups);
  }

  /** The learning rate of each group, in order (what schedulers report). */
  final List<Double> lrs() {
    List<Double> lrs = new ArrayList<>();
    for (ParamGroup group : paramGroups) lrs.add(group.lr());
    return Collections.unmodifiableList(lrs);
  }

  /**
   * The default options given at construction; null marks a required option.
   *
   * @return an unmodifiable map from option name to default value
   */
  public final Map<String, Object> defaults() {
    return defaults;
  }

  /**
   * The state of {@code param}: for example {@code "momentumBuffer"} for SGD, {@code "step"},
   * {@code "expAvg"} and {@code "expAvgSq"} for Adam (each optimizer lists its own).
   *
   * <pre>{@code
   * optimizer.step();
   * Tensor m = (Tensor) optimizer.state(p).get("expAvg"); // Adam's first moment m_1 of p
   * }</pre>
   *
   * @param param a parameter, compared by identity
   * @return an unmodifiable view of its state, the live tensors included; empty before its first
   *     update (except for {@link Adagrad}, which fills it when built), or if it is not one of this
   *     optimizer's parameters
   */
  public final Map<String, Object> state(Tensor param) {
    Arguments.requireNonNull("state", "param", param);
    Map<String, Object> s = state.get(param);
    return s == null ? Map.of() : Collections.unmodifiableMap(s);
  }

  /** The live state map of {@code param}, created empty if absent. */
  final Map<String, Object> mutableState(Tensor param) {
    return state.computeIfAbsent(param, k -> new StateMap());
  }

  /**
   * A parameter's state: the tensors put in it are kept out of any {@link MemoryScope}, since they
   * live as long as the optimizer (Adam's moments are first made inside {@code step()}, which a
   * training loop may run in a scope).
   */
  private static final class StateMap extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public Object put(String key, Object value) {
      keep(value);
      return super.put(key, value);
    }

    @Override
    public Object computeIfAbsent(String key, Function<? super String, ?> mappingFunction) {
      return super.computeIfAbsent(
          key,
          k -> {
            Object value = mappingFunction.apply(k);
            keep(value);
            return value;
          });
    }

    @Override
    public void putAll(Map<? extends String, ?> m) {
      m.forEach(this::put);
    }
  }

  /** Keeps a state value out of any {@link MemoryScope}: a tensor, or each tensor of a list. */
  private static void keep(Object value) {
    if (value instanceof Tensor) {
      MemoryScope.keep((Tensor) value);
    } else if (value instanceof List) {
      for (Object element : (List<?>) value) keep(element);
    }
  }

  /**
   * A copy of a state value for a snapshot, kept out of any {@link MemoryScope}: tensors are
   * cloned, lists (LBFGS's history) copied element by element, numbers are immutable already.
   */
  private static Object snapshot(Object value) {
    if (value instanceof Tensor) return MemoryScope.keep(((Tensor) value).detach().clone());
    if (value instanceof List) {
      List<Object> copy = new ArrayList<>();
      for (Object element : (List<?>) value) copy.add(snapshot(element));
      return Collections.unmodifiableList(copy);
    }
    return value;
  }

  /**
   * Performs one optimization step: for each group and each parameter {@code p} of it with {@code
   * p.grad() != null} and {@code p.requiresGrad()}, applies the update rule in place, inside {@link
   * Autograd#noGrad()}.
   *
   * @throws dev.autograd.TensorException if this optimizer needs a closure ({@link LBFGS}): call
   *     {@link #step(Supplier)} instead
   */
  public final void step() {
    if (requiresClosure()) {
      throw new TensorException(
          getClass().getSimpleName()
              + ".step: "
              + getClass().getSimpleName()
              + " re-evaluates the loss several times per step, so it needs a closure: call"
              + " step(closure) with a closure that clears the gradients, computes the loss, calls"
              + " backward on it and returns it");
    }
    try (Autograd.Scope scope = Autograd.noGrad()) {
      for (ParamGroup group : paramGroups) {
        for (Tensor p : group.params()) {
          Tensor grad = updateKeepsNoGradient() ? p.peekGrad() : p.grad();
          if (grad == null || !p.requiresGrad()) continue;
          Map<String, Object> s = mutableState(p);
          if (s.isEmpty()) initState(p, group, s);
          update(p, grad, group, s);
        }
      }
    }
    stepCount++;
  }

  /**
   * Evaluates {@code closure} (which should clear the gradients, compute the loss and call
   * backward) with gradients enabled, then performs {@link #step()}, as PyTorch's {@code
   * step(closure)}. Grad mode is switched on for the closure, so this also works when called inside
   * {@link Autograd#noGrad()}.
   *
   * <pre>{@code
   * Tensor loss = optimizer.step(() -> {
   *   optimizer.zeroGrad();
   *   Tensor l = criterion.forward(model.forward(x), y);
   *   l.backward();
   *   return l;
   * });
   * }</pre>
   *
   * <p>An optimizer that {@linkplain #requiresClosure() requires a closure} runs its own step
   * instead ({@link #closureStep(Supplier)}), which may evaluate the closure several times.
   *
   * @param closure computes the loss and its gradients
   * @return the loss the closure returned, from before the update (the first evaluation)
   */
  public final Tensor step(Supplier<Tensor> closure) {
    Arguments.requireNonNull("step", "closure", closure);
    if (requiresClosure()) {
      Tensor loss = closureStep(closure);
      stepCount++;
      return loss;
    }
    Tensor loss;
    try (Autograd.Scope scope = Autograd.enableGrad()) {
      loss = closure.get();
    }
    step();
    return loss;
  }

  /**
   * Whether this optimizer evaluates the loss itself, several times per step, as {@link LBFGS}
   * does; {@link #step()} then refuses to run and {@link #step(Supplier)} calls {@link
   * #closureStep(Supplier)}. False by default.
   *
   * @return true if steps need a closure
   */
  protected boolean requiresClosure() {
    return false;
  }

  /**
   * One step of an optimizer that {@linkplain #requiresClosure() requires a closure}: it calls
   * {@code closure} as often as it needs, each time with gradients enabled, and updates the
   * parameters itself. Called by {@link #step(Supplier)} with a non-null closure; the step count
   * the schedulers check is advanced there. Only called when {@link #requiresClosure()} is true.
   *
   * @param closure clears the gradients, computes the loss, calls backward and returns the loss
   * @return the loss of the first evaluation, as PyTorch returns it
   */
  protected Tensor closureStep(Supplier<Tensor> closure) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " does not implement closureStep but requires a closure");
  }

  /** The number of {@link #step()} calls so far (for the schedulers' call-order check). */
  final long stepCount() {
    return stepCount;
  }

  /**
   * Sets the gradient of every parameter to null, as PyTorch 2's {@code zero_grad()} does (1.13
   * needs {@code set_to_none=True}). The next backward then stores fresh gradients instead of
   * adding to zeros, and {@link #step()} skips parameters that backward did not reach.
   */
  public final void zeroGrad() {
    zeroGrad(true);
  }

  /**
   * Clears the gradients: sets them to null if {@code setToNone}, otherwise detaches them and fills
   * them with zeros in place (PyTorch 1.13's default). With zeros, a parameter that the next
   * backward does not reach is still updated by {@link #step()} (its momentum or weight decay still
   * moves it).
   *
   * @param setToNone true to set the gradients to null, false to zero them in place
   */
  public final void zeroGrad(boolean setToNone) {
    for (ParamGroup group : paramGroups) {
      for (Tensor p : group.params()) {
        Tensor grad = p.peekGrad(); // only looked at: setGrad(null) may then reuse it
        if (grad == null) continue;
        if (setToNone) {
          p.setGrad(null);
        } else {
          Tensor detached = grad.detach();
          try (Autograd.Scope scope = Autograd.noGrad()) {
            detached.zero_();
          }
          p.setGrad(detached);
        }
      }
    }
  }

  /**
   * A snapshot of the optimizer, like PyTorch's {@code state_dict()}: a map with
   *
   * <ul>
   *   <li>{@code "state"}: a {@code Map<Integer, Map<String, Object>>} from a parameter's position
   *       (counting through all groups in order) to a copy of its state, for parameters that have
   *       one;
   *   <li>{@code "paramGroups"}: a {@code List<Map<String, Object>>}, each group's options plus
   *       {@code "params"}, the list of its parameters' positions.
   * </ul>
   *
   * Unlike PyTorch, whose state dict refers to the live buffers, the tensors are copies: later
   * steps do not change the snapshot. Parameters are referred to by position, not identity, so the
   * snapshot can be loaded into an optimizer over other tensors of the same shapes (a model loaded
   * from a file).
   *
   * <pre>{@code
   * Map<String, Object> saved = optimizer.stateDict();
   * Optimizer resumed = new Adam(model.parameters());
   * resumed.loadStateDict(saved); // continues with the same moments, step counts and rates
   * }</pre>
   *
   * @return an unmodifiable map with the keys {@code "state"} and {@code "paramGroups"}
   */
  public final Map<String, Object> stateDict() {
    Map<Integer, Map<String, Object>> packedState = new LinkedHashMap<>();
    List<Map<String, Object>> groups = new ArrayList<>();
    int index = 0;
    for (ParamGroup group : paramGroups) {
      Map<String, Object> packed = new LinkedHashMap<>(group.options());
      List<Integer> positions = new ArrayList<>();
      for (Tensor p : group.params()) {
        Map<String, Object> s = state.get(p);
        if (s != null && !s.isEmpty()) {
          Map<String, Object> copy = new LinkedHashMap<>();
          // A snapshot is for later (saving, loading into another optimizer): kept out of any
          // MemoryScope it is taken in.
          s.forEach((k, v) -> copy.put(k, snapshot(v)));
          packedState.put(index, Collections.unmodifiableMap(copy));
        }
        positions.add(index++);
      }
      packed.put("params", Collections.unmodifiableList(positions));
      groups.add(Collections.unmodifiableMap(packed));
    }
    Map<String, Object> dict = new LinkedHashMap<>();
    dict.put("state", Collections.unmodifiableMap(packedState));
    dict.put("paramGroups", Collections.unmodifiableList(groups));
    return Collections.unmodifiableMap(dict);
  }

  /**
   * Restores a {@link #stateDict()} taken from an optimizer of the same kind over parameters of the
   * same shapes, like PyTorch's {@code load_state_dict}: parameters are matched by position, each
   * group's options (learning rate included) are replaced by the saved ones, and the state is
   * replaced by copies of the saved state, converted to each parameter's dtype.
   *
   * <p>Every field is checked before anything changes, so that a dict of the wrong types (one
   * edited by hand, or from another program) is refused here, naming the key, rather than failing
   * in a later {@link #step()}: {@code "paramGroups"} a list of maps with String keys, each with
   * {@code "params"} a list of distinct integer positions and options of the kinds of the defaults;
   * {@code "state"} a map from integer positions to maps from String keys to a step count ({@code
   * "step"}, an integer) or a tensor of the parameter's shape (every other key).
   *
   * @param stateDict a map as {@link #stateDict()} returns it
   * @throws IllegalArgumentException if {@code stateDict} is null or lacks {@code "state"} or
   *     {@code "paramGroups"}, a field has the wrong type (the message names it, as in {@code
   *     loaded state dict has state.0.step = 1.5 (Double), expected an integer step count of at
   *     least 0}), the number of groups or of parameters in a group differs, the state refers to a
   *     parameter position that does not exist, a saved state tensor does not have its parameter's
   *     shape, or a group's options are unknown, missing or invalid (as at construction); nothing
   *     is changed then
   */
  public final void loadStateDict(Map<String, Object> stateDict) {
    Arguments.requireNonNull("loadStateDict", "stateDict", stateDict);
    if (!stateDict.containsKey("paramGroups") || !stateDict.containsKey("state")) {
      throw new IllegalArgumentException(
          "state dict must have the keys \"state\" and \"paramGroups\", got " + stateDict.keySet());
    }
    List<?> savedGroups = expect(stateDict.get("paramGroups"), List.class, "paramGroups", "a List");
    Map<?, ?> savedState = expect(stateDict.get("state"), Map.class, "state", "a Map");
    if (savedGroups.size() != paramGroups.size()) {
      throw new IllegalArgumentException(
          "loaded state dict has a different number of parameter groups");
    }
    Map<Integer, Tensor> byPosition = new LinkedHashMap<>();
    List<Map<String, Object>> newOptions = new ArrayList<>();
    for (int gi = 0; gi < paramGroups.size(); gi++) {
      String where = "paramGroups." + gi;
      Map<?, ?> saved = expect(savedGroups.get(gi), Map.class, where, "a Map");
      List<Tensor> params = paramGroups.get(gi).params();
      Object positions = saved.get("params");
      if (!(positions instanceof List) || ((List<?>) positions).size() != params.size()) {
        throw new IllegalArgumentException(
            "loaded state dict contains a parameter group that doesn't match the size of"
                + " optimizer's group");
      }
      for (int i = 0; i < params.size(); i++) {
        int position =
            position(((List<?>) positions).get(i), where + ".params." + i, "a parameter position");
        if (byPosition.put(position, params.get(i)) != null) {
          throw new IllegalArgumentException(
              "loaded state dict lists parameter " + position + " twice in its paramGroups");
        }
      }
      Map<String, Object> options = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : saved.entrySet()) {
        String key = expect(e.getKey(), String.class, "a key of " + where, "a String");
        if (!"params".equals(key)) options.put(key, e.getValue());
      }
      newOptions.add(options);
    }
    Map<Tensor, Map<String, Object>> newState = new IdentityHashMap<>();
    for (Map.Entry<?, ?> e : savedState.entrySet()) {
      int position = position(e.getKey(), "a key of state", "a parameter position");
      Tensor p = byPosition.get(position);
      if (p == null) {
        throw new IllegalArgumentException(
            "loaded state dict has state for parameter "
                + position
                + ", which is not among the optimizer's parameters");
      }
      String where = "state." + position;
      Map<?, ?> saved = expect(e.getValue(), Map.class, where, "a Map");
      Map<String, Object> keyed = new LinkedHashMap<>();
      for (Map.Entry<?, ?> se : saved.entrySet()) {
        keyed.put(
            expect(se.getKey(), String.class, "a key of " + where, "a String"), se.getValue());
      }
      Map<String, Object> s = new StateMap();
      s.putAll(loadState(where, keyed, p, position));
      newState.put(p, s);
    }
    // The saved options are checked like a new group's before anything changes.
    for (Map<String, Object> options : newOptions) {
      for (String key : options.keySet()) {
        // initialLr: put there by a learning-rate scheduler, as in PyTorch's groups
        if (!defaults.containsKey(key) && !key.equals(LRScheduler.INITIAL_LR)) {
          throw new IllegalArgumentException(
              "loaded state dict has an unknown option '"
                  + key
                  + "' for "
                  + getClass().getSimpleName());
        }
      }
      Object initialLr = options.get(LRScheduler.INITIAL_LR);
      if (initialLr != null && !(initialLr instanceof Number)) {
        throw new IllegalArgumentException(
            "loaded state dict has the option '"
                + LRScheduler.INITIAL_LR
                + "' = "
                + initialLr
                + ", not a number");
      }
      ParamGroup check = new ParamGroup(List.of());
      check.replaceOptions(options);
      for (String key : defaults.keySet()) {
        if (!check.has(key)) {
          throw new IllegalArgumentException("loaded state dict lacks the option '" + key + "'");
        }
        checkKind(key, check.get(key));
      }
      checkOptions(check.options());
    }
    for (int gi = 0; gi < paramGroups.size(); gi++) {
      paramGroups.get(gi).replaceOptions(newOptions.get(gi));
    }
    state.clear();
    state.putAll(newState);
  }

  /**
   * Checks and converts the saved state of one parameter for {@link #loadStateDict(Map)}, before
   * anything changes. By default: the step count ({@code "step"}) is an integer of at least 0, kept
   * as a Long; every other value is a tensor of the parameter's shape, copied in its dtype. An
   * optimizer with other state ({@link LBFGS}) overrides this.
   *
   * @param where the state's place in the dict, such as {@code "state.0"}, for messages
   * @param saved the saved state, by key
   * @param param the parameter it is for
   * @param position the parameter's position
   * @return the state to use, with copies of the saved tensors
   * @throws IllegalArgumentException if a value has the wrong type or shape, naming it
   */
  protected Map<String, Object> loadState(
      String where, Map<String, Object> saved, Tensor param, int position) {
    Map<String, Object> s = new LinkedHashMap<>();
    saved.forEach((key, v) -> s.put(key, stateValue(where + "." + key, key, v, param, position)));
    return s;
  }

  /**
   * The options of each group, sorted by name, in the manner of PyTorch's printout:
   *
   * <pre>
   * SGD (
   * Parameter Group 0
   *     dampening: 0.0
   *     lr: 0.1
   *     maximize: false
   *     momentum: 0.9
   *     nesterov: false
   *     weightDecay: 0.0
   * )
   * </pre>
   *
   * @return the printout
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append(" (\n");
    for (int i = 0; i < paramGroups.size(); i++) {
      sb.append("Parameter Group ").append(i).append('\n');
      new TreeMap<>(paramGroups.get(i).options())
          .forEach((k, v) -> sb.append("    ").append(k).append(": ").append(v).append('\n'));
    }
    return sb.append(')').toString();
  }

  // ---------------------------------------------------------------- helpers for subclasses

  /** Refuses a negative (or NaN) {@code options[key]}: {@code message + ": " + value}. */
  static void checkNonNegative(Map<String, Object> options, String key, String message) {
    Object v = options.get(key);
    if (v instanceof Double && !((Double) v >= 0)) {
      throw new IllegalArgumentException(message + ": " + v);
    }
  }

  /** Refuses betas that are not two values in [0, 1). */
  static void checkBetas(Map<String, Object> options) {
    Object v = options.get("betas");
    if (!(v instanceof List)) return;
    List<?> betas = (List<?>) v;
    if (betas.size() != 2) {
      throw new IllegalArgumentException("Invalid betas: expected 2 values, got " + betas);
    }
    for (int i = 0; i < 2; i++) {
      double b = (Double) betas.get(i);
      if (!(b >= 0 && b < 1)) {
        throw new IllegalArgumentException("Invalid beta parameter at index " + i + ": " + b);
      }
    }
  }

  /**
   * The base of the optimizers' builders: each setter sets a default option and returns the
   * builder; {@link #build()} makes the optimizer.
   *
   * @param <B> the concrete builder
   * @param <O> the optimizer it builds
   */
  public abstract static class Builder<B extends Builder<B, O>, O extends Optimizer> {
    final List<ParamGroup> groups;
    final Map<String, Object> defaults;

    Builder(List<ParamGroup> groups, Map<String, Object> defaults) {
      this.groups = groups;
      this.defaults = defaults;
    }

    /**
     * The learning rate {@code lr}: the step size of the update rule.
     *
     * @param lr the learning rate, non-negative
     * @return this builder
     */
    public B lr(double lr) {
      return option("lr", lr);
    }

    /**
     * The weight decay {@code weightDecay}: an L2 penalty {@code weightDecay * p} added to the
     * gradient, except in {@link AdamW}, which shrinks the parameter directly (each optimizer
     * states its formula).
     *
     * @param weightDecay the decay factor, non-negative (default 0, AdamW 1e-2)
     * @return this builder
     */
    public B weightDecay(double weightDecay) {
      return option("weightDecay", weightDecay);
    }

    /**
     * Maximizes the objective instead of minimizing it: the update uses {@code -grad}.
     *
     * @param maximize true to maximize (default false)
     * @return this builder
     */
    public B maximize(boolean maximize) {
      return option("maximize", maximize);
    }

    B option(String key, Object value) {
      if (!defaults.containsKey(key)) {
        // a setting of this base builder that the optimizer does not have (LBFGS's weightDecay)
        throw new IllegalArgumentException(
            getClass().getEnclosingClass().getSimpleName()
                + " has no option '"
                + key
                + "'; its options are "
                + defaults.keySet());
      }
      defaults.put(key, value);
      @SuppressWarnings("unchecked")
      B self = (B) this;
      return self;
    }

    /**
     * The optimizer, over the builder's groups, with the options set on the builder as defaults.
     *
     * @return a new optimizer
     * @throws IllegalArgumentException for an invalid setting, or a required option ({@code lr} for
     *     SGD) set neither here nor in every group
     */
    public abstract O build();
  }

  /** The groups given to a builder, or the PyTorch error for none. */
  static List<ParamGroup> groups(ParamGroup... groups) {
    if (Arguments.requireNoNulls("builder", "groups", groups).length == 0) {
      throw new IllegalArgumentException("optimizer got an empty parameter list");
    }
    return List.of(groups);
  }
}
