package dev.autograd.internal;

import dev.autograd.TensorException;
import java.util.Collection;

/**
 * The null checks of the public API: a null argument is reported as a {@link TensorException}
 * naming the op the user called and the parameter ({@code "cat: tensors[2] is null"}), never as a
 * NullPointerException from somewhere inside the library.
 */
public final class Arguments {
  private Arguments() {}

  /**
   * Returns {@code value}, or throws {@code "op: name is null"}.
   *
   * @param <T> the argument's type
   * @param op the op the user called, as its messages name it
   * @param name the parameter's name
   * @param value the argument
   * @return {@code value}, not null
   */
  public static <T> T requireNonNull(String op, String name, T value) {
    if (value == null) throw isNull(op, name);
    return value;
  }

  /**
   * Returns {@code values}, or throws {@code "op: name is null"} or {@code "op: name[i] is null"}
   * for the first null element.
   *
   * @param <C> the collection's type
   * @param op the op the user called, as its messages name it
   * @param name the parameter's name
   * @param values the argument
   * @return {@code values}, neither null nor holding null
   */
  public static <C extends Collection<?>> C requireNoNulls(String op, String name, C values) {
    if (values == null) throw isNull(op, name);
    int i = 0;
    for (Object v : values) {
      if (v == null) throw isNull(op, name + "[" + i + "]");
      i++;
    }
    return values;
  }

  /**
   * {@link #requireNoNulls(String, String, Collection)} for an array.
   *
   * @param <T> the element type
   * @param op the op the user called, as its messages name it
   * @param name the parameter's name
   * @param values the argument
   * @return {@code values}, neither null nor holding null
   */
  public static <T> T[] requireNoNulls(String op, String name, T[] values) {
    if (values == null) throw isNull(op, name);
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) throw isNull(op, name + "[" + i + "]");
    }
    return values;
  }

  // NOTE: the message is built out of the checks, which run on every op and the JIT should inline.
  private static TensorException isNull(String op, String name) {
    return new TensorException(op + ": " + name + " is null");
  }
}
