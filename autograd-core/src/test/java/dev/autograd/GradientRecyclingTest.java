package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.internal.ScopedMemory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A gradient that backward made and that nothing outside the library has seen gives its array back
 * when its tensor lets go of it ({@code setGrad(null)}, {@code zeroGrad()}), without a {@link
 * MemoryScope}; the next large tensor of its length on the thread reuses it. A gradient anyone may
 * hold (handed out by {@code grad()}, given by the caller, seen by a hook, part of a graph) is
 * never taken.
 *
 * <p>The pools are per thread and per length, and other tests leave arrays in them: each test here
 * uses a length of its own.
 */
class GradientRecyclingTest {
  private static final int N = ScopedMemory.MIN_SIZE;

  private static float[] data(Tensor t) {
    return t.storage.floats();
  }

  /** A leaf of n elements whose gradient backward has just made (d sum(sigmoid(a)) / da). */
  private static Tensor leafWithGradient(int n) {
    Tensor a = Tensor.randn(n).requiresGrad(true);
    a.sigmoid().sum().backward();
    return a;
  }

  private static double[] sigmoidDerivative(Tensor a) {
    Tensor s = a.detach().sigmoid();
    return s.mul(s.neg().add(1)).toDoubleArray();
  }

  @Test
  void anUnseenGradientIsReusedByTheNextTensorOfItsLengthWhichComputesTheSameValues() {
    int n = N + 1;
    Tensor a = leafWithGradient(n);
    float[] gradient = data(a.peekGrad());
    Tensor x = Tensor.randn(n);
    double[] expected = x.exp().toDoubleArray();
    a.setGrad(null);
    Tensor y = x.exp();
    assertSame(gradient, data(y));
    assertArrayEquals(expected, y.toDoubleArray(), 1e-6); // vector exp: last bit varies by tier
  }

  /**
   * Element-wise ops take a recycled array without zeroing it: on gradients full of NaN given back
   * just before, each op (contiguous, transposed, broadcast) must give what it gives on a fresh
   * array.
   */
  @Test
  void elementWiseOpsOverwriteEveryElementOfARecycledArray() {
    int rows = 256;
    int cols = 257;
    Tensor x = Tensor.randn(rows, cols);
    Tensor y = Tensor.randn(cols, rows).t();
    Tensor row = Tensor.randn(1, cols);
    Map<String, Supplier<Tensor>> ops = new LinkedHashMap<>();
    ops.put("sigmoid", x::sigmoid);
    ops.put("tanh", x::tanh);
    ops.put("exp of a transposed view", y::exp);
    ops.put("relu", x::relu);
    ops.put("mul by a broadcast row", () -> x.mul(row));
    ops.put("add of a transposed view", () -> x.add(y));
    ops.put("mul by a number", () -> x.mul(3.0));
    for (Map.Entry<String, Supplier<Tensor>> op : ops.entrySet()) {
      double[] expected = op.getValue().get().toDoubleArray();
      Tensor a = Tensor.randn(rows, cols).requiresGrad(true);
      a.mul(Tensor.full(Double.NaN, rows, cols)).sum().backward();
      float[] poisoned = data(a.peekGrad());
      assertTrue(Float.isNaN(poisoned[0]) && Float.isNaN(poisoned[poisoned.length - 1]));
      a.zeroGrad();
      Tensor result = op.getValue().get();
      assertSame(poisoned, data(result), op.getKey());
      assertArrayEquals(expected, result.toDoubleArray(), 1e-6, op.getKey());
    }
  }

  @Test
  void zeroGradRecyclesAsSetGradNullDoes() {
    int n = N + 2;
    Tensor a = leafWithGradient(n);
    float[] gradient = data(a.peekGrad());
    a.zeroGrad();
    assertSame(gradient, data(Tensor.randn(n)));
  }

  @Test
  void aRecycledArrayReadsAsZerosInATensorThatStartsAsZeros() {
    int n = N + 3;
    Tensor a = leafWithGradient(n);
    float[] gradient = data(a.peekGrad());
    a.zeroGrad();
    Tensor z = Tensor.zeros(n);
    assertSame(gradient, data(z));
    assertEquals(0.0, z.abs().sum().item());
  }

  @Test
  void aRecycledGradientThrowsInsteadOfReadingAnotherTensorsData() {
    int n = N + 4;
    Tensor a = leafWithGradient(n);
    Tensor peeked = a.peekGrad();
    a.zeroGrad();
    assertTrue(peeked.storage.isReleased());
    IllegalStateException e = assertThrows(IllegalStateException.class, peeked::sum);
    assertTrue(e.getMessage().contains("given back for reuse"), e.getMessage());
  }

  @Test
  void aGradientHandedOutByGradIsNeverReused() {
    int n = N + 5;
    Tensor a = leafWithGradient(n);
    Tensor held = a.grad();
    double[] values = held.toDoubleArray();
    assertArrayEquals(sigmoidDerivative(a), values, 1e-6);
    a.zeroGrad();
    List<Tensor> later = new ArrayList<>();
    for (int i = 0; i < 3; i++) later.add(Tensor.full(5.0, n));
    for (Tensor t : later) assertNotSame(data(held), data(t));
    assertFalse(held.storage.isReleased());
    assertArrayEquals(values, held.toDoubleArray(), 0.0);
  }

  @Test
  void aGradientSeenOnlyBeforeAnotherBackwardAddedToItIsStillSeen() {
    int n = N + 6;
    Tensor a = leafWithGradient(n);
    Tensor held = a.grad();
    a.sigmoid().sum().backward(); // added in place into the held tensor, as in PyTorch
    a.setGrad(null);
    Tensor later = Tensor.full(1.0, n);
    assertNotSame(data(held), data(later));
    double[] twice = Tensor.of(sigmoidDerivative(a), n).mul(2).toDoubleArray();
    assertArrayEquals(twice, held.toDoubleArray(), 1e-6);
  }

  @Test
  void gradientsAccumulatedOverTwoBackwardsStayUnseenAndAreRecycled() {
    int n = N + 7;
    Tensor a = leafWithGradient(n);
    a.sigmoid().sum().backward();
    Tensor peeked = a.peekGrad();
    double[] twice = Tensor.of(sigmoidDerivative(a), n).mul(2).toDoubleArray();
    assertArrayEquals(twice, peeked.toDoubleArray(), 1e-6);
    float[] gradient = data(peeked);
    a.setGrad(null);
    assertSame(gradient, data(Tensor.randn(n)));
  }

  @Test
  void theCallersGradientIsNeverReused() {
    int n = N + 8;
    Tensor a = Tensor.randn(n).requiresGrad(true);
    Tensor mine = Tensor.full(3.0, n);
    a.setGrad(mine);
    a.sigmoid().sum().backward(); // adds into mine
    a.setGrad(null);
    Tensor later = Tensor.randn(n);
    assertNotSame(data(mine), data(later));
    double[] expected = Tensor.of(sigmoidDerivative(a), n).add(3).toDoubleArray();
    assertArrayEquals(expected, mine.toDoubleArray(), 1e-6);
  }

  @Test
  void aGradientAHookSawStaysIntactWhileTheSlotsOwnCopyIsRecycled() {
    int n = N + 9;
    Tensor a = Tensor.randn(n).requiresGrad(true);
    List<Tensor> seen = gradientsSeenByAHookOn(a);
    a.sigmoid().sum().backward();
    Tensor stashed = seen.get(0);
    double[] values = stashed.toDoubleArray();
    float[] slot = data(a.peekGrad());
    assertNotSame(data(stashed), slot, "the slot keeps a copy of what the hook saw");
    a.zeroGrad();
    Tensor later = Tensor.randn(n);
    assertSame(slot, data(later));
    assertFalse(stashed.storage.isReleased());
    assertArrayEquals(values, stashed.toDoubleArray(), 0.0);
  }

  @Test
  void aGradientOfAGraphBuiltWithCreateGraphIsNotRecycled() {
    int n = N + 10;
    Tensor a = Tensor.randn(n).requiresGrad(true);
    a.sigmoid().sum().backward(BackwardOptions.defaults().createGraph(true));
    Tensor peeked = a.peekGrad();
    assertTrue(peeked.requiresGrad(), "part of a graph");
    double[] values = peeked.toDoubleArray();
    a.setGrad(null);
    assertNotSame(data(peeked), data(Tensor.randn(n)));
    assertArrayEquals(values, peeked.toDoubleArray(), 0.0);
  }

  /**
   * A retained non-leaf's gradient that the engine stored uncopied also went on to its derivative,
   * which may have passed it to its inputs: it is not the slot's alone, and stays out of the pool.
   */
  @Test
  void theUncopiedRetainedGradientOfANonLeafIsNotRecycledAndTheLeafsIsIntact() {
    int n = N + 11;
    Tensor a = Tensor.randn(n).requiresGrad(true);
    Tensor y = a.mul(3).retainGrad();
    y.sigmoid().sum().backward();
    Tensor retained = y.peekGrad();
    Tensor s = y.detach().sigmoid();
    double[] dy = s.mul(s.neg().add(1)).toDoubleArray();
    double[] da = s.mul(s.neg().add(1)).mul(3).toDoubleArray();
    y.setGrad(null);
    Tensor later = Tensor.full(-1.0, n);
    assertNotSame(data(retained), data(later));
    assertArrayEquals(dy, retained.toDoubleArray(), 1e-6);
    assertArrayEquals(da, a.grad().toDoubleArray(), 1e-6);
  }

  @Test
  void float64GradientsAreRecycledToo() {
    int n = N + 12;
    Tensor a = Tensor.randn(n).to(DType.FLOAT64).requiresGrad(true);
    a.tanh().sum().backward();
    double[] gradient = a.peekGrad().storage.doubles();
    a.zeroGrad();
    Tensor later = Tensor.randn(n).to(DType.FLOAT64);
    assertSame(gradient, later.storage.doubles());
  }

  @Test
  void smallGradientsAreLeftToTheCollector() {
    int n = N - 1;
    Tensor a = leafWithGradient(n);
    Tensor peeked = a.peekGrad();
    a.zeroGrad();
    assertFalse(peeked.storage.isReleased());
  }

  @Test
  void theEngineWritesAFreshGradientOverNothingElseAfterReuse() {
    // A loop as in the benchmark: each step's gradients reuse the last step's; every step's values
    // must be those of a fresh computation.
    int n = N + 13;
    Tensor a = Tensor.randn(n).requiresGrad(true);
    Tensor b = Tensor.randn(n).requiresGrad(true);
    for (int step = 0; step < 4; step++) {
      a.setGrad(null);
      b.setGrad(null);
      a.sigmoid().mul(b.tanh()).sum().backward();
    }
    Tensor s = a.detach().sigmoid();
    Tensor t = b.detach().tanh();
    double[] da = t.mul(s).mul(s.neg().add(1)).toDoubleArray();
    double[] db = s.mul(t.mul(t).neg().add(1)).toDoubleArray();
    assertArrayEquals(da, a.grad().toDoubleArray(), 1e-6);
    assertArrayEquals(db, b.grad().toDoubleArray(), 1e-6);
  }

  @Test
  void aRetainedNonLeafGradientThatWentOnUncopiedToAnInputsHookIsNotRecycled() {
    Map<String, UnaryOperator<Tensor>> ops = new LinkedHashMap<>();
    ops.put("clone", Tensor::clone);
    ops.put("view", t -> t.view(t.numel()));
    ops.put("add", t -> t.add(Tensor.zeros(t.numel())));
    int n = N + 20;
    for (Map.Entry<String, UnaryOperator<Tensor>> op : ops.entrySet()) {
      n++;
      Tensor a = Tensor.randn(n).requiresGrad(true);
      List<Tensor> seen = gradientsSeenByAHookOn(a);
      Tensor y = op.getValue().apply(a).retainGrad();
      y.sigmoid().sum().backward();
      double[] values = seen.get(0).toDoubleArray();
      y.zeroGrad();
      Tensor.full(7.0, n);
      assertFalse(seen.get(0).storage.isReleased(), op.getKey());
      assertArrayEquals(values, seen.get(0).toDoubleArray(), 0.0, op.getKey());
    }
  }

  @Test
  void aHookThatRemovesItselfHasStillSeenTheGradient() {
    int n = N + 30;
    Tensor a = Tensor.randn(n).requiresGrad(true);
    Tensor[] stash = new Tensor[1];
    Tensor.HookHandle[] handle = new Tensor.HookHandle[1];
    handle[0] =
        a.registerHook(
            g -> {
              stash[0] = g;
              handle[0].remove();
              return null;
            });
    a.sigmoid().sum().backward();
    double[] values = stash[0].toDoubleArray();
    a.zeroGrad();
    Tensor.full(7.0, n);
    assertArrayEquals(values, stash[0].toDoubleArray(), 0.0);
  }

  /** The gradients a hook registered on t is given, in the order it is given them. */
  private static List<Tensor> gradientsSeenByAHookOn(Tensor t) {
    List<Tensor> seen = new ArrayList<>();
    t.registerHook(
        g -> {
          seen.add(g);
          return null;
        });
    return seen;
  }

  /** A hook on t that removes itself the first time it runs and returns {@code replacement}. */
  private static void registerOneShotHookReturning(Tensor t, Tensor replacement) {
    Tensor.HookHandle[] handle = new Tensor.HookHandle[1];
    handle[0] =
        t.registerHook(
            g -> {
              handle[0].remove();
              return replacement;
            });
  }

  @Test
  void theCallersTensorThatAHookThatRemovesItselfReturnedStaysTheCallers() {
    int n = N + 31;
    Tensor a = Tensor.randn(n).requiresGrad(true);
    Tensor mine = Tensor.full(0.5, n);
    registerOneShotHookReturning(a, mine);
    a.sigmoid().sum().backward();
    assertEquals(0.5 * n, a.peekGrad().sum().item(), 0.0); // peek: not marked seen
    a.zeroGrad();
    Tensor.full(7.0, n);
    assertEquals(0.5 * n, mine.sum().item(), 0.0);
  }

  @Test
  void aDerivativeDoesNotWriteOverTheTensorAHookThatRemovesItselfReturned() {
    int n = N + 32;
    Tensor a = Tensor.randn(n).requiresGrad(true);
    Tensor y = a.mul(2.0);
    Tensor mine = Tensor.full(0.5, n);
    registerOneShotHookReturning(y, mine);
    y.sum().backward();
    assertEquals(0.5 * n, mine.sum().item(), 0.0);
    assertEquals(1.0 * n, a.grad().sum().item(), 0.0);
  }

  @Test
  void peekGradLendsTheGradientThatGradReturns() {
    Tensor a = leafWithGradient(N + 33);
    Tensor peeked = a.peekGrad();
    assertTrue(peeked == a.grad(), "the same tensor");
    a.zeroGrad();
    assertTrue(!peeked.storage.isReleased(), "handed out by grad(): never given back");
  }
}
