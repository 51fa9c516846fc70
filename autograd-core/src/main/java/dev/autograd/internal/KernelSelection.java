package dev.autograd.internal;

import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Picks the kernel implementation once, when first needed, in the manner of Lucene's
 * VectorizationProvider: the Vector API implementation when the JVM can run it, the plain one
 * otherwise, and one log line that says which and why.
 *
 * <p>The Vector API classes are compiled separately ({@code src/main/java-vector}) and loaded by
 * name here, the only reflection in the library, so that the jar runs on Java 17 without the
 * incubator module.
 */
final class KernelSelection {
  private KernelSelection() {}

  /** Turns the Vector API kernels off when set to {@code false}. */
  static final String PROPERTY = "autograd.vectorization";

  private static final String VECTOR_CLASS = "dev.autograd.internal.VectorKernels";

  static final Kernels KERNELS = select();

  private static Kernels select() {
    System.Logger log = System.getLogger("dev.autograd");
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim())) {
      log.log(Level.INFO, "autograd kernels: plain Java (-D" + PROPERTY + "=false)");
      return PlainKernels.INSTANCE;
    }
    Optional<Module> vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector");
    if (vectorModule.isEmpty()) {
      log.log(
          Level.INFO,
          "autograd kernels: plain Java. Start java with --add-modules jdk.incubator.vector for"
              + " the faster Vector API kernels.");
      return PlainKernels.INSTANCE;
    }
    // NOTE: on the module path dev.autograd.core must read the incubator module for the kernels
    // to link. It does not declare it (not even `requires static`, which makes javac warn about
    // an incubating module in every build that compiles against this module), so the read edge is
    // added here; on the class path the library is in the unnamed module, which reads every module.
    KernelSelection.class.getModule().addReads(vectorModule.get());
    try {
      Kernels vector = (Kernels) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance();
      log.log(Level.INFO, "autograd kernels: Vector API (" + vector + ")");
      return vector;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      log.log(
          Level.WARNING,
          "autograd kernels: plain Java; the Vector API kernels failed to load: " + e);
      return PlainKernels.INSTANCE;
    }
  }
}
