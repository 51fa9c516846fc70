package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Child modules by name, as PyTorch's {@code ModuleDict}: registered under their keys, in insertion
 * order, so that their parameters are {@code key.weight}, ...; the parent's {@code forward} picks
 * among them. It has no forward of its own.
 *
 * <pre>{@code
 * ModuleDict heads = new ModuleDict();
 * heads.put("classify", new Linear(16, 10)).put("regress", new Linear(16, 1));
 * heads.get("regress").forward(features);
 * }</pre>
 */
public final class ModuleDict extends Module {
  private final Map<String, Module> modules = new LinkedHashMap<>();

  /** An empty dict. */
  public ModuleDict() {}

  /**
   * Adds a module under {@code key}.
   *
   * @param key the name: non-empty, without dots, not used yet
   * @param module the module
   * @return this dict
   * @throws IllegalArgumentException if the key is empty, has a dot or is taken
   * @throws TensorException if key or module is null
   */
  public ModuleDict put(String key, Module module) {
    Arguments.requireNonNull("ModuleDict.put", "key", key);
    Arguments.requireNonNull("ModuleDict.put", "module", module);
    registerModule(key, module);
    modules.put(key, module);
    return this;
  }

  /**
   * The module under {@code key}.
   *
   * @param key a key given to put
   * @return the module
   * @throws TensorException if there is none, naming the keys there are
   */
  public Module get(String key) {
    Arguments.requireNonNull("ModuleDict.get", "key", key);
    Module m = modules.get(key);
    if (m == null) {
      throw new TensorException(
          "ModuleDict.get: no module '" + key + "'; keys " + modules.keySet());
    }
    return m;
  }

  /**
   * The modules by key, in insertion order.
   *
   * @return an unmodifiable view
   */
  public Map<String, Module> asMap() {
    return Collections.unmodifiableMap(modules);
  }

  /**
   * Not defined, as in PyTorch: a ModuleDict only holds modules; the parent applies them.
   *
   * @param input unused
   * @return never
   * @throws TensorException always
   */
  @Override
  public Tensor forward(Tensor input) {
    throw new TensorException(
        "ModuleDict.forward: a ModuleDict has no forward; call its modules from the parent's forward");
  }
}
