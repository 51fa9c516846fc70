package dev.autograd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The counters that spare allocations the thread-local lookup forget the threads that ended. */
class ScopedMemoryThreadsTest {

  @Test
  void scopesLeftOpenByAThreadThatEndedAreNoLongerCounted() throws Exception {
    int before = ScopedMemory.openScopes();
    Thread t =
        new Thread(
            () -> {
              ScopedMemory.open();
              ScopedMemory.open();
            });
    t.start();
    t.join();
    for (int i = 0; i < 50 && ScopedMemory.openScopes() != before; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertEquals(before, ScopedMemory.openScopes(), "open scopes counted after their thread ended");
  }
}
