/**
 * Readers and writers of data files: NumPy's {@code .npy} arrays ({@link dev.autograd.data.io.Npy})
 * and {@code .npz} archives ({@link dev.autograd.data.io.Npz}), CSV tables ({@link
 * dev.autograd.data.io.CsvReader}, {@link dev.autograd.data.io.CsvWriter}), and {@link
 * dev.autograd.data.io.Idx}, the IDX format of MNIST and its kin (plain or gzipped), with its
 * element types {@link dev.autograd.data.io.IdxType}.
 *
 * <pre>{@code
 * Npy.save(Path.of("x.npy"), Tensor.rand(new Generator(0), 4, 3));
 * Tensor x = Npy.load(Path.of("x.npy"));
 * List<Tensor> xy = CsvReader.builder().build()
 *     .read(Path.of("data.csv"), CsvColumns.from(1), CsvColumns.column("label"));
 * Tensor images = Idx.readImages(Path.of("mnist/train-images-idx3-ubyte.gz")); // [60000, 28, 28]
 * Tensor labels = Idx.read(Path.of("mnist/train-labels-idx1-ubyte.gz"));       // [60000] INT64
 * }</pre>
 *
 * <p>A file that breaks its format fails with a {@link dev.autograd.TensorException} naming the
 * call, the file, what was found and what was expected (for CSV, the line and the column); a bad
 * argument with an {@link IllegalArgumentException}. Files are written whole or not at all: to a
 * temporary file in the same folder, then moved over the target.
 */
package dev.autograd.data.io;
