package dev.autograd.nn;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The base of every layer and model, as {@code torch.nn.Module}: it owns parameters (tensors that
 * require grad, registered under a name) and child modules, and maps an input tensor to an output
 * with {@link #forward(Tensor)}.
 *
 * <p>A parameter is an ordinary {@link Tensor} registered with {@link #registerParameter}; it then
 * appears in {@link #parameters()}, {@link #namedParameters()} (with dotted names such as {@code
 * 0.weight}) and {@link #stateDict()}. Freeze one with {@code requiresGrad(false)}: optimizers skip
 * it.
 *
 * <pre>{@code
 * Module model = new Sequential(new Linear(1, 1), new Sigmoid());
 * Tensor y = model.forward(Tensor.randn(10, 1));
 * System.out.println(model);
 * // Sequential(
 * //   (0): Linear(in_features=1, out_features=1, bias=True)
 * //   (1): Sigmoid()
 * // )
 * }</pre>
 */
public abstract class Module {
  private final Map<String, Tensor> parameters = new LinkedHashMap<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private boolean training = true;

  /** Maps {@code input} to this module's output; ops on parameters are recorded for backward. */
  public abstract Tensor forward(Tensor input);

  /**
   * Registers {@code value} as a parameter called {@code name} (no dots), making it require grad.
   * Returns it.
   */
  protected final Tensor registerParameter(String name, Tensor value) {
    checkName(name);
    Objects.requireNonNull(value, "value");
    if (!value.dtype().isFloatingPoint()) {
      throw new TensorException(
          "registerParameter: parameter '"
              + name
              + "' must be floating point, got "
              + value.dtype().pytorchName());
    }
    if (value.isLeaf() && !value.requiresGrad()) value.requiresGrad(true);
    parameters.put(name, value);
    return value;
  }

  /** Registers {@code module} as a child called {@code name} (no dots). Returns it. */
  protected final <M extends Module> M registerModule(String name, M module) {
    checkName(name);
    Objects.requireNonNull(module, "module");
    children.put(name, module);
    return module;
  }

  private void checkName(String name) {
    if (name == null || name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException(
          "a parameter or module name must be non-empty and contain no '.', got '" + name + "'");
    }
    if (parameters.containsKey(name) || children.containsKey(name)) {
      throw new IllegalArgumentException(
          "'" + name + "' is already registered in " + getClass().getSimpleName());
    }
  }

  /** This module's own parameter {@code name} (not a child's). */
  protected final Tensor parameter(String name) {
    Tensor t = parameters.get(name);
    if (t == null)
      throw new IllegalStateException(
          getClass().getSimpleName() + " has no parameter '" + name + "'");
    return t;
  }

  /** Every parameter of this module and its descendants, each once, in registration order. */
  public List<Tensor> parameters() {
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Tensor> out = new ArrayList<>();
    for (Tensor t : namedParameters().values()) if (seen.add(t)) out.add(t);
    return out;
  }

  /** Every parameter under its dotted path ({@code 0.weight}, {@code encoder.1.bias}). */
  public Map<String, Tensor> namedParameters() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collect("", out);
    return out;
  }

  private void collect(String prefix, Map<String, Tensor> out) {
    for (Map.Entry<String, Tensor> e : parameters.entrySet())
      out.put(prefix + e.getKey(), e.getValue());
    for (Map.Entry<String, Module> e : children.entrySet())
      e.getValue().collect(prefix + e.getKey() + ".", out);
  }

  /** The direct children, in registration order. */
  public List<Module> children() {
    return List.copyOf(children.values());
  }

  /** The direct children under their names. */
  public Map<String, Module> namedChildren() {
    return Collections.unmodifiableMap(children);
  }

  /**
   * Sets training mode (which {@link Dropout} obeys) here and in every descendant. Returns this.
   */
  public Module train(boolean mode) {
    training = mode;
    for (Module child : children.values()) child.train(mode);
    return this;
  }

  /** Training mode. Returns this. */
  public Module train() {
    return train(true);
  }

  /** Evaluation mode ({@code train(false)}). Returns this. */
  public Module eval() {
    return train(false);
  }

  /** Whether this module is in training mode (the default). */
  public boolean isTraining() {
    return training;
  }

  /** Clears every parameter's gradient (sets it to null, as PyTorch 2 does). */
  public void zeroGrad() {
    // NOTE: walks the tree directly instead of building parameters(): it runs every training step.
    for (Tensor t : parameters.values()) t.zeroGrad();
    for (Module child : children.values()) child.zeroGrad();
  }

  /**
   * Calls {@code fn} on every descendant and then on this module (children first). Returns this.
   */
  public Module apply(Consumer<Module> fn) {
    for (Module child : children.values()) child.apply(fn);
    fn.accept(this);
    return this;
  }

  /**
   * Converts every parameter to {@code dtype} (keeping whether it requires grad). Returns this. The
   * parameters are replaced by new tensors: build optimizers after this call.
   */
  public Module to(DType dtype) {
    for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
      Tensor old = e.getValue();
      if (old.dtype() != dtype) {
        e.setValue(old.detach().to(dtype).requiresGrad(old.requiresGrad()));
      }
    }
    for (Module child : children.values()) child.to(dtype);
    return this;
  }

  /**
   * The parameters under their dotted names, detached (sharing storage, so they see later updates).
   * Copy them ({@code copy()}) to keep a snapshot.
   */
  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : namedParameters().entrySet())
      out.put(e.getKey(), e.getValue().detach());
    return out;
  }

  /**
   * Copies {@code state} into the parameters of the same names. Everything is checked before
   * anything is copied, so on error the module is unchanged.
   *
   * @param strict also require that the names match exactly (no missing, no unexpected names)
   * @throws TensorException naming the parameter: a missing or unexpected name (strict), a shape or
   *     dtype that differs
   */
  public void loadStateDict(Map<String, Tensor> state, boolean strict) {
    Map<String, Tensor> own = namedParameters();
    if (strict) {
      List<String> missing = new ArrayList<>();
      for (String name : own.keySet()) if (!state.containsKey(name)) missing.add(name);
      List<String> unexpected = new ArrayList<>();
      for (String name : state.keySet()) if (!own.containsKey(name)) unexpected.add(name);
      if (!missing.isEmpty() || !unexpected.isEmpty()) {
        throw new TensorException(
            "loadStateDict: error(s) in loading state for "
                + getClass().getSimpleName()
                + (missing.isEmpty() ? "" : ": missing key(s) " + missing)
                + (unexpected.isEmpty() ? "" : ": unexpected key(s) " + unexpected));
      }
    }
    for (Map.Entry<String, Tensor> e : state.entrySet()) {
      Tensor target = own.get(e.getKey());
      if (target == null) continue;
      Tensor source = e.getValue();
      if (!Arrays.equals(source.shape(), target.shape())) {
        throw new TensorException(
            "loadStateDict: size mismatch for "
                + e.getKey()
                + ": copying a parameter with shape "
                + Arrays.toString(source.shape())
                + ", the shape in the current model is "
                + Arrays.toString(target.shape()));
      }
      if (source.dtype() != target.dtype()) {
        throw new TensorException(
            "loadStateDict: dtype mismatch for "
                + e.getKey()
                + ": the state has "
                + source.dtype().pytorchName()
                + ", the current model has "
                + target.dtype().pytorchName()
                + " (convert the model with to(DType) first)");
      }
    }
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      for (Map.Entry<String, Tensor> e : state.entrySet()) {
        Tensor target = own.get(e.getKey());
        if (target != null) target.copy_(e.getValue());
      }
    }
  }

  /**
   * Writes {@link #stateDict()} to {@code path} in the format described by {@link StateDictFile}:
   * to a temporary file first, then moved into place, so a crash never leaves a half-written file.
   */
  public void save(Path path) throws IOException {
    StateDictFile.write(path, stateDict());
  }

  /**
   * Loads parameters saved by {@link #save(Path)} (strictly: the names must match). On any error
   * (truncated or corrupted file, unknown or missing names, wrong shapes or dtypes) it throws and
   * leaves the module unchanged.
   */
  public void load(Path path) throws IOException {
    loadStateDict(StateDictFile.read(path), true);
  }

  /**
   * The arguments shown between the parentheses of {@link #toString()}, as PyTorch's extra_repr.
   */
  protected String extraRepr() {
    return "";
  }

  /** The module tree, as PyTorch prints it. */
  @Override
  public String toString() {
    String head = getClass().getSimpleName() + "(" + extraRepr();
    if (children.isEmpty()) return head + ")";
    StringBuilder sb = new StringBuilder(head).append("\n");
    for (Map.Entry<String, Module> e : children.entrySet()) {
      String child = e.getValue().toString().replace("\n", "\n  ");
      sb.append("  (").append(e.getKey()).append("): ").append(child).append("\n");
    }
    return sb.append(")").toString();
  }
}
