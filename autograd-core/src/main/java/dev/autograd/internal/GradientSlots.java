package dev.autograd.internal;

import dev.autograd.Tensor;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Reads a tensor's gradient for the library's own code that uses it and keeps no reference to it
 * (an optimizer's step, gradient clipping, a check for null), without handing it out.
 *
 * <p>Why: {@link Tensor#grad()} marks the gradient as seen, since its caller may keep it; a
 * gradient nobody has seen gives its memory back as soon as {@code zeroGrad()} lets go of it (see
 * {@code ScopedMemory.recycleGradient}). A reader that went through {@code grad()} every training
 * step would keep every gradient from being reused.
 */
public final class GradientSlots {
  private GradientSlots() {}

  private static UnaryOperator<Tensor> reader;

  /**
   * Called once, by {@link Tensor}'s initialization, with the reader of its gradient slot.
   *
   * @throws IllegalStateException if called from anywhere else, or twice
   */
  public static synchronized void install(UnaryOperator<Tensor> slotReader) {
    Class<?> caller =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
    if (caller != Tensor.class || reader != null) {
      throw new IllegalStateException(
          "GradientSlots.install: only Tensor's initialization installs the gradient reader");
    }
    reader = Objects.requireNonNull(slotReader);
  }

  /**
   * {@code tensor}'s gradient, or null, left unseen: the caller must not keep it (nor a view of it)
   * beyond its own use, as it may be reused for other data once the tensor lets go of it.
   */
  public static Tensor peek(Tensor tensor) {
    return reader.apply(tensor);
  }
}
