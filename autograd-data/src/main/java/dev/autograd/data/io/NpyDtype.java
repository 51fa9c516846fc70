package dev.autograd.data.io;

import dev.autograd.DType;
import dev.autograd.TensorException;
import java.nio.ByteOrder;

/**
 * An element type of a {@code .npy} file, as NumPy's descr names it: a byte order ({@code <}
 * little-endian, {@code >} big-endian, {@code |} not applicable, for one-byte types), a kind and a
 * size in bytes.
 */
final class NpyDtype {
  /** The kinds read, each with the tensor type it is read as. */
  enum Kind {
    FLOAT('f', DType.FLOAT32),
    SIGNED('i', DType.INT64),
    UNSIGNED('u', DType.INT64),
    BOOL('b', DType.BOOL);

    final char code;
    final DType readAs;

    Kind(char code, DType readAs) {
      this.code = code;
      this.readAs = readAs;
    }
  }

  /** The descrs this reader takes, for messages. */
  static final String READ =
      "<f4 <f8 <i8 <i4 <i2 |i1 <u8 <u4 <u2 |u1 |b1, or the same with > (big-endian)";

  final String descr;
  final Kind kind;
  final int size;
  final ByteOrder order;

  private NpyDtype(String descr, Kind kind, int size, ByteOrder order) {
    this.descr = descr;
    this.kind = kind;
    this.size = size;
    this.order = order;
  }

  /** The tensor type elements of this type are read as. */
  DType readAs() {
    return kind == Kind.FLOAT && size == 8 ? DType.FLOAT64 : kind.readAs;
  }

  /** The type a tensor of {@code dtype} is written as: {@code <f4 <f8 <i8 |b1}. */
  static NpyDtype writtenAs(DType dtype) {
    switch (dtype) {
      case FLOAT32:
        return new NpyDtype("<f4", Kind.FLOAT, 4, ByteOrder.LITTLE_ENDIAN);
      case FLOAT64:
        return new NpyDtype("<f8", Kind.FLOAT, 8, ByteOrder.LITTLE_ENDIAN);
      case INT64:
        return new NpyDtype("<i8", Kind.SIGNED, 8, ByteOrder.LITTLE_ENDIAN);
      default:
        return new NpyDtype("|b1", Kind.BOOL, 1, ByteOrder.LITTLE_ENDIAN);
    }
  }

  /**
   * The type a descr names.
   *
   * @throws TensorException if it is not one of {@link #READ}
   */
  static NpyDtype parse(String descr, String where) {
    if (descr.equals("|O") || descr.equals("O") || descr.equals("<O") || descr.equals(">O")) {
      throw new TensorException(
          where
              + ": the array has dtype '"
              + descr
              + "', Python objects stored with pickle, which this reader does not read (it reads "
              + READ
              + ")");
    }
    NpyDtype type = known(descr);
    if (type == null) {
      throw new TensorException(
          where
              + ": the array has dtype '"
              + descr
              + "', not one this reader reads ("
              + READ
              + ")");
    }
    return type;
  }

  private static NpyDtype known(String descr) {
    if (descr.length() != 3) return null;
    char order = descr.charAt(0);
    int size = descr.charAt(2) - '0';
    Kind kind = null;
    for (Kind k : Kind.values()) {
      if (k.code == descr.charAt(1)) kind = k;
    }
    if (kind == null) return null;
    boolean sized =
        kind == Kind.FLOAT
            ? size == 4 || size == 8
            : kind == Kind.BOOL ? size == 1 : size == 1 || size == 2 || size == 4 || size == 8;
    if (!sized) return null;
    // One-byte types have no byte order: NumPy writes '|', and takes '<' and '>' as well.
    if (order == '|' && size != 1) return null;
    if (order != '<' && order != '>' && order != '|') return null;
    return new NpyDtype(
        descr, kind, size, order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
  }
}
