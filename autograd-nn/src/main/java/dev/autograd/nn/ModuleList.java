package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A list of child modules, as PyTorch's {@code ModuleList}: registered under {@code "0"}, {@code
 * "1"}, ..., so their parameters are found, saved and moved with the parent's, but applied in
 * whatever order the parent's {@code forward} chooses. It has no forward of its own.
 *
 * <pre>{@code
 * class Tower extends Module {
 *   private final ModuleList blocks = registerModule("blocks", new ModuleList());
 *   Tower(int depth) {
 *     for (int i = 0; i < depth; i++) blocks.add(new Linear(8, 8));
 *   }
 *   public Tensor forward(Tensor x) {
 *     for (Module block : blocks) x = block.forward(x).relu().add(x); // residual
 *     return x;
 *   }
 * }
 * }</pre>
 */
public final class ModuleList extends Module implements Iterable<Module> {
  private final List<Module> modules = new ArrayList<>();

  /**
   * A list of the given modules, in order.
   *
   * @param modules the modules (none for an empty list)
   * @throws TensorException if a module is null
   */
  public ModuleList(Module... modules) {
    for (Module m : Arguments.requireNoNulls("ModuleList", "modules", modules)) add(m);
  }

  /**
   * Appends a module, registered under the next index.
   *
   * @param module the module
   * @return this list
   * @throws TensorException if module is null
   */
  public ModuleList add(Module module) {
    Arguments.requireNonNull("ModuleList.add", "module", module);
    registerModule(Integer.toString(modules.size()), module);
    modules.add(module);
    return this;
  }

  /**
   * The module at {@code index}; a negative index counts from the end.
   *
   * @param index in [-size(), size())
   * @return the module
   * @throws IndexOutOfBoundsException if index is out of range
   */
  public Module get(int index) {
    int size = modules.size();
    if (index < -size || index >= size) {
      throw new IndexOutOfBoundsException(
          "ModuleList: index " + index + " is out of range for " + size + " modules");
    }
    return modules.get(index < 0 ? size + index : index);
  }

  /**
   * The number of modules.
   *
   * @return the size
   */
  public int size() {
    return modules.size();
  }

  @Override
  public Iterator<Module> iterator() {
    return List.copyOf(modules).iterator();
  }

  /**
   * Not defined, as in PyTorch: a ModuleList only holds modules; the parent applies them.
   *
   * @param input unused
   * @return never
   * @throws TensorException always
   */
  @Override
  public Tensor forward(Tensor input) {
    throw new TensorException(
        "ModuleList.forward: a ModuleList has no forward; call its modules from the parent's forward");
  }
}
