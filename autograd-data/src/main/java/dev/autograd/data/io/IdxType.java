package dev.autograd.data.io;

import dev.autograd.DType;

/**
 * The element types of the IDX format (the third byte of an IDX file), each with the {@link DType}
 * {@link Idx#read(java.nio.file.Path)} gives its values: the integer types become {@link
 * DType#INT64} (exact), {@link #FLOAT32} becomes {@link DType#FLOAT32} and {@link #FLOAT64} {@link
 * DType#FLOAT64}.
 *
 * <pre>{@code
 * Idx.write(Path.of("labels-idx1-ubyte"), labels, IdxType.UINT8);
 * }</pre>
 */
public enum IdxType {
  /** Unsigned bytes, 0 to 255 (code 0x08): MNIST's images and labels. */
  UINT8(0x08, 1, 0, 255, DType.INT64),
  /** Signed bytes, -128 to 127 (code 0x09). */
  INT8(0x09, 1, Byte.MIN_VALUE, Byte.MAX_VALUE, DType.INT64),
  /** Big-endian 16-bit integers (code 0x0B). */
  INT16(0x0B, 2, Short.MIN_VALUE, Short.MAX_VALUE, DType.INT64),
  /** Big-endian 32-bit integers (code 0x0C). */
  INT32(0x0C, 4, Integer.MIN_VALUE, Integer.MAX_VALUE, DType.INT64),
  /** Big-endian IEEE 754 single precision (code 0x0D). */
  FLOAT32(0x0D, 4, Double.NaN, Double.NaN, DType.FLOAT32),
  /** Big-endian IEEE 754 double precision (code 0x0E). */
  FLOAT64(0x0E, 8, Double.NaN, Double.NaN, DType.FLOAT64);

  private final int code;
  private final int bytes;
  private final double min;
  private final double max;
  private final DType dtype;

  IdxType(int code, int bytes, double min, double max, DType dtype) {
    this.code = code;
    this.bytes = bytes;
    this.min = min;
    this.max = max;
    this.dtype = dtype;
  }

  /**
   * The type code, the third byte of the file.
   *
   * @return 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E
   */
  public int code() {
    return code;
  }

  /**
   * The size of one element in the file.
   *
   * @return 1, 2, 4 or 8 bytes
   */
  public int bytes() {
    return bytes;
  }

  /**
   * The type of the tensor {@link Idx#read(java.nio.file.Path)} makes of such values.
   *
   * @return {@link DType#INT64} for the integer types, else the float type of the same precision
   */
  public DType dtype() {
    return dtype;
  }

  /**
   * Whether this is one of the integer types.
   *
   * @return true for {@link #UINT8}, {@link #INT8}, {@link #INT16} and {@link #INT32}
   */
  public boolean isInteger() {
    return !Double.isNaN(min);
  }

  /** The smallest value an integer type holds (NaN for the float types). */
  double min() {
    return min;
  }

  /** The largest value an integer type holds (NaN for the float types). */
  double max() {
    return max;
  }

  /**
   * The type of a code.
   *
   * @param code the third byte of an IDX file
   * @return the type, or null if no type has this code
   */
  static IdxType ofCode(int code) {
    for (IdxType t : values()) if (t.code == code) return t;
    return null;
  }

  /** The codes and names of every type, for error messages: "0x08 (UINT8), 0x09 (INT8), ...". */
  static String known() {
    StringBuilder s = new StringBuilder();
    for (IdxType t : values()) {
      if (s.length() > 0) s.append(", ");
      s.append(String.format("0x%02X (%s)", t.code, t.name()));
    }
    return s.toString();
  }
}
