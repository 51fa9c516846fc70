package dev.autograd;

/** Thrown by {@link GradCheck} when analytical and numerical derivatives disagree. */
public class GradCheckException extends TensorException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message. */
  public GradCheckException(String message) {
    super(message);
  }
}
