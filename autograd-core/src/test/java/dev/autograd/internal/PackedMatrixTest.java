package dev.autograd.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autograd.DType;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A matrix packed once gives, in every product, the bits of the product with the matrix itself:
 * across the blocks of rows, of k and of columns, for a transposed B, on one thread and on two.
 */
class PackedMatrixTest {
  @AfterEach
  void oneThread() {
    ThreadPool.setThreads(1);
  }

  @Test
  void productsWithAPackedMatrixAreTheProductsWithTheMatrix() {
    Generator g = new Generator(4);
    int[][] shapes = {{32, 256, 1024}, {7, 300, 600}, {200, 1030, 70}, {1, 5, 3}};
    for (int[] s : shapes) {
      int n = s[0];
      int k = s[1];
      int m = s[2];
      for (Tensor b : new Tensor[] {Tensor.randn(g, k, m), Tensor.randn(g, m, k).t()}) {
        PackedMatrix packed = PackedMatrix.of(b);
        for (int threads = 1; threads <= 2; threads++) {
          ThreadPool.setThreads(threads);
          Tensor a = Tensor.randn(g, n, k);
          String what = Arrays.toString(s) + " threads=" + threads;
          assertArrayEquals(
              a.matmul(b).toFloatArray(), packed.leftTimes(a).toFloatArray(), 0f, what);
        }
      }
    }
    Tensor b64 = Tensor.randn(g, 4, 3).to(DType.FLOAT64);
    Tensor a64 = Tensor.randn(g, 2, 4).to(DType.FLOAT64);
    assertArrayEquals(
        a64.matmul(b64).toDoubleArray(), PackedMatrix.of(b64).leftTimes(a64).toDoubleArray(), 0);
    assertThrows(TensorException.class, () -> PackedMatrix.of(b64).leftTimes(Tensor.zeros(2, 5)));
    assertThrows(
        TensorException.class,
        () -> PackedMatrix.of(Tensor.zeros(4, 3)).leftTimes(Tensor.zeros(2, 5)));
  }
}
