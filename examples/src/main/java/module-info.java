/**
 * The tutorial as runnable programs ({@link dev.autograd.examples}): what a program that uses the
 * library on the module path declares.
 */
module dev.autograd.examples {
  // Transitively nn, core, java.desktop and XChart as well.
  requires dev.autograd.plot;
  // The data of Digits (its IDX files) and SmallTransformer, and their loaders.
  requires dev.autograd.data;
  requires org.slf4j;

  exports dev.autograd.examples;
}
