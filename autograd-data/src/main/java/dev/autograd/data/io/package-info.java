/**
 * Readers and writers of data files: NumPy's {@code .npy} arrays ({@link dev.autograd.data.io.Npy})
 * and {@code .npz} archives ({@link dev.autograd.data.io.Npz}), and CSV tables ({@link
 * dev.autograd.data.io.CsvReader}, {@link dev.autograd.data.io.CsvWriter}).
 *
 * <pre>{@code
 * Npy.save(Path.of("x.npy"), Tensor.rand(new Generator(0), 4, 3));
 * Tensor x = Npy.load(Path.of("x.npy"));
 * List<Tensor> xy = CsvReader.builder().build()
 *     .read(Path.of("data.csv"), CsvColumns.from(1), CsvColumns.column("label"));
 * }</pre>
 *
 * <p>A file that breaks its format fails with a {@link dev.autograd.TensorException} naming the
 * call, the file, what was found and what was expected (for CSV, the line and the column); a bad
 * argument with an {@link IllegalArgumentException}. Files are written whole or not at all: to a
 * temporary file in the same folder, then moved over the target.
 */
package dev.autograd.data.io;
