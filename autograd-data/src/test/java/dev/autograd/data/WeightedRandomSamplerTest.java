package dev.autograd.data;

import static dev.autograd.data.SamplersTest.epoch;
import static dev.autograd.data.SamplersTest.sorted;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedRandomSamplerTest {
  /**
   * The chi-square statistic's bound for 3 degrees of freedom (4 categories of non-zero weight)
   * that a correct sampler exceeds with probability 1e-6: scipy.stats.chi2.isf(1e-6, 3) = 30.66.
   */
  static final double CHI2_3DF_1E6 = 30.66;

  static final double[] WEIGHTS = {1, 0, 2, 3, 4}; // index 1 never comes

  /** Pearson's statistic sum (observed - expected)^2 / expected over the non-zero weights. */
  static double chiSquare(int[] counts, double[] weights, int draws) {
    double total = Arrays.stream(weights).sum();
    double chi2 = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] == 0) continue;
      double expected = draws * weights[i] / total;
      chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
    }
    return chi2;
  }

  @Test
  void withReplacementFrequenciesFollowTheWeights() {
    int draws = 100_000;
    WeightedRandomSampler s = new WeightedRandomSampler(WEIGHTS, draws, new Generator(7));
    assertTrue(s.replacement());
    assertEquals(draws, s.size());
    int[] counts = new int[WEIGHTS.length];
    for (int i : epoch(s)) counts[i]++;
    assertEquals(0, counts[1], "an index of weight 0 never comes");
    double chi2 = chiSquare(counts, WEIGHTS, draws);
    assertTrue(chi2 < CHI2_3DF_1E6, "chi2 = " + chi2 + ", counts " + Arrays.toString(counts));
  }

  @Test
  void withoutReplacementTheFirstDrawFollowsTheWeights() {
    // P(first index = i) = w_i / sum(w) for successive sampling without replacement
    int epochs = 20_000;
    WeightedRandomSampler s = new WeightedRandomSampler(WEIGHTS, 2, false, new Generator(8));
    int[] counts = new int[WEIGHTS.length];
    for (int k = 0; k < epochs; k++) counts[s.iterator().next()]++;
    assertEquals(0, counts[1]);
    double chi2 = chiSquare(counts, WEIGHTS, epochs);
    assertTrue(chi2 < CHI2_3DF_1E6, "chi2 = " + chi2 + ", counts " + Arrays.toString(counts));
  }

  @Test
  void withoutReplacementEveryIndexComesAtMostOnce() {
    WeightedRandomSampler some = new WeightedRandomSampler(WEIGHTS, 3, false, new Generator(1));
    assertFalse(some.replacement());
    for (int k = 0; k < 100; k++) {
      int[] e = epoch(some);
      assertEquals(3, e.length);
      int[] s = sorted(e);
      for (int i = 1; i < s.length; i++) assertTrue(s[i] > s[i - 1], Arrays.toString(e));
      for (int i : e) assertTrue(i != 1, "weight 0: " + Arrays.toString(e));
    }
    // as many as there are non-zero weights: each of them once
    WeightedRandomSampler all = new WeightedRandomSampler(WEIGHTS, 4, false, new Generator(1));
    assertArrayEquals(new int[] {0, 2, 3, 4}, sorted(epoch(all)));
  }

  @Test
  void theSameSeedGivesTheSameEpochs() {
    for (boolean replacement : new boolean[] {true, false}) {
      WeightedRandomSampler a =
          new WeightedRandomSampler(WEIGHTS, 4, replacement, new Generator(3));
      WeightedRandomSampler b =
          new WeightedRandomSampler(WEIGHTS, 4, replacement, new Generator(3));
      List<int[]> epochsA = new ArrayList<>();
      for (int k = 0; k < 20; k++) epochsA.add(epoch(a));
      for (int k = 0; k < 20; k++) assertArrayEquals(epochsA.get(k), epoch(b));
      assertFalse(
          epochsA.stream().allMatch(e -> Arrays.equals(e, epochsA.get(0))),
          "a new draw each epoch");
    }
  }

  @Test
  void hugeWeightsDoNotOverflowTheirSum() {
    double[] huge = {Double.MAX_VALUE, Double.MAX_VALUE, 0};
    int[] counts = new int[3];
    for (int i : epoch(new WeightedRandomSampler(huge, 1000, new Generator(0)))) counts[i]++;
    assertEquals(0, counts[2]);
    assertTrue(counts[0] > 0 && counts[1] > 0, Arrays.toString(counts));
  }

  @Test
  void badWeightsAreRejectedNamingTheCallAndTheValue() {
    Generator g = new Generator(0);
    assertEquals(
        "WeightedRandomSampler: weights[1] = -1.0; weights should be finite and non-negative",
        assertThrows(
                IllegalArgumentException.class,
                () -> new WeightedRandomSampler(new double[] {1, -1}, 2, g))
            .getMessage());
    assertEquals(
        "WeightedRandomSampler: weights[0] = NaN; weights should be finite and non-negative",
        assertThrows(
                IllegalArgumentException.class,
                () -> new WeightedRandomSampler(new double[] {Double.NaN}, 2, g))
            .getMessage());
    assertEquals(
        "WeightedRandomSampler: weights[2] = Infinity; weights should be finite and non-negative",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new WeightedRandomSampler(new double[] {1, 1, Double.POSITIVE_INFINITY}, 2, g))
            .getMessage());
    assertEquals(
        "WeightedRandomSampler: all 3 weights are 0; at least one should be positive",
        assertThrows(
                IllegalArgumentException.class,
                () -> new WeightedRandomSampler(new double[3], 2, g))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new WeightedRandomSampler(new double[0], 2, g));
    assertThrows(IllegalArgumentException.class, () -> new WeightedRandomSampler(null, 2, g));
    assertThrows(
        IllegalArgumentException.class,
        () -> new WeightedRandomSampler(new double[] {1}, 2, true, null));
  }

  @Test
  void badNumSamplesIsRejected() {
    Generator g = new Generator(0);
    assertEquals(
        "WeightedRandomSampler: numSamples should be a positive integer, got 0",
        assertThrows(IllegalArgumentException.class, () -> new WeightedRandomSampler(WEIGHTS, 0, g))
            .getMessage());
    assertEquals(
        "WeightedRandomSampler: cannot draw numSamples = 5 distinct indices without replacement"
            + " from 4 non-zero weights",
        assertThrows(
                IllegalArgumentException.class,
                () -> new WeightedRandomSampler(WEIGHTS, 5, false, g))
            .getMessage());
    // with replacement more draws than indices are fine
    assertEquals(50, epoch(new WeightedRandomSampler(WEIGHTS, 50, true, g)).length);
  }

  @Test
  void aLoaderDrawsItsBatchesFromTheSampler() {
    TensorDataset data = new TensorDataset(Tensor.arange(5));
    double[] onlyThree = {0, 0, 0, 1, 0};
    DataLoader<List<Tensor>, List<Tensor>> loader =
        DataLoader.builder(data)
            .sampler(new WeightedRandomSampler(onlyThree, 6, new Generator(0)))
            .batchSize(4)
            .build();
    assertEquals(2, loader.size());
    List<double[]> batches = new ArrayList<>();
    for (List<Tensor> b : loader) batches.add(b.get(0).toDoubleArray());
    assertArrayEquals(new double[] {3, 3, 3, 3}, batches.get(0));
    assertArrayEquals(new double[] {3, 3}, batches.get(1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DataLoader.builder(data)
                    .sampler(new SequentialSampler(data))
                    .shuffle(true)
                    .build());
    assertTrue(e.getMessage().contains("mutually exclusive with shuffle"), e.getMessage());
  }

  @Test
  void aSamplerIndexOutOfRangeIsNamed() {
    TensorDataset data = new TensorDataset(Tensor.arange(3));
    DataLoader<List<Tensor>, List<Tensor>> loader =
        DataLoader.builder(data)
            .sampler(new WeightedRandomSampler(new double[] {0, 0, 0, 0, 1}, 1, new Generator(0)))
            .build();
    IndexOutOfBoundsException e =
        assertThrows(IndexOutOfBoundsException.class, () -> loader.iterator().next());
    assertEquals(
        "DataLoader: the sampler gave index 4, out of range for a data set of size 3",
        e.getMessage());
  }
}
