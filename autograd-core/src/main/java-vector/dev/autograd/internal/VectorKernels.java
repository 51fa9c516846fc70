package dev.autograd.internal;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels written with the incubating Vector API: the contiguous element-wise loops (arithmetic,
 * and exp, log, tanh and sigmoid of float32, computed as {@link FloatMath} computes them) and a
 * register-tiled matrix-product micro-kernel with fused multiply-adds. Everything else, and the
 * tail of each loop, is {@link PlainKernels}'.
 *
 * <p>Every loop here uses only lane operations that IEEE 754 defines to the bit (add, sub, mul,
 * div, fma, min, max, abs, comparisons, blends, float-double conversions, integer arithmetic and
 * bit reinterpretation), so that it gives the same bits in the interpreter, in C1 and in C2, whose
 * code for a lane operation is a Java loop in the first two and an intrinsic in the third. The
 * API's transcendental operations (EXP, LOG, TANH) and its floating-point reductions are not used:
 * they round differently in compiled and interpreted code (the reductions add the lanes in an
 * unspecified order), so a seeded run would change its results as the JIT warms up. The
 * transcendental loops perform FloatMath's operations in FloatMath's order and give the plain
 * kernels' bits.
 *
 * <p>Compiled apart (src/main/java-vector, with {@code --add-modules jdk.incubator.vector}) and
 * loaded by name by {@link KernelSelection} only when the JVM has the module, so that the library
 * runs on Java 17 without it. Vector operators are constants at every call, as the JIT needs them
 * to be to emit SIMD instructions.
 */
final class VectorKernels extends PlainKernels {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
  private static final int FL = FS.length();
  private static final int DL = DS.length();

  /**
   * Rows of the micro-kernel's register tile; its columns are two vectors. Eight rows take 16
   * accumulators and three more registers: vectors of 16 floats come with 32 registers (AVX-512),
   * narrower ones with 16 (AVX2), where six rows fit.
   */
  private static final int MR = FL >= 16 ? 8 : 6;

  VectorKernels() {
    if (FL < 4) throw new IllegalStateException("no useful float vector species: " + FS);
  }

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public String toString() {
    return "vector: " + FL + " float lanes, " + DL + " double lanes";
  }

  // ------------------------------------------------------------------ the table of vector loops

  // NOTE: each function's vector loop is declared once, in the table below, and each function not
  // in it is named with the reason it keeps the plain loop: a function added to UnaryFn or BinaryFn
  // and forgotten here stops this class from loading (and the vector test run fails) instead of
  // silently taking the slow path. The loops are methods of their own, small enough to be inlined,
  // and get only ranges of at least one vector, so one-element tensors pay no more here than with
  // the plain kernels.

  /** A vector loop over {@code [0, n)}: returns how many elements it did (the rest are plain's). */
  @FunctionalInterface
  private interface FloatUnaryLoop {
    int run(float[] x, int xo, float[] out, int oo, int n, double p);
  }

  @FunctionalInterface
  private interface DoubleUnaryLoop {
    int run(double[] x, int xo, double[] out, int oo, int n, double p);
  }

  @FunctionalInterface
  private interface FloatBinaryLoop {
    int run(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);
  }

  @FunctionalInterface
  private interface DoubleBinaryLoop {
    int run(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n);
  }

  private static final FloatUnaryLoop[] FLOAT_UNARY =
      table(
          UnaryFn.class,
          FloatUnaryLoop.class,
          Map.of(
              UnaryFn.ADD, VectorKernels::addFloat,
              UnaryFn.MUL, VectorKernels::mulFloat,
              UnaryFn.DIV, VectorKernels::divFloat,
              UnaryFn.NEG, VectorKernels::negFloat,
              UnaryFn.EXP, VectorKernels::expFloat,
              UnaryFn.LOG, VectorKernels::logFloat,
              UnaryFn.TANH, VectorKernels::tanhFloat,
              UnaryFn.SIGMOID, VectorKernels::sigmoidFloat),
          // The plain loops of these are already vectorized by the JIT (RELU, ABS), or they are
          // computed in double and rounded (the rest), which has no lanewise counterpart of the
          // same accuracy.
          EnumSet.of(
              UnaryFn.RELU,
              UnaryFn.ABS,
              UnaryFn.EXPM1,
              UnaryFn.LOG1P,
              UnaryFn.SIN,
              UnaryFn.COS,
              UnaryFn.SQRT,
              UnaryFn.RECIPROCAL,
              UnaryFn.LEAKY_RELU,
              UnaryFn.SIGN,
              UnaryFn.FLOOR,
              UnaryFn.CEIL,
              UnaryFn.ROUND,
              UnaryFn.TRUNC,
              UnaryFn.SOFTPLUS,
              UnaryFn.ERF,
              UnaryFn.POW,
              UnaryFn.POW_DERIVATIVE,
              UnaryFn.CLAMP));

  private static final DoubleUnaryLoop[] DOUBLE_UNARY =
      table(
          UnaryFn.class,
          DoubleUnaryLoop.class,
          Map.of(
              UnaryFn.ADD, VectorKernels::addDouble,
              UnaryFn.MUL, VectorKernels::mulDouble,
              UnaryFn.DIV, VectorKernels::divDouble,
              UnaryFn.NEG, VectorKernels::negDouble),
          // Transcendentals of float64 stay with Math: accurate to the last bit that tests expect.
          // RELU and ABS: the plain loops are vectorized by the JIT.
          EnumSet.of(
              UnaryFn.EXP,
              UnaryFn.EXPM1,
              UnaryFn.LOG,
              UnaryFn.LOG1P,
              UnaryFn.SIN,
              UnaryFn.COS,
              UnaryFn.SQRT,
              UnaryFn.RECIPROCAL,
              UnaryFn.TANH,
              UnaryFn.SIGMOID,
              UnaryFn.RELU,
              UnaryFn.LEAKY_RELU,
              UnaryFn.ABS,
              UnaryFn.SIGN,
              UnaryFn.FLOOR,
              UnaryFn.CEIL,
              UnaryFn.ROUND,
              UnaryFn.TRUNC,
              UnaryFn.SOFTPLUS,
              UnaryFn.ERF,
              UnaryFn.POW,
              UnaryFn.POW_DERIVATIVE,
              UnaryFn.CLAMP));

  private static final FloatBinaryLoop[] FLOAT_BINARY =
      table(
          BinaryFn.class,
          FloatBinaryLoop.class,
          Map.of(
              BinaryFn.ADD, VectorKernels::addFloat,
              BinaryFn.SUB, VectorKernels::subFloat,
              BinaryFn.MUL, VectorKernels::mulFloat,
              BinaryFn.DIV, VectorKernels::divFloat,
              BinaryFn.SIGMOID_BACKWARD, VectorKernels::sigmoidBackwardFloat,
              BinaryFn.TANH_BACKWARD, VectorKernels::tanhBackwardFloat,
              BinaryFn.RELU_BACKWARD, VectorKernels::reluBackwardFloat),
          // MAXIMUM and MINIMUM: the plain loops (Math.max/min) are vectorized by the JIT with
          // their NaN and signed-zero rules; POW is computed in double; the comparisons make masks.
          EnumSet.of(
              BinaryFn.POW,
              BinaryFn.FMOD,
              BinaryFn.REMAINDER,
              BinaryFn.MAXIMUM,
              BinaryFn.MINIMUM,
              BinaryFn.GT,
              BinaryFn.LT,
              BinaryFn.GE,
              BinaryFn.LE,
              BinaryFn.EQ,
              BinaryFn.NE,
              BinaryFn.LOGICAL_AND));

  private static final DoubleBinaryLoop[] DOUBLE_BINARY =
      table(
          BinaryFn.class,
          DoubleBinaryLoop.class,
          Map.of(
              BinaryFn.ADD, VectorKernels::addDouble,
              BinaryFn.SUB, VectorKernels::subDouble,
              BinaryFn.MUL, VectorKernels::mulDouble,
              BinaryFn.DIV, VectorKernels::divDouble),
          // The derivatives' and extremes' plain loops are vectorized by the JIT; POW is Math.pow;
          // the comparisons make masks.
          EnumSet.of(
              BinaryFn.POW,
              BinaryFn.FMOD,
              BinaryFn.REMAINDER,
              BinaryFn.MAXIMUM,
              BinaryFn.MINIMUM,
              BinaryFn.SIGMOID_BACKWARD,
              BinaryFn.TANH_BACKWARD,
              BinaryFn.RELU_BACKWARD,
              BinaryFn.GT,
              BinaryFn.LT,
              BinaryFn.GE,
              BinaryFn.LE,
              BinaryFn.EQ,
              BinaryFn.NE,
              BinaryFn.LOGICAL_AND));

  /**
   * The loops indexed by the functions' ordinals, after checking that every function is either in
   * {@code loops} or in {@code plain}, and in only one of them.
   */
  private static <F extends Enum<F>, L> L[] table(
      Class<F> functions, Class<L> loop, Map<F, L> loops, Set<F> plain) {
    F[] all = functions.getEnumConstants();
    @SuppressWarnings("unchecked")
    L[] byOrdinal = (L[]) java.lang.reflect.Array.newInstance(loop, all.length);
    for (F fn : all) {
      boolean vector = loops.containsKey(fn);
      if (vector == plain.contains(fn)) {
        throw new IllegalStateException(
            loop.getSimpleName()
                + ": "
                + fn
                + (vector
                    ? " has a vector loop and is also listed as plain"
                    : " has no vector loop and is not listed as plain: add it to one of them"));
      }
      byOrdinal[fn.ordinal()] = loops.get(fn);
    }
    return byOrdinal;
  }

  // ------------------------------------------------------------------ dispatch

  @Override
  void unaryFloat(UnaryFn fn, double p, double q, float[] x, int xo, float[] out, int oo, int n) {
    FloatUnaryLoop loop = FLOAT_UNARY[fn.ordinal()];
    int done = loop == null || n < FL ? 0 : loop.run(x, xo, out, oo, n, p);
    if (done < n) super.unaryFloat(fn, p, q, x, xo + done, out, oo + done, n - done);
  }

  @Override
  void binaryFloat(BinaryFn fn, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    FloatBinaryLoop loop = FLOAT_BINARY[fn.ordinal()];
    int done = loop == null || n < FL ? 0 : loop.run(a, ao, b, bo, out, oo, n);
    if (done < n) super.binaryFloat(fn, a, ao + done, b, bo + done, out, oo + done, n - done);
  }

  @Override
  void unaryDouble(
      UnaryFn fn, double p, double q, double[] x, int xo, double[] out, int oo, int n) {
    DoubleUnaryLoop loop = DOUBLE_UNARY[fn.ordinal()];
    int done = loop == null || n < DL ? 0 : loop.run(x, xo, out, oo, n, p);
    if (done < n) super.unaryDouble(fn, p, q, x, xo + done, out, oo + done, n - done);
  }

  @Override
  void binaryDouble(
      BinaryFn fn, double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    DoubleBinaryLoop loop = DOUBLE_BINARY[fn.ordinal()];
    int done = loop == null || n < DL ? 0 : loop.run(a, ao, b, bo, out, oo, n);
    if (done < n) super.binaryDouble(fn, a, ao + done, b, bo + done, out, oo + done, n - done);
  }

  // ------------------------------------------------------------------ float loops, one argument

  private static int addFloat(float[] x, int xo, float[] out, int oo, int n, double p) {
    float pf = (float) p;
    if (pf != p) return 0; // a number that is not a float: computed in double by the plain loop
    int bound = FS.loopBound(n);
    for (int i = 0; i < bound; i += FL) {
      FloatVector.fromArray(FS, x, xo + i).add(pf).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int mulFloat(float[] x, int xo, float[] out, int oo, int n, double p) {
    float pf = (float) p;
    if (pf != p) return 0;
    int bound = FS.loopBound(n);
    for (int i = 0; i < bound; i += FL) {
      FloatVector.fromArray(FS, x, xo + i).mul(pf).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int divFloat(float[] x, int xo, float[] out, int oo, int n, double p) {
    float pf = (float) p;
    if (pf != p) return 0;
    int bound = FS.loopBound(n);
    for (int i = 0; i < bound; i += FL) {
      FloatVector.fromArray(FS, x, xo + i).div(pf).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int negFloat(float[] x, int xo, float[] out, int oo, int n, double p) {
    int bound = FS.loopBound(n);
    for (int i = 0; i < bound; i += FL) {
      FloatVector.fromArray(FS, x, xo + i).neg().intoArray(out, oo + i);
    }
    return bound;
  }

  // NOTE: exp, sigmoid and tanh are FloatMath's, operation for operation, in one loop: they share
  // the reduction of e^y, and a helper method taking vectors would box them whenever the JIT does
  // not inline it (it declines once the helper is compiled on its own to more than
  // InlineSmallCode). Three steps differ in form, not in value:
  // - FloatMath builds powers of two with float arithmetic (C2's auto-vectorizer takes no bit
  //   reinterpretation), exactly over the range these functions reach (its tests check every
  //   one); here they are built from their bits.
  // - FloatMath's Math.min and Math.max against a constant bound are a compare and a blend here,
  //   and tanh's sign, which FloatMath puts back with min and max, is the sign bit copied: the
  //   lanewise MIN and MAX take several instructions per vector for Java's rules on NaN and -0.
  // - exp leaves out FloatMath's x * 1f and sigmoid takes -x for its x * -1f.
  // A NaN stays a NaN in both.

  private static final int EXP = 0;
  private static final int SIGMOID = 1;
  private static final int TANH = 2;

  /** e^x, as {@link FloatMath#exp(float[], int, float[], int, int)}. */
  private static int expFloat(float[] x, int xo, float[] out, int oo, int n, double p) {
    return expLoop(EXP, x, xo, out, oo, n);
  }

  /** 1 / (1 + e^-x), as {@link FloatMath#sigmoid(float[], int, float[], int, int)}. */
  private static int sigmoidFloat(float[] x, int xo, float[] out, int oo, int n, double p) {
    return expLoop(SIGMOID, x, xo, out, oo, n);
  }

  /** tanh(x), as {@link FloatMath#tanh(float[], int, float[], int, int)}. */
  private static int tanhFloat(float[] x, int xo, float[] out, int oo, int n, double p) {
    return expLoop(TANH, x, xo, out, oo, n);
  }

  /**
   * exp, sigmoid or tanh ({@code fn}) of x: e^y = 2^k (1 + q) for y = x, -x or 2|x| limited to the
   * function's range, then the function's finish. The branches on {@code fn} test a value that does
   * not change in the loop.
   */
  private static int expLoop(int fn, float[] x, int xo, float[] out, int oo, int n) {
    int bound = FS.loopBound(n);
    for (int i = 0; i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      FloatVector y;
      if (fn == EXP) {
        y =
            v.blend(FloatMath.EXP_MAX, v.compare(VectorOperators.GT, FloatMath.EXP_MAX))
                .blend(FloatMath.EXP_MIN, v.compare(VectorOperators.LT, FloatMath.EXP_MIN));
      } else if (fn == SIGMOID) {
        FloatVector m = v.neg();
        y =
            m.blend(FloatMath.SIGMOID_MAX, m.compare(VectorOperators.GT, FloatMath.SIGMOID_MAX))
                .blend(FloatMath.SIGMOID_MIN, m.compare(VectorOperators.LT, FloatMath.SIGMOID_MIN));
      } else {
        FloatVector m = v.abs();
        FloatVector a =
            m.blend(FloatMath.TANH_MAX, m.compare(VectorOperators.GT, FloatMath.TANH_MAX));
        y = a.add(a);
      }
      // k = round(y log2 e), r = y - k ln 2, q = e^r - 1: FloatMath.exponent and expm1Reduced.
      FloatVector kRounded = y.fma(FloatMath.LOG2E, FloatMath.ROUND);
      FloatVector k = kRounded.sub(FloatMath.ROUND);
      FloatVector r =
          k.fma(
              FloatVector.broadcast(FS, -FloatMath.LN2_LO),
              k.fma(FloatVector.broadcast(FS, -FloatMath.LN2_HI), y));
      FloatVector p = r.fma(FloatMath.E5, FloatMath.E4);
      p = p.fma(r, FloatVector.broadcast(FS, FloatMath.E3));
      p = p.fma(r, FloatVector.broadcast(FS, FloatMath.E2));
      p = p.fma(r, FloatVector.broadcast(FS, FloatMath.E1));
      p = p.fma(r, FloatVector.broadcast(FS, FloatMath.E0));
      FloatVector q = r.mul(r).fma(p, r);
      // 2^j has the bits (j + 127) << 23, and the lanes holding k + ROUND the bits ROUND_BITS + k.
      // exp applies 2^k as 2^(k - h) 2^h, h = floor(k / 2), where FloatMath.expScale has
      // 2^l (2^h)^2, l = k - 2h: the same exact product up to the last factor, which rounds once
      // in both. sigmoid takes 2^(k - 64) (scaled by 2^-64, FloatMath.sigmoidFinish), tanh 2^k.
      IntVector kBits = kRounded.reinterpretAsInts().sub(FloatMath.ROUND_BITS - 127);
      FloatVector result;
      if (fn == EXP) {
        IntVector h =
            kRounded
                .reinterpretAsInts()
                .sub(FloatMath.ROUND_BITS)
                .lanewise(VectorOperators.ASHR, 1);
        FloatVector sH = h.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector sK = kBits.sub(h).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        result = q.add(1f).mul(sK).mul(sH);
      } else if (fn == SIGMOID) {
        // 2^-64 / ((2^-64 + s) + s q)
        FloatVector s = kBits.sub(64).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        result =
            FloatVector.broadcast(FS, FloatMath.SIGMOID_SCALE)
                .div(s.fma(q, s.add(FloatMath.SIGMOID_SCALE)));
      } else {
        // E / (E + 2), E = (2^k - 1) + 2^k q, the sign of x put back: FloatMath.tanhFinish.
        FloatVector s = kBits.lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector e = s.fma(q, s.sub(1f));
        FloatVector t = e.div(e.add(2f));
        result =
            v.reinterpretAsInts()
                .and(Integer.MIN_VALUE)
                .or(t.reinterpretAsInts())
                .reinterpretAsFloats();
      }
      result.intoArray(out, oo + i);
    }
    return bound;
  }

  /** acc[i] += x[from + i], as the plain kernels add, without their copy into spare. */
  @Override
  void addBlock(float[] acc, float[] x, int from, int n, float[] spare) {
    int bound = FS.loopBound(n);
    for (int i = 0; i < bound; i += FL) {
      FloatVector.fromArray(FS, acc, i)
          .add(FloatVector.fromArray(FS, x, from + i))
          .intoArray(acc, i);
    }
    for (int i = bound; i < n; i++) acc[i] += x[from + i];
  }

  /** The upper half of a float vector's lanes, beyond those of a double vector. */
  private static final VectorMask<Float> UPPER_HALF =
      VectorMask.fromLong(FS, (-1L << DL) & ((1L << FL) - 1));

  /**
   * ln x, as {@link FloatMath#log(float)}: in double lanes, DL floats at a time, the special values
   * put in by blends at the end.
   *
   * <p>NOTE: only the lower half of each float vector loaded is computed, and its upper half is
   * stored back unchanged (the next step computes it, or the plain loop, which does the elements
   * from the returned count on): the API converts the upper half through a shuffle that JDK 17 does
   * not compile to SIMD code, and a float vector of half the shape makes the API's shared load and
   * store calls see two vector classes, which C2 then sometimes leaves as calls that box the
   * vectors, a few times slower.
   */
  private static int logFloat(float[] x, int xo, float[] out, int oo, int n, double p) {
    if (2 * DL != FL) return 0; // no such shapes on HotSpot's platforms: the plain loop then
    int i = 0;
    for (; i + FL <= n; i += DL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      DoubleVector d = (DoubleVector) v.convertShape(VectorOperators.F2D, DS, 0);
      LongVector t = d.reinterpretAsLongs().sub(FloatMath.SQRT_HALF_BITS);
      DoubleVector e =
          t.lanewise(VectorOperators.ASHR, 52)
              .add(FloatMath.DOUBLE_ROUND_BITS)
              .reinterpretAsDoubles()
              .sub(FloatMath.DOUBLE_ROUND);
      DoubleVector f =
          t.and(FloatMath.MANTISSA_BITS)
              .add(FloatMath.SQRT_HALF_BITS)
              .reinterpretAsDoubles()
              .sub(1.0);
      DoubleVector s = f.div(f.add(2.0));
      DoubleVector z = s.mul(s);
      DoubleVector poly =
          z.mul(FloatMath.L8)
              .add(FloatMath.L7)
              .mul(z)
              .add(FloatMath.L6)
              .mul(z)
              .add(FloatMath.L5)
              .mul(z)
              .add(FloatMath.L4)
              .mul(z)
              .add(FloatMath.L3)
              .mul(z)
              .add(FloatMath.L2)
              .mul(z)
              .add(FloatMath.L1);
      DoubleVector ln = e.mul(FloatMath.LN2).add(s.add(s).add(s.mul(z.mul(poly))));
      ((FloatVector) ln.convertShape(VectorOperators.D2F, FS, 0))
          .blend(Float.NaN, v.compare(VectorOperators.GT, 0f).not())
          .blend(Float.NEGATIVE_INFINITY, v.compare(VectorOperators.EQ, 0f))
          .blend(Float.POSITIVE_INFINITY, v.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY))
          .blend(v, UPPER_HALF)
          .intoArray(out, oo + i);
    }
    return i;
  }

  // ------------------------------------------------------------------ float loops, two arguments

  private static int addFloat(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int bound = FS.loopBound(n);
    for (int i = 0; i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      va.add(FloatVector.fromArray(FS, b, bo + i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int subFloat(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int bound = FS.loopBound(n);
    for (int i = 0; i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      va.sub(FloatVector.fromArray(FS, b, bo + i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int mulFloat(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int bound = FS.loopBound(n);
    for (int i = 0; i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      va.mul(FloatVector.fromArray(FS, b, bo + i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int divFloat(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int bound = FS.loopBound(n);
    for (int i = 0; i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      va.div(FloatVector.fromArray(FS, b, bo + i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int sigmoidBackwardFloat(
      float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int bound = FS.loopBound(n);
    for (int i = 0; i < bound; i += FL) {
      FloatVector y = FloatVector.fromArray(FS, b, bo + i);
      FloatVector g = FloatVector.fromArray(FS, a, ao + i);
      g.mul(y).mul(y.neg().add(1f)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int tanhBackwardFloat(
      float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int bound = FS.loopBound(n);
    for (int i = 0; i < bound; i += FL) {
      FloatVector y = FloatVector.fromArray(FS, b, bo + i);
      FloatVector g = FloatVector.fromArray(FS, a, ao + i);
      g.mul(y.mul(y).neg().add(1f)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int reluBackwardFloat(
      float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int bound = FS.loopBound(n);
    for (int i = 0; i < bound; i += FL) {
      FloatVector x = FloatVector.fromArray(FS, b, bo + i);
      VectorMask<Float> blocked = x.compare(VectorOperators.LE, 0f);
      FloatVector.fromArray(FS, a, ao + i).blend(0f, blocked).intoArray(out, oo + i);
    }
    return bound;
  }

  // ------------------------------------------------------------------ double loops

  private static int addDouble(double[] x, int xo, double[] out, int oo, int n, double p) {
    int bound = DS.loopBound(n);
    for (int i = 0; i < bound; i += DL) {
      DoubleVector.fromArray(DS, x, xo + i).add(p).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int mulDouble(double[] x, int xo, double[] out, int oo, int n, double p) {
    int bound = DS.loopBound(n);
    for (int i = 0; i < bound; i += DL) {
      DoubleVector.fromArray(DS, x, xo + i).mul(p).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int divDouble(double[] x, int xo, double[] out, int oo, int n, double p) {
    int bound = DS.loopBound(n);
    for (int i = 0; i < bound; i += DL) {
      DoubleVector.fromArray(DS, x, xo + i).div(p).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int negDouble(double[] x, int xo, double[] out, int oo, int n, double p) {
    int bound = DS.loopBound(n);
    for (int i = 0; i < bound; i += DL) {
      DoubleVector.fromArray(DS, x, xo + i).neg().intoArray(out, oo + i);
    }
    return bound;
  }

  private static int addDouble(
      double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    int bound = DS.loopBound(n);
    for (int i = 0; i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      va.add(DoubleVector.fromArray(DS, b, bo + i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int subDouble(
      double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    int bound = DS.loopBound(n);
    for (int i = 0; i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      va.sub(DoubleVector.fromArray(DS, b, bo + i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int mulDouble(
      double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    int bound = DS.loopBound(n);
    for (int i = 0; i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      va.mul(DoubleVector.fromArray(DS, b, bo + i)).intoArray(out, oo + i);
    }
    return bound;
  }

  private static int divDouble(
      double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    int bound = DS.loopBound(n);
    for (int i = 0; i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      va.div(DoubleVector.fromArray(DS, b, bo + i)).intoArray(out, oo + i);
    }
    return bound;
  }

  // ------------------------------------------------------------------ matrix product

  /**
   * {@inheritDoc}
   *
   * <p>Two rows of A against four of B at a time, in eight vector accumulators (six loads for eight
   * fused multiply-adds per step), each reduced across its lanes in a fixed order at the end; the
   * last elements and the odd rows and columns go one dot product at a time.
   */
  @Override
  void floatDots(
      float[] a,
      int ao,
      int lda,
      float[] b,
      int bo,
      int ldb,
      float[] c,
      int co,
      int ldc,
      int rows,
      int cols,
      int k) {
    int bound = FS.loopBound(k);
    int i = 0;
    for (; i + 1 < rows; i += 2) {
      int x0 = ao + i * lda;
      int x1 = x0 + lda;
      int j = 0;
      for (; j + 3 < cols; j += 4) {
        int y0 = bo + j * ldb;
        int y1 = y0 + ldb;
        int y2 = y1 + ldb;
        int y3 = y2 + ldb;
        FloatVector c00 = FloatVector.zero(FS);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c03 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c12 = c00;
        FloatVector c13 = c00;
        for (int l = 0; l < bound; l += FL) {
          FloatVector a0 = FloatVector.fromArray(FS, a, x0 + l);
          FloatVector a1 = FloatVector.fromArray(FS, a, x1 + l);
          FloatVector b0 = FloatVector.fromArray(FS, b, y0 + l);
          FloatVector b1 = FloatVector.fromArray(FS, b, y1 + l);
          FloatVector b2 = FloatVector.fromArray(FS, b, y2 + l);
          FloatVector b3 = FloatVector.fromArray(FS, b, y3 + l);
          c00 = a0.fma(b0, c00);
          c01 = a0.fma(b1, c01);
          c02 = a0.fma(b2, c02);
          c03 = a0.fma(b3, c03);
          c10 = a1.fma(b0, c10);
          c11 = a1.fma(b1, c11);
          c12 = a1.fma(b2, c12);
          c13 = a1.fma(b3, c13);
        }
        int r0 = co + i * ldc + j;
        int r1 = r0 + ldc;
        c[r0] = finishDot(c00, a, x0, b, y0, bound, k);
        c[r0 + 1] = finishDot(c01, a, x0, b, y1, bound, k);
        c[r0 + 2] = finishDot(c02, a, x0, b, y2, bound, k);
        c[r0 + 3] = finishDot(c03, a, x0, b, y3, bound, k);
        c[r1] = finishDot(c10, a, x1, b, y0, bound, k);
        c[r1 + 1] = finishDot(c11, a, x1, b, y1, bound, k);
        c[r1 + 2] = finishDot(c12, a, x1, b, y2, bound, k);
        c[r1 + 3] = finishDot(c13, a, x1, b, y3, bound, k);
      }
      for (; j < cols; j++) {
        c[co + i * ldc + j] = dot(a, x0, b, bo + j * ldb, bound, k);
        c[co + (i + 1) * ldc + j] = dot(a, x1, b, bo + j * ldb, bound, k);
      }
    }
    for (; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        c[co + i * ldc + j] = dot(a, ao + i * lda, b, bo + j * ldb, bound, k);
      }
    }
  }

  /** One dot product of k elements at x and y, as {@link #floatDots} sums each. */
  private static float dot(float[] a, int x, float[] b, int y, int bound, int k) {
    FloatVector acc = FloatVector.zero(FS);
    for (int l = 0; l < bound; l += FL) {
      acc = FloatVector.fromArray(FS, a, x + l).fma(FloatVector.fromArray(FS, b, y + l), acc);
    }
    return finishDot(acc, a, x, b, y, bound, k);
  }

  /** The lanes of a dot product's accumulator added up, then its last elements from bound on. */
  private static float finishDot(
      FloatVector acc, float[] a, int x, float[] b, int y, int bound, int k) {
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (int l = bound; l < k; l++) s += a[x + l] * b[y + l];
    return s;
  }

  @Override
  int panelRows() {
    return MR;
  }

  @Override
  int panelColumns() {
    return 2 * FL;
  }

  /** A strip per tile: the kernel's two vectors of B for each l are one run of the strip. */
  @Override
  int floatStripWidth() {
    return 2 * FL;
  }

  /**
   * A strip per double tile, as for float: with C's rows far apart (a 1024-column C), B's rows read
   * 2 vectors at a time from rows 2 KB apart and C's tile compete for the same cache sets.
   */
  @Override
  int doubleStripWidth() {
    return 2 * DL > panelColumns() ? 0 : 2 * DL;
  }

  /**
   * The register tile: MR rows by two float vectors of C, held in 2 MR accumulators while l runs
   * over the whole block, with one fused multiply-add per accumulator and step; then added to C, or
   * written there for the first block of k ({@code accumulate} false). The packed B rows are
   * zero-padded to a multiple of two vectors, so the loads never need a mask; the stores at the
   * right edge do. A last panel of 1 or 2 rows (of a batch of 32 at 6 rows) runs a kernel of 2
   * rows, without the padding rows' products. One method per tile shape: the JIT keeps a vector in
   * a register only as a local variable, not as an element of an array. Each element of C is summed
   * in order of l whatever the tile, so the tile's shape does not change the result.
   */
  @Override
  void floatPanel(
      int kc,
      float[] a,
      int ao,
      float[][] b,
      int b0,
      float[] c,
      int co,
      int ldc,
      int rows,
      int cols,
      boolean accumulate) {
    if (rows <= 2) {
      floatPanel2(kc, a, ao, b, b0, c, co, ldc, rows, cols, accumulate);
    } else if (MR == 8) {
      floatPanel8(kc, a, ao, b, b0, c, co, ldc, rows, cols, accumulate);
    } else {
      floatPanel6(kc, a, ao, b, b0, c, co, ldc, rows, cols, accumulate);
    }
  }

  // The LSTM cell's loops, lane by lane in the plain loops' order of operations (mul and add, not
  // fma), so both give the same bits.

  @Override
  void lstmStateFloat(float[] g, int go, float[] c, int co, float[] next, int no, int n, int from) {
    int bound = from + FS.loopBound(n - from);
    for (int j = from; j < bound; j += FL) {
      FloatVector f = FloatVector.fromArray(FS, g, go + n + j);
      FloatVector i = FloatVector.fromArray(FS, g, go + j);
      FloatVector gg = FloatVector.fromArray(FS, g, go + 2 * n + j);
      f.mul(FloatVector.fromArray(FS, c, co + j)).add(i.mul(gg)).intoArray(next, no + j);
    }
    super.lstmStateFloat(g, go, c, co, next, no, n, bound);
  }

  @Override
  void lstmOutputFloat(
      float[] o,
      int oi,
      float[] t,
      int ti,
      float[] h,
      int hi,
      float[] out,
      int oo,
      int n,
      int from) {
    int bound = from + FS.loopBound(n - from);
    for (int j = from; j < bound; j += FL) {
      FloatVector v =
          FloatVector.fromArray(FS, o, oi + j).mul(FloatVector.fromArray(FS, t, ti + j));
      v.intoArray(h, hi + j);
      v.intoArray(out, oo + j);
    }
    super.lstmOutputFloat(o, oi, t, ti, h, hi, out, oo, n, bound);
  }

  @Override
  void lstmBackwardFloat(
      float[] a,
      int go,
      float[] tf,
      int to,
      float[] cf,
      int co,
      float[] dhf,
      int dho,
      float[] dcf,
      int dco,
      float[] dof,
      int douto,
      float[] d,
      int ggo,
      float[] pf,
      int dpo,
      int n,
      int from) {
    int bound = from + FS.loopBound(n - from);
    FloatVector one = FloatVector.broadcast(FS, 1f);
    for (int j = from; j < bound; j += FL) {
      FloatVector i = FloatVector.fromArray(FS, a, go + j);
      FloatVector f = FloatVector.fromArray(FS, a, go + n + j);
      FloatVector g = FloatVector.fromArray(FS, a, go + 2 * n + j);
      FloatVector o = FloatVector.fromArray(FS, a, go + 3 * n + j);
      FloatVector t = FloatVector.fromArray(FS, tf, to + j);
      FloatVector dhAll =
          FloatVector.fromArray(FS, dhf, dho + j).add(FloatVector.fromArray(FS, dof, douto + j));
      FloatVector dcAll =
          FloatVector.fromArray(FS, dcf, dco + j).add(dhAll.mul(o).mul(one.sub(t.mul(t))));
      dcAll.mul(g).mul(i.mul(one.sub(i))).intoArray(d, ggo + j);
      dcAll
          .mul(FloatVector.fromArray(FS, cf, co + j))
          .mul(f.mul(one.sub(f)))
          .intoArray(d, ggo + n + j);
      dcAll.mul(i).mul(one.sub(g.mul(g))).intoArray(d, ggo + 2 * n + j);
      dhAll.mul(t).mul(o.mul(one.sub(o))).intoArray(d, ggo + 3 * n + j);
      dcAll.mul(f).intoArray(pf, dpo + j);
    }
    super.lstmBackwardFloat(
        a, go, tf, to, cf, co, dhf, dho, dcf, dco, dof, douto, d, ggo, pf, dpo, n, bound);
  }

  /**
   * Adds the first {@code rows} rows and {@code w} columns of the tile into C at column j, or
   * writes them there when not {@code accumulate}.
   */
  private static void addTile(
      float[] tile, float[] c, int co, int ldc, int rows, int w, int j, boolean accumulate) {
    for (int r = 0; r < rows; r++) {
      int at = co + r * ldc + j;
      int t0 = 2 * r * FL;
      if (w == 2 * FL) {
        FloatVector lo = FloatVector.fromArray(FS, tile, t0);
        FloatVector hi = FloatVector.fromArray(FS, tile, t0 + FL);
        lo.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        hi.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
      } else if (accumulate) {
        for (int t = 0; t < w; t++) c[at + t] += tile[t0 + t];
      } else {
        System.arraycopy(tile, t0, c, at, w);
      }
    }
  }

  /** {@link #floatPanel}'s tile of 8 rows, where there are 32 vector registers. */
  private static void floatPanel8(
      int kc,
      float[] a,
      int ao,
      float[][] b,
      int b0,
      float[] c,
      int co,
      int ldc,
      int rows,
      int cols,
      boolean accumulate) {
    float[] tile = null; // taken only for a tile at an edge
    for (int j = 0; j < cols; j += 2 * FL) {
      FloatVector c00 = FloatVector.zero(FS);
      FloatVector c01 = c00;
      FloatVector c10 = c00;
      FloatVector c11 = c00;
      FloatVector c20 = c00;
      FloatVector c21 = c00;
      FloatVector c30 = c00;
      FloatVector c31 = c00;
      FloatVector c40 = c00;
      FloatVector c41 = c00;
      FloatVector c50 = c00;
      FloatVector c51 = c00;
      FloatVector c60 = c00;
      FloatVector c61 = c00;
      FloatVector c70 = c00;
      FloatVector c71 = c00;
      float[] strip = b[b0 + j / (2 * FL)];
      for (int l = 0; l < kc; l++) {
        FloatVector v0 = FloatVector.fromArray(FS, strip, 2 * FL * l);
        FloatVector v1 = FloatVector.fromArray(FS, strip, 2 * FL * l + FL);
        int ar = ao + l * MR;
        FloatVector x = FloatVector.broadcast(FS, a[ar]);
        c00 = x.fma(v0, c00);
        c01 = x.fma(v1, c01);
        x = FloatVector.broadcast(FS, a[ar + 1]);
        c10 = x.fma(v0, c10);
        c11 = x.fma(v1, c11);
        x = FloatVector.broadcast(FS, a[ar + 2]);
        c20 = x.fma(v0, c20);
        c21 = x.fma(v1, c21);
        x = FloatVector.broadcast(FS, a[ar + 3]);
        c30 = x.fma(v0, c30);
        c31 = x.fma(v1, c31);
        x = FloatVector.broadcast(FS, a[ar + 4]);
        c40 = x.fma(v0, c40);
        c41 = x.fma(v1, c41);
        x = FloatVector.broadcast(FS, a[ar + 5]);
        c50 = x.fma(v0, c50);
        c51 = x.fma(v1, c51);
        x = FloatVector.broadcast(FS, a[ar + 6]);
        c60 = x.fma(v0, c60);
        c61 = x.fma(v1, c61);
        x = FloatVector.broadcast(FS, a[ar + 7]);
        c70 = x.fma(v0, c70);
        c71 = x.fma(v1, c71);
      }
      if (rows == 8 && cols - j >= 2 * FL) {
        // A whole tile goes from the registers into C; the scratch tile, a store and a load more
        // per accumulator (costly next to a short k), is for the edges.
        int at = co + j;
        c00.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c01.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c10.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c11.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c20.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c21.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c30.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c31.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c40.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c41.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c50.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c51.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c60.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c61.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c70.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c71.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        continue;
      }
      // NOTE: through a scratch tile, not helper methods: a vector passed to a method the JIT
      // does not inline is boxed on the heap.
      if (tile == null) tile = Scratch.get().floatRow(MR * 2 * FL);
      c00.intoArray(tile, 0);
      c01.intoArray(tile, FL);
      c10.intoArray(tile, 2 * FL);
      c11.intoArray(tile, 3 * FL);
      c20.intoArray(tile, 4 * FL);
      c21.intoArray(tile, 5 * FL);
      c30.intoArray(tile, 6 * FL);
      c31.intoArray(tile, 7 * FL);
      c40.intoArray(tile, 8 * FL);
      c41.intoArray(tile, 9 * FL);
      c50.intoArray(tile, 10 * FL);
      c51.intoArray(tile, 11 * FL);
      c60.intoArray(tile, 12 * FL);
      c61.intoArray(tile, 13 * FL);
      c70.intoArray(tile, 14 * FL);
      c71.intoArray(tile, 15 * FL);
      addTile(tile, c, co, ldc, rows, Math.min(2 * FL, cols - j), j, accumulate);
    }
  }

  @Override
  void floatPanelRowMajor(
      int kc,
      float[] a,
      int ao,
      int lda,
      float[][] b,
      int b0,
      float[] c,
      int co,
      int ldc,
      int cols,
      boolean accumulate) {
    if (MR != 8) throw new IllegalStateException("no in-place panel kernel for " + MR + " rows");
    floatPanel8RowMajor(kc, a, ao, lda, b, b0, c, co, ldc, cols, accumulate);
  }

  /** Only the 8-row tile has an in-place kernel; a 6-row tile's panels of A are packed. */
  @Override
  boolean readsRowMajorPanels() {
    return MR == 8;
  }

  /** {@link #floatPanelRowMajor}'s tile of 8 rows: {@link #floatPanel8} with A read in place. */
  private static void floatPanel8RowMajor(
      int kc,
      float[] a,
      int ao,
      int lda,
      float[][] b,
      int b0,
      float[] c,
      int co,
      int ldc,
      int cols,
      boolean accumulate) {
    int a1 = lda;
    int a2 = 2 * lda;
    int a3 = 3 * lda;
    int a4 = 4 * lda;
    int a5 = 5 * lda;
    int a6 = 6 * lda;
    int a7 = 7 * lda;
    float[] tile = null; // taken only for a tile at an edge
    for (int j = 0; j < cols; j += 2 * FL) {
      FloatVector c00 = FloatVector.zero(FS);
      FloatVector c01 = c00;
      FloatVector c10 = c00;
      FloatVector c11 = c00;
      FloatVector c20 = c00;
      FloatVector c21 = c00;
      FloatVector c30 = c00;
      FloatVector c31 = c00;
      FloatVector c40 = c00;
      FloatVector c41 = c00;
      FloatVector c50 = c00;
      FloatVector c51 = c00;
      FloatVector c60 = c00;
      FloatVector c61 = c00;
      FloatVector c70 = c00;
      FloatVector c71 = c00;
      float[] strip = b[b0 + j / (2 * FL)];
      for (int l = 0; l < kc; l++) {
        FloatVector v0 = FloatVector.fromArray(FS, strip, 2 * FL * l);
        FloatVector v1 = FloatVector.fromArray(FS, strip, 2 * FL * l + FL);
        int ar = ao + l;
        FloatVector x = FloatVector.broadcast(FS, a[ar]);
        c00 = x.fma(v0, c00);
        c01 = x.fma(v1, c01);
        x = FloatVector.broadcast(FS, a[ar + a1]);
        c10 = x.fma(v0, c10);
        c11 = x.fma(v1, c11);
        x = FloatVector.broadcast(FS, a[ar + a2]);
        c20 = x.fma(v0, c20);
        c21 = x.fma(v1, c21);
        x = FloatVector.broadcast(FS, a[ar + a3]);
        c30 = x.fma(v0, c30);
        c31 = x.fma(v1, c31);
        x = FloatVector.broadcast(FS, a[ar + a4]);
        c40 = x.fma(v0, c40);
        c41 = x.fma(v1, c41);
        x = FloatVector.broadcast(FS, a[ar + a5]);
        c50 = x.fma(v0, c50);
        c51 = x.fma(v1, c51);
        x = FloatVector.broadcast(FS, a[ar + a6]);
        c60 = x.fma(v0, c60);
        c61 = x.fma(v1, c61);
        x = FloatVector.broadcast(FS, a[ar + a7]);
        c70 = x.fma(v0, c70);
        c71 = x.fma(v1, c71);
      }
      if (cols - j >= 2 * FL) {
        int at = co + j;
        c00.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c01.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c10.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c11.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c20.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c21.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c30.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c31.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c40.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c41.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c50.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c51.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c60.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c61.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c70.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c71.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        continue;
      }
      // NOTE: through a scratch tile, not helper methods: a vector passed to a method the JIT
      // does not inline is boxed on the heap.
      if (tile == null) tile = Scratch.get().floatRow(MR * 2 * FL);
      c00.intoArray(tile, 0);
      c01.intoArray(tile, FL);
      c10.intoArray(tile, 2 * FL);
      c11.intoArray(tile, 3 * FL);
      c20.intoArray(tile, 4 * FL);
      c21.intoArray(tile, 5 * FL);
      c30.intoArray(tile, 6 * FL);
      c31.intoArray(tile, 7 * FL);
      c40.intoArray(tile, 8 * FL);
      c41.intoArray(tile, 9 * FL);
      c50.intoArray(tile, 10 * FL);
      c51.intoArray(tile, 11 * FL);
      c60.intoArray(tile, 12 * FL);
      c61.intoArray(tile, 13 * FL);
      c70.intoArray(tile, 14 * FL);
      c71.intoArray(tile, 15 * FL);
      addTile(tile, c, co, ldc, 8, Math.min(2 * FL, cols - j), j, accumulate);
    }
  }

  /** {@link #floatPanel}'s tile of 6 rows, where there are 16 vector registers. */
  private static void floatPanel6(
      int kc,
      float[] a,
      int ao,
      float[][] b,
      int b0,
      float[] c,
      int co,
      int ldc,
      int rows,
      int cols,
      boolean accumulate) {
    float[] tile = null; // taken only for a tile at an edge
    for (int j = 0; j < cols; j += 2 * FL) {
      FloatVector c00 = FloatVector.zero(FS);
      FloatVector c01 = c00;
      FloatVector c10 = c00;
      FloatVector c11 = c00;
      FloatVector c20 = c00;
      FloatVector c21 = c00;
      FloatVector c30 = c00;
      FloatVector c31 = c00;
      FloatVector c40 = c00;
      FloatVector c41 = c00;
      FloatVector c50 = c00;
      FloatVector c51 = c00;
      float[] strip = b[b0 + j / (2 * FL)];
      for (int l = 0; l < kc; l++) {
        FloatVector v0 = FloatVector.fromArray(FS, strip, 2 * FL * l);
        FloatVector v1 = FloatVector.fromArray(FS, strip, 2 * FL * l + FL);
        int ar = ao + l * MR;
        FloatVector x = FloatVector.broadcast(FS, a[ar]);
        c00 = x.fma(v0, c00);
        c01 = x.fma(v1, c01);
        x = FloatVector.broadcast(FS, a[ar + 1]);
        c10 = x.fma(v0, c10);
        c11 = x.fma(v1, c11);
        x = FloatVector.broadcast(FS, a[ar + 2]);
        c20 = x.fma(v0, c20);
        c21 = x.fma(v1, c21);
        x = FloatVector.broadcast(FS, a[ar + 3]);
        c30 = x.fma(v0, c30);
        c31 = x.fma(v1, c31);
        x = FloatVector.broadcast(FS, a[ar + 4]);
        c40 = x.fma(v0, c40);
        c41 = x.fma(v1, c41);
        x = FloatVector.broadcast(FS, a[ar + 5]);
        c50 = x.fma(v0, c50);
        c51 = x.fma(v1, c51);
      }
      if (rows == 6 && cols - j >= 2 * FL) {
        // A whole tile is added to C from the registers: through the scratch tile it takes a
        int at = co + j;
        c00.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c01.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c10.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c11.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c20.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c21.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c30.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c31.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c40.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c41.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c50.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c51.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        continue;
      }
      // NOTE: through a scratch tile, not helper methods: a vector passed to a method the JIT
      // does not inline is boxed on the heap.
      if (tile == null) tile = Scratch.get().floatRow(MR * 2 * FL);
      c00.intoArray(tile, 0);
      c01.intoArray(tile, FL);
      c10.intoArray(tile, 2 * FL);
      c11.intoArray(tile, 3 * FL);
      c20.intoArray(tile, 4 * FL);
      c21.intoArray(tile, 5 * FL);
      c30.intoArray(tile, 6 * FL);
      c31.intoArray(tile, 7 * FL);
      c40.intoArray(tile, 8 * FL);
      c41.intoArray(tile, 9 * FL);
      c50.intoArray(tile, 10 * FL);
      c51.intoArray(tile, 11 * FL);
      addTile(tile, c, co, ldc, rows, Math.min(2 * FL, cols - j), j, accumulate);
    }
  }

  /** {@link #floatPanel} for a panel of at most 2 rows. */
  private static void floatPanel2(
      int kc,
      float[] a,
      int ao,
      float[][] b,
      int b0,
      float[] c,
      int co,
      int ldc,
      int rows,
      int cols,
      boolean accumulate) {
    float[] tile = null; // taken only for a tile at an edge
    for (int j = 0; j < cols; j += 2 * FL) {
      FloatVector c00 = FloatVector.zero(FS);
      FloatVector c01 = c00;
      FloatVector c10 = c00;
      FloatVector c11 = c00;
      float[] strip = b[b0 + j / (2 * FL)];
      for (int l = 0; l < kc; l++) {
        FloatVector v0 = FloatVector.fromArray(FS, strip, 2 * FL * l);
        FloatVector v1 = FloatVector.fromArray(FS, strip, 2 * FL * l + FL);
        int ar = ao + l * MR;
        FloatVector x = FloatVector.broadcast(FS, a[ar]);
        c00 = x.fma(v0, c00);
        c01 = x.fma(v1, c01);
        x = FloatVector.broadcast(FS, a[ar + 1]);
        c10 = x.fma(v0, c10);
        c11 = x.fma(v1, c11);
      }
      if (rows == 2 && cols - j >= 2 * FL) {
        // A whole tile is added to C from the registers: through the scratch tile it takes a
        int at = co + j;
        c00.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c01.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        at += ldc;
        c10.add(accumulate ? FloatVector.fromArray(FS, c, at) : FloatVector.zero(FS))
            .intoArray(c, at);
        c11.add(accumulate ? FloatVector.fromArray(FS, c, at + FL) : FloatVector.zero(FS))
            .intoArray(c, at + FL);
        continue;
      }
      if (tile == null) tile = Scratch.get().floatRow(MR * 2 * FL);
      c00.intoArray(tile, 0);
      c01.intoArray(tile, FL);
      c10.intoArray(tile, 2 * FL);
      c11.intoArray(tile, 3 * FL);
      addTile(tile, c, co, ldc, rows, Math.min(2 * FL, cols - j), j, accumulate);
    }
  }

  /** The double version of {@link #floatPanel}, without its kernels for few rows. */
  @Override
  void doublePanel(
      int kc,
      double[] a,
      int ao,
      double[][] b,
      int b0,
      double[] c,
      int co,
      int ldc,
      int rows,
      int cols,
      boolean accumulate) {
    if (2 * DL > panelColumns()) {
      // B is padded for the float tile; a double tile wider than that would read past it.
      super.doublePanel(kc, a, ao, b, b0, c, co, ldc, rows, cols, accumulate);
    } else if (MR == 8) {
      doublePanel8(kc, a, ao, b, b0, c, co, ldc, rows, cols, accumulate);
    } else {
      doublePanel6(kc, a, ao, b, b0, c, co, ldc, rows, cols, accumulate);
    }
  }

  /** {@link #addTile(float[], float[], int, int, int, int, int, boolean)} for double. */
  private static void addTile(
      double[] tile, double[] c, int co, int ldc, int rows, int w, int j, boolean accumulate) {
    for (int r = 0; r < rows; r++) {
      int at = co + r * ldc + j;
      int t0 = 2 * r * DL;
      if (w == 2 * DL) {
        DoubleVector lo = DoubleVector.fromArray(DS, tile, t0);
        DoubleVector hi = DoubleVector.fromArray(DS, tile, t0 + DL);
        lo.add(accumulate ? DoubleVector.fromArray(DS, c, at) : DoubleVector.zero(DS))
            .intoArray(c, at);
        hi.add(accumulate ? DoubleVector.fromArray(DS, c, at + DL) : DoubleVector.zero(DS))
            .intoArray(c, at + DL);
      } else if (accumulate) {
        for (int t = 0; t < w; t++) c[at + t] += tile[t0 + t];
      } else {
        System.arraycopy(tile, t0, c, at, w);
      }
    }
  }

  /** {@link #doublePanel}'s tile of 8 rows. */
  private static void doublePanel8(
      int kc,
      double[] a,
      int ao,
      double[][] b,
      int b0,
      double[] c,
      int co,
      int ldc,
      int rows,
      int cols,
      boolean accumulate) {
    double[] tile = null; // taken only for a tile at an edge
    for (int j = 0; j < cols; j += 2 * DL) {
      DoubleVector c00 = DoubleVector.zero(DS);
      DoubleVector c01 = c00;
      DoubleVector c10 = c00;
      DoubleVector c11 = c00;
      DoubleVector c20 = c00;
      DoubleVector c21 = c00;
      DoubleVector c30 = c00;
      DoubleVector c31 = c00;
      DoubleVector c40 = c00;
      DoubleVector c41 = c00;
      DoubleVector c50 = c00;
      DoubleVector c51 = c00;
      DoubleVector c60 = c00;
      DoubleVector c61 = c00;
      DoubleVector c70 = c00;
      DoubleVector c71 = c00;
      double[] strip = b[b0 + j / (2 * DL)];
      for (int l = 0; l < kc; l++) {
        DoubleVector v0 = DoubleVector.fromArray(DS, strip, 2 * DL * l);
        DoubleVector v1 = DoubleVector.fromArray(DS, strip, 2 * DL * l + DL);
        int ar = ao + l * MR;
        DoubleVector x = DoubleVector.broadcast(DS, a[ar]);
        c00 = x.fma(v0, c00);
        c01 = x.fma(v1, c01);
        x = DoubleVector.broadcast(DS, a[ar + 1]);
        c10 = x.fma(v0, c10);
        c11 = x.fma(v1, c11);
        x = DoubleVector.broadcast(DS, a[ar + 2]);
        c20 = x.fma(v0, c20);
        c21 = x.fma(v1, c21);
        x = DoubleVector.broadcast(DS, a[ar + 3]);
        c30 = x.fma(v0, c30);
        c31 = x.fma(v1, c31);
        x = DoubleVector.broadcast(DS, a[ar + 4]);
        c40 = x.fma(v0, c40);
        c41 = x.fma(v1, c41);
        x = DoubleVector.broadcast(DS, a[ar + 5]);
        c50 = x.fma(v0, c50);
        c51 = x.fma(v1, c51);
        x = DoubleVector.broadcast(DS, a[ar + 6]);
        c60 = x.fma(v0, c60);
        c61 = x.fma(v1, c61);
        x = DoubleVector.broadcast(DS, a[ar + 7]);
        c70 = x.fma(v0, c70);
        c71 = x.fma(v1, c71);
      }
      if (rows == 8 && cols - j >= 2 * DL) {
        // A whole tile is added to C from the registers: through the scratch tile it takes a
        int at = co + j;
        c00.add(accumulate ? DoubleVector.fromArray(DS, c, at) : DoubleVector.zero(DS))
            .intoArray(c, at);
        c01.add(accumulate ? DoubleVector.fromArray(DS, c, at + DL) : DoubleVector.zero(DS))
            .intoArray(c, at + DL);
        at += ldc;
        c10.add(accumulate ? DoubleVector.fromArray(DS, c, at) : DoubleVector.zero(DS))
            .intoArray(c, at);
        c11.add(accumulate ? DoubleVector.fromArray(DS, c, at + DL) : DoubleVector.zero(DS))
            .intoArray(c, at + DL);
        at += ldc;
        c20.add(accumulate ? DoubleVector.fromArray(DS, c, at) : DoubleVector.zero(DS))
            .intoArray(c, at);
        c21.add(accumulate ? DoubleVector.fromArray(DS, c, at + DL) : DoubleVector.zero(DS))
            .intoArray(c, at + DL);
        at += ldc;
        c30.add(accumulate ? DoubleVector.fromArray(DS, c, at) : DoubleVector.zero(DS))
            .intoArray(c, at);
        c31.add(accumulate ? DoubleVector.fromArray(DS, c, at + DL) : DoubleVector.zero(DS))
            .intoArray(c, at + DL);
        at += ldc;
        c40.add(accumulate ? DoubleVector.fromArray(DS, c, at) : DoubleVector.zero(DS))
            .intoArray(c, at);
        c41.add(accumulate ? DoubleVector.fromArray(DS, c, at + DL) : DoubleVector.zero(DS))
            .intoArray(c, at + DL);
        at += ldc;
        c50.add(accumulate ? DoubleVector.fromArray(DS, c, at) : DoubleVector.zero(DS))
            .intoArray(c, at);
        c51.add(accumulate ? DoubleVector.fromArray(DS, c, at + DL) : DoubleVector.zero(DS))
            .intoArray(c, at + DL);
        at += ldc;
        c60.add(accumulate ? DoubleVector.fromArray(DS, c, at) : DoubleVector.zero(DS))
            .intoArray(c, at);
        c61.add(accumulate ? DoubleVector.fromArray(DS, c, at + DL) : DoubleVector.zero(DS))
            .intoArray(c, at + DL);
        at += ldc;
        c70.add(accumulate ? DoubleVector.fromArray(DS, c, at) : DoubleVector.zero(DS))
            .intoArray(c, at);
        c71.add(accumulate ? DoubleVector.fromArray(DS, c, at + DL) : DoubleVector.zero(DS))
            .intoArray(c, at + DL);
        continue;
      }
      // NOTE: through a scratch tile, not helper methods: a vector passed to a method the JIT
      // does not inline is boxed on the heap.
      if (tile == null) tile = Scratch.get().doubleRow(MR * 2 * DL);
      c00.intoArray(tile, 0);
      c01.intoArray(tile, DL);
      c10.intoArray(tile, 2 * DL);
      c11.intoArray(tile, 3 * DL);
      c20.intoArray(tile, 4 * DL);
      c21.intoArray(tile, 5 * DL);
      c30.intoArray(tile, 6 * DL);
      c31.intoArray(tile, 7 * DL);
      c40.intoArray(tile, 8 * DL);
      c41.intoArray(tile, 9 * DL);
      c50.intoArray(tile, 10 * DL);
      c51.intoArray(tile, 11 * DL);
      c60.intoArray(tile, 12 * DL);
      c61.intoArray(tile, 13 * DL);
      c70.intoArray(tile, 14 * DL);
      c71.intoArray(tile, 15 * DL);
      addTile(tile, c, co, ldc, rows, Math.min(2 * DL, cols - j), j, accumulate);
    }
  }

  /** {@link #doublePanel}'s tile of 6 rows. */
  private static void doublePanel6(
      int kc,
      double[] a,
      int ao,
      double[][] b,
      int b0,
      double[] c,
      int co,
      int ldc,
      int rows,
      int cols,
      boolean accumulate) {
    double[] tile = null; // taken only for a tile at an edge
    for (int j = 0; j < cols; j += 2 * DL) {
      DoubleVector c00 = DoubleVector.zero(DS);
      DoubleVector c01 = c00;
      DoubleVector c10 = c00;
      DoubleVector c11 = c00;
      DoubleVector c20 = c00;
      DoubleVector c21 = c00;
      DoubleVector c30 = c00;
      DoubleVector c31 = c00;
      DoubleVector c40 = c00;
      DoubleVector c41 = c00;
      DoubleVector c50 = c00;
      DoubleVector c51 = c00;
      double[] strip = b[b0 + j / (2 * DL)];
      for (int l = 0; l < kc; l++) {
        DoubleVector v0 = DoubleVector.fromArray(DS, strip, 2 * DL * l);
        DoubleVector v1 = DoubleVector.fromArray(DS, strip, 2 * DL * l + DL);
        int ar = ao + l * MR;
        DoubleVector x = DoubleVector.broadcast(DS, a[ar]);
        c00 = x.fma(v0, c00);
        c01 = x.fma(v1, c01);
        x = DoubleVector.broadcast(DS, a[ar + 1]);
        c10 = x.fma(v0, c10);
        c11 = x.fma(v1, c11);
        x = DoubleVector.broadcast(DS, a[ar + 2]);
        c20 = x.fma(v0, c20);
        c21 = x.fma(v1, c21);
        x = DoubleVector.broadcast(DS, a[ar + 3]);
        c30 = x.fma(v0, c30);
        c31 = x.fma(v1, c31);
        x = DoubleVector.broadcast(DS, a[ar + 4]);
        c40 = x.fma(v0, c40);
        c41 = x.fma(v1, c41);
        x = DoubleVector.broadcast(DS, a[ar + 5]);
        c50 = x.fma(v0, c50);
        c51 = x.fma(v1, c51);
      }
      if (rows == 6 && cols - j >= 2 * DL) {
        // A whole tile is added to C from the registers: through the scratch tile it takes a
        int at = co + j;
        c00.add(accumulate ? DoubleVector.fromArray(DS, c, at) : DoubleVector.zero(DS))
            .intoArray(c, at);
        c01.add(accumulate ? DoubleVector.fromArray(DS, c, at + DL) : DoubleVector.zero(DS))
            .intoArray(c, at + DL);
        at += ldc;
        c10.add(accumulate ? DoubleVector.fromArray(DS, c, at) : DoubleVector.zero(DS))
            .intoArray(c, at);
        c11.add(accumulate ? DoubleVector.fromArray(DS, c, at + DL) : DoubleVector.zero(DS))
            .intoArray(c, at + DL);
        at += ldc;
        c20.add(accumulate ? DoubleVector.fromArray(DS, c, at) : DoubleVector.zero(DS))
            .intoArray(c, at);
        c21.add(accumulate ? DoubleVector.fromArray(DS, c, at + DL) : DoubleVector.zero(DS))
            .intoArray(c, at + DL);
        at += ldc;
        c30.add(accumulate ? DoubleVector.fromArray(DS, c, at) : DoubleVector.zero(DS))
            .intoArray(c, at);
        c31.add(accumulate ? DoubleVector.fromArray(DS, c, at + DL) : DoubleVector.zero(DS))
            .intoArray(c, at + DL);
        at += ldc;
        c40.add(accumulate ? DoubleVector.fromArray(DS, c, at) : DoubleVector.zero(DS))
            .intoArray(c, at);
        c41.add(accumulate ? DoubleVector.fromArray(DS, c, at + DL) : DoubleVector.zero(DS))
            .intoArray(c, at + DL);
        at += ldc;
        c50.add(accumulate ? DoubleVector.fromArray(DS, c, at) : DoubleVector.zero(DS))
            .intoArray(c, at);
        c51.add(accumulate ? DoubleVector.fromArray(DS, c, at + DL) : DoubleVector.zero(DS))
            .intoArray(c, at + DL);
        continue;
      }
      // NOTE: through a scratch tile, not helper methods: a vector passed to a method the JIT
      // does not inline is boxed on the heap.
      if (tile == null) tile = Scratch.get().doubleRow(MR * 2 * DL);
      c00.intoArray(tile, 0);
      c01.intoArray(tile, DL);
      c10.intoArray(tile, 2 * DL);
      c11.intoArray(tile, 3 * DL);
      c20.intoArray(tile, 4 * DL);
      c21.intoArray(tile, 5 * DL);
      c30.intoArray(tile, 6 * DL);
      c31.intoArray(tile, 7 * DL);
      c40.intoArray(tile, 8 * DL);
      c41.intoArray(tile, 9 * DL);
      c50.intoArray(tile, 10 * DL);
      c51.intoArray(tile, 11 * DL);
      addTile(tile, c, co, ldc, rows, Math.min(2 * DL, cols - j), j, accumulate);
    }
  }

  @Override
  void adamFloat(
      float[] p,
      int po,
      float[] g,
      int go,
      float[] m,
      int mo,
      float[] v,
      int vo,
      int n,
      int from,
      float beta1,
      float oneMinusBeta1,
      float beta2,
      float oneMinusBeta2,
      float negStepSize,
      float correction,
      float eps) {
    int bound = from + FS.loopBound(n - from);
    for (int i = from; i < bound; i += FL) {
      FloatVector gi = FloatVector.fromArray(FS, g, go + i);
      FloatVector mi = FloatVector.fromArray(FS, m, mo + i).mul(beta1).add(gi.mul(oneMinusBeta1));
      FloatVector vi =
          FloatVector.fromArray(FS, v, vo + i).mul(beta2).add(gi.mul(oneMinusBeta2).mul(gi));
      mi.intoArray(m, mo + i);
      vi.intoArray(v, vo + i);
      FloatVector step = mi.div(vi.sqrt().div(correction).add(eps)).mul(negStepSize);
      FloatVector.fromArray(FS, p, po + i).add(step).intoArray(p, po + i);
    }
    super.adamFloat(
        p,
        po,
        g,
        go,
        m,
        mo,
        v,
        vo,
        n,
        bound,
        beta1,
        oneMinusBeta1,
        beta2,
        oneMinusBeta2,
        negStepSize,
        correction,
        eps);
  }
}
