package dev.autograd.io;

import dev.autograd.DType;

/**
 * The element types of the safetensors format, in the format's order of increasing alignment (the
 * order in which its reference writer sorts tensors, largest first), with the {@link DType} each is
 * read as.
 */
enum SafeTensorsDtype {
  BOOL(1, DType.BOOL),
  U8(1, DType.INT64),
  I8(1, DType.INT64),
  F8_E5M2(1, null),
  F8_E4M3(1, null),
  I16(2, DType.INT64),
  U16(2, DType.INT64),
  F16(2, DType.FLOAT32),
  BF16(2, DType.FLOAT32),
  I32(4, DType.INT64),
  U32(4, DType.INT64),
  F32(4, DType.FLOAT32),
  F64(8, DType.FLOAT64),
  I64(8, DType.INT64),
  U64(8, DType.INT64);

  /** Bytes per element. */
  final int size;

  /** The dtype of the tensors read from elements of this type; null if they cannot be read. */
  final DType loadedAs;

  SafeTensorsDtype(int size, DType loadedAs) {
    this.size = size;
    this.loadedAs = loadedAs;
  }

  /** The format's name for it, as in the header: "F32", "BF16". */
  String code() {
    return name();
  }

  /** The type of the given name, or null if the format has none of that name. */
  static SafeTensorsDtype of(String code) {
    for (SafeTensorsDtype t : values()) {
      if (t.name().equals(code)) return t;
    }
    return null;
  }

  /** The type a tensor of {@code dtype} is written as. */
  static SafeTensorsDtype writtenAs(DType dtype) {
    switch (dtype) {
      case FLOAT32:
        return F32;
      case FLOAT64:
        return F64;
      case INT64:
        return I64;
      default:
        return BOOL;
    }
  }
}
