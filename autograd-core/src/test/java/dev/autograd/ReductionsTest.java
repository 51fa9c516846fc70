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
