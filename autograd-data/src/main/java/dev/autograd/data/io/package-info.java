/**
 * Readers and writers of data files: {@link dev.autograd.data.io.Idx}, the IDX format of MNIST and
 * its kin (plain or gzipped), with its element types {@link dev.autograd.data.io.IdxType}.
 *
 * <pre>{@code
 * Tensor images = Idx.readImages(Path.of("mnist/train-images-idx3-ubyte.gz")); // [60000, 28, 28]
 * Tensor labels = Idx.read(Path.of("mnist/train-labels-idx1-ubyte.gz"));       // [60000] INT64
 * }</pre>
 */
package dev.autograd.data.io;
