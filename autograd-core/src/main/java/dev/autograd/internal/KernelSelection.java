package dev.autograd.internal;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the kernel implementation once, when first needed, in the manner of Lucene's
 * VectorizationProvider: the Vector API implementation when the JVM can run it, the plain one
 * otherwise, and one log line that says which and why: at DEBUG, except when the JVM has the
 * incubator module (the user asked for the Vector API) and its kernels fail to load, a WARN.
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

  static final Kernels KERNELS = select(LoggerFactory.getLogger("dev.autograd"), VECTOR_CLASS);

  /**
   * The kernels to use, logged to {@code log}; {@code vectorClass} names the Vector API
   * implementation (tests name a missing one to see a failed load).
   */
  static Kernels select(Logger log, String vectorClass) {
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim())) {
      log.debug("autograd kernels: plain Java (-D{}=false)", PROPERTY);
      return PlainKernels.INSTANCE;
    }
    Optional<Module> vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector");
    if (vectorModule.isEmpty()) {
      log.debug(
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
      Kernels vector = (Kernels) Class.forName(vectorClass).getDeclaredConstructor().newInstance();
      log.debug("autograd kernels: Vector API ({})", vector);
      return vector;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      log.warn(
          "autograd kernels: plain Java; the Vector API kernels failed to load: {}", e.toString());
      return PlainKernels.INSTANCE;
    }
  }
}
