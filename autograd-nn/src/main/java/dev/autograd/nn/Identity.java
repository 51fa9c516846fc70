package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * {@code y = x}: a placeholder that passes its input through, for example to switch a layer off in
 * a {@link Sequential} without changing the names of the layers after it.
 */
public final class Identity extends Module {
  /** A module that returns its input; it has no parameters. */
  public Identity() {}

  /**
   * {@code y = x}; any shape, kept.
   *
   * @param input any tensor
   * @return {@code input} itself (not a copy)
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("Identity.forward", "input", input);
    return input;
  }
}
