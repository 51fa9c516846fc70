package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.BinaryFn;
import dev.autograd.internal.Kernels;
import dev.autograd.internal.Shapes;
import dev.autograd.internal.UnaryFn;
import java.util.Arrays;
import java.util.function.BinaryOperator;

/**
 * The forward machinery of the element-wise primitives of {@link Primitives} (the kernels' calls,
 * broadcasting, type promotion), the composites built on them, and the helpers their derivatives
 * share: gradients written over in place ({@link #over}) and the longer rules of pow, clamp,
 * maximum and minimum.
 */
final class PointwiseOps {
  private PointwiseOps() {}

  /** Result type of a function that maps integers to reals (exp, log, ...): FLOAT32 for them. */
  static DType floating(DType t) {
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

  // ---- composites and checked forms of the primitives

  /**
   * {@code grad * p * x^(p - 1)}, PyTorch's pow_backward. When nothing is recorded and grad has the
   * derivative's layout, the product is taken in place in the fresh derivative tensor (the same two
   * roundings as {@code grad.mul(powDerivative(x, p))}, one tensor fewer); otherwise it is those
   * two ops.
   */
  static Tensor powBackward(Tensor grad, Tensor x, double p) {
    Tensor d = Primitives.POW_DERIVATIVE.apply(x, p);
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

  /** {@code x} limited to [min, max] (NaN: no bound); at least one bound must be given. */
  static Tensor clamp(Tensor x, double min, double max) {
    if (Double.isNaN(min) && Double.isNaN(max)) {
      throw new TensorException("clamp: at least one of min and max must be given");
    }
    return Primitives.CLAMP.apply(x, min, max);
  }

  /** The mask of {@code min <= x <= max}, NaN bounds left out: where clamp passes the gradient. */
  static Tensor withinBounds(Tensor x, double min, double max) {
    Tensor pass = Double.isNaN(min) ? x.le(max) : x.ge(min);
    if (!Double.isNaN(min) && !Double.isNaN(max)) pass = logicalAnd(pass, x.le(max));
    return pass;
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
    Shapes.checkedNumel(op, shape);
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

  static Tensor zip(String op, BinaryFn fn, Tensor a, Tensor b, DType resultType) {
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

  // ---- a floating-point tensor and a number: no tensor for the number

  /** {@code x + value}, value rounded to x's type (see {@link Primitives#ADD_NUMBER}). */
  static Tensor addScalar(Tensor x, double value) {
    return Primitives.ADD_NUMBER.apply(x, x.dtype().round(value));
  }

  /** {@code x - value}, computed exactly as {@code x + (-value)}. */
  static Tensor subScalar(Tensor x, double value) {
    return Primitives.SUB_NUMBER.apply(x, -x.dtype().round(value));
  }

  /** {@code x * value}, value rounded to x's type. */
  static Tensor mulScalar(Tensor x, double value) {
    return Primitives.MUL_NUMBER.apply(x, x.dtype().round(value));
  }

  /** {@code x / value}, value rounded to x's type. */
  static Tensor divScalar(Tensor x, double value) {
    return Primitives.DIV_NUMBER.apply(x, x.dtype().round(value));
  }

  // ---- the longer derivative rules

  /**
   * {@code grad * factor} in the derivative of a product. When grad is the number 1 repeated (the
   * gradient of a sum, before anything else touched it), of factor's shape and type, and the
   * product would not be recorded, that is factor itself, exactly: the result is then factor
   * detached, one pass over the data fewer. The engine tells such a gradient from one made during
   * the backward pass by its storage's age, as it tells every gradient that shares a tensor's data:
   * it copies it before a leaf keeps it or {@code Autograd.grad} returns it, and never lets a
   * derivative write over it.
   */
  static Tensor gradTimes(Tensor grad, Tensor factor) {
    if (grad.dtype() == factor.dtype()
        && Arrays.equals(grad.shape, factor.shape)
        && !Node.recording(grad, factor)
        && isRepeatedOne(grad)) {
      return factor.detach();
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

  /**
   * d/da a^b = b a^(b-1), times grad; PyTorch defines it as 0 where b == 0 (else 0 * inf at a ==
   * 0).
   */
  static Tensor powBaseBackward(Tensor grad, Tensor a, Tensor b) {
    Tensor raw = grad.mul(b).mul(a.pow(b.sub(1)));
    return Tensor.where(b.eq(0), Tensor.scalar(0, raw.dtype()), raw);
  }

  /** d/db a^b = a^b ln a, times grad; PyTorch defines it as 0 where a == 0 and b >= 0. */
  static Tensor powExponentBackward(Tensor grad, Tensor a, Tensor b, Tensor result) {
    Tensor zeroBase = logicalAnd(a.eq(0), b.ge(0));
    Tensor safeA = Tensor.where(zeroBase, Tensor.onesLike(a).to(a.dtype()), a);
    Tensor raw = grad.mul(result).mul(safeA.log());
    return Tensor.where(zeroBase, Tensor.zerosLike(raw), raw);
  }

  /**
   * The share of the gradient of maximum (wins = GT) or minimum (LT) that goes to {@code self}: 1
   * where self wins against other, 1/2 at a tie, 0 where it loses; of grad's type.
   */
  static Tensor winnerWeight(String op, BinaryFn wins, Tensor self, Tensor other, Tensor grad) {
    Tensor half = self.eq(other).to(grad.dtype()).mul(0.5);
    return zip(op, wins, self, other, DType.BOOL).to(grad.dtype()).add(half);
  }

  /** {@code minimum(a, b)} (see {@link Primitives#MINIMUM}). */
  static Tensor minimum(Tensor a, Tensor b) {
    return Primitives.MINIMUM.apply(a, b);
  }

  static Tensor compare(String op, BinaryFn fn, Tensor a, Tensor b) {
    Arguments.requireNonNull(op, "other", b);
    return zip(op, fn, a, b, DType.BOOL);
  }

  static Tensor logicalAnd(Tensor a, Tensor b) {
    return zip("logicalAnd", BinaryFn.LOGICAL_AND, a, b, DType.BOOL);
  }

  static Tensor where(Tensor condition, Tensor a, Tensor b) {
    Arguments.requireNonNull("where", "condition", condition);
    Arguments.requireNonNull("where", "a", a);
    Arguments.requireNonNull("where", "b", b);
    if (condition.dtype() != DType.BOOL) {
      throw new TensorException(
          "where: expected condition to be a boolean tensor, but got a tensor with dtype "
              + condition.dtype().pytorchName()
              + "; compare first (x.gt(0), x.ne(0))");
    }
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
    Shapes.checkedNumel("where", shape);
    Tensor out = Tensor.empty(resultType(a, b), shape);
    Kernels.get()
        .where(
            condition.broadcastView(shape),
            a.broadcastView(shape),
            b.broadcastView(shape),
            out.view());
    if (!Primitive.active(null, a, b)) return out;
    return Primitives.WHERE.record(out, new Tensor[] {condition, a, b}, 0, 0);
  }

  // ---- in place

  /** this = fn(this, other) (or a copy of other when fn is null), in place; bumps the version. */
  static Tensor inPlace(String op, BinaryFn fn, Tensor self, Tensor other) {
    Arguments.requireNonNull(op, "other", other);
    if (GradMode.isEnabled()) {
      Tensor base = self.viewBase();
      if (base != null && base.requiresGrad()) throw viewOfGraph(op, self, base);
      if (self.requiresGrad() || other.requiresGrad()) throw notRecorded(op, self);
    }
    if (GradMode.DUAL_LEVELS.get() != 0
        && (ForwardAD.tangentOf(self) != null || ForwardAD.tangentOf(other) != null)) {
      throw new TensorException(
          op
              + ": in-place ops on a tensor that carries a forward-mode tangent are not supported;"
              + " use the out-of-place form");
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
   * when that is allowed. It is when the engine has handed grad over to the call's derivative
   * ({@link Primitive.Call#mayOverwrite}: nothing else can see grad) and the derivative uses grad
   * no more: in a large backward pass, one tensor fewer per op. other must also have grad's type
   * and shape and not share its storage.
   */
  static Tensor over(
      Tensor grad, Primitive.Call call, BinaryFn fn, Tensor other, BinaryOperator<Tensor> fresh) {
    if (!call.mayOverwrite(grad)
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
  interface ScalarDerivative {
    Tensor apply(Tensor grad, double value);
  }

  /**
   * The derivative {@code fresh(grad, value)}, which is {@code fn(grad; value)}, written over grad
   * when that is allowed: see {@link #over(Tensor, Primitive.Call, BinaryFn, Tensor,
   * BinaryOperator)}.
   */
  static Tensor over(
      Tensor grad, Primitive.Call call, UnaryFn fn, double value, ScalarDerivative fresh) {
    if (!call.mayOverwrite(grad)) return fresh.apply(grad, value);
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

  /**
   * The error for an in-place op, with recording on, on a view whose base requires grad, with
   * PyTorch's messages: the change would reach the base's values behind autograd's back.
   */
  private static TensorException viewOfGraph(String op, Tensor self, Tensor base) {
    if (self.viewMadeWithoutGrad()) {
      return new TensorException(
          op
              + ": A view was created in no_grad mode and is being modified inplace with grad mode"
              + " enabled. Given that this use case is ambiguous and error-prone, it is forbidden."
              + " You can clarify your code by moving both the view and the inplace either both"
              + " inside the noGrad() scope (if you don't want the inplace to be tracked) or both"
              + " outside (this library does not track in-place ops: use the out-of-place form)."
              + " The view has shape "
              + Shapes.format(self.shape)
              + ", its base "
              + Shapes.format(base.shape));
    }
    if (base.isLeaf()) {
      return new TensorException(
          op
              + ": a view of a leaf Variable that requires grad is being used in an in-place"
              + " operation. The view has shape "
              + Shapes.format(self.shape)
              + ", the leaf "
              + Shapes.format(base.shape)
              + "; make the change inside Autograd.noGrad()");
    }
    return notRecorded(op, self);
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
