/**
 * Data sets, samplers and a data loader ({@link dev.autograd.data}), as {@code torch.utils.data}.
 */
module dev.autograd.data {
  // Transitive: data sets hold and return Tensors, so a user of this module needs core as well.
  requires transitive dev.autograd.core;

  exports dev.autograd.data;
  exports dev.autograd.data.io;
}
