/**
 * Data sets, samplers and a data loader ({@link dev.autograd.data}), as {@code torch.utils.data},
 * and readers and writers of data files ({@link dev.autograd.data.io}).
 */
module dev.autograd.data {
  // Transitive: data sets hold and return Tensors, so a user of this module needs core as well.
  requires transitive dev.autograd.core;
  // Transitive: Progress.log takes an SLF4J Logger.
  requires transitive org.slf4j;

  exports dev.autograd.data;
  exports dev.autograd.data.io;
}
