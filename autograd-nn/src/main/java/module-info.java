/**
 * Neural-network layers, losses and the model file format ({@link dev.autograd.nn}), optimizers
 * with their learning-rate schedulers ({@link dev.autograd.optim}), and other libraries' tensor
 * files ({@link dev.autograd.io}).
 */
module dev.autograd.nn {
  // Transitive: layers take and return Tensors, so a user of this module needs core as well.
  requires transitive dev.autograd.core;
  requires org.slf4j;

  exports dev.autograd.io;
  exports dev.autograd.nn;
  exports dev.autograd.optim;
}
