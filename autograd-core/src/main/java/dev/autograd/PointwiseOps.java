package dev.autograd;

import dev.autograd.internal.BinaryFn;
import dev.autograd.internal.Kernels;
import dev.autograd.internal.Shapes;
import dev.autograd.internal.UnaryFn;
import java.util.Arrays;
import java.util.function.BinaryOperator;

/**
 * Element-wise primitives: each builds its result with a kernel and, right beside it, records its
 * derivative written with tensor ops (so it can be differentiated again). The rules are the ones of
 * PyTorch's derivatives.yaml, including the choice of subgradient at each kink.
 */
final class PointwiseOps {
  private PointwiseOps() {}

  private static Tensor[] grads(Tensor... g) {
    return g;
  }

  private static Tensor[] in(Tensor... t) {
    return t.length == 0 ? Node.NONE : t;
  }

  /** Result type of a function that maps integers to reals (exp, log, ...): FLOAT32 for them. */
  private static DType floating(DType t) {
    return t.isFloatingPoint() ? t : DType.FLOAT32;
  }

  static Tensor map(UnaryFn fn, double p, double q, Tensor x, DType resultType) {
    // The kernels write every element of out: it need not be zeroed first.
    Tensor out = Tensor.emptyLikeForOverwrite(resultType, x);
    if (x.isContiguous()) {
      Kernels.get().unaryPacked(fn, p, q, x.storage, x.offset, out.storage, 0, out.numel());
    } else {
      Kernels.get().unary(fn, p, q, x.view(), out.view());
    }
    return out;
  }

  private static Tensor map(UnaryFn fn, Tensor x) {
    return map(fn, 0, 0, x, floating(x.dtype()));
  }

  // ---- unary

  static Tensor neg(Tensor x) {
    Tensor out = map(UnaryFn.NEG, 0, 0, x, x.dtype());
    if (!Node.recording(x)) return out;
    return Node.record(
        "NegBackward",
        out,
        in(x),
        in(),
        (g, n) -> grads(over(g, UnaryFn.NEG, 0, (t, unused) -> t.neg())));
  }

  static Tensor exp(Tensor x) {
    Tensor out = map(UnaryFn.EXP, x);
    if (!Node.recording(x)) return out;
    return Node.record(
        "ExpBackward",
        out,
        in(x),
        in(out),
        (g, n) -> grads(over(g, BinaryFn.MUL, out, Tensor::mul)));
  }

  static Tensor log(Tensor x) {
    Tensor out = map(UnaryFn.LOG, x);
    if (!Node.recording(x)) return out;
    return Node.record("LogBackward", out, in(x), Node.SAME_AS_INPUTS, (g, n) -> grads(g.div(x)));
  }

  static Tensor sin(Tensor x) {
    Tensor out = map(UnaryFn.SIN, x);
    if (!Node.recording(x)) return out;
    return Node.record(
        "SinBackward", out, in(x), Node.SAME_AS_INPUTS, (g, n) -> grads(g.mul(x.cos())));
  }

  static Tensor cos(Tensor x) {
    Tensor out = map(UnaryFn.COS, x);
    if (!Node.recording(x)) return out;
    return Node.record(
        "CosBackward", out, in(x), Node.SAME_AS_INPUTS, (g, n) -> grads(g.mul(x.sin()).neg()));
  }

  static Tensor sqrt(Tensor x) {
    Tensor out = map(UnaryFn.SQRT, x);
    if (!Node.recording(x)) return out;
    return Node.record("SqrtBackward", out, in(x), in(out), (g, n) -> grads(g.div(out.mul(2))));
  }

  static Tensor reciprocal(Tensor x) {
    Tensor out = map(UnaryFn.RECIPROCAL, x);
    if (!Node.recording(x)) return out;
    return Node.record(
        "ReciprocalBackward", out, in(x), in(out), (g, n) -> grads(g.mul(out.mul(out)).neg()));
  }

  static Tensor tanh(Tensor x) {
    Tensor out = map(UnaryFn.TANH, x);
    if (!Node.recording(x)) return out;
    return Node.record(
        "TanhBackward",
        out,
        in(x),
        in(out),
        (g, n) -> grads(over(g, BinaryFn.TANH_BACKWARD, out, PointwiseOps::tanhBackward)));
  }

  /**
   * {@code grad * (1 - y^2)}, the derivative of tanh from its result y, in one pass. Derivative:
   * {@code tanhBackward(gg, y)} for grad and {@code -2 gg grad y} for y.
   */
  static Tensor tanhBackward(Tensor grad, Tensor y) {
    Tensor out = zip("tanhBackward", BinaryFn.TANH_BACKWARD, grad, y, resultType(grad, y));
    if (!Node.recording(grad, y)) return out;
    return Node.record(
        "TanhBackwardBackward",
        out,
        in(grad, y),
        Node.SAME_AS_INPUTS,
        (gg, n) ->
            grads(
                n[0] ? tanhBackward(gg, y) : null,
                n[1] ? Tensor.sumToShape(gg.mul(grad).mul(y).mul(-2), y.shape) : null));
  }

  static Tensor sigmoid(Tensor x) {
    Tensor out = map(UnaryFn.SIGMOID, x);
    if (!Node.recording(x)) return out;
    return Node.record(
        "SigmoidBackward",
        out,
        in(x),
        in(out),
        (g, n) -> grads(over(g, BinaryFn.SIGMOID_BACKWARD, out, PointwiseOps::sigmoidBackward)));
  }

  /**
   * {@code grad * y * (1 - y)}, the derivative of sigmoid from its result y, in one pass.
   * Derivative: {@code sigmoidBackward(gg, y)} for grad and {@code gg grad (1 - 2y)} for y.
   */
  static Tensor sigmoidBackward(Tensor grad, Tensor y) {
    Tensor out = zip("sigmoidBackward", BinaryFn.SIGMOID_BACKWARD, grad, y, resultType(grad, y));
    if (!Node.recording(grad, y)) return out;
    return Node.record(
        "SigmoidBackwardBackward",
        out,
        in(grad, y),
        Node.SAME_AS_INPUTS,
        (gg, n) ->
            grads(
                n[0] ? sigmoidBackward(gg, y) : null,
                n[1] ? Tensor.sumToShape(gg.mul(grad).mul(y.mul(-2).add(1)), y.shape) : null));
  }

  static Tensor relu(Tensor x) {
    Tensor out = map(UnaryFn.RELU, 0, 0, x, x.dtype());
    if (!Node.recording(x)) return out;
    return Node.record(
        "ReluBackward",
        out,
        in(x),
        Node.SAME_AS_INPUTS,
        (g, n) -> grads(over(g, BinaryFn.RELU_BACKWARD, x, PointwiseOps::reluBackward)));
  }

  /**
   * {@code x <= 0 ? 0 : grad}, the derivative of relu in one pass (relu'(0) = 0, as PyTorch's
   * threshold_backward). Derivative: {@code reluBackward(gg, x)} for grad, none for x.
   */
  static Tensor reluBackward(Tensor grad, Tensor x) {
    Tensor out = zip("reluBackward", BinaryFn.RELU_BACKWARD, grad, x, grad.dtype());
    if (!Node.recording(grad, null)) return out;
    return Node.record(
        "ThresholdBackwardBackward",
        out,
        in(grad, null),
        in(x),
        (gg, n) -> grads(reluBackward(gg, x), null));
  }

  static Tensor leakyRelu(Tensor x, double slope) {
    Tensor out = map(UnaryFn.LEAKY_RELU, slope, 0, x, floating(x.dtype()));
    // leakyRelu'(0) = slope, as in PyTorch: only x > 0 takes the identity branch.
    if (!Node.recording(x)) return out;
    return Node.record(
        "LeakyReluBackward",
        out,
        in(x),
        Node.SAME_AS_INPUTS,
        (g, n) -> grads(Tensor.where(x.gt(0), g, g.mul(slope))));
  }

  static Tensor abs(Tensor x) {
    Tensor out = map(UnaryFn.ABS, 0, 0, x, x.dtype());
    // sign(0) = 0, so abs'(0) = 0 as in PyTorch.
    if (!Node.recording(x)) return out;
    return Node.record(
        "AbsBackward", out, in(x), Node.SAME_AS_INPUTS, (g, n) -> grads(g.mul(x.sign())));
  }

  static Tensor sign(Tensor x) {
    Tensor out = map(UnaryFn.SIGN, 0, 0, x, x.dtype());
    if (!Node.recording(x)) return out;
    return Node.record("SignBackward", out, in(x), in(), (g, n) -> grads(Tensor.zerosLike(g)));
  }

  static Tensor softplus(Tensor x) {
    Tensor out = map(UnaryFn.SOFTPLUS, x);
    if (!Node.recording(x)) return out;
    return Node.record(
        "SoftplusBackward", out, in(x), Node.SAME_AS_INPUTS, (g, n) -> grads(g.mul(x.sigmoid())));
  }

  static Tensor erf(Tensor x) {
    Tensor out = map(UnaryFn.ERF, x);
    double c = 2 / Math.sqrt(Math.PI);
    if (!Node.recording(x)) return out;
    return Node.record(
        "ErfBackward",
        out,
        in(x),
        Node.SAME_AS_INPUTS,
        (g, n) -> grads(g.mul(x.mul(x).neg().exp().mul(c))));
  }

  static Tensor pow(Tensor x, double exponent) {
    Tensor out = map(UnaryFn.POW, exponent, 0, x, floating(x.dtype()));
    if (!Node.recording(x)) return out;
    return Node.record(
        "PowBackward",
        out,
        in(x),
        Node.SAME_AS_INPUTS,
        (g, n) ->
            grads(
                exponent == 0
                    ? Tensor.zerosLike(g)
                    : exponent == 1 ? g : powBackward(g, x, exponent)));
  }

  /**
   * {@code grad * p * x^(p - 1)}, PyTorch's pow_backward. When nothing is recorded and grad has the
   * derivative's layout, the product is taken in place in the fresh derivative tensor (the same two
   * roundings as {@code grad.mul(powDerivative(x, p))}, one tensor fewer); otherwise it is those
   * two ops.
   */
  private static Tensor powBackward(Tensor grad, Tensor x, double p) {
    Tensor d = powDerivative(x, p);
    if (d.requiresGrad()
        || grad.requiresGrad()
        || grad.dtype() != d.dtype()
        || !Arrays.equals(grad.shape, d.shape)
        || !grad.isContiguous()) {
      return grad.mul(d);
    }
    Kernels.get()
        .binaryPacked(
            BinaryFn.MUL, grad.storage, grad.offset, d.storage, 0, d.storage, 0, d.numel());
    return d;
  }

  /**
   * {@code p * x^(p - 1)}, the derivative of x^p, in one pass. Derivative: {@code grad * p *
   * powDerivative(x, p - 1)}, and 0 for p = 1.
   */
  static Tensor powDerivative(Tensor x, double p) {
    Tensor out = map(UnaryFn.POW_DERIVATIVE, p, 0, x, floating(x.dtype()));
    if (!Node.recording(x)) return out;
    return Node.record(
        "PowBackwardBackward",
        out,
        in(x),
        Node.SAME_AS_INPUTS,
        (g, n) -> grads(p == 1 ? Tensor.zerosLike(g) : g.mul(powDerivative(x, p - 1)).mul(p)));
  }

  static Tensor clamp(Tensor x, double min, double max) {
    if (Double.isNaN(min) && Double.isNaN(max)) {
      throw new TensorException("clamp: at least one of min and max must be given");
    }
    Tensor out = map(UnaryFn.CLAMP, min, max, x, x.dtype());
    // The gradient passes where min <= x <= max, bounds included, as in PyTorch.
    if (!Node.recording(x)) return out;
    return Node.record(
        "ClampBackward",
        out,
        in(x),
        Node.SAME_AS_INPUTS,
        (g, n) -> {
          Tensor pass = Double.isNaN(min) ? x.le(max) : x.ge(min);
          if (!Double.isNaN(min) && !Double.isNaN(max)) {
            pass = logicalAnd(pass, x.le(max));
          }
          return grads(g.mul(pass));
        });
  }

  // ---- binary

  /** The shape two tensors broadcast to, or an error naming the op and both shapes. */
  static int[] broadcastShape(String op, Tensor a, Tensor b) {
    int[] shape = Shapes.broadcast(a.shape, b.shape);
    if (shape == null) {
      throw new TensorException(
          op
              + ": shapes "
              + Shapes.format(a.shape)
              + " and "
              + Shapes.format(b.shape)
              + " cannot be broadcast together (sizes must match or be 1 in each dimension,"
              + " aligned from the last)");
    }
    return shape;
  }

  /**
   * PyTorch's type promotion: a 0-d tensor does not raise a dimensioned one of its category, but
   * one of a higher category sets the type ({@code int64[n] * float64[]} is float64). A plain
   * number is a 0-d tensor of the dimensioned tensor's type, or FLOAT32 for a fraction with an
   * integer tensor (see {@link Tensor#scalarLike}), so {@code int64[n] + 0.5} is float32.
   */
  static DType resultType(Tensor a, Tensor b) {
    boolean aScalar = a.dim() == 0;
    boolean bScalar = b.dim() == 0;
    if (aScalar == bScalar) return DType.promote(a.dtype(), b.dtype());
    Tensor dimensioned = aScalar ? b : a;
    Tensor zeroDim = aScalar ? a : b;
    if (category(zeroDim.dtype()) > category(dimensioned.dtype())) return zeroDim.dtype();
    return dimensioned.dtype();
  }

  private static int category(DType t) {
    return t == DType.BOOL ? 0 : t == DType.INT64 ? 1 : 2;
  }

  private static Tensor zip(String op, BinaryFn fn, Tensor a, Tensor b, DType resultType) {
    int[] shape =
        a.shape == b.shape || Arrays.equals(a.shape, b.shape) ? a.shape : broadcastShape(op, a, b);
    // The kernels write every element of out: it need not be zeroed first.
    Tensor out =
        shape == a.shape
            ? Tensor.emptyLikeForOverwrite(resultType, a)
            : Tensor.emptyForOverwrite(resultType, shape);
    if (shape == a.shape && Arrays.equals(shape, b.shape) && a.isContiguous() && b.isContiguous()) {
      Kernels.get()
          .binaryPacked(fn, a.storage, a.offset, b.storage, b.offset, out.storage, 0, out.numel());
    } else {
      Kernels.get().binary(fn, a.broadcastView(shape), b.broadcastView(shape), out.view());
    }
    return out;
  }

  static Tensor add(Tensor a, Tensor b) {
    Tensor out = zip("add", BinaryFn.ADD, a, b, resultType(a, b));
    if (!Node.recording(a, b)) return out;
    return Node.record(
        "AddBackward",
        out,
        in(a, b),
        in(),
        (g, n) ->
            grads(
                n[0] ? Tensor.sumToShape(g, a.shape) : null,
                n[1] ? Tensor.sumToShape(g, b.shape) : null));
  }

  // ---- a floating-point tensor and a number: no tensor for the number

  /** {@code x + value}, value rounded to x's type. Derivative: {@code grad}. */
  static Tensor addScalar(Tensor x, double value) {
    return shifted("AddBackward", x, x.dtype().round(value));
  }

  /** {@code x - value}, computed exactly as {@code x + (-value)}. Derivative: {@code grad}. */
  static Tensor subScalar(Tensor x, double value) {
    return shifted("SubBackward", x, -x.dtype().round(value));
  }

  private static Tensor shifted(String name, Tensor x, double shift) {
    Tensor out = map(UnaryFn.ADD, shift, 0, x, x.dtype());
    if (!Node.recording(x, null)) return out;
    return Node.record(name, out, in(x, null), in(), (g, n) -> grads(g, null));
  }

  /** {@code x * value}, value rounded to x's type. Derivative: {@code grad * value}. */
  static Tensor mulScalar(Tensor x, double value) {
    double v = x.dtype().round(value);
    Tensor out = map(UnaryFn.MUL, v, 0, x, x.dtype());
    if (!Node.recording(x, null)) return out;
    return Node.record(
        "MulBackward",
        out,
        in(x, null),
        in(),
        (g, n) -> grads(over(g, UnaryFn.MUL, v, Tensor::mul), null));
  }

  /** {@code x / value}, value rounded to x's type. Derivative: {@code grad / value}. */
  static Tensor divScalar(Tensor x, double value) {
    double v = x.dtype().round(value);
    Tensor out = map(UnaryFn.DIV, v, 0, x, x.dtype());
    if (!Node.recording(x, null)) return out;
    return Node.record(
        "DivBackward",
        out,
        in(x, null),
        in(),
        (g, n) -> grads(over(g, UnaryFn.DIV, v, Tensor::div), null));
  }

  static Tensor sub(Tensor a, Tensor b) {
    Tensor out = zip("sub", BinaryFn.SUB, a, b, resultType(a, b));
    if (!Node.recording(a, b)) return out;
    return Node.record(
        "SubBackward",
        out,
        in(a, b),
        in(),
        (g, n) ->
            grads(
                n[0] ? Tensor.sumToShape(g, a.shape) : null,
                n[1] ? Tensor.sumToShape(g.neg(), b.shape) : null));
  }

  static Tensor mul(Tensor a, Tensor b) {
    Tensor out = zip("mul", BinaryFn.MUL, a, b, resultType(a, b));
    if (!Node.recording(a, b)) return out;
    return Node.record(
        "MulBackward",
        out,
        in(a, b),
        Node.SAME_AS_INPUTS,
        (g, n) ->
            grads(
                n[0] ? Tensor.sumToShape(gradTimes(g, b), a.shape) : null,
                n[1] ? Tensor.sumToShape(gradTimes(g, a), b.shape) : null));
  }

  /**
   * {@code grad * factor} in the derivative of a product. When grad is the number 1 repeated (the
   * gradient of a sum, before anything else touched it), of factor's shape and type, and the
   * product would not be recorded, that is factor itself, exactly: the result is then factor
   * detached, one pass over the data fewer. The engine tells such a gradient from one it made: it
   * copies it before a leaf keeps it or {@code Autograd.grad} returns it, and never lets a
   * derivative write over it.
   */
  private static Tensor gradTimes(Tensor grad, Tensor factor) {
    if (grad.dtype() == factor.dtype()
        && Arrays.equals(grad.shape, factor.shape)
        && !Node.recording(grad, factor)
        && isRepeatedOne(grad)) {
      Tensor alias = factor.detach();
      alias.aliasesForward = true;
      return alias;
    }
    return grad.mul(factor);
  }

  /** Whether every element of t is the one at its offset (all strides 0), and that is 1. */
  private static boolean isRepeatedOne(Tensor t) {
    for (int stride : t.strides) {
      if (stride != 0) return false;
    }
    return t.storage.get(t.offset) == 1.0;
  }

  static Tensor div(Tensor a, Tensor b) {
    Tensor out = zip("div", BinaryFn.DIV, a, b, floating(resultType(a, b)));
    if (!Node.recording(a, b)) return out;
    return Node.record(
        "DivBackward",
        out,
        in(a, b),
        Node.SAME_AS_INPUTS,
        (g, n) ->
            grads(
                n[0] ? Tensor.sumToShape(g.div(b), a.shape) : null,
                n[1] ? Tensor.sumToShape(g.mul(a).div(b.mul(b)).neg(), b.shape) : null));
  }

  static Tensor pow(Tensor a, Tensor b) {
    Tensor out = zip("pow", BinaryFn.POW, a, b, floating(resultType(a, b)));
    if (!Node.recording(a, b)) return out;
    return Node.record(
        "PowBackward",
        out,
        in(a, b),
        Node.SAME_AS_INPUTS,
        (g, n) -> {
          Tensor ga = null;
          Tensor gb = null;
          if (n[0]) {
            // d/da a^b = b a^(b-1); PyTorch defines it as 0 where b == 0 (else 0 * inf at a == 0).
            Tensor raw = g.mul(b).mul(a.pow(b.sub(1)));
            Tensor zero = Tensor.scalar(0, raw.dtype());
            ga = Tensor.sumToShape(Tensor.where(b.eq(0), zero, raw), a.shape);
          }
          if (n[1]) {
            // d/db a^b = a^b log a; PyTorch defines it as 0 where a == 0 and b >= 0.
            Tensor zeroBase = logicalAnd(a.eq(0), b.ge(0));
            Tensor safeA = Tensor.where(zeroBase, Tensor.onesLike(a).to(a.dtype()), a);
            Tensor raw = g.mul(out).mul(safeA.log());
            gb = Tensor.sumToShape(Tensor.where(zeroBase, Tensor.zerosLike(raw), raw), b.shape);
          }
          return grads(ga, gb);
        });
  }

  static Tensor maximum(Tensor a, Tensor b) {
    return extreme("maximum", "MaximumBackward", BinaryFn.MAXIMUM, BinaryFn.GT, a, b);
  }

  static Tensor minimum(Tensor a, Tensor b) {
    return extreme("minimum", "MinimumBackward", BinaryFn.MINIMUM, BinaryFn.LT, a, b);
  }

  private static Tensor extreme(
      String op, String name, BinaryFn fn, BinaryFn wins, Tensor a, Tensor b) {
    Tensor out = zip(op, fn, a, b, resultType(a, b));
    if (!Node.recording(a, b)) return out;
    return Node.record(
        name,
        out,
        in(a, b),
        Node.SAME_AS_INPUTS,
        (g, n) -> {
          // The winner takes the gradient; at a tie each side takes half, as in PyTorch.
          Tensor half = a.eq(b).to(g.dtype()).mul(0.5);
          Tensor weightA = zip(op, wins, a, b, DType.BOOL).to(g.dtype()).add(half);
          Tensor weightB = zip(op, wins, b, a, DType.BOOL).to(g.dtype()).add(half);
          return grads(
              n[0] ? Tensor.sumToShape(g.mul(weightA), a.shape) : null,
              n[1] ? Tensor.sumToShape(g.mul(weightB), b.shape) : null);
        });
  }

  static Tensor compare(String op, BinaryFn fn, Tensor a, Tensor b) {
    return zip(op, fn, a, b, DType.BOOL);
  }

  static Tensor logicalAnd(Tensor a, Tensor b) {
    return zip("logicalAnd", BinaryFn.LOGICAL_AND, a, b, DType.BOOL);
  }

  static Tensor where(Tensor condition, Tensor a, Tensor b) {
    int[] ab = broadcastShape("where", a, b);
    int[] shape = Shapes.broadcast(condition.shape, ab);
    if (shape == null) {
      throw new TensorException(
          "where: condition of shape "
              + Shapes.format(condition.shape)
              + " cannot be broadcast with values of shapes "
              + Shapes.format(a.shape)
              + " and "
              + Shapes.format(b.shape));
    }
    Tensor out = Tensor.empty(resultType(a, b), shape);
    Kernels.get()
        .where(
            condition.broadcastView(shape),
            a.broadcastView(shape),
            b.broadcastView(shape),
            out.view());
    if (!Node.recording(null, a, b)) return out;
    return Node.record(
        "WhereBackward",
        out,
        in(null, a, b),
        in(condition),
        (g, n) -> {
          Tensor zero = Tensor.scalar(0, g.dtype());
          return grads(
              null,
              n[1] ? Tensor.sumToShape(Tensor.where(condition, g, zero), a.shape) : null,
              n[2] ? Tensor.sumToShape(Tensor.where(condition, zero, g), b.shape) : null);
        });
  }

  // ---- in place

  /** this = fn(this, other) (or a copy of other when fn is null), in place; bumps the version. */
  static Tensor inPlace(String op, BinaryFn fn, Tensor self, Tensor other) {
    if (GradMode.isEnabled() && (self.requiresGrad() || other.requiresGrad())) {
      throw notRecorded(op, self);
    }
    boolean sameShape = Arrays.equals(self.shape, other.shape);
    if (!sameShape) {
      int[] shape = Shapes.broadcast(self.shape, other.shape);
      if (shape == null || !Arrays.equals(shape, self.shape)) {
        throw new TensorException(
            op
                + ": the argument of shape "
                + Shapes.format(other.shape)
                + " cannot be broadcast to the output shape "
                + Shapes.format(self.shape));
      }
    }
    if (!self.dtype().isFloatingPoint() && other.dtype().isFloatingPoint()) {
      throw new TensorException(
          op
              + ": result type "
              + other.dtype().pytorchName()
              + " can't be cast to the desired output type "
              + self.dtype().pytorchName());
    }
    // NOTE: an argument that shares storage with self could be overwritten while it is read.
    Tensor source = other.storage == self.storage ? other.clone() : other;
    if (fn == null) {
      Kernels.get().copy(source.broadcastView(self.shape), self.view());
    } else {
      applyInto(fn, self, source);
    }
    self.storage.bumpVersion();
    return self;
  }

  /**
   * self = fn(self, source) element-wise, source broadcast to self's shape, without checks or a
   * version bump: the kernel step of the in-place ops and of gradient accumulation. Same-shape
   * contiguous operands take the packed path.
   */
  // ---- derivatives that write over their gradient

  /**
   * The derivative {@code fresh(grad, other)}, which is {@code fn(grad, other)}, written over grad
   * when that is allowed. It is while the engine has handed grad over to the derivative calling
   * this ({@code grad.handedOver}: nothing else can see grad) and the derivative uses grad no more:
   * in a large backward pass, one tensor fewer per op. other must also have grad's type and shape
   * and not share its storage.
   */
  private static Tensor over(Tensor grad, BinaryFn fn, Tensor other, BinaryOperator<Tensor> fresh) {
    if (!grad.handedOver
        || grad.dtype() != other.dtype()
        || !Arrays.equals(grad.shape, other.shape)
        || !other.isContiguous()
        || other.storage == grad.storage) {
      return fresh.apply(grad, other);
    }
    // The engine hands over only packed gradients that fill their storage.
    Kernels.get()
        .binaryPacked(
            fn, grad.storage, 0, other.storage, other.offset, grad.storage, 0, grad.numel());
    return grad;
  }

  /** A derivative of a tensor and a number. */
  @FunctionalInterface
  private interface ScalarDerivative {
    Tensor apply(Tensor grad, double value);
  }

  /**
   * The derivative {@code fresh(grad, value)}, which is {@code fn(grad; value)}, written over grad
   * when that is allowed: see {@link #over(Tensor, BinaryFn, Tensor, BinaryOperator)}.
   */
  private static Tensor over(Tensor grad, UnaryFn fn, double value, ScalarDerivative fresh) {
    if (!grad.handedOver) return fresh.apply(grad, value);
    double v = grad.dtype().round(value);
    Kernels.get().unaryPacked(fn, v, 0, grad.storage, 0, grad.storage, 0, grad.numel());
    return grad;
  }

  static void applyInto(BinaryFn fn, Tensor self, Tensor source) {
    if (self.isContiguous() && source.isContiguous() && Arrays.equals(self.shape, source.shape)) {
      Kernels.get()
          .binaryPacked(
              fn,
              self.storage,
              self.offset,
              source.storage,
              source.offset,
              self.storage,
              self.offset,
              self.numel());
    } else {
      Kernels.get().binary(fn, self.view(), source.broadcastView(self.shape), self.view());
    }
  }

  private static TensorException notRecorded(String op, Tensor self) {
    if (self.isLeaf() && self.requiresGrad()) {
      return new TensorException(
          op
              + ": a leaf tensor that requires grad is being used in an in-place operation;"
              + " wrap the update in Autograd.noGrad()");
    }
    return new TensorException(
        op
            + ": in-place ops are not recorded by autograd; use the out-of-place form, or run it"
            + " inside Autograd.noGrad()");
  }
}
