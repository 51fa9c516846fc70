package dev.autograd;

/** PyTorch-style printing of tensors. */
final class TensorFormatter {
  private TensorFormatter() {}

  static String format(Tensor t) {
    return "tensor(" + java.util.Arrays.toString(t.toDoubleArray()) + ")";
  }
}
