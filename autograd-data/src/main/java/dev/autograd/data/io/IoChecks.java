package dev.autograd.data.io;

/** Argument checks shared by the readers and writers, each message naming the call. */
final class IoChecks {
  private IoChecks() {}

  static <T> T nonNull(String call, String name, T value) {
    if (value == null) throw new IllegalArgumentException(call + ": " + name + " is null");
    return value;
  }
}
