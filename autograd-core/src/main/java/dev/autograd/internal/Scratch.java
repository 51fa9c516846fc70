package dev.autograd.internal;

/**
 * Per-thread work arrays that kernels reuse from call to call (packed matrix blocks, partial sums),
 * so that a kernel call allocates nothing once its thread has warmed up. Each array only grows.
 */
final class Scratch {
  private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

  private float[] packedA = new float[0];
  private float[][] packedB = new float[0][];
  private double[] packedDoubleA = new double[0];
  private double[][] packedDoubleB = new double[0][];
  private double[] doubles = new double[0];
  private float[] floatRow = new float[0];
  private double[] doubleRow = new double[0];
  private float[][] floatBlocks = new float[0][];

  private Scratch() {}

  static Scratch get() {
    return PER_THREAD.get();
  }

  float[] packedA(int size) {
    if (packedA.length < size) packedA = new float[size];
    return packedA;
  }

  /** At least {@code rows} rows of at least {@code width} floats each. */
  float[][] packedB(int rows, int width) {
    if (packedB.length < rows || packedB[0].length < width) {
      packedB = new float[Math.max(rows, packedB.length)][Math.max(width, widthOf(packedB))];
    }
    return packedB;
  }

  double[] packedDoubleA(int size) {
    if (packedDoubleA.length < size) packedDoubleA = new double[size];
    return packedDoubleA;
  }

  /** At least {@code rows} rows of at least {@code width} doubles each. */
  double[][] packedDoubleB(int rows, int width) {
    if (packedDoubleB.length < rows || packedDoubleB[0].length < width) {
      packedDoubleB =
          new double[Math.max(rows, packedDoubleB.length)][Math.max(width, widthOf(packedDoubleB))];
    }
    return packedDoubleB;
  }

  private static int widthOf(Object[] rows) {
    if (rows.length == 0) return 0;
    return rows[0] instanceof float[] f ? f.length : ((double[]) rows[0]).length;
  }

  /** A row of at least {@code size} floats for a micro-kernel, with unspecified contents. */
  float[] floatRow(int size) {
    if (floatRow.length < size) floatRow = new float[size];
    return floatRow;
  }

  /** A row of at least {@code size} doubles for a micro-kernel, with unspecified contents. */
  double[] doubleRow(int size) {
    if (doubleRow.length < size) doubleRow = new double[size];
    return doubleRow;
  }

  /**
   * At least {@code count} work arrays of at least {@code size} floats each, with unspecified
   * contents, for the blocks of an element-wise kernel.
   */
  float[][] floatBlocks(int count, int size) {
    if (floatBlocks.length < count || floatBlocks[0].length < size) {
      floatBlocks =
          new float[Math.max(count, floatBlocks.length)][Math.max(size, widthOf(floatBlocks))];
    }
    return floatBlocks;
  }

  /** A work array of at least {@code size} doubles, with unspecified contents. */
  double[] doubles(int size) {
    if (doubles.length < size) doubles = new double[size];
    return doubles;
  }
}
