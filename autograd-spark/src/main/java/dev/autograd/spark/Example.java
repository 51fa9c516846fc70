package dev.autograd.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One training example: a feature array and a target array, each with its shape (without the batch
 * dimension). A batch stacks its examples' features into a tensor of shape {@code [n,
 * featureShape...]} and their targets into one of shape {@code [n, targetShape...]}, both in the
 * model's dtype. Immutable and serializable, for Spark's RDDs and Datasets (with {@code
 * Encoders.javaSerialization(Example.class)}).
 *
 * <pre>{@code
 * Example e = Example.of(new double[] {0.5, -1.0, 2.0, 0.0}, new double[] {1.5});
 * Example image = new Example(pixels, new int[] {1, 28, 28}, new double[] {label}, new int[] {1});
 * }</pre>
 */
public final class Example implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The feature values, row-major. */
  private final double[] features;

  /** The features' shape, without the batch dimension. */
  private final int[] featureShape;

  /** The target values, row-major. */
  private final double[] target;

  /** The target's shape, without the batch dimension. */
  private final int[] targetShape;

  /**
   * An example with shaped features and target.
   *
   * @param features the feature values in row-major order; copied
   * @param featureShape their shape; copied
   * @param target the target values in row-major order; copied
   * @param targetShape their shape; copied
   * @throws TrainingException if an argument is null, a dimension is negative, or a shape does not
   *     hold exactly its array's length
   */
  public Example(double[] features, int[] featureShape, double[] target, int[] targetShape) {
    this.features = checked("features", features, featureShape).clone();
    this.featureShape = featureShape.clone();
    this.target = checked("target", target, targetShape).clone();
    this.targetShape = targetShape.clone();
  }

  /**
   * An example with a feature vector and a target vector.
   *
   * @param features the feature values, shape {@code [features.length]}; copied
   * @param target the target values, shape {@code [target.length]}; copied
   * @return the example
   * @throws TrainingException if an argument is null
   */
  public static Example of(double[] features, double[] target) {
    if (features == null) throw new TrainingException("Example.of: features is null");
    if (target == null) throw new TrainingException("Example.of: target is null");
    return new Example(features, new int[] {features.length}, target, new int[] {target.length});
  }

  private static double[] checked(String name, double[] values, int[] shape) {
    if (values == null) throw new TrainingException("Example: " + name + " is null");
    if (shape == null) throw new TrainingException("Example: " + name + " shape is null");
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new TrainingException(
            "Example: " + name + " shape " + Arrays.toString(shape) + " has a negative dimension");
      }
      n *= d;
    }
    if (n != values.length) {
      throw new TrainingException(
          "Example: "
              + name
              + " shape "
              + Arrays.toString(shape)
              + " holds "
              + n
              + " values, but "
              + values.length
              + " were given");
    }
    return values;
  }

  /**
   * The feature values in row-major order.
   *
   * @return a copy
   */
  public double[] features() {
    return features.clone();
  }

  /**
   * The shape of the features, without the batch dimension.
   *
   * @return a copy
   */
  public int[] featureShape() {
    return featureShape.clone();
  }

  /**
   * The target values in row-major order.
   *
   * @return a copy
   */
  public double[] target() {
    return target.clone();
  }

  /**
   * The shape of the target, without the batch dimension.
   *
   * @return a copy
   */
  public int[] targetShape() {
    return targetShape.clone();
  }

  /** The shapes, as batches require them to agree: "features [4], target [1]". */
  String shapes() {
    return "features " + Arrays.toString(featureShape) + ", target " + Arrays.toString(targetShape);
  }

  /** Copies the features into {@code out} at {@code offset}; batches are built without copies. */
  void copyFeatures(double[] out, int offset) {
    System.arraycopy(features, 0, out, offset, features.length);
  }

  void copyTarget(double[] out, int offset) {
    System.arraycopy(target, 0, out, offset, target.length);
  }

  int featureCount() {
    return features.length;
  }

  int targetCount() {
    return target.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Example e
        && Arrays.equals(features, e.features)
        && Arrays.equals(featureShape, e.featureShape)
        && Arrays.equals(target, e.target)
        && Arrays.equals(targetShape, e.targetShape);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(features) + Arrays.hashCode(target);
  }

  @Override
  public String toString() {
    return "Example(" + shapes() + ")";
  }
}
