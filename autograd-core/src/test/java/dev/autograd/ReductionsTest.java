package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * sum() and mean() of a whole contiguous tensor take a path of their own (no plan, no views): it
 * must give the very numbers, types and gradients of the general reduction over all dims.
 */
class ReductionsTest {
  private static final int[] SIZES = {1, 7, 40_000, 300_000}; // the last split across threads

  @AfterEach
  void restoreThreads() {
    Parallelism.setThreads(Runtime.getRuntime().availableProcessors());
  }

  private static int[] allDims(Tensor x) {
    int[] dims = new int[x.dim()];
    for (int d = 0; d < dims.length; d++) dims[d] = d;
    return dims;
  }

  @Test
  void theTotalOfAContiguousTensorIsTheReductionOverAllItsDims() {
    Tensor.manualSeed(5);
    for (int threads : new int[] {1, 2}) {
      Parallelism.setThreads(threads);
      for (int n : SIZES) {
        for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
          Tensor x = Tensor.randn(n, 1).mul(100).to(type);
          String what = type + " n=" + n + " threads=" + threads;
          Tensor sum = x.sum();
          assertEquals(x.sum(allDims(x), false).item(), sum.item(), 0.0, "sum " + what);
          assertEquals(type, sum.dtype(), what);
          assertEquals(0, sum.dim(), what);
          assertEquals(x.mean(allDims(x), false).item(), x.mean().item(), 0.0, "mean " + what);
        }
      }
    }
  }

  /**
   * A float32 sum is accumulated in float only a few levels deep (lanes, then pairwise, then
   * double): 2^24 + 5000 ones, where a running float total stops at 2^24, come out exact.
   */
  @Test
  void aLargeFloatSumDoesNotStallWhereARunningFloatTotalWould() {
    int n = (1 << 24) + 5000;
    for (int threads : new int[] {1, 2}) {
      Parallelism.setThreads(threads);
      assertEquals(n, Tensor.ones(n).sum().item(), 0.0, "threads=" + threads);
    }
  }

  /**
   * The error of a float32 sum stays within 16 float roundings of the sum of magnitudes, whatever
   * the signs: well inside the accuracy a float result can carry.
   */
  @Test
  void aFloatSumIsWithinAFewRoundingsOfTheExactSum() {
    Tensor.manualSeed(11);
    int n = 3 * (1 << 20) + 5003;
    Tensor x = Tensor.randn(n).mul(Tensor.randn(n).exp());
    double exact = 0;
    double magnitudes = 0;
    for (double v : x.toDoubleArray()) {
      exact += v; // floats in double: exact to far below a float's rounding here
      magnitudes += Math.abs(v);
    }
    double bound = 16 * Math.ulp(1f) / 2 * magnitudes;
    assertEquals(exact, x.sum().item(), bound);
    assertEquals(exact / n, x.mean().item(), bound / n);
  }

  @Test
  void theTotalOfIntegersIsAnInt64() {
    Tensor x = Tensor.of(new long[] {3, -4, 5});
    assertEquals(DType.INT64, x.sum().dtype());
    assertEquals(4, x.sum().item());
  }

  @Test
  void theGradientOfATotalIsSpreadOverEveryElement() {
    Tensor x = Tensor.randn(3, 4).requiresGrad(true);
    x.sum().backward();
    double[] ones = new double[12];
    Arrays.fill(ones, 1);
    assertArrayEquals(ones, x.grad().toDoubleArray());
    assertArrayEquals(new int[] {3, 4}, x.grad().shape());
    x.setGrad(null);
    x.mean().backward();
    double[] twelfths = new double[12];
    Arrays.fill(twelfths, (float) (1.0 / 12));
    assertArrayEquals(twelfths, x.grad().toDoubleArray());
  }
}
