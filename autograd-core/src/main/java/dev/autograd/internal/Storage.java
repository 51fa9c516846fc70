package dev.autograd.internal;

import dev.autograd.DType;
import java.util.Arrays;

/**
 * A flat block of numbers shared by a tensor and all of its views.
 *
 * <p>FLOAT32 values live in a {@code float[]}; FLOAT64, INT64 and BOOL values in a {@code double[]}
 * (integers are exact up to 2^53). The version counter is shared by every view of the storage and
 * is bumped by each in-place write, so that autograd can detect a saved tensor that was modified
 * after it was saved.
 */
public abstract class Storage {
  private final DType dtype;
  private int version;

  Storage(DType dtype) {
    this.dtype = dtype;
  }

  /** A zero-filled storage of {@code size} elements. */
  public static Storage allocate(DType dtype, int size) {
    return dtype == DType.FLOAT32
        ? new FloatStorage(new float[size])
        : new DoubleStorage(dtype, new double[size]);
  }

  /** Wraps {@code data} without copying. */
  public static Storage wrap(float[] data) {
    return new FloatStorage(data);
  }

  /** Wraps {@code data} without copying. */
  public static Storage wrap(DType dtype, double[] data) {
    if (dtype == DType.FLOAT32) {
      float[] f = new float[data.length];
      for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
      return new FloatStorage(f);
    }
    return new DoubleStorage(dtype, data);
  }

  public final DType dtype() {
    return dtype;
  }

  public abstract int size();

  public abstract double get(int index);

  /** Stores {@code value}, rounded to this storage's type. */
  public abstract void set(int index, double value);

  /** Sets every element to {@code value}, rounded to this storage's type. */
  public abstract void fill(double value);

  /** The backing {@code float[]}, or null when this is not FLOAT32 storage. */
  public float[] floats() {
    return null;
  }

  /** The backing {@code double[]}, or null when this is FLOAT32 storage. */
  public double[] doubles() {
    return null;
  }

  public final int version() {
    return version;
  }

  /** Records an in-place modification. */
  public final void bumpVersion() {
    version++;
  }

  static final class FloatStorage extends Storage {
    private final float[] data;

    FloatStorage(float[] data) {
      super(DType.FLOAT32);
      this.data = data;
    }

    @Override
    public int size() {
      return data.length;
    }

    @Override
    public double get(int index) {
      return data[index];
    }

    @Override
    public void set(int index, double value) {
      data[index] = (float) value;
    }

    @Override
    public void fill(double value) {
      Arrays.fill(data, (float) value);
    }

    @Override
    public float[] floats() {
      return data;
    }
  }

  static final class DoubleStorage extends Storage {
    private final double[] data;
    private final boolean integral; // INT64 or BOOL: values are rounded on the way in

    DoubleStorage(DType dtype, double[] data) {
      super(dtype);
      this.data = data;
      this.integral = !dtype.isFloatingPoint();
    }

    @Override
    public int size() {
      return data.length;
    }

    @Override
    public double get(int index) {
      return data[index];
    }

    @Override
    public void set(int index, double value) {
      data[index] = integral ? dtype().round(value) : value;
    }

    @Override
    public void fill(double value) {
      Arrays.fill(data, dtype().round(value));
    }

    @Override
    public double[] doubles() {
      return data;
    }
  }
}
