package dev.autograd.data;

/** Argument checks shared by the data sets, each message naming the call. */
final class Checks {
  private Checks() {}

  static void index(String call, int index, int size) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(
          call + ": index " + index + " is out of range for a data set of size " + size);
    }
  }

  static <T> T nonNull(String call, String name, T value) {
    if (value == null) throw new IllegalArgumentException(call + ": " + name + " is null");
    return value;
  }
}
