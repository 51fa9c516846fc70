package dev.autograd;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Tensor.of with nested arrays, as torch.tensor([[...], [...]]). */
class NestedLiteralTest {
  @Test
  void rowsOfDoublesMakeAFloat32Matrix() {
    Tensor t = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6.1}});
    assertArrayEquals(new int[] {2, 3}, t.shape());
    assertEquals(DType.FLOAT32, t.dtype());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, (float) 6.1}, t.toDoubleArray());
  }

  @Test
  void aDtypeKeepsDoublesExact() {
    Tensor t = Tensor.of(new double[][] {{0.1}, {0.2}}, DType.FLOAT64);
    assertArrayEquals(new int[] {2, 1}, t.shape());
    assertArrayEquals(new double[] {0.1, 0.2}, t.toDoubleArray());
  }

  @Test
  void threeLevelsMakeA3dTensor() {
    Tensor t = Tensor.of(new double[][][] {{{1, 2}}, {{3, 4}}});
    assertArrayEquals(new int[] {2, 1, 2}, t.shape());
    assertArrayEquals(new double[] {1, 2, 3, 4}, t.toDoubleArray());
    assertEquals(3.0, t.get(1, 0, 0));
  }

  @Test
  void floatsAndLongsKeepTheirTypes() {
    Tensor f = Tensor.of(new float[][] {{1.5f, 2}, {3, 4}});
    assertEquals(DType.FLOAT32, f.dtype());
    assertArrayEquals(new double[] {1.5, 2, 3, 4}, f.toDoubleArray());
    Tensor f3 = Tensor.of(new float[][][] {{{1}, {2}}});
    assertArrayEquals(new int[] {1, 2, 1}, f3.shape());
    Tensor l = Tensor.of(new long[][] {{1, 2}, {3, 4}});
    assertEquals(DType.INT64, l.dtype());
    assertArrayEquals(new double[] {1, 2, 3, 4}, l.toDoubleArray());
    assertArrayEquals(
        new int[] {2, 2, 1}, Tensor.of(new long[][][] {{{1}, {2}}, {{3}, {4}}}).shape());
  }

  @Test
  void emptyRowsGiveSizeZero() {
    assertArrayEquals(new int[] {2, 0}, Tensor.of(new double[][] {{}, {}}).shape());
    assertArrayEquals(new int[] {0, 0}, Tensor.of(new double[0][]).shape());
  }

  @Test
  void raggedRowsAreRefusedWithPyTorchsMessage() {
    assertMessage(
        () -> Tensor.of(new double[][] {{1, 2}, {3}}),
        "of: expected sequence of length 2 at dim 1 (got 1 at data[1])");
    assertMessage(
        () -> Tensor.of(new double[][][] {{{1, 2}, {3, 4}}, {{5, 6}}}),
        "of: expected sequence of length 2 at dim 1 (got 1 at data[1])");
    assertMessage(
        () -> Tensor.of(new long[][][] {{{1, 2}}, {{3, 4, 5}}}),
        "of: expected sequence of length 2 at dim 2 (got 3 at data[1][0])");
  }

  @Test
  void aNullRowIsRefused() {
    assertMessage(() -> Tensor.of(new float[][] {{1}, null}), "of: data[1] is null");
    assertMessage(() -> Tensor.of((double[][]) null), "of: data is null");
  }
}
