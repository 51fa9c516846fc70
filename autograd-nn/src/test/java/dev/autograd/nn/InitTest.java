package dev.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The initialisations against PyTorch 1.13.1's gains and formulas (the draws are this library's, so
 * their bounds and moments are checked, on tensors large enough for a tight tolerance).
 */
class InitTest {

  @Test
  void gainsAreTorchsCalculateGain() {
    // torch.nn.init.calculate_gain(...)
    assertEquals(1, Init.calculateGain("linear"));
    assertEquals(1, Init.calculateGain("conv2d"));
    assertEquals(1, Init.calculateGain("sigmoid"));
    assertEquals(1.6666666666666667, Init.calculateGain("tanh"));
    assertEquals(1.4142135623730951, Init.calculateGain("relu"));
    assertEquals(1.4141428569978354, Init.calculateGain("leaky_relu"));
    assertEquals(1.3867504905630728, Init.calculateGain("leaky_relu", 0.2));
    assertEquals(0.75, Init.calculateGain("selu"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("foo"));
    assertEquals("Unsupported nonlinearity foo", e.getMessage());
  }

  @Test
  void fansCountTheReceptiveField() {
    assertArrayEquals(new int[] {300, 400}, Init.fans(Tensor.zeros(400, 300)));
    assertArrayEquals(new int[] {3 * 5 * 5, 16 * 5 * 5}, Init.fans(Tensor.zeros(16, 3, 5, 5)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform_(Tensor.zeros(3)));
    assertEquals(
        "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions",
        e.getMessage());
  }

  /** Mean, standard deviation, min and max of the elements. */
  private static double[] moments(Tensor t) {
    double[] v = t.toDoubleArray();
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      sum += x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    double mean = sum / v.length;
    double sq = 0;
    for (double x : v) sq += (x - mean) * (x - mean);
    return new double[] {mean, Math.sqrt(sq / v.length), min, max};
  }

  @Test
  void xavierUniformFillsPlusMinusAWithItsVariance() {
    Tensor.manualSeed(1);
    Tensor w = Init.xavierUniform_(Tensor.zeros(400, 300), Init.calculateGain("tanh"));
    double a = 5.0 / 3 * Math.sqrt(6.0 / 700);
    double[] m = moments(w);
    assertTrue(m[2] >= -a && m[3] <= a, "within the bounds");
    assertTrue(m[2] < -0.999 * a && m[3] > 0.999 * a, "reaching them");
    assertEquals(0, m[0], 0.01 * a);
    assertEquals(a / Math.sqrt(3), m[1], 0.01 * a);
  }

  @Test
  void kaimingNormalHasTheStandardDeviationOfItsFan() {
    Tensor.manualSeed(2);
    Tensor w = Init.kaimingNormal_(Tensor.zeros(500, 400), 0, Init.FanMode.FAN_IN, "relu");
    double[] m = moments(w);
    double std = Math.sqrt(2.0 / 400);
    assertEquals(0, m[0], 0.01 * std);
    assertEquals(std, m[1], 0.01 * std);
    Tensor out = Init.kaimingNormal_(Tensor.zeros(500, 400), 0, Init.FanMode.FAN_OUT, "relu");
    assertEquals(Math.sqrt(2.0 / 500), moments(out)[1], 0.01 * std);
  }

  @Test
  void kaimingUniformAndXavierNormalUseTheirBounds() {
    Tensor.manualSeed(3);
    double[] u = moments(Init.kaimingUniform_(Tensor.zeros(300, 200)));
    double bound = Math.sqrt(2.0 / (1 + 0.0)) * Math.sqrt(3.0 / 200);
    assertTrue(u[2] >= -bound && u[3] <= bound && u[3] > 0.999 * bound, "U(-b, b)");
    double[] n = moments(Init.xavierNormal_(Tensor.zeros(300, 200)));
    assertEquals(Math.sqrt(2.0 / 500), n[1], 0.015 * Math.sqrt(2.0 / 500));
  }

  @Test
  void fillsKeepTheTypeTheShapeAndTheParameterAndAreReproducible() {
    Linear layer = new Linear(30, 20);
    Tensor weight = layer.weight();
    Tensor.manualSeed(9);
    assertTrue(weight == Init.xavierUniform_(weight), "in place");
    double[] first = weight.toDoubleArray();
    assertTrue(weight.requiresGrad());
    assertTrue(weight.isLeaf());
    Tensor.manualSeed(9);
    Init.xavierUniform_(weight);
    assertArrayEquals(first, weight.toDoubleArray(), "same seed, same values");
    layer.forward(Tensor.ones(2, 30)).sum().backward(); // still a parameter that learns
    for (double g : layer.weight().grad().toDoubleArray()) assertEquals(2, g); // d/dW = sum of x

    Tensor d = Init.normal_(Tensor.zeros(DType.FLOAT64, 100, 100), 2, 0.5);
    assertEquals(DType.FLOAT64, d.dtype());
    double[] m = moments(d);
    assertEquals(2, m[0], 0.02);
    assertEquals(0.5, m[1], 0.02);
    assertFalse(d.requiresGrad());
    assertArrayEquals(new double[] {0, 0, 0}, Init.zeros_(Tensor.ones(3)).toDoubleArray());
    assertArrayEquals(new double[] {1, 1}, Init.ones_(Tensor.zeros(2)).toDoubleArray());
    assertArrayEquals(new double[] {0.5}, Init.constant_(Tensor.zeros(1), 0.5).toDoubleArray());
    double[] u = moments(Init.uniform_(Tensor.zeros(1000), -3, -1));
    assertTrue(u[2] >= -3 && u[3] < -1, "U(-3, -1)");
    Tensor scalar = Init.uniform_(Tensor.scalar(0.0), 5, 6);
    assertEquals(0, scalar.dim());
    assertTrue(scalar.item() >= 5 && scalar.item() < 6);
    assertEquals(0, Init.kaimingUniform_(Tensor.zeros(0, 3)).numel(), "no-op, as in PyTorch");
  }

  @Test
  void randomFillsNeedAFloatingTensorAndAValidRange() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Init.normal_(Tensor.zeros(DType.INT64, 4), 0, 1));
    assertEquals(
        "normal_: random values need a FLOAT32 or FLOAT64 tensor, got int64", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Init.uniform_(Tensor.zeros(4), 2, 1));
    assertEquals(
        "uniform_ expects to return a [from, to) range, but found from=2.0 > to=1.0",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Init.normal_(Tensor.zeros(4), 0, -1));
    assertThrows(
        IllegalArgumentException.class, () -> Init.xavierUniform_(Tensor.zeros(DType.BOOL, 2, 2)));
  }
}
