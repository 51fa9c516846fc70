package dev.autograd;

import dev.autograd.internal.BinaryFn;
import dev.autograd.internal.ScopedMemory;
import dev.autograd.internal.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The autograd state of one tensor, as PyTorch's AutogradMeta: whether it requires grad, its
 * gradient slot, its hooks, whether a non-leaf keeps its gradient, its forward-mode tangent, and
 * the engine's bookkeeping of one backward pass. A tensor without autograd state (a constant) has
 * none of this object. The result of a recorded op has its {@link Node} as its state: a node is its
 * result's autograd state, so that recording an op allocates one object, not two.
 */
class AutogradMeta {
  /**
   * The tensor this is the state of: a leaf's, for as long as the state lives; a node's result,
   * until the node is released (the graph must then not hold its data).
   */
  Tensor tensor;

  /** The tensor's shape and type, which gradients must have: kept when the tensor is let go of. */
  final int[] shape;

  final DType dtype;

  AutogradMeta(Tensor tensor) {
    this.tensor = tensor;
    this.shape = tensor.shape;
    this.dtype = tensor.dtype();
  }

  boolean requiresGrad;
  private Tensor grad;

  /**
   * Whether {@link #grad} is a gradient backward made that nothing outside the library has seen:
   * never handed out by {@code grad()}, given to no hook, not part of a graph, and (for a non-leaf)
   * not passed on to its inputs. Letting go of such a gradient gives its memory back at once (see
   * {@link #dropGrad}).
   */
  private boolean gradUnseen;

  boolean retainsGrad;
  private List<UnaryOperator<Tensor>> hooks;

  /** The tensor's forward-mode tangent and its level, or null (see {@link ForwardAD}). */
  ForwardAD.Tangent tangent;

  // NOTE: the engine's bookkeeping lives here, not in a map of the engine, so that a pass finds a
  // tensor's pending gradient in one load: a hash lookup per edge would cost as much as the ops of
  // the tutorial's scalar code.

  /** Engine bookkeeping: the number of the last backward pass that queued this tensor. */
  int queuedInPass;

  /** Engine bookkeeping: the gradient summed so far during a backward pass, or null. */
  Tensor pendingGrad;

  /**
   * The op that made the tensor, or null for a leaf: a field, not a method a node overrides, since
   * every op and every step of backward asks it.
   */
  Node node;

  /** The op that made the tensor, or null for a leaf. */
  final Node node() {
    return node;
  }

  // ---------------------------------------------------------------- the gradient slot

  /** The gradient, handed out: the caller may keep it. */
  Tensor grad() {
    gradUnseen = false;
    return grad;
  }

  /** The gradient, lent: not counted as handed out (see {@code Tensor.peekGrad}). */
  Tensor peekGrad() {
    return grad;
  }

  /**
   * Replaces the gradient by {@code next}. A gradient nobody outside the library has seen gives its
   * memory back now, for the next large tensor of its length made on this thread; inside a {@link
   * MemoryScope}, one backward made in a scope belongs to the scope from now on.
   */
  void dropGrad(Tensor next) {
    Tensor previous = grad;
    boolean unseen = gradUnseen;
    grad = next;
    gradUnseen = false;
    if (previous != null && (next == null || previous.storage != next.storage)) {
      if (unseen) {
        ScopedMemory.recycleGradient(previous.storage);
      } else {
        ScopedMemory.dropGradient(previous.storage);
      }
    }
  }

  /**
   * Adds {@code g} to the gradient.
   *
   * @param owned whether the engine knows that nothing else refers to g's storage, so that it can
   *     become the gradient without a copy
   */
  void accumulateGrad(Tensor g, boolean createGraph, boolean owned) {
    if (grad == null) {
      // NOTE: a fresh tensor unless the engine owns g: g may be shared with other inputs of the
      // same op, and the optimizers update grad() in place.
      // A leaf's first gradient keeps its strides when it is dense but not row-major (a transposed
      // matrix), as in PyTorch.
      if (node == null && !tensor.isContiguous()) {
        grad = ShapeOps.copyLaidOutAs(g, tensor);
      } else {
        grad = createGraph || owned ? g : ShapeOps.copyRaw(g, g.dtype());
      }
      // A fresh copy, or a leaf's gradient the engine owns: nothing else refers to it, unless it
      // is part of a graph (createGraph), which may save it. A non-leaf's own g also goes on to
      // its derivative, which may pass it, uncopied, to its inputs' hooks.
      gradUnseen = !createGraph && (grad != g || node() == null);
      ScopedMemory.keepGradient(grad.storage); // it outlives the MemoryScope of its backward
    } else if (createGraph || grad.requiresGrad()) {
      grad = grad.add(g);
      gradUnseen = false;
      ScopedMemory.keepGradient(grad.storage);
    } else if (grad.storage != g.storage && grad.dtype() == g.dtype()) {
      // What add_ does, without its checks: same shape (the engine checked), no aliasing.
      PointwiseOps.applyInto(BinaryFn.ADD, grad, g);
      grad.storage.bumpVersion();
    } else {
      grad.add_(g);
    }
  }

  // ---------------------------------------------------------------- hooks

  Tensor.HookHandle registerHook(UnaryOperator<Tensor> hook) {
    if (hooks == null) hooks = new ArrayList<>();
    hooks.add(hook);
    return () -> hooks.remove(hook);
  }

  boolean hasHooks() {
    return hooks != null && !hooks.isEmpty();
  }

  /** g after every hook, each of which may replace it by a tensor of its shape. */
  Tensor runHooks(Tensor g) {
    if (hooks == null) return g;
    for (UnaryOperator<Tensor> hook : List.copyOf(hooks)) {
      Tensor replaced = hook.apply(g);
      if (replaced != null) {
        if (!Arrays.equals(replaced.shape, g.shape)) {
          throw new TensorException(
              "hook: returned a gradient of shape "
                  + Shapes.format(replaced.shape)
                  + " where shape "
                  + Shapes.format(g.shape)
                  + " was expected");
        }
        g = replaced;
      }
    }
    return g;
  }
}
