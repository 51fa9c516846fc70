package dev.autograd;

import static dev.autograd.Primitive.ResultType.FLOATING;
import static dev.autograd.Primitive.ResultType.PROMOTED;
import static dev.autograd.Primitive.ResultType.PROMOTED_FLOATING;

import dev.autograd.internal.BinaryFn;
import dev.autograd.internal.UnaryFn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The table of the element-wise primitives the engine differentiates: one {@link Primitive} record
 * each, in the manner of PyTorch's {@code derivatives.yaml}. Reading a record tells its backward
 * name, what it saves, the kernel function of its forward, and the gradient with respect to each
 * input in PyTorch's vocabulary: {@code grad} is the gradient with respect to the result, {@code
 * c.self()} and {@code c.other()} the saved inputs, {@code c.result()} the saved result, {@code
 * c.p} and {@code c.q} the op's numbers. Every rule is written in tensor ops, so it is recorded
 * when a graph of the backward pass is requested and can be differentiated again.
 *
 * <p>The subgradient at each kink is chosen where the rule is written, as PyTorch chooses it:
 * relu'(0) = 0, abs'(0) = 0, leakyRelu'(0) = slope, clamp passes the gradient at its bounds,
 * maximum and minimum split it in half at a tie.
 *
 * <p>Composites (sub of a number, minimum's mirror of maximum, softmax, the losses) are not here:
 * they are built on these in {@link PointwiseOps} and the op classes, and their results are named
 * after them. Adding a primitive means adding its record here and its row to the tests' OpInfo
 * table; a test fails for a record without a row.
 */
final class Primitives {
  private Primitives() {}

  private static final List<Primitive> ALL = new ArrayList<>();

  private static Primitive register(Primitive p) {
    ALL.add(p);
    return p;
  }

  /** Every primitive of the table, in declaration order. */
  static List<Primitive> all() {
    return Collections.unmodifiableList(ALL);
  }

  // ================================================================ one tensor

  /** {@code -x}. Derivative: {@code -grad}. */
  static final Primitive NEG =
      register(
          Primitive.named("NegBackward")
              .kernel("neg", UnaryFn.NEG)
              .derivative((g, c) -> PointwiseOps.over(g, c, UnaryFn.NEG, 0, (t, unused) -> t.neg()))
              .build());

  /** {@code e^x}. Saves the result. Derivative: {@code grad * result}. */
  static final Primitive EXP =
      register(
          Primitive.named("ExpBackward")
              .kernel("exp", UnaryFn.EXP)
              .result(FLOATING)
              .savesResult()
              .derivative((g, c) -> PointwiseOps.over(g, c, BinaryFn.MUL, c.result(), Tensor::mul))
              .build());

  /** {@code e^x - 1}. Saves the result. Derivative: {@code grad * (result + 1)}. */
  static final Primitive EXPM1 =
      register(
          Primitive.named("Expm1Backward")
              .kernel("expm1", UnaryFn.EXPM1)
              .result(FLOATING)
              .savesResult()
              .derivative((g, c) -> g.mul(c.result().add(1)))
              .why("accurate near 0, where exp(x) - 1 cancels")
              .build());

  /** {@code ln x}. Derivative: {@code grad / self}. */
  static final Primitive LOG =
      register(
          Primitive.named("LogBackward")
              .kernel("log", UnaryFn.LOG)
              .result(FLOATING)
              .savesInputs()
              .derivative((g, c) -> g.div(c.self()))
              .build());

  /** {@code ln(1 + x)}. Derivative: {@code grad / (1 + self)}. */
  static final Primitive LOG1P =
      register(
          Primitive.named("Log1PBackward")
              .kernel("log1p", UnaryFn.LOG1P)
              .result(FLOATING)
              .savesInputs()
              .derivative((g, c) -> g.div(c.self().add(1)))
              .why("accurate near 0, where log(1 + x) rounds 1 + x first")
              .build());

  /** {@code sin x}. Derivative: {@code grad * cos(self)}. */
  static final Primitive SIN =
      register(
          Primitive.named("SinBackward")
              .kernel("sin", UnaryFn.SIN)
              .result(FLOATING)
              .savesInputs()
              .derivative((g, c) -> g.mul(c.self().cos()))
              .build());

  /** {@code cos x}. Derivative: {@code -grad * sin(self)}. */
  static final Primitive COS =
      register(
          Primitive.named("CosBackward")
              .kernel("cos", UnaryFn.COS)
              .result(FLOATING)
              .savesInputs()
              .derivative((g, c) -> g.mul(c.self().sin()).neg())
              .build());

  /** {@code sqrt x}. Saves the result. Derivative: {@code grad / (2 result)}. */
  static final Primitive SQRT =
      register(
          Primitive.named("SqrtBackward")
              .kernel("sqrt", UnaryFn.SQRT)
              .result(FLOATING)
              .savesResult()
              .derivative((g, c) -> g.div(c.result().mul(2)))
              .why("one correctly rounded pass, where pow(x, 0.5) goes through Math.pow")
              .build());

  /** {@code 1 / x}. Saves the result. Derivative: {@code -grad * result^2}. */
  static final Primitive RECIPROCAL =
      register(
          Primitive.named("ReciprocalBackward")
              .kernel("reciprocal", UnaryFn.RECIPROCAL)
              .result(FLOATING)
              .savesResult()
              .derivative((g, c) -> g.mul(c.result().mul(c.result())).neg())
              .why("1 / x in one rounding, where pow(x, -1) goes through Math.pow")
              .build());

  /** {@code tanh x}. Saves the result. Derivative: {@code tanhBackward(grad, result)}. */
  static final Primitive TANH =
      register(
          Primitive.named("TanhBackward")
              .kernel("tanh", UnaryFn.TANH)
              .result(FLOATING)
              .savesResult()
              .derivative(
                  (g, c) ->
                      PointwiseOps.over(
                          g,
                          c,
                          BinaryFn.TANH_BACKWARD,
                          c.result(),
                          (a, b) -> Primitives.TANH_BACKWARD.apply(a, b)))
              .why(
                  "a float32 kernel of its own (FloatMath), and the one-pass derivative from its result")
              .build());

  /**
   * {@code 1 / (1 + e^-x)}. Saves the result. Derivative: {@code sigmoidBackward(grad, result)}.
   */
  static final Primitive SIGMOID =
      register(
          Primitive.named("SigmoidBackward")
              .kernel("sigmoid", UnaryFn.SIGMOID)
              .result(FLOATING)
              .savesResult()
              .derivative(
                  (g, c) ->
                      PointwiseOps.over(
                          g,
                          c,
                          BinaryFn.SIGMOID_BACKWARD,
                          c.result(),
                          (a, b) -> Primitives.SIGMOID_BACKWARD.apply(a, b)))
              .why("no overflow of e^-x for large |x|, and the one-pass derivative from its result")
              .build());

  /** {@code max(x, 0)}. Derivative: {@code reluBackward(grad, self)}, so relu'(0) = 0. */
  static final Primitive RELU =
      register(
          Primitive.named("ReluBackward")
              .kernel("relu", UnaryFn.RELU)
              .savesInputs()
              .derivative(
                  (g, c) ->
                      PointwiseOps.over(
                          g,
                          c,
                          BinaryFn.RELU_BACKWARD,
                          c.self(),
                          (a, b) -> Primitives.RELU_BACKWARD.apply(a, b)))
              .build());

  /**
   * {@code x > 0 ? x : slope x}, slope = p. Derivative: {@code self > 0 ? grad : grad * slope}, so
   * leakyRelu'(0) = slope, as in PyTorch.
   */
  static final Primitive LEAKY_RELU =
      register(
          Primitive.named("LeakyReluBackward")
              .kernel("leakyRelu", UnaryFn.LEAKY_RELU)
              .result(FLOATING)
              .savesInputs()
              .derivative((g, c) -> Tensor.where(c.self().gt(0), g, g.mul(c.p)))
              .why(
                  "one pass, where where(x > 0, x, slope * x) takes three; leakyRelu'(0) = slope either way")
              .build());

  /** {@code |x|}. Derivative: {@code grad * sign(self)}, so abs'(0) = 0. */
  static final Primitive ABS =
      register(
          Primitive.named("AbsBackward")
              .kernel("abs", UnaryFn.ABS)
              .savesInputs()
              .derivative((g, c) -> g.mul(c.self().sign()))
              .build());

  /** {@code sign x} (-1, 0 or 1). Derivative: {@code 0}. */
  static final Primitive SIGN =
      register(
          Primitive.named("SignBackward")
              .kernel("sign", UnaryFn.SIGN)
              .derivative((g, c) -> Tensor.zerosLike(g))
              .build());

  /**
   * {@code floor}: the largest integer not above x. Derivative: {@code 0}, as PyTorch's (a step
   * function).
   */
  static final Primitive FLOOR =
      register(
          Primitive.named("FloorBackward")
              .kernel("floor", UnaryFn.FLOOR)
              .derivative((g, c) -> Tensor.zerosLike(g))
              .build());

  /**
   * {@code ceil}: the smallest integer not below x. Derivative: {@code 0}, as PyTorch's (a step
   * function).
   */
  static final Primitive CEIL =
      register(
          Primitive.named("CeilBackward")
              .kernel("ceil", UnaryFn.CEIL)
              .derivative((g, c) -> Tensor.zerosLike(g))
              .build());

  /**
   * {@code round}: x rounded to the nearest integer, halves to even. Derivative: {@code 0}, as
   * PyTorch's (a step function).
   */
  static final Primitive ROUND =
      register(
          Primitive.named("RoundBackward")
              .kernel("round", UnaryFn.ROUND)
              .derivative((g, c) -> Tensor.zerosLike(g))
              .build());

  /**
   * {@code trunc}: x rounded toward zero. Derivative: {@code 0}, as PyTorch's (a step function).
   */
  static final Primitive TRUNC =
      register(
          Primitive.named("TruncBackward")
              .kernel("trunc", UnaryFn.TRUNC)
              .derivative((g, c) -> Tensor.zerosLike(g))
              .build());

  /**
   * {@code ln(1 + e^(beta x)) / beta}, beta = p, and x itself where {@code beta x > threshold}, the
   * threshold q (PyTorch's defaults: 1 and 20). Derivative: {@code grad * sigmoid(beta self)}, and
   * {@code grad} above the threshold, as in PyTorch.
   */
  static final Primitive SOFTPLUS =
      register(
          Primitive.named("SoftplusBackward")
              .kernel("softplus", UnaryFn.SOFTPLUS)
              .result(FLOATING)
              .savesInputs()
              .derivative(
                  (g, c) -> {
                    Tensor scaled = c.self().mul(c.p);
                    return Tensor.where(scaled.gt(c.q), g, g.mul(scaled.sigmoid()));
                  })
              .why(
                  "PyTorch's threshold (x itself above it), which the composite ln(1 + e^x) overflows before")
              .build());

  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

  /** The error function. Derivative: {@code grad * 2 / sqrt(pi) * e^(-self^2)}. */
  static final Primitive ERF =
      register(
          Primitive.named("ErfBackward")
              .kernel("erf", UnaryFn.ERF)
              .result(FLOATING)
              .savesInputs()
              .derivative((g, c) -> g.mul(c.self().mul(c.self()).neg().exp().mul(TWO_OVER_SQRT_PI)))
              .build());

  /**
   * {@code x^p} for a number p. Derivative: {@code grad * p * self^(p - 1)} (0 for p = 0, grad for
   * p = 1), PyTorch's pow_backward.
   */
  static final Primitive POW_NUMBER =
      register(
          Primitive.named("PowBackward")
              .kernel("pow", UnaryFn.POW)
              .result(FLOATING)
              .savesInputs()
              .derivative(
                  (g, c) ->
                      c.p == 0
                          ? Tensor.zerosLike(g)
                          : c.p == 1 ? g : PointwiseOps.powBackward(g, c.self(), c.p))
              .build());

  /**
   * {@code p * x^(p - 1)}: pow's derivative. Derivative: {@code grad * p * powDerivative(self, p -
   * 1)}, and 0 for p = 1.
   */
  static final Primitive POW_DERIVATIVE =
      register(
          Primitive.named("PowBackwardBackward")
              .kernel("pow", UnaryFn.POW_DERIVATIVE)
              .result(FLOATING)
              .savesInputs()
              .derivative(
                  (g, c) ->
                      c.p == 1
                          ? Tensor.zerosLike(g)
                          : g.mul(Primitives.POW_DERIVATIVE.apply(c.self(), c.p - 1)).mul(c.p))
              .why("x^p's derivative in one pass over x, where grad * p * x^(p-1) takes three")
              .build());

  /**
   * x limited to [p, q] (a NaN bound: no bound). Derivative: {@code grad} where {@code p <= self <=
   * q}, bounds included, else 0, as in PyTorch.
   */
  static final Primitive CLAMP =
      register(
          Primitive.named("ClampBackward")
              .kernel("clamp", UnaryFn.CLAMP)
              .savesInputs()
              .derivative((g, c) -> g.mul(PointwiseOps.withinBounds(c.self(), c.p, c.q)))
              .why(
                  "the gradient passes at the bounds themselves, which maximum and minimum would halve")
              .build());

  // ================================================================ a tensor and a number

  /** {@code x + p}, p rounded to x's type. Derivative: {@code grad}. */
  static final Primitive ADD_NUMBER =
      register(
          Primitive.named("AddBackward")
              .kernel("add", UnaryFn.ADD)
              .derivativeWithNumber((g, c) -> g)
              .build());

  /** {@code x - v}, computed exactly as {@code x + p} with p = -v. Derivative: {@code grad}. */
  static final Primitive SUB_NUMBER =
      register(
          Primitive.named("SubBackward")
              .kernel("sub", UnaryFn.ADD)
              .derivativeWithNumber((g, c) -> g)
              .build());

  /** {@code x * p}, p rounded to x's type. Derivative: {@code grad * p}. */
  static final Primitive MUL_NUMBER =
      register(
          Primitive.named("MulBackward")
              .kernel("mul", UnaryFn.MUL)
              .derivativeWithNumber(
                  (g, c) -> PointwiseOps.over(g, c, UnaryFn.MUL, c.p, Tensor::mul))
              .build());

  /** {@code x / p}, p rounded to x's type. Derivative: {@code grad / p}. */
  static final Primitive DIV_NUMBER =
      register(
          Primitive.named("DivBackward")
              .kernel("div", UnaryFn.DIV)
              .derivativeWithNumber(
                  (g, c) -> PointwiseOps.over(g, c, UnaryFn.DIV, c.p, Tensor::div))
              .build());

  // ================================================================ two tensors, broadcast

  /** {@code self + other}. Derivatives: {@code grad}, {@code grad}. */
  static final Primitive ADD =
      register(
          Primitive.named("AddBackward")
              .kernel("add", BinaryFn.ADD)
              .result(PROMOTED)
              .derivatives((g, c) -> g, (g, c) -> g)
              .build());

  /** {@code self - other}. Derivatives: {@code grad}, {@code -grad}. */
  static final Primitive SUB =
      register(
          Primitive.named("SubBackward")
              .kernel("sub", BinaryFn.SUB)
              .result(PROMOTED)
              .derivatives((g, c) -> g, (g, c) -> g.neg())
              .why("one pass where self + (-other) takes two")
              .build());

  /** {@code self * other}. Derivatives: {@code grad * other}, {@code grad * self}. */
  static final Primitive MUL =
      register(
          Primitive.named("MulBackward")
              .kernel("mul", BinaryFn.MUL)
              .result(PROMOTED)
              .savesInputs()
              .derivatives(
                  (g, c) -> PointwiseOps.gradTimes(g, c.other()),
                  (g, c) -> PointwiseOps.gradTimes(g, c.self()))
              .tangents((t, c) -> t.mul(c.other()), (t, c) -> c.self().mul(t))
              .build());

  /** {@code self / other}. Derivatives: {@code grad / other}, {@code -grad * self / other^2}. */
  static final Primitive DIV =
      register(
          Primitive.named("DivBackward")
              .kernel("div", BinaryFn.DIV)
              .result(PROMOTED_FLOATING)
              .savesInputs()
              .derivatives(
                  (g, c) -> g.div(c.other()),
                  (g, c) -> g.mul(c.self()).div(c.other().mul(c.other())).neg())
              .why("IEEE division, where self * other^-1 rounds twice")
              .build());

  /**
   * {@code self ^ other}. Saves the inputs and the result. Derivatives: {@code grad * other *
   * self^(other - 1)}, 0 where other is 0 (else 0 * inf at self = 0); {@code grad * result * ln
   * self}, 0 where self is 0 and other >= 0; as PyTorch.
   */
  static final Primitive POW =
      register(
          Primitive.named("PowBackward")
              .kernel("pow", BinaryFn.POW)
              .result(PROMOTED_FLOATING)
              .savesInputs()
              .savesResult()
              .derivatives(
                  (g, c) -> PointwiseOps.powBaseBackward(g, c.self(), c.other()),
                  (g, c) -> PointwiseOps.powExponentBackward(g, c.self(), c.other(), c.result()))
              .build());

  /**
   * The larger of self and other, NaN if either is. Derivatives: grad to the larger side, half of
   * it to each side at a tie, as PyTorch.
   */
  /**
   * {@code fmod(self, other)}, the remainder with the dividend's sign. Saves both. Derivatives:
   * {@code grad} for self, {@code -grad * trunc(self / other)} for other.
   */
  static final Primitive FMOD =
      register(
          Primitive.named("FmodBackward")
              .kernel("fmod", BinaryFn.FMOD)
              .result(PROMOTED)
              .savesInputs()
              .derivatives((g, c) -> g, (g, c) -> g.mul(c.self().div(c.other()).trunc()).neg())
              .build());

  /**
   * {@code remainder(self, other)}, the remainder with the divisor's sign. Saves both. Derivatives:
   * {@code grad} for self, {@code -grad * floor(self / other)} for other.
   */
  static final Primitive REMAINDER =
      register(
          Primitive.named("RemainderBackward")
              .kernel("remainder", BinaryFn.REMAINDER)
              .result(PROMOTED)
              .savesInputs()
              .derivatives((g, c) -> g, (g, c) -> g.mul(c.self().div(c.other()).floor()).neg())
              .build());

  static final Primitive MAXIMUM =
      register(
          Primitive.named("MaximumBackward")
              .kernel("maximum", BinaryFn.MAXIMUM)
              .result(PROMOTED)
              .savesInputs()
              .derivatives(
                  (g, c) ->
                      g.mul(
                          PointwiseOps.winnerWeight(
                              "maximum", BinaryFn.GT, c.self(), c.other(), g)),
                  (g, c) ->
                      g.mul(
                          PointwiseOps.winnerWeight(
                              "maximum", BinaryFn.GT, c.other(), c.self(), g)))
              .build());

  /** The smaller of self and other: {@link #MAXIMUM}'s rules, with the smaller side winning. */
  static final Primitive MINIMUM =
      register(
          Primitive.named("MinimumBackward")
              .kernel("minimum", BinaryFn.MINIMUM)
              .result(PROMOTED)
              .savesInputs()
              .derivatives(
                  (g, c) ->
                      g.mul(
                          PointwiseOps.winnerWeight(
                              "minimum", BinaryFn.LT, c.self(), c.other(), g)),
                  (g, c) ->
                      g.mul(
                          PointwiseOps.winnerWeight(
                              "minimum", BinaryFn.LT, c.other(), c.self(), g)))
              .why(
                  "NaN wherever either input is NaN, which -maximum(-a, -b) also gives, in one pass")
              .build());

  /**
   * {@code condition ? self : other}, condition a constant mask. Saves the condition. Derivatives:
   * none for the condition; {@code where(condition, grad, 0)}, {@code where(condition, 0, grad)}.
   */
  static final Primitive WHERE =
      register(
          Primitive.named("WhereBackward")
              .forward("where")
              .savesInput(0)
              .broadcasts(true)
              .derivatives(
                  null,
                  (g, c) -> Tensor.where(c.input(0), g, Tensor.scalar(0, g.dtype())),
                  (g, c) -> Tensor.where(c.input(0), Tensor.scalar(0, g.dtype()), g))
              .tangentsFromDerivatives()
              .build());

  // ================================================================ derivatives in one pass

  /**
   * {@code grad * (1 - y^2)}: tanh's derivative from its result y. Derivatives: {@code
   * tanhBackward(grad', y)} for grad, {@code -2 grad' grad y} for y.
   */
  static final Primitive TANH_BACKWARD =
      register(
          Primitive.named("TanhBackwardBackward")
              .kernel("tanhBackward", BinaryFn.TANH_BACKWARD)
              .result(PROMOTED)
              .savesInputs()
              .derivatives(
                  (gg, c) -> Primitives.TANH_BACKWARD.apply(gg, c.other()),
                  (gg, c) -> gg.mul(c.self()).mul(c.other()).mul(-2))
              .why("one pass over grad and y where grad * (1 - y * y) takes four")
              .build());

  /**
   * {@code grad * y * (1 - y)}: sigmoid's derivative from its result y. Derivatives: {@code
   * sigmoidBackward(grad', y)} for grad, {@code grad' grad (1 - 2y)} for y.
   */
  static final Primitive SIGMOID_BACKWARD =
      register(
          Primitive.named("SigmoidBackwardBackward")
              .kernel("sigmoidBackward", BinaryFn.SIGMOID_BACKWARD)
              .result(PROMOTED)
              .savesInputs()
              .derivatives(
                  (gg, c) -> Primitives.SIGMOID_BACKWARD.apply(gg, c.other()),
                  (gg, c) -> gg.mul(c.self()).mul(c.other().mul(-2).add(1)))
              .why("one pass over grad and y where grad * y * (1 - y) takes four")
              .build());

  /**
   * {@code x <= 0 ? 0 : grad}: relu's derivative (PyTorch's threshold_backward). Saves x.
   * Derivatives: {@code reluBackward(grad', x)} for grad, none for x.
   */
  static final Primitive RELU_BACKWARD =
      register(
          Primitive.named("ThresholdBackwardBackward")
              .kernel("reluBackward", BinaryFn.RELU_BACKWARD)
              .savesInput(1)
              .derivatives((gg, c) -> Primitives.RELU_BACKWARD.apply(gg, c.other()), null)
              .why("one pass, with relu's choice at 0 and its NaN rule")
              .build());

  // ================================================================ reductions (ReduceOps)

  /**
   * The sum over some dims (all of them by default). Derivative: {@code grad} broadcast back over
   * the reduced dims.
   */
  static final Primitive SUM =
      register(
          Primitive.named("SumBackward")
              .forward("sum")
              .derivative((g, c) -> ReduceOps.spread(g, c.args()))
              .tangent((t, c) -> ReduceOps.reducedTangent(t, c.args(), c.result()))
              .build());

  /**
   * The mean over some dims: the sum divided by the count of each group. Derivative: {@code grad /
   * count} broadcast back over the reduced dims.
   */
  static final Primitive MEAN =
      register(
          Primitive.named("MeanBackward")
              .forward("mean")
              .derivative(
                  (g, c) -> ReduceOps.spread(g.div(c.<ReduceOps.Spread>args().count()), c.args()))
              .why("the same two roundings as sum().div(n), one op in the graph")
              .tangent(
                  (t, c) ->
                      ReduceOps.reducedTangent(t, c.args(), c.result())
                          .div(c.<ReduceOps.Spread>args().count()))
              .build());

  /**
   * The largest element over some dims. Saves the input and the result. Derivative: {@code grad}
   * shared evenly among the elements equal to the result.
   */
  static final Primitive AMAX =
      register(
          Primitive.named("AmaxBackward")
              .forward("amax")
              .savesInputs()
              .savesResult()
              .derivative((g, c) -> ReduceOps.extremeBackward(g, c.self(), c.result(), c.args()))
              .tangent((t, c) -> ReduceOps.extremeTangent(t, c.self(), c.result(), c.args()))
              .build());

  /**
   * The product of all elements, or along one dim. Saves the input and the result. Derivative:
   * PyTorch's prod_backward, {@code grad * result / self} without zeros, else {@code grad} times
   * the product of the other elements (see {@link ReduceOps#prodBackward}).
   */
  static final Primitive PROD =
      register(
          Primitive.named("ProdBackward")
              .forward("prod")
              .savesInputs()
              .savesResult()
              .derivative((g, c) -> ReduceOps.prodBackward(g, c.self(), c.result(), c.args()))
              .tangent((t, c) -> ReduceOps.prodTangent(t, c.self(), c.result(), c.args()))
              .build());

  /** The smallest element over some dims: {@link #AMAX}'s rule. */
  static final Primitive AMIN =
      register(
          Primitive.named("AminBackward")
              .forward("amin")
              .savesInputs()
              .savesResult()
              .derivative((g, c) -> ReduceOps.extremeBackward(g, c.self(), c.result(), c.args()))
              .why("its own NaN rule and ties; -amax(-x) would be two more passes")
              .tangent((t, c) -> ReduceOps.extremeTangent(t, c.self(), c.result(), c.args()))
              .build());

  /**
   * The largest element along one dim, and its index. Derivative: {@code grad} to the element at
   * the index (the first of equal ones), 0 elsewhere.
   */
  static final Primitive MAX_ALONG =
      register(
          Primitive.named("MaxBackward")
              .forward("max")
              .derivative((g, c) -> ReduceOps.indexedBackward(g, c.args()))
              .tangent((t, c) -> ReduceOps.indexedTangent(t, c.result(), c.args()))
              .build());

  /** The smallest element along one dim, and its index: {@link #MAX_ALONG}'s rule. */
  static final Primitive MIN_ALONG =
      register(
          Primitive.named("MinBackward")
              .forward("min")
              .derivative((g, c) -> ReduceOps.indexedBackward(g, c.args()))
              .tangent((t, c) -> ReduceOps.indexedTangent(t, c.result(), c.args()))
              .build());

  /**
   * The L2 norm over some dims. Saves the input and the result. Derivative: {@code grad * self /
   * result}, defined as 0 where the norm is 0 (PyTorch's choice, instead of 0/0).
   */
  static final Primitive NORM =
      register(
          Primitive.named("NormBackward")
              .forward("norm")
              .savesInputs()
              .savesResult()
              .derivative((g, c) -> ReduceOps.normBackward(g, c.self(), c.result(), c.args()))
              .why("its subgradient at 0, which sqrt(sum(x * x)) would give as NaN")
              .tangent((t, c) -> ReduceOps.normTangent(t, c.self(), c.result(), c.args()))
              .build());

  // ================================================================ losses (Functional)

  /** PyTorch's floor of BCE's denominator: the float 1e-12, as its kernel declares it. */
  static final double BCE_EPSILON = 1e-12f;

  /**
   * Binary cross entropy per element, {@code -(target log(self) + (1 - target) log(1 - self))},
   * each log clamped at -100. Saves the inputs. Derivatives: {@code grad (self - target) / max(self
   * (1 - self), 1e-12)} for self, finite at probabilities of 0 and 1 (0 where self = target);
   * {@code -grad logit(self)} for target.
   */
  static final Primitive BINARY_CROSS_ENTROPY =
      register(
          Primitive.named("BinaryCrossEntropyBackward")
              .forward("binaryCrossEntropy")
              .savesInputs()
              .broadcasts(true)
              .derivatives(
                  (g, c) -> {
                    Tensor p = c.self();
                    Tensor denominator = p.mul(p.neg().add(1)).clampMin(BCE_EPSILON);
                    return g.mul(p.sub(c.other())).div(denominator);
                  },
                  (g, c) -> g.mul(c.self().div(c.self().neg().add(1)).log().neg()))
              .tangentsFromDerivatives()
              .why(
                  "PyTorch's finite gradient at probabilities of 0 and 1, where the clamped logs' is NaN")
              .build());

  // ================================================================ movement (ShapeOps)

  /** {@code view}: the same elements in a new shape, no copy. Derivative: {@code grad} reshaped. */
  static final Primitive VIEW =
      register(
          Primitive.named("ViewBackward")
              .forward("view")
              .derivative((g, c) -> g.reshape(c.<int[]>args()))
              .tangent((t, c) -> t.reshape(c.result().shape()))
              .build());

  /** {@code reshape} that could view the input: {@link #VIEW}'s rule. */
  static final Primitive RESHAPE_ALIAS =
      register(
          Primitive.named("ReshapeAliasBackward")
              .forward("reshape")
              .derivative((g, c) -> g.reshape(c.<int[]>args()))
              .tangent((t, c) -> t.reshape(c.result().shape()))
              .build());

  /** {@code reshape} that had to copy: {@link #VIEW}'s rule. */
  static final Primitive UNSAFE_VIEW =
      register(
          Primitive.named("UnsafeViewBackward")
              .forward("reshape")
              .derivative((g, c) -> g.reshape(c.<int[]>args()))
              .tangent((t, c) -> t.reshape(c.result().shape()))
              .build());

  /** The dims in a new order. Derivative: {@code grad} permuted back by the inverse order. */
  static final Primitive PERMUTE =
      register(
          Primitive.named("PermuteBackward")
              .forward("permute")
              .derivative((g, c) -> g.permute(c.<int[]>args()))
              .tangent((t, c) -> t.permute(ShapeOps.inverse(c.args())))
              .build());

  /** A matrix transposed. Derivative: {@code grad.t()}. */
  static final Primitive T =
      register(
          Primitive.named("TBackward")
              .forward("t")
              .derivative((g, c) -> g.t())
              .why("the transpose of every Linear layer's weight, without permute's checks")
              .tangent((t, c) -> t.t())
              .build());

  /** Size-1 dims repeated (stride 0). Derivative: {@code grad} summed back to the input's shape. */
  static final Primitive EXPAND =
      register(
          Primitive.named("ExpandBackward")
              .forward("expand")
              .derivative((g, c) -> Tensor.sumToShape(g, c.<int[]>args()))
              .tangent((t, c) -> t.expand(c.result().shape()))
              .build());

  /** A range of one dim. Derivative: {@code grad} placed into zeros where the range was. */
  static final Primitive NARROW =
      register(
          Primitive.named("SliceBackward")
              .forward("narrow")
              .derivative((g, c) -> ShapeOps.placeInto(g, c.args()))
              .tangent((t, c) -> ShapeOps.narrowBack(t, c.args()))
              .build());

  /**
   * {@code grad} placed into zeros at a range of one dim: narrow's derivative. Derivative: narrow.
   */
  static final Primitive PLACE_INTO =
      register(
          Primitive.named("PlaceIntoBackward")
              .forward("placeInto")
              .derivative((g, c) -> ShapeOps.narrowBack(g, c.args()))
              .tangent((t, c) -> ShapeOps.placeInto(t, c.args()))
              .build());

  /** A copy, of the same type. Derivative: {@code grad}, in the input's type. */
  static final Primitive CLONE =
      register(
          Primitive.named("CloneBackward")
              .forward("clone")
              .derivative((g, c) -> g.to(c.<DType>args()))
              .tangent((t, c) -> t.clone())
              .build());

  /** A copy converted to another floating-point type. Derivative: {@code grad} converted back. */
  static final Primitive TO_COPY =
      register(
          Primitive.named("ToCopyBackward")
              .forward("to")
              .derivative((g, c) -> g.to(c.<DType>args()))
              .tangent((t, c) -> t.to(c.result().dtype()))
              .build());

  /** Tensors joined along one dim. Derivative: for each input, its range of {@code grad}. */
  static final Primitive CAT =
      register(
          Primitive.named("CatBackward")
              .forward("cat")
              .derivativeOfEach((g, c, i) -> ShapeOps.catBackward(g, c.args(), i))
              .tangentOfEach((t, c, i) -> ShapeOps.catTangent(t, c.args(), c.result(), i))
              .build());

  /**
   * The slices of one dim at the given indices; the index is not differentiable. Saves the index.
   * Derivative: each slice of {@code grad} added back at its index.
   */
  static final Primitive INDEX_SELECT =
      register(
          Primitive.named("IndexSelectBackward")
              .forward("indexSelect")
              .savesInput(1)
              .derivatives((g, c) -> ShapeOps.indexAdd(g, c.other(), c.args()), null)
              .tangents((t, c) -> ShapeOps.indexSelectBack(t, c.args()), null)
              .build());

  /**
   * Running sums along a dim. Derivative: the gradient summed from each position to the end, {@code
   * flip(cumsum(flip(grad)))}.
   */
  static final Primitive CUMSUM =
      register(
          Primitive.named("CumsumBackward")
              .forward("cumsum")
              .derivative((g, c) -> ScanOps.reversedCumsum(g, c.<Integer>args()))
              .tangent((t, c) -> t.cumsum(c.<Integer>args()))
              .build());

  /**
   * Running products along a dim. Saves the input and the result. Derivative: PyTorch's
   * cumprod_backward, {@code reversedCumsum(result * grad) / self} without zeros and the exact sum
   * of products of the other elements with them (see {@link ScanOps#cumprodBackward}).
   */
  static final Primitive CUMPROD =
      register(
          Primitive.named("CumprodBackward")
              .forward("cumprod")
              .savesInputs()
              .savesResult()
              .derivative(
                  (g, c) -> ScanOps.cumprodBackward(g, c.self(), c.result(), c.<Integer>args()))
              .tangent((t, c) -> ScanOps.cumprodTangent(t, c.self(), c.result(), c.<Integer>args()))
              .build());

  /** Slices added into zeros at indices: indexSelect's derivative. Derivative: indexSelect. */
  static final Primitive INDEX_ADD =
      register(
          Primitive.named("IndexAddBackward")
              .forward("indexAdd")
              .derivative((g, c) -> ShapeOps.indexSelectBack(g, c.args()))
              .tangent(
                  (t, c) -> ShapeOps.indexAdd(t, c.<ShapeOps.Selected>args().index(), c.args()))
              .build());

  // ================================================================ matrix products (MatmulOps)

  /**
   * {@code self @ other} of two matrices. Derivatives: {@code grad @ other^T}, {@code self^T @
   * grad}.
   */
  static final Primitive MM =
      register(
          Primitive.named("MmBackward")
              .forward("mm")
              .savesInputs()
              .derivatives(
                  (g, c) -> MatmulOps.mm(g, c.other().t()), (g, c) -> MatmulOps.mm(c.self().t(), g))
              .tangents((t, c) -> MatmulOps.mm(t, c.other()), (t, c) -> MatmulOps.mm(c.self(), t))
              .build());

  /**
   * {@code x @ w^T + b} with a bias, as PyTorch's addmm on Linear's weight. Saves x and w.
   * Derivatives: {@code grad @ w} for x, {@code grad^T @ x} for w, {@code grad} summed over rows
   * for b.
   */
  static final Primitive ADDMM =
      register(
          Primitive.named("AddmmBackward")
              .forward("linear")
              .savesInput(0, 1)
              .derivatives(
                  (g, c) -> MatmulOps.mm(g, c.other()),
                  (g, c) -> MatmulOps.mm(g.t(), c.self()),
                  (g, c) -> Tensor.sumToShape(g, c.<int[]>args()))
              .why("w read transposed through its strides and the bias added into the product")
              .tangents(
                  (t, c) -> MatmulOps.mm(t, c.other().t()),
                  (t, c) -> MatmulOps.mm(c.self(), t.t()),
                  (t, c) -> t)
              .build());

  /** {@code x @ w^T} without a bias: {@link #ADDMM}'s rules for x and w. */
  static final Primitive LINEAR_NO_BIAS =
      register(
          Primitive.named("MmBackward")
              .forward("linear")
              .savesInput(0, 1)
              .derivatives(
                  (g, c) -> MatmulOps.mm(g, c.other()), (g, c) -> MatmulOps.mm(g.t(), c.self()))
              .tangents(
                  (t, c) -> MatmulOps.mm(t, c.other().t()), (t, c) -> MatmulOps.mm(c.self(), t.t()))
              .build());

  /**
   * {@code self[b] @ other[b]} for each batch b. Derivatives: {@code grad @ other^T}, {@code
   * self^T @ grad}, batch by batch.
   */
  static final Primitive BMM =
      register(
          Primitive.named("BmmBackward")
              .forward("bmm")
              .savesInputs()
              .derivatives(
                  (g, c) -> MatmulOps.bmm(g, c.other().transpose(1, 2)),
                  (g, c) -> MatmulOps.bmm(c.self().transpose(1, 2), g))
              .tangents((t, c) -> MatmulOps.bmm(t, c.other()), (t, c) -> MatmulOps.bmm(c.self(), t))
              .build());

  // ================================================================ convolution (ConvOps)

  /**
   * {@code conv(x, w)}, the 2-D convolution (cross-correlation) of PyTorch's conv2d, without the
   * bias. Saves x and w. Derivatives: {@code inputGrad(grad, w)} for x, {@code weightGrad(x, grad)}
   * for w.
   */
  static final Primitive CONV2D =
      register(
          Primitive.named("ConvolutionBackward")
              .forward("conv")
              .savesInputs()
              .derivatives(
                  (g, c) -> ConvOps.inputGrad(g, c.other(), c.args()),
                  (g, c) -> ConvOps.weightGrad(c.self(), g, c.args()))
              .tangents(
                  (t, c) -> ConvOps.conv(t, c.other(), c.args()),
                  (t, c) -> ConvOps.conv(c.self(), t, c.args()))
              .build());

  /**
   * {@link #CONV2D} with a bias per output channel, as PyTorch's conv2d with bias. Saves x and w.
   */
  static final Primitive CONV2D_BIAS =
      register(
          Primitive.named("ConvolutionBackward")
              .forward("conv")
              .savesInput(0, 1)
              .derivatives(
                  (g, c) -> ConvOps.inputGrad(g, c.other(), c.args()),
                  (g, c) -> ConvOps.weightGrad(c.self(), g, c.args()),
                  (g, c) -> g.sum(new int[] {0, 2, 3}, false))
              .why("the bias added into the fresh output, one pass instead of a broadcast add")
              .tangents(
                  (t, c) -> ConvOps.conv(t, c.other(), c.args()),
                  (t, c) -> ConvOps.conv(c.self(), t, c.args()),
                  (t, c) -> ConvOps.biasTangent(t, c.args()))
              .build());

  /**
   * Softmax along the last dim of a packed tensor (SoftmaxOps). Saves the result y. Derivative:
   * {@code y (grad - sum(grad y))} over the last dim; the Jacobian is symmetric, so the tangent is
   * the same formula of the input's tangent.
   */
  static final Primitive SOFTMAX =
      register(
          Primitive.named("SoftmaxBackward")
              .forward("softmax")
              .savesResult()
              .derivative((g, c) -> SoftmaxOps.softmaxGrad(g, c.result()))
              .why(
                  "a row's maximum, exponentials and sum in one pass each, where the composite"
                      + " takes five ops and two broadcasts")
              .tangent((t, c) -> SoftmaxOps.softmaxGrad(t, c.result()))
              .build());

  /**
   * Log-softmax along the last dim of a packed tensor (SoftmaxOps). Saves the result y. Derivative:
   * {@code grad - e^y sum(grad)}; tangent: {@code t - sum(e^y t)}, over the last dim.
   */
  static final Primitive LOG_SOFTMAX =
      register(
          Primitive.named("LogSoftmaxBackward")
              .forward("logSoftmax")
              .savesResult()
              .derivative((g, c) -> SoftmaxOps.logSoftmaxGrad(g, c.result()))
              .why(
                  "a row's maximum, exponentials and sum in one pass each, where the composite"
                      + " takes five ops and two broadcasts")
              .tangent((t, c) -> t.sub(c.result().exp().mul(t).sum(-1, true)))
              .build());

  /**
   * Batch norm in training mode, {@code (x - mean) invstd w + b} with the batch's statistics per
   * channel (NormOps.BatchStats), as PyTorch's {@code native_batch_norm}. Saves x and w.
   * Derivatives: {@code w invstd (g - mean(g) - xhat mean(g xhat))} for x, {@code sum(g xhat)} for
   * w, {@code sum(g)} for b, over all dims but the channel's.
   */
  static final Primitive BATCH_NORM =
      register(
          Primitive.named("NativeBatchNormBackward")
              .forward("batchNorm")
              .savesInput(0, 1)
              .derivatives(
                  (g, c) -> c.<NormOps.BatchStats>args().inputGrad(g, c.self(), c.other()),
                  (g, c) -> c.<NormOps.BatchStats>args().weightGrad(g, c.self()),
                  (g, c) -> g.sum(c.<NormOps.BatchStats>args().dims, false))
              .why(
                  "statistics, output and gradients in a few passes over the batch, where the"
                      + " composite of mean, var and broadcast ops takes some twenty")
              .tangents(
                  (t, c) -> c.<NormOps.BatchStats>args().inputGrad(t, c.self(), c.other()),
                  (t, c) -> c.<NormOps.BatchStats>args().weightTangent(t, c.self()),
                  (t, c) -> t.reshape(NormOps.channelShape(c.self())).expand(c.self().shape))
              .build());

  /**
   * {@code inputGrad(g, w)}: conv's adjoint in x, which is also the transposed convolution. Saves g
   * and w. Derivatives: {@code conv(grad, w)} for g, {@code weightGrad(grad, g)} for w.
   */
  static final Primitive CONV2D_INPUT_GRAD =
      register(
          Primitive.named("ConvolutionBackwardBackward")
              .forward("inputGrad")
              .savesInputs()
              .derivatives(
                  (g, c) -> ConvOps.conv(g, c.other(), c.args()),
                  (g, c) -> ConvOps.weightGrad(g, c.self(), c.args()))
              .tangents(
                  (t, c) -> ConvOps.inputGrad(t, c.other(), c.args()),
                  (t, c) -> ConvOps.inputGrad(c.self(), t, c.args()))
              .build());

  /**
   * {@code weightGrad(x, g)}: conv's adjoint in w. Saves x and g. Derivatives: {@code inputGrad(g,
   * grad)} for x, {@code conv(x, grad)} for g.
   */
  static final Primitive CONV2D_WEIGHT_GRAD =
      register(
          Primitive.named("ConvolutionBackwardBackward")
              .forward("weightGrad")
              .savesInputs()
              .derivatives(
                  (g, c) -> ConvOps.inputGrad(c.other(), g, c.args()),
                  (g, c) -> ConvOps.conv(c.self(), g, c.args()))
              .tangents(
                  (t, c) -> ConvOps.weightGrad(t, c.other(), c.args()),
                  (t, c) -> ConvOps.weightGrad(c.self(), t, c.args()))
              .build());

  // ================================================================ linear algebra (Linalg)

  /**
   * {@code X = A^-1 B} for square A [*, n, n] and B [*, n, k], by LU. Saves A and X. Derivatives:
   * {@code -(A^-T grad) X^T} for A, {@code A^-T grad} for B.
   */
  static final Primitive LINALG_SOLVE =
      register(
          Primitive.named("LinalgSolveExBackward")
              .forward("solve")
              .savesInput(0)
              .savesResult()
              .derivatives(
                  (g, c) -> Linalg.solveBackwardA(g, c.self(), c.result()),
                  (g, c) -> Linalg.solveBackwardB(g, c.self()))
              .tangents(
                  (t, c) ->
                      Linalg.solveMatrices("linalg.solve", c.self(), t.matmul(c.result())).neg(),
                  (t, c) -> Linalg.solveMatrices("linalg.solve", c.self(), t))
              .build());

  /**
   * {@code det(A)} by LU; keeps the factors. Saves A and the result. Derivative: {@code grad * det
   * * A^-T}, through the SVD at singular A when recorded (see {@link Linalg#det}).
   */
  static final Primitive LINALG_DET =
      register(
          Primitive.named("LinalgDetBackward")
              .forward("det")
              .savesInputs()
              .savesResult()
              .derivative((g, c) -> Linalg.detBackward(g, c.self(), c.result(), c.args()))
              .tangent((t, c) -> Linalg.detTangent(t, c.self(), c.result(), c.args()))
              .build());

  /**
   * {@code log|det(A)|} by LU (slogdet's differentiable output); keeps the factors. Saves A.
   * Derivative: {@code grad * A^-T}.
   */
  static final Primitive LINALG_SLOGDET =
      register(
          Primitive.named("LinalgSlogdetBackward")
              .forward("slogdet")
              .savesInputs()
              .derivative((g, c) -> Linalg.slogdetBackward(g, c.self(), c.args()))
              .tangent((t, c) -> Linalg.slogdetTangent(t, c.self(), c.result(), c.args()))
              .build());

  /**
   * The lower Cholesky factor L of an SPD matrix. Saves L. Derivative: {@code L^-T Phi*(tril(L^T
   * grad)) L^-1}, {@code Phi*(X) = (X + X^T - diag(X)) / 2}.
   */
  static final Primitive LINALG_CHOLESKY =
      register(
          Primitive.named("LinalgCholeskyExBackward")
              .forward("cholesky")
              .savesResult()
              .derivative((g, c) -> Linalg.choleskyBackward(g, c.result()))
              .tangent((t, c) -> Linalg.choleskyTangent(t, c.result()))
              .build());

  /**
   * Q of {@code A = Q R}; the call's Q and R are its arguments. Derivative: PyTorch's
   * linalg_qr_backward with gR = 0 (see {@link Linalg#qr(Tensor, String)}).
   */
  static final Primitive LINALG_QR_Q =
      register(
          Primitive.named("LinalgQrBackward")
              .forward("qr")
              .derivative((g, c) -> Linalg.qrBackward(g, null, c.args()))
              .tangent((t, c) -> Linalg.qrTangents(t, c.args())[0])
              .build());

  /** R of {@code A = Q R}: linalg_qr_backward with gQ = 0. */
  static final Primitive LINALG_QR_R =
      register(
          Primitive.named("LinalgQrBackward")
              .forward("qr")
              .derivative((g, c) -> Linalg.qrBackward(null, g, c.args()))
              .tangent((t, c) -> Linalg.qrTangents(t, c.args())[1])
              .build());

  /**
   * The eigenvalues L of a symmetric A = V diag(L) V^T; the call's L and V are its arguments.
   * Derivative: {@code V diag(grad) V^T}.
   */
  static final Primitive LINALG_EIGH_VALUES =
      register(
          Primitive.named("LinalgEighBackward")
              .forward("eigh")
              .derivative((g, c) -> Linalg.eighValuesBackward(g, c.args()))
              .tangent((t, c) -> Linalg.eighTangents(t, c.args())[0])
              .build());

  /**
   * The eigenvectors V of a symmetric A. Derivative: {@code V (skew(V^T grad) / E) V^T}, {@code
   * E_ij = L_j - L_i}.
   */
  static final Primitive LINALG_EIGH_VECTORS =
      register(
          Primitive.named("LinalgEighBackward")
              .forward("eigh")
              .derivative((g, c) -> Linalg.eighVectorsBackward(g, c.args()))
              .tangent((t, c) -> Linalg.eighTangents(t, c.args())[1])
              .build());

  /**
   * U of {@code A = U diag(S) Vh}; the call's U, S and Vh are its arguments. Derivative: PyTorch's
   * svd_backward with gS = gVh = 0.
   */
  static final Primitive LINALG_SVD_U =
      register(
          Primitive.named("LinalgSvdBackward")
              .forward("svd")
              .derivative((g, c) -> Linalg.svdBackward(g, null, null, c.args()))
              .tangent((t, c) -> Linalg.svdTangents(t, c.args())[0])
              .build());

  /** S of the SVD: {@code U diag(grad) Vh}. */
  static final Primitive LINALG_SVD_S =
      register(
          Primitive.named("LinalgSvdBackward")
              .forward("svd")
              .derivative((g, c) -> Linalg.svdBackward(null, g, null, c.args()))
              .tangent((t, c) -> Linalg.svdTangents(t, c.args())[1])
              .build());

  /** Vh of the SVD: svd_backward with gU = gS = 0. */
  static final Primitive LINALG_SVD_VH =
      register(
          Primitive.named("LinalgSvdBackward")
              .forward("svd")
              .derivative((g, c) -> Linalg.svdBackward(null, null, g, c.args()))
              .tangent((t, c) -> Linalg.svdTangents(t, c.args())[2])
              .build());
}
