package dev.autograd.nn;

import dev.autograd.Tensor;

/** {@code y = tanh(x)} element-wise; see {@link Tensor#tanh()}. */
public final class Tanh extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return input.tanh();
  }
}
