package dev.autograd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.Level;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.NOPLogger;
import org.slf4j.helpers.SubstituteLogger;

/** Which kernels are chosen, and how loudly the choice is logged. */
class KernelSelectionTest {
  private static final String VECTOR_CLASS = "dev.autograd.internal.VectorKernels";

  private static boolean jvmHasVectorModule() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /** Selects with {@code vectorClass} and returns the levels of what was logged. */
  private static List<Level> levelsLoggedSelecting(String vectorClass) {
    BlockingQueue<SubstituteLoggingEvent> events = new ArrayBlockingQueue<>(16);
    SubstituteLogger target = new SubstituteLogger("dev.autograd", events, false);
    KernelSelection.select(new EventRecordingLogger(target, events), vectorClass);
    List<Level> levels = new ArrayList<>();
    for (SubstituteLoggingEvent e : events) levels.add(e.getLevel());
    return levels;
  }

  @Test
  void theChoiceIsLoggedAtDebug() {
    assertEquals(List.of(Level.DEBUG), levelsLoggedSelecting(VECTOR_CLASS));
  }

  @Test
  void turningTheVectorApiOffIsLoggedAtDebug() {
    String before = System.getProperty(KernelSelection.PROPERTY);
    System.setProperty(KernelSelection.PROPERTY, "false");
    try {
      assertEquals(List.of(Level.DEBUG), levelsLoggedSelecting(VECTOR_CLASS));
    } finally {
      if (before == null) System.clearProperty(KernelSelection.PROPERTY);
      else System.setProperty(KernelSelection.PROPERTY, before);
    }
  }

  // NOTE: the suite runs twice, with and without jdk.incubator.vector; each test below asserts what
  // the JVM it runs in must do.

  @Test
  void vectorKernelsThatFailToLoadAreAWarningOnlyWhenTheModuleWasAskedFor() {
    List<Level> levels = levelsLoggedSelecting("dev.autograd.internal.NoSuchKernels");
    assertEquals(List.of(jvmHasVectorModule() ? Level.WARN : Level.DEBUG), levels);
  }

  @Test
  void theVectorKernelsAreChosenExactlyWhenTheModuleIsThere() {
    Kernels chosen = KernelSelection.select(NOPLogger.NOP_LOGGER, VECTOR_CLASS);
    if (jvmHasVectorModule()) {
      assertEquals(VECTOR_CLASS, chosen.getClass().getName());
    } else {
      assertSame(PlainKernels.INSTANCE, chosen);
    }
    assertSame(
        PlainKernels.INSTANCE,
        KernelSelection.select(NOPLogger.NOP_LOGGER, "dev.autograd.internal.NoSuchKernels"),
        "kernels that fail to load leave the plain ones");
  }
}
