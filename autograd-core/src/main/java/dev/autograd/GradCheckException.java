package dev.autograd;

/** Thrown by {@link GradCheck} when analytical and numerical derivatives disagree. */
public class GradCheckException extends TensorException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with the given message.
   *
   * @param message which input and element disagreed, and both derivatives
   */
  public GradCheckException(String message) {
    super(message);
  }
}
