package dev.autograd.data.io;

import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading and writing NumPy's {@code .npy} files, one array each, as {@code numpy.load} and {@code
 * numpy.save} do. A file is
 *
 * <pre>
 * offset   size   field
 * 0        6      the magic string \x93NUMPY
 * 6        2      the format version: 1 0, 2 0 or 3 0
 * 8        2 or 4 H, the header length, little-endian: 2 bytes in format 1.0, 4 in 2.0 and 3.0
 * 10 or 12 H      the header: a Python dict literal, Latin-1 (UTF-8 in format 3.0), such as
 *                 {'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }
 *                 padded with spaces and a newline so that the data start at a multiple of 64
 * ...      ...    the data: the elements, row-major (column-major if fortran_order is True)
 * </pre>
 *
 * <pre>{@code
 * Npy.save(Path.of("x.npy"), Tensor.arange(6).reshape(2, 3));   // numpy.load reads it
 * Tensor x = Npy.load(Path.of("x.npy"));                         // tensor([[0, 1, 2], [3, 4, 5]])
 * }</pre>
 *
 * <p><b>Reading</b> takes these dtypes, widened to the library's four types (every conversion is
 * exact):
 *
 * <table>
 *   <caption>.npy dtypes and the tensors read from them</caption>
 *   <tr><th>descr</th><th>NumPy type</th><th>tensor</th></tr>
 *   <tr><td>{@code <f4}</td><td>float32</td><td>FLOAT32</td></tr>
 *   <tr><td>{@code <f8}</td><td>float64</td><td>FLOAT64</td></tr>
 *   <tr><td>{@code <i8 <i4 <i2 |i1}</td><td>int64 ... int8</td><td>INT64; an int64 beyond ±2^53,
 *     where this library's INT64 tensors stop being exact, is refused</td></tr>
 *   <tr><td>{@code <u8 <u4 <u2 |u1}</td><td>uint64 ... uint8</td><td>INT64; a uint64 over
 *     2^53 is refused</td></tr>
 *   <tr><td>{@code |b1}</td><td>bool</td><td>BOOL; a byte other than 0 or 1 is refused</td></tr>
 * </table>
 *
 * and each of them big-endian ({@code >f4}, ...) as well. An array in column-major order ({@code
 * fortran_order: True}) is read into a tensor of the same shape and values (stored row-major), a
 * 0-d array into a 0-d tensor, an empty array into an empty tensor of its shape.
 *
 * <p>The header is parsed as the dict literal it is (strings, {@code True}, {@code False}, tuples
 * of integers; nothing is evaluated) and must have exactly the keys {@code descr}, {@code
 * fortran_order} and {@code shape}. A file that breaks the format fails with a {@link
 * TensorException} naming the call, the file, what was found and what was expected: a wrong magic
 * string or version; a header longer than 65535 bytes or than the file, or one that does not parse;
 * an unknown dtype, a structured one, or Python objects ({@code |O}, which NumPy stores with
 * pickle); a shape of more than 2^31 - 1 elements; data shorter or longer than the shape declares.
 * Sizes are checked against the file before anything is allocated, and nothing past the declared
 * data is read.
 *
 * <p><b>Writing</b> gives FLOAT32 tensors dtype {@code <f4}, FLOAT64 {@code <f8}, INT64 {@code <i8}
 * and BOOL {@code |b1}, in C order (a view is written as its values in row-major order), with the
 * same bytes {@code numpy.save} writes for that array: format 1.0 (or 2.0 on request), the same
 * header and padding. The file is written whole or not at all: to a temporary file in the same
 * folder that is then moved over the target.
 */
public final class Npy {
  private Npy() {}

  /**
   * Reads the array of a {@code .npy} file.
   *
   * @param path the file
   * @return a new contiguous tensor of the array's shape and values, of the type the class
   *     description lists for its dtype; it does not require grad
   * @throws IOException if the file cannot be read
   * @throws TensorException if the file breaks the format or holds an array this library cannot
   *     hold (see the class description); the message names the file
   * @throws IllegalArgumentException if {@code path} is null
   */
  public static Tensor load(Path path) throws IOException {
    IoChecks.nonNull("Npy.load", "path", path);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      return NpyFormat.read(in, Files.size(path), "Npy.load: " + path);
    }
  }

  /**
   * Writes {@code tensor} to {@code path} in format 1.0, as {@code numpy.save(path, array)} does.
   *
   * @param path the file to create or replace; missing parent folders are created
   * @param tensor the tensor (any of the four types; the class description lists the dtypes)
   * @throws IOException if the file cannot be written; an existing file is then left as it was
   * @throws IllegalArgumentException if an argument is null
   */
  public static void save(Path path, Tensor tensor) throws IOException {
    save(path, tensor, 1);
  }

  /**
   * Writes {@code tensor} to {@code path} in the given format version, as {@code
   * numpy.lib.format.write_array(f, array, version=(major, 0))} does. Format 2.0 differs from 1.0
   * only by a 4-byte header length, and is read by NumPy 1.9 and later.
   *
   * @param path the file to create or replace; missing parent folders are created
   * @param tensor the tensor
   * @param major the format version: 1 or 2
   * @throws IOException if the file cannot be written; an existing file is then left as it was
   * @throws IllegalArgumentException if an argument is null or {@code major} is not 1 or 2
   */
  public static void save(Path path, Tensor tensor, int major) throws IOException {
    String call = "Npy.save";
    IoChecks.nonNull(call, "path", path);
    IoChecks.nonNull(call, "tensor", tensor);
    if (major != 1 && major != 2) {
      throw new IllegalArgumentException(
          call + ": the format version should be 1 or 2 (1.0 or 2.0), got " + major);
    }
    AtomicFiles.write(path, out -> NpyFormat.write(out, tensor, major));
  }
}
