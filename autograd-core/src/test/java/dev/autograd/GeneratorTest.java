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
}
