package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Derivatives of whole functions, as {@code torch.autograd.functional}: {@link #jacobian}, {@link
 * #hessian}, and the products {@link #vjp} ({@code v^T J}), {@link #jvp} ({@code J v}), {@link
 * #vhp} ({@code v^T H}) and {@link #hvp} ({@code H v}), computed with reverse-mode autograd.
 *
 * <p>Each takes a function and the point to differentiate at. A function of one tensor is a {@code
 * Function<Tensor, Tensor>}; a function of several inputs or outputs takes and returns arrays, and
 * the results are then arrays too, where PyTorch returns tuples. For {@code f: R^{a} -> R^{b}} the
 * Jacobian has shape {@code out.shape + in.shape}: entry {@code [i..., j...]} is {@code d out[i...]
 * / d in[j...]}; with several inputs and outputs, {@code jacobian(...)[i][j]} is that of output
 * {@code i} with respect to input {@code j}.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[] {1, 2}, DType.FLOAT64);
 * AutogradFunctional.jacobian(t -> t.pow(3), x);  // diag(3 x^2): [[3, 0], [0, 12]]
 * AutogradFunctional.hessian(t -> t.pow(3).sum(), x); // diag(6 x): [[6, 0], [0, 12]]
 * var r = AutogradFunctional.vjp(t -> t.pow(3), x, Tensor.onesLike(x));
 * r.output();  // x^3
 * r.product(); // 3 x^2
 * }</pre>
 *
 * <p>As in PyTorch, the function is called on new tensors that require grad (the inputs are not
 * changed, and their {@code grad()} is not touched), and the results do not require grad unless
 * {@link Options#createGraph(boolean) createGraph} is set: then they are computed with a graph of
 * their own, differentiable again with respect to the inputs given (when those require grad). With
 * {@link Options#strict(boolean) strict}, an output that does not depend on an input throws instead
 * of giving zeros. The options are given as {@code
 * AutogradFunctional.Options.defaults().createGraph(true).strict(true)}.
 *
 * <p>Everything here is reverse mode: {@code jvp} and {@code hvp} use the double-backward trick, as
 * PyTorch's versions do ({@code J v} is the derivative, with respect to {@code u}, of {@code (J^T
 * u) . v}), so they cost about twice a {@code vjp} (three backward passes for {@code hvp}); {@link
 * ForwardAD} gives {@code J v} in one forward pass instead. {@code vectorize} and the forward-mode
 * strategies of {@code jacobian} and {@code hessian} are not offered. Every backward a function's
 * ops need must be differentiable (recorded with tensor ops) for the second-order functions, which
 * holds for every built-in op and for an {@link AutogradFunction} whose backward is written in
 * tensor ops.
 */
public final class AutogradFunctional {
  private AutogradFunctional() {}

  /**
   * The options of every function here, as PyTorch's keyword arguments {@code create_graph} and
   * {@code strict} (both off by default). Immutable: each setter returns a copy with one option
   * changed.
   *
   * <pre>{@code
   * var opts = AutogradFunctional.Options.defaults().createGraph(true).strict(true);
   * }</pre>
   */
  public static final class Options {
    private static final Options DEFAULTS = new Options(false, false);
    private final boolean createGraph;
    private final boolean strict;

    private Options(boolean createGraph, boolean strict) {
      this.createGraph = createGraph;
      this.strict = strict;
    }

    /**
     * PyTorch's defaults: no graph, not strict.
     *
     * @return the default options
     */
    public static Options defaults() {
      return DEFAULTS;
    }

    /**
     * Sets whether the results are computed with a graph, so that they can be differentiated again
     * (with respect to the inputs given, where those require grad), as {@code create_graph=True}.
     *
     * @param createGraph true to record the computation of the results
     * @return a copy with this setting
     */
    public Options createGraph(boolean createGraph) {
      return new Options(createGraph, strict);
    }

    /**
     * Sets whether an output (or a derivative) that does not depend on an input throws, as {@code
     * strict=True}, instead of contributing zeros.
     *
     * @param strict true to throw
     * @return a copy with this setting
     */
    public Options strict(boolean strict) {
      return new Options(createGraph, strict);
    }

    /**
     * Whether results are computed with a graph.
     *
     * @return the value given to {@link #createGraph(boolean)}, false by default
     */
    public boolean createGraph() {
      return createGraph;
    }

    /**
     * Whether independence throws.
     *
     * @return the value given to {@link #strict(boolean)}, false by default
     */
    public boolean strict() {
      return strict;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Options other
          && other.createGraph == createGraph
          && other.strict == strict;
    }

    @Override
    public int hashCode() {
      return (createGraph ? 2 : 0) + (strict ? 1 : 0);
    }

    /**
     * The options, for messages and logs.
     *
     * @return for example {@code Options(createGraph=true, strict=false)}
     */
    @Override
    public String toString() {
      return "Options(createGraph=" + createGraph + ", strict=" + strict + ")";
    }
  }

  /**
   * What the product functions return, as PyTorch's pair {@code (func_output, vjp)}: the function's
   * output at the point and the product.
   *
   * @param <O> {@code Tensor} for a function of one output, {@code Tensor[]} for several
   * @param <P> {@code Tensor}, or {@code Tensor[]} with one entry per input (vjp, vhp, hvp) or
   *     output (jvp)
   * @param output the function's output (outputs)
   * @param product the product, shaped like the inputs (vjp, vhp, hvp) or the outputs (jvp)
   */
  public record Product<O, P>(O output, P product) {
    @Override
    public String toString() {
      return "Product[output=" + show(output) + ", product=" + show(product) + "]";
    }

    private static String show(Object o) {
      return o instanceof Object[] array ? Arrays.toString(array) : String.valueOf(o);
    }
  }

  // ---------------------------------------------------------------- jacobian

  /**
   * The Jacobian of {@code f} at {@code x}, as {@code torch.autograd.functional.jacobian(f, x)}.
   *
   * <pre>
   * J[i..., j...] = d f(x)[i...] / d x[j...]        shape f(x).shape + x.shape
   * </pre>
   *
   * <pre>{@code
   * Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT64, 2, 3);
   * AutogradFunctional.jacobian(x -> a.matmul(x), Tensor.ones(DType.FLOAT64, 3)); // a itself
   * }</pre>
   *
   * @param f the function
   * @param x the point, a floating-point tensor
   * @return the Jacobian
   * @throws TensorException if {@code f} returns null or {@code x} is not floating point
   */
  public static Tensor jacobian(Function<Tensor, Tensor> f, Tensor x) {
    return jacobian(f, x, Options.defaults());
  }

  /**
   * {@link #jacobian(Function, Tensor)} with options.
   *
   * @param f the function
   * @param x the point, a floating-point tensor
   * @param options {@code createGraph} and {@code strict}
   * @return the Jacobian, of shape {@code f(x).shape + x.shape}
   * @throws TensorException if {@code f} returns null, {@code x} is not floating point, or (strict)
   *     the output does not depend on {@code x}
   */
  public static Tensor jacobian(Function<Tensor, Tensor> f, Tensor x, Options options) {
    return jacobianOf("jacobian", ofOne("jacobian", f), single("jacobian", x), options)[0][0];
  }

  /**
   * The Jacobians of a function of several inputs and outputs: {@code result[i][j]} is that of
   * output {@code i} with respect to input {@code j}, of shape {@code outputs[i].shape +
   * inputs[j].shape} (PyTorch's tuple of tuples).
   *
   * @param f the function, given the inputs in order
   * @param inputs the point, floating-point tensors
   * @return the Jacobians, indexed by output then input
   * @throws TensorException if {@code f} returns null or a null output, or an input is null or not
   *     floating point
   */
  public static Tensor[][] jacobian(Function<Tensor[], Tensor[]> f, Tensor[] inputs) {
    return jacobian(f, inputs, Options.defaults());
  }

  /**
   * {@link #jacobian(Function, Tensor[])} with options.
   *
   * @param f the function, given the inputs in order
   * @param inputs the point, floating-point tensors
   * @param options {@code createGraph} and {@code strict}
   * @return the Jacobians, indexed by output then input
   * @throws TensorException if {@code f} returns null or a null output, an input is null or not
   *     floating point, or (strict) an output does not depend on an input
   */
  public static Tensor[][] jacobian(
      Function<Tensor[], Tensor[]> f, Tensor[] inputs, Options options) {
    return jacobianOf("jacobian", ofMany("jacobian", f), inputs, options);
  }

  // ---------------------------------------------------------------- hessian

  /**
   * The Hessian of a scalar function {@code f} at {@code x}, as {@code
   * torch.autograd.functional.hessian(f, x)}: the Jacobian of its gradient.
   *
   * <pre>
   * H[i..., j...] = d^2 f(x) / (d x[i...] d x[j...])        shape x.shape + x.shape
   * </pre>
   *
   * <pre>{@code
   * Tensor x = Tensor.of(new double[] {1, 2}, DType.FLOAT64);
   * AutogradFunctional.hessian(t -> t.pow(3).sum(), x); // diag(6 x): [[6, 0], [0, 12]]
   * }</pre>
   *
   * @param f the function; it returns a tensor of one element
   * @param x the point, a floating-point tensor
   * @return the Hessian
   * @throws TensorException if {@code f} returns null or more than one element, or {@code x} is not
   *     floating point
   */
  public static Tensor hessian(Function<Tensor, Tensor> f, Tensor x) {
    return hessian(f, x, Options.defaults());
  }

  /**
   * {@link #hessian(Function, Tensor)} with options.
   *
   * @param f the function; it returns a tensor of one element
   * @param x the point, a floating-point tensor
   * @param options {@code createGraph} and {@code strict}
   * @return the Hessian, of shape {@code x.shape + x.shape}
   * @throws TensorException if {@code f} returns null or more than one element, {@code x} is not
   *     floating point, or (strict) the output or its gradient does not depend on {@code x}
   */
  public static Tensor hessian(Function<Tensor, Tensor> f, Tensor x, Options options) {
    checkFunction("hessian", f);
    return hessianOf(in -> f.apply(in[0]), single("hessian", x), options)[0][0];
  }

  /**
   * The Hessian of a scalar function of several inputs: {@code result[i][j]} is {@code d^2 f / (d
   * inputs[i] d inputs[j])}, of shape {@code inputs[i].shape + inputs[j].shape}.
   *
   * @param f the function, given the inputs in order; it returns a tensor of one element
   * @param inputs the point, floating-point tensors
   * @return the blocks of the Hessian
   * @throws TensorException if {@code f} returns null or more than one element, or an input is null
   *     or not floating point
   */
  public static Tensor[][] hessian(Function<Tensor[], Tensor> f, Tensor[] inputs) {
    return hessian(f, inputs, Options.defaults());
  }

  /**
   * {@link #hessian(Function, Tensor[])} with options.
   *
   * @param f the function, given the inputs in order; it returns a tensor of one element
   * @param inputs the point, floating-point tensors
   * @param options {@code createGraph} and {@code strict}
   * @return the blocks of the Hessian
   * @throws TensorException if {@code f} returns null or more than one element, an input is null or
   *     not floating point, or (strict) the output or its gradient does not depend on an input
   */
  public static Tensor[][] hessian(Function<Tensor[], Tensor> f, Tensor[] inputs, Options options) {
    checkFunction("hessian", f);
    return hessianOf(f, inputs, options);
  }

  // ---------------------------------------------------------------- vjp

  /**
   * The vector-Jacobian product {@code v^T J} of {@code f} at {@code x}, as {@code
   * torch.autograd.functional.vjp(f, x, v)}: one backward pass.
   *
   * <pre>
   * product[j...] = sum_i v[i...] * d f(x)[i...] / d x[j...]        shape x.shape
   * </pre>
   *
   * @param f the function
   * @param x the point, a floating-point tensor
   * @param v shaped like {@code f(x)}; null only if {@code f(x)} has one element (then 1)
   * @return {@code f(x)} and the product
   * @throws TensorException if {@code v} has the wrong shape, or is null for an output of more than
   *     one element
   */
  public static Product<Tensor, Tensor> vjp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
    return vjp(f, x, v, Options.defaults());
  }

  /**
   * {@link #vjp(Function, Tensor, Tensor)} with options.
   *
   * @param f the function
   * @param x the point, a floating-point tensor
   * @param v shaped like {@code f(x)}; null only if {@code f(x)} has one element
   * @param options {@code createGraph} and {@code strict}
   * @return {@code f(x)} and the product
   * @throws TensorException if {@code v} has the wrong shape or is missing, or (strict) the output
   *     does not depend on {@code x}
   */
  public static Product<Tensor, Tensor> vjp(
      Function<Tensor, Tensor> f, Tensor x, Tensor v, Options options) {
    Product<Tensor[], Tensor[]> r =
        vjpOf(
            ofOne("vjp", f), single("vjp", x), v == null ? null : new Tensor[] {v}, options, false);
    return new Product<>(r.output()[0], r.product()[0]);
  }

  /**
   * The vector-Jacobian product of a function of several inputs and outputs: {@code product[j] =
   * sum_i v[i] . d outputs[i] / d inputs[j]}.
   *
   * @param f the function, given the inputs in order
   * @param inputs the point, floating-point tensors
   * @param v one tensor per output, shaped like it; null only for one output of one element
   * @return the outputs and the product, one tensor per input
   * @throws TensorException if {@code v} has the wrong length or shapes, or is missing
   */
  public static Product<Tensor[], Tensor[]> vjp(
      Function<Tensor[], Tensor[]> f, Tensor[] inputs, Tensor[] v) {
    return vjp(f, inputs, v, Options.defaults());
  }

  /**
   * {@link #vjp(Function, Tensor[], Tensor[])} with options.
   *
   * @param f the function, given the inputs in order
   * @param inputs the point, floating-point tensors
   * @param v one tensor per output, shaped like it; null only for one output of one element
   * @param options {@code createGraph} and {@code strict}
   * @return the outputs and the product, one tensor per input
   * @throws TensorException if {@code v} has the wrong length or shapes or is missing, or (strict)
   *     an output does not depend on an input
   */
  public static Product<Tensor[], Tensor[]> vjp(
      Function<Tensor[], Tensor[]> f, Tensor[] inputs, Tensor[] v, Options options) {
    return vjpOf(ofMany("vjp", f), inputs, v, options, true);
  }

  // ---------------------------------------------------------------- jvp

  /**
   * The Jacobian-vector product {@code J v} of {@code f} at {@code x}, as {@code
   * torch.autograd.functional.jvp(f, x, v)}, by the double-backward trick (two backward passes).
   *
   * <pre>
   * product[i...] = sum_j d f(x)[i...] / d x[j...] * v[j...]        shape f(x).shape
   * </pre>
   *
   * @param f the function
   * @param x the point, a floating-point tensor
   * @param v shaped like {@code x}; null only if {@code x} has one element (then 1)
   * @return {@code f(x)} and the product
   * @throws TensorException if {@code v} has the wrong shape, or is null for an input of more than
   *     one element
   */
  public static Product<Tensor, Tensor> jvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
    return jvp(f, x, v, Options.defaults());
  }

  /**
   * {@link #jvp(Function, Tensor, Tensor)} with options.
   *
   * @param f the function
   * @param x the point, a floating-point tensor
   * @param v shaped like {@code x}; null only if {@code x} has one element
   * @param options {@code createGraph} and {@code strict}
   * @return {@code f(x)} and the product
   * @throws TensorException if {@code v} has the wrong shape or is missing, or (strict) the output
   *     does not depend on {@code x}
   */
  public static Product<Tensor, Tensor> jvp(
      Function<Tensor, Tensor> f, Tensor x, Tensor v, Options options) {
    Product<Tensor[], Tensor[]> r =
        jvpOf(
            ofOne("jvp", f), single("jvp", x), v == null ? null : new Tensor[] {v}, options, false);
    return new Product<>(r.output()[0], r.product()[0]);
  }

  /**
   * The Jacobian-vector product of a function of several inputs and outputs: {@code product[i] =
   * sum_j d outputs[i] / d inputs[j] . v[j]}.
   *
   * @param f the function, given the inputs in order
   * @param inputs the point, floating-point tensors
   * @param v one tensor per input, shaped like it; null only for one input of one element
   * @return the outputs and the product, one tensor per output
   * @throws TensorException if {@code v} has the wrong length or shapes, or is missing
   */
  public static Product<Tensor[], Tensor[]> jvp(
      Function<Tensor[], Tensor[]> f, Tensor[] inputs, Tensor[] v) {
    return jvp(f, inputs, v, Options.defaults());
  }

  /**
   * {@link #jvp(Function, Tensor[], Tensor[])} with options.
   *
   * @param f the function, given the inputs in order
   * @param inputs the point, floating-point tensors
   * @param v one tensor per input, shaped like it; null only for one input of one element
   * @param options {@code createGraph} and {@code strict}
   * @return the outputs and the product, one tensor per output
   * @throws TensorException if {@code v} has the wrong length or shapes or is missing, or (strict)
   *     an output does not depend on an input
   */
  public static Product<Tensor[], Tensor[]> jvp(
      Function<Tensor[], Tensor[]> f, Tensor[] inputs, Tensor[] v, Options options) {
    return jvpOf(ofMany("jvp", f), inputs, v, options, true);
  }

  // ---------------------------------------------------------------- vhp, hvp

  /**
   * The vector-Hessian product {@code v^T H} of a scalar function {@code f} at {@code x}, as {@code
   * torch.autograd.functional.vhp(f, x, v)}: two backward passes.
   *
   * <pre>
   * product[j...] = sum_i v[i...] * d^2 f(x) / (d x[i...] d x[j...])        shape x.shape
   * </pre>
   *
   * @param f the function; it returns a tensor of one element
   * @param x the point, a floating-point tensor
   * @param v shaped like {@code x}; null only if {@code x} has one element (then 1)
   * @return {@code f(x)} and the product
   * @throws TensorException if {@code f} returns more than one element, or {@code v} has the wrong
   *     shape or is missing
   */
  public static Product<Tensor, Tensor> vhp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
    return vhp(f, x, v, Options.defaults());
  }

  /**
   * {@link #vhp(Function, Tensor, Tensor)} with options.
   *
   * @param f the function; it returns a tensor of one element
   * @param x the point, a floating-point tensor
   * @param v shaped like {@code x}; null only if {@code x} has one element
   * @param options {@code createGraph} and {@code strict}
   * @return {@code f(x)} and the product
   * @throws TensorException if {@code f} returns more than one element, {@code v} has the wrong
   *     shape or is missing, or (strict) the output or its gradient does not depend on {@code x}
   */
  public static Product<Tensor, Tensor> vhp(
      Function<Tensor, Tensor> f, Tensor x, Tensor v, Options options) {
    checkFunction("vhp", f);
    Product<Tensor, Tensor[]> r =
        hessianProduct(
            "vhp",
            in -> f.apply(in[0]),
            single("vhp", x),
            v == null ? null : new Tensor[] {v},
            options,
            false);
    return new Product<>(r.output(), r.product()[0]);
  }

  /**
   * The vector-Hessian product of a scalar function of several inputs: {@code product[j] = sum_i
   * v[i] . d^2 f / (d inputs[i] d inputs[j])}.
   *
   * @param f the function, given the inputs in order; it returns a tensor of one element
   * @param inputs the point, floating-point tensors
   * @param v one tensor per input, shaped like it; null only for one input of one element
   * @return the output and the product, one tensor per input
   * @throws TensorException if {@code f} returns more than one element, or {@code v} has the wrong
   *     length or shapes, or is missing
   */
  public static Product<Tensor, Tensor[]> vhp(
      Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor[] v) {
    return vhp(f, inputs, v, Options.defaults());
  }

  /**
   * {@link #vhp(Function, Tensor[], Tensor[])} with options.
   *
   * @param f the function, given the inputs in order; it returns a tensor of one element
   * @param inputs the point, floating-point tensors
   * @param v one tensor per input, shaped like it; null only for one input of one element
   * @param options {@code createGraph} and {@code strict}
   * @return the output and the product, one tensor per input
   * @throws TensorException if {@code f} returns more than one element, {@code v} has the wrong
   *     length or shapes or is missing, or (strict) the output or its gradient does not depend on
   *     an input
   */
  public static Product<Tensor, Tensor[]> vhp(
      Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor[] v, Options options) {
    checkFunction("vhp", f);
    return hessianProduct("vhp", f, inputs, v, options, true);
  }

  /**
   * The Hessian-vector product {@code H v} of a scalar function {@code f} at {@code x}, as {@code
   * torch.autograd.functional.hvp(f, x, v)}, by the double-backward trick (three backward passes).
   * For a function with continuous second derivatives {@code H} is symmetric and {@link #vhp} gives
   * the same result faster.
   *
   * <pre>
   * product[i...] = sum_j d^2 f(x) / (d x[i...] d x[j...]) * v[j...]        shape x.shape
   * </pre>
   *
   * @param f the function; it returns a tensor of one element
   * @param x the point, a floating-point tensor
   * @param v shaped like {@code x}; null only if {@code x} has one element (then 1)
   * @return {@code f(x)} and the product
   * @throws TensorException if {@code f} returns more than one element, or {@code v} has the wrong
   *     shape or is missing
   */
  public static Product<Tensor, Tensor> hvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
    return hvp(f, x, v, Options.defaults());
  }

  /**
   * {@link #hvp(Function, Tensor, Tensor)} with options.
   *
   * @param f the function; it returns a tensor of one element
   * @param x the point, a floating-point tensor
   * @param v shaped like {@code x}; null only if {@code x} has one element
   * @param options {@code createGraph} and {@code strict}
   * @return {@code f(x)} and the product
   * @throws TensorException if {@code f} returns more than one element, {@code v} has the wrong
   *     shape or is missing, or (strict) the output or its gradient does not depend on {@code x}
   */
  public static Product<Tensor, Tensor> hvp(
      Function<Tensor, Tensor> f, Tensor x, Tensor v, Options options) {
    checkFunction("hvp", f);
    Product<Tensor, Tensor[]> r =
        hessianProduct(
            "hvp",
            in -> f.apply(in[0]),
            single("hvp", x),
            v == null ? null : new Tensor[] {v},
            options,
            false);
    return new Product<>(r.output(), r.product()[0]);
  }

  /**
   * The Hessian-vector product of a scalar function of several inputs: {@code product[i] = sum_j
   * d^2 f / (d inputs[i] d inputs[j]) . v[j]}.
   *
   * @param f the function, given the inputs in order; it returns a tensor of one element
   * @param inputs the point, floating-point tensors
   * @param v one tensor per input, shaped like it; null only for one input of one element
   * @return the output and the product, one tensor per input
   * @throws TensorException if {@code f} returns more than one element, or {@code v} has the wrong
   *     length or shapes, or is missing
   */
  public static Product<Tensor, Tensor[]> hvp(
      Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor[] v) {
    return hvp(f, inputs, v, Options.defaults());
  }

  /**
   * {@link #hvp(Function, Tensor[], Tensor[])} with options.
   *
   * @param f the function, given the inputs in order; it returns a tensor of one element
   * @param inputs the point, floating-point tensors
   * @param v one tensor per input, shaped like it; null only for one input of one element
   * @param options {@code createGraph} and {@code strict}
   * @return the output and the product, one tensor per input
   * @throws TensorException if {@code f} returns more than one element, {@code v} has the wrong
   *     length or shapes or is missing, or (strict) the output or its gradient does not depend on
   *     an input
   */
  public static Product<Tensor, Tensor[]> hvp(
      Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor[] v, Options options) {
    checkFunction("hvp", f);
    return hessianProduct("hvp", f, inputs, v, options, true);
  }

  // ---------------------------------------------------------------- the computations

  private static Tensor[][] jacobianOf(
      String op, Function<Tensor[], Tensor[]> f, Tensor[] inputs, Options options) {
    boolean createGraph = checkOptions(op, options).createGraph;
    boolean strict = options.strict;
    try (Call call = new Call(op)) {
      Tensor[] in = call.prepare(inputs, createGraph);
      Tensor[] outs = call.apply(f, in);
      checkRequiresGrad(op, outs, Kind.OUTPUTS, strict);
      Tensor[][] jacobian = new Tensor[outs.length][in.length];
      for (int i = 0; i < outs.length; i++) {
        Tensor out = outs[i];
        int n = out.numel();
        List<List<Tensor>> rows = new ArrayList<>();
        for (int k = 0; k < in.length; k++) rows.add(new ArrayList<>(n));
        for (int e = 0; e < n; e++) {
          // Row e: the gradient of out[e], one backward pass with a one-hot gradient output.
          Tensor[] row = new Tensor[in.length];
          if (out.requiresGrad()) {
            Tensor oneHot = Tensor.zeros(out.dtype(), out.shape());
            oneHot.storage.set(e, 1);
            row = grad(new Tensor[] {out}, in, new Tensor[] {oneHot}, createGraph, true);
          }
          for (int k = 0; k < in.length; k++) {
            if (row[k] != null) {
              if (strict && createGraph && !row[k].requiresGrad()) {
                throw new TensorException(
                    op
                        + ": The jacobian of the user-provided function is independent of input "
                        + k
                        + ". This is not allowed in strict mode when createGraph is set.");
              }
              rows.get(k).add(row[k]);
            } else {
              if (strict) {
                throw new TensorException(
                    op
                        + ": Output "
                        + i
                        + " of the user-provided function is independent of input "
                        + k
                        + ". This is not allowed in strict mode.");
              }
              rows.get(k).add(Tensor.zerosLike(in[k]));
            }
          }
        }
        for (int k = 0; k < in.length; k++) {
          int[] shape = concat(out.shape(), in[k].shape());
          jacobian[i][k] =
              n == 0
                  ? Tensor.zeros(in[k].dtype(), shape)
                  : Tensor.stack(rows.get(k), 0).reshape(shape);
        }
      }
      for (Tensor[] row : jacobian) postprocess(row, createGraph);
      return jacobian;
    }
  }

  private static Tensor[][] hessianOf(Function<Tensor[], Tensor> f, Tensor[] inputs, Options o) {
    boolean strict = checkOptions("hessian", o).strict;
    Function<Tensor[], Tensor[]> scalar =
        in -> {
          Tensor out = f.apply(in);
          if (out == null) throw new TensorException("hessian: the function returned null");
          checkRequiresGrad("hessian", new Tensor[] {out}, Kind.OUTPUTS, strict);
          if (out.numel() != 1) {
            throw new TensorException(
                "hessian: The Tensor returned by the function given to hessian should contain a"
                    + " single element; it has shape "
                    + Shapes.format(out.shape()));
          }
          return new Tensor[] {out.reshape()};
        };
    Function<Tensor[], Tensor[]> gradient =
        in -> {
          // Not strict here, as in PyTorch: an input the gradient misses is caught just below.
          Tensor[] g = jacobianOf("hessian", scalar, in, Options.defaults().createGraph(true))[0];
          checkRequiresGrad("hessian", g, Kind.JACOBIAN, strict);
          return g;
        };
    return jacobianOf("hessian", gradient, inputs, o);
  }

  private static Product<Tensor[], Tensor[]> vjpOf(
      Function<Tensor[], Tensor[]> f, Tensor[] inputs, Tensor[] v, Options o, boolean tuple) {
    String op = "vjp";
    boolean createGraph = checkOptions(op, o).createGraph;
    try (Call call = new Call(op)) {
      Tensor[] in = call.prepare(inputs, createGraph);
      Tensor[] outs = call.apply(f, in);
      checkRequiresGrad(op, outs, Kind.OUTPUTS, o.strict);
      if (v != null) {
        v = prepareV(op, v, outs, tuple, createGraph);
      } else if (outs.length != 1 || outs[0].numel() != 1) {
        throw new TensorException(
            op
                + ": The vector v can only be null if the user-provided function returns a single"
                + " Tensor with a single element; it returned "
                + describe(outs));
      }
      Tensor[] g = grad(outs, in, v, createGraph, createGraph);
      Tensor[] product = fillInZeros(op, g, in, o.strict, createGraph, Stage.BACK);
      return new Product<>(postprocess(outs, createGraph), postprocess(product, createGraph));
    }
  }

  private static Product<Tensor[], Tensor[]> jvpOf(
      Function<Tensor[], Tensor[]> f, Tensor[] inputs, Tensor[] v, Options o, boolean tuple) {
    String op = "jvp";
    boolean createGraph = checkOptions(op, o).createGraph;
    try (Call call = new Call(op)) {
      Tensor[] in = call.prepare(inputs, createGraph);
      v = checkVForInputs(op, v, in, tuple, createGraph);
      Tensor[] outs = call.apply(f, in);
      checkRequiresGrad(op, outs, Kind.OUTPUTS, o.strict);
      // J v = d/du ((J^T u) . v): backward is linear in u, so u's value never shows in the result
      // (zeros keep NaN and infinity out of it).
      Tensor[] u = new Tensor[outs.length];
      for (int k = 0; k < outs.length; k++) {
        if (outs[k].dtype().isFloatingPoint()) {
          u[k] = Tensor.zeros(outs[k].dtype(), outs[k].shape()).requiresGrad(true);
        }
      }
      Tensor[] gradInputs = grad(outs, in, u, true, true);
      checkRequiresGrad(op, gradInputs, Kind.GRAD_INPUTS, o.strict);
      Tensor[] g = grad(gradInputs, u, v, createGraph, createGraph);
      Tensor[] product = fillInZeros(op, g, outs, o.strict, createGraph, Stage.BACK_TRICK);
      return new Product<>(postprocess(outs, createGraph), postprocess(product, createGraph));
    }
  }

  /** vhp ({@code v^T H}: two backward passes) or hvp ({@code H v}: the double-backward trick). */
  private static Product<Tensor, Tensor[]> hessianProduct(
      String op,
      Function<Tensor[], Tensor> f,
      Tensor[] inputs,
      Tensor[] v,
      Options o,
      boolean tuple) {
    boolean createGraph = checkOptions(op, o).createGraph;
    boolean strict = o.strict;
    try (Call call = new Call(op)) {
      Tensor[] in = call.prepare(inputs, createGraph);
      v = checkVForInputs(op, v, in, tuple, createGraph);
      Tensor out = f.apply(in.clone());
      if (out == null) throw new TensorException(op + ": the function returned null");
      checkRequiresGrad(op, new Tensor[] {out}, Kind.OUTPUTS, strict);
      if (out.numel() != 1) {
        throw new TensorException(
            op
                + ": The Tensor returned by the function given to "
                + op
                + " should contain a single element; it has shape "
                + Shapes.format(out.shape()));
      }
      Tensor[] jac = grad(new Tensor[] {out}, in, null, true, true);
      checkRequiresGrad(op, jac, Kind.JACOBIAN, strict);
      Tensor[] product;
      if (op.equals("vhp")) {
        Tensor[] g = grad(jac, in, v, createGraph, createGraph);
        product = fillInZeros(op, g, in, strict, createGraph, Stage.DOUBLE_BACK);
      } else {
        // H v = d/du ((H u) . v) with H u = d (jac . u) / d in, linear in u.
        Tensor[] u = new Tensor[in.length];
        for (int k = 0; k < in.length; k++) u[k] = Tensor.zerosLike(in[k]).requiresGrad(true);
        Tensor[] doubleBack = grad(jac, in, u, true, true);
        Tensor[] g = grad(doubleBack, u, v, createGraph, createGraph);
        product = fillInZeros(op, g, in, strict, createGraph, Stage.DOUBLE_BACK_TRICK);
      }
      return new Product<>(
          postprocess(new Tensor[] {out}, createGraph)[0], postprocess(product, createGraph));
    }
  }

  // ---------------------------------------------------------------- helpers

  /**
   * One call of a function here. Its inputs are new tensors: detached leaves, or, with {@code
   * createGraph}, for an input that requires grad, a view of it (PyTorch's {@code view_as}), so
   * that the results can be differentiated with respect to the input given. The call's own backward
   * passes want gradients with respect to that view and stop there (the engine runs only what leads
   * to the inputs asked for), never reaching the caller's graph, which may be large or already
   * freed.
   */
  private static final class Call implements AutoCloseable {
    private final String op;
    private final Autograd.Scope grad = Autograd.enableGrad();

    Call(String op) {
      this.op = op;
    }

    Tensor[] prepare(Tensor[] inputs, boolean createGraph) {
      Arguments.requireNoNulls(op, "inputs", inputs);
      if (inputs.length == 0) throw new TensorException(op + ": there are no inputs");
      Tensor[] prepared = new Tensor[inputs.length];
      for (int i = 0; i < inputs.length; i++) {
        Tensor x = inputs[i];
        if (!x.dtype().isFloatingPoint()) {
          throw new TensorException(
              op
                  + ": input "
                  + i
                  + " is "
                  + x.dtype().pytorchName()
                  + "; only floating-point inputs can be differentiated");
        }
        if (createGraph && x.requiresGrad()) {
          prepared[i] = x.view(x.shape());
        } else {
          prepared[i] = x.detach().requiresGrad(true);
        }
      }
      return prepared;
    }

    Tensor[] apply(Function<Tensor[], Tensor[]> f, Tensor[] in) {
      Tensor[] outs = f.apply(in.clone());
      if (outs == null) throw new TensorException(op + ": the function returned null");
      if (outs.length == 0) throw new TensorException(op + ": the function returned no outputs");
      for (int k = 0; k < outs.length; k++) {
        if (outs[k] == null) {
          throw new TensorException(op + ": output " + k + " of the function is null");
        }
      }
      return outs.clone();
    }

    @Override
    public void close() {
      grad.close();
    }
  }

  private static Options checkOptions(String op, Options options) {
    if (options == null) {
      throw new TensorException(
          op + ": options is null; pass AutogradFunctional.Options.defaults()");
    }
    return options;
  }

  private static void checkFunction(String op, Object f) {
    Arguments.requireNonNull(op, "f", f);
  }

  private static Function<Tensor[], Tensor[]> ofOne(String op, Function<Tensor, Tensor> f) {
    checkFunction(op, f);
    return in -> {
      Tensor out = f.apply(in[0]);
      if (out == null) throw new TensorException(op + ": the function returned null");
      return new Tensor[] {out};
    };
  }

  private static Function<Tensor[], Tensor[]> ofMany(String op, Function<Tensor[], Tensor[]> f) {
    checkFunction(op, f);
    return f;
  }

  private static Tensor[] single(String op, Tensor x) {
    return new Tensor[] {Arguments.requireNonNull(op, "x", x)};
  }

  /**
   * PyTorch's {@code _autograd_grad}: the gradients of the outputs that require grad (with their
   * gradient outputs) with respect to the inputs that are there, null where none flows.
   */
  private static Tensor[] grad(
      Tensor[] outputs,
      Tensor[] inputs,
      Tensor[] gradOutputs,
      boolean createGraph,
      boolean retainGraph) {
    List<Tensor> outs = new ArrayList<>();
    List<Tensor> gradOuts = new ArrayList<>();
    for (int k = 0; k < outputs.length; k++) {
      if (outputs[k] != null && outputs[k].requiresGrad()) {
        outs.add(outputs[k]);
        gradOuts.add(gradOutputs == null ? null : gradOutputs[k]);
      }
    }
    List<Tensor> ins = new ArrayList<>();
    for (Tensor in : inputs) {
      if (in != null) ins.add(in);
    }
    Tensor[] result = new Tensor[inputs.length];
    if (outs.isEmpty() || ins.isEmpty()) return result;
    GradOptions options =
        GradOptions.defaults()
            .gradOutputs(gradOuts)
            .retainGraph(retainGraph)
            .createGraph(createGraph)
            .allowUnused(true);
    List<Tensor> g = Autograd.grad(outs, ins, options);
    int at = 0;
    for (int k = 0; k < inputs.length; k++) {
      if (inputs[k] != null) result[k] = g.get(at++);
    }
    return result;
  }

  /** Checks {@code v} against the tensors it pairs with and detaches it unless createGraph. */
  private static Tensor[] prepareV(
      String op, Tensor[] v, Tensor[] like, boolean tuple, boolean createGraph) {
    if (v.length != like.length) {
      throw new TensorException(
          op
              + ": v is an array of invalid length: should be "
              + like.length
              + " but got "
              + v.length);
    }
    Tensor[] prepared = new Tensor[v.length];
    for (int k = 0; k < v.length; k++) {
      Arguments.requireNonNull(op, tuple ? "v[" + k + "]" : "v", v[k]);
      String entry = tuple ? "Entry " + k + " in v" : "v";
      if (!Arrays.equals(v[k].shape(), like[k].shape())) {
        throw new TensorException(
            op
                + ": "
                + entry
                + " has invalid size: should be "
                + Shapes.format(like[k].shape())
                + " but got "
                + Shapes.format(v[k].shape()));
      }
      prepared[k] = createGraph && v[k].requiresGrad() ? v[k] : v[k].detach();
    }
    return prepared;
  }

  private static Tensor[] checkVForInputs(
      String op, Tensor[] v, Tensor[] in, boolean tuple, boolean createGraph) {
    if (v != null) return prepareV(op, v, in, tuple, createGraph);
    if (in.length != 1 || in[0].numel() != 1) {
      throw new TensorException(
          op
              + ": The vector v can only be null if the input to the user-provided function is a"
              + " single Tensor with a single element; the input is "
              + describe(in));
    }
    return null;
  }

  private static String describe(Tensor[] tensors) {
    StringBuilder sb = new StringBuilder(tensors.length == 1 ? "of shape " : "of shapes ");
    for (int k = 0; k < tensors.length; k++) {
      if (k > 0) sb.append(", ");
      sb.append(Shapes.format(tensors[k].shape()));
    }
    return sb.toString();
  }

  /** What {@link #checkRequiresGrad} checks, which decides its message. */
  private enum Kind {
    OUTPUTS,
    GRAD_INPUTS,
    JACOBIAN
  }

  /** PyTorch's {@code _check_requires_grad}: in strict mode, each tensor must require grad. */
  private static void checkRequiresGrad(String op, Tensor[] tensors, Kind kind, boolean strict) {
    if (!strict) return;
    for (int i = 0; i < tensors.length; i++) {
      Tensor t = tensors[i];
      if (t == null) {
        throw new TensorException(
            op
                + ": The output of the user-provided function is independent of input "
                + i
                + ". This is not allowed in strict mode.");
      }
      if (t.requiresGrad()) continue;
      switch (kind) {
        case OUTPUTS:
          throw new TensorException(
              op
                  + ": Output "
                  + i
                  + " of the user-provided function does not require gradients. The outputs"
                  + " must be computed in a differentiable manner from the input when running in"
                  + " strict mode.");
        case GRAD_INPUTS:
          throw new TensorException(
              op
                  + ": The gradient with respect to input "
                  + i
                  + " is independent of the inputs of the user-provided function. This is not"
                  + " allowed in strict mode.");
        default:
          throw new TensorException(
              op
                  + ": While computing the hessian, found that the jacobian of the user-provided"
                  + " function with respect to input "
                  + i
                  + " is independent of the input. This is not allowed in strict mode. You"
                  + " should ensure that your function is twice differentiable and that the"
                  + " jacobian depends on the inputs (this would be violated by a linear function"
                  + " for example).");
      }
    }
  }

  /** Which backward pass a missing gradient comes from, which decides the strict message. */
  private enum Stage {
    BACK,
    BACK_TRICK,
    DOUBLE_BACK,
    DOUBLE_BACK_TRICK
  }

  /** PyTorch's {@code _fill_in_zeros}: zeros (or, strict, an error) where no gradient flowed. */
  private static Tensor[] fillInZeros(
      String op, Tensor[] grads, Tensor[] refs, boolean strict, boolean createGraph, Stage stage) {
    Tensor[] result = new Tensor[grads.length];
    for (int i = 0; i < grads.length; i++) {
      Tensor g = grads[i];
      if (g == null) {
        if (strict) {
          String message;
          switch (stage) {
            case BACK:
              message =
                  "The output of the user-provided function is independent of input "
                      + i
                      + ". This is not allowed in strict mode.";
              break;
            case BACK_TRICK:
              message =
                  "The gradient with respect to the input is independent of entry "
                      + i
                      + " in the grad_outputs when using the double backward trick to compute"
                      + " forward mode gradients. This is not allowed in strict mode.";
              break;
            case DOUBLE_BACK:
              message =
                  "The jacobian of the user-provided function is independent of input "
                      + i
                      + ". This is not allowed in strict mode.";
              break;
            default:
              message =
                  "The hessian of the user-provided function is independent of entry "
                      + i
                      + " in the grad_jacobian. This is not allowed in strict mode as it prevents"
                      + " from using the double backward trick to replace forward mode AD.";
          }
          throw new TensorException(op + ": " + message);
        }
        g = Tensor.zerosLike(refs[i]);
      } else if (strict && createGraph && !g.requiresGrad()) {
        String what = stage == Stage.BACK || stage == Stage.BACK_TRICK ? "jacobian" : "hessian";
        throw new TensorException(
            op
                + ": The "
                + what
                + " of the user-provided function is independent of input "
                + i
                + ". This is not allowed in strict mode when createGraph is set.");
      }
      result[i] = g;
    }
    return result;
  }

  /** Without createGraph the results are cut from the graph the call built, as in PyTorch. */
  private static Tensor[] postprocess(Tensor[] tensors, boolean createGraph) {
    if (!createGraph) {
      for (int i = 0; i < tensors.length; i++) {
        if (tensors[i] != null && tensors[i].requiresGrad()) tensors[i] = tensors[i].detach();
      }
    }
    return tensors;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
