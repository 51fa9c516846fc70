package dev.autograd.internal;

import dev.autograd.DType;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A flat block of numbers shared by a tensor and all of its views.
 *
 * <p>FLOAT32 values live in a {@code float[]}; FLOAT64, INT64 and BOOL values in a {@code double[]}
 * (integers are exact up to 2^53). The version counter is shared by every view of the storage and
 * is bumped by each in-place write, so that autograd can detect a saved tensor that was modified
 * after it was saved. Large storages are also numbered in the order they were allocated, so that
 * the engine can tell a gradient a derivative has just made from one that shares its data with a
 * tensor of the forward pass.
 */
public abstract class Storage {
  private int version;
  private int serial;

  // NOTE: the type is not a field here: FloatStorage, the storage of almost every tensor, then
  // holds its version, serial and array in 24 bytes, as before the serial.
  Storage() {}

  /** Storages of at least this many elements get a {@link #serial()} number. */
  public static final int NUMBERED_SIZE = 1024;

  private static final AtomicInteger SERIALS = new AtomicInteger();

  /**
   * A zero-filled storage of {@code size} elements. One of at least {@link ScopedMemory#MIN_SIZE}
   * elements belongs to the open {@code MemoryScope} of the thread, if any, and may reuse an array
   * from the thread's pool (see {@link ScopedMemory}).
   */
  public static Storage allocate(DType dtype, int size) {
    return allocate(dtype, size, true);
  }

  /**
   * A storage of {@code size} elements whose values are unspecified: for an op that writes every
   * element before anything reads one (an element-wise op into a new result). An array reused from
   * the thread's pool (given back by a closed {@code MemoryScope} or a released gradient) is not
   * zeroed again, which saves a pass over it; a fresh one is zero-filled, as Java does.
   */
  public static Storage allocateForOverwrite(DType dtype, int size) {
    return allocate(dtype, size, false);
  }

  private static Storage allocate(DType dtype, int size, boolean zeroed) {
    Storage s = size >= ScopedMemory.MIN_SIZE ? ScopedMemory.allocate(dtype, size, zeroed) : null;
    if (s == null) {
      s =
          dtype == DType.FLOAT32
              ? new FloatStorage(new float[size])
              : new DoubleStorage(dtype, new double[size]);
    }
    if (size >= NUMBERED_SIZE) s.serial = SERIALS.incrementAndGet();
    return s;
  }

  /**
   * The number of the last storage {@link #allocate} numbered: a storage numbered later was
   * allocated after this call.
   */
  public static int lastSerial() {
    return SERIALS.get();
  }

  /**
   * Whether {@link #allocate} made this storage after {@link #lastSerial()} returned {@code
   * before}: a fresh block that only its maker can know of. Always false for storages of fewer than
   * {@link #NUMBERED_SIZE} elements, and for wrapped arrays.
   */
  public final boolean allocatedSince(int before) {
    return serial != 0 && serial - before > 0;
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
    return this instanceof DoubleStorage ? ((DoubleStorage) this).dtype : DType.FLOAT32;
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

  /**
   * Gives up the array, which its {@code MemoryScope} hands on to later allocations: from now on
   * every access throws.
   */
  abstract Object release();

  /** Whether {@link #release()} has given up the array: every access to the data then throws. */
  public abstract boolean isReleased();

  /** The exception for any access after {@link #release()}. */
  final IllegalStateException released() {
    return new IllegalStateException(
        "tensor data used after the MemoryScope it was made in closed: its "
            + dtype().pytorchName()
            + " storage was given back for reuse. Keep a tensor that must outlive its scope with"
            + " MemoryScope.keep(tensor) before the scope closes.");
  }

  static final class FloatStorage extends Storage {
    /** Null once released. */
    private float[] data;

    FloatStorage(float[] data) {
      this.data = data;
    }

    @Override
    public int size() {
      return floats().length;
    }

    @Override
    public double get(int index) {
      return floats()[index];
    }

    @Override
    public void set(int index, double value) {
      floats()[index] = (float) value;
    }

    @Override
    public void fill(double value) {
      float[] d = floats();
      Fills.fill(d, 0, d.length, (float) value);
    }

    @Override
    public float[] floats() {
      float[] d = data;
      if (d == null) throw released();
      return d;
    }

    @Override
    public boolean isReleased() {
      return data == null;
    }

    @Override
    Object release() {
      float[] d = floats();
      data = null;
      return d;
    }
  }

  static final class DoubleStorage extends Storage {
    private final DType dtype;

    /** Null once released. */
    private double[] data;

    private final boolean integral; // INT64 or BOOL: values are rounded on the way in

    DoubleStorage(DType dtype, double[] data) {
      this.dtype = dtype;
      this.data = data;
      this.integral = !dtype.isFloatingPoint();
    }

    @Override
    public int size() {
      return doubles().length;
    }

    @Override
    public double get(int index) {
      return doubles()[index];
    }

    @Override
    public void set(int index, double value) {
      doubles()[index] = integral ? dtype().round(value) : value;
    }

    @Override
    public void fill(double value) {
      double[] d = doubles();
      Fills.fill(d, 0, d.length, dtype().round(value));
    }

    @Override
    public double[] doubles() {
      double[] d = data;
      if (d == null) throw released();
      return d;
    }

    @Override
    public boolean isReleased() {
      return data == null;
    }

    @Override
    Object release() {
      double[] d = doubles();
      data = null;
      return d;
    }
  }
}
