package dev.autograd.nn;

import dev.autograd.Autograd;
import dev.autograd.AutogradFunction;
import dev.autograd.DType;
import dev.autograd.FunctionContext;
import dev.autograd.MemoryScope;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import dev.autograd.io.SafeTensors;
import dev.autograd.io.TorchFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * The base of every layer and model, as {@code torch.nn.Module}: it owns parameters (tensors that
 * require grad, registered under a name) and child modules, and maps an input tensor to an output
 * with {@link #forward(Tensor)}.
 *
 * <p>A parameter is an ordinary {@link Tensor} registered with {@link #registerParameter}; it then
 * appears in {@link #parameters()}, {@link #namedParameters()} (with dotted names such as {@code
 * 0.weight}) and {@link #stateDict()}. Freeze one with {@code requiresGrad(false)}: optimizers skip
 * it.
 *
 * <pre>{@code
 * Module model = new Sequential(new Linear(1, 1), new Sigmoid());
 * Tensor y = model.forward(Tensor.randn(10, 1)); // [10, 1] -> [10, 1]
 * System.out.println(model);
 * // Sequential(
 * //   (0): Linear(in_features=1, out_features=1, bias=True)
 * //   (1): Sigmoid()
 * // )
 * }</pre>
 *
 * <p>A model of your own registers its layers (and any tensors it learns directly) in its
 * constructor or field initialisers, and composes them in {@code forward}:
 *
 * <pre>{@code
 * class TwoLayer extends Module {
 *   private final Linear hidden = registerModule("hidden", new Linear(4, 8));
 *   private final Linear out = registerModule("out", new Linear(8, 1));
 *
 *   public Tensor forward(Tensor x) { // [N, 4] -> [N, 1]
 *     return out.forward(hidden.forward(x).relu());
 *   }
 * }
 * new TwoLayer().namedParameters().keySet(); // [hidden.weight, hidden.bias, out.weight, out.bias]
 * }</pre>
 *
 * <p>Registration is what makes a tensor or a module part of the model: one that is only held in a
 * field is invisible to {@link #parameters()}, {@link #stateDict()}, {@link #train(boolean)} and
 * {@link #to(DType)}.
 */
public abstract class Module {
  private final Map<String, Tensor> parameters = new LinkedHashMap<>();
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  private final Set<String> nonPersistentBuffers = new HashSet<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private boolean training = true;

  /**
   * A module with no parameters or children yet, in training mode.
   *
   * @throws TensorException if the subclass overrides neither {@link #forward(Tensor)} nor {@link
   *     #forward(List)}, as PyTorch raises for a module without {@code forward}
   */
  protected Module() {
    if (!OVERRIDES_FORWARD.get(getClass())) {
      throw new TensorException(
          getClass().getName()
              + " overrides neither forward(Tensor) nor forward(List<Tensor>); a module must"
              + " define one of them");
    }
  }

  private static final ClassValue<Boolean> OVERRIDES_FORWARD =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          try {
            return type.getMethod("forward", Tensor.class).getDeclaringClass() != Module.class
                || type.getMethod("forward", List.class).getDeclaringClass() != Module.class;
          } catch (NoSuchMethodException e) {
            throw new AssertionError(e); // both are public methods of Module
          }
        }
      };

  /**
   * Maps {@code input} to this module's output. The ops on parameters are recorded (unless grad
   * mode is off), so that {@code backward()} on a loss computed from the output reaches them.
   *
   * <p>A module of one input and one output (every layer of this package) overrides this method; a
   * module of several overrides {@link #forward(List)} instead, and this one then passes it the
   * single input and expects a single output.
   *
   * @param input the input, batch first for the layers of this package ({@code [N, ...]})
   * @return the output; each subclass states its formula and shapes
   * @throws TensorException if the module's {@link #forward(List)} returns other than one output
   */
  public Tensor forward(Tensor input) {
    return single("forward", forward(Collections.singletonList(input)));
  }

  /**
   * The general form of {@link #forward(Tensor)}, for a module of several inputs or outputs, as
   * PyTorch's {@code forward(*args)} returning a tuple. Override it in such a module:
   *
   * <pre>{@code
   * class Siamese extends Module {
   *   private final Linear encoder = registerModule("encoder", new Linear(4, 2));
   *
   *   public List<Tensor> forward(List<Tensor> inputs) { // [N, 4], [N, 4] -> [N, 2], [N, 2]
   *     return List.of(encoder.call(inputs.get(0)), encoder.call(inputs.get(1)));
   *   }
   * }
   * List<Tensor> pair = new Siamese().call(List.of(Tensor.randn(3, 4), Tensor.randn(3, 4)));
   * }</pre>
   *
   * <p>By default it requires one input and returns {@code List.of(forward(input))}. An entry may
   * be null where an optional input is absent (as Python's {@code None}); the module decides what
   * that means.
   *
   * @param inputs the inputs, in order
   * @return the outputs, in order, none null
   * @throws TensorException if this module takes one input and {@code inputs} holds another number
   */
  public List<Tensor> forward(List<Tensor> inputs) {
    Arguments.requireNonNull(typeName() + ".forward", "inputs", inputs);
    if (inputs.size() != 1) {
      throw new TensorException(
          typeName()
              + ".forward: takes 1 input, got "
              + inputs.size()
              + "; a module of several inputs overrides forward(List<Tensor>)");
    }
    return List.of(forward(inputs.get(0)));
  }

  /**
   * The inputs of a {@code forward(List)} that takes {@code required} tensors, then up to {@code
   * optional} more that may be absent: checked (the list given, its length, the required entries
   * not null) and padded with nulls to {@code required + optional} entries.
   *
   * @param op the method, for messages
   * @param inputs the list given
   * @param required how many come first and must be given
   * @param optional how many may follow
   * @param what the inputs in words, for messages ("query, key and value, then ...")
   * @return a new list of {@code required + optional} entries
   * @throws TensorException if the list is null or of another length, or a required entry null
   */
  static List<Tensor> checkedInputs(
      String op, List<Tensor> inputs, int required, int optional, String what) {
    Arguments.requireNonNull(op, "inputs", inputs);
    for (int i = 0; i < Math.min(required, inputs.size()); i++) {
      if (inputs.get(i) == null) {
        throw new TensorException(op + ": inputs[" + i + "] is null; it takes " + what);
      }
    }
    if (inputs.size() < required || inputs.size() > required + optional) {
      throw new TensorException(op + ": takes " + what + ", got " + inputs.size() + " inputs");
    }
    List<Tensor> padded = new ArrayList<>(inputs);
    while (padded.size() < required + optional) padded.add(null);
    return padded;
  }

  /** The class's simple name, or for an anonymous class its binary name's tail ("Main$1"). */
  final String typeName() {
    String simple = getClass().getSimpleName();
    if (!simple.isEmpty()) return simple;
    String full = getClass().getName();
    return full.substring(full.lastIndexOf('.') + 1);
  }

  private Tensor single(String op, List<Tensor> outputs) {
    if (outputs == null || outputs.size() != 1) {
      throw new TensorException(
          typeName()
              + "."
              + op
              + ": returned "
              + (outputs == null ? "null" : outputs.size() + " outputs")
              + " where one was expected; take them all with "
              + op
              + "(List<Tensor>)");
    }
    return outputs.get(0);
  }

  /** Called before {@link #forward} by {@link #call}; see {@link #registerForwardPreHook}. */
  @FunctionalInterface
  public interface ForwardPreHook {
    /**
     * Sees (and may replace) the inputs.
     *
     * @param module the module being called
     * @param inputs its inputs (an unmodifiable list; one entry for a module of one input)
     * @return replacement inputs, or null to keep them
     */
    List<Tensor> apply(Module module, List<Tensor> inputs);
  }

  /** Called after {@link #forward} by {@link #call}; see {@link #registerForwardHook}. */
  @FunctionalInterface
  public interface ForwardHook {
    /**
     * Sees (and may replace) the outputs.
     *
     * @param module the module being called
     * @param inputs its inputs (an unmodifiable list)
     * @param outputs its outputs (an unmodifiable list)
     * @return replacement outputs, or null to keep them
     */
    List<Tensor> apply(Module module, List<Tensor> inputs, List<Tensor> outputs);
  }

  /** Called in backward with the module's gradients; see {@link #registerFullBackwardHook}. */
  @FunctionalInterface
  public interface BackwardHook {
    /**
     * Sees (and may replace) the gradients with respect to the module's inputs.
     *
     * @param module the module
     * @param gradInputs the gradient with respect to each input, null for an input that does not
     *     require grad or that no gradient reached
     * @param gradOutputs the gradient with respect to each output, null for an output that no
     *     gradient reached
     * @return replacement gradInputs (one per input, null entries kept as they are), or null to
     *     keep them
     */
    List<Tensor> apply(Module module, List<Tensor> gradInputs, List<Tensor> gradOutputs);
  }

  private final Map<Integer, ForwardPreHook> forwardPreHooks = new LinkedHashMap<>();
  private final Map<Integer, ForwardHook> forwardHooks = new LinkedHashMap<>();
  private final Map<Integer, BackwardHook> backwardHooks = new LinkedHashMap<>();
  private int nextHookId;

  /**
   * Runs the module as PyTorch's {@code module(input)}: the forward pre-hooks, {@link #forward},
   * the forward hooks, and, when there are full backward hooks, the wiring that calls them in
   * backward. {@link Sequential} and the other containers call their children this way; calling
   * {@code forward} directly skips the hooks, as in PyTorch.
   *
   * @param input the input
   * @return the output, or what a forward hook replaced it with
   * @throws TensorException if input is null, if the module returns other than one output (use
   *     {@link #call(List)}), or as {@link #forward}
   */
  public final Tensor call(Tensor input) {
    Arguments.requireNonNull("call", "input", input);
    return single("call", call(Collections.singletonList(input)));
  }

  /**
   * {@link #call(Tensor)} for a module of several inputs or outputs, as PyTorch's {@code
   * module(*args)}: the hooks see all inputs and outputs, and a full backward hook is called once
   * per backward pass with the gradients of all of them.
   *
   * @param inputs the inputs, in order (an entry may be null for an absent optional input)
   * @return the outputs, or what a forward hook replaced them with
   * @throws TensorException if inputs is null, a hook returns a list of the wrong length, forward
   *     returns null or a null output, or as {@link #forward(List)}
   */
  public final List<Tensor> call(List<Tensor> inputs) {
    Arguments.requireNonNull("call", "inputs", inputs);
    List<Tensor> in = frozen(inputs);
    for (ForwardPreHook hook : List.copyOf(forwardPreHooks.values())) {
      List<Tensor> replaced = hook.apply(this, in);
      if (replaced != null) in = frozen(replaced);
    }
    BackwardHooks wiring = null;
    if (!backwardHooks.isEmpty() && Autograd.isGradEnabled()) {
      wiring = new BackwardHooks(this, in.size());
      in = wiring.wrapInputs(in);
    }
    List<Tensor> out = forward(in);
    if (out == null || out.stream().anyMatch(t -> t == null)) {
      throw new TensorException(typeName() + ".forward: returned null or a null output");
    }
    out = List.copyOf(out);
    for (ForwardHook hook : List.copyOf(forwardHooks.values())) {
      List<Tensor> replaced = hook.apply(this, in, out);
      if (replaced != null) out = frozen(replaced);
    }
    return wiring == null ? out : wiring.wrapOutputs(out);
  }

  private static List<Tensor> frozen(List<Tensor> tensors) {
    return Collections.unmodifiableList(new ArrayList<>(tensors));
  }

  /**
   * The wiring of one {@link #call} for the full backward hooks, as PyTorch's {@code BackwardHook}:
   * an identity function over the outputs catches their gradients, and one over the inputs, reached
   * after it in backward, hands both to the hooks and returns what they give.
   */
  private static final class BackwardHooks {
    private final Module module;
    private final int inputCount;
    private int[] wrappedInputs = new int[0]; // positions of the inputs that require grad
    private int outputCount;
    private List<Tensor> gradOutputs;

    BackwardHooks(Module module, int inputCount) {
      this.module = module;
      this.inputCount = inputCount;
    }

    List<Tensor> wrapInputs(List<Tensor> inputs) {
      wrappedInputs =
          IntStream.range(0, inputs.size())
              .filter(i -> inputs.get(i) != null && inputs.get(i).requiresGrad())
              .toArray();
      if (wrappedInputs.length == 0) return inputs;
      Tensor[] wrapped = new Tensor[wrappedInputs.length];
      for (int k = 0; k < wrapped.length; k++) wrapped[k] = inputs.get(wrappedInputs[k]);
      Tensor[] identities = new BackwardHookFunction(this::inputsReached).applyAll(wrapped);
      List<Tensor> result = new ArrayList<>(inputs);
      for (int k = 0; k < wrapped.length; k++) result.set(wrappedInputs[k], identities[k]);
      return Collections.unmodifiableList(result);
    }

    List<Tensor> wrapOutputs(List<Tensor> outputs) {
      int[] differentiable =
          IntStream.range(0, outputs.size()).filter(i -> outputs.get(i).requiresGrad()).toArray();
      if (differentiable.length == 0) return outputs;
      Tensor[] wrapped = new Tensor[differentiable.length];
      for (int k = 0; k < wrapped.length; k++) wrapped[k] = outputs.get(differentiable[k]);
      outputCount = outputs.size();
      Tensor[] identities =
          new BackwardHookFunction(grads -> outputsReached(differentiable, grads))
              .applyAll(wrapped);
      List<Tensor> result = new ArrayList<>(outputs);
      for (int k = 0; k < wrapped.length; k++) result.set(differentiable[k], identities[k]);
      return Collections.unmodifiableList(result);
    }

    private Tensor[] outputsReached(int[] positions, Tensor[] grads) {
      List<Tensor> all = new ArrayList<>(Collections.nCopies(outputCount, (Tensor) null));
      for (int k = 0; k < positions.length; k++) all.set(positions[k], grads[k]);
      gradOutputs = Collections.unmodifiableList(all);
      if (wrappedInputs.length == 0) {
        // No input requires grad, so no gradient will reach the inputs' side: the hooks are called
        // now, with no gradient to replace, as PyTorch calls them.
        List<Tensor> none = Collections.nCopies(inputCount, null);
        for (BackwardHook hook : List.copyOf(module.backwardHooks.values())) {
          List<Tensor> replaced = hook.apply(module, none, gradOutputs);
          if (replaced != null && replaced.stream().anyMatch(t -> t != null)) {
            throw new TensorException(
                module.typeName()
                    + ": a full backward hook returned a gradient for an input, but no input"
                    + " requires grad; return null");
          }
        }
      }
      return grads;
    }

    private Tensor[] inputsReached(Tensor[] grads) {
      List<Tensor> gradInputs = new ArrayList<>(Collections.nCopies(inputCount, (Tensor) null));
      for (int k = 0; k < wrappedInputs.length; k++) gradInputs.set(wrappedInputs[k], grads[k]);
      List<Tensor> current = Collections.unmodifiableList(gradInputs);
      List<Tensor> outputs =
          gradOutputs == null ? Collections.nCopies(outputCount, null) : gradOutputs;
      for (BackwardHook hook : List.copyOf(module.backwardHooks.values())) {
        List<Tensor> replaced = hook.apply(module, current, outputs);
        if (replaced == null) continue;
        if (replaced.size() != inputCount) {
          throw new TensorException(
              module.typeName()
                  + ": a full backward hook returned "
                  + replaced.size()
                  + " gradients for "
                  + inputCount
                  + " inputs");
        }
        current = frozen(replaced);
      }
      Tensor[] result = new Tensor[wrappedInputs.length];
      for (int k = 0; k < result.length; k++) result[k] = current.get(wrappedInputs[k]);
      gradOutputs = null; // a second backward pass through a retained graph catches them again
      return result;
    }
  }

  /**
   * The identity, whose backward lets the module's hooks see (and replace) the gradients; named as
   * PyTorch's, so that its node prints {@code BackwardHookFunctionBackward}.
   */
  private static final class BackwardHookFunction extends AutogradFunction {
    private final UnaryOperator<Tensor[]> onBackward;

    BackwardHookFunction(UnaryOperator<Tensor[]> onBackward) {
      this.onBackward = onBackward;
    }

    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... inputs) {
      ctx.setMaterializeGrads(false);
      return inputs;
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... grad) {
      return onBackward.apply(grad);
    }
  }

  private <H> Tensor.HookHandle addHook(Map<Integer, H> hooks, String op, H hook) {
    Arguments.requireNonNull(op, "hook", hook);
    int id = nextHookId++;
    hooks.put(id, hook);
    return () -> hooks.remove(id);
  }

  /**
   * Registers a hook that {@link #call} runs before {@link #forward}, as PyTorch's {@code
   * register_forward_pre_hook}.
   *
   * @param hook sees the input and may replace it
   * @return a handle that removes the hook
   * @throws TensorException if hook is null
   */
  public Tensor.HookHandle registerForwardPreHook(ForwardPreHook hook) {
    return addHook(forwardPreHooks, "registerForwardPreHook", hook);
  }

  /**
   * Registers a hook that {@link #call} runs after {@link #forward}, as PyTorch's {@code
   * register_forward_hook}: it sees the inputs and the outputs, and may replace the outputs.
   *
   * <pre>{@code
   * Map<String, int[]> shapes = new LinkedHashMap<>();
   * layer.registerForwardHook((m, in, out) -> { shapes.put("layer", out.get(0).shape()); return null; });
   * }</pre>
   *
   * @param hook sees the inputs and outputs and may replace the outputs
   * @return a handle that removes the hook
   * @throws TensorException if hook is null
   */
  public Tensor.HookHandle registerForwardHook(ForwardHook hook) {
    return addHook(forwardHooks, "registerForwardHook", hook);
  }

  /**
   * Registers a hook called in backward with the gradients with respect to this module's inputs and
   * outputs, as PyTorch's {@code register_full_backward_hook}; it may replace the inputs'
   * gradients. It is wired by {@link #call} when grad mode is on, and called once per backward
   * pass, when the gradients of all inputs that require grad are complete (or, if none does, when
   * those of the outputs are, with null for each input's, as PyTorch does).
   *
   * <pre>{@code
   * layer.registerFullBackwardHook((m, gradIn, gradOut) -> {
   *   System.out.println("grad at the output: " + gradOut.get(0).norm().item());
   *   return null;
   * });
   * }</pre>
   *
   * @param hook sees gradInputs and gradOutputs and may replace gradInputs
   * @return a handle that removes the hook
   * @throws TensorException if hook is null
   */
  public Tensor.HookHandle registerFullBackwardHook(BackwardHook hook) {
    return addHook(backwardHooks, "registerFullBackwardHook", hook);
  }

  /**
   * A table of the module tree, as torchinfo's {@code summary(model, input_size)} prints it: each
   * module (indented by depth) with the shape of its output for an input of zeros of {@code
   * inputShape}, and its own parameter count; then the totals of all, trainable and frozen
   * parameters. The forward pass runs without recording, in the current mode.
   *
   * <pre>{@code
   * System.out.println(model.summary(1, 1, 28, 28));
   * }</pre>
   *
   * @param inputShape the shape of the input, batch included
   * @return the table
   * @throws TensorException if the forward pass fails for that shape
   */
  public String summary(int... inputShape) {
    Arguments.requireNonNull("summary", "inputShape", inputShape);
    DType dtype = parameters().isEmpty() ? DType.FLOAT32 : parameters().get(0).dtype();
    return summary(List.of(Tensor.zeros(dtype, inputShape)));
  }

  /**
   * {@link #summary(int...)} for given inputs, as torchinfo's {@code summary(model,
   * input_data=...)}: for a module of several inputs, or inputs other than zeros. A module of
   * several outputs shows each output's shape.
   *
   * @param inputs the inputs passed to {@link #call(List)}
   * @return the table
   * @throws TensorException if the forward pass fails for them
   */
  public String summary(List<Tensor> inputs) {
    Arguments.requireNonNull("summary", "inputs", inputs);
    Map<String, Module> named = namedModules();
    Map<Module, String> shapes = new IdentityHashMap<>();
    List<Tensor.HookHandle> handles = new ArrayList<>();
    for (Module m : named.values()) {
      handles.add(
          m.registerForwardHook(
              (mod, in, out) -> {
                StringBuilder shown = new StringBuilder();
                for (Tensor t : out) {
                  if (shown.length() > 0) shown.append(", ");
                  shown.append(Arrays.toString(t.shape()));
                }
                shapes.put(mod, shown.toString());
                return null;
              }));
    }
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      call(inputs);
    } finally {
      for (Tensor.HookHandle h : handles) h.remove();
    }
    StringBuilder s = new StringBuilder();
    String rule = "=".repeat(90) + "\n";
    s.append(rule);
    s.append(String.format("%-45s%-30s%15s%n", "Layer (type)", "Output Shape", "Param #"));
    s.append(rule);
    for (Map.Entry<String, Module> e : named.entrySet()) {
      String path = e.getKey();
      int depth = path.isEmpty() ? 0 : path.split("\\.").length;
      long own = 0;
      for (Tensor p : e.getValue().parameters.values()) own += p.numel();
      String name =
          "  ".repeat(depth) + e.getValue().typeName() + (path.isEmpty() ? "" : " (" + path + ")");
      String shape = shapes.get(e.getValue());
      s.append(
          String.format(
              "%-45s%-30s%15s%n",
              name, shape == null ? "--" : shape, own == 0 ? "--" : String.format("%,d", own)));
    }
    long total = 0;
    long trainable = 0;
    for (Tensor p : parameters()) {
      total += p.numel();
      if (p.requiresGrad()) trainable += p.numel();
    }
    s.append(rule);
    s.append(String.format("Total params: %,d%n", total));
    s.append(String.format("Trainable params: %,d%n", trainable));
    s.append(String.format("Non-trainable params: %,d%n", total - trainable));
    s.append(rule);
    return s.toString();
  }

  /**
   * Registers {@code value} as a parameter called {@code name}. A leaf tensor that does not require
   * grad is switched to require it, since a parameter is there to be learnt; freeze it afterwards
   * with {@code requiresGrad(false)} if it should not be. The tensor itself is kept, not a copy.
   *
   * @param name the parameter's name within this module: non-empty and without dots, since dots
   *     separate the levels of the paths in {@link #namedParameters()}
   * @param value the parameter, of a floating-point dtype
   * @return {@code value}, so that a subclass can register and keep it in one statement
   * @throws IllegalArgumentException if {@code name} is null, empty or contains a dot, or a
   *     parameter or child of this module already has that name
   * @throws TensorException if {@code value} is not of a floating-point dtype
   */
  protected final Tensor registerParameter(String name, Tensor value) {
    checkName(name);
    Arguments.requireNonNull("registerParameter", "value", value);
    if (!value.dtype().isFloatingPoint()) {
      throw new TensorException(
          "registerParameter: parameter '"
              + name
              + "' must be floating point, got "
              + value.dtype().pytorchName());
    }
    if (value.isLeaf() && !value.requiresGrad()) value.requiresGrad(true);
    MemoryScope.keep(value); // a module made inside a MemoryScope outlives it
    parameters.put(name, value);
    return value;
  }

  /**
   * Registers {@code value} as a buffer called {@code name}: state that is not learnt, such as a
   * batch norm's running mean, as PyTorch's {@code register_buffer(name, value)}. A buffer is saved
   * in {@link #stateDict()} after this module's parameters, loaded by {@link #loadStateDict}, and
   * converted by {@link #to(DType)} when it is floating point; it never requires grad. The tensor
   * itself is kept, not a copy; update it in place ({@code copy_}, {@code mul_}) without recording.
   *
   * @param name the buffer's name within this module: non-empty and without dots
   * @param value the buffer, of any dtype; it must not require grad
   * @return {@code value}
   * @throws IllegalArgumentException if {@code name} is null, empty or contains a dot, or a
   *     parameter, buffer or child of this module already has that name
   * @throws TensorException if {@code value} is null or requires grad
   */
  protected final Tensor registerBuffer(String name, Tensor value) {
    return registerBuffer(name, value, true);
  }

  /**
   * {@link #registerBuffer(String, Tensor)}, choosing whether the buffer is saved: a buffer that is
   * not persistent (PyTorch's {@code persistent=False}) is converted by {@link #to(DType)} but left
   * out of {@link #stateDict()}, so that it can be rebuilt rather than stored.
   *
   * @param name the buffer's name within this module: non-empty and without dots
   * @param value the buffer, of any dtype; it must not require grad
   * @param persistent whether {@link #stateDict()} holds it
   * @return {@code value}
   * @throws IllegalArgumentException if {@code name} is null, empty or contains a dot, or a
   *     parameter, buffer or child of this module already has that name
   * @throws TensorException if {@code value} is null or requires grad
   */
  protected final Tensor registerBuffer(String name, Tensor value, boolean persistent) {
    checkName(name);
    Arguments.requireNonNull("registerBuffer", "value", value);
    if (value.requiresGrad()) {
      throw new TensorException(
          "registerBuffer: buffer '"
              + name
              + "' requires grad; a buffer is not learnt (register it as a parameter, or detach it)");
    }
    MemoryScope.keep(value);
    buffers.put(name, value);
    if (!persistent) nonPersistentBuffers.add(name);
    return value;
  }

  /**
   * This module's own buffer {@code name}. Subclasses read their buffers through it rather than
   * keeping them in fields, because {@link #to(DType)} replaces floating-point ones.
   *
   * @param name the name it was registered under
   * @return the buffer currently registered under {@code name}
   * @throws IllegalStateException if this module has no buffer of that name
   */
  protected final Tensor buffer(String name) {
    Tensor t = buffers.get(name);
    if (t == null) {
      throw new IllegalStateException(typeName() + " has no buffer '" + name + "'");
    }
    return t;
  }

  /**
   * Every buffer of this module and its descendants, each once, as PyTorch's {@code buffers()}.
   *
   * @return a new list, in the order of {@link #namedBuffers()}
   */
  public List<Tensor> buffers() {
    return new ArrayList<>(namedBuffers().values());
  }

  /**
   * Every buffer under its dotted path ({@code bn.running_mean}), each once, as PyTorch's {@code
   * named_buffers()}: the buffers of each module of {@link #namedModules()} in that order, the
   * persistent and the others.
   *
   * @return a new map in that order
   */
  public Map<String, Tensor> namedBuffers() {
    return eachOnce(m -> m.buffers);
  }

  /**
   * Registers {@code module} as a child called {@code name}: its parameters then appear in this
   * module's under {@code name + "."}, and mode and dtype changes reach it.
   *
   * @param <M> the child's type, kept so that the result can be stored in a field of that type
   * @param name the child's name within this module: non-empty and without dots
   * @param module the child
   * @return {@code module}
   * @throws IllegalArgumentException if {@code name} is null, empty or contains a dot, or a
   *     parameter or child of this module already has that name
   */
  protected final <M extends Module> M registerModule(String name, M module) {
    checkName(name);
    Arguments.requireNonNull("registerModule", "module", module);
    children.put(name, module);
    return module;
  }

  private void checkName(String name) {
    if (name == null || name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException(
          "a parameter or module name must be non-empty and contain no '.', got '" + name + "'");
    }
    if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
      throw new IllegalArgumentException("'" + name + "' is already registered in " + typeName());
    }
  }

  /**
   * This module's own parameter {@code name} (not a child's). Subclasses read their parameters
   * through it rather than keeping them in fields, because {@link #to(DType)} replaces them.
   *
   * @param name the name it was registered under
   * @return the parameter currently registered under {@code name}
   * @throws IllegalStateException if this module has no parameter of that name
   */
  protected final Tensor parameter(String name) {
    Tensor t = parameters.get(name);
    if (t == null) throw new IllegalStateException(typeName() + " has no parameter '" + name + "'");
    return t;
  }

  /** How many parameters this module registered itself (not its children's). */
  final int ownParameterCount() {
    return parameters.size();
  }

  /**
   * Sets whether every parameter of this module and its descendants requires grad, as PyTorch's
   * {@code requires_grad_(flag)}: {@code requiresGrad_(false)} freezes a subtree (a pretrained
   * backbone), so that backward computes no gradient for it and an optimizer leaves it unchanged.
   *
   * <pre>{@code
   * model.get(0).requiresGrad_(false); // freeze the first layer
   * }</pre>
   *
   * @param requiresGrad whether the parameters are learnt
   * @return this module
   */
  public Module requiresGrad_(boolean requiresGrad) {
    for (Tensor p : parameters()) p.requiresGrad(requiresGrad);
    return this;
  }

  /**
   * Every parameter of this module and its descendants, each once, in registration order: what an
   * optimizer is given.
   *
   * @return a new list, in the order of {@link #namedParameters()}
   */
  public List<Tensor> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /**
   * Every parameter under its dotted path ({@code 0.weight}, {@code encoder.1.bias}), each once, as
   * PyTorch's {@code named_parameters()}: the parameters of each module of {@link #namedModules()}
   * in that order, this module's own first. A parameter registered twice (shared weights) is listed
   * under the first path that reaches it, and a module registered twice is walked once.
   *
   * <pre>{@code
   * Linear shared = new Linear(2, 2);
   * Sequential model = new Sequential(shared, new ReLU(), shared);
   * model.namedParameters().keySet(); // [0.weight, 0.bias]
   * model.stateDict().keySet();       // [0.weight, 0.bias, 2.weight, 2.bias]
   * }</pre>
   *
   * @return a new map in that order
   */
  public Map<String, Tensor> namedParameters() {
    return eachOnce(m -> m.parameters);
  }

  /** The tensors {@code own} gives of each module of {@link #namedModules()}, each once. */
  private Map<String, Tensor> eachOnce(Function<Module, Map<String, Tensor>> own) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Map.Entry<String, Module> m : namedModules().entrySet()) {
      String prefix = m.getKey().isEmpty() ? "" : m.getKey() + ".";
      for (Map.Entry<String, Tensor> e : own.apply(m.getValue()).entrySet()) {
        if (seen.add(e.getValue())) out.put(prefix + e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /**
   * Every parameter and persistent buffer under every path that reaches it, shared ones included:
   * what {@link #stateDict()} saves and {@link #loadStateDict} fills, in the order of PyTorch's
   * {@code state_dict()} (each module's parameters, then its buffers, then its children).
   */
  private Map<String, Tensor> stateUnderEveryPath() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collect("", out);
    return out;
  }

  private void collect(String prefix, Map<String, Tensor> out) {
    for (Map.Entry<String, Tensor> e : parameters.entrySet())
      out.put(prefix + e.getKey(), e.getValue());
    for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
      if (!nonPersistentBuffers.contains(e.getKey())) out.put(prefix + e.getKey(), e.getValue());
    }
    for (Map.Entry<String, Module> e : children.entrySet())
      e.getValue().collect(prefix + e.getKey() + ".", out);
  }

  /**
   * The direct children, in registration order, each once (a module registered under two names is
   * listed under the first), as PyTorch's {@code children()}.
   *
   * @return an unmodifiable list
   */
  public List<Module> children() {
    return List.copyOf(namedChildren().values());
  }

  /**
   * The direct children under their names, each once, as PyTorch's {@code named_children()}: a
   * module registered under two names appears under the first.
   *
   * @return an unmodifiable map, in registration order
   */
  public Map<String, Module> namedChildren() {
    Map<String, Module> out = new LinkedHashMap<>();
    Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Map.Entry<String, Module> e : children.entrySet()) {
      if (seen.add(e.getValue())) out.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * This module and all its descendants, each once, as PyTorch's {@code modules()}: in the order of
   * {@link #namedModules()}.
   *
   * @return a new list, this module first
   */
  public List<Module> modules() {
    return new ArrayList<>(namedModules().values());
  }

  /**
   * This module and all its descendants under their dotted paths, each once, as PyTorch's {@code
   * named_modules()}: this module under {@code ""} first, then depth first in registration order
   * ({@code "encoder"}, {@code "encoder.0"}, ...); a module reached by two paths is listed under
   * the first.
   *
   * <pre>{@code
   * new Sequential(new Linear(1, 4), new ReLU()).namedModules().keySet(); // [, 0, 1]
   * }</pre>
   *
   * @return a new map in that order
   */
  public Map<String, Module> namedModules() {
    Map<String, Module> out = new LinkedHashMap<>();
    collectModules("", this, Collections.newSetFromMap(new IdentityHashMap<>()), out);
    return out;
  }

  private static void collectModules(
      String path, Module module, Set<Module> seen, Map<String, Module> out) {
    if (!seen.add(module)) return;
    out.put(path, module);
    for (Map.Entry<String, Module> e : module.children.entrySet()) {
      String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      collectModules(child, e.getValue(), seen, out);
    }
  }

  /**
   * Sets training mode (which {@link Dropout} obeys) here and in every descendant.
   *
   * @param mode true for training, false for evaluation
   * @return this module
   */
  public Module train(boolean mode) {
    training = mode;
    for (Module child : children.values()) child.train(mode);
    return this;
  }

  /**
   * Switches this module and its descendants to training mode ({@code train(true)}).
   *
   * @return this module
   */
  public Module train() {
    return train(true);
  }

  /**
   * Switches this module and its descendants to evaluation mode ({@code train(false)}): {@link
   * Dropout} then passes its input through, so outputs are deterministic.
   *
   * @return this module
   */
  public Module eval() {
    return train(false);
  }

  /**
   * Whether this module is in training mode (the default).
   *
   * @return true in training mode, false in evaluation mode
   */
  public boolean isTraining() {
    return training;
  }

  /** Clears every parameter's gradient (sets it to null, as PyTorch 2 does). */
  public void zeroGrad() {
    // NOTE: walks the tree directly instead of building parameters(): it runs every training step.
    for (Tensor t : parameters.values()) t.zeroGrad();
    for (Module child : children.values()) child.zeroGrad();
  }

  /**
   * Calls {@code fn} on every descendant and then on this module (children first, as PyTorch's
   * {@code apply}), for example to re-initialise every {@link Linear}.
   *
   * @param fn the function to call on each module
   * @return this module
   */
  public Module apply(Consumer<Module> fn) {
    Arguments.requireNonNull("apply", "fn", fn);
    for (Module child : children()) child.apply(fn);
    fn.accept(this);
    return this;
  }

  /**
   * Converts every parameter of this module and its descendants to {@code dtype}, keeping whether
   * it requires grad, and every floating-point buffer (integer buffers, such as a count of batches,
   * keep their dtype, as in PyTorch). Parameters that already have that dtype are kept as they are;
   * the others are replaced by new tensors, so an optimizer built before this call would go on
   * updating the old ones: build optimizers after it.
   *
   * <pre>{@code
   * Module model = new Linear(3, 1).to(DType.FLOAT64); // weight and bias become FLOAT64
   * }</pre>
   *
   * <p>A parameter shared by several modules stays shared: it is converted once.
   *
   * @param dtype the new dtype of the parameters, FLOAT32 or FLOAT64
   * @return this module
   * @throws IllegalArgumentException if {@code dtype} is not floating point (parameters must be)
   */
  public Module to(DType dtype) {
    Arguments.requireNonNull("to", "dtype", dtype);
    if (!dtype.isFloatingPoint()) {
      throw new IllegalArgumentException(
          "to: parameters must be floating point, got " + dtype.pytorchName());
    }
    convert(dtype, new IdentityHashMap<>());
    return this;
  }

  private void convert(DType dtype, Map<Tensor, Tensor> converted) {
    for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
      Tensor old = e.getValue();
      if (old.dtype() != dtype) {
        e.setValue(
            converted.computeIfAbsent(
                old, t -> MemoryScope.keep(t.detach().to(dtype).requiresGrad(t.requiresGrad()))));
      }
    }
    for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
      Tensor old = e.getValue();
      if (old.dtype().isFloatingPoint() && old.dtype() != dtype) {
        e.setValue(converted.computeIfAbsent(old, t -> MemoryScope.keep(t.detach().to(dtype))));
      }
    }
    for (Module child : children.values()) child.convert(dtype, converted);
  }

  /**
   * The parameters and persistent buffers under their dotted names ({@code 0.weight}, {@code
   * bn.running_mean}), detached: they share storage with the module's tensors, so they see later
   * updates. Copy them ({@code clone()}) to keep a snapshot. As PyTorch's {@code state_dict()}, a
   * shared parameter is saved under each of its paths (unlike {@link #namedParameters()}, which
   * lists it once).
   *
   * @return a new map from dotted name to detached parameter
   */
  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : stateUnderEveryPath().entrySet())
      out.put(e.getKey(), e.getValue().detach());
    return out;
  }

  /**
   * The names {@link #loadStateDict(Map, boolean)} found on one side only, as PyTorch's {@code
   * _IncompatibleKeys}: both lists are empty after a strict load.
   *
   * @param missingKeys the module's names that {@code state} did not have, in the module's order
   * @param unexpectedKeys the names in {@code state} that match nothing in the module, in the
   *     state's order
   */
  public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {
    /**
     * Copies both lists (unmodifiable).
     *
     * @param missingKeys the module's names that the state did not have
     * @param unexpectedKeys the state's names that match nothing in the module
     * @throws TensorException if a list or a name in it is null
     */
    public IncompatibleKeys {
      missingKeys =
          List.copyOf(
              Arguments.requireNoNulls("Module.IncompatibleKeys", "missingKeys", missingKeys));
      unexpectedKeys =
          List.copyOf(
              Arguments.requireNoNulls(
                  "Module.IncompatibleKeys", "unexpectedKeys", unexpectedKeys));
    }
  }

  /**
   * Copies {@code state} into the parameters of the same names, strictly (see {@link
   * #loadStateDict(Map, boolean)}), as PyTorch's {@code load_state_dict(state)}.
   *
   * @param state tensors under the dotted names of {@link #stateDict()}
   * @return the keys found on one side only, both empty (a strict load refuses anything else)
   * @throws TensorException as {@link #loadStateDict(Map, boolean)} with {@code strict} true
   */
  public IncompatibleKeys loadStateDict(Map<String, Tensor> state) {
    return loadStateDict(state, true);
  }

  /**
   * Copies {@code state} into the parameters and persistent buffers of the same names. Everything
   * is checked before anything is copied, so on error the module is unchanged.
   *
   * <p>The names are PyTorch's ({@code "0.weight"}, {@code "fc1.bias"}) and so are the layouts (a
   * {@link Linear} weight is {@code [out, in]}), so a state dict read from PyTorch's files ({@link
   * dev.autograd.io.TorchFiles}) loads unchanged.
   *
   * <p>The copy is made without recording ({@link Autograd#noGrad()}), into the existing tensors,
   * so optimizers built over this module keep working.
   *
   * <pre>{@code
   * Module.IncompatibleKeys keys = model.loadStateDict(pretrained, false);
   * keys.missingKeys();    // the layers the pretrained weights do not cover, such as a new head
   * keys.unexpectedKeys(); // names in pretrained that this model does not have
   * }</pre>
   *
   * @param state tensors under the dotted names of {@link #stateDict()}, as it returns them
   * @param strict also require that the names match exactly (no missing, no unexpected names);
   *     without it, names that match nothing are ignored and parameters missing from {@code state}
   *     keep their values
   * @return the module's names missing from {@code state} and the names in {@code state} that match
   *     nothing, as PyTorch returns them (both empty when {@code strict} is true)
   * @throws TensorException naming the parameter: a missing or unexpected name (strict), a value
   *     that is null or not a tensor, a shape or dtype that differs (naming both); or if {@code
   *     state} is null
   */
  public IncompatibleKeys loadStateDict(Map<String, Tensor> state, boolean strict) {
    Arguments.requireNonNull("loadStateDict", "state", state);
    Map<String, Tensor> own = stateUnderEveryPath();
    List<String> missing = new ArrayList<>();
    for (String name : own.keySet()) if (!state.containsKey(name)) missing.add(name);
    List<String> unexpected = new ArrayList<>();
    for (String name : state.keySet()) if (!own.containsKey(name)) unexpected.add(name);
    if (strict) {
      if (!missing.isEmpty() || !unexpected.isEmpty()) {
        throw new TensorException(
            "loadStateDict: error(s) in loading state for "
                + typeName()
                + (missing.isEmpty() ? "" : ": missing key(s) " + missing)
                + (unexpected.isEmpty() ? "" : ": unexpected key(s) " + unexpected));
      }
    }
    for (Map.Entry<String, Tensor> e : state.entrySet()) {
      Tensor target = own.get(e.getKey());
      if (target == null) continue;
      // checked as an Object: a map built without generics may hold anything
      Object value = e.getValue();
      if (!(value instanceof Tensor)) {
        throw new TensorException(
            "loadStateDict: the value for "
                + e.getKey()
                + " must be a Tensor, got "
                + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
      }
      Tensor source = (Tensor) value;
      if (!Arrays.equals(source.shape(), target.shape())) {
        throw new TensorException(
            "loadStateDict: size mismatch for "
                + e.getKey()
                + ": copying a parameter with shape "
                + Arrays.toString(source.shape())
                + ", the shape in the current model is "
                + Arrays.toString(target.shape()));
      }
      if (source.dtype() != target.dtype()) {
        throw new TensorException(
            "loadStateDict: dtype mismatch for "
                + e.getKey()
                + ": the state has "
                + source.dtype().pytorchName()
                + ", the current model has "
                + target.dtype().pytorchName()
                + " (convert the model with to(DType) first)");
      }
    }
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      for (Map.Entry<String, Tensor> e : state.entrySet()) {
        Tensor target = own.get(e.getKey());
        if (target != null) target.copy_(e.getValue());
      }
    }
    return new IncompatibleKeys(missing, unexpected);
  }

  /**
   * Writes {@link #stateDict()} to {@code path}, in the format its extension names:
   *
   * <ul>
   *   <li>{@code .pt} or {@code .pth}: PyTorch's {@code torch.save} format ({@link
   *       dev.autograd.io.TorchFiles}), which {@code torch.load(path, weights_only=True)} reads;
   *   <li>{@code .safetensors}: the safetensors format ({@link dev.autograd.io.SafeTensors}), which
   *       Hugging Face's {@code safetensors} package reads;
   *   <li>anything else: this library's own format ({@link StateDictFile}, {@code .agsd} by
   *       convention), with a checksum over the whole file.
   * </ul>
   *
   * <p>The file is written to a temporary file first, then moved into place, so a crash never
   * leaves a half-written file. Missing parent folders are created.
   *
   * @param path the file to write; an existing file is replaced (through a symbolic link, the file
   *     it points to), keeping its permissions
   * @throws IOException if the file cannot be written (an existing file is then left as it was)
   */
  public void save(Path path) throws IOException {
    Arguments.requireNonNull("save", "path", path);
    switch (ModelFormat.of(path)) {
      case TORCH:
        TorchFiles.save(path, stateDict());
        break;
      case SAFETENSORS:
        SafeTensors.save(path, stateDict());
        break;
      default:
        StateDictFile.write(path, stateDict());
    }
  }

  /**
   * Loads parameters saved by {@link #save(Path)}, or by PyTorch, strictly (the names must match),
   * in the format the extension names (see {@link #save(Path)}): a {@code .pt} or {@code .pth} file
   * written by {@code torch.save(model.state_dict(), path)} loads unchanged. On any error
   * (truncated or corrupted file, unknown or missing names, wrong shapes or dtypes) it throws and
   * leaves the module unchanged.
   *
   * <pre>{@code
   * model.save(Path.of("model.agsd"));
   * Module copy = new Sequential(new Linear(1, 16), new Tanh(), new Linear(16, 1));
   * copy.load(Path.of("model.agsd")); // copy now computes what model does
   * }</pre>
   *
   * @param path a file written by {@link #save(Path)} or by PyTorch's {@code torch.save}
   * @throws IOException if the file cannot be read
   * @throws TensorException if the file is not valid in its format (the message says what is wrong
   *     with it) or does not fit this module (see {@link #loadStateDict(Map, boolean)})
   */
  public void load(Path path) throws IOException {
    Arguments.requireNonNull("load", "path", path);
    Map<String, Tensor> state;
    switch (ModelFormat.of(path)) {
      case TORCH:
        state = TorchFiles.loadStateDict(path);
        break;
      case SAFETENSORS:
        state = SafeTensors.load(path);
        break;
      default:
        state = StateDictFile.read(path);
    }
    loadStateDict(state, true);
  }

  /**
   * The arguments shown between the parentheses of {@link #toString()}, as PyTorch's {@code
   * extra_repr}: a layer overrides it to show its settings ({@code in_features=1, ...}).
   *
   * @return the text, empty by default
   */
  protected String extraRepr() {
    return "";
  }

  /**
   * The module tree, as PyTorch prints it: the class name, {@link #extraRepr()} in parentheses, and
   * each child on its own indented line (see the example in the class description).
   *
   * @return the printout
   */
  @Override
  public String toString() {
    String head = typeName() + "(" + extraRepr();
    if (children.isEmpty()) return head + ")";
    StringBuilder sb = new StringBuilder(head).append("\n");
    for (Map.Entry<String, Module> e : children.entrySet()) {
      String child = e.getValue().toString().replace("\n", "\n  ");
      sb.append("  (").append(e.getKey()).append("): ").append(child).append("\n");
    }
    return sb.append(")").toString();
  }
}
