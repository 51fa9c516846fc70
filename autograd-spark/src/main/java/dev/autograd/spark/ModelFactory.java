package dev.autograd.spark;

import dev.autograd.nn.Module;
import java.io.Serializable;

/**
 * Builds the model to train. Serializable, because each Spark executor builds its own copy; the
 * copies' initial values do not matter (each step overwrites them with the driver's), but their
 * parameters must come in the same order and shapes as the driver's, so the factory must build the
 * same architecture every time.
 *
 * <pre>{@code
 * ModelFactory factory = () -> new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 1));
 * }</pre>
 */
@FunctionalInterface
public interface ModelFactory extends Serializable {
  /**
   * A new model.
   *
   * @return a model with the architecture of every other model this factory builds
   */
  Module create();
}
