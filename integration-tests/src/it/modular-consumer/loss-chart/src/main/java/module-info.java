/** Charts the losses of com.example.fitline's training. */
module com.example.losschart {
  requires com.example.fitline;
  // Brings dev.autograd.nn, dev.autograd.core, java.desktop and XChart as well.
  requires dev.autograd.plot;
}
