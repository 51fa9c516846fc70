package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.ScopedMemory;

/**
 * A region of code, such as one step of a training loop, whose large tensors give their memory back
 * when it closes, for the same region's next run to reuse. Use with try-with-resources.
 *
 * <pre>{@code
 * for (int step = 0; step < steps; step++) {
 *   try (MemoryScope scope = MemoryScope.open()) {
 *     Tensor loss = criterion.forward(model.forward(x), y);
 *     optimizer.zeroGrad();
 *     loss.backward();
 *     optimizer.step();
 *     losses.add(loss.item()); // a double: nothing to keep
 *   }
 * }
 * }</pre>
 *
 * <p>Why: Java zeroes every new array, in a pass of its own over memory that the garbage collector
 * has not handed out for a while, and cannot tell when a tensor is no longer used. For tensors of a
 * million elements that pass costs about as much as the op that fills the array. PyTorch, which
 * counts references, hands a freed block to the next op while it is still in the cache. A scope
 * says when the tensors made in it are dead, so that their arrays can be handed on in the same way.
 * On the benchmark's 1M-element sigmoid-tanh-product forward and backward, a scope per iteration
 * takes a fifth to a half off the time (see the performance guide).
 *
 * <p>The rules:
 *
 * <ul>
 *   <li>A tensor of at least {@value dev.autograd.internal.ScopedMemory#MIN_SIZE} elements made on
 *       this thread while the scope is open, by an op or by a factory that fills a new tensor
 *       ({@link Tensor#zeros}, {@link Tensor#randn}, ...), belongs to the innermost open scope.
 *       Smaller tensors, tensors made from Java arrays ({@code Tensor.of}) and tensors made outside
 *       any scope are left to the garbage collector as usual.
 *   <li>When the scope closes, each tensor that belongs to it gives its storage back, and every
 *       later use of it, or of a view of it, throws an {@link IllegalStateException} that says so.
 *       Nothing reads stale or reused data silently.
 *   <li>{@link #keep(Tensor)} takes a tensor out of its scope, for good. The library keeps what it
 *       holds on to by itself: gradients written by {@code backward()} or {@link Tensor#setGrad},
 *       and (in autograd-nn) parameters, optimizer state and the copies in an optimizer's {@code
 *       stateDict()}.
 *   <li>A gradient that {@code backward()} made inside a scope belongs, once a tensor lets go of it
 *       ({@link Tensor#setGrad setGrad(null)}, {@link Tensor#zeroGrad()}, or an optimizer's {@code
 *       zeroGrad()}) inside a scope, to the innermost scope then open: that is how the gradients of
 *       one step give their memory to the next, as PyTorch's {@code grad = None} does. A reference
 *       to it taken earlier with {@link Tensor#grad()} is then good until that scope closes. A
 *       gradient set with {@link Tensor#setGrad} is the caller's and never taken.
 *   <li>A view of a tensor, and its {@link Tensor#detach()}, share its storage: keeping one keeps
 *       them all, and the scope's close releases them all.
 *   <li>A reused array is zeroed again for a tensor that starts as zeros ({@link Tensor#zeros}), so
 *       it reads exactly as outside a scope. An element-wise op, which writes every element of its
 *       result, skips that pass.
 *   <li>A scope belongs to the thread that opened it; scopes nest and close in reverse order.
 *   <li>A scope left open when its thread ends is never closed: its tensors are not given back, and
 *       become garbage as usual once nothing else holds them. The library keeps nothing of a thread
 *       that ended.
 * </ul>
 *
 * <p>The given-back arrays stay with their thread, held through soft references: the collector
 * reclaims them when memory runs short.
 *
 * <p>Gradients need no scope to give their memory back: one that nobody outside the library has
 * seen goes back to its thread's arrays when {@code zeroGrad()} lets go of it (see {@link
 * Tensor#grad()}), and the thread's next tensor of its length reuses it, in a scope or not.
 */
public final class MemoryScope implements AutoCloseable {
  private final ScopedMemory.Frame frame;

  private MemoryScope(ScopedMemory.Frame frame) {
    this.frame = frame;
  }

  /**
   * Opens a scope on the calling thread, nested in any scope already open there.
   *
   * @return the scope; close it on this thread, after any scope opened inside it
   */
  public static MemoryScope open() {
    return new MemoryScope(ScopedMemory.open());
  }

  /**
   * Takes {@code tensor}'s storage out of the scope it was made in, so that the tensor (and every
   * view sharing its storage) stays usable after that scope closes. Does nothing for a tensor made
   * outside any scope, or too small to belong to one.
   *
   * @param tensor the tensor to keep
   * @return {@code tensor}
   * @throws IllegalStateException if its scope has already closed
   */
  public static Tensor keep(Tensor tensor) {
    Arguments.requireNonNull("keep", "tensor", tensor);
    ScopedMemory.keep(tensor.storage);
    return tensor;
  }

  /**
   * Gives back the storage of every tensor made in this scope and not kept. Closing twice does
   * nothing more.
   *
   * @throws IllegalStateException if called on another thread than the one that opened the scope,
   *     or while a scope opened inside this one is still open
   */
  @Override
  public void close() {
    ScopedMemory.close(frame);
  }
}
