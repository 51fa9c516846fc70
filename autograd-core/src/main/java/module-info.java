/**
 * Tensors with reverse-mode automatic differentiation: {@link dev.autograd.Tensor}, {@link
 * dev.autograd.Autograd} and the rest of package {@link dev.autograd}.
 *
 * <p>The kernels use the incubating Vector API when the JVM is started with {@code --add-modules
 * jdk.incubator.vector}, and plain Java otherwise; the module is never required to run.
 */
// The qualified export names modules that are compiled after this one, which javac would report as
// not found.
@SuppressWarnings("module")
module dev.autograd.core {
  // No requirement on jdk.incubator.vector, not even a static one: KernelSelection adds the read
  // edge when the JVM has the module, and loads the Vector API kernels by name only then.
  // Logging: the SLF4J API, as in the other modules; the user brings the backend.
  requires org.slf4j;

  exports dev.autograd;
  // Implementation shared with the library's own modules (the gradient slots optimizers recycle,
  // atomic file writes); not API.
  exports dev.autograd.internal to
      dev.autograd.nn,
      dev.autograd.data,
      dev.autograd.plot;
}
