/** Fits a line with autograd-java's layers and optimizers. */
module com.example.fitline {
  // Brings dev.autograd.core as well (Tensor), which dev.autograd.nn requires transitively.
  requires dev.autograd.nn;

  exports com.example.fitline;
}
