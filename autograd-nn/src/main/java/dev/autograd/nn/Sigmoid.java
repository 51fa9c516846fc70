package dev.autograd.nn;

import dev.autograd.Tensor;

/** {@code y = 1 / (1 + e^-x)} element-wise; see {@link Tensor#sigmoid()}. */
public final class Sigmoid extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return input.sigmoid();
  }
}
