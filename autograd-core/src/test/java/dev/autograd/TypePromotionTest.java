package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The result type of ops on tensors of different types follows PyTorch's promotion rules. */
class TypePromotionTest {

  private static Tensor f32(double... v) {
    return Tensor.of(v, DType.FLOAT32);
  }

  private static Tensor f64(double... v) {
    return Tensor.of(v, DType.FLOAT64);
  }

  private static Tensor i64(long... v) {
    return Tensor.of(v);
  }

  @Test
  void float32PlusFloat64IsFloat64() {
    Tensor sum = f32(1, 2).add(f64(0.1, 0.2));
    assertEquals(DType.FLOAT64, sum.dtype());
    assertArrayEquals(new double[] {1.1, 2.2}, sum.toDoubleArray(), 1e-15);
  }

  @Test
  void float64PlusFloat32IsFloat64() {
    assertEquals(DType.FLOAT64, f64(1).add(f32(1)).dtype());
  }

  @Test
  void float32TimesAZeroDimFloat64StaysFloat32() {
    Tensor product = f32(1, 2, 3).mul(Tensor.scalar(0.1, DType.FLOAT64));
    assertEquals(DType.FLOAT32, product.dtype());
    assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, product.toFloatArray(), 1e-7f);
  }

  @Test
  void zeroDimFloat64TimesFloat32StaysFloat32() {
    assertEquals(DType.FLOAT32, Tensor.scalar(2, DType.FLOAT64).mul(f32(1, 2)).dtype());
  }

  @Test
  void twoZeroDimTensorsPromoteNormally() {
    assertEquals(DType.FLOAT64, Tensor.scalar(1).add(Tensor.scalar(1, DType.FLOAT64)).dtype());
  }

  @Test
  void int64PlusAFractionalNumberIsFloat32() {
    Tensor sum = i64(1, 2).add(0.5);
    assertEquals(DType.FLOAT32, sum.dtype());
    assertArrayEquals(new float[] {1.5f, 2.5f}, sum.toFloatArray());
  }

  @Test
  void int64PlusAWholeNumberStaysInt64() {
    Tensor sum = i64(1, 2).add(3);
    assertEquals(DType.INT64, sum.dtype());
    assertArrayEquals(new double[] {4, 5}, sum.toDoubleArray());
  }

  @Test
  void int64TimesAZeroDimFloat64IsFloat64() {
    // A 0-d tensor of a higher category sets the type, at its own size (torch: float64).
    Tensor product = i64(1, 2).mul(Tensor.scalar(0.1, DType.FLOAT64));
    assertEquals(DType.FLOAT64, product.dtype());
    assertArrayEquals(new double[] {0.1, 0.2}, product.toDoubleArray(), 1e-17);
  }

  @Test
  void int64PlusFloat32IsFloat32() {
    assertEquals(DType.FLOAT32, i64(1, 2).add(f32(0.5, 0.5)).dtype());
  }

  @Test
  void int64DividedByInt64IsATrueDivisionInFloat32() {
    Tensor q = i64(1, 3).div(i64(2, 2));
    assertEquals(DType.FLOAT32, q.dtype());
    assertArrayEquals(new float[] {0.5f, 1.5f}, q.toFloatArray());
  }

  @Test
  void comparisonsGiveBool() {
    assertEquals(DType.BOOL, f32(1, 2).gt(1.5).dtype());
    assertArrayEquals(new double[] {0, 1}, f32(1, 2).gt(1.5).toDoubleArray());
  }

  @Test
  void boolTimesFloat32IsFloat32() {
    Tensor mask = f32(1, 2).gt(1.5);
    Tensor masked = mask.mul(f32(3, 4));
    assertEquals(DType.FLOAT32, masked.dtype());
    assertArrayEquals(new float[] {0, 4}, masked.toFloatArray());
  }

  @Test
  void unaryFloatingOpsOfInt64GiveFloat32() {
    assertEquals(DType.FLOAT32, i64(1, 4).sqrt().dtype());
    assertEquals(DType.FLOAT32, i64(1, 4).exp().dtype());
  }

  @Test
  void gradientOfAFloat32LeafUsedInAFloat64ComputationIsFloat32() {
    Tensor x = f32(1, 2).requiresGrad(true);
    Tensor y = x.mul(f64(0.1, 0.2)).sum();
    assertEquals(DType.FLOAT64, y.dtype());
    y.backward();
    assertEquals(DType.FLOAT32, x.grad().dtype());
    assertArrayEquals(new float[] {0.1f, 0.2f}, x.grad().toFloatArray());
  }

  @Test
  void valuesStoredInAnInt64TensorAreTruncated() {
    Tensor t = Tensor.full(2.7, DType.INT64, 2);
    assertArrayEquals(new double[] {2, 2}, t.toDoubleArray());
    assertEquals(-1.0, Tensor.scalar(-1.9, DType.INT64).item());
  }
}
