package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.BinaryFn;
import dev.autograd.internal.UnaryFn;
import java.util.Arrays;

/**
 * One recorded primitive of the table in {@link Primitives}: everything the library knows about an
 * op the engine differentiates, in one record, as a row of PyTorch's {@code derivatives.yaml}.
 *
 * <ul>
 *   <li>{@link #name}: the backward name that {@code gradFn().name()} reports, as PyTorch prints
 *       it;
 *   <li>what it saves ({@link Builder#savesInputs}, {@link Builder#savesResult}): what the
 *       derivative needs, kept (and version-checked) until backward: some of the inputs, the
 *       result, or nothing;
 *   <li>the forward: for an element-wise primitive, the kernel function it calls ({@link
 *       #unaryKernel} or {@link #binaryKernel}, whose float32 and float64 loops are that function's
 *       own); for the others, the method named in the table;
 *   <li>{@link #derivatives}: for each input, its gradient as a function of {@code grad} (the
 *       gradient with respect to the result) and the saved values, written in tensor ops so that it
 *       is recorded too when a graph of the backward pass is requested, and can be differentiated
 *       again; none for an input the op is not differentiable in;
 *   <li>{@link #why}: for a primitive that could have been a composite of others, why it is not.
 * </ul>
 *
 * <p>Broadcasting primitives sum each input's gradient back to that input's shape after its rule,
 * tinygrad's "expand is sum in reverse": the rules themselves are written for the broadcast shape.
 */
final class Primitive {

  /** The gradient with respect to one input, given {@code grad} and the recorded call. */
  @FunctionalInterface
  interface Derivative {
    Tensor apply(Tensor grad, Call call);
  }

  /**
   * The tangent contributed by one input in forward mode, given that input's tangent and the call
   * (all its inputs and its result): the directional derivative {@code (d result / d input) .
   * tangent}. The contributions of the inputs that carry tangents are summed.
   */
  @FunctionalInterface
  interface TangentRule {
    Tensor apply(Tensor tangent, Call call);
  }

  /** The tangent contributed by input {@code i} of a primitive of any number of inputs (cat). */
  @FunctionalInterface
  interface EachTangentRule {
    Tensor apply(Tensor tangent, Call call, int i);
  }

  /** The gradient with respect to input {@code i} of a primitive of any number of inputs (cat). */
  @FunctionalInterface
  interface EachDerivative {
    Tensor apply(Tensor grad, Call call, int i);
  }

  /** How the result's type follows from the inputs'. */
  enum ResultType {
    /** The (first) input's type: neg, relu, abs, clamp. */
    INPUT,
    /** The input's type if it is floating point, else FLOAT32: exp, log, sigmoid. */
    FLOATING,
    /** PyTorch's promotion of the two inputs' types: add, mul, maximum. */
    PROMOTED,
    /** The promoted type if floating point, else FLOAT32: div, pow. */
    PROMOTED_FLOATING
  }

  final String name;
  final String opName;
  private final boolean[] savesInput;
  private final boolean savesResult;
  final ResultType resultType;
  final UnaryFn unaryKernel;
  final BinaryFn binaryKernel;
  final boolean broadcasts;
  final int arity;
  private final Derivative[] derivatives;
  private final EachDerivative each;
  private final TangentRule[] tangents;
  private final EachTangentRule eachTangent;
  private final boolean[] differentiable;
  final String why;

  /** What a call saves, decided once from the record (see {@link #savedOf}). */
  private enum SavedPattern {
    NOTHING,
    RESULT,
    ALL_INPUTS,
    OTHER
  }

  private final SavedPattern savedPattern;

  /** The saved values in derivatives.yaml's words: "self", "self, other", "result". */
  private final String savedDescription;

  /**
   * Whether a call's inputs can be its graph edges as they are: every input is differentiable, or
   * the ones that are not are numbers (null), as in {@code x * 2}.
   */
  private final boolean edgesAreInputs;

  /**
   * Whether a call of this element-wise primitive of one tensor has that tensor as its one edge and
   * saves at most it and the result (see {@link #apply(Tensor, double, double)}).
   */
  private final boolean recordsOneTensorAsIs;

  /**
   * Whether a call of this element-wise primitive of two tensors has both as its edges and saves
   * nothing or both (see {@link #apply(Tensor, Tensor)}).
   */
  private final boolean recordsTwoTensorsAsIs;

  /**
   * Whether the primitive has a derivative in its first input only and takes no other tensor (a
   * number, if anything): its one gradient needs no list (see {@link Call#derivativeOfFirst}).
   */
  private final boolean onlyFirstInput;

  /** Whether the derivative uses the first input. */
  private final boolean savesSelf;

  private Primitive(Builder b) {
    this.name = b.name;
    this.opName = b.opName;
    this.savesInput = b.savesInput;
    this.savesResult = b.savesResult;
    this.resultType = b.resultType;
    this.unaryKernel = b.unaryKernel;
    this.binaryKernel = b.binaryKernel;
    this.broadcasts = b.broadcasts;
    this.arity = b.each != null ? -1 : b.derivatives.length;
    this.each = b.each;
    if (savesInput.length > Math.max(arity, 0)) {
      throw new IllegalStateException(name + " saves an input beyond its " + arity);
    }
    this.derivatives = b.derivatives;
    this.differentiable = new boolean[Math.max(arity, 0)];
    for (int i = 0; i < arity; i++) differentiable[i] = derivatives[i] != null;
    this.why = b.why;
    this.eachTangent = b.eachTangent;
    boolean anyInput = false;
    boolean allInputs = savesInput.length > 0;
    for (boolean saved : savesInput) {
      anyInput |= saved;
      allInputs &= saved;
    }
    this.savedPattern =
        !anyInput && !savesResult
            ? SavedPattern.NOTHING
            : !anyInput
                ? SavedPattern.RESULT
                : allInputs && !savesResult ? SavedPattern.ALL_INPUTS : SavedPattern.OTHER;
    this.savedDescription = describeSaved(savesInput, savesResult);
    this.edgesAreInputs = arity < 0 || numberOperandsOnly(derivatives, b.numberOperand);
    this.savesSelf = savesInput.length > 0 && savesInput[0];
    this.onlyFirstInput =
        each == null
            && !broadcasts
            && arity >= 1
            && derivatives[0] != null
            && (arity == 1 || (arity == 2 && b.numberOperand));
    this.recordsTwoTensorsAsIs =
        binaryKernel != null
            && arity == 2
            && differentiable[0]
            && differentiable[1]
            && (savedPattern == SavedPattern.NOTHING
                || (savedPattern == SavedPattern.ALL_INPUTS && savesInput.length == 2));
    this.recordsOneTensorAsIs =
        unaryKernel != null
            && edgesAreInputs
            && arity >= 1
            && differentiable[0]
            && !(savesInput.length > 1 && savesInput[1]);
    this.tangents = b.tangentsFromDerivatives ? fromDerivatives(derivatives) : b.tangents;
    checkTangents();
  }

  private static String describeSaved(boolean[] savesInput, boolean savesResult) {
    StringBuilder what = new StringBuilder();
    for (int i = 0; i < savesInput.length; i++) {
      if (!savesInput[i]) continue;
      if (what.length() > 0) what.append(", ");
      what.append(i == 0 ? "self" : i == 1 ? "other" : "input " + i);
    }
    if (savesResult) what.append(what.length() > 0 ? ", result" : "result");
    return what.toString();
  }

  /**
   * The tangent rules of an element-wise primitive: its Jacobian is diagonal, so each input's
   * contribution is its derivative rule applied to the tangent, {@code f'(x) t} (before any sum
   * back to the input's shape: a tangent has the result's shape).
   */
  private static TangentRule[] fromDerivatives(Derivative[] derivatives) {
    TangentRule[] rules = new TangentRule[derivatives.length];
    for (int i = 0; i < rules.length; i++) {
      Derivative d = derivatives[i];
      if (d != null) rules[i] = d::apply;
    }
    return rules;
  }

  /**
   * Whether every input without a derivative is a number operand (always null), so that a call's
   * inputs are its edges as they are.
   */
  private static boolean numberOperandsOnly(Derivative[] derivatives, boolean numberOperand) {
    for (int i = 0; i < derivatives.length; i++) {
      if (derivatives[i] == null && !(numberOperand && i == derivatives.length - 1)) return false;
    }
    return true;
  }

  /** Every input the primitive is differentiable in has a tangent rule: forward mode needs it. */
  private void checkTangents() {
    if (each != null) {
      if (eachTangent == null) throw new IllegalStateException(name + " has no tangent rule");
      return;
    }
    for (int i = 0; i < arity; i++) {
      boolean has = tangents != null && i < tangents.length && tangents[i] != null;
      if (differentiable[i] != has) {
        throw new IllegalStateException(
            name
                + (has ? " has a tangent rule" : " has no tangent rule")
                + " for input "
                + i
                + (has ? " but no derivative" : " but a derivative"));
      }
    }
  }

  /** Whether the op has a derivative with respect to input {@code i}. */
  boolean differentiableIn(int i) {
    return arity < 0 || differentiable[i];
  }

  // ---------------------------------------------------------------- element-wise forward

  /** fn(x) of an element-wise primitive of one tensor, recorded when x requires grad. */
  Tensor apply(Tensor x) {
    return apply(x, 0, 0);
  }

  /** fn(x; p), p the primitive's parameter (a slope, an exponent). */
  Tensor apply(Tensor x, double p) {
    return apply(x, p, 0);
  }

  /** fn(x; p, q), p and q the primitive's parameters (the bounds of clamp). */
  Tensor apply(Tensor x, double p, double q) {
    Tensor out = PointwiseOps.map(unaryKernel, p, q, x, resultType(x, x));
    if (!active(x)) return out;
    // NOTE: with no forward-mode level open anywhere (the usual case), active() meant recording,
    // and the call is made without a list of its inputs: x is its one edge.
    if (GradMode.DUAL_LEVELS.get() == 0 && recordsOneTensorAsIs) {
      return out.attach(
          new Call(this, x, savedOfOne(x, out), out, p, q, GradMode.anomalyEnabled()));
    }
    return record(out, arity == 1 ? new Tensor[] {x} : new Tensor[] {x, null}, p, q);
  }

  /** {@link #savedOf} for a primitive of one tensor (and perhaps a number, never saved). */
  private Tensor[] savedOfOne(Tensor x, Tensor out) {
    if (!savesSelf) return savesResult ? new Tensor[] {out} : Node.NONE;
    return savesResult ? new Tensor[] {x, out} : new Tensor[] {x};
  }

  /** fn(a, b) of an element-wise primitive of two tensors, broadcast together. */
  Tensor apply(Tensor a, Tensor b) {
    Arguments.requireNonNull(opName, "other", b);
    Tensor out = PointwiseOps.zip(opName, binaryKernel, a, b, resultType(a, b));
    // Only the inputs it is differentiable in make a primitive's result require grad.
    if (!active(differentiable[0] ? a : null, differentiable[1] ? b : null)) return out;
    // NOTE: as for one tensor, the usual case makes the call without a list of its inputs.
    if (GradMode.DUAL_LEVELS.get() == 0 && recordsTwoTensorsAsIs) {
      Tensor[] saved = savedPattern == SavedPattern.NOTHING ? Node.NONE : new Tensor[] {a, b};
      return out.attach(new Call(this, a, b, saved, out, GradMode.anomalyEnabled()));
    }
    return record(out, new Tensor[] {a, b}, 0, 0);
  }

  // NOTE: comparisons of references rather than switches, which every op would pay for with the
  // loads of an enum's switch map.
  private DType resultType(Tensor a, Tensor b) {
    ResultType type = resultType;
    if (type == ResultType.INPUT) return a.dtype();
    if (type == ResultType.FLOATING) return PointwiseOps.floating(a.dtype());
    if (type == ResultType.PROMOTED) return PointwiseOps.resultType(a, b);
    return PointwiseOps.floating(PointwiseOps.resultType(a, b));
  }

  // ---------------------------------------------------------------- recording

  /**
   * Whether an op on x must go on to {@link #record}: it is recorded for backward ({@link
   * Node#recording}), or x carries a tangent in forward mode. Ops ask before they build anything
   * for either, so that an op that needs neither allocates nothing more.
   */
  static boolean active(Tensor x) {
    return Node.recording(x) || (GradMode.DUAL_LEVELS.get() != 0 && ForwardAD.carried(x));
  }

  /** {@link #active(Tensor)} for an op of two inputs, either of which may be null. */
  static boolean active(Tensor a, Tensor b) {
    return Node.recording(a, b) || (GradMode.DUAL_LEVELS.get() != 0 && ForwardAD.carried(a, b));
  }

  /** {@link #active(Tensor)} for an op of any number of inputs, any of which may be null. */
  static boolean active(Tensor... inputs) {
    return Node.recording(inputs) || (GradMode.DUAL_LEVELS.get() != 0 && ForwardAD.carried(inputs));
  }

  /**
   * Makes {@code out} the recorded result of this primitive applied to {@code inputs} (null for an
   * operand that is a number), with the parameters {@code p} and {@code q}; the caller has checked
   * {@link Node#recording}. An input the primitive is not differentiable in is not an edge of the
   * graph (its entry in {@code gradFn().inputs()} is null), though it may be saved.
   */
  Tensor record(Tensor out, Tensor[] inputs, double p, double q) {
    return record(out, inputs, p, q, null);
  }

  /**
   * Makes {@code out} the recorded result of this primitive applied to {@code inputs}, with {@code
   * args} the call's other arguments that its derivative needs (shapes, dims, positions: a record
   * named in the table); the caller has checked {@link Node#recording}.
   */
  Tensor record(Tensor out, Tensor[] inputs, Object args) {
    return record(out, inputs, 0, 0, args);
  }

  private Tensor record(Tensor out, Tensor[] inputs, double p, double q, Object args) {
    Tensor[] recorded = edgesAreInputs ? inputs : differentiableInputs(inputs);
    // NOTE: with no forward-mode level open anywhere (the usual case), the caller's active()
    // meant recording: neither is asked again.
    if (GradMode.DUAL_LEVELS.get() != 0) {
      if (ForwardAD.carried(inputs)) propagateTangent(out, inputs, p, q, args);
      if (!Node.recording(recorded)) return out;
    }
    assert Node.recording(recorded) : name + " recorded while recording is off";
    Call call = new Call(this, inputs, recorded, savedOf(inputs, out), out, p, q, args, anomaly());
    return out.attach(call);
  }

  private static boolean anomaly() {
    return GradMode.anomalyEnabled();
  }

  /**
   * The inputs as graph edges: an input the primitive is not differentiable in is not one (its
   * entry in {@code gradFn().inputs()} is null), though it may be saved.
   */
  private Tensor[] differentiableInputs(Tensor[] inputs) {
    Tensor[] edges = inputs;
    for (int i = 0; i < arity; i++) {
      if (!differentiable[i] && inputs[i] != null) {
        if (edges == inputs) edges = inputs.clone();
        edges[i] = null;
      }
    }
    return edges;
  }

  /**
   * Sets out's tangent: the sum of the contributions of the inputs that carry one, computed with
   * propagation off (a rule's own ops carry no tangents), of out's shape and type.
   */
  private void propagateTangent(Tensor out, Tensor[] inputs, double p, double q, Object args) {
    Call call = new Call(this, inputs, out, p, q, args);
    Tensor tangent =
        ForwardAD.computingTangents(
            () -> {
              Tensor sum = null;
              for (int i = 0; i < inputs.length; i++) {
                Tensor t = ForwardAD.tangentOf(inputs[i]);
                if (t == null || !differentiableIn(i)) continue;
                Tensor term =
                    each != null ? eachTangent.apply(t, call, i) : tangents[i].apply(t, call);
                sum = sum == null ? term : sum.add(term);
              }
              if (sum == null) return null;
              if (sum.dtype() != out.dtype()) sum = sum.to(out.dtype());
              if (!java.util.Arrays.equals(sum.shape, out.shape)) sum = sum.expand(out.shape);
              return sum;
            });
    if (tangent != null) ForwardAD.setTangent(out, tangent);
  }

  /** The tensors this primitive saves from one call, in the order the version checks report. */
  private Tensor[] savedOf(Tensor[] inputs, Tensor out) {
    SavedPattern pattern = savedPattern;
    if (pattern == SavedPattern.NOTHING) return Node.NONE;
    if (pattern == SavedPattern.RESULT) return new Tensor[] {out};
    if (pattern == SavedPattern.ALL_INPUTS && inputs.length == savesInput.length) return inputs;
    int n = savesResult ? 1 : 0;
    boolean all = savesInput.length == inputs.length;
    for (boolean s : savesInput) {
      if (!s) all = false;
      else n++;
    }
    if (n == 0) return Node.NONE;
    if (all && !savesResult) return inputs;
    Tensor[] saved = new Tensor[n];
    int k = 0;
    for (int i = 0; i < savesInput.length; i++) if (savesInput[i]) saved[k++] = inputs[i];
    if (savesResult) saved[k] = out;
    return saved;
  }

  /**
   * One recorded call of a primitive: the node of the graph that made its result, holding the
   * values its derivative may use (only those the primitive saves, so that the graph keeps nothing
   * else alive), the inputs' shapes when gradients are summed back to them, and the parameters. One
   * object is the result's autograd state, its node and its derivative.
   */
  static final class Call extends Node {
    private final Primitive op;
    private final int[][] shapes;

    /** The primitive's first parameter (a slope, an exponent, a lower bound). */
    final double p;

    /** The primitive's second parameter (an upper bound). */
    final double q;

    private final Object args;

    /** A call made for forward mode: {@code saved} holds every input, whatever the record saves. */
    private final boolean forTangents;

    /** A recorded call: {@code edges} are the inputs the graph's edges lead to (see Node). */
    Call(
        Primitive op,
        Tensor[] inputs,
        Tensor[] edges,
        Tensor[] saved,
        Tensor out,
        double p,
        double q,
        Object args,
        boolean anomaly) {
      super(op.name, edges, saved, anomaly, out);
      this.op = op;
      this.args = args;
      this.shapes = op.broadcasts ? shapesIfBroadcast(inputs, out.shape) : null;
      this.p = p;
      this.q = q;
      this.forTangents = false;
    }

    /** A recorded call of an element-wise primitive of one tensor, x, which requires grad. */
    Call(Primitive op, Tensor x, Tensor[] saved, Tensor out, double p, double q, boolean anomaly) {
      super(op.name, x, op.arity, saved, anomaly, out);
      this.op = op;
      this.args = null;
      this.shapes = null;
      this.p = p;
      this.q = q;
      this.forTangents = false;
    }

    /** A recorded call of an element-wise primitive of two tensors, one of which requires grad. */
    Call(Primitive op, Tensor a, Tensor b, Tensor[] saved, Tensor out, boolean anomaly) {
      super(op.name, a, b, saved, anomaly, out);
      this.op = op;
      this.args = null;
      int[] shape = out.shape;
      boolean broadcast =
          (a.shape != shape && !Arrays.equals(a.shape, shape))
              || (b.shape != shape && !Arrays.equals(b.shape, shape));
      this.shapes = broadcast ? new int[][] {a.shape, b.shape} : null;
      this.p = 0;
      this.q = 0;
      this.forTangents = false;
    }

    /** A call for forward mode only, whose rules may use every input: in no graph. */
    Call(Primitive op, Tensor[] inputs, Tensor out, double p, double q, Object args) {
      super(out, inputs);
      this.op = op;
      this.args = args;
      this.shapes = null;
      this.p = p;
      this.q = q;
      this.forTangents = true;
    }

    /**
     * The inputs' shapes when some input was broadcast to the result's shape (its gradient is then
     * summed back to it), else null: no input's gradient needs a sum.
     */
    private static int[][] shapesIfBroadcast(Tensor[] inputs, int[] resultShape) {
      for (int i = 0; i < inputs.length; i++) {
        Tensor in = inputs[i];
        if (in != null && in.shape != resultShape && !Arrays.equals(in.shape, resultShape)) {
          int[][] shapes = new int[inputs.length][];
          for (int j = 0; j < inputs.length; j++) {
            shapes[j] = inputs[j] == null ? null : inputs[j].shape;
          }
          return shapes;
        }
      }
      return null;
    }

    /** The primitive this is a call of. */
    @Override
    Primitive primitive() {
      return op;
    }

    @Override
    void releaseUnsaved() {
      // the result went with the node's release
    }

    @Override
    String describeSaved() {
      return op.savedDescription;
    }

    @Override
    void dropDerivative() {
      // the rules are the primitive's: nothing of the call's own beyond what it saved
    }

    /** The first input ({@code self} in derivatives.yaml), when the primitive saves it. */
    Tensor self() {
      return input(0);
    }

    /** The second input ({@code other}), when the primitive saves it. */
    Tensor other() {
      return input(1);
    }

    /** Input {@code i}, when the primitive saves it. */
    Tensor input(int i) {
      if (forTangents) return saved[i];
      boolean[] s = op.savesInput;
      if (i >= s.length || !s[i]) {
        throw new IllegalStateException(op.name + "'s derivative uses input " + i + ", not saved");
      }
      int k = 0;
      for (int j = 0; j < i; j++) if (s[j]) k++;
      return saved[k];
    }

    /** The call's other arguments, the record named in the table for this primitive. */
    @SuppressWarnings("unchecked")
    <A> A args() {
      return (A) args;
    }

    /** The result ({@code result}), when the primitive saves it. */
    Tensor result() {
      if (!forTangents && !op.savesResult) {
        throw new IllegalStateException(op.name + "'s derivative uses its result, not saved");
      }
      return forTangents ? tensor : saved[saved.length - 1]; // the result is saved last
    }

    /**
     * The gradient the running derivative may write over (see {@link PointwiseOps#over}), or null.
     */
    private Tensor overwritable;

    /** Whether the derivative now running may write its result over {@code grad}. */
    boolean mayOverwrite(Tensor grad) {
      return grad == overwritable;
    }

    @Override
    Tensor[] derivative(Tensor grad, boolean[] needsGrad, boolean gradIsOverwritable) {
      // Only one rule may write over grad: with two, the second would read what the first wrote.
      overwritable = gradIsOverwritable && rulesToRun(needsGrad) == 1 ? grad : null;
      try {
        return rules(grad, needsGrad);
      } finally {
        overwritable = null;
      }
    }

    @Override
    boolean onlyFirstInput() {
      return op.onlyFirstInput;
    }

    @Override
    Tensor derivativeOfFirst(Tensor grad, boolean gradIsOverwritable) {
      overwritable = gradIsOverwritable ? grad : null; // its one rule may write over grad
      try {
        return op.derivatives[0].apply(grad, this);
      } finally {
        overwritable = null;
      }
    }

    private int rulesToRun(boolean[] needsGrad) {
      if (op.each != null) return needsGrad.length;
      int n = 0;
      for (int i = 0; i < op.derivatives.length; i++) {
        if (needsGrad[i] && op.derivatives[i] != null) n++;
      }
      return n;
    }

    private Tensor[] rules(Tensor grad, boolean[] needsGrad) {
      if (op.each != null) {
        int n = inputCount();
        Tensor[] grads = new Tensor[n];
        for (int i = 0; i < n; i++) {
          if (needsGrad[i]) grads[i] = op.each.apply(grad, this, i);
        }
        return grads;
      }
      Derivative[] rules = op.derivatives;
      if (rules.length == 1 && shapes == null) {
        return new Tensor[] {rules[0].apply(grad, this)}; // recorded, so its one input needs it
      }
      Tensor[] grads = new Tensor[rules.length];
      for (int i = 0; i < rules.length; i++) {
        if (!needsGrad[i] || rules[i] == null) continue;
        Tensor g = rules[i].apply(grad, this);
        grads[i] = shapes != null ? Tensor.sumToShape(g, shapes[i]) : g;
      }
      return grads;
    }
  }

  // ---------------------------------------------------------------- declaring

  /** Starts the record of a primitive whose backward is called {@code name}. */
  static Builder named(String name) {
    return new Builder(name);
  }

  /** The record of one primitive, filled in by the table. */
  static final class Builder {
    private final String name;
    private String opName;
    private boolean[] savesInput = new boolean[0];
    private boolean savesResult;
    private ResultType resultType = ResultType.INPUT;
    private UnaryFn unaryKernel;
    private BinaryFn binaryKernel;
    private boolean broadcasts;
    private Derivative[] derivatives = new Derivative[0];
    private EachDerivative each;
    private boolean numberOperand;
    private TangentRule[] tangents;
    private EachTangentRule eachTangent;
    private boolean tangentsFromDerivatives;
    private String why;

    private Builder(String name) {
      this.name = name;
    }

    /** The element-wise kernel of one tensor, and the op's name in error messages. */
    Builder kernel(String opName, UnaryFn fn) {
      this.opName = opName;
      this.unaryKernel = fn;
      this.tangentsFromDerivatives = true;
      return this;
    }

    /** The element-wise kernel of two broadcast tensors, and the op's name in error messages. */
    Builder kernel(String opName, BinaryFn fn) {
      this.opName = opName;
      this.binaryKernel = fn;
      this.tangentsFromDerivatives = true;
      this.broadcasts = true;
      return this;
    }

    /** A primitive whose forward is a method of its own, named in the table. */
    Builder forward(String opName) {
      this.opName = opName;
      return this;
    }

    /** The derivative uses every input ({@code self}, {@code other}). */
    Builder savesInputs() {
      this.savesInput = null;
      return this;
    }

    /** The derivative uses the inputs at these positions only. */
    Builder savesInput(int... positions) {
      int n = 0;
      for (int i : positions) n = Math.max(n, i + 1);
      boolean[] s = new boolean[n];
      for (int i : positions) s[i] = true;
      this.savesInput = s;
      return this;
    }

    /** The derivative uses the result ({@code result}). */
    Builder savesResult() {
      this.savesResult = true;
      return this;
    }

    Builder result(ResultType type) {
      this.resultType = type;
      return this;
    }

    /** The derivative of a primitive of one tensor. */
    Builder derivative(Derivative self) {
      this.derivatives = new Derivative[] {self};
      return this;
    }

    /**
     * The derivative of a primitive of one tensor and one number ({@code x + 2}): recorded with two
     * inputs, the number's null, as PyTorch lists the number's edge.
     */
    Builder derivativeWithNumber(Derivative self) {
      this.derivatives = new Derivative[] {self, null};
      this.numberOperand = true;
      return this;
    }

    /** The derivatives of a primitive of two tensors; null where it is not differentiable. */
    Builder derivatives(Derivative self, Derivative other) {
      this.derivatives = new Derivative[] {self, other};
      return this;
    }

    /** The derivatives of a primitive of any number of tensors; null where not differentiable. */
    Builder derivatives(Derivative... each) {
      this.derivatives = each.clone();
      return this;
    }

    /** The derivative of a primitive of any number of inputs, the same rule for each. */
    Builder derivativeOfEach(EachDerivative rule) {
      this.each = rule;
      return this;
    }

    /** The tangent rule of a primitive of one tensor (forward mode). */
    Builder tangent(TangentRule self) {
      return tangents(self);
    }

    /** The tangent rules of a primitive, one per input; null where it is not differentiable. */
    Builder tangents(TangentRule... each) {
      this.tangents = each.clone();
      this.tangentsFromDerivatives = false;
      return this;
    }

    /** The tangent rule of a primitive of any number of inputs, the same rule for each. */
    Builder tangentOfEach(EachTangentRule rule) {
      this.eachTangent = rule;
      return this;
    }

    /**
     * Element-wise: the tangent rules are the derivative rules applied to the tangents (set by the
     * kernel builders; see {@link Primitive#fromDerivatives}).
     */
    Builder tangentsFromDerivatives() {
      this.tangentsFromDerivatives = true;
      return this;
    }

    /** Why this op is a primitive when it could be composed of others. */
    Builder why(String reason) {
      this.why = reason;
      return this;
    }

    /** Gradients summed back to the inputs' shapes (set by the two-tensor kernel). */
    Builder broadcasts(boolean broadcasts) {
      this.broadcasts = broadcasts;
      return this;
    }

    Primitive build() {
      if (savesInput == null) {
        if (each != null) throw new IllegalStateException(name + ": saves inputs of any number");
        savesInput = new boolean[derivatives.length];
        Arrays.fill(savesInput, true);
      }
      return new Primitive(this);
    }
  }

  @Override
  public String toString() {
    return name + (opName == null ? "" : " (" + opName + ")");
  }
}
