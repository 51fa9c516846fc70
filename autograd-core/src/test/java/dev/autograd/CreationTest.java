package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Factory methods, random numbers, types and element access. */
class CreationTest {

  // ------------------------------------------------------------------ literal values

  @Test
  void scalarIsAZeroDimFloat32Tensor() {
    Tensor t = Tensor.scalar(2.5);
    assertArrayEquals(new int[0], t.shape());
    assertEquals(0, t.dim());
    assertEquals(1, t.numel());
    assertEquals(DType.FLOAT32, t.dtype());
    assertEquals(2.5, t.item());
  }

  @Test
  void scalarOfFloat32IsRoundedToFloat() {
    assertEquals((double) 0.1f, Tensor.scalar(0.1).item());
  }

  @Test
  void scalarOfFloat64KeepsDoublePrecision() {
    Tensor t = Tensor.scalar(0.1, DType.FLOAT64);
    assertEquals(DType.FLOAT64, t.dtype());
    assertEquals(0.1, t.item());
  }

  @Test
  void ofDoublesWithoutShapeIsOneDimFloat32() {
    Tensor t = Tensor.of(new double[] {1, 2.5, 0.1});
    assertArrayEquals(new int[] {3}, t.shape());
    assertEquals(DType.FLOAT32, t.dtype());
    assertArrayEquals(new float[] {1, 2.5f, 0.1f}, t.toFloatArray());
  }

  @Test
  void ofDoublesWithShapeIsRowMajor() {
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertArrayEquals(new int[] {2, 3}, t.shape());
    assertArrayEquals(new int[] {3, 1}, t.strides());
    assertEquals(6, t.get(1, 2));
    assertEquals(2, t.get(0, 1));
  }

  @Test
  void ofDoublesWithFloat64TypeKeepsValues() {
    Tensor t = Tensor.of(new double[] {0.1, 0.2}, DType.FLOAT64, 2, 1);
    assertEquals(DType.FLOAT64, t.dtype());
    assertArrayEquals(new int[] {2, 1}, t.shape());
    assertArrayEquals(new double[] {0.1, 0.2}, t.toDoubleArray());
  }

  @Test
  void ofFloatsWithAndWithoutShape() {
    Tensor flat = Tensor.of(new float[] {1, 2, 3, 4});
    Tensor square = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    assertArrayEquals(new int[] {4}, flat.shape());
    assertArrayEquals(new int[] {2, 2}, square.shape());
    assertEquals(DType.FLOAT32, square.dtype());
    assertEquals(3, square.get(1, 0));
  }

  @Test
  void ofFloatsCopiesTheArray() {
    float[] data = {1, 2};
    Tensor t = Tensor.of(data);
    data[0] = 9;
    assertEquals(1, t.get(0));
  }

  @Test
  void ofLongsIsInt64() {
    Tensor t = Tensor.of(new long[] {3, -1, 7, 0}, 2, 2);
    assertEquals(DType.INT64, t.dtype());
    assertArrayEquals(new int[] {2, 2}, t.shape());
    assertArrayEquals(new double[] {3, -1, 7, 0}, t.toDoubleArray());
    assertArrayEquals(new int[] {4}, Tensor.of(new long[] {3, -1, 7, 0}).shape());
  }

  @Test
  void ofWithAnEmptyArrayIsAnEmptyOneDimTensor() {
    Tensor t = Tensor.of(new double[0]);
    assertArrayEquals(new int[] {0}, t.shape());
    assertEquals(0, t.numel());
  }

  // ------------------------------------------------------------------ filled tensors

  @Test
  void zerosIsFilledWithZeros() {
    Tensor t = Tensor.zeros(2, 3);
    assertArrayEquals(new int[] {2, 3}, t.shape());
    assertArrayEquals(new float[6], t.toFloatArray());
  }

  @Test
  void zerosWithoutSizesIsZeroDim() {
    Tensor t = Tensor.zeros();
    assertEquals(0, t.dim());
    assertEquals(0.0, t.item());
  }

  @Test
  void onesIsFilledWithOnes() {
    float[] expected = new float[4];
    Arrays.fill(expected, 1);
    assertArrayEquals(expected, Tensor.ones(4).toFloatArray());
  }

  @Test
  void zerosAndOnesTakeADType() {
    assertEquals(DType.FLOAT64, Tensor.zeros(DType.FLOAT64, 2).dtype());
    assertEquals(DType.INT64, Tensor.ones(DType.INT64, 2).dtype());
    assertArrayEquals(new double[] {1, 1}, Tensor.ones(DType.INT64, 2).toDoubleArray());
  }

  @Test
  void fullIsFilledWithTheValue() {
    Tensor t = Tensor.full(-1.5, 2, 2);
    assertArrayEquals(new float[] {-1.5f, -1.5f, -1.5f, -1.5f}, t.toFloatArray());
    assertEquals(DType.FLOAT64, Tensor.full(0.1, DType.FLOAT64, 1).dtype());
    assertEquals(0.1, Tensor.full(0.1, DType.FLOAT64, 1).get(0));
  }

  @Test
  void zerosLikeAndOnesLikeKeepShapeAndType() {
    Tensor like = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT64, 3, 2);
    Tensor z = Tensor.zerosLike(like);
    Tensor o = Tensor.onesLike(like);
    assertArrayEquals(new int[] {3, 2}, z.shape());
    assertArrayEquals(new int[] {3, 2}, o.shape());
    assertEquals(DType.FLOAT64, z.dtype());
    assertEquals(DType.FLOAT64, o.dtype());
    assertArrayEquals(new double[6], z.toDoubleArray());
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, o.toDoubleArray());
  }

  @Test
  void zerosLikeOfATensorRequiringGradDoesNotRequireGrad() {
    Tensor like = Tensor.ones(2).requiresGrad(true);
    assertFalse(Tensor.zerosLike(like).requiresGrad());
  }

  // ------------------------------------------------------------------ ranges

  @Test
  void arangeWithAnIntegerEndIsInt64() {
    Tensor t = Tensor.arange(5);
    assertEquals(DType.INT64, t.dtype());
    assertArrayEquals(new double[] {0, 1, 2, 3, 4}, t.toDoubleArray());
  }

  @Test
  void arangeWithIntegerArgumentsIsInt64AsInPyTorch() {
    // torch.arange(1, 10, 3), (10, 0, -3), (-3, 4, 2) and (5, 5, 1): int64 [1, 4, 7], [10, 7, 4,
    // 1],
    // [-3, -1, 1, 3] and [].
    Tensor t = Tensor.arange(1, 10, 3);
    assertEquals(DType.INT64, t.dtype());
    assertArrayEquals(new double[] {1, 4, 7}, t.toDoubleArray());
    assertArrayEquals(new double[] {10, 7, 4, 1}, Tensor.arange(10, 0, -3).toDoubleArray());
    assertArrayEquals(new double[] {-3, -1, 1, 3}, Tensor.arange(-3, 4, 2).toDoubleArray());
    assertArrayEquals(new int[] {0}, Tensor.arange(5, 5, 1).shape());
    assertEquals(DType.FLOAT32, Tensor.arange(0, 1, 0.5).dtype(), "a fraction makes it float32");
    TensorException e = assertThrows(TensorException.class, () -> Tensor.arange(0, 10, -1));
    assertTrue(e.getMessage().contains("inconsistent with step sign"), e.getMessage());
    e = assertThrows(TensorException.class, () -> Tensor.arange(Long.MIN_VALUE, Long.MAX_VALUE, 1));
    assertTrue(e.getMessage().contains("invalid size"), e.getMessage());
  }

  @Test
  void arangeOfZeroIsEmpty() {
    assertArrayEquals(new int[] {0}, Tensor.arange(0).shape());
  }

  @Test
  void arangeWithFloatArgumentsIsFloat32AndExcludesTheEnd() {
    Tensor t = Tensor.arange(0, 1, 0.25);
    assertEquals(DType.FLOAT32, t.dtype());
    assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f}, t.toFloatArray());
  }

  @Test
  void arangeWithANonDividingStepStopsBeforeTheEnd() {
    assertArrayEquals(new float[] {1, 1.5f, 2, 2.5f}, Tensor.arange(1, 2.6, 0.5).toFloatArray());
  }

  @Test
  void arangeWithANegativeStepCountsDown() {
    Tensor t = Tensor.arange(5, 0, -1.5);
    assertArrayEquals(new float[] {5, 3.5f, 2, 0.5f}, t.toFloatArray());
  }

  @Test
  void linspaceEndpointsAreExact() {
    Tensor t = Tensor.linspace(-3, 3, 100);
    assertArrayEquals(new int[] {100}, t.shape());
    assertEquals(DType.FLOAT32, t.dtype());
    assertEquals(-3.0, t.get(0));
    assertEquals(3.0, t.get(99));
    assertEquals(3.0, t.get(-1));
  }

  @Test
  void linspaceValuesAreEvenlySpaced() {
    float[] v = Tensor.linspace(-3, 3, 100).toFloatArray();
    double step = 6.0 / 99;
    for (int i = 0; i < v.length; i++) assertEquals(-3 + i * step, v[i], 1e-6, "at " + i);
    for (int i = 1; i < v.length; i++) assertEquals(step, v[i] - v[i - 1], 1e-6, "at " + i);
  }

  @Test
  void linspaceIsSymmetricAroundZero() {
    float[] v = Tensor.linspace(-3, 3, 100).toFloatArray();
    for (int i = 0; i < v.length; i++) assertEquals(-v[v.length - 1 - i], v[i], "at " + i);
  }

  @Test
  void linspaceWithOneStepIsTheStart() {
    assertArrayEquals(new float[] {2}, Tensor.linspace(2, 5, 1).toFloatArray());
  }

  @Test
  void linspaceWithAType() {
    Tensor t = Tensor.linspace(0, 1, 5, DType.FLOAT64);
    assertEquals(DType.FLOAT64, t.dtype());
    assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, t.toDoubleArray());
  }

  // ------------------------------------------------------------------ eye

  @Test
  void eyeIsTheIdentity() {
    Tensor t = Tensor.eye(3);
    assertArrayEquals(new int[] {3, 3}, t.shape());
    assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, t.toFloatArray());
  }

  @Test
  void rectangularEyeHasOnesOnTheMainDiagonal() {
    assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 0}, Tensor.eye(2, 4).toFloatArray());
    assertArrayEquals(new float[] {1, 0, 0, 1, 0, 0}, Tensor.eye(3, 2).toFloatArray());
  }

  // ------------------------------------------------------------------ random

  @Test
  void randWithTheSameGeneratorSeedRepeats() {
    float[] a = Tensor.rand(new Generator(42), 100).toFloatArray();
    float[] b = Tensor.rand(new Generator(42), 100).toFloatArray();
    assertArrayEquals(a, b);
  }

  @Test
  void randnWithTheSameGeneratorSeedRepeats() {
    float[] a = Tensor.randn(new Generator(42), 3, 7).toFloatArray();
    float[] b = Tensor.randn(new Generator(42), 3, 7).toFloatArray();
    assertArrayEquals(a, b);
  }

  @Test
  void differentSeedsGiveDifferentValues() {
    float[] a = Tensor.randn(new Generator(1), 100).toFloatArray();
    float[] b = Tensor.randn(new Generator(2), 100).toFloatArray();
    assertFalse(Arrays.equals(a, b));
    assertFalse(
        Arrays.equals(
            Tensor.rand(new Generator(1), 100).toFloatArray(),
            Tensor.rand(new Generator(2), 100).toFloatArray()));
  }

  @Test
  void successiveDrawsFromOneGeneratorDiffer() {
    Generator gen = new Generator(5);
    assertFalse(
        Arrays.equals(Tensor.rand(gen, 10).toFloatArray(), Tensor.rand(gen, 10).toFloatArray()));
  }

  @Test
  void reseedingAGeneratorRestartsItsSequence() {
    Generator gen = new Generator(3);
    float[] first = Tensor.randn(gen, 9).toFloatArray(); // odd count: leaves a spare normal
    gen.manualSeed(3);
    assertArrayEquals(first, Tensor.randn(gen, 9).toFloatArray());
  }

  @Test
  void globalManualSeedMakesRandomOpsRepeat() {
    Tensor.manualSeed(123);
    float[] u1 = Tensor.rand(4).toFloatArray();
    float[] n1 = Tensor.randn(5).toFloatArray();
    Tensor.manualSeed(123);
    float[] u2 = Tensor.rand(4).toFloatArray();
    float[] n2 = Tensor.randn(5).toFloatArray();
    assertArrayEquals(u1, u2);
    assertArrayEquals(n1, n2);
  }

  @Test
  void randnSampleHasMeanZeroAndVarianceOne() {
    Tensor t = Tensor.randn(new Generator(2024), 100_000).to(DType.FLOAT64);
    double mean = t.mean().item();
    double variance = t.var(true).item();
    // standard errors: 1/sqrt(n) = 0.003 for the mean, sqrt(2/n) = 0.0045 for the variance
    assertEquals(0, mean, 0.015);
    assertEquals(1, variance, 0.025);
  }

  @Test
  void randSampleIsUniformOnZeroOne() {
    Tensor t = Tensor.rand(new Generator(9), 100_000).to(DType.FLOAT64);
    assertEquals(0.5, t.mean().item(), 0.005);
    assertEquals(1.0 / 12, t.var(true).item(), 0.002);
  }

  @Test
  void randIsWithinZeroInclusiveAndOneExclusive() {
    for (double v : Tensor.rand(new Generator(77), 200_000).toDoubleArray()) {
      assertTrue(v >= 0 && v < 1, "rand gave " + v);
    }
  }

  @Test
  void randNeverRoundsUpToOne() {
    // With this seed the first double drawn is 0.99999998926..., which rounds to 1.0f.
    double v = Tensor.rand(new Generator(63_433_462L), 1).item();
    assertTrue(v < 1, "rand gave " + v);
  }

  @Test
  void randomTensorsHaveTheRequestedShape() {
    assertArrayEquals(new int[] {2, 3, 4}, Tensor.rand(2, 3, 4).shape());
    assertArrayEquals(new int[] {0, 3}, Tensor.randn(0, 3).shape());
  }

  // ------------------------------------------------------------------ types

  @Test
  void defaultTypeIsFloat32() {
    assertEquals(DType.FLOAT32, Tensor.zeros(2).dtype());
    assertEquals(DType.FLOAT32, Tensor.ones(2).dtype());
    assertEquals(DType.FLOAT32, Tensor.full(3, 2).dtype());
    assertEquals(DType.FLOAT32, Tensor.of(new double[] {1}).dtype());
    assertEquals(DType.FLOAT32, Tensor.eye(2).dtype());
    assertEquals(DType.FLOAT32, Tensor.rand(2).dtype());
    assertEquals(DType.FLOAT32, Tensor.randn(2).dtype());
    assertEquals(DType.FLOAT32, Tensor.linspace(0, 1, 3).dtype());
  }

  @Test
  void toFloat64AndBackRoundTrips() {
    Tensor t = Tensor.randn(new Generator(1), 10);
    Tensor wide = t.to(DType.FLOAT64);
    assertEquals(DType.FLOAT64, wide.dtype());
    Tensor back = wide.to(DType.FLOAT32);
    assertEquals(DType.FLOAT32, back.dtype());
    assertArrayEquals(t.toFloatArray(), back.toFloatArray());
  }

  @Test
  void toTheSameTypeReturnsTheTensorItself() {
    Tensor t = Tensor.ones(2);
    assertSame(t, t.to(DType.FLOAT32));
  }

  @Test
  void toFloat64CopiesTheStorage() {
    Tensor t = Tensor.ones(2);
    Tensor wide = t.to(DType.FLOAT64);
    t.fill_(5);
    assertArrayEquals(new double[] {1, 1}, wide.toDoubleArray());
  }

  @Test
  void toFloat64IsDifferentiable() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    x.to(DType.FLOAT64).mul(3).sum().backward();
    assertEquals(DType.FLOAT32, x.grad().dtype());
    assertArrayEquals(new float[] {3, 3}, x.grad().toFloatArray());
  }

  @Test
  void toInt64TruncatesTowardZero() {
    Tensor t = Tensor.of(new double[] {1.7, -1.7, 2}).to(DType.INT64);
    assertEquals(DType.INT64, t.dtype());
    assertArrayEquals(new double[] {1, -1, 2}, t.toDoubleArray());
  }

  // ------------------------------------------------------------------ access

  @Test
  void getAcceptsNegativeIndices() {
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertEquals(6, t.get(-1, -1));
    assertEquals(4, t.get(-1, 0));
    assertEquals(2, t.get(0, -2));
    assertEquals(t.get(1, 1), t.get(-1, -2));
  }

  @Test
  void getOfAZeroDimTensorTakesNoIndex() {
    assertEquals(4, Tensor.scalar(4).get());
  }

  @Test
  void transposedViewIsNotContiguous() {
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).transpose(0, 1);
    assertFalse(t.isContiguous());
    assertArrayEquals(new int[] {1, 3}, t.strides());
  }

  @Test
  void toArraysOfATransposedViewAreRowMajorInTheViewsOrder() {
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).transpose(0, 1);
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.toFloatArray());
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, t.toDoubleArray());
  }

  @Test
  void toArraysOfANarrowedViewSkipTheOtherColumns() {
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3).narrow(1, 1, 2);
    assertFalse(t.isContiguous());
    assertArrayEquals(new float[] {2, 3, 5, 6, 8, 9}, t.toFloatArray());
    assertArrayEquals(new double[] {2, 3, 5, 6, 8, 9}, t.toDoubleArray());
  }

  @Test
  void toArraysOfASelectedColumnStartAtItsOffset() {
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).select(1, 2);
    assertArrayEquals(new float[] {3, 6}, t.toFloatArray());
    assertEquals(6, t.get(1));
  }

  @Test
  void toArraysOfAnExpandedViewRepeatTheElements() {
    Tensor t = Tensor.of(new double[] {1, 2}, 2, 1).expand(2, 3);
    assertArrayEquals(new double[] {1, 1, 1, 2, 2, 2}, t.toDoubleArray());
  }

  @Test
  void toArraysOfAPermutedAndNarrowedThreeDimView() {
    double[] data = new double[24];
    for (int i = 0; i < data.length; i++) data[i] = i;
    Tensor t = Tensor.of(data, DType.FLOAT64, 2, 3, 4).permute(2, 0, 1).narrow(0, 1, 2);
    // t[a][b][c] = data[b * 12 + c * 4 + (a + 1)]
    double[] expected = new double[12];
    int k = 0;
    for (int a = 0; a < 2; a++) {
      for (int b = 0; b < 2; b++) {
        for (int c = 0; c < 3; c++) expected[k++] = b * 12 + c * 4 + a + 1;
      }
    }
    assertArrayEquals(new int[] {2, 2, 3}, t.shape());
    assertArrayEquals(expected, t.toDoubleArray());
  }

  @Test
  void viewsShareStorageWithTheirBase() {
    Tensor base = Tensor.zeros(2, 3);
    base.transpose(0, 1).select(0, 2).fill_(7); // column 2 of base
    assertArrayEquals(new float[] {0, 0, 7, 0, 0, 7}, base.toFloatArray());
    assertNotEquals(0, base.version());
  }
}
