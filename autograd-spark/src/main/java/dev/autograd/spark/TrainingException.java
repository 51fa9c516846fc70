package dev.autograd.spark;

import dev.autograd.TensorException;

/**
 * A training step that could not be completed: a Spark job that failed after its retries, or
 * parameters that reached an executor out of date. The trainer's model, optimizer and scheduler are
 * then as they were before the step (no partial gradient is ever applied), so the step may be tried
 * again.
 */
public class TrainingException extends TensorException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message.
   *
   * @param message what failed, naming the step
   */
  public TrainingException(String message) {
    super(message);
  }

  /**
   * An exception with a message and its cause.
   *
   * @param message what failed, naming the step
   * @param cause the underlying failure, such as Spark's job failure
   */
  public TrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
