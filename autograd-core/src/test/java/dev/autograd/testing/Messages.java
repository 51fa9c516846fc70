package dev.autograd.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.TensorException;
import org.junit.jupiter.api.function.Executable;

/** Assertions on the library's error messages. */
public final class Messages {
  private Messages() {}

  /**
   * Asserts that {@code call} throws a {@link TensorException} whose message contains every one of
   * {@code fragments}, and returns it.
   */
  public static TensorException assertMessage(Executable call, String... fragments) {
    TensorException e = assertThrows(TensorException.class, call);
    String message = e.getMessage();
    for (String f : fragments) {
      assertTrue(message.contains(f), "expected '" + f + "' in: " + message);
    }
    return e;
  }
}
