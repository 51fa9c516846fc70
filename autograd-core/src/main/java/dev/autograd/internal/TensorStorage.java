package dev.autograd.internal;

import dev.autograd.Tensor;
import dev.autograd.TensorException;

/**
 * The storage and offset of a tensor, for kernels of the library's own modules that write the
 * arrays of tensors they made (an LSTM's steps, in autograd-nn): {@code Tensor} keeps them private
 * to its package and hands this class the means to read them when it is loaded. Not API.
 */
public final class TensorStorage {
  private TensorStorage() {}

  /** What {@code Tensor} lends: its fields. */
  public interface Access {
    /**
     * The tensor's storage.
     *
     * @param t a tensor
     * @return its storage
     */
    Storage storage(Tensor t);

    /**
     * The index of the tensor's first element in its storage.
     *
     * @param t a tensor
     * @return its offset
     */
    int offset(Tensor t);
  }

  private static Access access;

  /**
   * Called once, by {@code Tensor} when it is loaded.
   *
   * @param tensorAccess the means to read a tensor's fields
   * @throws TensorException if called again
   */
  public static synchronized void install(Access tensorAccess) {
    if (access != null) throw new TensorException("TensorStorage: already installed");
    access = tensorAccess;
  }

  /**
   * The storage of {@code t}.
   *
   * @param t a tensor (whose class is therefore loaded, and the access installed)
   * @return its storage
   */
  public static Storage of(Tensor t) {
    return access.storage(t);
  }

  /**
   * The index of the first element of {@code t} in its storage.
   *
   * @param t a tensor
   * @return its offset
   */
  public static int offset(Tensor t) {
    return access.offset(t);
  }
}
