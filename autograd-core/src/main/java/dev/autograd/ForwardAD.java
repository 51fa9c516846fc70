package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forward-mode automatic differentiation with dual tensors, as {@code torch.autograd.forward_ad}: a
 * tangent rides along the forward pass, and each op's result carries the directional derivative
 * {@code J t} of the op in the direction of its inputs' tangents, computed as the op runs. One
 * forward pass gives the Jacobian-vector product of a whole function, however many outputs it has;
 * reverse mode would need one backward pass per output.
 *
 * <pre>{@code
 * try (ForwardAD.DualLevel level = ForwardAD.dualLevel()) {
 *   Tensor x = ForwardAD.makeDual(Tensor.of(new double[] {1, 2}), Tensor.of(new double[] {1, 0}));
 *   Tensor y = x.sin().mul(x);
 *   ForwardAD.unpackDual(y).tangent(); // d y / d x[0]: [sin 1 + cos 1, 0]
 * }
 * }</pre>
 *
 * <p>Every primitive's tangent rule is in its record (see the {@code Primitives} table), written in
 * tensor ops: when the primal inputs require grad, the tangents are recorded too, so a tangent can
 * be differentiated again by reverse mode (reverse over forward). A level is open on one thread; as
 * in PyTorch 1.13, levels do not nest. In-place ops on a tensor that carries a tangent are refused.
 */
public final class ForwardAD {
  private ForwardAD() {}

  private static final AtomicInteger LEVELS = new AtomicInteger();

  /** A tangent and the level it was set at. */
  record Tangent(int level, Tensor value) {}

  /**
   * A primal tensor and its tangent, as {@link #unpackDual} returns them.
   *
   * @param primal the tensor's value, without the tangent
   * @param tangent its tangent at the open level, or null
   */
  public record Dual(Tensor primal, Tensor tangent) {}

  /** An open forward-mode level: closing it drops every tangent made in it. */
  public interface DualLevel extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Opens a forward-mode level on the calling thread, like {@code with fwAD.dual_level():}.
   * Tangents set with {@link #makeDual} and computed by ops inside it are dropped when it is
   * closed.
   *
   * @return the level; close it with try-with-resources
   * @throws TensorException if a level is already open on this thread (levels do not nest)
   */
  public static DualLevel dualLevel() {
    GradMode.State state = GradMode.state();
    if (state.dualLevel != 0) {
      throw new TensorException(
          "dualLevel: a forward-mode level is already open on this thread; levels do not nest,"
              + " close it first");
    }
    int level = LEVELS.incrementAndGet();
    if (level == 0) level = LEVELS.incrementAndGet();
    state.dualLevel = level;
    GradMode.DUAL_LEVELS.incrementAndGet();
    int opened = level;
    return new DualLevel() {
      private boolean closed;

      @Override
      public void close() {
        if (closed) return;
        closed = true;
        GradMode.State s = GradMode.state();
        if (s.dualLevel == opened) {
          s.dualLevel = 0;
          GradMode.DUAL_LEVELS.decrementAndGet();
        }
      }
    };
  }

  /**
   * A tensor with {@code primal}'s values (sharing its storage, and its graph when it requires
   * grad) that carries {@code tangent} through the ops applied to it, like {@code
   * fwAD.make_dual(primal, tangent)}.
   *
   * @param primal the point; a floating-point tensor
   * @param tangent the direction, of primal's shape and type
   * @return the dual tensor
   * @throws TensorException outside a level, or if the tangent's shape or type differs from the
   *     primal's
   */
  public static Tensor makeDual(Tensor primal, Tensor tangent) {
    Arguments.requireNonNull("makeDual", "primal", primal);
    Arguments.requireNonNull("makeDual", "tangent", tangent);
    int level = currentLevel("makeDual");
    if (!primal.dtype().isFloatingPoint()) {
      throw new TensorException(
          "makeDual: expected a floating point primal, got " + primal.dtype().pytorchName());
    }
    if (!java.util.Arrays.equals(primal.shape, tangent.shape)) {
      throw new TensorException(
          "makeDual: the tangent has shape "
              + Shapes.format(tangent.shape)
              + " but the primal has shape "
              + Shapes.format(primal.shape)
              + "; they must be the same");
    }
    if (primal.dtype() != tangent.dtype()) {
      throw new TensorException(
          "makeDual: the tangent is "
              + tangent.dtype().pytorchName()
              + " but the primal is "
              + primal.dtype().pytorchName()
              + "; convert the tangent with to(...)");
    }
    Tensor dual = aliasOf(primal);
    dual.autograd().tangent = new Tangent(level, tangent);
    return dual;
  }

  /**
   * The primal and the tangent of {@code t}, like {@code fwAD.unpack_dual(t)}: the primal is a view
   * of t without the tangent (in t's graph when t requires grad), the tangent null when t carries
   * none at the open level.
   *
   * @param t a tensor
   * @return its primal and tangent
   * @throws TensorException outside a level
   */
  public static Dual unpackDual(Tensor t) {
    Arguments.requireNonNull("unpackDual", "t", t);
    currentLevel("unpackDual");
    Tensor tangent = tangentOf(t);
    return new Dual(tangent == null ? t : aliasOf(t), tangent);
  }

  /** A view of t with its values and graph, and no tangent. */
  private static Tensor aliasOf(Tensor t) {
    GradMode.State state = GradMode.state();
    boolean previous = state.computingTangents;
    state.computingTangents = true;
    try {
      return ShapeOps.reshape(t, t.shape, true);
    } finally {
      state.computingTangents = previous;
    }
  }

  private static int currentLevel(String op) {
    int level = GradMode.state().dualLevel;
    if (level == 0) {
      throw new TensorException(
          op
              + ": no forward-mode level is open; call it inside try (var l = ForwardAD.dualLevel())");
    }
    return level;
  }

  /**
   * Whether an op on these tensors would have forward-mode tangents to carry now: a level is open
   * and one of them has a tangent at it. Code with a faster path that has no forward-mode rule (an
   * {@link AutogradFunction}) can take it only when this is false, and otherwise run ops that have
   * one.
   *
   * @param tensors the tensors an op would read; null entries are skipped
   * @return true if a level is open and one of the tensors carries a tangent at it
   * @throws TensorException if {@code tensors} is null
   */
  public static boolean carriesTangent(Tensor... tensors) {
    Arguments.requireNonNull("carriesTangent", "tensors", tensors);
    return carried(tensors);
  }

  // ---------------------------------------------------------------- for the ops

  /** Whether ops on this thread propagate tangents now: a level is open and no rule is running. */
  static boolean propagating() {
    if (GradMode.DUAL_LEVELS.get() == 0) return false;
    GradMode.State s = GradMode.state();
    return s.dualLevel != 0 && !s.computingTangents;
  }

  /** t's tangent at the open level, or null. */
  static Tensor tangentOf(Tensor t) {
    AutogradMeta meta = t == null ? null : t.autogradOrNull();
    Tangent tangent = meta == null ? null : meta.tangent;
    if (tangent == null) return null;
    return tangent.level == GradMode.state().dualLevel ? tangent.value : null;
  }

  /** Whether an op on these inputs has tangents to propagate. */
  static boolean carried(Tensor... inputs) {
    if (!propagating()) return false;
    for (Tensor t : inputs) if (tangentOf(t) != null) return true;
    return false;
  }

  /** Sets the tangent of an op's result, computed at the open level. */
  static void setTangent(Tensor out, Tensor tangent) {
    out.autograd().tangent = new Tangent(GradMode.state().dualLevel, tangent);
  }

  /** Runs {@code rules} with tangent propagation off: the ops of a tangent rule carry none. */
  static <T> T computingTangents(java.util.function.Supplier<T> rules) {
    GradMode.State s = GradMode.state();
    boolean previous = s.computingTangents;
    s.computingTangents = true;
    try {
      return rules.get();
    } finally {
      s.computingTangents = previous;
    }
  }
}
