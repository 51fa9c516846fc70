package dev.autograd.internal;

/**
 * Per-thread work arrays that kernels reuse from call to call (packed matrix blocks, partial sums),
 * so that a kernel call allocates nothing once its thread has warmed up. Each array only grows.
 */
final class Scratch {
  private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

  private float[] packedA = new float[0];
  private float[] packedB = new float[0];
  private double[] packedDoubleA = new double[0];
  private double[] packedDoubleB = new double[0];
  private double[] doubles = new double[0];

  private Scratch() {}

  static Scratch get() {
    return PER_THREAD.get();
  }

  float[] packedA(int size) {
    if (packedA.length < size) packedA = new float[size];
    return packedA;
  }

  float[] packedB(int size) {
    if (packedB.length < size) packedB = new float[size];
    return packedB;
  }

  double[] packedDoubleA(int size) {
    if (packedDoubleA.length < size) packedDoubleA = new double[size];
    return packedDoubleA;
  }

  double[] packedDoubleB(int size) {
    if (packedDoubleB.length < size) packedDoubleB = new double[size];
    return packedDoubleB;
  }

  /** A work array of at least {@code size} doubles, with unspecified contents. */
  double[] doubles(int size) {
    if (doubles.length < size) doubles = new double[size];
    return doubles;
  }
}
