/**
 * Readers and writers of data files: NumPy's {@code .npy} ({@link dev.autograd.data.io.Npy}) and
 * {@code .npz} archives, and CSV tables.
 *
 * <pre>{@code
 * Npy.save(Path.of("x.npy"), Tensor.rand(new Generator(0), 4, 3));
 * Tensor x = Npy.load(Path.of("x.npy"));
 * }</pre>
 *
 * <p>A file that breaks its format fails with a {@link dev.autograd.TensorException} naming the
 * call, the file, what was found and what was expected; a bad argument with an {@link
 * IllegalArgumentException}. Files are written whole or not at all.
 */
package dev.autograd.data.io;
