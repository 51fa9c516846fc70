package dev.autograd;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One recorded op of the computation graph: its inputs, the tensors its derivative needs (with
 * their versions at the time they were saved) and the derivative itself.
 */
abstract class Node extends AutogradMeta implements GradFn {

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

  // The edges of the graph: the autograd state of each input that requires grad (null for a
  // constant or a number), in fields for the first two (most ops have one or two inputs), in an
  // array beyond. An edge leads to state, not to a tensor, so that the graph holds no input's data
  // once this node is released, and can still be run again through nodes that saved nothing.
  private final AutogradMeta edge0;
  private final AutogradMeta edge1;
  private final AutogradMeta[] edgesBeyond;
  private final boolean[] needsGrad;

  /** The tensors the derivative needs; none once freed. */
  Tensor[] saved;

  // The versions of the saved tensors when saved: in fields for the first two (most ops save one or
  // two), in an array beyond.
  private int savedVersion0;
  private int savedVersion1;
  private int[] savedVersionsBeyond;
  private final StackTraceElement[] createdAt;
  private final int height;

  /** Whether a backward pass without retainGraph has been through this node. */
  private boolean released;

  /** Whether that pass freed what the node saved: reaching it again throws {@link #freed()}. */
  private boolean freed;

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

  Node(String name, Tensor[] inputs, Tensor[] saved, boolean anomaly, Tensor result) {
    super(result);
    if (saved == SAME_AS_INPUTS) saved = inputs;
    this.requiresGrad = true; // a node is its result's autograd state
    this.node = this;
    this.name = name;
    boolean[] needs = needsGradOf(inputs);
    this.needsGrad = needs;
    // NOTE: constants are no edges: gradients never flow to them, and a graph kept alive (a loss
    // stored for logging) must not hold on to the data it was computed from. The rare cases (more
    // than two inputs or saved tensors) are in methods of their own, which keeps this constructor
    // small enough for the JIT to inline where the node is allocated.
    int n = inputs.length;
    AutogradMeta e0 = n > 0 && needs[0] ? inputs[0].autogradOrNull() : null;
    AutogradMeta e1 = n > 1 && needs[1] ? inputs[1].autogradOrNull() : null;
    this.edge0 = e0;
    this.edge1 = e1;
    this.edgesBeyond = n > 2 ? edgesBeyond(inputs, needs) : null;
    int h = Math.max(heightOf(e0), heightOf(e1));
    this.height = (n > 2 ? Math.max(h, maxHeight(edgesBeyond)) : h) + 1;
    this.saved = saved;
    int k = saved.length;
    if (k > 0) savedVersion0 = saved[0].version();
    if (k > 1) savedVersion1 = saved[1].version();
    if (k > 2) savedVersionsBeyond = versionsBeyond(saved);
    this.createdAt = anomaly ? callersTrace() : null;
  }

  /**
   * The node of an op on one tensor, x, which requires grad, and perhaps a number ({@code arity}
   * 2): {@link #Node(String, Tensor[], Tensor[], boolean, Tensor)} without a list of the inputs.
   */
  Node(String name, Tensor x, int arity, Tensor[] saved, boolean anomaly, Tensor result) {
    super(result);
    assert x.requiresGrad() : name + " recorded on a tensor that does not require grad";
    this.requiresGrad = true;
    this.node = this;
    this.name = name;
    this.needsGrad = SHARED_NEEDS[arity == 1 ? 1 : 3];
    AutogradMeta e0 = x.autogradOrNull();
    this.edge0 = e0;
    this.edge1 = null;
    this.edgesBeyond = null;
    this.height = heightOf(e0) + 1;
    this.saved = saved;
    int k = saved.length;
    if (k > 0) savedVersion0 = saved[0].version();
    if (k > 1) savedVersion1 = saved[1].version();
    this.createdAt = anomaly ? callersTrace() : null;
  }

  /**
   * The node of an op on two tensors, at least one of which requires grad: {@link #Node(String,
   * Tensor[], Tensor[], boolean, Tensor)} without a list of the inputs.
   */
  Node(String name, Tensor a, Tensor b, Tensor[] saved, boolean anomaly, Tensor result) {
    super(result);
    this.requiresGrad = true;
    this.node = this;
    this.name = name;
    boolean needsA = a.requiresGrad();
    boolean needsB = b.requiresGrad();
    assert needsA || needsB : name + " recorded on tensors that do not require grad";
    this.needsGrad = SHARED_NEEDS[2 + (needsA ? 1 : 0) + (needsB ? 2 : 0)];
    AutogradMeta e0 = needsA ? a.autogradOrNull() : null;
    AutogradMeta e1 = needsB ? b.autogradOrNull() : null;
    this.edge0 = e0;
    this.edge1 = e1;
    this.edgesBeyond = null;
    this.height = Math.max(heightOf(e0), heightOf(e1)) + 1;
    this.saved = saved;
    int k = saved.length;
    if (k > 0) savedVersion0 = saved[0].version();
    if (k > 1) savedVersion1 = saved[1].version();
    this.createdAt = anomaly ? callersTrace() : null;
  }

  private static StackTraceElement[] callersTrace() {
    return new Throwable().getStackTrace();
  }

  private static AutogradMeta[] edgesBeyond(Tensor[] inputs, boolean[] needs) {
    AutogradMeta[] beyond = new AutogradMeta[inputs.length - 2];
    for (int i = 2; i < inputs.length; i++) {
      beyond[i - 2] = needs[i] ? inputs[i].autogradOrNull() : null;
    }
    return beyond;
  }

  private static int heightOf(AutogradMeta edge) {
    return edge == null || edge.node == null ? 0 : edge.node.height;
  }

  private static int maxHeight(AutogradMeta[] edges) {
    int h = 0;
    for (AutogradMeta e : edges) h = Math.max(h, heightOf(e));
    return h;
  }

  private static int[] versionsBeyond(Tensor[] saved) {
    int[] versions = new int[saved.length - 2];
    for (int i = 2; i < saved.length; i++) versions[i - 2] = saved[i].version();
    return versions;
  }

  private static final boolean[] NO_INPUTS = new boolean[0];

  /** The state of a call made for forward mode only (see {@link Primitive.Call}): in no graph. */
  Node(Tensor result, Tensor[] saved) {
    super(result);
    this.name = null;
    this.edge0 = null;
    this.edge1 = null;
    this.edgesBeyond = null;
    this.needsGrad = NO_INPUTS;
    this.height = 0;
    this.saved = saved;
    this.createdAt = null;
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
    return out.attach(
        new OfFunction(name, inputs, saved, backward, GradMode.anomalyEnabled(), out));
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

  /** The record of the primitive this node is a call of, or null for a custom function's. */
  Primitive primitive() {
    return null;
  }

  /**
   * The inputs that require grad (null for constants, for an input whose own node was released, and
   * for every input once this node is).
   */
  @Override
  public List<Tensor> inputs() {
    int n = needsGrad.length;
    if (released) return Collections.nCopies(n, null);
    Tensor[] tensors = new Tensor[n];
    for (int i = 0; i < n; i++) {
      AutogradMeta e = edge(i);
      tensors[i] = e == null ? null : e.tensor;
    }
    return Collections.unmodifiableList(Arrays.asList(tensors));
  }

  /** The number of inputs of the op (edges or not). */
  int inputCount() {
    return needsGrad.length;
  }

  /** The edge to input {@code i}: its autograd state, or null for a constant or a number. */
  AutogradMeta edge(int i) {
    return i == 0 ? edge0 : i == 1 ? edge1 : edgesBeyond[i - 2];
  }

  /** Which inputs require grad, as the derivative is told by default. */
  boolean[] needsGrad() {
    return needsGrad;
  }

  /** Whether backward freed what this node saved: reaching it again throws {@link #freed()}. */
  boolean isFreed() {
    return freed;
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
    checkSaved();
    return derivative(grad, needs == null ? needsGrad : needs, gradIsOverwritable);
  }

  /** Checks that what the node saved is still there and was not modified in place since. */
  private void checkSaved() {
    if (freed) throw freed();
    Tensor[] s = saved;
    for (int i = 0; i < s.length; i++) {
      int now = s[i].version();
      int then = i == 0 ? savedVersion0 : i == 1 ? savedVersion1 : savedVersionsBeyond[i - 2];
      if (now != then) throw modifiedInPlace(i, now, then);
    }
  }

  /**
   * Whether the op is differentiable in its first input only (its others, if any, are numbers or
   * constants by the op's definition), so that {@link #applyToFirst} gives its one gradient.
   */
  boolean onlyFirstInput() {
    return false;
  }

  /**
   * {@link #apply(Tensor, boolean)} of an op for which {@link #onlyFirstInput()}: the gradient with
   * respect to the first input.
   */
  Tensor applyToFirst(Tensor grad, boolean gradIsOverwritable) {
    checkSaved();
    return derivativeOfFirst(grad, gradIsOverwritable);
  }

  /** The derivative of an op for which {@link #onlyFirstInput()}. */
  Tensor derivativeOfFirst(Tensor grad, boolean gradIsOverwritable) {
    throw new IllegalStateException(name + " is not differentiable in its first input only");
  }

  /** The derivative itself, told which inputs need a gradient (see {@link Backward}). */
  abstract Tensor[] derivative(Tensor grad, boolean[] needs, boolean gradIsOverwritable);

  /** What the derivative saved (or had saved), for the message of a backward through them. */
  abstract String describeSaved();

  /** Lets go of what the derivative holds beyond its saved tensors (see {@link Backward}). */
  abstract void releaseUnsaved();

  /** Lets go of the derivative itself, whose saved values were freed. */
  abstract void dropDerivative();

  /** A node whose derivative is a {@link Backward} of its own: an {@link AutogradFunction}'s. */
  private static final class OfFunction extends Node {
    private Backward backward;

    /** What the freed saved values were, for {@link #freed()}; null while they are kept. */
    private String freedSaved;

    OfFunction(
        String name,
        Tensor[] inputs,
        Tensor[] saved,
        Backward backward,
        boolean anomaly,
        Tensor result) {
      super(name, inputs, saved, anomaly, result);
      this.backward = backward;
    }

    @Override
    Tensor[] derivative(Tensor grad, boolean[] needs, boolean gradIsOverwritable) {
      return backward.apply(grad, needs, gradIsOverwritable);
    }

    @Override
    String describeSaved() {
      return backward != null ? backward.describeSaved() : freedSaved;
    }

    @Override
    void releaseUnsaved() {
      backward.release();
    }

    @Override
    void dropDerivative() {
      freedSaved = backward.describeSaved();
      backward = null;
    }
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
            + describeSaved()
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
   * (a later backward that reaches this node throws, naming them, as in PyTorch), and the result
   * itself. A node that saved nothing (add, sum, neg) keeps its derivative and can be run again, as
   * in PyTorch: its edges lead to its inputs' autograd state, which holds no data.
   */
  void release() {
    if (released) return;
    released = true;
    tensor = null;
    if (freed) return;
    if (saved.length > 0) {
      dropDerivative();
      freed = true;
      saved = NONE;
      savedVersionsBeyond = null;
    } else {
      releaseUnsaved();
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
