package dev.autograd;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One recorded op of the computation graph: its inputs, the tensors its derivative needs (with
 * their versions at the time they were saved) and the derivative itself.
 */
final class Node extends AutogradMeta implements GradFn {

  /**
   * The derivative of an op: given {@code grad}, the gradient of the final output with respect to
   * this op's result, returns the gradient with respect to each input (null where {@code
   * needsGrad[i]} is false or the input is not differentiable). It is written with tensor ops, so
   * that it is itself recorded when a graph of the backward pass is requested.
   */
  @FunctionalInterface
  interface Backward {
    Tensor[] apply(Tensor grad, boolean[] needsGrad);

    /**
     * {@link #apply(Tensor, boolean[])}, told whether the derivative may write its result over
     * grad: the engine owns grad and nothing else can see it. By default it may not.
     */
    default Tensor[] apply(Tensor grad, boolean[] needsGrad, boolean gradIsOverwritable) {
      return apply(grad, needsGrad);
    }

    /**
     * Lets go of whatever the derivative holds beyond its saved tensors (a result it does not use),
     * once its node has been through a backward pass that did not retain the graph: a node that
     * saved nothing stays runnable, as in PyTorch, but must not keep data alive.
     */
    default void release() {}

    /** What the derivative saved, for the message of a backward through its freed values. */
    default String describeSaved() {
      return "tensors";
    }
  }

  private String name;
  private final Tensor[] inputs;
  private final boolean[] needsGrad;
  private Backward backward;
  private Tensor[] saved;
  // The versions of the saved tensors when saved: in fields for the first two (most ops save one or
  // two), in an array beyond.
  private int savedVersion0;
  private int savedVersion1;
  private int[] savedVersionsBeyond;
  private final StackTraceElement[] createdAt;
  private final int height;

  /** Whether a backward pass without retainGraph has been through this node. */
  private boolean released;

  /** What the freed saved values were, for {@link #freed()}; null while they are kept. */
  private String freedSaved;

  /** No tensors: the saved list of an op whose derivative needs none. */
  static final Tensor[] NONE = new Tensor[0];

  /** The needsGrad arrays of ops of one and two inputs, shared (backward functions only read). */
  private static final boolean[][] SHARED_NEEDS = {
    {false}, {true}, {false, false}, {true, false}, {false, true}, {true, true}
  };

  private static boolean[] needsGradOf(Tensor[] inputs) {
    int n = inputs.length;
    int bits = 0;
    for (int i = 0; i < n; i++) {
      if (inputs[i] != null && inputs[i].requiresGrad()) bits |= 1 << i;
    }
    if (n == 1) return SHARED_NEEDS[bits];
    if (n == 2) return SHARED_NEEDS[2 + bits];
    boolean[] needs = new boolean[n];
    for (int i = 0; i < n; i++)
      needs[i] =
          (bits & (1 << i)) != 0 || (i >= 31 && inputs[i] != null && inputs[i].requiresGrad());
    return needs;
  }

  /** The saved list that says "the inputs, all of them": one array instead of two. */
  static final Tensor[] SAME_AS_INPUTS = new Tensor[0];

  Node(String name, Tensor[] inputs, Tensor[] saved, Backward backward, boolean anomaly) {
    if (saved == SAME_AS_INPUTS) saved = inputs;
    this.requiresGrad = true; // a node is its result's autograd state
    this.node = this;
    this.name = name;
    this.needsGrad = needsGradOf(inputs);
    // NOTE: constants are not kept: gradients never flow to them, and a graph kept alive after
    // backward (a loss stored for logging) must not hold on to the data it was computed from. The
    // array is copied only when there is a constant to drop (it may also be the saved list).
    Tensor[] kept = inputs;
    int h = 0;
    for (int i = 0; i < inputs.length; i++) {
      Tensor in = inputs[i];
      if (in == null) continue;
      if (!needsGrad[i]) {
        if (kept == inputs) kept = inputs.clone();
        kept[i] = null;
      } else if (in.node() != null) {
        h = Math.max(h, in.node().height);
      }
    }
    this.inputs = kept;
    this.height = h + 1;
    this.backward = backward;
    this.saved = saved;
    if (saved.length > 0) savedVersion0 = saved[0].version();
    if (saved.length > 1) savedVersion1 = saved[1].version();
    if (saved.length > 2) {
      savedVersionsBeyond = new int[saved.length - 2];
      for (int i = 2; i < saved.length; i++) savedVersionsBeyond[i - 2] = saved[i].version();
    }
    this.createdAt = anomaly ? new Throwable().getStackTrace() : null;
  }

  /**
   * Whether an op on {@code x} is recorded: x requires grad and recording is on in this thread. Ops
   * ask before they build their derivative, so that an op that is not recorded (a constant, a
   * backward pass, a {@code noGrad} scope) allocates no closure and no input list.
   */
  static boolean recording(Tensor x) {
    return x != null && x.requiresGrad() && GradMode.isEnabled();
  }

  /** {@link #recording(Tensor)} for an op of two inputs, either of which may be null. */
  static boolean recording(Tensor a, Tensor b) {
    return ((a != null && a.requiresGrad()) || (b != null && b.requiresGrad()))
        && GradMode.isEnabled();
  }

  /** {@link #recording(Tensor)} for an op of any number of inputs, any of which may be null. */
  static boolean recording(Tensor... inputs) {
    for (Tensor in : inputs) {
      if (in != null && in.requiresGrad()) return GradMode.isEnabled();
    }
    return false;
  }

  /**
   * Makes {@code out} the result of a recorded op. The caller has checked {@link
   * #recording(Tensor...)} first, so that an op that is not recorded builds no derivative closure.
   */
  static Tensor record(
      String name, Tensor out, Tensor[] inputs, Tensor[] saved, Backward backward) {
    assert recording(inputs) : name + " recorded while recording is off or no input requires grad";
    return out.attach(new Node(name, inputs, saved, backward, GradMode.anomalyEnabled()));
  }

  /**
   * Names this node after the user-facing op when it is the last primitive of a composite (var is a
   * sum and a division; its result's gradFn() says VarBackward, as in PyTorch).
   */
  void rename(String opName) {
    this.name = opName;
  }

  @Override
  public String name() {
    return name;
  }

  /** The record of the primitive this node is a call of, or null once released. */
  Primitive primitive() {
    return backward instanceof Primitive.Call ? ((Primitive.Call) backward).primitive() : null;
  }

  /** The inputs that require grad (null for constants, and for every input once freed). */
  @Override
  public List<Tensor> inputs() {
    if (released) return Collections.nCopies(inputs.length, null);
    return Collections.unmodifiableList(Arrays.asList(inputs));
  }

  /** The edges to the inputs (null for constants); after release, stand-ins for non-leaves. */
  Tensor[] inputArray() {
    return inputs;
  }

  /** Which inputs require grad, as the derivative is told by default. */
  boolean[] needsGrad() {
    return needsGrad;
  }

  /** Whether backward freed what this node saved: reaching it again throws {@link #freed()}. */
  boolean isFreed() {
    return backward == null;
  }

  /**
   * Runs the derivative, after checking that nothing it saved was modified in place since. {@code
   * gradIsOverwritable}: the engine owns grad, nothing else can see it, and it is used no more, so
   * the derivative may write its result over it.
   */
  Tensor[] apply(Tensor grad, boolean gradIsOverwritable) {
    return apply(grad, null, gradIsOverwritable);
  }

  /**
   * {@link #apply(Tensor, boolean)} for the inputs {@code needs} says (null: every input that
   * requires grad), as when a pass wants only some inputs' gradients.
   */
  Tensor[] apply(Tensor grad, boolean[] needs, boolean gradIsOverwritable) {
    if (backward == null) throw freed();
    for (int i = 0; i < saved.length; i++) {
      int now = saved[i].version();
      int then = i == 0 ? savedVersion0 : i == 1 ? savedVersion1 : savedVersionsBeyond[i - 2];
      if (now != then) throw modifiedInPlace(i, now, then);
    }
    return backward.apply(grad, needs == null ? needsGrad : needs, gradIsOverwritable);
  }

  // NOTE: the messages are built in methods of their own, which keeps apply() small enough for the
  // JIT to inline. This one is also thrown by the output nodes of an AutogradFunction that share a
  // call whose other node was freed.
  TensorException freed() {
    return new TensorException(
        "Trying to backward through the graph a second time (or directly access saved tensors"
            + " after they have already been freed): "
            + name
            + "'s saved values ("
            + (freedSaved != null ? freedSaved : "tensors")
            + ") were freed by the previous backward. Specify retainGraph(true) in"
            + " the BackwardOptions (or GradOptions) of the first backward if you need to go"
            + " through the graph again.");
  }

  private TensorException modifiedInPlace(int i, int now, int then) {
    return new TensorException(
        "one of the tensors needed for gradient computation has been modified by an in-place"
            + " operation: ["
            + saved[i].dtype().pytorchName()
            + " "
            + java.util.Arrays.toString(saved[i].shape())
            + "], which is saved tensor "
            + i
            + " of "
            + name
            + ", is at version "
            + now
            + "; expected version "
            + then
            + " instead. Make a copy (clone()) before modifying it, or modify it after backward.");
  }

  /**
   * Frees what backward needs no more, so that a result kept after backward (a loss stored for
   * logging) does not keep the graph's data alive: the saved tensors and, with them, the derivative
   * (a later backward that reaches this node throws, naming them, as in PyTorch); the edges to
   * computed inputs go to data-less stand-ins that share their autograd state. A node that saved
   * nothing (add, sum, neg) keeps its derivative and can be run again, as in PyTorch.
   */
  void release() {
    if (released) return;
    released = true;
    if (saved.length > 0 && backward != null) {
      freedSaved = backward.describeSaved();
      backward = null;
      saved = NONE;
      savedVersionsBeyond = null;
    } else if (backward != null) {
      backward.release();
    }
    for (int i = 0; i < inputs.length; i++) {
      Tensor in = inputs[i];
      if (in != null && in.node() != null) inputs[i] = in.standIn();
    }
  }

  /**
   * The length of the longest path from this node down to a leaf (leaves count 0, an op on leaves
   * 1): an op is always higher than the ops that computed its inputs, which is the order the engine
   * needs.
   */
  int height() {
    return height;
  }

  /** Where the forward op was called, when anomaly detection was on at that time; else null. */
  StackTraceElement[] createdAt() {
    return createdAt;
  }

  @Override
  public String toString() {
    return "<" + name + ">";
  }
}
