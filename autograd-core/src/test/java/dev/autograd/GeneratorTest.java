package dev.autograd;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The generator's numbers, and saving and restoring where its sequence is. */
class GeneratorTest {
  /** What the generator draws, in the order of {@link #drawSome}. */
  private static double[] drawSome(Generator g, int rounds) {
    double[] out = new double[rounds * 4];
    for (int i = 0; i < rounds; i++) {
      out[4 * i] = g.nextUniform();
      out[4 * i + 1] = g.nextFloat();
      out[4 * i + 2] = g.nextGaussian();
      out[4 * i + 3] = g.nextInt(1 + 7 * i);
    }
    return out;
  }

  @Test
  void theNumbersAreThoseOfSplittableRandomSeededAlike() {
    int[] bounds = {1, 2, 3, 7, 1 << 20, (1 << 30) + 1, Integer.MAX_VALUE};
    for (long seed : new long[] {0, 1, -1, 42, Long.MIN_VALUE, 0x9e3779b97f4a7c15L}) {
      Generator g = new Generator(seed);
      SplittableRandom r = new SplittableRandom(seed);
      for (int i = 0; i < 2000; i++) {
        assertEquals(r.nextDouble(), g.nextUniform(), "seed " + seed);
        assertEquals((r.nextInt() >>> 8) * 0x1.0p-24, g.nextFloat(), "seed " + seed);
        int bound = bounds[i % bounds.length];
        assertEquals(r.nextInt(bound), g.nextInt(bound), "seed " + seed + ", bound " + bound);
      }
    }
  }

  @Test
  void setStateContinuesFromWhereGetStateWas() {
    Generator g = new Generator(7);
    g.nextGaussian(); // leaves the second of a pair of Gaussians for the next call
    Tensor state = g.getState();
    double[] expected = drawSome(g, 50);
    Tensor after = g.getState();
    g.setState(state);
    assertArrayEquals(expected, drawSome(g, 50));
    assertArrayEquals(after.toDoubleArray(), g.getState().toDoubleArray());

    Generator other = new Generator(123).setState(state); // another generator, same numbers
    assertArrayEquals(expected, drawSome(other, 50));
  }

  @Test
  void theStateIsASnapshotOfBytes() {
    Generator g = new Generator(3);
    Tensor state = g.getState();
    double[] before = state.toDoubleArray();
    drawSome(g, 10);
    assertArrayEquals(before, state.toDoubleArray());
    assertEquals(DType.INT64, state.dtype());
    assertArrayEquals(new int[] {21}, state.shape());
    for (double v : before) assertEquals(true, v >= 0 && v <= 255 && v == Math.rint(v));
  }

  @Test
  void theGlobalGeneratorsStateRestoresTheRandomOps() {
    Tensor.manualSeed(5);
    Tensor.rand(3);
    Tensor state = Generator.global().getState();
    Tensor a = Tensor.randn(4, 4);
    Generator.global().setState(state);
    assertArrayEquals(a.toDoubleArray(), Tensor.randn(4, 4).toDoubleArray());
  }

  @Test
  void somethingElseThanAStateIsRefused() {
    Generator g = new Generator(1);
    double[] good = g.getState().toDoubleArray();
    assertMessage(() -> g.setState(null), "Generator.setState: state is null");
    assertMessage(
        () -> g.setState(Tensor.of(good)),
        "Generator.setState: expected a 1-D int64 tensor of 21 bytes, as getState() returns, got"
            + " float32 of shape [21]");
    assertMessage(
        () -> g.setState(Tensor.of(new long[] {1, 2, 3})),
        "expected a 1-D int64 tensor of 21 bytes");
    double[] big = good.clone();
    big[5] = 300;
    assertMessage(
        () -> g.setState(Tensor.of(big, DType.INT64)),
        "Generator.setState: element 5 is 300, not a byte");
    double[] wrongTag = good.clone();
    wrongTag[0] = 0;
    assertMessage(
        () -> g.setState(Tensor.of(wrongTag, DType.INT64)),
        "Generator.setState: the tensor is not a state returned by Generator.getState()");
    assertArrayEquals(good, g.getState().toDoubleArray(), "unchanged after the refusals");
  }

  // ---- sampling ops: the distributions are checked on many draws from fixed seeds

  @org.junit.jupiter.api.Test
  void randintDrawsEveryValueOfItsRangeEquallyOften() {
    Tensor a = Tensor.randint(new Generator(1), -3, 4, 7000);
    Tensor b = Tensor.randint(new Generator(1), -3, 4, 7000);
    org.junit.jupiter.api.Assertions.assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0);
    org.junit.jupiter.api.Assertions.assertEquals(DType.INT64, a.dtype());
    int[] counts = new int[7];
    for (double v : a.toDoubleArray()) counts[(int) v + 3]++;
    for (int c : counts)
      org.junit.jupiter.api.Assertions.assertTrue(Math.abs(c - 1000) < 120, "count " + c);
    dev.autograd.testing.Messages.assertMessage(
        () -> Tensor.randint(5, 5, 2),
        "randint: random_ expects 'from' to be less than 'to', but got from=5 >= to=5");
  }

  @org.junit.jupiter.api.Test
  void randpermIsAPermutationThatDependsOnTheSeed() {
    double[] p = Tensor.randperm(new Generator(2), 500).toDoubleArray();
    double[] sorted = p.clone();
    java.util.Arrays.sort(sorted);
    for (int i = 0; i < 500; i++) org.junit.jupiter.api.Assertions.assertEquals(i, sorted[i], 0);
    int fixedPoints = 0;
    for (int i = 0; i < 500; i++) if (p[i] == i) fixedPoints++;
    org.junit.jupiter.api.Assertions.assertTrue(fixedPoints < 10, fixedPoints + " fixed points");
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        p, Tensor.randperm(new Generator(2), 500).toDoubleArray(), 0);
    org.junit.jupiter.api.Assertions.assertEquals(0, Tensor.randperm(new Generator(2), 0).numel());
  }

  @org.junit.jupiter.api.Test
  void bernoulliAndNormalHaveTheirMeansAndSpreads() {
    Tensor draws = Tensor.bernoulli(Tensor.full(0.3, 20000), new Generator(3));
    org.junit.jupiter.api.Assertions.assertEquals(0.3, draws.mean().item(), 0.015);
    org.junit.jupiter.api.Assertions.assertEquals(DType.FLOAT32, draws.dtype());
    Tensor edges = Tensor.bernoulli(Tensor.of(new double[] {0, 1, 0, 1}), new Generator(3));
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        new double[] {0, 1, 0, 1}, edges.toDoubleArray(), 0);
    dev.autograd.testing.Messages.assertMessage(
        () -> Tensor.bernoulli(Tensor.of(new double[] {1.5}), new Generator(3)),
        "bernoulli: bernoulli_ expects p to be in [0, 1], but got p=1.5");
    Tensor n = Tensor.normal(new Generator(4), 2, 0.5, 20000);
    org.junit.jupiter.api.Assertions.assertEquals(2, n.mean().item(), 0.02);
    org.junit.jupiter.api.Assertions.assertEquals(0.5, n.std().item(), 0.02);
    dev.autograd.testing.Messages.assertMessage(
        () -> Tensor.normal(new Generator(4), 0, -1, 2),
        "normal: expects a finite mean and std >= 0.0");
  }

  @org.junit.jupiter.api.Test
  void multinomialDrawsCategoriesByTheirWeights() {
    Tensor w = Tensor.of(new double[] {1, 2, 0, 7});
    double[] d = Tensor.multinomial(w, 20000, true, new Generator(5)).toDoubleArray();
    int[] counts = new int[4];
    for (double v : d) counts[(int) v]++;
    org.junit.jupiter.api.Assertions.assertEquals(0, counts[2], "a zero weight is never drawn");
    org.junit.jupiter.api.Assertions.assertEquals(0.1, counts[0] / 20000.0, 0.015);
    org.junit.jupiter.api.Assertions.assertEquals(0.2, counts[1] / 20000.0, 0.015);
    org.junit.jupiter.api.Assertions.assertEquals(0.7, counts[3] / 20000.0, 0.015);
    Tensor rows =
        Tensor.multinomial(
            Tensor.of(new double[][] {{1, 1, 1}, {0, 5, 1}}), 2, false, new Generator(5));
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {2, 2}, rows.shape());
    double[] r = rows.toDoubleArray();
    org.junit.jupiter.api.Assertions.assertNotEquals(r[0], r[1], "without replacement");
    org.junit.jupiter.api.Assertions.assertNotEquals(r[2], r[3]);
    org.junit.jupiter.api.Assertions.assertTrue(r[2] != 0 && r[3] != 0);
    dev.autograd.testing.Messages.assertMessage(
        () -> Tensor.multinomial(w, 5, false, new Generator(5)),
        "multinomial: cannot sample n_sample > prob_dist.size(-1) samples without replacement");
    dev.autograd.testing.Messages.assertMessage(
        () -> Tensor.multinomial(Tensor.of(new double[] {1, -1}), 1, true, new Generator(5)),
        "multinomial: probability tensor contains either inf, nan or element < 0");
  }
}
