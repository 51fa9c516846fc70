/**
 * Charts of functions, losses, descent paths and gradients, drawn with XChart ({@link
 * dev.autograd.plot}).
 */
module dev.autograd.plot {
  // Transitive, each for types in this module's API: Module (nn, and with it core's Tensor),
  // BufferedImage (java.desktop), XYChart and LegendPosition (XChart).
  requires transitive dev.autograd.nn;
  requires transitive java.desktop;
  // XChart and VectorGraphics2D (SVG export) have neither a module descriptor nor an
  // Automatic-Module-Name: their module names are the ones Java derives from their jar names.
  requires transitive xchart;
  requires VectorGraphics2D;
  requires org.slf4j;

  exports dev.autograd.plot;
}
