package dev.autograd;

import dev.autograd.testing.Attrs;
import dev.autograd.testing.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * One op of the table that drives {@link OpInfoTest}, after PyTorch's {@code OpInfo}: how to call
 * it, a reference implementation of its forward value in plain Java doubles, the inputs to try it
 * on and where they may be drawn from, and what can be checked about its gradient.
 *
 * <p>The reference implementations never call the library: they are element-wise formulas, or plain
 * loops over row-major arrays ({@link Arr}) for broadcasting, reductions, shape ops and matmul.
 *
 * @param name the name shown in the test names, such as {@code "exp"} or {@code "sum"}
 * @param arity the number of tensor inputs, or -1 for a list (cat, stack)
 * @param op calls the library: the inputs and the sample (for non-tensor arguments) to the result
 * @param ref the reference implementation of {@code op}
 * @param samples the inputs to try: shapes (with broadcast cases and a 0-d case) and arguments
 * @param errorSamples inputs for which the op must throw a {@link TensorException}
 * @param domains where each input's values are drawn from (the last one serves the rest)
 * @param differentiable whether the result carries a gradient back to the inputs
 * @param gradcheck whether the float64 gradient is compared with finite differences
 * @param gradgrad whether the gradient is differentiated again and checked the same way
 * @param resultType the result's type for inputs of a given floating point type
 * @param constantInputs inputs that never require grad (the condition of where)
 * @param pytorch the PyTorch ops of the golden files that this row's op answers, and how to call it
 *     with a case's arguments (see {@code GoldenOpsTest})
 */
record OpInfo(
    String name,
    int arity,
    Op op,
    Reference ref,
    List<Sample> samples,
    List<Sample> errorSamples,
    List<Domain> domains,
    boolean differentiable,
    boolean gradcheck,
    boolean gradgrad,
    UnaryOperator<DType> resultType,
    Set<Integer> constantInputs,
    Map<String, TorchCall> pytorch) {

  /** This row's op called as PyTorch's op of a golden case, with that case's arguments. */
  @FunctionalInterface
  interface TorchCall {
    Tensor apply(Attrs attrs, Tensor[] inputs);
  }

  /** Calls the library. */
  @FunctionalInterface
  interface Op {
    Tensor apply(Tensor[] inputs, Sample sample);
  }

  /** Computes the expected result in plain doubles. */
  @FunctionalInterface
  interface Reference {
    Arr apply(Arr[] inputs, Sample sample);
  }

  /** The op as a function of its tensors alone, for {@link GradCheck}. */
  Function<Tensor[], Tensor> bind(Sample sample) {
    return in -> op.apply(in, sample);
  }

  Domain domain(int input) {
    return domains.get(Math.min(input, domains.size() - 1));
  }

  /** Whether input {@code i} is made to require grad in the gradient tests. */
  boolean requiresGrad(int input) {
    return differentiable && !constantInputs.contains(input);
  }

  // ================================================================ samples and domains

  /**
   * The inputs of one test: a shape per tensor input, and the op's other arguments.
   *
   * @param noncontiguous whether inputs of 2 or more dims are made as transposed views (their
   *     strides are not row-major)
   */
  record Sample(int[][] shapes, Object[] args, String desc, boolean noncontiguous) {
    static Sample of(int[]... shapes) {
      return new Sample(shapes, new Object[0], "", false);
    }

    /** This sample with non-tensor arguments, described as {@code desc} in the test name. */
    Sample with(String desc, Object... args) {
      return new Sample(shapes, args, desc, noncontiguous);
    }

    Sample noncontig() {
      return new Sample(shapes, args, desc, true);
    }

    int i(int k) {
      return (Integer) args[k];
    }

    boolean b(int k) {
      return (Boolean) args[k];
    }

    double d(int k) {
      return ((Number) args[k]).doubleValue();
    }

    int[] ints(int k) {
      return (int[]) args[k];
    }

    long[] longs(int k) {
      return (long[]) args[k];
    }

    Reduction reduction(int k) {
      return (Reduction) args[k];
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (int k = 0; k < shapes.length; k++) {
        if (k > 0) sb.append(", ");
        sb.append(Arrays.toString(shapes[k]));
      }
      if (noncontiguous) sb.append(" noncontiguous");
      if (!desc.isEmpty()) sb.append(' ').append(desc);
      return sb.toString();
    }
  }

  /**
   * Where an input's values come from: uniform in [lo, hi] (or integers there, to get ties), at
   * least {@code margin} away from each of the {@code avoid} points (kinks and poles, where finite
   * differences are not valid).
   */
  record Domain(double lo, double hi, boolean integers, double margin, double[] avoid) {
    static Domain of(double lo, double hi) {
      return new Domain(lo, hi, false, 0, new double[0]);
    }

    static Domain integers(int lo, int hi) {
      return new Domain(lo, hi, true, 0, new double[0]);
    }

    Domain avoiding(double margin, double... points) {
      return new Domain(lo, hi, integers, margin, points);
    }

    double[] sample(Generator gen, int n) {
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        double v;
        do {
          double u = gen.nextUniform();
          v = integers ? lo + Math.floor(u * (hi - lo + 1)) : lo + (hi - lo) * u;
        } while (tooClose(v));
        out[i] = v;
      }
      return out;
    }

    private boolean tooClose(double v) {
      for (double p : avoid) if (Math.abs(v - p) < margin) return true;
      return false;
    }
  }

  static int[] s(int... shape) {
    return shape;
  }

  static final double INF = Double.POSITIVE_INFINITY;

  // ================================================================ building the table

  /** Builds an {@link OpInfo}; the defaults suit a differentiable op on floats in [-2, 2]. */
  static final class Builder {
    private final String name;
    private final int arity;
    private final Op op;
    private final Reference ref;
    private List<Sample> samples = List.of();
    private List<Sample> errors = List.of();
    private List<Domain> domains = List.of(Domain.of(-2, 2));
    private boolean differentiable = true;
    private boolean gradcheck = true;
    private boolean gradgrad = true;
    private UnaryOperator<DType> resultType = t -> t;
    private Set<Integer> constants = Set.of();
    private final Map<String, TorchCall> pytorch = new LinkedHashMap<>();

    Builder(String name, int arity, Op op, Reference ref) {
      this.name = name;
      this.arity = arity;
      this.op = op;
      this.ref = ref;
    }

    Builder samples(List<Sample> s) {
      samples = s;
      return this;
    }

    Builder samples(Sample... s) {
      return samples(List.of(s));
    }

    Builder errors(Sample... s) {
      errors = List.of(s);
      return this;
    }

    Builder domain(double lo, double hi) {
      return domains(Domain.of(lo, hi));
    }

    Builder domains(Domain... d) {
      domains = List.of(d);
      return this;
    }

    /** Not differentiable: comparisons, indices, integer results. */
    Builder notDifferentiable() {
      differentiable = false;
      gradcheck = false;
      gradgrad = false;
      return this;
    }

    /** Differentiable, but not checkable by float64 finite differences (a float32 result). */
    Builder noGradcheck() {
      gradcheck = false;
      gradgrad = false;
      return this;
    }

    Builder noGradgrad() {
      gradgrad = false;
      return this;
    }

    Builder resultType(DType t) {
      resultType = ignored -> t;
      return this;
    }

    Builder constant(Integer... inputs) {
      constants = Set.of(inputs);
      return this;
    }

    /**
     * The golden files' PyTorch op {@code torchOp} is this row's op, called as {@code call} with a
     * case's arguments.
     */
    Builder pytorch(String torchOp, TorchCall call) {
      pytorch.put(torchOp, call);
      return this;
    }

    /** The golden files' PyTorch op {@code torchOp} is this row's op, which takes no arguments. */
    Builder pytorch(String torchOp) {
      return pytorch(torchOp, (attrs, in) -> op.apply(in, Sample.of()));
    }

    OpInfo build() {
      return new OpInfo(
          name,
          arity,
          op,
          ref,
          samples,
          errors,
          domains,
          differentiable,
          gradcheck,
          gradgrad,
          resultType,
          constants,
          Map.copyOf(pytorch));
    }
  }

  static Builder op(String name, int arity, Op op, Reference ref) {
    return new Builder(name, arity, op, ref);
  }

  static Builder unary(String name, UnaryOperator<Tensor> f, DoubleUnaryOperator ref) {
    return op(name, 1, (t, s) -> f.apply(t[0]), (a, s) -> map(a[0], ref)).samples(UNARY);
  }

  static Builder binary(String name, BinaryOperator<Tensor> f, DoubleBinaryOperator ref) {
    return op(name, 2, (t, s) -> f.apply(t[0], t[1]), (a, s) -> zip(a[0], a[1], ref))
        .samples(BINARY)
        .errors(BINARY_ERRORS);
  }

  static final List<Sample> UNARY =
      List.of(
          Sample.of(s()),
          Sample.of(s(5)),
          Sample.of(s(2, 3)),
          Sample.of(s(2, 3, 4)),
          Sample.of(s(3, 2)).noncontig());

  static final List<Sample> BINARY =
      List.of(
          Sample.of(s(2, 3), s(2, 3)),
          Sample.of(s(4, 2, 3), s(2, 1)),
          Sample.of(s(3), s()),
          Sample.of(s(), s(3)),
          Sample.of(s(2, 1), s(1, 3)),
          Sample.of(s(), s()),
          Sample.of(s(3, 2), s(3, 2)).noncontig());

  static final Sample[] BINARY_ERRORS = {Sample.of(s(2, 3), s(4)), Sample.of(s(2, 3), s(3, 2))};

  /** A sample of a reduction: over all dims when {@code dims} is null. */
  static Sample reduceSample(int[] shape, int[] dims, boolean keepDim) {
    String desc =
        dims == null
            ? "all"
            : (dims.length == 1 ? "dim=" + dims[0] : "dims=" + Arrays.toString(dims))
                + " keepDim="
                + keepDim;
    return Sample.of(shape).with(desc, dims, keepDim);
  }

  static final List<Sample> REDUCE =
      List.of(
          reduceSample(s(2, 3, 4), null, false),
          reduceSample(s(2, 3, 4), s(1), false),
          reduceSample(s(2, 3, 4), s(1), true),
          reduceSample(s(2, 3, 4), s(0, 2), false),
          reduceSample(s(2, 3, 4), s(0, 2), true),
          reduceSample(s(2, 3, 4), s(-1), false),
          reduceSample(s(5), s(0), false),
          reduceSample(s(), null, false),
          reduceSample(s(), s(0), false),
          reduceSample(s(), s(0), true),
          reduceSample(s(3, 2), s(0), false).noncontig());

  /** Samples reducing exactly one dim (never null). */
  static final List<Sample> REDUCE_ONE_DIM =
      List.of(
          reduceSample(s(2, 3, 4), s(1), false),
          reduceSample(s(2, 3, 4), s(1), true),
          reduceSample(s(2, 3, 4), s(-1), false),
          reduceSample(s(5), s(0), false),
          reduceSample(s(5), s(0), true),
          reduceSample(s(), s(0), false),
          reduceSample(s(3, 2), s(1), false).noncontig());

  /** Samples reducing exactly one dim, which is removed (keepDim false). */
  static final List<Sample> DIM_REMOVED = REDUCE_ONE_DIM.stream().filter(s -> !s.b(1)).toList();

  /** Calls the overload matching a {@link #reduceSample}: all dims, one dim, or several. */
  @FunctionalInterface
  interface OneDim {
    Tensor apply(Tensor x, int dim, boolean keepDim);
  }

  @FunctionalInterface
  interface ManyDims {
    Tensor apply(Tensor x, int[] dims, boolean keepDim);
  }

  static Op reduction(Function<Tensor, Tensor> all, OneDim one, ManyDims many) {
    return (t, s) -> {
      int[] dims = s.ints(0);
      if (dims == null) return all.apply(t[0]);
      if (dims.length == 1) return one.apply(t[0], dims[0], s.b(1));
      return many.apply(t[0], dims, s.b(1));
    };
  }

  static Reference reductionRef(ToDoubleFunction<double[]> f) {
    return (a, s) -> reduce(a[0], s.ints(0), s.b(1), f);
  }

  static List<Sample> withReductions(Sample... base) {
    List<Sample> out = new ArrayList<>();
    for (Sample b : base) {
      for (Reduction r : Reduction.values()) {
        String desc = (b.desc().isEmpty() ? "" : b.desc() + " ") + "reduction=" + r;
        Object[] args = Arrays.copyOf(b.args(), b.args().length + 1);
        args[args.length - 1] = r;
        out.add(new Sample(b.shapes(), args, desc, b.noncontiguous()));
      }
    }
    return out;
  }

  static Reduction lastReduction(Sample s) {
    return s.reduction(s.args().length - 1);
  }

  // ================================================================ the table

  static final List<Sample> SOFTMAX =
      List.of(
          Sample.of(s(2, 3)).with("dim=1", 1),
          Sample.of(s(2, 3)).with("dim=0", 0),
          Sample.of(s(2, 3, 4)).with("dim=-1", -1),
          Sample.of(s(2, 3, 4)).with("dim=1", 1),
          Sample.of(s(5)).with("dim=0", 0),
          Sample.of(s()).with("dim=0", 0),
          Sample.of(s(3, 2)).noncontig().with("dim=1", 1));

  /** Samples of the running sums and products along one dim. */
  static final List<Sample> SCANS =
      List.of(
          Sample.of(s(3, 4)).with("dim=1", 1),
          Sample.of(s(3, 4)).with("dim=0", 0),
          Sample.of(s(2, 3, 2)).with("dim=-2", -2),
          Sample.of(s()).with("dim=0", 0),
          Sample.of(s(4, 3)).noncontig().with("dim=1", 1));

  private static final List<Sample> GATHER =
      List.of(
          gatherSample(s(3, 4), 1, new long[] {0, 3, 3, 1, 1, 0, 2, 0, 3}, s(3, 3)),
          gatherSample(s(3, 4), -2, new long[] {2, 0, 1, 1, 0, 0, 2, 1}, s(2, 4)),
          gatherSample(s(2, 3, 2), 1, new long[] {2, 0, 1, 1}, s(2, 1, 2)),
          gatherSample(s(4), 0, new long[] {2, 2, 0}, s(3)),
          gatherSample(s(4), 0, new long[] {3}, s()),
          gatherSample(s(), 0, new long[] {0}, s()),
          gatherSample(s(3, 4), 1, new long[0], s(3, 0)),
          gatherSample(s(3, 2), 0, new long[] {2, 0, 1, 1}, s(2, 2)).noncontig());

  private static final Sample[] GATHER_ERRORS = {
    gatherSample(s(2, 3), 1, new long[] {0, 3}, s(1, 2)),
    gatherSample(s(2, 3), 1, new long[] {-1}, s(1, 1)),
    gatherSample(s(2, 3), 1, new long[] {0, 1}, s(2)),
    gatherSample(s(2, 3), 1, new long[] {0, 1, 1}, s(3, 1)),
    gatherSample(s(2, 3), 2, new long[] {0}, s(1, 1))
  };

  /** Scatter's samples: no position is written twice (PyTorch's result is undefined there). */
  private static final List<Sample> SCATTER =
      List.of(
          scatterSample(s(3, 4), s(3, 2), 1, new long[] {3, 0, 1, 2, 0, 3}, s(3, 2)),
          scatterSample(s(3, 4), s(1, 4), -2, new long[] {2, 0, 1, 1}, s(1, 4)),
          scatterSample(s(3, 4), s(3, 5), 1, new long[] {3, 1, 2}, s(3, 1)),
          scatterSample(s(2, 3, 2), s(2, 1, 2), 1, new long[] {2, 0, 1, 1}, s(2, 1, 2)),
          scatterSample(s(), s(), 0, new long[] {0}, s()),
          scatterSample(s(3, 2), s(2, 2), 0, new long[] {2, 0, 1, 1}, s(2, 2)).noncontig());

  /** Scatter-add's samples, with positions written more than once. */
  private static final List<Sample> SCATTER_ADD =
      List.of(
          scatterSample(s(3, 4), s(3, 3), 1, new long[] {3, 3, 0, 1, 1, 1, 0, 2, 0}, s(3, 3)),
          scatterSample(s(3, 4), s(2, 4), 0, new long[] {1, 1, 0, 1, 1, 0, 0, 1}, s(2, 4)),
          scatterSample(s(2, 2), s(2, 3), -1, new long[] {0, 0}, s(1, 2)),
          scatterSample(s(), s(), 0, new long[] {0}, s()),
          scatterSample(s(2, 3), s(1, 0), 0, new long[0], s(1, 0)),
          scatterSample(s(3, 2), s(2, 2), 0, new long[] {2, 2, 1, 2}, s(2, 2)).noncontig());

  private static final Sample[] SCATTER_ERRORS = {
    scatterSample(s(2, 3), s(1, 1), 0, new long[] {2}, s(1, 1)),
    scatterSample(s(2, 3), s(1, 1), 1, new long[] {0, 1}, s(1, 2)),
    scatterSample(s(2, 3), s(1), 1, new long[] {0}, s(1, 1))
  };

  private static final List<Sample> INDEX_ADD =
      List.of(
          sliceSample(s(4, 3), s(3, 3), 0, new long[] {3, 0, 3}, 1.0),
          sliceSample(s(4, 3), s(3, 3), 0, new long[] {3, 0, 3}, 2.5),
          sliceSample(s(2, 3), s(2, 2), -1, new long[] {1, 1}, -0.5),
          sliceSample(s(2, 3, 2), s(2, 1, 2), 1, new long[] {2}, 1.0),
          sliceSample(s(), s(), 0, new long[] {0}, 1.0),
          sliceSample(s(3, 2), s(0, 2), 0, new long[0], 1.0),
          sliceSample(s(3, 2), s(2, 2), 0, new long[] {2, 0}, 1.0).noncontig());

  /** indexCopy's samples: no slice is copied twice. */
  private static final List<Sample> INDEX_COPY =
      List.of(
          sliceSample(s(4, 3), s(2, 3), 0, new long[] {3, 0}, 1.0),
          sliceSample(s(2, 3), s(2, 3), -1, new long[] {2, 0, 1}, 1.0),
          sliceSample(s(2, 3, 2), s(2, 1, 2), 1, new long[] {0}, 1.0),
          sliceSample(s(), s(), 0, new long[] {0}, 1.0),
          sliceSample(s(3, 2), s(2, 2), 0, new long[] {2, 0}, 1.0).noncontig());

  private static final Sample[] SLICE_ERRORS = {
    sliceSample(s(2, 3), s(1, 3), 0, new long[] {2}, 1.0),
    sliceSample(s(2, 3), s(1, 3), 0, new long[] {-1}, 1.0),
    sliceSample(s(2, 3), s(1, 3), 0, new long[] {0, 1}, 1.0),
    sliceSample(s(2, 3), s(1, 2), 0, new long[] {0}, 1.0),
    sliceSample(s(2, 3), s(1, 3), 2, new long[] {0}, 1.0)
  };

  private static final List<Sample> MASKS =
      List.of(
          maskSample(s(2, 3), new long[] {1, 0, 1, 0, 0, 1}, s(2, 3)),
          maskSample(s(2, 3), new long[] {1, 0, 1}, s(3)),
          maskSample(s(2, 3), new long[] {0, 1}, s(2, 1)),
          maskSample(s(3), new long[] {1, 0, 1, 0, 1, 1}, s(2, 3)),
          maskSample(s(), new long[] {1}, s()),
          maskSample(s(2, 3), new long[] {0, 0, 0, 0, 0, 0}, s(2, 3)),
          maskSample(s(3, 2), new long[] {1, 0, 0, 1, 1, 0}, s(3, 2)).noncontig());

  private static final Sample[] MASK_ERRORS = {
    maskSample(s(2, 3), new long[] {1, 0}, s(2)),
    maskSample(s(2, 3), new long[] {1, 0}, s(2, 1, 1, 4))
  };

  private static final List<Sample> MASK_VALUES =
      MASKS.stream()
          .map(
              m ->
                  new Sample(
                      new int[][] {m.shapes()[0], s()}, m.args(), m.desc(), m.noncontiguous()))
          .toList();

  private static final List<Sample> ORDER =
      List.of(
          orderSample(s(3, 5), 1, false),
          orderSample(s(3, 5), 1, true),
          orderSample(s(4, 2), 0, true),
          orderSample(s(2, 3, 4), -1, false),
          orderSample(s(2, 3, 4), 1, true),
          orderSample(s(), 0, false),
          orderSample(s(0), 0, false),
          orderSample(s(3, 2), 0, false).noncontig());

  private static final List<Sample> TOPK =
      List.of(
          topkSample(s(3, 5), 2, 1, true),
          topkSample(s(3, 5), 3, 1, false),
          topkSample(s(4, 2), 1, 0, true),
          topkSample(s(2, 3, 4), 4, -1, false),
          topkSample(s(3, 5), 0, 1, true),
          topkSample(s(3, 5), 5, 1, true),
          topkSample(s(), 1, 0, true),
          topkSample(s(3, 2), 2, 0, true).noncontig());

  /** The table; declared after the sample lists it uses, which must be initialized first. */
  static final List<OpInfo> ALL = table();

  private static List<OpInfo> table() {
    List<Builder> t = new ArrayList<>();

    // ---- arithmetic
    t.add(binary("add", Tensor::add, (x, y) -> x + y).pytorch("add"));
    t.add(binary("sub", Tensor::sub, (x, y) -> x - y).pytorch("sub"));
    t.add(binary("mul", Tensor::mul, (x, y) -> x * y).pytorch("mul"));
    t.add(
        binary("div", Tensor::div, (x, y) -> x / y)
            .domains(Domain.of(-2, 2), Domain.of(-2, 2).avoiding(0.5, 0))
            .pytorch("div"));
    t.add(
        op("add(scalar)", 1, (x, s) -> x[0].add(s.d(0)), (a, s) -> map(a[0], v -> v + s.d(0)))
            .samples(scalarArg(UNARY, 1.5)));
    t.add(
        op("sub(scalar)", 1, (x, s) -> x[0].sub(s.d(0)), (a, s) -> map(a[0], v -> v - s.d(0)))
            .samples(scalarArg(UNARY, 1.5)));
    t.add(
        op("mul(scalar)", 1, (x, s) -> x[0].mul(s.d(0)), (a, s) -> map(a[0], v -> v * s.d(0)))
            .samples(scalarArg(UNARY, -2.5)));
    t.add(
        op("div(scalar)", 1, (x, s) -> x[0].div(s.d(0)), (a, s) -> map(a[0], v -> v / s.d(0)))
            .samples(scalarArg(UNARY, 4.0)));
    t.add(unary("neg", Tensor::neg, v -> -v).pytorch("neg"));
    List<Sample> powSamples = new ArrayList<>();
    for (double e : new double[] {2, 3, 0.5, -1.5, 0, 1}) {
      powSamples.add(Sample.of(s(2, 3)).with("exponent=" + e, e));
    }
    powSamples.add(Sample.of(s()).with("exponent=2.5", 2.5));
    powSamples.add(Sample.of(s(2, 3, 4)).with("exponent=1.5", 1.5));
    powSamples.add(Sample.of(s(3, 2)).noncontig().with("exponent=3.0", 3.0));
    t.add(
        op(
                "pow(scalar)",
                1,
                (x, s) -> x[0].pow(s.d(0)),
                (a, s) -> map(a[0], v -> Math.pow(v, s.d(0))))
            .samples(powSamples)
            .domain(0.25, 2)
            .pytorch("pow_scalar", (a, in) -> in[0].pow(a.number("exponent"))));
    t.add(
        op(
                "pow(integer scalar, negative base)",
                1,
                (x, s) -> x[0].pow(s.d(0)),
                (a, s) -> map(a[0], v -> Math.pow(v, s.d(0))))
            .samples(
                Sample.of(s(2, 3)).with("exponent=2.0", 2.0),
                Sample.of(s(2, 3)).with("exponent=3.0", 3.0),
                Sample.of(s(5)).with("exponent=-2.0", -2.0),
                Sample.of(s()).with("exponent=3.0", 3.0))
            .domains(Domain.of(-2, 2).avoiding(0.25, 0)));
    t.add(
        binary("pow(tensor)", Tensor::pow, Math::pow)
            .domains(Domain.of(0.25, 2), Domain.of(-2, 2))
            .pytorch("pow"));
    t.add(unary("square", Tensor::square, v -> v * v).pytorch("square"));
    t.add(unary("sqrt", Tensor::sqrt, Math::sqrt).domain(0.25, 3).pytorch("sqrt"));
    t.add(
        unary("reciprocal", Tensor::reciprocal, v -> 1 / v)
            .domains(Domain.of(-2, 2).avoiding(0.25, 0))
            .pytorch("reciprocal"));

    // ---- element-wise functions
    t.add(
        unary("abs", Tensor::abs, Math::abs)
            .domains(Domain.of(-2, 2).avoiding(0.1, 0))
            .pytorch("abs"));
    // sign's gradient is 0 everywhere but at 0, where finite differences are not valid.
    t.add(unary("sign", Tensor::sign, Math::signum).domains(Domain.of(-2, 2).avoiding(0.1, 0)));
    // Steps at the integers (and at the halves, for round), where finite differences jump.
    double[] integers = {-2, -1, 0, 1, 2};
    double[] halves = {-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2};
    t.add(
        unary("floor", Tensor::floor, Math::floor)
            .domains(Domain.of(-2, 2).avoiding(0.05, integers))
            .pytorch("floor"));
    t.add(
        unary("ceil", Tensor::ceil, Math::ceil)
            .domains(Domain.of(-2, 2).avoiding(0.05, integers))
            .pytorch("ceil"));
    t.add(
        unary("round", Tensor::round, Math::rint)
            .domains(Domain.of(-2, 2).avoiding(0.05, halves))
            .pytorch("round"));
    t.add(
        unary("trunc", Tensor::trunc, v -> v < 0 ? Math.ceil(v) : Math.floor(v))
            .domains(Domain.of(-2, 2).avoiding(0.05, integers))
            .pytorch("trunc"));
    t.add(unary("exp", Tensor::exp, Math::exp).pytorch("exp"));
    t.add(unary("log", Tensor::log, Math::log).domain(0.25, 3).pytorch("log"));
    t.add(unary("expm1", Tensor::expm1, Math::expm1).pytorch("expm1"));
    t.add(unary("log1p", Tensor::log1p, Math::log1p).domain(-0.75, 3).pytorch("log1p"));
    t.add(unary("sin", Tensor::sin, Math::sin).domain(-3, 3).pytorch("sin"));
    t.add(unary("cos", Tensor::cos, Math::cos).domain(-3, 3).pytorch("cos"));
    t.add(
        unary(
                "tanh",
                Tensor::tanh,
                v -> (Math.exp(v) - Math.exp(-v)) / (Math.exp(v) + Math.exp(-v)))
            .domain(-3, 3)
            .pytorch("tanh"));
    t.add(
        unary("sigmoid", Tensor::sigmoid, v -> 1 / (1 + Math.exp(-v)))
            .domain(-4, 4)
            .pytorch("sigmoid"));
    t.add(
        unary("relu", Tensor::relu, v -> v > 0 ? v : 0)
            .domains(Domain.of(-2, 2).avoiding(0.1, 0))
            .pytorch("relu"));
    List<Sample> slopes = new ArrayList<>(scalarArg(UNARY, 0.01));
    slopes.add(Sample.of(s(2, 3)).with("slope=0.2", 0.2));
    slopes.add(Sample.of(s(2, 3)).with("slope=-0.5", -0.5));
    t.add(
        op(
                "leakyRelu",
                1,
                (x, s) -> x[0].leakyRelu(s.d(0)),
                (a, s) -> map(a[0], v -> v > 0 ? v : s.d(0) * v))
            .samples(slopes)
            .domains(Domain.of(-2, 2).avoiding(0.1, 0))
            .pytorch("leaky_relu", (a, in) -> in[0].leakyRelu(a.number("negative_slope"))));
    t.add(
        unary("softplus", Tensor::softplus, v -> Math.log(1 + Math.exp(v)))
            .domain(-4, 4)
            .pytorch(
                "softplus",
                (a, in) ->
                    a.has("beta")
                        ? in[0].softplus(a.number("beta"), a.number("threshold"))
                        : in[0].softplus()));
    List<Sample> softplusArgs = new ArrayList<>();
    for (double[] bt : new double[][] {{2, 3}, {0.5, 1}, {1, 20}, {3, -3}}) {
      for (Sample b : UNARY) {
        softplusArgs.add(b.with("beta=" + bt[0] + " threshold=" + bt[1], bt[0], bt[1]));
      }
    }
    t.add(
        op(
                "softplus(beta, threshold)",
                1,
                (x, s) -> x[0].softplus(s.d(0), s.d(1)),
                (a, s) ->
                    map(
                        a[0],
                        v -> v * s.d(0) > s.d(1) ? v : Math.log1p(Math.exp(v * s.d(0))) / s.d(0)))
            .samples(softplusArgs)
            // the thresholds of the samples, where the derivative jumps
            .domains(Domain.of(-4, 4).avoiding(0.05, 1.5, 2, -1)));
    t.add(
        unary(
                "softplus(above threshold 20)",
                Tensor::softplus,
                v -> v > 20 ? v : Math.log1p(Math.exp(v)))
            .domain(18, 22));
    t.add(unary("erf", Tensor::erf, OpInfo::erf).domain(-4, 4));
    t.add(
        unary("gelu", Tensor::gelu, v -> v * 0.5 * (1 + erf(v / Math.sqrt(2))))
            .domain(-4, 4)
            .pytorch(
                "gelu",
                (a, in) ->
                    a.has("approximate")
                        ? in[0].gelu(Json.asString(a.get("approximate")))
                        : in[0].gelu()));
    List<Sample> approximations = new ArrayList<>();
    for (String mode : List.of("none", "tanh")) {
      for (Sample b : UNARY) approximations.add(b.with("approximate=" + mode, mode));
    }
    t.add(
        op(
                "gelu(approximate)",
                1,
                (x, s) -> x[0].gelu((String) s.args()[0]),
                (a, s) ->
                    map(
                        a[0],
                        "tanh".equals(s.args()[0])
                            ? v ->
                                0.5
                                    * v
                                    * (1
                                        + Math.tanh(
                                            Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)))
                            : v -> v * 0.5 * (1 + erf(v / Math.sqrt(2)))))
            .samples(approximations)
            .errors(Sample.of(s(3)).with("approximate=sigmoid", "sigmoid"))
            .domain(-4, 4));
    t.add(unary("silu", Tensor::silu, v -> v / (1 + Math.exp(-v))).domain(-4, 4));
    t.add(
        unary("elu(1.0)", x -> x.elu(1.0), v -> v > 0 ? v : Math.exp(v) - 1)
            .domains(Domain.of(-3, 3).avoiding(0.1, 0)));
    t.add(
        unary("elu(0.5), large inputs", x -> x.elu(0.5), v -> v > 0 ? v : 0.5 * (Math.exp(v) - 1))
            .domains(Domain.of(-800, 800).avoiding(1, 0)));
    t.add(binary("maximum", Tensor::maximum, Math::max).pytorch("maximum"));
    // away from the jumps of the quotient's integer part, and from a zero divisor
    t.add(
        binary("fmod", Tensor::fmod, (a, b) -> a % b)
            .domains(Domain.of(-3, 3), Domain.of(0.6, 2))
            .pytorch("fmod"));
    t.add(
        binary(
                "remainder",
                Tensor::remainder,
                (a, b) -> {
                  double r = a % b;
                  return r != 0 && (r < 0) != (b < 0) ? r + b : r;
                })
            .domains(Domain.of(-3, 3), Domain.of(-2, -0.6))
            .pytorch("remainder"));
    t.add(
        op(
                "lerp(scalar weight)",
                2,
                (x, s) -> x[0].lerp(x[1], 0.25),
                (a, s) -> zip(a[0], a[1], (p, q) -> p + 0.25 * (q - p)))
            .samples(BINARY));
    t.add(
        op(
                "lerp(tensor weight)",
                3,
                (x, s) -> x[0].lerp(x[1], x[2]),
                (a, s) -> zip3(a[0], a[1], a[2], (p, q, w) -> p + w * (q - p)))
            .samples(
                Sample.of(s(3, 2), s(3, 2), s(3, 2)),
                Sample.of(s(2, 3), s(3), s()),
                Sample.of(s(), s(), s()))
            .pytorch("lerp"));
    t.add(binary("minimum", Tensor::minimum, Math::min).pytorch("minimum"));
    t.add(
        op(
                "clamp(tensor bounds)",
                3,
                (x, s) -> x[0].clamp(x[1], x[2]),
                (a, s) -> zip3(a[0], a[1], a[2], (v, lo, hi) -> Math.min(Math.max(v, lo), hi)))
            .samples(
                Sample.of(s(3, 4), s(3, 4), s(3, 4)),
                Sample.of(s(2, 3), s(3), s()),
                Sample.of(s(), s(), s()))
            .domains(Domain.of(-2, 2), Domain.of(-1.5, -0.5), Domain.of(0.5, 1.5))
            .pytorch("clamp_tensor", (a, in) -> in[0].clamp(in[1], in[2])));
    t.add(
        op(
                "clamp(min tensor)",
                2,
                (x, s) -> x[0].clamp(x[1], null),
                (a, s) -> zip(a[0], a[1], Math::max))
            .samples(BINARY)
            .domains(Domain.of(-2, 2), Domain.of(-2, 2).avoiding(0.05, 0)));
    t.add(
        unary("clamp(-0.5, 0.5)", x -> x.clamp(-0.5, 0.5), v -> v < -0.5 ? -0.5 : v > 0.5 ? 0.5 : v)
            .domains(Domain.of(-2, 2).avoiding(0.05, -0.5, 0.5))
            .pytorch("clamp", (a, in) -> in[0].clamp(a.number("min"), a.number("max"))));
    t.add(
        unary("clampMin(-0.5)", x -> x.clampMin(-0.5), v -> v < -0.5 ? -0.5 : v)
            .domains(Domain.of(-2, 2).avoiding(0.05, -0.5)));
    t.add(
        unary("clampMax(0.5)", x -> x.clampMax(0.5), v -> v > 0.5 ? 0.5 : v)
            .domains(Domain.of(-2, 2).avoiding(0.05, 0.5)));
    t.add(
        op(
                "where",
                3,
                (x, s) -> Tensor.where(x[0].gt(0), x[1], x[2]),
                (a, s) -> zip3(a[0], a[1], a[2], (c, p, q) -> c > 0 ? p : q))
            .samples(
                Sample.of(s(2, 3), s(2, 3), s(2, 3)),
                Sample.of(s(2, 1), s(3), s()),
                Sample.of(s(), s(2, 3), s(3)),
                Sample.of(s(4, 2, 3), s(2, 1), s(3)),
                Sample.of(s(), s(), s()),
                Sample.of(s(3, 2), s(3, 2), s(3, 2)).noncontig())
            .errors(Sample.of(s(2, 3), s(4), s(2, 3)), Sample.of(s(4), s(2, 3), s(2, 3)))
            .constant(0)
            .domains(Domain.of(-1, 1).avoiding(0.01, 0), Domain.of(-2, 2))
            .pytorch(
                "where",
                (a, in) -> {
                  if (!"input0 > 0".equals(a.get("condition"))) {
                    throw new IllegalArgumentException("where: unknown condition " + a);
                  }
                  return Tensor.where(in[0].gt(0), in[1], in[2]);
                }));

    // ---- comparisons: BOOL masks, no gradient; integer values so that ties happen
    comparison(t, "gt", Tensor::gt, Tensor::gt, (x, y) -> x > y);
    comparison(t, "lt", Tensor::lt, Tensor::lt, (x, y) -> x < y);
    comparison(t, "ge", Tensor::ge, Tensor::ge, (x, y) -> x >= y);
    comparison(t, "le", Tensor::le, Tensor::le, (x, y) -> x <= y);
    comparison(t, "eq", Tensor::eq, Tensor::eq, (x, y) -> x == y);
    comparison(t, "ne", Tensor::ne, null, (x, y) -> x != y);

    // ---- reductions
    t.add(
        op("sum", 1, reduction(Tensor::sum, Tensor::sum, Tensor::sum), reductionRef(OpInfo::sumOf))
            .samples(REDUCE)
            .errors(reduceSample(s(2, 3), s(2), false), reduceSample(s(2, 3), s(1, 1), false))
            .pytorch(
                "sum",
                (a, in) -> a.has("dim") ? in[0].sum(a.integer("dim"), a.keepDim()) : in[0].sum()));
    t.add(
        op(
                "mean",
                1,
                reduction(Tensor::mean, Tensor::mean, Tensor::mean),
                reductionRef(g -> sumOf(g) / g.length))
            .samples(REDUCE)
            .errors(reduceSample(s(2, 3), s(-3), false))
            .pytorch(
                "mean",
                (a, in) ->
                    a.has("dim") ? in[0].mean(a.integer("dim"), a.keepDim()) : in[0].mean()));
    t.add(
        op("sum(dim)", 1, (x, s) -> x[0].sum(s.ints(0)[0]), reductionRef(OpInfo::sumOf))
            .samples(DIM_REMOVED)
            .errors(reduceSample(s(2, 3), s(2), false)));
    t.add(
        op(
                "mean(dim)",
                1,
                (x, s) -> x[0].mean(s.ints(0)[0]),
                reductionRef(g -> sumOf(g) / g.length))
            .samples(DIM_REMOVED)
            .errors(reduceSample(s(2, 3), s(-3), false)));
    t.add(
        op(
                "amax",
                1,
                reduction(Tensor::amax, Tensor::amax, Tensor::amax),
                reductionRef(OpInfo::maxOf))
            .samples(REDUCE)
            .pytorch("amax", (a, in) -> in[0].amax(a.integer("dim"), a.keepDim())));
    t.add(
        op(
                "amin",
                1,
                reduction(Tensor::amin, Tensor::amin, Tensor::amin),
                reductionRef(OpInfo::minOf))
            .samples(REDUCE));
    t.add(
        op("max()", 1, (x, s) -> x[0].max(), (a, s) -> reduce(a[0], null, false, OpInfo::maxOf))
            .samples(UNARY));
    t.add(
        op("min()", 1, (x, s) -> x[0].min(), (a, s) -> reduce(a[0], null, false, OpInfo::minOf))
            .samples(UNARY));
    t.add(
        op(
                "max(dim).values",
                1,
                (x, s) -> x[0].max(s.ints(0)[0], s.b(1)).values(),
                reductionRef(OpInfo::maxOf))
            .samples(REDUCE_ONE_DIM)
            .pytorch("max", (a, in) -> in[0].max(a.integer("dim"), a.keepDim()).values()));
    t.add(
        op(
                "min(dim).values",
                1,
                (x, s) -> x[0].min(s.ints(0)[0], s.b(1)).values(),
                reductionRef(OpInfo::minOf))
            .samples(REDUCE_ONE_DIM));
    t.add(
        op(
                "max(dim).indices",
                1,
                (x, s) -> x[0].max(s.ints(0)[0], s.b(1)).indices(),
                reductionRef(g -> firstIndexOf(g, true)))
            .samples(REDUCE_ONE_DIM)
            .domains(Domain.integers(-2, 2))
            .notDifferentiable()
            .resultType(DType.INT64));
    t.add(
        op(
                "min(dim).indices",
                1,
                (x, s) -> x[0].min(s.ints(0)[0], s.b(1)).indices(),
                reductionRef(g -> firstIndexOf(g, false)))
            .samples(REDUCE_ONE_DIM)
            .domains(Domain.integers(-2, 2))
            .notDifferentiable()
            .resultType(DType.INT64));
    for (boolean any : new boolean[] {true, false}) {
      ToDoubleFunction<double[]> truth =
          g ->
              (any
                      ? Arrays.stream(g).anyMatch(v -> v != 0)
                      : Arrays.stream(g).allMatch(v -> v != 0))
                  ? 1
                  : 0;
      t.add(
          op(
                  any ? "any()" : "all()",
                  1,
                  (x, s) -> any ? x[0].any() : x[0].all(),
                  (a, s) -> reduce(a[0], null, false, truth))
              .samples(UNARY)
              .domains(Domain.integers(-1, 1))
              .notDifferentiable()
              .resultType(DType.BOOL));
      t.add(
          op(
                  any ? "any(dim)" : "all(dim)",
                  1,
                  (x, s) -> any ? x[0].any(s.ints(0)[0], s.b(1)) : x[0].all(s.ints(0)[0], s.b(1)),
                  reductionRef(truth))
              .samples(REDUCE_ONE_DIM)
              .domains(Domain.integers(-1, 1))
              .notDifferentiable()
              .resultType(DType.BOOL));
    }
    t.add(
        op(
                "cumsum",
                1,
                (x, s) -> x[0].cumsum(s.i(0)),
                (a, s) -> {
                  int r = Math.max(a[0].rank(), 1);
                  int d = s.i(0) < 0 ? s.i(0) + r : s.i(0);
                  int[] shape = a[0].rank() == 0 ? new int[] {1} : a[0].shape();
                  Arr flat = new Arr(a[0].v(), shape);
                  double[] o = new double[a[0].v().length];
                  int inner = 1;
                  for (int k = d + 1; k < shape.length; k++) inner *= shape[k];
                  int n = shape[d];
                  for (int i = 0; i < o.length; i++) {
                    int k = (i / inner) % n;
                    double acc = 0;
                    for (int j = 0; j <= k; j++) acc += flat.v()[i - (k - j) * inner];
                    o[i] = acc;
                  }
                  return new Arr(o, a[0].shape());
                })
            .samples(SCANS)
            .pytorch("cumsum", (a, in) -> in[0].cumsum(a.integer("dim"))));
    t.add(
        op(
                "argmax()",
                1,
                (x, s) -> x[0].argmax(),
                (a, s) -> reduce(a[0], null, false, g -> firstIndexOf(g, true)))
            .samples(UNARY)
            .domains(Domain.integers(-2, 2))
            .notDifferentiable()
            .resultType(DType.INT64));
    t.add(
        op(
                "argmax(dim)",
                1,
                (x, s) -> x[0].argmax(s.ints(0)[0], s.b(1)),
                reductionRef(g -> firstIndexOf(g, true)))
            .samples(REDUCE_ONE_DIM)
            .domains(Domain.integers(-2, 2))
            .notDifferentiable()
            .resultType(DType.INT64));
    t.add(
        op(
                "argmin(dim)",
                1,
                (x, s) -> x[0].argmin(s.ints(0)[0], s.b(1)),
                reductionRef(g -> firstIndexOf(g, false)))
            .samples(REDUCE_ONE_DIM)
            .domains(Domain.integers(-2, 2))
            .notDifferentiable()
            .resultType(DType.INT64));
    t.add(
        op(
                "var",
                1,
                (x, s) -> {
                  int[] dims = s.ints(0);
                  if (dims == null) {
                    return s.desc().equals("var()") ? x[0].var() : x[0].var(s.b(1));
                  }
                  if (dims.length == 1) return x[0].var(dims[0], s.b(1), s.b(2));
                  return x[0].var(dims, s.b(1), s.b(2));
                },
                (a, s) -> reduce(a[0], s.ints(0), s.b(2), g -> varianceOf(g, s.b(1) ? 1 : 0)))
            .samples(
                varSample(s(2, 3, 4), null, true, false),
                varSample(s(2, 3, 4), null, false, false),
                Sample.of(s(2, 3, 4)).with("var()", null, true, false),
                Sample.of(s(5)).with("var()", null, true, false),
                varSample(s(2, 3, 4), s(1), true, false),
                varSample(s(2, 3, 4), s(1), false, true),
                varSample(s(2, 3, 4), s(0, 2), true, true),
                varSample(s(2, 3, 4), s(0, 2), false, false),
                varSample(s(5), s(0), true, false),
                varSample(s(), null, false, false),
                varSample(s(3, 2), s(0), true, false).noncontig())
            .pytorch(
                "var", (a, in) -> in[0].var(a.integer("dim"), a.bool("unbiased"), a.keepDim())));
    List<Sample> corrections =
        List.of(
            correctionSample(s(2, 3, 4), s(1), 0, false),
            correctionSample(s(2, 3, 4), s(1), 2, true),
            correctionSample(s(2, 3, 4), s(0, 2), 3, false),
            correctionSample(s(2, 3, 4), s(0, 1, 2), 5, false),
            correctionSample(s(5), s(0), 1, false),
            correctionSample(s(5), s(-1), 4, true),
            correctionSample(s(), s(0), 0, false),
            correctionSample(s(3, 2), s(0), 0, false).noncontig());
    t.add(
        op(
                "var(correction)",
                1,
                (x, s) ->
                    s.ints(0).length == 1
                        ? x[0].var(s.ints(0)[0], s.i(1), s.b(2))
                        : x[0].var(s.ints(0), s.i(1), s.b(2)),
                (a, s) -> reduce(a[0], s.ints(0), s.b(2), g -> varianceOf(g, s.i(1))))
            .samples(corrections)
            .errors(correctionSample(s(2, 3), s(2), 1, false))
            .pytorch(
                "var_correction",
                (a, in) -> in[0].var(dimsOf(a, in[0]), a.integer("correction"), a.keepDim())));
    List<Sample> stds = new ArrayList<>();
    for (Sample c : corrections)
      stds.add(c.with(c.desc(), c.args()[0], c.args()[1], c.args()[2], "dims"));
    stds.add(Sample.of(s(2, 3, 4)).with("std()", null, 1, false, "all"));
    stds.add(Sample.of(s(2, 3, 4)).with("std(false)", null, 0, false, "unbiased"));
    stds.add(Sample.of(s()).with("std(false)", null, 0, false, "unbiased"));
    stds.add(Sample.of(s(2, 3, 4)).with("dim=1 unbiased keepDim", s(1), 1, true, "dim"));
    stds.add(Sample.of(s(5)).with("dim=0 biased", s(0), 0, false, "dim"));
    t.add(
        op(
                "std",
                1,
                (x, s) -> {
                  int[] dims = s.ints(0);
                  switch ((String) s.args()[3]) {
                    case "all":
                      return x[0].std();
                    case "unbiased":
                      return x[0].std(s.i(1) == 1);
                    case "dim":
                      return x[0].std(dims[0], s.i(1) == 1, s.b(2));
                    default:
                      return x[0].std(dims, s.i(1), s.b(2));
                  }
                },
                (a, s) -> reduce(a[0], s.ints(0), s.b(2), g -> Math.sqrt(varianceOf(g, s.i(1)))))
            .samples(stds)
            .errors(
                correctionSample(s(2, 3), s(0, 0), 1, false)
                    .with("dims=[0, 0]", s(0, 0), 1, false, "dims"))
            .pytorch(
                "std",
                (a, in) -> in[0].std(dimsOf(a, in[0]), a.integer("correction"), a.keepDim())));
    t.add(
        op(
                "norm",
                1,
                (x, s) -> s.ints(0) == null ? x[0].norm() : x[0].norm(s.ints(0), s.b(1)),
                reductionRef(g -> pNormOf(g, 2)))
            .samples(
                reduceSample(s(2, 3, 4), null, false),
                reduceSample(s(2, 3, 4), s(1), false),
                reduceSample(s(2, 3, 4), s(0, 2), true),
                reduceSample(s(5), s(0), true),
                reduceSample(s(5), null, false),
                reduceSample(s(), null, false),
                reduceSample(s(3, 2), s(1), false).noncontig())
            .domains(Domain.of(-2, 2).avoiding(0.1, 0)));
    t.add(
        op(
                "norm(p)",
                1,
                (x, s) -> x[0].norm(s.d(0)),
                (a, s) -> reduce(a[0], null, false, g -> pNormOf(g, s.d(0))))
            .samples(
                Sample.of(s(2, 3)).with("p=1.0", 1.0),
                Sample.of(s(2, 3)).with("p=2.0", 2.0),
                Sample.of(s(2, 3)).with("p=3.0", 3.0),
                Sample.of(s(2, 3)).with("p=Infinity", INF),
                Sample.of(s(2, 3)).with("p=-Infinity", -INF),
                Sample.of(s(2, 3)).with("p=0.5", 0.5),
                Sample.of(s(2, 3)).with("p=-1.0", -1.0),
                Sample.of(s(2, 3)).with("p=0.0", 0.0),
                Sample.of(s()).with("p=3.0", 3.0),
                Sample.of(s(5)).with("p=1.5", 1.5))
            .errors(Sample.of(s(3)).with("p=NaN", Double.NaN))
            .domains(Domain.of(-2, 2).avoiding(0.1, 0))
            .pytorch("norm", (a, in) -> in[0].norm(a.number("p"))));
    List<Sample> pNorms = new ArrayList<>();
    for (double p : new double[] {0.5, 1, 1.5, 2, 3, -1.5, INF, -INF, 0}) {
      pNorms.add(pNormSample(s(2, 3, 4), s(1), p, false));
      pNorms.add(pNormSample(s(2, 3, 4), s(0, 2), p, true));
    }
    pNorms.add(pNormSample(s(5), s(0), 3, true));
    pNorms.add(pNormSample(s(), s(0), 0.5, false));
    pNorms.add(pNormSample(s(3, 2), s(1), 1.5, false).noncontig());
    t.add(
        op(
                "norm(p, dims)",
                1,
                (x, s) ->
                    s.ints(1).length == 1
                        ? x[0].norm(s.d(0), s.ints(1)[0], s.b(2))
                        : x[0].norm(s.d(0), s.ints(1), s.b(2)),
                (a, s) -> reduce(a[0], s.ints(1), s.b(2), g -> pNormOf(g, s.d(0))))
            .samples(pNorms)
            .errors(
                pNormSample(s(2, 3), s(2), 3, false), pNormSample(s(2, 3), s(0), Double.NaN, false))
            .domains(Domain.of(-2, 2).avoiding(0.1, 0))
            .pytorch(
                "vector_norm",
                (a, in) ->
                    a.get("dim") == null
                        ? in[0].norm(a.number("ord"))
                        : in[0].norm(a.number("ord"), a.ints("dim"), a.keepDim())));
    t.add(
        op(
                "logsumexp",
                1,
                (x, s) ->
                    s.ints(0).length == 1
                        ? x[0].logsumexp(s.ints(0)[0], s.b(1))
                        : x[0].logsumexp(s.ints(0), s.b(1)),
                reductionRef(g -> Math.log(sumOf(Arrays.stream(g).map(Math::exp).toArray()))))
            .samples(
                reduceSample(s(2, 3, 4), s(1), false),
                reduceSample(s(2, 3, 4), s(1), true),
                reduceSample(s(2, 3, 4), s(0, 2), false),
                reduceSample(s(2, 3, 4), s(-1), true),
                reduceSample(s(5), s(0), false),
                reduceSample(s(), s(0), false),
                reduceSample(s(3, 2), s(1), false).noncontig())
            .pytorch("logsumexp", (a, in) -> in[0].logsumexp(a.integer("dim"), a.keepDim())));
    t.add(
        op(
                "softmax",
                1,
                (x, s) -> x[0].softmax(s.i(0)),
                (a, s) -> alongDim(a[0], s.i(0), OpInfo::softmaxOf))
            .samples(SOFTMAX)
            .errors(Sample.of(s(2, 3)).with("dim=2", 2))
            .pytorch("softmax", (a, in) -> in[0].softmax(a.integer("dim"))));
    t.add(
        op(
                "logSoftmax",
                1,
                (x, s) -> x[0].logSoftmax(s.i(0)),
                (a, s) ->
                    alongDim(
                        a[0], s.i(0), g -> Arrays.stream(softmaxOf(g)).map(Math::log).toArray()))
            .samples(SOFTMAX)
            .errors(Sample.of(s(2, 3)).with("dim=-3", -3))
            .pytorch("log_softmax", (a, in) -> in[0].logSoftmax(a.integer("dim"))));

    // ---- joining and indexing
    t.add(
        op("cat", -1, (x, s) -> Tensor.cat(List.of(x), s.i(0)), (a, s) -> cat(a, s.i(0)))
            .samples(
                Sample.of(s(2, 3), s(4, 3)).with("dim=0", 0),
                Sample.of(s(2, 3), s(2, 1), s(2, 2)).with("dim=1", 1),
                Sample.of(s(2, 3), s(2, 2)).with("dim=-1", -1),
                Sample.of(s(3), s(2)).with("dim=0", 0),
                Sample.of(s(2, 2, 3), s(2, 1, 3)).with("dim=1", 1),
                Sample.of(s(3, 2), s(3, 2)).noncontig().with("dim=1", 1))
            .errors(
                Sample.of(s(), s()).with("dim=0", 0),
                Sample.of(s(2, 3), s(3, 3)).with("dim=1", 1),
                Sample.of(s(2, 3), s(3)).with("dim=0", 0))
            .pytorch("cat", (a, in) -> Tensor.cat(List.of(in), a.integer("dim"))));
    t.add(
        op("stack", -1, (x, s) -> Tensor.stack(List.of(x), s.i(0)), (a, s) -> stack(a, s.i(0)))
            .samples(
                Sample.of(s(2, 3), s(2, 3)).with("dim=0", 0),
                Sample.of(s(2, 3), s(2, 3), s(2, 3)).with("dim=1", 1),
                Sample.of(s(2, 3), s(2, 3)).with("dim=2", 2),
                Sample.of(s(2, 3), s(2, 3)).with("dim=-1", -1),
                Sample.of(s(), s(), s()).with("dim=0", 0),
                Sample.of(s(3, 2), s(3, 2)).noncontig().with("dim=1", 1))
            .errors(Sample.of(s(2, 3), s(3, 2)).with("dim=0", 0))
            .pytorch("stack", (a, in) -> Tensor.stack(List.of(in), a.integer("dim"))));
    t.add(
        op(
                "indexSelect",
                1,
                (x, s) -> x[0].indexSelect(s.i(0), Tensor.of(s.longs(1))),
                (a, s) -> indexSelect(a[0], s.i(0), s.longs(1)))
            .samples(
                Sample.of(s(5)).with("dim=0 index=[4, 0, 2, 0]", 0, new long[] {4, 0, 2, 0}),
                Sample.of(s(3, 4)).with("dim=1 index=[3, 1]", 1, new long[] {3, 1}),
                Sample.of(s(3, 4)).with("dim=0 index=[2]", 0, new long[] {2}),
                Sample.of(s(3, 4)).with("dim=-1 index=[3, 0, 0]", -1, new long[] {3, 0, 0}),
                Sample.of(s(2, 3, 2)).with("dim=1 index=[2, 2, 1]", 1, new long[] {2, 2, 1}),
                Sample.of(s()).with("dim=0 index=[0]", 0, new long[] {0}),
                Sample.of(s(3, 2)).noncontig().with("dim=0 index=[1, 2]", 0, new long[] {1, 2}))
            .errors(
                Sample.of(s(3)).with("dim=0 index=[3]", 0, new long[] {3}),
                // PyTorch's index_select refuses negative indices.
                Sample.of(s(3)).with("dim=0 index=[-1]", 0, new long[] {-1}),
                Sample.of(s(3, 4)).with("dim=2 index=[0]", 2, new long[] {0}))
            .pytorch(
                "index_select", (a, in) -> in[0].indexSelect(a.integer("dim"), a.longs("index"))));
    indexingRows(t);
    convolutionRows(t);
    poolingRows(t);
    normalizationRows(t);
    interpolationRows(t);
    shapeCompositeRows(t);
    meshRows(t);
    MoreOpsRows.add(t);
    EmbeddingRows.add(t);
    AttentionRows.add(t);
    CtcRows.add(t);
    LinalgOpInfo.rows(t);

    // ---- views and copies
    t.add(
        op("reshape", 1, (x, s) -> x[0].reshape(s.ints(0)), (a, s) -> reshape(a[0], s.ints(0)))
            .samples(shapeSamples(true))
            .errors(
                Sample.of(s(2, 3)).with("shape=[4, -1]", (Object) s(4, -1)),
                Sample.of(s(2, 3)).with("shape=[-1, -1]", (Object) s(-1, -1)),
                Sample.of(s(2, 3)).with("shape=[7]", (Object) s(7)))
            .pytorch("reshape", (a, in) -> in[0].reshape(a.ints("shape"))));
    t.add(
        op("view", 1, (x, s) -> x[0].view(s.ints(0)), (a, s) -> reshape(a[0], s.ints(0)))
            .samples(shapeSamples(false))
            .errors(Sample.of(s(3, 2)).noncontig().with("shape=[6]", (Object) s(6))));
    t.add(
        op(
                "flatten",
                1,
                (x, s) -> s.args().length == 0 ? x[0].flatten() : x[0].flatten(s.i(0), s.i(1)),
                (a, s) -> reshape(a[0], flattenShape(a[0].shape(), s)))
            .samples(
                Sample.of(s(2, 3, 4)),
                Sample.of(s(2, 3, 4)).with("startDim=1 endDim=2", 1, 2),
                Sample.of(s(2, 3, 4)).with("startDim=0 endDim=1", 0, 1),
                Sample.of(s(2, 3, 4)).with("startDim=1 endDim=1", 1, 1),
                Sample.of(s(2, 3, 4)).with("startDim=-2 endDim=-1", -2, -1),
                Sample.of(s()),
                Sample.of(s(3, 2)).noncontig())
            .errors(Sample.of(s(2, 3, 4)).with("startDim=2 endDim=1", 2, 1)));
    t.add(
        op(
                "transpose",
                1,
                (x, s) -> x[0].transpose(s.i(0), s.i(1)),
                (a, s) -> permute(a[0], transposeOrder(a[0].rank(), s.i(0), s.i(1))))
            .samples(
                Sample.of(s(2, 3, 4)).with("dims=0,2", 0, 2),
                Sample.of(s(2, 3, 4)).with("dims=1,-1", 1, -1),
                Sample.of(s(2, 3)).with("dims=0,1", 0, 1),
                Sample.of(s(5)).with("dims=0,0", 0, 0),
                Sample.of(s()).with("dims=0,-1", 0, -1),
                Sample.of(s(3, 2)).noncontig().with("dims=1,0", 1, 0))
            .errors(Sample.of(s(2, 3)).with("dims=0,2", 0, 2))
            .pytorch(
                "transpose", (a, in) -> in[0].transpose(a.integer("dim0"), a.integer("dim1"))));
    t.add(
        op("t", 1, (x, s) -> x[0].t(), (a, s) -> a[0].rank() < 2 ? a[0] : permute(a[0], s(1, 0)))
            .samples(
                Sample.of(s(2, 3)), Sample.of(s(5)), Sample.of(s()), Sample.of(s(3, 2)).noncontig())
            .errors(Sample.of(s(2, 3, 4))));
    t.add(
        op("permute", 1, (x, s) -> x[0].permute(s.ints(0)), (a, s) -> permute(a[0], s.ints(0)))
            .samples(
                Sample.of(s(2, 3, 4)).with("dims=[2, 0, 1]", (Object) s(2, 0, 1)),
                Sample.of(s(2, 3, 4)).with("dims=[-1, -3, 1]", (Object) s(-1, -3, 1)),
                Sample.of(s(2, 3)).with("dims=[1, 0]", (Object) s(1, 0)),
                Sample.of(s()).with("dims=[]", (Object) s()),
                Sample.of(s(3, 2)).noncontig().with("dims=[1, 0]", (Object) s(1, 0)))
            .errors(
                Sample.of(s(2, 3)).with("dims=[0]", (Object) s(0)),
                Sample.of(s(2, 3)).with("dims=[0, 0]", (Object) s(0, 0)))
            .pytorch("permute", (a, in) -> in[0].permute(a.ints("dims"))));
    t.add(
        op("expand", 1, (x, s) -> x[0].expand(s.ints(0)), (a, s) -> expand(a[0], s.ints(0)))
            .samples(
                Sample.of(s(3, 1)).with("sizes=[2, 3, 4]", (Object) s(2, 3, 4)),
                Sample.of(s(3, 1)).with("sizes=[2, -1, 4]", (Object) s(2, -1, 4)),
                Sample.of(s(1, 3)).with("sizes=[4, 3]", (Object) s(4, 3)),
                Sample.of(s()).with("sizes=[2, 3]", (Object) s(2, 3)),
                Sample.of(s(3)).with("sizes=[3]", (Object) s(3)),
                Sample.of(s(3, 2)).noncontig().with("sizes=[2, 3, 2]", (Object) s(2, 3, 2)))
            .errors(
                Sample.of(s(3, 2)).with("sizes=[3, 3]", (Object) s(3, 3)),
                Sample.of(s(3, 2)).with("sizes=[2]", (Object) s(2)))
            .pytorch("expand", (a, in) -> in[0].expand(a.ints("shape"))));
    t.add(
        op(
                "narrow",
                1,
                (x, s) -> x[0].narrow(s.i(0), s.i(1), s.i(2)),
                (a, s) -> narrow(a[0], s.i(0), s.i(1), s.i(2)))
            .samples(
                Sample.of(s(5, 3)).with("dim=0 start=1 length=3", 0, 1, 3),
                Sample.of(s(5, 3)).with("dim=1 start=-2 length=2", 1, -2, 2),
                Sample.of(s(5, 3)).with("dim=-1 start=0 length=1", -1, 0, 1),
                Sample.of(s(2, 4, 3)).with("dim=1 start=2 length=2", 1, 2, 2),
                Sample.of(s(5)).with("dim=0 start=4 length=1", 0, 4, 1),
                Sample.of(s(3, 2)).noncontig().with("dim=0 start=1 length=2", 0, 1, 2))
            .errors(
                Sample.of(s(5, 3)).with("dim=0 start=3 length=3", 0, 3, 3),
                Sample.of(s()).with("dim=0 start=0 length=1", 0, 0, 1))
            .pytorch(
                "narrow",
                (a, in) ->
                    in[0].narrow(a.integer("dim"), a.integer("start"), a.integer("length"))));
    t.add(
        op(
                "select",
                1,
                (x, s) -> x[0].select(s.i(0), s.i(1)),
                (a, s) -> select(a[0], s.i(0), s.i(1)))
            .samples(
                Sample.of(s(5, 3)).with("dim=0 index=2", 0, 2),
                Sample.of(s(5, 3)).with("dim=1 index=-1", 1, -1),
                Sample.of(s(2, 4, 3)).with("dim=1 index=3", 1, 3),
                Sample.of(s(4)).with("dim=0 index=3", 0, 3),
                Sample.of(s(3, 2)).noncontig().with("dim=1 index=0", 1, 0))
            .errors(
                Sample.of(s(5, 3)).with("dim=0 index=5", 0, 5),
                Sample.of(s()).with("dim=0 index=0", 0, 0))
            .pytorch("select", (a, in) -> in[0].select(a.integer("dim"), a.integer("index"))));
    t.add(
        op(
                "squeeze",
                1,
                (x, s) -> s.args().length == 0 ? x[0].squeeze() : x[0].squeeze(s.i(0)),
                (a, s) -> reshape(a[0], squeezeShape(a[0].shape(), s)))
            .samples(
                Sample.of(s(2, 1, 3, 1)),
                Sample.of(s(2, 1, 3, 1)).with("dim=1", 1),
                Sample.of(s(2, 1, 3, 1)).with("dim=-1", -1),
                Sample.of(s(2, 1, 3, 1)).with("dim=0", 0),
                Sample.of(s(1)),
                Sample.of(s(1, 1)).with("dim=0", 0),
                Sample.of(s()),
                Sample.of(s()).with("dim=0", 0),
                Sample.of(s(3, 2)).noncontig())
            .errors(Sample.of(s(2, 1)).with("dim=2", 2))
            .pytorch("squeeze", (a, in) -> in[0].squeeze(a.integer("dim"))));
    t.add(
        op(
                "unsqueeze",
                1,
                (x, s) -> x[0].unsqueeze(s.i(0)),
                (a, s) -> reshape(a[0], unsqueezeShape(a[0].shape(), s.i(0))))
            .samples(
                Sample.of(s(2, 3)).with("dim=0", 0),
                Sample.of(s(2, 3)).with("dim=1", 1),
                Sample.of(s(2, 3)).with("dim=2", 2),
                Sample.of(s(2, 3)).with("dim=-1", -1),
                Sample.of(s(2, 3)).with("dim=-3", -3),
                Sample.of(s()).with("dim=0", 0),
                Sample.of(s(3, 2)).noncontig().with("dim=1", 1))
            .errors(Sample.of(s(2, 3)).with("dim=3", 3), Sample.of(s(2, 3)).with("dim=-4", -4))
            .pytorch("unsqueeze", (a, in) -> in[0].unsqueeze(a.integer("dim"))));
    t.add(
        unary("contiguous", Tensor::contiguous, v -> v)
            .samples(
                Sample.of(s(3, 2)).noncontig(),
                Sample.of(s(2, 3, 4)).noncontig(),
                Sample.of(s(2, 3)),
                Sample.of(s())));
    t.add(unary("clone", Tensor::clone, v -> v));
    t.add(unary("to(float64)", x -> x.to(DType.FLOAT64), v -> v).resultType(DType.FLOAT64));
    t.add(
        unary("to(float32)", x -> x.to(DType.FLOAT32), v -> (float) v)
            .resultType(DType.FLOAT32)
            .noGradcheck());
    t.add(
        unary("to(int64)", x -> x.to(DType.INT64), v -> (double) (long) v)
            .domain(-5, 5)
            .notDifferentiable()
            .resultType(DType.INT64));

    // ---- linear algebra
    t.add(
        op("matmul", 2, (x, s) -> x[0].matmul(x[1]), (a, s) -> matmul(a[0], a[1]))
            .samples(
                Sample.of(s(3), s(3)),
                Sample.of(s(2, 3), s(3)),
                Sample.of(s(3), s(3, 4)),
                Sample.of(s(2, 3), s(3, 4)),
                Sample.of(s(2, 2, 3), s(2, 3, 4)),
                Sample.of(s(2, 1, 3, 4), s(5, 4, 2)),
                Sample.of(s(3), s(2, 3, 4)),
                Sample.of(s(2, 3, 4), s(4)),
                Sample.of(s(2, 3, 4), s(4, 2)),
                Sample.of(s(3, 3), s(3, 3)).noncontig())
            .errors(
                Sample.of(s(), s(3)),
                Sample.of(s(3), s()),
                Sample.of(s(2, 3), s(2, 3)),
                Sample.of(s(3), s(4)),
                Sample.of(s(2, 2, 3), s(3, 3, 4)))
            .pytorch("matmul"));
    t.add(
        op(
                "linear",
                3,
                (x, s) -> Functional.linear(x[0], x[1], x[2]),
                (a, s) -> linear(a[0], a[1], a[2]))
            .samples(
                Sample.of(s(4, 3), s(2, 3), s(2)),
                Sample.of(s(3), s(2, 3), s(2)),
                Sample.of(s(2, 4, 3), s(5, 3), s(5)),
                Sample.of(s(1, 3), s(1, 3), s(1)),
                Sample.of(s(3, 3), s(2, 3), s(2)).noncontig())
            .errors(Sample.of(s(4, 3), s(2, 4), s(2)), Sample.of(s(), s(2, 3), s(2)))
            .pytorch(
                "linear",
                (a, in) -> Functional.linear(in[0], in[1], in.length > 2 ? in[2] : null)));
    t.add(
        op(
                "linear(no bias)",
                2,
                (x, s) -> Functional.linear(x[0], x[1], null),
                (a, s) -> linear(a[0], a[1], null))
            .samples(
                Sample.of(s(4, 3), s(2, 3)),
                Sample.of(s(3), s(2, 3)),
                Sample.of(s(2, 4, 3), s(5, 3)),
                Sample.of(s(3, 3), s(2, 3)).noncontig())
            .errors(
                Sample.of(s(4, 3), s(2, 4)), Sample.of(s(4, 3), s(3)), Sample.of(s(), s(2, 3))));

    // ---- losses, each with Reduction MEAN, SUM and NONE
    List<Sample> lossSamples =
        withReductions(
            Sample.of(s(4, 3), s(4, 3)),
            Sample.of(s(5), s(5)),
            Sample.of(s(), s()),
            Sample.of(s(3, 2), s(3, 2)).noncontig());
    Sample[] lossErrors = {Sample.of(s(4, 1), s(4)).with("reduction=MEAN", Reduction.MEAN)};
    t.add(
        op(
                "mseLoss",
                2,
                (x, s) -> Functional.mseLoss(x[0], x[1], lastReduction(s)),
                (a, s) -> loss(zip(a[0], a[1], (p, q) -> (p - q) * (p - q)), lastReduction(s)))
            .samples(lossSamples)
            .errors(lossErrors)
            .pytorch("mse_loss", (a, in) -> Functional.mseLoss(in[0], in[1], a.reduction())));
    t.add(
        op(
                "l1Loss",
                2,
                (x, s) -> Functional.l1Loss(x[0], x[1], lastReduction(s)),
                (a, s) -> loss(zip(a[0], a[1], (p, q) -> Math.abs(p - q)), lastReduction(s)))
            .samples(lossSamples)
            .errors(lossErrors)
            .pytorch("l1_loss", (a, in) -> Functional.l1Loss(in[0], in[1], a.reduction())));
    List<Sample> smoothSamples = new ArrayList<>();
    for (double beta : new double[] {1.0, 0.5, 0.0}) {
      for (Sample b : lossSamples) {
        smoothSamples.add(b.with(b.desc() + " beta=" + beta, b.args()[0], beta));
      }
    }
    t.add(
        op(
                "smoothL1Loss",
                2,
                (x, s) -> Functional.smoothL1Loss(x[0], x[1], s.reduction(0), s.d(1)),
                (a, s) -> loss(zip(a[0], a[1], (p, q) -> smoothL1(p - q, s.d(1))), s.reduction(0)))
            .samples(smoothSamples)
            .errors(
                Sample.of(s(3), s(3)).with("reduction=MEAN beta=-1.0", Reduction.MEAN, -1.0),
                Sample.of(s(3), s(2)).with("reduction=MEAN beta=1.0", Reduction.MEAN, 1.0))
            .pytorch(
                "smooth_l1_loss",
                (a, in) -> Functional.smoothL1Loss(in[0], in[1], a.reduction(), a.number("beta"))));
    t.add(
        op(
                "smoothL1Loss(default beta)",
                2,
                (x, s) -> Functional.smoothL1Loss(x[0], x[1]),
                (a, s) -> loss(zip(a[0], a[1], (p, q) -> smoothL1(p - q, 1.0)), Reduction.MEAN))
            .samples(Sample.of(s(4, 3), s(4, 3)), Sample.of(s(), s())));
    List<Sample> huberSamples = new ArrayList<>();
    for (double delta : new double[] {1.0, 0.5, 2.0}) {
      for (Sample b : lossSamples) {
        huberSamples.add(b.with(b.desc() + " delta=" + delta, b.args()[0], delta));
      }
    }
    t.add(
        op(
                "huberLoss",
                2,
                (x, s) -> Functional.huberLoss(x[0], x[1], s.reduction(0), s.d(1)),
                (a, s) -> loss(zip(a[0], a[1], (p, q) -> huber(p - q, s.d(1))), s.reduction(0)))
            .samples(huberSamples)
            .errors(
                Sample.of(s(3), s(3)).with("reduction=MEAN delta=0.0", Reduction.MEAN, 0.0),
                Sample.of(s(3), s(3)).with("reduction=MEAN delta=-1.0", Reduction.MEAN, -1.0),
                Sample.of(s(3), s(2)).with("reduction=MEAN delta=1.0", Reduction.MEAN, 1.0)));
    t.add(
        op(
                "huberLoss(default delta)",
                2,
                (x, s) -> Functional.huberLoss(x[0], x[1]),
                (a, s) -> loss(zip(a[0], a[1], (p, q) -> huber(p - q, 1.0)), Reduction.MEAN))
            .samples(Sample.of(s(4, 3), s(4, 3)), Sample.of(s(), s())));
    List<Sample> klSamples = new ArrayList<>();
    for (boolean logTarget : new boolean[] {false, true}) {
      for (Sample b : lossSamples) {
        klSamples.add(b.with(b.desc() + " logTarget=" + logTarget, b.args()[0], logTarget));
      }
    }
    t.add(
        op(
                "klDivLoss",
                2,
                (x, s) -> Functional.klDivLoss(x[0], x[1], s.reduction(0), s.b(1)),
                (a, s) -> loss(zip(a[0], a[1], (q, p) -> klDiv(q, p, s.b(1))), s.reduction(0)))
            .samples(klSamples)
            .errors(
                Sample.of(s(4, 1), s(4))
                    .with("reduction=MEAN logTarget=false", Reduction.MEAN, false))
            .domains(Domain.of(-2, 2), Domain.of(0.05, 1)));
    t.add(
        op(
                "klDivLoss(default reduction)",
                2,
                (x, s) -> Functional.klDivLoss(x[0], x[1]),
                (a, s) -> loss(zip(a[0], a[1], (q, p) -> klDiv(q, p, false)), Reduction.MEAN))
            .samples(Sample.of(s(4, 3), s(4, 3)), Sample.of(s(), s()))
            .domains(Domain.of(-2, 2), Domain.of(0.05, 1)));
    t.add(
        op(
                "klDivLossBatchMean",
                2,
                (x, s) -> Functional.klDivLossBatchMean(x[0], x[1], s.b(0)),
                (a, s) -> {
                  Arr sum = loss(zip(a[0], a[1], (q, p) -> klDiv(q, p, s.b(0))), Reduction.SUM);
                  int batch = a[0].rank() == 0 ? 1 : a[0].shape()[0];
                  return new Arr(new double[] {sum.v()[0] / batch}, new int[0]);
                })
            .samples(
                Sample.of(s(4, 3), s(4, 3)).with("logTarget=false", false),
                Sample.of(s(4, 3), s(4, 3)).with("logTarget=true", true),
                Sample.of(s(5), s(5)).with("logTarget=false", false),
                Sample.of(s(), s()).with("logTarget=false", false),
                Sample.of(s(3, 2), s(3, 2)).noncontig().with("logTarget=false", false))
            .errors(Sample.of(s(4, 1), s(4)).with("logTarget=false", false))
            .domains(Domain.of(-2, 2), Domain.of(0.05, 1)));
    List<Sample> rankingSamples = new ArrayList<>();
    for (double margin : new double[] {0.0, 0.5}) {
      for (Sample b :
          withReductions(
              Sample.of(s(5), s(5), s(5)),
              Sample.of(s(4, 3), s(4, 3), s(4, 3)),
              Sample.of(s(), s(), s()),
              Sample.of(s(3, 2), s(3, 2), s(3, 2)).noncontig())) {
        rankingSamples.add(b.with(b.desc() + " margin=" + margin, lastReduction(b), margin));
      }
    }
    // y of 1 and -1 only: where y = 0 and the margin is 0, the loss sits on clampMin's kink
    Domain plusOrMinusOne = Domain.integers(-1, 1).avoiding(0.5, 0);
    t.add(
        op(
                "marginRankingLoss",
                3,
                (x, s) -> Functional.marginRankingLoss(x[0], x[1], x[2], s.d(1), s.reduction(0)),
                (a, s) ->
                    loss(
                        zip3(a[2], a[0], a[1], (y, p, q) -> Math.max(0, -y * (p - q) + s.d(1))),
                        s.reduction(0)))
            .samples(rankingSamples)
            .errors(
                Sample.of(s(3), s(3, 1), s(3)).with("margin=0", Reduction.MEAN, 0.0),
                Sample.of(s(3), s(3), s(2)).with("margin=0", Reduction.MEAN, 0.0))
            .domains(Domain.of(-2, 2), Domain.of(-2, 2), plusOrMinusOne));
    t.add(
        op(
                "marginRankingLoss(default margin)",
                3,
                (x, s) -> Functional.marginRankingLoss(x[0], x[1], x[2]),
                (a, s) ->
                    loss(
                        zip3(a[2], a[0], a[1], (y, p, q) -> Math.max(0, -y * (p - q))),
                        Reduction.MEAN))
            .samples(Sample.of(s(5), s(5), s(5)), Sample.of(s(), s(), s()))
            .domains(Domain.of(-2, 2), Domain.of(-2, 2), plusOrMinusOne));
    List<Sample> cosineSamples = new ArrayList<>();
    for (double margin : new double[] {0.0, 0.3}) {
      for (Sample b :
          withReductions(
              Sample.of(s(4, 3), s(4, 3), s(4)),
              Sample.of(s(3), s(3), s()),
              Sample.of(s(3, 2), s(3, 2), s(3)).noncontig())) {
        cosineSamples.add(b.with(b.desc() + " margin=" + margin, lastReduction(b), margin));
      }
    }
    t.add(
        op(
                "cosineEmbeddingLoss",
                3,
                (x, s) -> Functional.cosineEmbeddingLoss(x[0], x[1], x[2], s.d(1), s.reduction(0)),
                (a, s) -> loss(cosineEmbedding(a[0], a[1], a[2], s.d(1)), s.reduction(0)))
            .samples(cosineSamples)
            .errors(
                Sample.of(s(3, 2), s(3, 2), s(3, 1)).with("margin=0", Reduction.MEAN, 0.0),
                Sample.of(s(3, 2), s(3, 2), s()).with("margin=0", Reduction.MEAN, 0.0),
                Sample.of(s(2), s(2), s(3)).with("margin=0", Reduction.MEAN, 0.0),
                Sample.of(s(3, 2), s(3, 2), s(4)).with("margin=0", Reduction.MEAN, 0.0),
                Sample.of(s(3, 2), s(3, 4), s(3)).with("margin=0", Reduction.MEAN, 0.0))
            .domains(Domain.of(-2, 2), Domain.of(-2, 2), Domain.integers(-1, 1))
            .constant(2));
    t.add(
        op(
                "cosineEmbeddingLoss(default margin)",
                3,
                (x, s) -> Functional.cosineEmbeddingLoss(x[0], x[1], x[2]),
                (a, s) -> loss(cosineEmbedding(a[0], a[1], a[2], 0), Reduction.MEAN))
            .samples(Sample.of(s(4, 3), s(4, 3), s(4)), Sample.of(s(3), s(3), s()))
            .domains(Domain.of(-2, 2), Domain.of(-2, 2), Domain.integers(-1, 1))
            .constant(2));
    List<Sample> tripletSamples = new ArrayList<>();
    Object[][] tripletSettings = {
      {1.0, 2.0, 1e-6, false}, {0.5, 1.0, 1e-6, true}, {2.0, 3.0, 0.1, false}
    };
    for (Object[] setting : tripletSettings) {
      for (Sample b :
          withReductions(
              Sample.of(s(4, 3), s(4, 3), s(4, 3)),
              Sample.of(s(3), s(3), s(3)),
              Sample.of(s(), s(), s()),
              Sample.of(s(3, 2), s(3, 2), s(3, 2)).noncontig())) {
        String desc =
            b.desc()
                + " margin="
                + setting[0]
                + " p="
                + setting[1]
                + " eps="
                + setting[2]
                + " swap="
                + setting[3];
        tripletSamples.add(
            b.with(desc, lastReduction(b), setting[0], setting[1], setting[2], setting[3]));
      }
    }
    t.add(
        op(
                "tripletMarginLoss",
                3,
                (x, s) ->
                    Functional.tripletMarginLoss(
                        x[0], x[1], x[2], s.d(1), s.d(2), s.d(3), s.b(4), s.reduction(0)),
                (a, s) ->
                    loss(triplet(a[0], a[1], a[2], s.d(1), s.d(2), s.d(3), s.b(4)), s.reduction(0)))
            .samples(tripletSamples)
            .errors(
                Sample.of(s(3, 2), s(3, 2), s(2))
                    .with("defaults", Reduction.MEAN, 1.0, 2.0, 1e-6, false),
                Sample.of(s(3, 2), s(3, 2), s(3, 4))
                    .with("defaults", Reduction.MEAN, 1.0, 2.0, 1e-6, false),
                Sample.of(s(3, 2), s(3, 2), s(3, 2))
                    .with("p=NaN", Reduction.MEAN, 1.0, Double.NaN, 1e-6, false)));
    t.add(
        op(
                "tripletMarginLoss(defaults)",
                3,
                (x, s) -> Functional.tripletMarginLoss(x[0], x[1], x[2]),
                (a, s) -> loss(triplet(a[0], a[1], a[2], 1.0, 2, 1e-6, false), Reduction.MEAN))
            .samples(Sample.of(s(4, 3), s(4, 3), s(4, 3)), Sample.of(s(), s(), s())));
    List<Sample> poissonSamples = new ArrayList<>();
    for (boolean full : new boolean[] {false, true}) {
      for (Sample b : lossSamples) {
        poissonSamples.add(b.with(b.desc() + " full=" + full, lastReduction(b), full));
      }
    }
    // the counts are constants: the Stirling term jumps at target = 1
    t.add(
        op(
                "poissonNLLLoss",
                2,
                (x, s) -> Functional.poissonNLLLoss(x[0], x[1], true, s.b(1), 1e-8, s.reduction(0)),
                (a, s) ->
                    loss(
                        zip(a[0], a[1], (z, k) -> poisson(z, k, true, s.b(1), 1e-8)),
                        s.reduction(0)))
            .samples(poissonSamples)
            .errors(Sample.of(s(4, 1), s(4)).with("full=false", Reduction.MEAN, false))
            .domains(Domain.of(-2, 2), Domain.integers(0, 5))
            .constant(1));
    t.add(
        op(
                "poissonNLLLoss(rates)",
                2,
                (x, s) -> Functional.poissonNLLLoss(x[0], x[1], false, s.b(1), 0.5, s.reduction(0)),
                (a, s) ->
                    loss(
                        zip(a[0], a[1], (z, k) -> poisson(z, k, false, s.b(1), 0.5)),
                        s.reduction(0)))
            .samples(poissonSamples)
            .domains(Domain.of(0.1, 3), Domain.integers(0, 5))
            .constant(1));
    t.add(
        op(
                "poissonNLLLoss(defaults)",
                2,
                (x, s) -> Functional.poissonNLLLoss(x[0], x[1]),
                (a, s) ->
                    loss(
                        zip(a[0], a[1], (z, k) -> poisson(z, k, true, false, 1e-8)),
                        Reduction.MEAN))
            .samples(Sample.of(s(4, 3), s(4, 3)), Sample.of(s(), s()))
            .domains(Domain.of(-2, 2), Domain.of(0, 4)));
    List<Sample> gaussianSamples = new ArrayList<>();
    for (boolean full : new boolean[] {false, true}) {
      for (Sample b :
          withReductions(
              Sample.of(s(4, 3), s(4, 3), s(4, 3)),
              Sample.of(s(4, 3), s(4, 3), s(4)),
              Sample.of(s(4, 3), s(4, 3), s(4, 1)),
              Sample.of(s(3), s(3), s()),
              Sample.of(s(3, 2), s(3, 2), s(3, 2)).noncontig())) {
        gaussianSamples.add(b.with(b.desc() + " full=" + full, lastReduction(b), full));
      }
    }
    t.add(
        op(
                "gaussianNLLLoss",
                3,
                (x, s) ->
                    Functional.gaussianNLLLoss(x[0], x[1], x[2], s.b(1), 1e-6, s.reduction(0)),
                (a, s) -> loss(gaussian(a[0], a[1], a[2], s.b(1)), s.reduction(0)))
            .samples(gaussianSamples)
            .errors(
                Sample.of(s(3, 2), s(3, 2), s(2, 2)).with("full=false", Reduction.MEAN, false),
                Sample.of(s(3, 2), s(3, 2), s(3, 3)).with("full=false", Reduction.MEAN, false),
                Sample.of(s(3, 2), s(2, 3), s(3, 2)).with("full=false", Reduction.MEAN, false))
            .domains(Domain.of(-2, 2), Domain.of(-2, 2), Domain.of(0.1, 2)));
    t.add(
        op(
                "gaussianNLLLoss(defaults)",
                3,
                (x, s) -> Functional.gaussianNLLLoss(x[0], x[1], x[2]),
                (a, s) -> loss(gaussian(a[0], a[1], a[2], false), Reduction.MEAN))
            .samples(Sample.of(s(4, 3), s(4, 3), s(4, 3)), Sample.of(s(), s(), s()))
            .domains(Domain.of(-2, 2), Domain.of(-2, 2), Domain.of(0.1, 2)));
    t.add(
        op(
                "binaryCrossEntropy",
                2,
                (x, s) -> Functional.binaryCrossEntropy(x[0], x[1], lastReduction(s)),
                (a, s) ->
                    loss(
                        zip(
                            a[0],
                            a[1],
                            (p, y) ->
                                -(y * Math.max(Math.log(p), -100)
                                    + (1 - y) * Math.max(Math.log(1 - p), -100))),
                        lastReduction(s)))
            .samples(lossSamples)
            .errors(lossErrors)
            .domains(Domain.of(0.05, 0.95), Domain.of(0, 1))
            .pytorch(
                "binary_cross_entropy",
                (a, in) -> Functional.binaryCrossEntropy(in[0], in[1], a.reduction())));
    t.add(
        op(
                "binaryCrossEntropyWithLogits",
                2,
                (x, s) -> Functional.binaryCrossEntropyWithLogits(x[0], x[1], lastReduction(s)),
                (a, s) ->
                    loss(
                        zip(
                            a[0],
                            a[1],
                            (z, y) -> {
                              double p = 1 / (1 + Math.exp(-z));
                              return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
                            }),
                        lastReduction(s)))
            .samples(lossSamples)
            .errors(lossErrors)
            .domains(Domain.of(-3, 3), Domain.of(0, 1))
            .pytorch(
                "binary_cross_entropy_with_logits",
                (a, in) ->
                    Functional.binaryCrossEntropyWithLogits(
                        in[0], in[1], null, a.reduction(), weights(a, "pos_weight", in[0]))));
    List<Sample> weightedBce = new ArrayList<>();
    double[] perClass = {3, 0.5, 1};
    for (Sample b :
        withReductions(
            Sample.of(s(4, 3), s(4, 3)),
            Sample.of(s(3), s(3)),
            Sample.of(s(3, 3), s(3, 3)).noncontig())) {
      Reduction r = lastReduction(b);
      weightedBce.add(b.with(b.desc() + " posWeight=[3, 0.5, 1]", r, null, perClass));
      weightedBce.add(b.with(b.desc() + " weight=[3, 0.5, 1]", r, perClass, null));
      weightedBce.add(
          b.with(b.desc() + " weight=[2] posWeight=[4]", r, new double[] {2}, new double[] {4}));
    }
    t.add(
        op(
                "binaryCrossEntropyWithLogits(weight, posWeight)",
                2,
                (x, s) ->
                    Functional.binaryCrossEntropyWithLogits(
                        x[0],
                        x[1],
                        constant((double[]) s.args()[1], x[0]),
                        s.reduction(0),
                        constant((double[]) s.args()[2], x[0])),
                (a, s) -> {
                  double[] w = (double[]) s.args()[1];
                  double[] pw = (double[]) s.args()[2];
                  int c = a[0].shape()[a[0].rank() - 1];
                  double[] out = new double[a[0].numel()];
                  for (int i = 0; i < out.length; i++) {
                    double z = a[0].v()[i];
                    double y = a[1].v()[i];
                    double sp = Math.log1p(Math.exp(-z));
                    double l = (1 - y) * z + (1 + (lastDim(pw, i, c, 1) - 1) * y) * sp;
                    out[i] = lastDim(w, i, c, 1) * l;
                  }
                  return loss(new Arr(out, a[0].shape()), s.reduction(0));
                })
            .samples(weightedBce)
            .errors(
                Sample.of(s(4, 3), s(4, 3))
                    .with("posWeight=[1, 2]", Reduction.MEAN, null, new double[] {1, 2}),
                Sample.of(s(), s())
                    .with("0-d posWeight=[4]", Reduction.MEAN, null, new double[] {4}),
                Sample.of(s(4, 3), s(4, 3))
                    .with("weight=[1, 2]", Reduction.MEAN, new double[] {1, 2}, null))
            .domains(Domain.of(-3, 3), Domain.of(0, 1)));
    List<Sample> classSamples =
        withReductions(
            Sample.of(s(4, 3)).with("target=[2, 0, 1, 1]", (Object) new long[] {2, 0, 1, 1}),
            Sample.of(s(2, 5)).with("target=[4, 0]", (Object) new long[] {4, 0}),
            Sample.of(s(3)).with("target=1 (0-d)", (Object) new long[] {1}),
            Sample.of(s(3, 2)).noncontig().with("target=[1, 0, 1]", (Object) new long[] {1, 0, 1}));
    Sample[] classErrors = {
      Sample.of(s(2, 3)).with("target=[0, 3] reduction=MEAN", new long[] {0, 3}, Reduction.MEAN),
      Sample.of(s(2, 3)).with("target=[0] reduction=MEAN", new long[] {0}, Reduction.MEAN),
      Sample.of(s()).with("target=0 reduction=MEAN", new long[] {0}, Reduction.MEAN)
    };
    t.add(
        op(
                "crossEntropy",
                1,
                (x, s) -> Functional.crossEntropy(x[0], target(x[0], s), lastReduction(s)),
                (a, s) ->
                    loss(
                        pick(
                            a[0],
                            s.longs(0),
                            row -> Math.log(sumOf(Arrays.stream(row).map(Math::exp).toArray())),
                            (lse, v) -> lse - v),
                        lastReduction(s)))
            .samples(classSamples)
            .errors(
                classErrors[0],
                classErrors[1],
                classErrors[2],
                Sample.of(s(2, 2, 3))
                    .with("target=[0, 1] reduction=MEAN", new long[] {0, 1}, Reduction.MEAN))
            .pytorch(
                "cross_entropy",
                (a, in) ->
                    a.has("weight")
                        ? Functional.crossEntropy(
                            in[0],
                            classTarget(a, in[0]),
                            weights(a, "weight", in[0]),
                            a.reduction(),
                            a.integer("ignore_index"),
                            a.number("label_smoothing"))
                        : Functional.crossEntropy(in[0], a.longs("target"), a.reduction())));
    double[] classWeights = {0.5, 2, 1, 0.25, 3};
    List<Sample> weightedClasses = new ArrayList<>();
    for (Sample b : classSamples) {
      for (double eps : new double[] {0, 0.2}) {
        weightedClasses.add(
            b.with(
                b.desc() + " weight smoothing=" + eps,
                b.args()[0],
                lastReduction(b),
                classWeights,
                eps));
        weightedClasses.add(
            b.with(b.desc() + " smoothing=" + eps, b.args()[0], lastReduction(b), null, eps));
      }
    }
    t.add(
        op(
                "crossEntropy(weight, labelSmoothing)",
                1,
                (x, s) ->
                    Functional.crossEntropy(
                        x[0],
                        target(x[0], s),
                        classWeights(s, x[0]),
                        s.reduction(1),
                        Functional.DEFAULT_IGNORE_INDEX,
                        s.d(3)),
                (a, s) -> classLoss(a[0], s, true))
            .samples(weightedClasses)
            .errors(
                Sample.of(s(2, 3))
                    .with(
                        "weight of 2", new long[] {0, 1}, Reduction.MEAN, new double[] {1, 2}, 0.0),
                Sample.of(s(2, 3))
                    .with("smoothing=1.5", new long[] {0, 1}, Reduction.MEAN, null, 1.5),
                Sample.of(s()).with("0-d logits", new long[] {0}, Reduction.MEAN, null, 0.0)));
    t.add(
        op(
                "nllLoss",
                1,
                (x, s) -> Functional.nllLoss(x[0], target(x[0], s), lastReduction(s)),
                (a, s) -> loss(pick(a[0], s.longs(0), row -> 0, (z, v) -> -v), lastReduction(s)))
            .samples(classSamples)
            .errors(classErrors)
            .domain(-3, -0.1)
            .pytorch(
                "nll_loss", // The file's note: PyTorch's input was log_softmax(input0, dim=1), and
                // inputs[0] holds the
                // raw logits, so the gradient recorded is with respect to the logits.
                (a, in) ->
                    a.has("weight")
                        ? Functional.nllLoss(
                            in[0].logSoftmax(1),
                            classTarget(a, in[0]),
                            weights(a, "weight", in[0]),
                            a.reduction(),
                            a.integer("ignore_index"))
                        : Functional.nllLoss(
                            in[0].logSoftmax(1), a.longs("target"), a.reduction())));
    List<Sample> weightedNll = new ArrayList<>();
    for (Sample b : classSamples) {
      weightedNll.add(
          b.with(b.desc() + " weight", b.args()[0], lastReduction(b), classWeights, 0.0));
    }
    t.add(
        op(
                "nllLoss(weight)",
                1,
                (x, s) ->
                    Functional.nllLoss(
                        x[0],
                        target(x[0], s),
                        classWeights(s, x[0]),
                        s.reduction(1),
                        Functional.DEFAULT_IGNORE_INDEX),
                (a, s) -> classLoss(a[0], s, false))
            .samples(weightedNll)
            .errors(
                Sample.of(s(2, 3))
                    .with("weight of 2", new long[] {0, 1}, Reduction.MEAN, new double[2], 0.0),
                Sample.of(s())
                    .with("0-d log-probabilities", new long[] {0}, Reduction.MEAN, null, 0.0))
            .domain(-3, -0.1));

    List<OpInfo> out = new ArrayList<>();
    for (Builder b : t) out.add(b.build());
    return List.copyOf(out);
  }

  private static List<Sample> scalarArg(List<Sample> base, double value) {
    List<Sample> out = new ArrayList<>();
    for (Sample b : base) out.add(b.with("value=" + value, value));
    return out;
  }

  private static Sample varSample(int[] shape, int[] dims, boolean unbiased, boolean keepDim) {
    String where =
        dims == null
            ? "all"
            : (dims.length == 1 ? "dim=" + dims[0] : "dims=" + Arrays.toString(dims))
                + " keepDim="
                + keepDim;
    return Sample.of(shape).with(where + " unbiased=" + unbiased, dims, unbiased, keepDim);
  }

  private static Sample correctionSample(int[] shape, int[] dims, int correction, boolean keepDim) {
    String where = (dims.length == 1 ? "dim=" + dims[0] : "dims=" + Arrays.toString(dims));
    return Sample.of(shape)
        .with(
            where + " correction=" + correction + " keepDim=" + keepDim, dims, correction, keepDim);
  }

  private static Sample pNormSample(int[] shape, int[] dims, double p, boolean keepDim) {
    String where = (dims.length == 1 ? "dim=" + dims[0] : "dims=" + Arrays.toString(dims));
    return Sample.of(shape).with("p=" + p + " " + where + " keepDim=" + keepDim, p, dims, keepDim);
  }

  /** A golden case's dims: all of them where PyTorch's dim is None. */
  private static int[] dimsOf(Attrs a, Tensor x) {
    if (a.get("dim") != null) return a.ints("dim");
    int[] all = new int[Math.max(x.dim(), 1)];
    for (int d = 0; d < all.length; d++) all[d] = d;
    return all;
  }

  /** A golden case's weights at {@code key}, of x's type, or null where PyTorch's are None. */
  private static Tensor weights(Attrs a, String key, Tensor x) {
    if (!a.has(key) || a.get(key) == null) return null;
    double[] w = Json.asList(a.get(key)).stream().mapToDouble(Json::asDouble).toArray();
    return Tensor.of(w, x.dtype(), w.length);
  }

  /** A golden case's class-index target: a list, or one index (0-d) for 1-D logits. */
  private static Tensor classTarget(Attrs a, Tensor logits) {
    Object target = a.get("target");
    if (target instanceof List) return a.longs("target");
    return Tensor.scalar(Json.asInt(target), DType.INT64);
  }

  /** A constant tensor of x's type over the last dim, or null. */
  private static Tensor constant(double[] values, Tensor x) {
    return values == null ? null : Tensor.of(values, x.dtype(), values.length);
  }

  /** Element {@code i % c} of values broadcast along the last dim of size c; 1 for none. */
  private static double lastDim(double[] values, int i, int c, double none) {
    if (values == null) return none;
    return values.length == 1 ? values[0] : values[i % c];
  }

  /**
   * The class weights of a weighted crossEntropy or nllLoss sample, or null: the first C of the
   * sample's (fewer in the error samples, as they are).
   */
  private static Tensor classWeights(Sample s, Tensor logits) {
    double[] w = (double[]) s.args()[2];
    if (w == null) return null;
    int c = logits.size(-1);
    double[] used = w.length > c ? Arrays.copyOf(w, c) : w;
    return Tensor.of(used, logits.dtype(), used.length);
  }

  /**
   * The reference of crossEntropy (from logits, with smoothing) or nllLoss (from log-probabilities)
   * with class weights: PyTorch's formula, the mean normalised by the targets' weights.
   */
  private static Arr classLoss(Arr scores, Sample s, boolean fromLogits) {
    long[] labels = s.longs(0);
    double[] w = (double[]) s.args()[2];
    double eps = s.d(3);
    boolean single = scores.rank() == 1;
    int n = single ? 1 : scores.shape()[0];
    int c = scores.shape()[scores.rank() - 1];
    double[] out = new double[n];
    double weightSum = 0;
    for (int i = 0; i < n; i++) {
      double[] row = Arrays.copyOfRange(scores.v(), i * c, (i + 1) * c);
      double lse = fromLogits ? Math.log(sumOf(Arrays.stream(row).map(Math::exp).toArray())) : 0;
      int y = (int) labels[i];
      double smooth = 0;
      for (int k = 0; k < c; k++) smooth -= (w == null ? 1 : w[k]) * (row[k] - lse);
      double wy = w == null ? 1 : w[y];
      out[i] = (1 - eps) * -wy * (row[y] - lse) + eps / c * smooth;
      weightSum += wy;
    }
    Reduction r = s.reduction(1);
    if (r == Reduction.NONE) return new Arr(out, single ? new int[0] : new int[] {n});
    double total = sumOf(out);
    return new Arr(new double[] {r == Reduction.SUM ? total : total / weightSum}, new int[0]);
  }

  private static List<Sample> shapeSamples(boolean allowCopy) {
    List<Sample> out = new ArrayList<>();
    out.add(Sample.of(s(2, 3, 4)).with("shape=[6, 4]", (Object) s(6, 4)));
    out.add(Sample.of(s(2, 3, 4)).with("shape=[-1]", (Object) s(-1)));
    out.add(Sample.of(s(2, 3, 4)).with("shape=[4, -1, 2]", (Object) s(4, -1, 2)));
    out.add(Sample.of(s(2, 3, 4)).with("shape=[2, 1, 12, 1]", (Object) s(2, 1, 12, 1)));
    out.add(Sample.of(s(6)).with("shape=[2, 3]", (Object) s(2, 3)));
    out.add(Sample.of(s()).with("shape=[1]", (Object) s(1)));
    out.add(Sample.of(s()).with("shape=[1, 1]", (Object) s(1, 1)));
    out.add(Sample.of(s(1)).with("shape=[]", (Object) s()));
    if (allowCopy) {
      // Transposed: the strides forbid a view, so reshape copies.
      out.add(Sample.of(s(3, 2)).noncontig().with("shape=[6]", (Object) s(6)));
      out.add(Sample.of(s(2, 3, 4)).noncontig().with("shape=[4, 6]", (Object) s(4, 6)));
    } else {
      // Transposed, but splitting a dim is still a view.
      out.add(Sample.of(s(4, 3)).noncontig().with("shape=[2, 2, 3]", (Object) s(2, 2, 3)));
    }
    return out;
  }

  @FunctionalInterface
  interface Comparison {
    boolean test(double a, double b);
  }

  /** A comparison of two tensors and, when {@code scalar} is given, of a tensor and a number. */
  private static void comparison(
      List<Builder> t,
      String name,
      BinaryOperator<Tensor> f,
      BiFunction<Tensor, Double, Tensor> scalar,
      Comparison ref) {
    t.add(
        binary(name, f, (x, y) -> ref.test(x, y) ? 1 : 0)
            .domains(Domain.integers(-2, 2))
            .notDifferentiable()
            .resultType(DType.BOOL));
    if (scalar == null) return;
    t.add(
        op(
                name + "(scalar)",
                1,
                (x, s) -> scalar.apply(x[0], s.d(0)),
                (a, s) -> map(a[0], v -> ref.test(v, s.d(0)) ? 1 : 0))
            .samples(scalarArg(UNARY, 1.0))
            .domains(Domain.integers(-2, 2))
            .notDifferentiable()
            .resultType(DType.BOOL));
  }

  /** The class-index target of a crossEntropy or nllLoss sample: 0-d for 1-D logits. */
  private static Tensor target(Tensor logits, Sample s) {
    Tensor labels = Tensor.of(s.longs(0));
    return logits.dim() == 1 ? labels.reshape() : labels;
  }

  // ================================================================ reference implementations

  /** A dense row-major array of doubles with a shape: the reference implementations' tensors. */
  record Arr(double[] v, int[] shape) {
    static Arr of(Tensor t) {
      return new Arr(t.toDoubleArray(), t.shape());
    }

    int rank() {
      return shape.length;
    }

    int numel() {
      return v.length;
    }
  }

  static int numel(int[] shape) {
    int n = 1;
    for (int d : shape) n *= d;
    return n;
  }

  /** The multi-index of row-major position {@code flat}. */
  static int[] unravel(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = flat % shape[d];
      flat /= shape[d];
    }
    return idx;
  }

  /** The row-major position of a multi-index. */
  static int ravel(int[] idx, int[] shape) {
    int flat = 0;
    for (int d = 0; d < shape.length; d++) flat = flat * shape[d] + idx[d];
    return flat;
  }

  static int wrap(int dim, int rank) {
    int r = Math.max(rank, 1);
    if (dim < -r || dim >= r) throw new IllegalArgumentException("dim " + dim + " rank " + rank);
    return dim < 0 ? dim + r : dim;
  }

  /** The NumPy broadcast of several shapes. */
  static int[] broadcastShape(int[]... shapes) {
    int rank = 0;
    for (int[] s : shapes) rank = Math.max(rank, s.length);
    int[] out = new int[rank];
    Arrays.fill(out, 1);
    for (int[] s : shapes) {
      for (int d = 0; d < s.length; d++) {
        int o = rank - s.length + d;
        if (out[o] == 1) out[o] = s[d];
        else if (s[d] != 1 && s[d] != out[o]) throw new IllegalArgumentException("broadcast");
      }
    }
    return out;
  }

  /** The element of {@code a} seen at {@code idx} of a larger broadcast shape. */
  static double broadcastGet(Arr a, int[] idx) {
    int lead = idx.length - a.rank();
    int flat = 0;
    for (int d = 0; d < a.rank(); d++) {
      flat = flat * a.shape()[d] + (a.shape()[d] == 1 ? 0 : idx[lead + d]);
    }
    return a.v()[flat];
  }

  static Arr map(Arr a, DoubleUnaryOperator f) {
    double[] out = new double[a.numel()];
    for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(a.v()[i]);
    return new Arr(out, a.shape());
  }

  static Arr zip(Arr a, Arr b, DoubleBinaryOperator f) {
    int[] shape = broadcastShape(a.shape(), b.shape());
    double[] out = new double[numel(shape)];
    for (int i = 0; i < out.length; i++) {
      int[] idx = unravel(i, shape);
      out[i] = f.applyAsDouble(broadcastGet(a, idx), broadcastGet(b, idx));
    }
    return new Arr(out, shape);
  }

  @FunctionalInterface
  interface Ternary {
    double apply(double c, double a, double b);
  }

  static Arr zip3(Arr c, Arr a, Arr b, Ternary f) {
    int[] shape = broadcastShape(c.shape(), a.shape(), b.shape());
    double[] out = new double[numel(shape)];
    for (int i = 0; i < out.length; i++) {
      int[] idx = unravel(i, shape);
      out[i] = f.apply(broadcastGet(c, idx), broadcastGet(a, idx), broadcastGet(b, idx));
    }
    return new Arr(out, shape);
  }

  /**
   * Reduces the groups of elements that differ only in {@code dims} (all dims when null) with
   * {@code f}, which sees each group in row-major order.
   */
  static Arr reduce(Arr a, int[] dims, boolean keepDim, ToDoubleFunction<double[]> f) {
    int rank = a.rank();
    boolean[] reduced = new boolean[rank];
    if (dims == null) {
      Arrays.fill(reduced, true);
    } else if (rank > 0) {
      for (int d : dims) reduced[wrap(d, rank)] = true;
    }
    int[] kept = a.shape().clone();
    List<Integer> groupDims = new ArrayList<>();
    for (int d = 0; d < rank; d++) {
      if (reduced[d]) {
        kept[d] = 1;
        groupDims.add(a.shape()[d]);
      }
    }
    int[] groupShape = groupDims.stream().mapToInt(Integer::intValue).toArray();
    double[] out = new double[numel(kept)];
    for (int o = 0; o < out.length; o++) {
      int[] oi = unravel(o, kept);
      double[] group = new double[numel(groupShape)];
      for (int g = 0; g < group.length; g++) {
        int[] gi = unravel(g, groupShape);
        int[] full = oi.clone();
        for (int d = 0, k = 0; d < rank; d++) if (reduced[d]) full[d] = gi[k++];
        group[g] = a.v()[ravel(full, a.shape())];
      }
      out[o] = f.applyAsDouble(group);
    }
    if (keepDim) return new Arr(out, kept);
    int[] shape = new int[0];
    for (int d = 0; d < rank; d++) {
      if (!reduced[d]) {
        shape = Arrays.copyOf(shape, shape.length + 1);
        shape[shape.length - 1] = a.shape()[d];
      }
    }
    return new Arr(out, shape);
  }

  /** Applies {@code f} to each lane along {@code dim} (all other indices fixed). */
  static Arr alongDim(Arr a, int dim, UnaryOperator<double[]> f) {
    if (a.rank() == 0) return new Arr(f.apply(a.v().clone()), a.shape());
    int d = wrap(dim, a.rank());
    int[] lanes = a.shape().clone();
    lanes[d] = 1;
    double[] out = new double[a.numel()];
    for (int l = 0; l < numel(lanes); l++) {
      int[] idx = unravel(l, lanes);
      double[] lane = new double[a.shape()[d]];
      for (int k = 0; k < lane.length; k++) {
        idx[d] = k;
        lane[k] = a.v()[ravel(idx, a.shape())];
      }
      double[] mapped = f.apply(lane);
      for (int k = 0; k < lane.length; k++) {
        idx[d] = k;
        out[ravel(idx, a.shape())] = mapped[k];
      }
    }
    return new Arr(out, a.shape());
  }

  /** The array of {@code shape} whose element at each index is {@code a} at {@code source(idx)}. */
  static Arr gather(Arr a, int[] shape, UnaryOperator<int[]> source) {
    double[] out = new double[numel(shape)];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.v()[ravel(source.apply(unravel(i, shape)), a.shape())];
    }
    return new Arr(out, shape);
  }

  static double sumOf(double[] g) {
    double s = 0;
    for (double v : g) s += v;
    return s;
  }

  static double maxOf(double[] g) {
    double m = g[0];
    for (double v : g) if (v > m) m = v;
    return m;
  }

  static double minOf(double[] g) {
    double m = g[0];
    for (double v : g) if (v < m) m = v;
    return m;
  }

  /** The position of the first largest (or smallest) value, as PyTorch's max(dim) and argmax. */
  static double firstIndexOf(double[] g, boolean largest) {
    int best = 0;
    for (int i = 1; i < g.length; i++) if (largest ? g[i] > g[best] : g[i] < g[best]) best = i;
    return best;
  }

  static double varianceOf(double[] g, double correction) {
    double mean = sumOf(g) / g.length;
    double ss = 0;
    for (double v : g) ss += (v - mean) * (v - mean);
    return ss / Math.max(0, g.length - correction);
  }

  static double pNormOf(double[] g, double p) {
    if (Double.isInfinite(p)) {
      double m = p > 0 ? 0 : INF;
      for (double v : g) m = p > 0 ? Math.max(m, Math.abs(v)) : Math.min(m, Math.abs(v));
      return m;
    }
    if (p == 0) return Arrays.stream(g).filter(v -> v != 0).count();
    double s = 0;
    for (double v : g) s += Math.pow(Math.abs(v), p);
    return Math.pow(s, 1 / p);
  }

  static double[] softmaxOf(double[] lane) {
    double total = 0;
    for (double v : lane) total += Math.exp(v);
    double[] out = new double[lane.length];
    for (int i = 0; i < lane.length; i++) out[i] = Math.exp(lane[i]) / total;
    return out;
  }

  /**
   * The error function by composite Simpson integration of {@code 2/sqrt(pi) e^(-t^2)} from 0 to x,
   * with 20000 intervals (error below 1e-14 for |x| <= 5).
   */
  static double erf(double x) {
    int n = 20000;
    double h = x / n;
    double sum = 1 + Math.exp(-x * x);
    for (int i = 1; i < n; i++) {
      double t = i * h;
      sum += (i % 2 == 1 ? 4 : 2) * Math.exp(-t * t);
    }
    return 2 / Math.sqrt(Math.PI) * sum * h / 3;
  }

  static double smoothL1(double d, double beta) {
    double ad = Math.abs(d);
    return ad < beta ? 0.5 * ad * ad / beta : ad - 0.5 * beta;
  }

  static double huber(double d, double delta) {
    double ad = Math.abs(d);
    return ad < delta ? 0.5 * d * d : delta * (ad - 0.5 * delta);
  }

  /** kl_div's pointwise loss of a log-probability q against p (or log p). */
  static double klDiv(double logQ, double p, boolean logTarget) {
    if (logTarget) return Math.exp(p) * (p - logQ);
    return p == 0 ? 0 : p * (Math.log(p) - logQ);
  }

  static double poisson(double z, double k, boolean logInput, boolean full, double eps) {
    double l = logInput ? Math.exp(z) - k * z : z - k * Math.log(z + eps);
    if (full && k > 1) l += k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k);
    return l;
  }

  /** The rows (last dim) of {@code a}: one for a 1-D array, one of one element for a 0-d one. */
  static double[][] rows(Arr a) {
    int d = a.rank() == 0 ? 1 : a.shape()[a.rank() - 1];
    double[][] out = new double[a.numel() / d][];
    for (int r = 0; r < out.length; r++) out[r] = Arrays.copyOfRange(a.v(), r * d, (r + 1) * d);
    return out;
  }

  /** The shape of {@code a} without its last dim. */
  static int[] rowShape(Arr a) {
    return Arrays.copyOf(a.shape(), Math.max(a.rank() - 1, 0));
  }

  static Arr cosineEmbedding(Arr x1, Arr x2, Arr y, double margin) {
    double[][] r1 = rows(x1);
    double[][] r2 = rows(x2);
    double epsilon = 1e-12f;
    double[] out = new double[r1.length];
    for (int n = 0; n < out.length; n++) {
      double dot = 0;
      double s1 = epsilon;
      double s2 = epsilon;
      for (int k = 0; k < r1[n].length; k++) {
        dot += r1[n][k] * r2[n][k];
        s1 += r1[n][k] * r1[n][k];
        s2 += r2[n][k] * r2[n][k];
      }
      double cos = dot / Math.sqrt(s1 * s2);
      double label = y.v()[n];
      out[n] = label == 1 ? 1 - cos : label == -1 ? Math.max(0, cos - margin) : 0;
    }
    return new Arr(out, rowShape(x1));
  }

  static double distance(double[] a, double[] b, double p, double eps) {
    double sum = 0;
    for (int k = 0; k < a.length; k++) sum += Math.pow(Math.abs(a[k] - b[k] + eps), p);
    return Math.pow(sum, 1 / p);
  }

  static Arr triplet(
      Arr anchor, Arr positive, Arr negative, double margin, double p, double eps, boolean swap) {
    double[][] a = rows(anchor);
    double[][] pos = rows(positive);
    double[][] neg = rows(negative);
    double[] out = new double[a.length];
    for (int n = 0; n < out.length; n++) {
      double toNegative = distance(a[n], neg[n], p, eps);
      if (swap) toNegative = Math.min(toNegative, distance(pos[n], neg[n], p, eps));
      out[n] = Math.max(0, distance(a[n], pos[n], p, eps) - toNegative + margin);
    }
    return new Arr(out, rowShape(anchor));
  }

  /** gaussian_nll_loss with var of the input's shape, or one per row (of the last dim). */
  static Arr gaussian(Arr input, Arr target, Arr var, boolean full) {
    int d = input.rank() == 0 ? 1 : input.shape()[input.rank() - 1];
    double[] out = new double[input.numel()];
    for (int i = 0; i < out.length; i++) {
      double v = Math.max(var.numel() == input.numel() ? var.v()[i] : var.v()[i / d], 1e-6);
      double diff = input.v()[i] - target.v()[i];
      out[i] = 0.5 * (Math.log(v) + diff * diff / v) + (full ? 0.5 * Math.log(2 * Math.PI) : 0);
    }
    return new Arr(out, input.shape());
  }

  static Arr loss(Arr perElement, Reduction r) {
    switch (r) {
      case SUM:
        return new Arr(new double[] {sumOf(perElement.v())}, new int[0]);
      case MEAN:
        return new Arr(new double[] {sumOf(perElement.v()) / perElement.numel()}, new int[0]);
      default:
        return perElement;
    }
  }

  /**
   * Per-row losses of class scores [N, C] (or [C] with a single label, giving a 0-d result): {@code
   * combine(rowStat(row), row[label])}.
   */
  static Arr pick(
      Arr scores, long[] labels, ToDoubleFunction<double[]> rowStat, DoubleBinaryOperator combine) {
    boolean single = scores.rank() == 1;
    int n = single ? 1 : scores.shape()[0];
    int c = scores.shape()[scores.rank() - 1];
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double[] row = Arrays.copyOfRange(scores.v(), i * c, (i + 1) * c);
      out[i] = combine.applyAsDouble(rowStat.applyAsDouble(row), row[(int) labels[i]]);
    }
    return new Arr(out, single ? new int[0] : new int[] {n});
  }

  static Arr reshape(Arr a, int[] requested) {
    int[] shape = requested.clone();
    int known = 1;
    int infer = -1;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] == -1) infer = d;
      else known *= shape[d];
    }
    if (infer >= 0) shape[infer] = a.numel() / known;
    if (numel(shape) != a.numel()) throw new IllegalArgumentException("reshape");
    return new Arr(a.v().clone(), shape);
  }

  static int[] flattenShape(int[] shape, Sample s) {
    if (shape.length == 0) return new int[] {1};
    if (s.args().length == 0) return new int[] {numel(shape)};
    int start = wrap(s.i(0), shape.length);
    int end = wrap(s.i(1), shape.length);
    List<Integer> out = new ArrayList<>();
    for (int d = 0; d < start; d++) out.add(shape[d]);
    out.add(numel(Arrays.copyOfRange(shape, start, end + 1)));
    for (int d = end + 1; d < shape.length; d++) out.add(shape[d]);
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  static int[] squeezeShape(int[] shape, Sample s) {
    if (shape.length == 0) return shape;
    int only = s.args().length == 0 ? -1 : wrap(s.i(0), shape.length);
    List<Integer> out = new ArrayList<>();
    for (int d = 0; d < shape.length; d++) {
      boolean drop = shape[d] == 1 && (only < 0 || only == d);
      if (!drop) out.add(shape[d]);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  static int[] unsqueezeShape(int[] shape, int dim) {
    int d = dim < 0 ? dim + shape.length + 1 : dim;
    int[] out = new int[shape.length + 1];
    for (int i = 0, k = 0; i < out.length; i++) out[i] = i == d ? 1 : shape[k++];
    return out;
  }

  static int[] transposeOrder(int rank, int d0, int d1) {
    int[] order = new int[rank];
    for (int d = 0; d < rank; d++) order[d] = d;
    if (rank > 0) {
      int a = wrap(d0, rank);
      int b = wrap(d1, rank);
      order[a] = b;
      order[b] = a;
    }
    return order;
  }

  /** Dim i of the result is dim order[i] of a. */
  static Arr permute(Arr a, int[] order) {
    int rank = a.rank();
    int[] o = new int[rank];
    int[] shape = new int[rank];
    for (int i = 0; i < rank; i++) {
      o[i] = wrap(order[i], rank);
      shape[i] = a.shape()[o[i]];
    }
    return gather(
        a,
        shape,
        idx -> {
          int[] src = new int[rank];
          for (int i = 0; i < rank; i++) src[o[i]] = idx[i];
          return src;
        });
  }

  static Arr expand(Arr a, int[] sizes) {
    int lead = sizes.length - a.rank();
    int[] shape = sizes.clone();
    for (int d = lead; d < sizes.length; d++) if (shape[d] == -1) shape[d] = a.shape()[d - lead];
    return gather(
        a,
        shape,
        idx -> {
          int[] src = new int[a.rank()];
          for (int d = 0; d < a.rank(); d++) src[d] = a.shape()[d] == 1 ? 0 : idx[lead + d];
          return src;
        });
  }

  static Arr narrow(Arr a, int dim, int start, int length) {
    int d = wrap(dim, a.rank());
    int s = start < 0 ? start + a.shape()[d] : start;
    int[] shape = a.shape().clone();
    shape[d] = length;
    return gather(
        a,
        shape,
        idx -> {
          int[] src = idx.clone();
          src[d] += s;
          return src;
        });
  }

  static Arr select(Arr a, int dim, int index) {
    int d = wrap(dim, a.rank());
    int i = index < 0 ? index + a.shape()[d] : index;
    int[] shape = new int[a.rank() - 1];
    for (int k = 0, j = 0; k < a.rank(); k++) if (k != d) shape[j++] = a.shape()[k];
    return gather(
        a,
        shape,
        idx -> {
          int[] src = new int[a.rank()];
          for (int k = 0, j = 0; k < a.rank(); k++) src[k] = k == d ? i : idx[j++];
          return src;
        });
  }

  static Arr indexSelect(Arr a, int dim, long[] index) {
    if (a.rank() == 0) return new Arr(new double[] {a.v()[0]}, index.length == 1 ? s() : s(1));
    int d = wrap(dim, a.rank());
    int size = a.shape()[d];
    int[] shape = a.shape().clone();
    shape[d] = index.length;
    return gather(
        a,
        shape,
        idx -> {
          int[] src = idx.clone();
          long p = index[idx[d]];
          src[d] = (int) (p < 0 ? p + size : p);
          return src;
        });
  }

  static Arr cat(Arr[] parts, int dim) {
    int d = wrap(dim, parts[0].rank());
    int[] shape = parts[0].shape().clone();
    shape[d] = 0;
    for (Arr p : parts) shape[d] += p.shape()[d];
    double[] out = new double[numel(shape)];
    for (int i = 0; i < out.length; i++) {
      int[] idx = unravel(i, shape);
      int k = 0;
      while (idx[d] >= parts[k].shape()[d]) idx[d] -= parts[k++].shape()[d];
      out[i] = parts[k].v()[ravel(idx, parts[k].shape())];
    }
    return new Arr(out, shape);
  }

  static Arr stack(Arr[] parts, int dim) {
    int rank = parts[0].rank() + 1;
    int d = dim < 0 ? dim + rank : dim;
    int[] shape = unsqueezeShape(parts[0].shape(), d);
    shape[d] = parts.length;
    double[] out = new double[numel(shape)];
    for (int i = 0; i < out.length; i++) {
      int[] idx = unravel(i, shape);
      int[] src = new int[rank - 1];
      for (int k = 0, j = 0; k < rank; k++) if (k != d) src[j++] = idx[k];
      out[i] = parts[idx[d]].v()[ravel(src, parts[0].shape())];
    }
    return new Arr(out, shape);
  }

  /** PyTorch's matmul: 1-D operands become a row (left) or a column (right), batches broadcast. */
  static Arr matmul(Arr a, Arr b) {
    int[] as = a.rank() == 1 ? s(1, a.shape()[0]) : a.shape();
    int[] bs = b.rank() == 1 ? s(b.shape()[0], 1) : b.shape();
    int n = as[as.length - 2];
    int k = as[as.length - 1];
    int m = bs[bs.length - 1];
    int[] batchA = Arrays.copyOf(as, as.length - 2);
    int[] batchB = Arrays.copyOf(bs, bs.length - 2);
    int[] batch = broadcastShape(batchA, batchB);
    int[] shape = Arrays.copyOf(batch, batch.length + 2);
    shape[batch.length] = n;
    shape[batch.length + 1] = m;
    double[] out = new double[numel(shape)];
    for (int o = 0; o < out.length; o++) {
      int[] idx = unravel(o, shape);
      int i = idx[batch.length];
      int j = idx[batch.length + 1];
      double sum = 0;
      for (int l = 0; l < k; l++) {
        sum += batchedGet(a.v(), as, batchA, idx, i, l) * batchedGet(b.v(), bs, batchB, idx, l, j);
      }
      out[o] = sum;
    }
    List<Integer> result = new ArrayList<>();
    for (int d = 0; d < batch.length; d++) result.add(batch[d]);
    if (a.rank() > 1) result.add(n);
    if (b.rank() > 1) result.add(m);
    return new Arr(out, result.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Element [row, col] of the matrix of {@code shape} at the batch position of {@code outIdx}. */
  private static double batchedGet(
      double[] v, int[] shape, int[] batch, int[] outIdx, int row, int col) {
    int lead = outIdx.length - 2 - batch.length;
    int[] idx = new int[shape.length];
    for (int d = 0; d < batch.length; d++) idx[d] = batch[d] == 1 ? 0 : outIdx[lead + d];
    idx[shape.length - 2] = row;
    idx[shape.length - 1] = col;
    return v[ravel(idx, shape)];
  }

  /** {@code out[..., o] = sum_i x[..., i] w[o, i] + bias[o]}. */
  static Arr linear(Arr x, Arr w, Arr bias) {
    int in = w.shape()[1];
    int outF = w.shape()[0];
    int rows = x.numel() / in;
    int[] shape = x.shape().clone();
    shape[shape.length - 1] = outF;
    double[] out = new double[rows * outF];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < outF; o++) {
        double sum = bias == null ? 0 : bias.v()[o];
        for (int i = 0; i < in; i++) sum += x.v()[r * in + i] * w.v()[o * in + i];
        out[r * outF + o] = sum;
      }
    }
    return new Arr(out, shape);
  }

  // ================================================================ indexing and ordering rows

  /** An INT64 index of the given shape. */
  static Tensor indexOf(long[] values, int[] shape) {
    return Tensor.of(values).reshape(shape);
  }

  /** A BOOL mask of the given shape from 0/1 values. */
  static Tensor maskOf(long[] values, int[] shape) {
    return Tensor.of(values).reshape(shape).ne(0);
  }

  /** Golden-file attrs "index"/"index_shape" as an INT64 index. */
  private static Tensor index(Attrs a) {
    return a.longs("index").reshape(a.ints("index_shape"));
  }

  private static Tensor mask(Attrs a) {
    return a.longs("mask").reshape(a.ints("mask_shape")).ne(0);
  }

  /** Sample args of gather and scatter: dim, flat index, index shape. */
  private static Sample gatherSample(int[] self, int dim, long[] index, int[] indexShape) {
    return Sample.of(self)
        .with("dim=" + dim + " index=" + Arrays.toString(index), dim, index, indexShape);
  }

  private static Sample scatterSample(
      int[] self, int[] src, int dim, long[] index, int[] indexShape) {
    return Sample.of(self, src)
        .with("dim=" + dim + " index=" + Arrays.toString(index), dim, index, indexShape);
  }

  private static Sample sliceSample(int[] self, int[] src, int dim, long[] index, double alpha) {
    return Sample.of(self, src)
        .with(
            "dim=" + dim + " index=" + Arrays.toString(index) + " alpha=" + alpha,
            dim,
            index,
            alpha);
  }

  private static Sample maskSample(int[] self, long[] mask, int[] maskShape) {
    return Sample.of(self).with("mask=" + Arrays.toString(mask), mask, maskShape);
  }

  private static Sample maskValueSample(int[] self, long[] mask, int[] maskShape) {
    return Sample.of(self, s()).with("mask=" + Arrays.toString(mask), mask, maskShape);
  }

  private static Sample orderSample(int[] self, int dim, boolean flag) {
    return Sample.of(self).with("dim=" + dim + " " + flag, dim, flag);
  }

  private static Sample topkSample(int[] self, int k, int dim, boolean largest) {
    return Sample.of(self).with("k=" + k + " dim=" + dim + " largest=" + largest, k, dim, largest);
  }

  private static Tensor topk(Tensor x, Sample s, boolean values) {
    ValuesAndIndices r = x.topk(s.i(0), s.i(1), s.b(2), true);
    return values ? r.values() : r.indices();
  }

  // ================================================================ convolution rows

  private static Sample convSample(
      int[] x, int[] w, boolean bias, int[] stride, int[] padding, int[] dilation, int groups) {
    int[][] shapes = bias ? new int[][] {x, w, s(w[0])} : new int[][] {x, w};
    return new Sample(
        shapes,
        new Object[] {stride, padding, dilation, groups},
        describe(
            "x",
            x,
            "w",
            w,
            "stride",
            stride,
            "padding",
            padding,
            "dilation",
            dilation,
            "groups",
            groups),
        false);
  }

  /** "name=value ..." of alternating names and values (int arrays printed as lists). */
  private static String describe(Object... namesAndValues) {
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < namesAndValues.length; k += 2) {
      Object v = namesAndValues[k + 1];
      if (k > 0) out.append(' ');
      out.append(namesAndValues[k])
          .append('=')
          .append(v instanceof int[] a ? Arrays.toString(a) : v);
    }
    return out.toString();
  }

  private static int[] twice(int[] v) {
    return v.length == 1 ? new int[] {v[0], v[0]} : v;
  }

  /** The convolution by its definition: every output element a sum over its window. */
  static Arr convRef(
      Arr x,
      Arr w,
      Arr bias,
      int[] stride,
      int[] before,
      int[] dilation,
      int groups,
      int[] outSize) {
    int[] xs =
        x.shape().length == 3 ? new int[] {1, x.shape()[0], x.shape()[1], x.shape()[2]} : x.shape();
    int n = xs[0], c = xs[1], h = xs[2], wd = xs[3];
    int o = w.shape()[0], cg = w.shape()[1], kh = w.shape()[2], kw = w.shape()[3];
    int og = o / groups;
    int oh = outSize[0], ow = outSize[1];
    double[] out = new double[n * o * oh * ow];
    for (int b = 0; b < n; b++)
      for (int k = 0; k < o; k++)
        for (int i = 0; i < oh; i++)
          for (int j = 0; j < ow; j++) {
            double sum = bias == null ? 0 : bias.v()[k];
            int g = k / og;
            for (int ci = 0; ci < cg; ci++)
              for (int a = 0; a < kh; a++)
                for (int e = 0; e < kw; e++) {
                  int y = i * stride[0] - before[0] + a * dilation[0];
                  int z = j * stride[1] - before[1] + e * dilation[1];
                  if (y < 0 || y >= h || z < 0 || z >= wd) continue;
                  sum +=
                      w.v()[((k * cg + ci) * kh + a) * kw + e]
                          * x.v()[((b * c + g * cg + ci) * h + y) * wd + z];
                }
            out[((b * o + k) * oh + i) * ow + j] = sum;
          }
    int[] shape = x.shape().length == 3 ? new int[] {o, oh, ow} : new int[] {n, o, oh, ow};
    return new Arr(out, shape);
  }

  static Arr conv2dRef(Arr x, Arr w, Arr bias, Sample s) {
    int[] st = twice(s.ints(0));
    int[] p = twice(s.ints(1));
    int[] d = twice(s.ints(2));
    int r = x.shape().length;
    int[] out = new int[2];
    for (int k = 0; k < 2; k++) {
      out[k] = (x.shape()[r - 2 + k] + 2 * p[k] - d[k] * (w.shape()[2 + k] - 1) - 1) / st[k] + 1;
    }
    return convRef(x, w, bias, st, p, d, s.i(3), out);
  }

  /** The transposed convolution by its definition: each input element spread over its window. */
  static Arr convTransposeRef(Arr x, Arr w, Arr bias, Sample s) {
    int[] st = twice(s.ints(0));
    int[] p = twice(s.ints(1));
    int[] op = twice(s.ints(2));
    int groups = s.i(3);
    int[] d = twice(s.ints(4));
    int n = x.shape()[0], ci = x.shape()[1], h = x.shape()[2], wd = x.shape()[3];
    int cog = w.shape()[1], kh = w.shape()[2], kw = w.shape()[3];
    int co = cog * groups;
    int cig = ci / groups;
    int oh = (h - 1) * st[0] - 2 * p[0] + d[0] * (kh - 1) + op[0] + 1;
    int ow = (wd - 1) * st[1] - 2 * p[1] + d[1] * (kw - 1) + op[1] + 1;
    double[] out = new double[n * co * oh * ow];
    for (int b = 0; b < n; b++)
      for (int k = 0; k < co; k++)
        for (int i = 0; i < oh; i++)
          for (int j = 0; j < ow; j++)
            out[((b * co + k) * oh + i) * ow + j] = bias == null ? 0 : bias.v()[k];
    for (int b = 0; b < n; b++)
      for (int c = 0; c < ci; c++) {
        int g = c / cig;
        for (int i = 0; i < h; i++)
          for (int j = 0; j < wd; j++)
            for (int k = 0; k < cog; k++)
              for (int a = 0; a < kh; a++)
                for (int e = 0; e < kw; e++) {
                  int y = i * st[0] - p[0] + a * d[0];
                  int z = j * st[1] - p[1] + e * d[1];
                  if (y < 0 || y >= oh || z < 0 || z >= ow) continue;
                  out[((b * co + g * cog + k) * oh + y) * ow + z] +=
                      x.v()[((b * ci + c) * h + i) * wd + j]
                          * w.v()[((c * cog + k) * kh + a) * kw + e];
                }
      }
    return new Arr(out, new int[] {n, co, oh, ow});
  }

  private static void convolutionRows(List<Builder> t) {
    int[] one = {1};
    for (String mode : List.of("constant", "reflect", "replicate", "circular")) {
      List<Sample> samples = new ArrayList<>();
      samples.add(Sample.of(s(2, 3, 4)).with("pad=[1, 2]", new int[] {1, 2}, mode, 0.0));
      samples.add(
          Sample.of(s(1, 2, 3, 3)).with("pad=[2, 1, 0, 2]", new int[] {2, 1, 0, 2}, mode, 0.0));
      samples.add(
          Sample.of(s(1, 2, 4, 3)).noncontig().with("pad=[1, 1]", new int[] {1, 1}, mode, 0.0));
      if (mode.equals("constant")) {
        samples.add(Sample.of(s()).with("pad=[] value=2", new int[0], mode, 2.0));
        samples.add(
            Sample.of(s(3, 4))
                .with("pad=[-1, 2, 1, 0] value=-1", new int[] {-1, 2, 1, 0}, mode, -1.0));
      }
      Builder row =
          op(
                  "pad(" + mode + ")",
                  1,
                  (x, s) -> Functional.pad(x[0], s.ints(0), (String) s.args()[1], s.d(2)),
                  (a, s) -> padRef(a[0], s.ints(0), (String) s.args()[1], s.d(2)))
              .samples(samples);
      if (!mode.equals("constant")) {
        row.errors(Sample.of(s()).with("pad=[1, 1]", new int[] {1, 1}, mode, 0.0));
      }
      t.add(row);
    }
    List<Sample> conv2d =
        List.of(
            convSample(s(2, 3, 5, 4), s(4, 3, 3, 2), true, one, new int[] {0}, one, 1),
            convSample(
                s(1, 2, 5, 5), s(3, 2, 3, 3), true, new int[] {2, 1}, new int[] {1, 0}, one, 1),
            convSample(s(1, 2, 6, 6), s(2, 2, 2, 2), true, one, new int[] {2}, new int[] {2}, 1),
            convSample(s(1, 4, 4, 4), s(2, 2, 3, 3), true, one, new int[] {1}, one, 2),
            convSample(s(2, 4, 4), s(3, 2, 2, 2), true, one, new int[] {1}, one, 1),
            convSample(s(2, 3, 4, 3), s(2, 3, 2, 2), true, one, new int[] {0}, one, 1).noncontig());
    t.add(
        op(
                "conv2d",
                3,
                (x, s) ->
                    Functional.conv2d(x[0], x[1], x[2], s.ints(0), s.ints(1), s.ints(2), s.i(3)),
                (a, s) -> conv2dRef(a[0], a[1], a[2], s))
            .samples(conv2d)
            .errors(
                convSample(s(1, 3, 5, 5), s(2, 2, 3, 3), true, one, new int[] {0}, one, 1),
                convSample(s(1, 3, 2, 2), s(2, 3, 3, 3), true, one, new int[] {0}, one, 1),
                convSample(s(), s(2, 3, 3, 3), true, one, new int[] {0}, one, 1)));
    t.add(
        op(
                "conv2d(no bias)",
                2,
                (x, s) ->
                    Functional.conv2d(x[0], x[1], null, s.ints(0), s.ints(1), s.ints(2), s.i(3)),
                (a, s) -> conv2dRef(a[0], a[1], null, s))
            .samples(
                convSample(s(1, 2, 4, 4), s(2, 2, 3, 3), false, one, new int[] {1}, one, 1),
                convSample(
                    s(1, 3, 4, 4), s(3, 1, 2, 2), false, new int[] {2}, new int[] {0}, one, 3))
            .errors(convSample(s(1, 2, 4, 4), s(), false, one, new int[] {1}, one, 1)));
    t.add(
        op(
                "conv2d(padding=same)",
                3,
                (x, s) -> Functional.conv2d(x[0], x[1], x[2], one, "same", s.ints(2), s.i(3)),
                (a, s) -> {
                  int[] d = twice(s.ints(2));
                  int[] before = new int[2];
                  for (int k = 0; k < 2; k++) before[k] = d[k] * (a[1].shape()[2 + k] - 1) / 2;
                  int r = a[0].shape().length;
                  return convRef(
                      a[0],
                      a[1],
                      a[2],
                      new int[] {1, 1},
                      before,
                      d,
                      s.i(3),
                      new int[] {a[0].shape()[r - 2], a[0].shape()[r - 1]});
                })
            .samples(
                convSample(s(1, 2, 5, 4), s(2, 2, 2, 3), true, one, one, new int[] {2, 1}, 1),
                convSample(s(2, 2, 3, 3), s(2, 2, 3, 3), true, one, one, one, 1))
            .errors(convSample(s(), s(2, 2, 3, 3), true, one, one, one, 1)));
    t.add(
        op(
                "conv1d",
                3,
                (x, s) ->
                    Functional.conv1d(
                        x[0], x[1], x[2], s.ints(0)[0], s.ints(1)[0], s.ints(2)[0], s.i(3)),
                (a, s) -> {
                  Arr x = a[0];
                  boolean unbatched = x.shape().length == 2;
                  int[] xs =
                      unbatched
                          ? new int[] {1, x.shape()[0], 1, x.shape()[1]}
                          : new int[] {x.shape()[0], x.shape()[1], 1, x.shape()[2]};
                  Arr w =
                      new Arr(
                          a[1].v(),
                          new int[] {a[1].shape()[0], a[1].shape()[1], 1, a[1].shape()[2]});
                  int st = s.ints(0)[0], p = s.ints(1)[0], d = s.ints(2)[0];
                  int l = (xs[3] + 2 * p - d * (w.shape()[3] - 1) - 1) / st + 1;
                  Arr out =
                      convRef(
                          new Arr(x.v(), xs),
                          w,
                          a[2],
                          new int[] {1, st},
                          new int[] {0, p},
                          new int[] {1, d},
                          s.i(3),
                          new int[] {1, l});
                  return new Arr(
                      out.v(),
                      unbatched ? new int[] {w.shape()[0], l} : new int[] {xs[0], w.shape()[0], l});
                })
            .samples(
                convSample(s(2, 3, 7), s(2, 3, 3), true, new int[] {2}, new int[] {1}, one, 1),
                convSample(s(1, 4, 6), s(4, 2, 2), true, one, one, new int[] {2}, 2),
                convSample(s(3, 5), s(2, 3, 2), true, one, new int[] {0}, one, 1))
            .errors(convSample(s(), s(2, 3, 2), true, one, new int[] {0}, one, 1)));
    t.add(
        op(
                "convTranspose2d",
                3,
                (x, s) ->
                    Functional.convTranspose2d(
                        x[0], x[1], x[2], s.ints(0), s.ints(1), s.ints(2), s.i(3), s.ints(4)),
                (a, s) -> convTransposeRef(a[0], a[1], a[2], s))
            .samples(
                transposeSample(
                    s(1, 2, 3, 3),
                    s(2, 3, 2, 2),
                    new int[] {2},
                    new int[] {0},
                    new int[] {1},
                    1,
                    one),
                transposeSample(
                    s(2, 4, 2, 3), s(4, 1, 3, 2), one, new int[] {1}, new int[] {0}, 2, one),
                transposeSample(
                    s(1, 2, 3, 2),
                    s(2, 2, 2, 2),
                    one,
                    new int[] {0},
                    new int[] {0},
                    1,
                    new int[] {2}))
            .errors(
                transposeSample(s(), s(2, 3, 2, 2), one, new int[] {0}, new int[] {0}, 1, one)));
  }

  /** pad by its definition: each output position reads the source index its mode gives. */
  static Arr padRef(Arr x, int[] pad, String mode, double value) {
    int r = x.shape().length;
    int[] shape = x.shape().clone();
    for (int k = 0; k < pad.length / 2; k++) shape[r - 1 - k] += pad[2 * k] + pad[2 * k + 1];
    int total = 1;
    for (int d : shape) total *= d;
    double[] out = new double[total];
    int[] idx = new int[r];
    for (int i = 0; i < total; i++) {
      int rest = i;
      for (int d = r - 1; d >= 0; d--) {
        idx[d] = rest % shape[d];
        rest /= shape[d];
      }
      int src = 0;
      boolean inside = true;
      for (int d = 0; d < r; d++) {
        int k = r - 1 - d;
        int before = k < pad.length / 2 ? pad[2 * k] : 0;
        int n = x.shape()[d];
        int j = idx[d] - before;
        if (j < 0 || j >= n) {
          if (mode.equals("constant")) inside = false;
          else if (mode.equals("reflect")) j = j < 0 ? -j : 2 * (n - 1) - j;
          else if (mode.equals("replicate")) j = Math.max(0, Math.min(n - 1, j));
          else j = Math.floorMod(j, n);
        }
        src = src * n + j;
      }
      out[i] = inside ? x.v()[src] : value;
    }
    return new Arr(out, shape);
  }

  /** Pooling by its definition; kind is "max", "avg" (padding counted) or "avgExcl". */
  static Arr poolRef(Arr x, int[] k, int[] st, int[] p, int[] d, boolean ceil, String kind) {
    int r = x.shape().length;
    int planes = 1;
    for (int i = 0; i < r - 2; i++) planes *= x.shape()[i];
    int h = x.shape()[r - 2], w = x.shape()[r - 1];
    int[] in = {h, w};
    int[] out = new int[2];
    for (int a = 0; a < 2; a++) {
      int num = in[a] + 2 * p[a] - d[a] * (k[a] - 1) - 1;
      out[a] = (ceil ? Math.floorDiv(num + st[a] - 1, st[a]) : Math.floorDiv(num, st[a])) + 1;
      if (ceil && (out[a] - 1) * st[a] >= in[a] + p[a]) out[a]--;
    }
    double[] o = new double[planes * out[0] * out[1]];
    for (int pl = 0; pl < planes; pl++)
      for (int i = 0; i < out[0]; i++)
        for (int j = 0; j < out[1]; j++) {
          double acc = kind.equals("max") ? Double.NEGATIVE_INFINITY : 0;
          int count = 0;
          int hs = i * st[0] - p[0], ws = j * st[1] - p[1];
          for (int a = 0; a < k[0]; a++)
            for (int b = 0; b < k[1]; b++) {
              int y = hs + a * d[0], z = ws + b * d[1];
              if (y < 0 || y >= h || z < 0 || z >= w) continue;
              double v = x.v()[pl * h * w + y * w + z];
              acc = kind.equals("max") ? Math.max(acc, v) : acc + v;
              count++;
            }
          if (kind.equals("avg")) {
            int he = Math.min(hs + k[0], h + p[0]), we = Math.min(ws + k[1], w + p[1]);
            acc /= (he - hs) * (we - ws);
          } else if (kind.equals("avgExcl")) {
            acc /= count;
          }
          o[(pl * out[0] + i) * out[1] + j] = acc;
        }
    int[] shape = x.shape().clone();
    shape[r - 2] = out[0];
    shape[r - 1] = out[1];
    return new Arr(o, shape);
  }

  static Arr adaptiveRef(Arr x, int[] size, boolean max) {
    int r = x.shape().length;
    int planes = 1;
    for (int i = 0; i < r - 2; i++) planes *= x.shape()[i];
    int h = x.shape()[r - 2], w = x.shape()[r - 1];
    double[] o = new double[planes * size[0] * size[1]];
    for (int pl = 0; pl < planes; pl++)
      for (int i = 0; i < size[0]; i++)
        for (int j = 0; j < size[1]; j++) {
          int hs = i * h / size[0], he = ((i + 1) * h + size[0] - 1) / size[0];
          int ws = j * w / size[1], we = ((j + 1) * w + size[1] - 1) / size[1];
          double acc = max ? Double.NEGATIVE_INFINITY : 0;
          for (int y = hs; y < he; y++)
            for (int z = ws; z < we; z++) {
              double v = x.v()[pl * h * w + y * w + z];
              acc = max ? Math.max(acc, v) : acc + v;
            }
          o[(pl * size[0] + i) * size[1] + j] = max ? acc : acc / ((he - hs) * (we - ws));
        }
    int[] shape = x.shape().clone();
    shape[r - 2] = size[0];
    shape[r - 1] = size[1];
    return new Arr(o, shape);
  }

  /** 1-D pooling with kernel 3, stride 2, padding 1 as 2-D pooling over a height of 1. */
  static Arr pool1dRef(Arr x, String kind) {
    int[] sh = x.shape();
    int[] as2 = sh.length == 2 ? new int[] {sh[0], 1, sh[1]} : new int[] {sh[0], sh[1], 1, sh[2]};
    Arr r =
        poolRef(
            new Arr(x.v(), as2),
            new int[] {1, 3},
            new int[] {1, 2},
            new int[] {0, 1},
            new int[] {1, 1},
            false,
            kind);
    int[] rs = r.shape();
    return new Arr(
        r.v(), sh.length == 2 ? new int[] {rs[0], rs[2]} : new int[] {rs[0], rs[1], rs[3]});
  }

  private static Sample poolSample(int[] x, int[] k, int[] st, int[] p, int[] d, boolean ceil) {
    return Sample.of(x)
        .with(
            describe("x", x, "kernel", k, "stride", st, "padding", p, "dilation", d, "ceil", ceil),
            k,
            st,
            p,
            d,
            ceil);
  }

  private static void poolingRows(List<Builder> t) {
    int[] one = {1, 1};
    int[] zero = {0, 0};
    List<Sample> max =
        List.of(
            poolSample(s(2, 2, 4, 5), new int[] {2, 2}, new int[] {2, 2}, zero, one, false),
            poolSample(
                s(1, 2, 5, 5), new int[] {3, 3}, new int[] {2, 1}, new int[] {1, 1}, one, false),
            poolSample(
                s(1, 1, 7, 6), new int[] {2, 2}, new int[] {2, 2}, zero, new int[] {2, 1}, true),
            poolSample(s(2, 4, 4), new int[] {2, 2}, new int[] {1, 1}, zero, one, false));
    t.add(
        op(
                "maxPool2d",
                1,
                (x, s) ->
                    Functional.maxPool2d(x[0], s.ints(0), s.ints(1), s.ints(2), s.ints(3), s.b(4)),
                (a, s) -> poolRef(a[0], s.ints(0), s.ints(1), s.ints(2), s.ints(3), s.b(4), "max"))
            .samples(max)
            .errors(poolSample(s(), new int[] {2, 2}, new int[] {2, 2}, zero, one, false)));
    t.add(
        op(
                "maxPool2dWithIndices.values",
                1,
                (x, s) ->
                    Functional.maxPool2dWithIndices(
                            x[0], s.ints(0), s.ints(1), s.ints(2), s.ints(3), s.b(4))
                        .values(),
                (a, s) -> poolRef(a[0], s.ints(0), s.ints(1), s.ints(2), s.ints(3), s.b(4), "max"))
            .samples(max)
            .errors(poolSample(s(), new int[] {2, 2}, new int[] {2, 2}, zero, one, false)));
    List<Sample> avg =
        List.of(
            poolSample(s(2, 2, 4, 5), new int[] {2, 2}, new int[] {2, 2}, zero, one, false),
            poolSample(
                s(1, 2, 5, 6), new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, one, true),
            poolSample(
                s(2, 5, 4), new int[] {2, 3}, new int[] {1, 1}, new int[] {1, 0}, one, false));
    for (boolean include : new boolean[] {true, false}) {
      t.add(
          op(
                  "avgPool2d(countIncludePad=" + include + ")",
                  1,
                  (x, s) ->
                      Functional.avgPool2d(
                          x[0], s.ints(0), s.ints(1), s.ints(2), s.b(4), include, null),
                  (a, s) ->
                      poolRef(
                          a[0],
                          s.ints(0),
                          s.ints(1),
                          s.ints(2),
                          s.ints(3),
                          s.b(4),
                          include ? "avg" : "avgExcl"))
              .samples(avg)
              .errors(poolSample(s(), new int[] {2, 2}, new int[] {2, 2}, zero, one, false)));
    }
    for (String kind : List.of("max", "avg")) {
      t.add(
          op(
                  kind + "Pool1d",
                  1,
                  (x, s) ->
                      kind.equals("max")
                          ? Functional.maxPool1d(x[0], 3, 2, 1, 1, false)
                          : Functional.avgPool1d(x[0], 3, 2, 1, false, true),
                  (a, s) -> pool1dRef(a[0], kind))
              .samples(Sample.of(s(2, 3, 7)), Sample.of(s(3, 6)))
              .errors(Sample.of(s())));
    }
    List<Sample> adaptive =
        List.of(
            Sample.of(s(2, 2, 7, 5)).with("outputSize=[3, 2]", (Object) new int[] {3, 2}),
            Sample.of(s(1, 3, 4, 4)).with("outputSize=[1]", (Object) new int[] {1}),
            Sample.of(s(2, 3, 2)).with("outputSize=[4, 3]", (Object) new int[] {4, 3}));
    t.add(
        op(
                "adaptiveAvgPool2d",
                1,
                (x, s) -> Functional.adaptiveAvgPool2d(x[0], s.ints(0)),
                (a, s) -> adaptiveRef(a[0], twice(s.ints(0)), false))
            .samples(adaptive)
            .errors(Sample.of(s()).with("outputSize=[1]", (Object) new int[] {1})));
    t.add(
        op(
                "adaptiveMaxPool2dWithIndices.values",
                1,
                (x, s) -> Functional.adaptiveMaxPool2dWithIndices(x[0], s.ints(0)).values(),
                (a, s) -> adaptiveRef(a[0], twice(s.ints(0)), true))
            .samples(adaptive)
            .errors(Sample.of(s()).with("outputSize=[1]", (Object) new int[] {1})));
    t.add(
        op(
                "adaptiveMaxPool2d",
                1,
                (x, s) -> Functional.adaptiveMaxPool2d(x[0], s.ints(0)),
                (a, s) -> adaptiveRef(a[0], twice(s.ints(0)), true))
            .samples(adaptive)
            .errors(Sample.of(s()).with("outputSize=[1]", (Object) new int[] {1})));
  }

  /**
   * Normalisation by its definition: groups of elements, given by {@code groupOf(i)}, each
   * normalised by its mean and biased variance, then scaled and shifted by channel {@code
   * channelOf(i)} (null weight or bias: 1 or 0).
   */
  static Arr normRef(
      Arr x,
      Arr w,
      Arr b,
      int groups,
      java.util.function.IntUnaryOperator groupOf,
      java.util.function.IntUnaryOperator channelOf,
      double eps) {
    double[] sum = new double[groups];
    double[] sq = new double[groups];
    int[] count = new int[groups];
    for (int i = 0; i < x.v().length; i++) {
      sum[groupOf.applyAsInt(i)] += x.v()[i];
      count[groupOf.applyAsInt(i)]++;
    }
    for (int i = 0; i < x.v().length; i++) {
      int g = groupOf.applyAsInt(i);
      double d = x.v()[i] - sum[g] / count[g];
      sq[g] += d * d;
    }
    double[] out = new double[x.v().length];
    for (int i = 0; i < out.length; i++) {
      int g = groupOf.applyAsInt(i);
      int c = channelOf.applyAsInt(i);
      double y = (x.v()[i] - sum[g] / count[g]) / Math.sqrt(sq[g] / count[g] + eps);
      out[i] = y * (w == null ? 1 : w.v()[c]) + (b == null ? 0 : b.v()[c]);
    }
    return new Arr(out, x.shape());
  }

  private static int inner(int[] shape, int from) {
    int n = 1;
    for (int d = from; d < shape.length; d++) n *= shape[d];
    return n;
  }

  /** Interpolation by its definition, one output element at a time. */
  static Arr interpolateRef(Arr x, int[] out, String mode, boolean align) {
    int[] sh = x.shape();
    int planes = sh[0] * sh[1], h = sh[2], w = sh[3];
    double[] o = new double[planes * out[0] * out[1]];
    for (int pl = 0; pl < planes; pl++)
      for (int i = 0; i < out[0]; i++)
        for (int j = 0; j < out[1]; j++) {
          double v;
          if (mode.equals("nearest")) {
            int y = Math.min((int) Math.floor((float) i * (float) ((double) h / out[0])), h - 1);
            int z = Math.min((int) Math.floor((float) j * (float) ((double) w / out[1])), w - 1);
            v = x.v()[(pl * h + y) * w + z];
          } else {
            double sy =
                align
                    ? (out[0] > 1 ? (double) i * (h - 1) / (out[0] - 1) : 0)
                    : Math.max(0, (i + 0.5) * h / out[0] - 0.5);
            double sz =
                align
                    ? (out[1] > 1 ? (double) j * (w - 1) / (out[1] - 1) : 0)
                    : Math.max(0, (j + 0.5) * w / out[1] - 0.5);
            int y0 = Math.min((int) sy, h - 1), y1 = Math.min(y0 + 1, h - 1);
            int z0 = Math.min((int) sz, w - 1), z1 = Math.min(z0 + 1, w - 1);
            double ly = sy - y0, lz = sz - z0;
            double[] p = x.v();
            int b = pl * h * w;
            v =
                (1 - ly) * ((1 - lz) * p[b + y0 * w + z0] + lz * p[b + y0 * w + z1])
                    + ly * ((1 - lz) * p[b + y1 * w + z0] + lz * p[b + y1 * w + z1]);
          }
          o[(pl * out[0] + i) * out[1] + j] = v;
        }
    return new Arr(o, new int[] {sh[0], sh[1], out[0], out[1]});
  }

  private static void interpolationRows(List<Builder> t) {
    for (String mode : List.of("nearest", "bilinear")) {
      for (boolean align :
          mode.equals("nearest") ? new boolean[] {false} : new boolean[] {false, true}) {
        t.add(
            op(
                    "interpolate(" + mode + (align ? ", alignCorners" : "") + ")",
                    1,
                    (x, s) -> Functional.interpolate(x[0], s.ints(0), null, mode, align),
                    (a, s) -> interpolateRef(a[0], twice(s.ints(0)), mode, align))
                .samples(
                    Sample.of(s(2, 2, 3, 4)).with("size=[5, 7]", (Object) new int[] {5, 7}),
                    Sample.of(s(1, 1, 5, 4)).with("size=[2, 3]", (Object) new int[] {2, 3}),
                    Sample.of(s(1, 2, 3, 3)).noncontig().with("size=[4]", (Object) new int[] {4}))
                .errors(Sample.of(s()).with("size=[2]", (Object) new int[] {2})));
      }
    }
  }

  /** out[i] = x[source(i)] over a new shape: the references of the shape composites. */
  static Arr mapRef(Arr x, int[] outShape, java.util.function.Function<int[], int[]> source) {
    int total = 1;
    for (int d : outShape) total *= d;
    double[] o = new double[total];
    int[] idx = new int[outShape.length];
    for (int i = 0; i < total; i++) {
      int rest = i;
      for (int d = outShape.length - 1; d >= 0; d--) {
        idx[d] = rest % outShape[d];
        rest /= outShape[d];
      }
      int[] src = source.apply(idx.clone());
      int at = 0;
      for (int d = 0; d < src.length; d++) at = at * x.shape()[d] + src[d];
      o[i] = x.v()[at];
    }
    return new Arr(o, outShape);
  }

  /** The piece of x along dim from start, of length n. */
  static Arr pieceRef(Arr x, int dim, int start, int n) {
    int[] shape = x.shape().clone();
    shape[dim] = n;
    return mapRef(
        x,
        shape,
        idx -> {
          idx[dim] += start;
          return idx;
        });
  }

  static Arr repeatRef(Arr x, int[] repeats) {
    int k = repeats.length;
    int[] padded = new int[k];
    Arrays.fill(padded, 1);
    System.arraycopy(x.shape(), 0, padded, k - x.rank(), x.rank());
    int[] out = new int[k];
    for (int d = 0; d < k; d++) out[d] = padded[d] * repeats[d];
    return mapRef(
        new Arr(x.v(), padded),
        out,
        idx -> {
          for (int d = 0; d < k; d++) idx[d] %= padded[d];
          return idx;
        });
  }

  private static void meshRows(List<Builder> t) {
    for (String indexing : List.of("ij", "xy")) {
      t.add(
          op(
                  "meshgrid(" + indexing + ")",
                  -1,
                  (x, s) -> Tensor.meshgrid(indexing, x).get(s.i(0)),
                  (a, s) -> {
                    int k = a.length;
                    int[] shape = new int[k];
                    for (int i = 0; i < k; i++) shape[i] = a[i].v().length;
                    boolean xy = indexing.equals("xy") && k >= 2;
                    if (xy) {
                      int tmp = shape[0];
                      shape[0] = shape[1];
                      shape[1] = tmp;
                    }
                    int piece = s.i(0);
                    int position = xy && piece < 2 ? 1 - piece : piece;
                    Arr src = new Arr(a[piece].v(), new int[] {a[piece].v().length});
                    return mapRef(src, shape, idx -> new int[] {idx[position]});
                  })
              .samples(
                  Sample.of(s(3), s(4)).with("piece=1", 1),
                  Sample.of(s(3), s(4), s(2)).with("piece=0", 0),
                  Sample.of(s(), s(2)).with("piece=0", 0))
              .pytorch(
                  indexing.equals("ij") ? "meshgrid" : "meshgrid(xy, unused)",
                  (a, in) ->
                      Tensor.meshgrid(String.valueOf(a.get("indexing")), in)
                          .get(a.integer("piece"))));
    }
    t.add(
        op(
                "oneHot",
                1,
                (x, s) -> Functional.oneHot(x[0].to(DType.INT64), 4),
                (a, s) -> {
                  int n = a[0].v().length;
                  double[] o = new double[n * 4];
                  for (int i = 0; i < n; i++) o[i * 4 + (int) a[0].v()[i]] = 1;
                  int[] shape = Arrays.copyOf(a[0].shape(), a[0].rank() + 1);
                  shape[a[0].rank()] = 4;
                  return new Arr(o, shape);
                })
            .samples(UNARY)
            .domains(Domain.integers(0, 3))
            .notDifferentiable()
            .resultType(DType.INT64));
  }

  private static void shapeCompositeRows(List<Builder> t) {
    t.add(
        op(
                "split",
                1,
                (x, s) -> x[0].split(s.i(0), s.i(1)).get(s.i(2)),
                (a, s) -> {
                  int d = s.i(1) < 0 ? s.i(1) + a[0].rank() : s.i(1);
                  int start = s.i(0) * s.i(2);
                  return pieceRef(a[0], d, start, Math.min(s.i(0), a[0].shape()[d] - start));
                })
            .samples(
                Sample.of(s(5, 3)).with("size=2 dim=0 piece=2", 2, 0, 2),
                Sample.of(s(2, 7)).with("size=3 dim=-1 piece=1", 3, -1, 1),
                Sample.of(s(4, 3)).noncontig().with("size=2 dim=1 piece=1", 2, 1, 1))
            .errors(Sample.of(s()).with("size=1 dim=0 piece=0", 1, 0, 0))
            .pytorch(
                "split",
                (a, in) ->
                    in[0]
                        .split(a.integer("split_size"), a.integer("dim"))
                        .get(a.integer("piece"))));
    t.add(
        op(
                "split(sizes)",
                1,
                (x, s) -> x[0].split(s.ints(0), s.i(1)).get(s.i(2)),
                (a, s) -> {
                  int start = 0;
                  for (int k = 0; k < s.i(2); k++) start += s.ints(0)[k];
                  return pieceRef(a[0], s.i(1), start, s.ints(0)[s.i(2)]);
                })
            .samples(Sample.of(s(2, 4)).with("sizes=[1, 3] dim=1 piece=1", new int[] {1, 3}, 1, 1))
            .errors(
                Sample.of(s()).with("sizes=[1] dim=0 piece=0", new int[] {1}, 0, 0),
                Sample.of(s(2, 4)).with("sizes=[1, 2] dim=1 piece=0", new int[] {1, 2}, 1, 0))
            .pytorch(
                "split_with_sizes",
                (a, in) ->
                    in[0].split(a.ints("split_sizes"), a.integer("dim")).get(a.integer("piece"))));
    t.add(
        op(
                "chunk",
                1,
                (x, s) -> x[0].chunk(s.i(0), s.i(1)).get(s.i(2)),
                (a, s) -> {
                  int d = s.i(1) < 0 ? s.i(1) + a[0].rank() : s.i(1);
                  int n = a[0].shape()[d];
                  int size = (n + s.i(0) - 1) / s.i(0);
                  int start = size * s.i(2);
                  return pieceRef(a[0], d, start, Math.min(size, n - start));
                })
            .samples(
                Sample.of(s(2, 7)).with("chunks=3 dim=-1 piece=1", 3, -1, 1),
                Sample.of(s(6, 2)).with("chunks=2 dim=0 piece=1", 2, 0, 1))
            .errors(Sample.of(s()).with("chunks=1 dim=0 piece=0", 1, 0, 0))
            .pytorch(
                "chunk",
                (a, in) ->
                    in[0].chunk(a.integer("chunks"), a.integer("dim")).get(a.integer("piece"))));
    t.add(
        op(
                "unbind",
                1,
                (x, s) -> x[0].unbind(s.i(0)).get(s.i(1)),
                (a, s) -> {
                  Arr piece = pieceRef(a[0], s.i(0), s.i(1), 1);
                  int[] shape = new int[a[0].rank() - 1];
                  for (int d = 0, k = 0; d < a[0].rank(); d++)
                    if (d != s.i(0)) shape[k++] = a[0].shape()[d];
                  return new Arr(piece.v(), shape);
                })
            .samples(
                Sample.of(s(2, 3, 2)).with("dim=1 piece=2", 1, 2),
                Sample.of(s(3)).with("dim=0 piece=1", 0, 1))
            .errors(Sample.of(s()).with("dim=0 piece=0", 0, 0))
            .pytorch("unbind", (a, in) -> in[0].unbind(a.integer("dim")).get(a.integer("piece"))));
    t.add(
        op("repeat", 1, (x, s) -> x[0].repeat(s.ints(0)), (a, s) -> repeatRef(a[0], s.ints(0)))
            .samples(
                Sample.of(s(2, 2)).with("repeats=[2, 3]", (Object) new int[] {2, 3}),
                Sample.of(s(3, 2)).with("repeats=[2, 1, 2]", (Object) new int[] {2, 1, 2}),
                Sample.of(s()).with("repeats=[3]", (Object) new int[] {3}),
                Sample.of(s(2, 3)).noncontig().with("repeats=[1, 2]", (Object) new int[] {1, 2}))
            .errors(Sample.of(s(2, 2)).with("repeats=[2]", (Object) new int[] {2}))
            .pytorch("repeat", (a, in) -> in[0].repeat(a.ints("repeats"))));
    t.add(
        op(
                "tile",
                1,
                (x, s) -> x[0].tile(s.ints(0)),
                (a, s) -> {
                  int[] r = s.ints(0);
                  int[] full = new int[Math.max(r.length, a[0].rank())];
                  Arrays.fill(full, 1);
                  System.arraycopy(r, 0, full, full.length - r.length, r.length);
                  return repeatRef(a[0], full);
                })
            .samples(
                Sample.of(s(2, 3)).with("dims=[2]", (Object) new int[] {2}),
                Sample.of(s()).with("dims=[2]", (Object) new int[] {2}))
            .pytorch("tile", (a, in) -> in[0].tile(a.ints("dims"))));
    t.add(
        op(
                "flip",
                1,
                (x, s) -> x[0].flip(s.ints(0)),
                (a, s) ->
                    mapRef(
                        a[0],
                        a[0].shape(),
                        idx -> {
                          for (int d : s.ints(0)) idx[d] = a[0].shape()[d] - 1 - idx[d];
                          return idx;
                        }))
            .samples(
                Sample.of(s(2, 3, 2)).with("dims=[0, 2]", (Object) new int[] {0, 2}),
                Sample.of(s(4)).with("dims=[0]", (Object) new int[] {0}),
                Sample.of(s(3, 2)).noncontig().with("dims=[1]", (Object) new int[] {1}))
            .errors(Sample.of(s()).with("dims=[0]", (Object) new int[] {0}))
            .pytorch("flip", (a, in) -> in[0].flip(a.ints("dims"))));
    t.add(
        op(
                "roll",
                1,
                (x, s) -> x[0].roll(s.ints(0), s.ints(1)),
                (a, s) -> {
                  if (s.ints(1).length == 0) {
                    int n = a[0].v().length;
                    Arr flat =
                        mapRef(
                            new Arr(a[0].v(), new int[] {n}),
                            new int[] {n},
                            idx -> new int[] {Math.floorMod(idx[0] - s.ints(0)[0], n)});
                    return new Arr(flat.v(), a[0].shape());
                  }
                  return mapRef(
                      a[0],
                      a[0].shape(),
                      idx -> {
                        for (int k = 0; k < s.ints(1).length; k++) {
                          int d = s.ints(1)[k];
                          idx[d] = Math.floorMod(idx[d] - s.ints(0)[k], a[0].shape()[d]);
                        }
                        return idx;
                      });
                })
            .samples(
                Sample.of(s(2, 4)).with("shifts=[1] dims=[1]", new int[] {1}, new int[] {1}),
                Sample.of(s(3, 4))
                    .with("shifts=[-1, 2] dims=[0, 1]", new int[] {-1, 2}, new int[] {0, 1}),
                Sample.of(s(2, 3)).with("shifts=[3] dims=[]", new int[] {3}, new int[0]))
            .errors(Sample.of(s()).with("shifts=[1] dims=[0]", new int[] {1}, new int[] {0}))
            .pytorch("roll", (a, in) -> in[0].roll(a.ints("shifts"), a.ints("dims"))));
    for (boolean lower : new boolean[] {true, false}) {
      String name = lower ? "tril" : "triu";
      t.add(
          op(
                  name,
                  1,
                  (x, s) -> lower ? x[0].tril(s.i(0)) : x[0].triu(s.i(0)),
                  (a, s) -> {
                    int r = a[0].rank();
                    int cols = a[0].shape()[r - 1];
                    int rows = a[0].shape()[r - 2];
                    double[] o = a[0].v().clone();
                    for (int i = 0; i < o.length; i++) {
                      int j = i % cols;
                      int row = (i / cols) % rows;
                      boolean keep = lower ? j - row <= s.i(0) : j - row >= s.i(0);
                      if (!keep) o[i] = 0;
                    }
                    return new Arr(o, a[0].shape());
                  })
              .samples(
                  Sample.of(s(3, 4)).with("diagonal=0", 0),
                  Sample.of(s(2, 3, 3)).with("diagonal=-1", -1),
                  Sample.of(s(4, 3)).with("diagonal=1", 1),
                  Sample.of(s(3, 3)).noncontig().with("diagonal=0", 0))
              .errors(Sample.of(s()).with("diagonal=0", 0), Sample.of(s(3)).with("diagonal=0", 0))
              .pytorch(
                  name,
                  (a, in) ->
                      lower
                          ? in[0].tril(a.integer("diagonal"))
                          : in[0].triu(a.integer("diagonal"))));
    }
    t.add(
        op(
                "outer",
                2,
                (x, s) -> x[0].outer(x[1]),
                (a, s) -> {
                  int n = a[0].v().length, m = a[1].v().length;
                  double[] o = new double[n * m];
                  for (int i = 0; i < n; i++)
                    for (int j = 0; j < m; j++) o[i * m + j] = a[0].v()[i] * a[1].v()[j];
                  return new Arr(o, new int[] {n, m});
                })
            .samples(Sample.of(s(3), s(4)), Sample.of(s(1), s(2)))
            .errors(Sample.of(s(), s(3)), Sample.of(s(2, 2), s(2)))
            .pytorch("outer"));
  }

  private static void normalizationRows(List<Builder> t) {
    t.add(
        op(
                "batchNorm(training)",
                3,
                (x, s) -> Functional.batchNorm(x[0], null, null, x[1], x[2], true, 0.1, 1e-5),
                (a, s) -> {
                  int c = a[0].shape()[1];
                  int in = inner(a[0].shape(), 2);
                  return normRef(a[0], a[1], a[2], c, i -> (i / in) % c, i -> (i / in) % c, 1e-5);
                })
            .samples(
                Sample.of(s(4, 3, 2), s(3), s(3)),
                Sample.of(s(5, 2), s(2), s(2)),
                Sample.of(s(3, 2, 2, 2), s(2), s(2)).noncontig())
            .errors(Sample.of(s(), s(1), s(1)), Sample.of(s(4, 3), s(2), s(2))));
    t.add(
        op(
                "batchNorm(eval)",
                1,
                (x, s) ->
                    Functional.batchNorm(
                        x[0],
                        Tensor.of(new double[] {0.25, -0.5}, x[0].dtype(), 2),
                        Tensor.of(new double[] {1.5, 0.75}, x[0].dtype(), 2),
                        null,
                        null,
                        false,
                        0.1,
                        1e-5),
                (a, s) -> {
                  int in = inner(a[0].shape(), 2);
                  double[] mean = {0.25, -0.5};
                  double[] var = {1.5, 0.75};
                  double[] out = new double[a[0].v().length];
                  for (int i = 0; i < out.length; i++) {
                    int c = (i / in) % 2;
                    out[i] = (a[0].v()[i] - mean[c]) / Math.sqrt(var[c] + 1e-5);
                  }
                  return new Arr(out, a[0].shape());
                })
            .samples(Sample.of(s(3, 2, 2)), Sample.of(s(4, 2)))
            .errors(Sample.of(s())));
    t.add(
        op(
                "layerNorm",
                3,
                (x, s) -> Functional.layerNorm(x[0], x[1].shape(), x[1], x[2], 1e-5),
                (a, s) -> {
                  int in = a[1].v().length;
                  return normRef(
                      a[0], a[1], a[2], a[0].v().length / in, i -> i / in, i -> i % in, 1e-5);
                })
            .samples(
                Sample.of(s(3, 4), s(4), s(4)),
                Sample.of(s(2, 3, 2), s(3, 2), s(3, 2)),
                Sample.of(s(3, 3), s(3), s(3)).noncontig())
            .errors(Sample.of(s(), s(1), s(1)), Sample.of(s(3, 4), s(3), s(3))));
    t.add(
        op(
                "groupNorm",
                3,
                (x, s) -> Functional.groupNorm(x[0], 2, x[1], x[2], 1e-5),
                (a, s) -> {
                  int c = a[0].shape()[1];
                  int in = inner(a[0].shape(), 2);
                  int per = c / 2 * in;
                  return normRef(
                      a[0], a[1], a[2], a[0].shape()[0] * 2, i -> i / per, i -> (i / in) % c, 1e-5);
                })
            .samples(Sample.of(s(2, 4, 3), s(4), s(4)), Sample.of(s(3, 2, 2, 2), s(2), s(2)))
            .errors(Sample.of(s(), s(1), s(1)), Sample.of(s(2, 3, 2), s(3), s(3))));
  }

  private static Sample transposeSample(
      int[] x,
      int[] w,
      int[] stride,
      int[] padding,
      int[] outputPadding,
      int groups,
      int[] dilation) {
    return new Sample(
        new int[][] {x, w, s(w[1] * groups)},
        new Object[] {stride, padding, outputPadding, groups, dilation},
        describe(
            "x",
            x,
            "w",
            w,
            "stride",
            stride,
            "padding",
            padding,
            "outputPadding",
            outputPadding,
            "groups",
            groups,
            "dilation",
            dilation),
        false);
  }

  private static void indexingRows(List<Builder> t) {
    t.add(
        op(
                "gather",
                1,
                (x, s) -> x[0].gather(s.i(0), indexOf(s.longs(1), s.ints(2))),
                (a, s) -> gatherRef(a[0], s.i(0), s.longs(1), s.ints(2)))
            .samples(GATHER)
            .errors(GATHER_ERRORS)
            .pytorch("gather", (a, in) -> in[0].gather(a.integer("dim"), index(a))));
    t.add(
        op(
                "scatter(src)",
                2,
                (x, s) -> x[0].scatter(s.i(0), indexOf(s.longs(1), s.ints(2)), x[1]),
                (a, s) -> scatterRef(a[0], a[1], Double.NaN, s.i(0), s.longs(1), s.ints(2), false))
            .samples(SCATTER)
            .errors(SCATTER_ERRORS)
            .pytorch("scatter", (a, in) -> in[0].scatter(a.integer("dim"), index(a), in[1])));
    t.add(
        op(
                "scatter(value)",
                1,
                (x, s) -> x[0].scatter(s.i(0), indexOf(s.longs(1), s.ints(2)), -0.75),
                (a, s) -> scatterRef(a[0], null, -0.75, s.i(0), s.longs(1), s.ints(2), false))
            .samples(GATHER)
            .errors(GATHER_ERRORS)
            .pytorch(
                "scatter_value",
                (a, in) -> in[0].scatter(a.integer("dim"), index(a), a.number("value"))));
    t.add(
        op(
                "scatterAdd",
                2,
                (x, s) -> x[0].scatterAdd(s.i(0), indexOf(s.longs(1), s.ints(2)), x[1]),
                (a, s) -> scatterRef(a[0], a[1], Double.NaN, s.i(0), s.longs(1), s.ints(2), true))
            .samples(SCATTER_ADD)
            .errors(SCATTER_ERRORS)
            .pytorch(
                "scatter_add", (a, in) -> in[0].scatterAdd(a.integer("dim"), index(a), in[1])));
    t.add(
        op(
                "indexAdd",
                2,
                (x, s) -> x[0].indexAdd(s.i(0), Tensor.of(s.longs(1)), x[1], s.d(2)),
                (a, s) -> sliceRef(a[0], a[1], s.i(0), s.longs(1), s.d(2), false))
            .samples(INDEX_ADD)
            .errors(SLICE_ERRORS)
            .pytorch(
                "index_add",
                (a, in) -> in[0].indexAdd(a.integer("dim"), index(a), in[1], a.number("alpha"))));
    t.add(
        op(
                "indexCopy",
                2,
                (x, s) -> x[0].indexCopy(s.i(0), Tensor.of(s.longs(1)), x[1]),
                (a, s) -> sliceRef(a[0], a[1], s.i(0), s.longs(1), 1, true))
            .samples(INDEX_COPY)
            .errors(SLICE_ERRORS)
            .pytorch("index_copy", (a, in) -> in[0].indexCopy(a.integer("dim"), index(a), in[1])));
    t.add(
        op(
                "maskedFill(value)",
                1,
                (x, s) -> x[0].maskedFill(maskOf(s.longs(0), s.ints(1)), 1.5),
                (a, s) -> zip(a[0], maskArr(s), (v, m) -> m != 0 ? 1.5 : v))
            .samples(MASKS)
            .errors(MASK_ERRORS)
            .pytorch("masked_fill", (a, in) -> in[0].maskedFill(mask(a), a.number("value"))));
    t.add(
        op(
                "maskedFill(tensor)",
                2,
                (x, s) -> x[0].maskedFill(maskOf(s.longs(0), s.ints(1)), x[1]),
                (a, s) -> zip(a[0], maskArr(s), (v, m) -> m != 0 ? a[1].v()[0] : v))
            .samples(MASK_VALUES)
            .errors(
                new Sample(
                    new int[][] {s(2, 3), s(1)}, new Object[] {new long[] {1}, s(1)}, "", false))
            .pytorch("masked_fill_tensor", (a, in) -> in[0].maskedFill(mask(a), in[1])));
    t.add(
        op(
                "maskedSelect",
                1,
                (x, s) -> x[0].maskedSelect(maskOf(s.longs(0), s.ints(1))),
                (a, s) -> maskedSelectRef(a[0], maskArr(s)))
            .samples(MASKS)
            .errors(MASK_ERRORS)
            .pytorch("masked_select", (a, in) -> in[0].maskedSelect(mask(a))));
    t.add(
        op("nonzero", 1, (x, s) -> x[0].nonzero(), (a, s) -> nonzeroRef(a[0]))
            .samples(UNARY)
            .domains(Domain.integers(-1, 1))
            .notDifferentiable()
            .resultType(DType.INT64));
    t.add(
        op(
                "sort(dim, descending).values",
                1,
                (x, s) -> x[0].sort(s.i(0), s.b(1), true).values(),
                (a, s) -> alongDim(a[0], s.i(0), lane -> sortedLane(lane, s.b(1), false)))
            .samples(ORDER)
            .errors(orderSample(s(2, 3), 2, false))
            .pytorch(
                "sort",
                (a, in) -> in[0].sort(a.integer("dim"), a.bool("descending"), true).values()));
    t.add(
        op(
                "sort(dim, descending).indices",
                1,
                (x, s) -> x[0].sort(s.i(0), s.b(1)).indices(),
                (a, s) -> alongDim(a[0], s.i(0), lane -> sortedLane(lane, s.b(1), true)))
            .samples(ORDER)
            .domains(Domain.integers(-2, 2))
            .notDifferentiable()
            .resultType(DType.INT64));
    t.add(
        op(
                "argsort(dim, descending)",
                1,
                (x, s) -> x[0].argsort(s.i(0), s.b(1)),
                (a, s) -> alongDim(a[0], s.i(0), lane -> sortedLane(lane, s.b(1), true)))
            .samples(ORDER)
            .errors(orderSample(s(2, 3), -3, false))
            .domains(Domain.integers(-2, 2))
            .notDifferentiable()
            .resultType(DType.INT64));
    t.add(
        op(
                "topk.values",
                1,
                (x, s) -> topk(x[0], s, true),
                (a, s) -> topkRef(a[0], s.i(0), s.i(1), s.b(2), false))
            .samples(TOPK)
            .errors(topkSample(s(2, 3), 4, 1, true), topkSample(s(2, 3), -1, 1, true))
            .pytorch(
                "topk",
                (a, in) ->
                    in[0]
                        .topk(a.integer("k"), a.integer("dim"), a.bool("largest"), true)
                        .values()));
    t.add(
        op(
                "topk.indices",
                1,
                (x, s) -> topk(x[0], s, false),
                (a, s) -> topkRef(a[0], s.i(0), s.i(1), s.b(2), true))
            .samples(TOPK)
            .domains(Domain.integers(-2, 2))
            .notDifferentiable()
            .resultType(DType.INT64));
  }

  static Arr maskArr(Sample s) {
    long[] m = s.longs(0);
    double[] v = new double[m.length];
    for (int i = 0; i < m.length; i++) v[i] = m[i];
    return new Arr(v, s.ints(1));
  }

  static Arr gatherRef(Arr a, int dim, long[] index, int[] indexShape) {
    int d = wrap(dim, Math.max(a.rank(), 1));
    return gather(
        a,
        indexShape,
        idx -> {
          if (a.rank() == 0) return new int[0];
          int[] src = idx.length == 0 ? new int[1] : idx.clone();
          src[d] = (int) index[idx.length == 0 ? 0 : ravel(idx, indexShape)];
          return src;
        });
  }

  /** scatter (src, or the value when src is null) or scatterAdd, by the definition's loop. */
  static Arr scatterRef(
      Arr a, Arr src, double value, int dim, long[] index, int[] indexShape, boolean add) {
    double[] out = a.v().clone();
    int[] selfShape = a.rank() == 0 ? s(1) : a.shape();
    int[] srcShape = src == null ? null : src.rank() == 0 ? s(1) : src.shape();
    int[] iShape = indexShape.length == 0 ? s(1) : indexShape;
    int d = wrap(dim, selfShape.length);
    for (int i = 0; i < index.length; i++) {
      int[] idx = unravel(i, iShape);
      double v = src == null ? value : src.v()[ravel(idx, srcShape)];
      idx[d] = (int) index[i];
      int at = ravel(idx, selfShape);
      out[at] = add ? out[at] + v : v;
    }
    return new Arr(out, a.shape());
  }

  /** indexAdd (alpha times source's slices added) or indexCopy (slices copied). */
  static Arr sliceRef(Arr a, Arr source, int dim, long[] index, double alpha, boolean copy) {
    double[] out = a.v().clone();
    int[] selfShape = a.rank() == 0 ? s(1) : a.shape();
    int[] srcShape = source.rank() == 0 ? s(1) : source.shape();
    int d = wrap(dim, selfShape.length);
    for (int i = 0; i < source.numel(); i++) {
      int[] idx = unravel(i, srcShape);
      idx[d] = (int) index[idx[d]];
      int at = ravel(idx, selfShape);
      out[at] = copy ? source.v()[i] : out[at] + alpha * source.v()[i];
    }
    return new Arr(out, a.shape());
  }

  static Arr maskedSelectRef(Arr a, Arr mask) {
    Arr values = zip(a, mask, (v, m) -> v);
    Arr where = zip(a, mask, (v, m) -> m);
    double[] out = new double[values.numel()];
    int n = 0;
    for (int i = 0; i < out.length; i++) if (where.v()[i] != 0) out[n++] = values.v()[i];
    return new Arr(Arrays.copyOf(out, n), s(n));
  }

  static Arr nonzeroRef(Arr a) {
    int rank = a.rank();
    List<Double> rows = new ArrayList<>();
    int n = 0;
    for (int i = 0; i < a.numel(); i++) {
      if (a.v()[i] == 0) continue;
      n++;
      for (int k : unravel(i, a.shape())) rows.add((double) k);
    }
    return new Arr(rows.stream().mapToDouble(Double::doubleValue).toArray(), s(n, rank));
  }

  /**
   * A lane sorted ascending or descending (NaN largest, ties in their order), as its values or as
   * the positions they came from.
   */
  static double[] sortedLane(double[] lane, boolean descending, boolean positions) {
    Integer[] order = new Integer[lane.length];
    for (int i = 0; i < lane.length; i++) order[i] = i;
    Arrays.sort(
        order,
        (i, j) -> {
          double x = descending ? lane[j] : lane[i];
          double y = descending ? lane[i] : lane[j];
          if (x < y) return -1;
          if (x > y) return 1;
          return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
        });
    double[] out = new double[lane.length];
    for (int i = 0; i < lane.length; i++) out[i] = positions ? order[i] : lane[order[i]];
    return out;
  }

  static Arr topkRef(Arr a, int k, int dim, boolean largest, boolean positions) {
    Arr sorted = alongDim(a, dim, lane -> sortedLane(lane, largest, positions));
    if (a.rank() == 0) return sorted;
    return narrow(sorted, dim, 0, k);
  }
}
