package dev.autograd.nn;

import dev.autograd.Tensor;

/** {@code y = max(x, 0)} element-wise; see {@link Tensor#relu()}. */
public final class ReLU extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return input.relu();
  }
}
