package dev.autograd;

/**
 * Thrown when an op is given something it cannot work with: shapes that do not broadcast, a dim out
 * of range, a backward through a freed graph, and so on. The message names the op, the shapes or
 * values involved, and what was expected.
 */
public class TensorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with the given message.
   *
   * @param message the op, the shapes or values involved, and what was expected
   */
  public TensorException(String message) {
    super(message);
  }

  /**
   * An exception with the given message and cause.
   *
   * @param message the op, the shapes or values involved, and what was expected
   * @param cause the exception that led to this one
   */
  public TensorException(String message, Throwable cause) {
    super(message, cause);
  }
}
