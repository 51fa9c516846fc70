package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.OpInfo.Arr;
import dev.autograd.OpInfo.Domain;
import dev.autograd.OpInfo.Sample;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * The generic tests run over every op of {@link OpInfo#ALL}, one dynamic test per op, sample and
 * type (named like {@code "exp [2, 3] float64"}), and the tests of the subgradients PyTorch picks
 * at kinks and of storage sharing, which no table row can express.
 */
class OpInfoTest {
  private static final double F64_RTOL = 1e-11;
  private static final double F64_ATOL = 1e-12;
  private static final double F32_RTOL = 1e-5;
  private static final double F32_ATOL = 1e-6;

  private static final List<DType> FLOATS = List.of(DType.FLOAT64, DType.FLOAT32);

  @FunctionalInterface
  private interface Check {
    void run(OpInfo op, Sample sample, DType dtype);
  }

  /**
   * One test per op, sample and type, named like {@code "exp [2, 3] float64"}. A failure message
   * starts with that name, so that it can be told apart in the console.
   */
  private static Stream<DynamicNode> perSample(
      Predicate<OpInfo> which, List<DType> types, Check check) {
    return OpInfo.ALL.stream()
        .filter(which)
        .flatMap(
            op ->
                op.samples().stream()
                    .flatMap(
                        s ->
                            types.stream()
                                .map(
                                    t ->
                                        named(
                                            op.name() + " " + s + " " + t.pytorchName(),
                                            () -> check.run(op, s, t)))));
  }

  private static DynamicNode named(String name, Executable test) {
    return dynamicTest(
        name,
        () -> {
          try {
            test.execute();
          } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(name + ": " + e.getMessage(), e);
          }
        });
  }

  // ================================================================ generic tests

  /** The value equals the reference: tightly in float64, within rtol 1e-5 in float32. */
  @TestFactory
  Stream<DynamicNode> forwardMatchesReference() {
    return perSample(op -> true, FLOATS, OpInfoTest::checkForward);
  }

  /**
   * The result has PyTorch's shape (broadcast, reduced, ...) and type (float32 in, float32 out),
   * requires grad exactly when the op is differentiable, and not at all under noGrad.
   */
  @TestFactory
  Stream<DynamicNode> resultShapeTypeAndRequiresGrad() {
    return perSample(op -> true, FLOATS, OpInfoTest::checkShapeAndType);
  }

  /** The float64 gradient agrees with central finite differences. */
  @TestFactory
  Stream<DynamicNode> gradcheck() {
    return perSample(OpInfo::gradcheck, List.of(DType.FLOAT64), OpInfoTest::checkGradient);
  }

  /**
   * The gradient, computed with createGraph, is itself differentiable: the function (inputs,
   * gradOutput) to gradient passes gradcheck, so second derivatives and Hessian-vector products are
   * right.
   */
  @TestFactory
  Stream<DynamicNode> gradgradcheck() {
    return perSample(OpInfo::gradgrad, List.of(DType.FLOAT64), OpInfoTest::checkSecondOrder);
  }

  /** Invalid inputs (shapes that do not broadcast, dims out of range...) throw TensorException. */
  @TestFactory
  Stream<DynamicNode> errorInputsThrow() {
    return OpInfo.ALL.stream()
        .flatMap(
            op ->
                op.errorSamples().stream()
                    .map(
                        s ->
                            named(
                                op.name() + " " + s + " throws",
                                () -> {
                                  Tensor[] in = inputs(op, s, DType.FLOAT32, false);
                                  assertThrows(TensorException.class, () -> op.op().apply(in, s));
                                })));
  }

  private static void checkForward(OpInfo op, Sample s, DType dtype) {
    Tensor[] in = inputs(op, s, dtype, false);
    Arr expected = op.ref().apply(refInputs(in), s);
    Tensor out = op.op().apply(in, s);
    assertArrayEquals(expected.shape(), out.shape(), "shape");
    DType type = op.resultType().apply(dtype);
    assertEquals(type, out.dtype(), "dtype");
    double[] actual = out.toDoubleArray();
    if (!type.isFloatingPoint()) {
      assertArrayEquals(expected.v(), actual, 0.0, "values");
    } else if (type == DType.FLOAT64) {
      assertClose(expected.v(), actual, F64_RTOL, F64_ATOL);
    } else {
      assertClose(expected.v(), actual, F32_RTOL, F32_ATOL);
    }
  }

  private static void checkShapeAndType(OpInfo op, Sample s, DType dtype) {
    Tensor[] in = inputs(op, s, dtype, false);
    Arr expected = op.ref().apply(refInputs(in), s);
    // Every input requires grad here, even where's condition and the inputs of comparisons.
    for (Tensor t : in) t.requiresGrad(true);
    Tensor out = op.op().apply(in, s);
    assertArrayEquals(expected.shape(), out.shape(), "shape");
    assertEquals(op.resultType().apply(dtype), out.dtype(), "dtype");
    assertEquals(op.differentiable(), out.requiresGrad(), "requiresGrad");
    if (out.requiresGrad() && !Arrays.asList(in).contains(out)) {
      assertNotNull(out.gradFn(), "a result that requires grad records the op that made it");
    }
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      Tensor constant = op.op().apply(in, s);
      assertFalse(
          constant.requiresGrad() && !Arrays.asList(in).contains(constant),
          "under noGrad the result does not require grad");
      assertArrayEquals(expected.shape(), constant.shape(), "shape under noGrad");
    }
  }

  private static void checkGradient(OpInfo op, Sample s, DType dtype) {
    Tensor[] in = inputs(op, s, dtype, true);
    assertTrue(GradCheck.check(op.bind(s), in).passed());
  }

  private static void checkSecondOrder(OpInfo op, Sample s, DType dtype) {
    Tensor[] in = inputs(op, s, dtype, true);
    Tensor out = op.op().apply(in, s);
    Generator gen = new Generator(("gradOutput " + op.name() + " " + s).hashCode());
    double[] values = Domain.of(-1, 1).sample(gen, out.numel());
    Tensor gradOutput = tensor(values, out.shape(), dtype, false);
    assertTrue(
        GradCheck.gradgradcheck(op.bind(s), gradOutput, GradCheckOptions.defaults(), in).passed());
  }

  // ================================================================ the table itself

  /**
   * Row names are unique, so that a failure names one row. (That every primitive and every public
   * op has a row is {@link OpInfoCoverageTest}'s sweep.)
   */
  @Test
  void rowNamesAreUnique() {
    Set<String> names = OpInfo.ALL.stream().map(OpInfo::name).collect(Collectors.toSet());
    assertEquals(OpInfo.ALL.size(), names.size(), "op names are unique");
  }

  /**
   * Each row's samples match its arity, it tries a 0-d input (or checks that 0-d is rejected), and
   * binary element-wise ops try broadcasting; the losses try every reduction.
   */
  @Test
  void samplesAreWellFormed() {
    for (OpInfo op : OpInfo.ALL) {
      assertFalse(op.samples().isEmpty(), op.name() + " has samples");
      for (Sample s : op.samples()) {
        if (op.arity() >= 0) assertEquals(op.arity(), s.shapes().length, op.name() + " " + s);
      }
      boolean zeroDim =
          Stream.concat(op.samples().stream(), op.errorSamples().stream())
              .anyMatch(s -> Arrays.stream(s.shapes()).anyMatch(sh -> sh.length == 0));
      assertTrue(zeroDim, op.name() + " tries a 0-d input or checks that it is rejected");
      if (op.arity() == 2 && op.samples() == OpInfo.BINARY) {
        assertTrue(
            op.samples().stream().anyMatch(s -> !Arrays.equals(s.shapes()[0], s.shapes()[1])),
            op.name() + " tries broadcasting");
      }
    }
    for (String loss :
        List.of(
            "mseLoss",
            "l1Loss",
            "smoothL1Loss",
            "binaryCrossEntropy",
            "binaryCrossEntropyWithLogits",
            "crossEntropy",
            "nllLoss",
            "huberLoss",
            "klDivLoss",
            "marginRankingLoss",
            "cosineEmbeddingLoss",
            "tripletMarginLoss",
            "poissonNLLLoss",
            "gaussianNLLLoss")) {
      OpInfo op = OpInfo.ALL.stream().filter(o -> o.name().equals(loss)).findFirst().orElseThrow();
      for (Reduction r : Reduction.values()) {
        assertTrue(
            op.samples().stream().anyMatch(s -> Arrays.asList(s.args()).contains(r)),
            loss + " tries " + r);
      }
    }
  }

  // ================================================================ subgradients at kinks

  /** The gradient of sum(f(x)) with respect to x, in float64. */
  private static double[] gradOf(UnaryOperator<Tensor> f, double... x) {
    Tensor t = Tensor.of(x, DType.FLOAT64, x.length).requiresGrad(true);
    f.apply(t).sum().backward();
    return t.grad().toDoubleArray();
  }

  @Test
  void reluGradientAtZeroIsZero() {
    assertArrayEquals(new double[] {0, 0, 1}, gradOf(Tensor::relu, -1, 0, 2), 0.0);
  }

  @Test
  void leakyReluGradientAtZeroIsSlope() {
    assertArrayEquals(new double[] {0.1, 0.1, 1}, gradOf(x -> x.leakyRelu(0.1), -1, 0, 2), 0.0);
  }

  @Test
  void absGradientAtZeroIsZero() {
    assertArrayEquals(new double[] {-1, 0, 1}, gradOf(Tensor::abs, -2, 0, 3), 0.0);
  }

  @Test
  void maximumTiesSplitTheGradientHalfAndHalf() {
    Tensor a = Tensor.of(new double[] {1, 2, 3}, DType.FLOAT64, 3).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {1, 0, 5}, DType.FLOAT64, 3).requiresGrad(true);
    a.maximum(b).sum().backward();
    assertArrayEquals(new double[] {0.5, 1, 0}, a.grad().toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {0.5, 0, 1}, b.grad().toDoubleArray(), 0.0);
  }

  @Test
  void minimumTiesSplitTheGradientHalfAndHalf() {
    Tensor a = Tensor.of(new double[] {1, 2, 3}, DType.FLOAT64, 3).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {1, 0, 5}, DType.FLOAT64, 3).requiresGrad(true);
    a.minimum(b).sum().backward();
    assertArrayEquals(new double[] {0.5, 0, 1}, a.grad().toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {0.5, 1, 0}, b.grad().toDoubleArray(), 0.0);
  }

  @Test
  void maximumTiesWithABroadcastScalarSumTheHalves() {
    Tensor a = Tensor.of(new double[] {2, 2, 1, 3}, DType.FLOAT64, 2, 2).requiresGrad(true);
    Tensor b = Tensor.scalar(2, DType.FLOAT64).requiresGrad(true);
    a.maximum(b).sum().backward();
    assertArrayEquals(new double[] {0.5, 0.5, 0, 1}, a.grad().toDoubleArray(), 0.0);
    assertEquals(0.5 + 0.5 + 1, b.grad().item(), 0.0);
  }

  @Test
  void clampPassesTheGradientAtExactlyItsBounds() {
    assertArrayEquals(
        new double[] {0, 1, 1, 1, 0}, gradOf(x -> x.clamp(-0.5, 0.5), -1, -0.5, 0, 0.5, 1), 0.0);
  }

  @Test
  void clampMinAndClampMaxPassTheGradientAtTheirBound() {
    assertArrayEquals(new double[] {0, 1, 1}, gradOf(x -> x.clampMin(0.5), 0, 0.5, 1), 0.0);
    assertArrayEquals(new double[] {1, 1, 0}, gradOf(x -> x.clampMax(0.5), 0, 0.5, 1), 0.0);
  }

  @Test
  void normGradientAtTheZeroVectorIsZeroNotNaN() {
    assertArrayEquals(new double[] {0, 0, 0}, gradOf(Tensor::norm, 0, 0, 0), 0.0);
    // Over a dim: the zero row gets 0, the other row x / |x|.
    Tensor x = Tensor.of(new double[] {0, 0, 3, 4}, DType.FLOAT64, 2, 2).requiresGrad(true);
    x.norm(new int[] {1}, false).sum().backward();
    assertArrayEquals(new double[] {0, 0, 0.6, 0.8}, x.grad().toDoubleArray(), 1e-15);
  }

  @Test
  void powGradientForTheExponentAtZeroBaseIsZero() {
    Tensor base = Tensor.of(new double[] {0, 0, 2}, DType.FLOAT64, 3).requiresGrad(true);
    Tensor exponent = Tensor.of(new double[] {2, 0, 3}, DType.FLOAT64, 3).requiresGrad(true);
    base.pow(exponent).sum().backward();
    assertArrayEquals(new double[] {0, 0, 8 * Math.log(2)}, exponent.grad().toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {0, 0, 12}, base.grad().toDoubleArray(), 0.0);
  }

  // ================================================================ views share storage

  /** A FLOAT32 base whose element values are their positions 0, 1, 2, ..., requiring grad. */
  private static Tensor positions(int... shape) {
    double[] v = new double[OpInfo.numel(shape)];
    for (int i = 0; i < v.length; i++) v[i] = i;
    return Tensor.of(v, shape).requiresGrad(true);
  }

  /**
   * Writes 100, 101, ... through a view of a positions base with copy_, then adds 0.5 with add_
   * (both under noGrad), and checks that exactly the viewed positions of the base changed.
   */
  private static void assertWritesThroughViewReachBase(
      UnaryOperator<Tensor> makeView, int... baseShape) {
    Tensor base = positions(baseShape);
    Tensor view = makeView.apply(base);
    double[] where = view.toDoubleArray(); // the base position of each view element
    double[] written = new double[where.length];
    for (int i = 0; i < written.length; i++) written[i] = 100 + i;
    int version = base.version();
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      view.copy_(Tensor.of(written, DType.FLOAT32, where.length).reshape(view.shape()));
      view.add_(0.5);
    }
    assertEquals(version + 2, base.version(), "the version counter is shared with the view");
    double[] expected = new double[OpInfo.numel(baseShape)];
    for (int i = 0; i < expected.length; i++) expected[i] = i;
    for (int i = 0; i < where.length; i++) expected[(int) where[i]] = 100 + i + 0.5;
    assertArrayEquals(expected, base.toDoubleArray(), 0.0);
  }

  @Test
  void reshapeSharesStorage() {
    assertWritesThroughViewReachBase(x -> x.reshape(4, 6), 2, 3, 4);
    assertWritesThroughViewReachBase(x -> x.view(-1), 2, 3, 4);
    assertWritesThroughViewReachBase(Tensor::flatten, 2, 3, 4);
  }

  @Test
  void transposeSharesStorage() {
    assertWritesThroughViewReachBase(x -> x.transpose(0, 2), 2, 3, 4);
    assertWritesThroughViewReachBase(Tensor::t, 2, 3);
  }

  @Test
  void permuteSharesStorage() {
    assertWritesThroughViewReachBase(x -> x.permute(2, 0, 1), 2, 3, 4);
  }

  @Test
  void narrowSharesStorage() {
    assertWritesThroughViewReachBase(x -> x.narrow(1, 1, 2), 2, 3, 4);
    // A view of a view.
    assertWritesThroughViewReachBase(x -> x.transpose(0, 1).narrow(0, 2, 1), 2, 3, 4);
  }

  @Test
  void selectSharesStorage() {
    assertWritesThroughViewReachBase(x -> x.select(2, 3), 2, 3, 4);
    assertWritesThroughViewReachBase(x -> x.select(0, -1), 2, 3, 4);
  }

  @Test
  void squeezeSharesStorage() {
    assertWritesThroughViewReachBase(Tensor::squeeze, 2, 1, 3, 1);
    assertWritesThroughViewReachBase(x -> x.squeeze(1), 2, 1, 3);
  }

  @Test
  void unsqueezeSharesStorage() {
    assertWritesThroughViewReachBase(x -> x.unsqueeze(1), 2, 3);
    assertWritesThroughViewReachBase(x -> x.narrow(1, 1, 2).unsqueeze(-1), 2, 3);
  }

  @Test
  void expandedViewReadsWritesToItsBase() {
    Tensor base = positions(3, 1);
    Tensor view = base.expand(2, 3, 4);
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      base.copy_(Tensor.of(new double[] {10, 20, 30}, 3, 1));
      base.add_(1);
    }
    assertEquals(base.version(), view.version());
    double[] expected = new double[24];
    for (int i = 0; i < 24; i++) expected[i] = 11 + 10 * ((i / 4) % 3);
    assertArrayEquals(expected, view.toDoubleArray(), 0.0);
  }

  @Test
  void copyAndContiguousOfAViewDoNotShareStorage() {
    Tensor base = positions(2, 3);
    Tensor copy = base.clone();
    Tensor packed = base.t().contiguous();
    assertTrue(packed.isContiguous());
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      base.add_(1);
    }
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, copy.toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, packed.toDoubleArray(), 0.0);
  }

  // ================================================================ types

  @Test
  void toFloat32BackwardReturnsTheGradientInTheInputType() {
    Tensor x = Tensor.of(new double[] {1, -2, 3}, DType.FLOAT64, 3).requiresGrad(true);
    Tensor y = x.to(DType.FLOAT32);
    assertEquals(DType.FLOAT32, y.dtype());
    y.mul(y).sum().backward();
    assertEquals(DType.FLOAT64, x.grad().dtype());
    assertArrayEquals(new double[] {2, -4, 6}, x.grad().toDoubleArray(), 0.0);

    Tensor f = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
    f.to(DType.FLOAT64).mul(3).sum().backward();
    assertEquals(DType.FLOAT32, f.grad().dtype());
    assertArrayEquals(new double[] {3, 3}, f.grad().toDoubleArray(), 0.0);
  }

  @Test
  void binaryOpsPromoteTypesLikePyTorch() {
    Tensor f32 = Tensor.of(new double[] {1, 2, 3}, DType.FLOAT32, 3);
    Tensor f64 = Tensor.of(new double[] {1, 2, 3}, DType.FLOAT64, 3);
    Tensor f64Scalar = Tensor.scalar(2, DType.FLOAT64);
    Tensor f32Scalar = Tensor.scalar(2, DType.FLOAT32);
    Tensor i64 = Tensor.of(new long[] {1, 2, 3});
    assertEquals(DType.FLOAT64, f32.add(f64).dtype());
    assertEquals(DType.FLOAT32, f32.mul(f64Scalar).dtype(), "a 0-d tensor does not promote");
    assertEquals(DType.FLOAT64, f32Scalar.mul(f64Scalar).dtype());
    assertEquals(DType.FLOAT32, i64.mul(f32Scalar).dtype(), "but a float 0-d makes ints float");
    assertEquals(DType.INT64, i64.add(i64).dtype());
    assertEquals(DType.FLOAT32, i64.div(i64).dtype(), "true division");
    assertEquals(DType.FLOAT32, i64.exp().dtype());
    assertEquals(DType.INT64, i64.sum().dtype());
    TensorException e = assertThrows(TensorException.class, i64::mean, "as PyTorch's mean");
    assertTrue(e.getMessage().contains("int64"), e.getMessage());
  }

  // ================================================================ helpers

  /**
   * The inputs of a sample, drawn from the op's domains with a generator seeded by the op and
   * sample (so float32 inputs are the float64 ones rounded); those that may require grad do when
   * {@code requiresGrad}.
   */
  static Tensor[] inputs(OpInfo op, Sample s, DType dtype, boolean requiresGrad) {
    Generator gen = new Generator((op.name() + " " + s).hashCode());
    Tensor[] in = new Tensor[s.shapes().length];
    for (int k = 0; k < in.length; k++) {
      int[] shape = s.shapes()[k];
      double[] values = op.domain(k).sample(gen, OpInfo.numel(shape));
      in[k] = tensor(values, shape, dtype, s.noncontiguous());
      if (requiresGrad && op.requiresGrad(k)) in[k].requiresGrad(true);
    }
    return in;
  }

  /**
   * A tensor with {@code values} in row-major order; when {@code noncontiguous} (and 2 or more
   * dims), stored transposed and seen through a permutation, so its strides are not row-major.
   */
  static Tensor tensor(double[] values, int[] shape, DType dtype, boolean noncontiguous) {
    if (shape.length == 0) return Tensor.scalar(values[0], dtype);
    if (!noncontiguous || shape.length < 2) return Tensor.of(values, dtype, shape);
    int rank = shape.length;
    int[] reversed = new int[rank];
    int[] order = new int[rank];
    for (int d = 0; d < rank; d++) {
      reversed[d] = shape[rank - 1 - d];
      order[d] = rank - 1 - d;
    }
    double[] stored = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      int[] idx = OpInfo.unravel(i, shape);
      int[] rev = new int[rank];
      for (int d = 0; d < rank; d++) rev[d] = idx[rank - 1 - d];
      stored[OpInfo.ravel(rev, reversed)] = values[i];
    }
    Tensor t = Tensor.of(stored, dtype, reversed).permute(order);
    assertFalse(t.isContiguous(), "a noncontiguous sample");
    return t;
  }

  private static Arr[] refInputs(Tensor[] in) {
    Arr[] out = new Arr[in.length];
    for (int i = 0; i < in.length; i++) out[i] = Arr.of(in[i]);
    return out;
  }

  /** Element-wise {@code |actual - expected| <= atol + rtol |expected|}; NaN matches NaN. */
  static void assertClose(double[] expected, double[] actual, double rtol, double atol) {
    assertEquals(expected.length, actual.length, "number of elements");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      if (Double.isNaN(e) && Double.isNaN(a)) continue;
      if (e == a) continue;
      if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
        fail(
            "element "
                + i
                + ": expected "
                + e
                + " but was "
                + a
                + " (difference "
                + Math.abs(a - e)
                + ", tolerance atol "
                + atol
                + " + rtol "
                + rtol
                + " * |expected|)\nexpected "
                + Arrays.toString(expected)
                + "\nactual   "
                + Arrays.toString(actual));
      }
    }
  }
}
