package dev.autograd.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels written with the incubating Vector API: the contiguous element-wise loops (arithmetic,
 * and exp, log, tanh and sigmoid of float32 with the API's lanewise operations) and a
 * register-tiled matrix-product micro-kernel with fused multiply-adds. Everything else, and the
 * tail of each loop, is {@link PlainKernels}'.
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

  /** Rows of the micro-kernel's register tile; its columns are two vectors. */
  private static final int MR = 6;

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

  // ------------------------------------------------------------------ element-wise, float

  // NOTE: the overrides only send ranges shorter than a vector to the plain loops, and the vector
  // loops to methods of their own: small enough to be inlined, so the one-element tensors of scalar
  // code pay no more here than with the plain kernels.

  @Override
  void unaryFloat(UnaryFn fn, double p, double q, float[] x, int xo, float[] out, int oo, int n) {
    if (n < FL) {
      super.unaryFloat(fn, p, q, x, xo, out, oo, n);
    } else {
      unaryFloatVectors(fn, p, q, x, xo, out, oo, n);
    }
  }

  private void unaryFloatVectors(
      UnaryFn fn, double p, double q, float[] x, int xo, float[] out, int oo, int n) {
    int bound = FS.loopBound(n);
    int i = 0;
    float pf = (float) p;
    switch (fn) {
      case ADD:
        if (pf != p) break;
        for (; i < bound; i += FL) {
          FloatVector.fromArray(FS, x, xo + i).add(pf).intoArray(out, oo + i);
        }
        break;
      case MUL:
        if (pf != p) break;
        for (; i < bound; i += FL) {
          FloatVector.fromArray(FS, x, xo + i).mul(pf).intoArray(out, oo + i);
        }
        break;
      case DIV:
        if (pf != p) break;
        for (; i < bound; i += FL) {
          FloatVector.fromArray(FS, x, xo + i).div(pf).intoArray(out, oo + i);
        }
        break;
      case NEG:
        for (; i < bound; i += FL) {
          FloatVector.fromArray(FS, x, xo + i).neg().intoArray(out, oo + i);
        }
        break;
      case EXP:
        for (; i < bound; i += FL) {
          FloatVector.fromArray(FS, x, xo + i).lanewise(VectorOperators.EXP).intoArray(out, oo + i);
        }
        break;
      case LOG:
        for (; i < bound; i += FL) {
          FloatVector.fromArray(FS, x, xo + i).lanewise(VectorOperators.LOG).intoArray(out, oo + i);
        }
        break;
      case TANH:
        for (; i < bound; i += FL) {
          FloatVector.fromArray(FS, x, xo + i)
              .lanewise(VectorOperators.TANH)
              .intoArray(out, oo + i);
        }
        break;
      case SIGMOID:
        // 1 / (1 + e^-x): e^-x overflows to infinity for x < -88, and 1 / inf is the right 0.
        FloatVector one = FloatVector.broadcast(FS, 1f);
        for (; i < bound; i += FL) {
          FloatVector e = FloatVector.fromArray(FS, x, xo + i).neg().lanewise(VectorOperators.EXP);
          one.div(e.add(1f)).intoArray(out, oo + i);
        }
        break;
      default:
        break;
    }
    if (i < n) super.unaryFloat(fn, p, q, x, xo + i, out, oo + i, n - i);
  }

  @Override
  void binaryFloat(BinaryFn fn, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    if (n < FL) {
      super.binaryFloat(fn, a, ao, b, bo, out, oo, n);
    } else {
      binaryFloatVectors(fn, a, ao, b, bo, out, oo, n);
    }
  }

  private void binaryFloatVectors(
      BinaryFn fn, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int bound = FS.loopBound(n);
    int i = 0;
    switch (fn) {
      case ADD:
        for (; i < bound; i += FL) {
          FloatVector va = FloatVector.fromArray(FS, a, ao + i);
          va.add(FloatVector.fromArray(FS, b, bo + i)).intoArray(out, oo + i);
        }
        break;
      case SUB:
        for (; i < bound; i += FL) {
          FloatVector va = FloatVector.fromArray(FS, a, ao + i);
          va.sub(FloatVector.fromArray(FS, b, bo + i)).intoArray(out, oo + i);
        }
        break;
      case MUL:
        for (; i < bound; i += FL) {
          FloatVector va = FloatVector.fromArray(FS, a, ao + i);
          va.mul(FloatVector.fromArray(FS, b, bo + i)).intoArray(out, oo + i);
        }
        break;
      case DIV:
        for (; i < bound; i += FL) {
          FloatVector va = FloatVector.fromArray(FS, a, ao + i);
          va.div(FloatVector.fromArray(FS, b, bo + i)).intoArray(out, oo + i);
        }
        break;
      case SIGMOID_BACKWARD:
        for (; i < bound; i += FL) {
          FloatVector y = FloatVector.fromArray(FS, b, bo + i);
          FloatVector g = FloatVector.fromArray(FS, a, ao + i);
          g.mul(y).mul(y.neg().add(1f)).intoArray(out, oo + i);
        }
        break;
      case TANH_BACKWARD:
        for (; i < bound; i += FL) {
          FloatVector y = FloatVector.fromArray(FS, b, bo + i);
          FloatVector g = FloatVector.fromArray(FS, a, ao + i);
          g.mul(y.mul(y).neg().add(1f)).intoArray(out, oo + i);
        }
        break;
      case RELU_BACKWARD:
        for (; i < bound; i += FL) {
          FloatVector x = FloatVector.fromArray(FS, b, bo + i);
          VectorMask<Float> blocked = x.compare(VectorOperators.LE, 0f);
          FloatVector.fromArray(FS, a, ao + i).blend(0f, blocked).intoArray(out, oo + i);
        }
        break;
      default:
        break;
    }
    if (i < n) super.binaryFloat(fn, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  /** Float lanes summed in double lanes: each float vector converts to two double vectors. */
  @Override
  double sumFloat(float[] f, int from, int n) {
    if (2 * DL != FL) return super.sumFloat(f, from, n);
    DoubleVector low = DoubleVector.zero(DS);
    DoubleVector high = low;
    int bound = FS.loopBound(n);
    int i = 0;
    for (; i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, f, from + i);
      low = low.add((DoubleVector) v.convertShape(VectorOperators.F2D, DS, 0));
      high = high.add((DoubleVector) v.convertShape(VectorOperators.F2D, DS, 1));
    }
    double total = low.add(high).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) total += f[from + i];
    return total;
  }

  // ------------------------------------------------------------------ element-wise, double

  @Override
  void unaryDouble(
      UnaryFn fn, double p, double q, double[] x, int xo, double[] out, int oo, int n) {
    if (n < DL) {
      super.unaryDouble(fn, p, q, x, xo, out, oo, n);
    } else {
      unaryDoubleVectors(fn, p, q, x, xo, out, oo, n);
    }
  }

  private void unaryDoubleVectors(
      UnaryFn fn, double p, double q, double[] x, int xo, double[] out, int oo, int n) {
    int bound = DS.loopBound(n);
    int i = 0;
    switch (fn) {
      case ADD:
        for (; i < bound; i += DL) {
          DoubleVector.fromArray(DS, x, xo + i).add(p).intoArray(out, oo + i);
        }
        break;
      case MUL:
        for (; i < bound; i += DL) {
          DoubleVector.fromArray(DS, x, xo + i).mul(p).intoArray(out, oo + i);
        }
        break;
      case DIV:
        for (; i < bound; i += DL) {
          DoubleVector.fromArray(DS, x, xo + i).div(p).intoArray(out, oo + i);
        }
        break;
      case NEG:
        for (; i < bound; i += DL) {
          DoubleVector.fromArray(DS, x, xo + i).neg().intoArray(out, oo + i);
        }
        break;
      default:
        // Transcendentals of float64 stay with Math: accurate to the last bit that tests expect.
        break;
    }
    if (i < n) super.unaryDouble(fn, p, q, x, xo + i, out, oo + i, n - i);
  }

  @Override
  void binaryDouble(
      BinaryFn fn, double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    if (n < DL) {
      super.binaryDouble(fn, a, ao, b, bo, out, oo, n);
    } else {
      binaryDoubleVectors(fn, a, ao, b, bo, out, oo, n);
    }
  }

  private void binaryDoubleVectors(
      BinaryFn fn, double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    int bound = DS.loopBound(n);
    int i = 0;
    switch (fn) {
      case ADD:
        for (; i < bound; i += DL) {
          DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
          va.add(DoubleVector.fromArray(DS, b, bo + i)).intoArray(out, oo + i);
        }
        break;
      case SUB:
        for (; i < bound; i += DL) {
          DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
          va.sub(DoubleVector.fromArray(DS, b, bo + i)).intoArray(out, oo + i);
        }
        break;
      case MUL:
        for (; i < bound; i += DL) {
          DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
          va.mul(DoubleVector.fromArray(DS, b, bo + i)).intoArray(out, oo + i);
        }
        break;
      case DIV:
        for (; i < bound; i += DL) {
          DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
          va.div(DoubleVector.fromArray(DS, b, bo + i)).intoArray(out, oo + i);
        }
        break;
      default:
        break;
    }
    if (i < n) super.binaryDouble(fn, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  // ------------------------------------------------------------------ matrix product

  @Override
  int panelRows() {
    return MR;
  }

  @Override
  int panelColumns() {
    return 2 * FL;
  }

  /**
   * The register tile: MR rows by two float vectors of C, held in twelve accumulators while l runs
   * over the whole block, with one fused multiply-add per accumulator and step; then added to C.
   * The packed B rows are zero-padded to a multiple of two vectors, so the loads never need a mask;
   * the stores at the right edge do.
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
      int cols) {
    float[] tile = Scratch.get().floatRow(MR * 2 * FL);
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
      for (int l = 0; l < kc; l++) {
        float[] bl = b[b0 + l];
        FloatVector v0 = FloatVector.fromArray(FS, bl, j);
        FloatVector v1 = FloatVector.fromArray(FS, bl, j + FL);
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
      // NOTE: through a scratch tile, not helper methods: a vector passed to a method the JIT
      // does not inline is boxed on the heap.
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
      int w = Math.min(2 * FL, cols - j);
      for (int r = 0; r < rows; r++) {
        int at = co + r * ldc + j;
        int t0 = 2 * r * FL;
        if (w == 2 * FL) {
          FloatVector.fromArray(FS, c, at)
              .add(FloatVector.fromArray(FS, tile, t0))
              .intoArray(c, at);
          FloatVector.fromArray(FS, c, at + FL)
              .add(FloatVector.fromArray(FS, tile, t0 + FL))
              .intoArray(c, at + FL);
        } else {
          for (int t = 0; t < w; t++) c[at + t] += tile[t0 + t];
        }
      }
    }
  }

  /** The double version of {@link #floatPanel}. */
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
      int cols) {
    if (2 * DL > panelColumns()) {
      // B is padded for the float tile; a double tile wider than that would read past it.
      super.doublePanel(kc, a, ao, b, b0, c, co, ldc, rows, cols);
      return;
    }
    double[] tile = Scratch.get().doubleRow(MR * 2 * DL);
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
      for (int l = 0; l < kc; l++) {
        double[] bl = b[b0 + l];
        DoubleVector v0 = DoubleVector.fromArray(DS, bl, j);
        DoubleVector v1 = DoubleVector.fromArray(DS, bl, j + DL);
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
      // NOTE: through a scratch tile, not helper methods: a vector passed to a method the JIT
      // does not inline is boxed on the heap.
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
      int w = Math.min(2 * DL, cols - j);
      for (int r = 0; r < rows; r++) {
        int at = co + r * ldc + j;
        int t0 = 2 * r * DL;
        if (w == 2 * DL) {
          DoubleVector.fromArray(DS, c, at)
              .add(DoubleVector.fromArray(DS, tile, t0))
              .intoArray(c, at);
          DoubleVector.fromArray(DS, c, at + DL)
              .add(DoubleVector.fromArray(DS, tile, t0 + DL))
              .intoArray(c, at + DL);
        } else {
          for (int t = 0; t < w; t++) c[at + t] += tile[t0 + t];
        }
      }
    }
  }
}
