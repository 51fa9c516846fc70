package dev.autograd;

import static dev.autograd.testing.Reachability.assertCollected;

import java.lang.ref.WeakReference;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A thread that ends leaves nothing reachable behind in the library's per-thread state: its open
 * memory scopes, their tensors and arrays, its grad mode.
 */
class ThreadEndTest {

  /** Runs {@code body} on a thread of its own, to its end. */
  private static void onAThreadThatEnds(Runnable body) throws InterruptedException {
    Thread t = new Thread(body, "ends");
    t.start();
    t.join();
  }

  @Test
  void aThreadThatEndsWithScopesOpenLeavesTheirTensorsToTheCollector() throws Exception {
    Map<String, WeakReference<?>> left = new LinkedHashMap<>();
    onAThreadThatEnds(
        () -> {
          MemoryScope.open(); // never closed
          Tensor x = Tensor.randn(1 << 16);
          Tensor y = x.tanh().mul(2);
          MemoryScope.open(); // nested, never closed either
          Tensor z = Tensor.zeros(1 << 16).add(y);
          // A gradient let go of inside a scope, which then belongs to the scope.
          Tensor w = Tensor.randn(1 << 16).requiresGrad(true);
          w.mul(z).sum().backward();
          w.zeroGrad();
          left.put("the scope's factory tensor", new WeakReference<>(x));
          left.put("the factory tensor's array", new WeakReference<>(x.storage.floats()));
          left.put("the scope's op result", new WeakReference<>(y));
          left.put("the op result's array", new WeakReference<>(y.storage.floats()));
          left.put("the inner scope's tensor", new WeakReference<>(z));
          left.put("the inner scope's array", new WeakReference<>(z.storage.floats()));
          left.put("the leaf whose gradient the scope took", new WeakReference<>(w));
        });
    left.forEach((what, ref) -> assertCollected(ref, what));
  }

  @Test
  void aThreadThatEndsLeavesItsGradModeStateToTheCollector() throws Exception {
    Map<String, WeakReference<?>> left = new LinkedHashMap<>();
    onAThreadThatEnds(
        () -> {
          Tensor w = Tensor.ones(3).requiresGrad(true);
          w.mul(2).sum().backward(); // looks its state up, and gives it an engine work space
          left.put("the thread's grad mode state", new WeakReference<>(GradMode.state()));
          left.put("the thread", new WeakReference<>(Thread.currentThread()));
        });
    left.forEach((what, ref) -> assertCollected(ref, what));
  }
}
