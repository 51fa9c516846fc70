package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;
import java.util.Arrays;

/**
 * A differentiable op written by the user, as {@code torch.autograd.Function}: a subclass computes
 * its outputs in {@link #forward} and their vector-Jacobian product in {@link #backward}, and is
 * called with {@link #apply} (one output) or {@link #applyAll} (several).
 *
 * <p>For {@code y = f(x_1, ..., x_n)}, backward receives {@code g = d L / d y} (one tensor per
 * output, shaped like it) and returns {@code d L / d x_i = sum_k g_k . d y_k / d x_i}, one tensor
 * per input shaped like that input (null for an input that gets none).
 *
 * <pre>{@code
 * class Cube extends AutogradFunction {
 *   protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
 *     ctx.saveForBackward(in[0]);
 *     return new Tensor[] {in[0].pow(3)};
 *   }
 *
 *   protected Tensor[] backward(FunctionContext ctx, Tensor... grad) {
 *     Tensor x = ctx.savedTensors()[0];
 *     return new Tensor[] {grad[0].mul(x.square()).mul(3)}; // d(x^3)/dx = 3x^2
 *   }
 * }
 *
 * Tensor x = Tensor.scalar(2.0).requiresGrad(true);
 * Tensor y = new Cube().apply(x); // tensor(8., grad_fn=<CubeBackward0>)
 * y.backward();                   // x.grad() is tensor(12.)
 * }</pre>
 *
 * <p>As in PyTorch:
 *
 * <ul>
 *   <li>forward runs with grad recording off, on the inputs themselves; the outputs it returns are
 *       recorded as one op named after the class ({@code gradFn().name()} is {@code
 *       "CubeBackward"}) when an input requires grad and recording is on. Otherwise apply just
 *       returns them.
 *   <li>backward runs with recording on only when the gradient's graph is requested ({@code
 *       createGraph}): a backward written in tensor ops is then differentiated again for
 *       higher-order gradients, through the saved inputs and outputs. Mark a backward that is not
 *       (one that computes with raw arrays) with {@link #onceDifferentiable()}.
 *   <li>A gradient whose shape differs from its input's but broadcasts to it is summed back to the
 *       input's shape; one for an input that does not require grad is ignored.
 *   <li>Hooks, {@code retainGrad}, anomaly detection ({@code Autograd.detectAnomaly()}: a NaN from
 *       backward is reported with this function's name) and {@code GradCheck} apply as to built-in
 *       ops.
 * </ul>
 *
 * <p><b>Several outputs.</b> Each differentiable output gets a node of its own (the graph keeps one
 * node per tensor), all sharing the context, with the same inputs and hence the same height. The
 * engine finishes every tensor computed from any of them before it reaches the first of them, so
 * when it reaches one, the gradients of all of them are complete: the first nodes reached in a
 * backward pass hand their gradient on to the last one, which calls backward once with the
 * gradients of all outputs, as PyTorch's single node does. Outputs no gradient reached get zeros
 * (null after {@code ctx.setMaterializeGrads(false)}), as do outputs marked non-differentiable.
 *
 * <p>A function object may be applied many times: per-call state belongs in the {@link
 * FunctionContext}, configuration in fields set by the constructor. Not supported: {@code
 * ctx.mark_dirty} (forward must not modify its inputs in place; apply throws if it does) and a
 * forward-mode rule (PyTorch's {@code jvp} staticmethod): apply throws for an input that carries a
 * {@link ForwardAD} tangent, as PyTorch does for a Function without one.
 */
public abstract class AutogradFunction {
  /** For subclasses. */
  protected AutogradFunction() {}

  /**
   * Computes the outputs from the inputs, with grad recording off. Save what backward needs on
   * {@code ctx}. The inputs must not be modified in place.
   *
   * @param ctx this call's context
   * @param inputs the tensors given to {@code apply}, in order (an entry is null where null was
   *     given)
   * @return the outputs, at least one, none null
   */
  protected abstract Tensor[] forward(FunctionContext ctx, Tensor... inputs);

  /**
   * Computes the gradient with respect to each input from the gradients with respect to the
   * outputs: {@code result[i] = sum_k gradOutputs[k] . d output_k / d input_i}. Runs with recording
   * on only when the gradient's graph is requested ({@code createGraph}), so that it is
   * differentiable again when written in tensor ops.
   *
   * @param ctx the context forward filled
   * @param gradOutputs one gradient per output of forward, shaped like it (zeros, or null without
   *     materialized gradients, for an output no gradient reached)
   * @return one gradient per input of forward, shaped like it, or null for an input that gets none
   *     (one whose {@link FunctionContext#needsInputGrad} is false may get null)
   */
  protected abstract Tensor[] backward(FunctionContext ctx, Tensor... gradOutputs);

  /**
   * Whether backward is differentiable only once, as PyTorch's {@code @once_differentiable}:
   * backward then always runs with recording off, and differentiating its gradients again (a second
   * derivative through this function) throws a {@link TensorException} naming the function.
   * Override to return true for a backward that is not written in differentiable tensor ops.
   *
   * @return false by default
   */
  protected boolean onceDifferentiable() {
    return false;
  }

  /**
   * Applies the function to {@code inputs}, recording it for backward when an input requires grad
   * and recording is on. For a forward with one output.
   *
   * @param inputs the inputs, passed to {@link #forward} in order
   * @return forward's output
   * @throws TensorException if forward returns null, no output or more than one (use {@link
   *     #applyAll}), a null output, or modifies an input in place
   */
  public final Tensor apply(Tensor... inputs) {
    Tensor[] outputs = applyAll(inputs);
    if (outputs.length != 1) {
      throw new TensorException(
          name()
              + ": forward returned "
              + outputs.length
              + " outputs; apply returns one, applyAll returns them all");
    }
    return outputs[0];
  }

  /**
   * Applies the function to {@code inputs}, recording it for backward when an input requires grad
   * and recording is on, and returns all of forward's outputs.
   *
   * @param inputs the inputs, passed to {@link #forward} in order
   * @return forward's outputs, in order; the differentiable ones have this function as their {@code
   *     gradFn()} when recorded
   * @throws TensorException if forward returns null, no output or a null output, or modifies an
   *     input in place
   */
  public final Tensor[] applyAll(Tensor... inputs) {
    String name = name() + "Backward";
    Arguments.requireNonNull(name(), "inputs", inputs);
    Tensor[] in = inputs.clone();
    if (ForwardAD.carried(in)) {
      // As a PyTorch Function without a jvp: the tangent cannot be pushed through forward, whose
      // ops need not be differentiable, and dropping it would give a silently wrong result.
      throw new TensorException(
          name()
              + ": an input carries a forward-mode tangent (ForwardAD.makeDual), but a custom"
              + " function has no forward-mode rule (PyTorch's Function.jvp) here; compute J v with"
              + " AutogradFunctional.jvp, which uses reverse mode, or apply it outside the level");
    }
    boolean recording = Node.recording(in);
    boolean[] needs = new boolean[in.length];
    int[] versions = new int[in.length];
    for (int i = 0; i < in.length; i++) {
      needs[i] = recording && in[i] != null && in[i].requiresGrad();
      if (in[i] != null) versions[i] = in[i].version();
    }
    FunctionContext ctx = new FunctionContext(name, needs);
    Tensor[] raw;
    boolean previous = GradMode.set(false);
    try {
      raw = forward(ctx, in.clone());
    } finally {
      GradMode.set(previous);
    }
    raw = checkOutputs(raw);
    if (!recording) {
      ctx.endForward();
      return raw;
    }
    for (int i = 0; i < in.length; i++) {
      if (in[i] != null && in[i].version() != versions[i]) {
        throw new TensorException(
            name()
                + ": forward modified input "
                + i
                + " (of shape "
                + Shapes.format(in[i].shape())
                + ") in place; a custom function must not (ctx.mark_dirty is not supported):"
                + " modify a clone() instead");
      }
    }
    for (Tensor marked : ctx.markedNonDifferentiable()) {
      if (!isOneOf(marked, raw)) {
        throw new TensorException(
            name()
                + ": markNonDifferentiable was given a tensor that forward does not return; mark"
                + " outputs only");
      }
    }
    // NOTE: every output is a new tensor over the storage forward computed: the one forward
    // returned may be an input (an identity), returned twice, or held elsewhere, and recording the
    // op on it would rewrite that tensor's place in the graph.
    Tensor[] returned = new Tensor[raw.length];
    boolean[] differentiable = new boolean[raw.length];
    for (int k = 0; k < raw.length; k++) {
      returned[k] = raw[k].detach();
      differentiable[k] =
          raw[k].dtype().isFloatingPoint() && !ctx.isMarkedNonDifferentiable(raw[k]);
    }
    Tensor[] saved = ctx.endForward(in, raw, returned);
    Invocation call = new Invocation(this, ctx, in, returned, differentiable);
    for (int k = 0; k < raw.length; k++) {
      if (!differentiable[k]) continue;
      int output = k;
      // Each node gets arrays of its own: a node empties its input list when it is freed.
      Node.record(
          name, returned[k], in.clone(), saved.clone(), (g, n) -> call.backward(output, g, n));
      call.recorded(k, returned[k].node());
    }
    return returned;
  }

  /** The class's name, as the op's name starts: "Cube" for {@code class Cube}. */
  private String name() {
    String simple = getClass().getSimpleName();
    if (!simple.isEmpty()) return simple;
    String full = getClass().getName(); // an anonymous class: "dev.example.Main$1"
    return full.substring(full.lastIndexOf('.') + 1);
  }

  private Tensor[] checkOutputs(Tensor[] raw) {
    if (raw == null) {
      throw new TensorException(
          name() + ": forward returned null; it must return an array of its output tensors");
    }
    if (raw.length == 0) {
      throw new TensorException(name() + ": forward returned no outputs; it must return one");
    }
    for (int k = 0; k < raw.length; k++) {
      if (raw[k] == null) {
        throw new TensorException(
            name()
                + ": forward returned null as output "
                + k
                + " of "
                + raw.length
                + "; every output must be a tensor");
      }
    }
    return raw.clone();
  }

  private static boolean isOneOf(Tensor t, Tensor[] tensors) {
    for (Tensor u : tensors) {
      if (u == t) return true;
    }
    return false;
  }

  /**
   * One recorded call: the context, what is known of the inputs and outputs, and the gradients the
   * output nodes reached so far in the current backward pass hand on to the last one.
   */
  private static final class Invocation {
    private final AutogradFunction function;
    private final FunctionContext ctx;
    private final String name;
    private final int[][] inputShapes; // null where the input was null
    private final int[][] outputShapes;
    private final DType[] outputTypes;
    private final boolean[] differentiable;
    private final int differentiableCount;
    // The output nodes, for them to see each other: a node is its output's autograd state, with
    // the engine's bookkeeping of the pass (and it does not keep the output's data alive).
    private final Node[] nodes;
    private final Tensor[] slots;
    private final boolean[] filled;
    private int slotsPass;

    Invocation(
        AutogradFunction function,
        FunctionContext ctx,
        Tensor[] inputs,
        Tensor[] returned,
        boolean[] differentiable) {
      this.function = function;
      this.ctx = ctx;
      this.name = ctx.name();
      this.inputShapes = new int[inputs.length][];
      for (int i = 0; i < inputs.length; i++) {
        inputShapes[i] = inputs[i] == null ? null : inputs[i].shape();
      }
      int n = returned.length;
      this.outputShapes = new int[n][];
      this.outputTypes = new DType[n];
      this.differentiable = differentiable;
      int count = 0;
      for (int k = 0; k < n; k++) {
        outputShapes[k] = returned[k].shape();
        outputTypes[k] = returned[k].dtype();
        if (differentiable[k]) count++;
      }
      this.differentiableCount = count;
      this.nodes = new Node[n];
      this.slots = new Tensor[n];
      this.filled = new boolean[n];
    }

    /** Takes note of the node of output {@code k} once it is recorded. */
    void recorded(int k, Node node) {
      nodes[k] = node;
    }

    /** The derivative of output {@code k}'s node. */
    Tensor[] backward(int k, Tensor grad, boolean[] needsGrad) {
      if (differentiableCount == 1) {
        Tensor[] gradOutputs = new Tensor[slots.length];
        gradOutputs[k] = grad;
        return run(gradOutputs, needsGrad);
      }
      int pass = nodes[k].queuedInPass; // the pass that is running this node
      if (slotsPass != pass) {
        // A new backward pass (or the last one failed half-way): nothing collected counts.
        Arrays.fill(slots, null);
        Arrays.fill(filled, false);
        slotsPass = pass;
      }
      slots[k] = grad;
      filled[k] = true;
      // The engine reaches every output of this call (they have one height) only after all the
      // tensors computed from any of them: a sibling queued in this pass and not yet reached has
      // its whole gradient waiting, and the last of them reached calls backward with them all.
      for (int j = 0; j < slots.length; j++) {
        if (j == k || !differentiable[j]) continue;
        Node sibling = nodes[j];
        if (sibling.queuedInPass == pass && sibling.pendingGrad != null) return Node.NONE;
      }
      for (int j = 0; j < slots.length; j++) {
        // A sibling that takes no part in this pass but whose node is freed was freed by an
        // earlier backward: as in PyTorch, whose one node would be, the call is spent.
        if (j != k && differentiable[j] && !filled[j] && nodes[j].isFreed()) {
          throw nodes[j].freed();
        }
      }
      Tensor[] gradOutputs = slots.clone();
      Arrays.fill(slots, null);
      Arrays.fill(filled, false);
      slotsPass = 0;
      return run(gradOutputs, needsGrad);
    }

    /** Calls the user's backward with one gradient per output and checks what it returns. */
    private Tensor[] run(Tensor[] gradOutputs, boolean[] needsGrad) {
      for (int j = 0; j < gradOutputs.length; j++) {
        if (gradOutputs[j] == null && ctx.materializeGrads()) {
          gradOutputs[j] = Tensor.zeros(outputTypes[j], outputShapes[j]);
        }
      }
      boolean once = function.onceDifferentiable() && GradMode.isEnabled();
      Tensor[] given = gradOutputs.clone();
      Tensor[] result;
      if (once) {
        try (Autograd.Scope ignored = Autograd.noGrad()) {
          result = function.backward(ctx, given);
        }
      } else {
        result = function.backward(ctx, given);
      }
      Tensor[] grads = check(result, needsGrad);
      if (once) delayError(grads, gradOutputs);
      return grads;
    }

    private Tensor[] check(Tensor[] result, boolean[] needsGrad) {
      int n = inputShapes.length;
      if (result == null) {
        throw new TensorException(
            name
                + ": backward returned null; it must return an array of one gradient per input"
                + " (null entries for inputs that get none)");
      }
      boolean extraNonNull = false;
      for (int i = n; i < result.length; i++) extraNonNull |= result[i] != null;
      if (result.length < n || extraNonNull) {
        throw new TensorException(
            "function "
                + name
                + " returned an incorrect number of gradients (expected "
                + n
                + ", got "
                + result.length
                + ")");
      }
      Tensor[] grads = new Tensor[n];
      for (int i = 0; i < n; i++) {
        Tensor g = result[i];
        if (g == null) continue;
        if (inputShapes[i] == null) {
          throw new TensorException(
              "function "
                  + name
                  + " returned a gradient different than null at position "
                  + i
                  + ", but the corresponding forward input was null");
        }
        if (!needsGrad[i]) continue; // the input does not require grad: nothing receives it
        int[] shape = inputShapes[i];
        if (!Arrays.equals(g.shape(), shape)) {
          if (!expandable(shape, g.shape())) {
            throw new TensorException(
                "Function "
                    + name
                    + " returned an invalid gradient at index "
                    + i
                    + " - got "
                    + Shapes.format(g.shape())
                    + " but expected shape compatible with "
                    + Shapes.format(shape));
          }
          g = Tensor.sumToShape(g, shape);
        }
        grads[i] = g;
      }
      return grads;
    }

    /** Whether {@code shape} broadcasts to {@code target} (PyTorch's is_expandable_to). */
    private static boolean expandable(int[] shape, int[] target) {
      if (shape.length > target.length) return false;
      int lead = target.length - shape.length;
      for (int d = 0; d < shape.length; d++) {
        if (shape[d] != 1 && shape[d] != target[lead + d]) return false;
      }
      return true;
    }

    /**
     * Makes the gradients of a once-differentiable backward, computed without recording,
     * differentiable only into an error: what they were computed from (the gradients given and the
     * saved tensors) that requires grad becomes the input of a node that throws when reached.
     */
    private void delayError(Tensor[] grads, Tensor[] gradOutputs) {
      java.util.List<Tensor> sources = new java.util.ArrayList<>();
      for (Tensor g : gradOutputs) {
        if (g != null && g.requiresGrad()) sources.add(g);
      }
      for (Tensor s : ctx.savedTensors()) {
        if (s != null && s.requiresGrad()) sources.add(s);
      }
      if (sources.isEmpty()) return;
      Tensor[] from = sources.toArray(new Tensor[0]);
      for (int i = 0; i < grads.length; i++) {
        if (grads[i] == null || !grads[i].dtype().isFloatingPoint()) continue;
        grads[i] =
            Node.record(
                "DelayedErrorBackward",
                grads[i].detach(),
                from.clone(),
                Node.NONE,
                (g, n) -> {
                  throw new TensorException(
                      name
                          + ": trying to differentiate twice a function that was marked as once"
                          + " differentiable (its onceDifferentiable() returns true): its backward"
                          + " ran without recording, so its gradients have no derivative. Write"
                          + " backward in tensor ops and drop the mark for higher-order"
                          + " gradients.");
                });
      }
    }
  }
}
