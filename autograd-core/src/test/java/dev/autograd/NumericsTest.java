package dev.autograd;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.testing.Golden;
import dev.autograd.testing.Json;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * PyTorch's numbers where the textbook formulas give none or poor ones: the "edges" of {@code
 * golden/numerics.json} (made by numerics.py beside it), where finite differences do not apply.
 * Binary cross entropy at probabilities of exactly 0 and 1, p-norms at zero, variances of fewer
 * elements than their correction, and float32 logits, variances and logsumexps at a large offset.
 */
class NumericsTest {
  private static final List<Map<String, Object>> EDGES =
      Json.asList(Golden.load("/golden/numerics.json").get("edges")).stream()
          .map(Json::asObject)
          .toList();

  @Test
  void theFileHoldsAllEdges() {
    assertEquals(133, EDGES.size());
  }

  /** Each edge case: value and gradients against PyTorch's, as GoldenOpsTest compares them. */
  @TestFactory
  Stream<DynamicTest> matchesPyTorchAtTheEdges() {
    return EDGES.stream()
        .map(c -> dynamicTest(Json.asString(c.get("name")), () -> GoldenOpsTest.checkCase(c)));
  }

  @Test
  void binaryCrossEntropyHasPyTorchsFiniteGradientAtZeroAndOne() {
    Tensor p = Tensor.of(new double[] {0, 1, 0, 1}, DType.FLOAT64, 4).requiresGrad(true);
    Tensor y = Tensor.of(new double[] {0, 1, 1, 0}, DType.FLOAT64, 4).requiresGrad(true);
    Functional.binaryCrossEntropy(p, y, Reduction.SUM).backward();
    double eps = 1e-12f; // PyTorch's floor of p (1 - p), a float
    double[] gp = p.grad().toDoubleArray();
    assertEquals(0, gp[0]); // p = target: 0
    assertEquals(0, gp[1]);
    assertEquals(-1 / eps, gp[2]);
    assertEquals(1 / eps, gp[3]);
    double[] gy = y.grad().toDoubleArray(); // -logit(p)
    assertEquals(Double.POSITIVE_INFINITY, gy[0]);
    assertEquals(Double.NEGATIVE_INFINITY, gy[1]);
  }

  @Test
  void pNormGradientIsZeroAtZeroElementsAndWhereTheNormIsZero() {
    for (double p : new double[] {0.5, 1.5, 3, -1, 0}) {
      Tensor x = Tensor.of(new double[] {0, 0, 0, 3, 0, -4}, DType.FLOAT64, 2, 3);
      x.requiresGrad(true);
      x.norm(p, 1, false).sum().backward();
      double[] g = x.grad().toDoubleArray();
      for (int i : new int[] {0, 1, 2, 4}) assertEquals(0, g[i], 0, "p=" + p + " element " + i);
      for (double v : g) assertTrue(Double.isFinite(v), "p=" + p + ": " + v);
    }
  }

  @Test
  void varianceOfTooFewElementsIsNaNOrInfiniteNotNegativeZero() {
    Tensor empty = Tensor.zeros(DType.FLOAT64, 0);
    assertTrue(Double.isNaN(empty.var().item()));
    assertTrue(Double.isNaN(empty.var(false).item()));
    Tensor one = Tensor.scalar(2.5, DType.FLOAT64);
    assertTrue(Double.isNaN(one.var().item()));
    Tensor two = Tensor.of(new double[] {1, 2}, DType.FLOAT64, 2);
    assertEquals(Double.POSITIVE_INFINITY, two.var(new int[] {0}, 2, false).item());
    assertEquals(Double.POSITIVE_INFINITY, two.var(new int[] {0}, 3, false).item());
    assertTrue(Double.isNaN(one.reshape(1).var(new int[] {0}, 3, false).item()));
  }

  /**
   * Float32 logSoftmax of logits near 3e5 (a float32 step of 1/32) within two float32 steps of each
   * result, where subtracting a logsumexp rounded at 3e5 would miss by up to half a step of 3e5.
   */
  @Test
  void float32LogSoftmaxOfLargeLogitsKeepsTheDigitsOfTheResult() {
    Map<String, Object> c = edge("log_softmax offset=300000 float32");
    Tensor x = Golden.tensor(Json.asList(c.get("inputs")).get(0), DType.FLOAT32);
    double[] want = Golden.data(c.get("output"));
    double[] got = x.logSoftmax(1).toDoubleArray();
    for (int i = 0; i < want.length; i++) {
      double ulp = Math.ulp((float) want[i]);
      assertTrue(
          Math.abs(got[i] - want[i]) <= 2 * ulp,
          "element " + i + ": " + got[i] + " vs PyTorch's " + want[i] + " (ulp " + ulp + ")");
    }
  }

  /**
   * Softmax and log-softmax along a packed last dim (one primitive each) agree with the composites
   * that other layouts take, on rows with -inf entries, all -inf, +inf and NaN: same NaNs and
   * infinities, values within a few ulps.
   */
  @Test
  void softmaxRowsWithInfinitiesAndNaNsAgreeWithTheComposite() {
    double inf = Double.POSITIVE_INFINITY;
    double[][] rows = {
      {1, -inf, 3, 0.5},
      {-inf, -inf, -inf, -inf},
      {inf, 1, 2, 3},
      {1, Double.NaN, 2, 3},
      {7, 7, 7, 7}
    };
    for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      Tensor x = Tensor.of(rows).to(type);
      Tensor columns = x.t().contiguous(); // softmax over dim 0 of it: the composite
      for (boolean log : new boolean[] {false, true}) {
        double[] fused = (log ? x.logSoftmax(1) : x.softmax(1)).toDoubleArray();
        double[] composite =
            (log ? columns.logSoftmax(0) : columns.softmax(0)).t().contiguous().toDoubleArray();
        for (int i = 0; i < fused.length; i++) {
          String what = type + (log ? " logSoftmax" : " softmax") + " element " + i;
          if (Double.isNaN(composite[i]) || Double.isInfinite(composite[i])) {
            assertEquals(composite[i], fused[i], what);
          } else {
            double ulp =
                type == DType.FLOAT32 ? Math.ulp((float) composite[i]) : Math.ulp(composite[i]);
            assertTrue(
                Math.abs(fused[i] - composite[i]) <= 4 * ulp,
                what + ": " + fused[i] + " vs " + composite[i]);
          }
        }
      }
    }
  }

  @Test
  void newArgumentsAreCheckedWithTheOpsName() {
    Tensor logits = Tensor.zeros(DType.FLOAT64, 2, 3);
    Tensor labels = Tensor.of(new long[] {0, 1});
    Tensor twoWeights = Tensor.of(new double[] {1, 2});
    assertMessage(
        () -> Functional.crossEntropy(logits, labels, twoWeights, Reduction.MEAN, -100, 0),
        "crossEntropy: weight must hold one weight per class, of shape [3], got [2]");
    assertMessage(
        () -> Functional.nllLoss(logits, labels, twoWeights, Reduction.MEAN, -100),
        "nllLoss: weight must hold one weight per class");
    assertMessage(
        () -> Functional.crossEntropy(logits, labels, null, Reduction.MEAN, -100, 1.5),
        "crossEntropy: labelSmoothing must be between 0.0 and 1.0, got 1.5");
    assertMessage(
        () ->
            Functional.binaryCrossEntropyWithLogits(
                logits, logits, null, Reduction.MEAN, twoWeights),
        "binaryCrossEntropyWithLogits: posWeight of shape [2] does not broadcast",
        "[2, 3]");
    assertMessage(() -> logits.gelu("sigmoid"), "gelu: approximate must be", "\"sigmoid\"");
    assertMessage(() -> logits.norm(Double.NaN), "norm: p must be a number, got NaN");
    Tensor ints = Tensor.of(new long[] {1, 2, 3});
    assertMessage(ints::var, "var: expected a floating point tensor, got int64");
    assertMessage(ints::std, "std: expected a floating point tensor, got int64");
    assertMessage(() -> ints.norm(3), "norm: expected a floating point tensor");
  }

  private static Map<String, Object> edge(String name) {
    return EDGES.stream()
        .filter(c -> name.equals(Json.asString(c.get("name"))))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no edge case " + name));
  }
}
