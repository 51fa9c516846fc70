package dev.autograd;

import dev.autograd.internal.Arguments;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Checks the gradients autograd computes against central finite differences, in float64, as {@code
 * torch.autograd.gradcheck} and {@code torch.autograd.gradgradcheck} do.
 *
 * <p>For each input that requires grad and each of its elements {@code x_k}, the numerical
 * derivative of output element {@code j} is {@code (f_j(x + eps e_k) - f_j(x - eps e_k)) / (2
 * eps)}; the analytical one is row {@code j} of the Jacobian found by backward with a one-hot
 * gradient. They must agree within {@code atol + rtol |numerical|} (see {@link GradCheckOptions}).
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(3).to(DType.FLOAT64).requiresGrad(true);
 * GradCheck.check(in -> in[0].sin().mul(in[0]), x).passed();         // true, or throws
 * GradCheck.gradgradcheck(in -> in[0].sin().mul(in[0]), x).passed(); // second derivatives too
 * }</pre>
 *
 * <p>Each check returns a {@link GradCheckReport}: the worst errors per input and where they are.
 * By default a mismatch throws a {@link GradCheckException} naming the first one, in PyTorch's
 * words ({@code Jacobian mismatch for output 0 with respect to input 1}); with {@link
 * GradCheckOptions#raiseException(boolean) raiseException(false)} the report says it instead.
 */
public final class GradCheck {
  private GradCheck() {}

  /** The seed of the gradient outputs gradgradcheck draws when it is given none. */
  private static final long GRAD_OUTPUTS_SEED = 0;

  /**
   * Compares the analytical and numerical Jacobians of {@code f} at {@code inputs}, with PyTorch's
   * defaults: eps 1e-6, atol 1e-5, rtol 1e-3.
   *
   * @param f the function; it receives copies of the inputs, in order
   * @param inputs FLOAT64 tensors; those that require grad are checked (at least one)
   * @return the worst errors for each checked input; {@link GradCheckReport#passed()} is true
   * @throws GradCheckException naming the output and its element, the input and its element, and
   *     both values, at the first disagreement
   * @throws TensorException if no input requires grad, or one that does is not FLOAT64
   */
  public static GradCheckReport check(Function<Tensor[], Tensor> f, Tensor... inputs) {
    return check(f, GradCheckOptions.defaults(), inputs);
  }

  /**
   * Compares the analytical and numerical Jacobians of {@code f} at {@code inputs}, with the step
   * and tolerances of {@code options}.
   *
   * <pre>{@code
   * GradCheckReport r = GradCheck.check(f, GradCheckOptions.defaults().raiseException(false), x);
   * if (!r.passed()) System.out.println(r); // the worst errors and the first mismatch per input
   * }</pre>
   *
   * @param f the function; it receives copies of the inputs, in order
   * @param options the step, the tolerances and whether a mismatch throws
   * @param inputs FLOAT64 tensors; those that require grad are checked (at least one)
   * @return the worst errors for each checked input
   * @throws GradCheckException at the first disagreement, unless {@code options} say not to
   * @throws TensorException if an argument is null, no input requires grad, or one that does is not
   *     FLOAT64
   */
  public static GradCheckReport check(
      Function<Tensor[], Tensor> f, GradCheckOptions options, Tensor... inputs) {
    Arguments.requireNonNull("gradcheck", "f", f);
    return run("gradcheck", single("gradcheck", f), options, inputs, null);
  }

  /**
   * Compares the analytical and numerical Jacobians of a function with several outputs, as {@code
   * torch.autograd.gradcheck} of a function that returns a tuple: every output with respect to
   * every input that requires grad. A mismatch names the output by its position in the array.
   *
   * <pre>{@code
   * GradCheck.checkOutputs(in -> new Tensor[] {in[0].sin(), in[0].mul(in[1])}, x, y);
   * }</pre>
   *
   * @param f the function; it receives copies of the inputs, in order, and returns its outputs (an
   *     output that does not require grad has analytical derivatives 0)
   * @param inputs FLOAT64 tensors; those that require grad are checked (at least one)
   * @return the worst errors for each checked input
   * @throws GradCheckException at the first disagreement
   * @throws TensorException if no input requires grad, or one that does is not FLOAT64
   */
  public static GradCheckReport checkOutputs(Function<Tensor[], Tensor[]> f, Tensor... inputs) {
    return checkOutputs(f, GradCheckOptions.defaults(), inputs);
  }

  /**
   * Compares the analytical and numerical Jacobians of a function with several outputs, with the
   * step and tolerances of {@code options}; see {@link #checkOutputs(Function, Tensor...)}.
   *
   * @param f the function; it receives copies of the inputs, in order, and returns its outputs
   * @param options the step, the tolerances and whether a mismatch throws
   * @param inputs FLOAT64 tensors; those that require grad are checked (at least one)
   * @return the worst errors for each checked input
   * @throws GradCheckException at the first disagreement, unless {@code options} say not to
   * @throws TensorException if an argument is null, f returns null or a different number of outputs
   *     from one call to the next, no input requires grad, or one that does is not FLOAT64
   */
  public static GradCheckReport checkOutputs(
      Function<Tensor[], Tensor[]> f, GradCheckOptions options, Tensor... inputs) {
    Arguments.requireNonNull("gradcheck", "f", f);
    return run("gradcheck", f, options, inputs, null);
  }

  /**
   * Checks the second derivatives of {@code f}, as {@code torch.autograd.gradgradcheck}: the
   * function {@code (inputs, v) -> d(sum(v * f(inputs))) / d inputs}, the gradient computed with
   * {@link GradOptions#createGraph(boolean) createGraph}, must itself pass {@link #checkOutputs},
   * with respect to the inputs and to {@code v}. The gradient output {@code v} is drawn uniformly
   * from [-1, 1) with a fixed seed, so that runs repeat.
   *
   * @param f the function; it receives copies of the inputs, in order
   * @param inputs FLOAT64 tensors; those that require grad are checked (at least one)
   * @return the worst errors of the gradient's Jacobian; see {@link #gradgradcheck(Function,
   *     Tensor, GradCheckOptions, Tensor...)} for how its outputs and inputs are numbered
   * @throws GradCheckException at the first disagreement
   * @throws TensorException if no input requires grad, or one that does is not FLOAT64
   */
  public static GradCheckReport gradgradcheck(Function<Tensor[], Tensor> f, Tensor... inputs) {
    return gradgradcheck(f, null, GradCheckOptions.defaults(), inputs);
  }

  /**
   * Checks the second derivatives of {@code f} with the step and tolerances of {@code options}; see
   * {@link #gradgradcheck(Function, Tensor...)}.
   *
   * @param f the function; it receives copies of the inputs, in order
   * @param options the step, the tolerances and whether a mismatch throws
   * @param inputs FLOAT64 tensors; those that require grad are checked (at least one)
   * @return the worst errors of the gradient's Jacobian
   * @throws GradCheckException at the first disagreement, unless {@code options} say not to
   * @throws TensorException if an argument is null, no input requires grad, or one that does is not
   *     FLOAT64
   */
  public static GradCheckReport gradgradcheck(
      Function<Tensor[], Tensor> f, GradCheckOptions options, Tensor... inputs) {
    return gradgradcheck(f, null, options, inputs);
  }

  /**
   * Checks the second derivatives of {@code f} along a given gradient output {@code v}, as {@code
   * torch.autograd.gradgradcheck(f, inputs, grad_outputs)}.
   *
   * <p>The function checked is {@code (inputs..., v) -> gradients}: its outputs are the gradients
   * of {@code sum(v * f(inputs))} with respect to the inputs that require grad, in order (output 0
   * for the first of them), and its inputs are {@code inputs} followed by {@code v}, at position
   * {@code inputs.length}. The report and a mismatch's message number them so, and say it.
   *
   * <pre>{@code
   * Tensor v = Tensor.of(new double[] {1, -0.5}, DType.FLOAT64, 2);
   * GradCheck.gradgradcheck(in -> in[0].pow(3), v, GradCheckOptions.defaults(), x);
   * }</pre>
   *
   * @param f the function; it receives copies of the inputs, in order
   * @param gradOutput {@code v}, a FLOAT64 tensor shaped like f's output; null to draw one
   *     uniformly from [-1, 1) with a fixed seed
   * @param options the step, the tolerances and whether a mismatch throws
   * @param inputs FLOAT64 tensors; those that require grad are checked (at least one)
   * @return the worst errors of the gradient's Jacobian, with respect to each checked input and to
   *     {@code v}
   * @throws GradCheckException at the first disagreement, unless {@code options} say not to
   * @throws TensorException if an argument other than {@code gradOutput} is null, no input requires
   *     grad, one that does is not FLOAT64, or {@code gradOutput} is not FLOAT64 or not shaped like
   *     the output
   */
  public static GradCheckReport gradgradcheck(
      Function<Tensor[], Tensor> f, Tensor gradOutput, GradCheckOptions options, Tensor... inputs) {
    String name = "gradgradcheck";
    Arguments.requireNonNull(name, "f", f);
    checkArguments(name, options, inputs);
    int n = inputs.length;
    Tensor out;
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      out = f.apply(detachedCopies(inputs));
    }
    if (out == null) throw new TensorException(name + ": the function returned null");
    Tensor v;
    if (gradOutput == null) {
      Generator gen = new Generator(GRAD_OUTPUTS_SEED);
      double[] values = new double[out.numel()];
      for (int i = 0; i < values.length; i++) values[i] = 2 * gen.nextUniform() - 1;
      // NOTE: reshaped, since Tensor.of reads no shape as [n], and a 0-dim output has none
      v = Tensor.of(values, DType.FLOAT64).reshape(out.shape());
    } else if (gradOutput.dtype() != DType.FLOAT64) {
      throw new TensorException(
          name
              + ": the gradient output is "
              + gradOutput.dtype().pytorchName()
              + "; finite differences need FLOAT64 (call to(DType.FLOAT64))");
    } else if (!Arrays.equals(gradOutput.shape(), out.shape())) {
      throw new TensorException(
          name
              + ": the gradient output has shape "
              + Arrays.toString(gradOutput.shape())
              + " but the output has shape "
              + Arrays.toString(out.shape()));
    } else {
      v = gradOutput;
    }
    Tensor[] all = Arrays.copyOf(inputs, n + 1);
    // NOTE: v requires grad: the gradient is linear in it, and its derivative with respect to v is
    // checked too, as in PyTorch.
    all[n] = v.detach().clone().requiresGrad(true);
    List<Integer> differentiable = new ArrayList<>();
    for (int i = 0; i < n; i++) if (inputs[i].requiresGrad()) differentiable.add(i);
    Function<Tensor[], Tensor[]> gradient =
        t -> {
          // NOTE: GradCheck evaluates the function under noGrad for its finite differences; the
          // gradient needs a recorded forward all the same.
          try (Autograd.Scope ignored = Autograd.enableGrad()) {
            Tensor[] xs = Arrays.copyOf(t, n);
            Tensor y = f.apply(xs);
            if (y == null) throw new TensorException(name + ": the function returned null");
            List<Tensor> wrt = new ArrayList<>();
            for (int i : differentiable) wrt.add(xs[i]);
            return Autograd.grad(
                    List.of(y),
                    wrt,
                    GradOptions.defaults()
                        .gradOutputs(t[n])
                        .createGraph(true)
                        .materializeGrads(true))
                .toArray(new Tensor[0]);
          }
        };
    String legend =
        "in gradgradcheck, the outputs are the gradients with respect to inputs "
            + differentiable
            + ", in order, and input "
            + n
            + " is the gradient output";
    return run(name, gradient, options, all, legend);
  }

  /** The one-output function as one of several outputs. */
  private static Function<Tensor[], Tensor[]> single(String name, Function<Tensor[], Tensor> f) {
    return in -> {
      Tensor out = f.apply(in);
      if (out == null) throw new TensorException(name + ": the function returned null");
      return new Tensor[] {out};
    };
  }

  private static void checkArguments(String name, GradCheckOptions options, Tensor[] inputs) {
    if (options == null) {
      throw new TensorException(
          name + ": options is null; pass GradCheckOptions.defaults() for PyTorch's");
    }
    Arguments.requireNoNulls(name, "inputs", inputs);
    boolean any = false;
    for (int i = 0; i < inputs.length; i++) {
      Tensor in = inputs[i];
      if (!in.requiresGrad()) continue;
      any = true;
      if (in.dtype() != DType.FLOAT64) {
        throw new TensorException(
            name
                + ": input "
                + i
                + " requires grad but is "
                + in.dtype().pytorchName()
                + "; finite differences need FLOAT64 (call to(DType.FLOAT64))");
      }
    }
    if (!any) {
      throw new TensorException(
          name
              + ": no input requires grad; call requiresGrad(true) on those to check (as PyTorch,"
              + " which expects at least one)");
    }
  }

  private static Tensor[] detachedCopies(Tensor[] inputs) {
    Tensor[] copies = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      copies[i] = inputs[i].requiresGrad() ? inputs[i].detach().clone() : inputs[i];
    }
    return copies;
  }

  /** The outputs of one call of f, checked against those of the first call. */
  private static Tensor[] outputs(
      String name, Function<Tensor[], Tensor[]> f, Tensor[] work, int[] numels) {
    Tensor[] outs = f.apply(work.clone());
    if (outs == null) throw new TensorException(name + ": the function returned null");
    if (numels != null && outs.length != numels.length) {
      throw new TensorException(
          name
              + ": the function returned "
              + outs.length
              + " outputs, then "
              + numels.length
              + "; it must return the same outputs for every input");
    }
    for (int o = 0; o < outs.length; o++) {
      if (outs[o] == null) throw new TensorException(name + ": output " + o + " is null");
      if (numels != null && outs[o].numel() != numels[o]) {
        throw new TensorException(
            name
                + ": output "
                + o
                + " had "
                + numels[o]
                + " elements, then "
                + outs[o].numel()
                + "; it must keep its shape when the inputs move by eps");
      }
    }
    return outs;
  }

  /**
   * The values of the outputs, read at once: an output may be a view of an input (f = reshape),
   * which the next step changes.
   */
  private static double[][] values(Tensor[] outs) {
    double[][] v = new double[outs.length][];
    for (int o = 0; o < outs.length; o++) v[o] = outs[o].toDoubleArray();
    return v;
  }

  private static GradCheckReport run(
      String name,
      Function<Tensor[], Tensor[]> f,
      GradCheckOptions options,
      Tensor[] inputs,
      String legend) {
    checkArguments(name, options, inputs);
    Tensor[] work = new Tensor[inputs.length];
    List<Integer> checked = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      Tensor in = inputs[i];
      if (in.requiresGrad()) {
        checked.add(i);
        work[i] = in.detach().clone().requiresGrad(true);
      } else {
        work[i] = in;
      }
    }
    Tensor[] outs;
    // NOTE: recorded even inside a caller's noGrad(): the analytical derivatives need the graph.
    try (Autograd.Scope ignored = Autograd.enableGrad()) {
      outs = outputs(name, f, work, null);
    }
    int[] numels = new int[outs.length];
    for (int o = 0; o < outs.length; o++) numels[o] = outs[o].numel();
    List<Tensor> wrt = new ArrayList<>();
    for (int c : checked) wrt.add(work[c]);
    // analytical[o][c][j][k]: d outs[o]_j / d input_c[k]
    double[][][][] analytical = new double[outs.length][checked.size()][][];
    for (int o = 0; o < outs.length; o++) {
      Tensor out = outs[o];
      for (int c = 0; c < checked.size(); c++) {
        analytical[o][c] = new double[numels[o]][wrt.get(c).numel()];
      }
      if (!out.requiresGrad()) continue; // a constant output: its derivatives are 0
      for (int j = 0; j < numels[o]; j++) {
        Tensor oneHot = Tensor.zeros(out.dtype(), out.shape());
        oneHot.storage.set(j, 1);
        List<Tensor> grads =
            Autograd.grad(
                List.of(out),
                wrt,
                GradOptions.defaults().gradOutputs(oneHot).retainGraph(true).allowUnused(true));
        for (int c = 0; c < checked.size(); c++) {
          Tensor g = grads.get(c);
          if (g != null) analytical[o][c][j] = g.toDoubleArray();
        }
      }
    }
    // numerical[o][c][j][k], one column k at a time: two evaluations of f per input element
    double eps = options.eps();
    double[][][][] numerical = new double[outs.length][checked.size()][][];
    for (int o = 0; o < outs.length; o++) {
      for (int c = 0; c < checked.size(); c++) {
        numerical[o][c] = new double[numels[o]][wrt.get(c).numel()];
      }
    }
    for (int c = 0; c < checked.size(); c++) {
      Tensor x = work[checked.get(c)];
      for (int k = 0; k < x.numel(); k++) {
        double original = x.storage.get(k);
        double[][] plus;
        double[][] minus;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
          x.storage.set(k, original + eps);
          plus = values(outputs(name, f, work, numels));
          x.storage.set(k, original - eps);
          minus = values(outputs(name, f, work, numels));
        } finally {
          x.storage.set(k, original);
        }
        for (int o = 0; o < outs.length; o++) {
          for (int j = 0; j < numels[o]; j++) {
            numerical[o][c][j][k] = (plus[o][j] - minus[o][j]) / (2 * eps);
          }
        }
      }
    }
    List<GradCheckReport.InputCheck> results = new ArrayList<>();
    GradCheckReport.Entry first = null;
    int firstInput = -1;
    for (int c = 0; c < checked.size(); c++) {
      GradCheckReport.Entry worstAbsolute = null;
      GradCheckReport.Entry worstRelative = null;
      GradCheckReport.Entry mismatch = null;
      for (int o = 0; o < outs.length; o++) {
        for (int k = 0; k < wrt.get(c).numel(); k++) {
          for (int j = 0; j < numels[o]; j++) {
            double a = analytical[o][c][j][k];
            double n = numerical[o][c][j][k];
            GradCheckReport.Entry e = new GradCheckReport.Entry(o, j, k, n, a);
            if (worstAbsolute == null || worse(e.absoluteError(), worstAbsolute.absoluteError())) {
              worstAbsolute = e;
            }
            if (worstRelative == null || worse(e.relativeError(), worstRelative.relativeError())) {
              worstRelative = e;
            }
            if (mismatch == null && !options.agree(a, n)) mismatch = e;
          }
        }
      }
      results.add(
          new GradCheckReport.InputCheck(checked.get(c), worstAbsolute, worstRelative, mismatch));
      // PyTorch's order: the first output with a mismatch, then the first input
      if (mismatch != null && (first == null || mismatch.output() < first.output())) {
        first = mismatch;
        firstInput = checked.get(c);
      }
    }
    if (first != null && options.raiseException()) {
      throw new GradCheckException(mismatchMessage(first, firstInput, options, legend));
    }
    return new GradCheckReport(name, options, results, legend);
  }

  /** Whether an error is worse than the worst so far: larger, or NaN (a NaN stays the worst). */
  private static boolean worse(double error, double worst) {
    if (Double.isNaN(worst)) return false;
    return Double.isNaN(error) || error > worst;
  }

  private static String mismatchMessage(
      GradCheckReport.Entry e, int input, GradCheckOptions options, String legend) {
    return "Jacobian mismatch for output "
        + e.output()
        + " (element "
        + e.outputElement()
        + ") with respect to input "
        + input
        + " (element "
        + e.inputElement()
        + "): numerical "
        + e.numerical()
        + ", analytical "
        + e.analytical()
        + " (tolerance atol "
        + options.atol()
        + " + rtol "
        + options.rtol()
        + " * |numerical|)"
        + (legend == null ? "" : "; " + legend);
  }
}
