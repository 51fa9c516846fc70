/**
 * Data sets, samplers and a data loader in the manner of PyTorch's {@code torch.utils.data}.
 *
 * <pre>{@code
 * Tensor x = Tensor.rand(new Generator(0), 100, 3);
 * Tensor y = Tensor.arange(100);
 * TensorDataset data = new TensorDataset(x, y);
 * List<Subset<List<Tensor>>> parts =
 *     Datasets.randomSplit(data, new double[] {0.8, 0.2}, new Generator(1));
 * DataLoader<List<Tensor>, List<Tensor>> train =
 *     DataLoader.builder(parts.get(0)).batchSize(16).shuffle(true).build();
 * for (List<Tensor> batch : train) {
 *   Tensor xb = batch.get(0); // [16, 3]
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.autograd.data.Dataset}: a size and a sample per index; {@link
 *       dev.autograd.data.TensorDataset}, {@link dev.autograd.data.Subset}, {@link
 *       dev.autograd.data.ConcatDataset};
 *   <li>{@link dev.autograd.data.Datasets#randomSplit(Dataset, double[], dev.autograd.Generator)};
 *   <li>samplers: {@link dev.autograd.data.SequentialSampler}, {@link
 *       dev.autograd.data.RandomSampler}, {@link dev.autograd.data.WeightedRandomSampler} (all
 *       {@link dev.autograd.data.Sampler}s) and {@link dev.autograd.data.BatchSampler};
 *   <li>{@link dev.autograd.data.DataLoader}: batches shuffled from a generator or ordered by a
 *       sampler, stacked by a default collate function or made by one of the user's, read on the
 *       calling thread or by worker threads ({@link dev.autograd.data.DataLoaderException} for
 *       their failures), the same for any number of workers: a sample's random numbers come from
 *       {@link dev.autograd.data.SampleContext#random()}.
 *   <li>{@link dev.autograd.data.Transforms}: {@link dev.autograd.data.Transform}s of image tensors
 *       (normalize, random crop, horizontal flip, composed), applied to a data set's samples by
 *       {@link dev.autograd.data.Dataset#map(java.util.function.Function)}.
 *   <li>{@link dev.autograd.data.Progress}: a progress bar, periodic lines or SLF4J lines with the
 *       rate and ETA of long work, for a loader's epochs and for training loops; off by default.
 * </ul>
 */
package dev.autograd.data;
