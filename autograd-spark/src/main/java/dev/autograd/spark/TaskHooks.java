package dev.autograd.spark;

/**
 * A test seam: called in each Spark task before it computes, with the step and the partition. The
 * fault tests set it to throw (once, or always); it is null otherwise. Static, because Spark's
 * local mode runs the tasks in the test's JVM, where the test can reach it.
 */
final class TaskHooks {
  /** Receives a task's step and partition before it computes. */
  @FunctionalInterface
  interface Hook {
    void beforePartition(long step, int partition);
  }

  static volatile Hook hook;

  private TaskHooks() {}

  static void beforePartition(long step, int partition) {
    Hook h = hook;
    if (h != null) h.beforePartition(step, partition);
  }
}
