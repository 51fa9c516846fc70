package dev.autograd.data;

import static dev.autograd.data.DatasetsTest.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Generator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplersTest {
  static int[] epoch(Iterable<Integer> sampler) {
    List<Integer> out = new ArrayList<>();
    sampler.forEach(out::add);
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  static int[] sorted(int[] a) {
    int[] s = a.clone();
    Arrays.sort(s);
    return s;
  }

  static int[] iota(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    return a;
  }

  @Test
  void sequentialSamplerVisitsEveryIndexInOrder() {
    SequentialSampler s = new SequentialSampler(range(5));
    assertEquals(5, s.size());
    assertArrayEquals(iota(5), epoch(s));
    assertArrayEquals(iota(5), epoch(s));
  }

  @Test
  void randomSamplerVisitsEveryIndexOncePerEpochInANewOrderEachEpoch() {
    RandomSampler s = new RandomSampler(range(40), new Generator(3));
    assertEquals(40, s.size());
    int[] first = epoch(s);
    int[] second = epoch(s);
    assertArrayEquals(iota(40), sorted(first));
    assertArrayEquals(iota(40), sorted(second));
    assertFalse(Arrays.equals(first, iota(40)), "shuffled");
    assertFalse(Arrays.equals(first, second), "a new order each epoch");

    RandomSampler same = new RandomSampler(range(40), new Generator(3));
    assertArrayEquals(first, epoch(same));
    assertArrayEquals(second, epoch(same));
    assertFalse(Arrays.equals(first, epoch(new RandomSampler(range(40), new Generator(4)))));
  }

  @Test
  void numSamplesWithoutReplacementChainsWholePermutations() {
    int[] e = epoch(new RandomSampler(range(10), false, 25, new Generator(1)));
    assertEquals(25, e.length);
    assertArrayEquals(iota(10), sorted(Arrays.copyOfRange(e, 0, 10)));
    assertArrayEquals(iota(10), sorted(Arrays.copyOfRange(e, 10, 20)));
    int[] tail = sorted(Arrays.copyOfRange(e, 20, 25));
    for (int i = 1; i < tail.length; i++) assertTrue(tail[i] > tail[i - 1], "no repeat in a pass");
  }

  @Test
  void withReplacementDrawsInRangeAndRepeats() {
    RandomSampler s = new RandomSampler(range(5), true, 200, new Generator(2));
    assertTrue(s.replacement());
    int[] e = epoch(s);
    assertEquals(200, e.length);
    int[] counts = new int[5];
    for (int i : e) counts[i]++;
    for (int c : counts) assertTrue(c > 0, Arrays.toString(counts)); // 200 draws reach all five
    assertArrayEquals(e, epoch(new RandomSampler(range(5), true, 200, new Generator(2))));
  }

  @Test
  void badSamplerArgumentsAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RandomSampler(range(5), true, 0, new Generator(0)));
    assertEquals("RandomSampler: numSamples should be a positive integer, got 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RandomSampler(range(5), null));
    RandomSampler empty = new RandomSampler(range(0), true, 3, new Generator(0));
    assertThrows(IllegalStateException.class, empty::iterator);
    assertEquals(0, epoch(new RandomSampler(range(0), new Generator(0))).length);
  }

  @Test
  void batchSamplerGroupsInOrderKeepingOrDroppingTheLastBatch() {
    BatchSampler keep = new BatchSampler(new SequentialSampler(range(10)), 3, false);
    assertEquals(4, keep.size());
    List<int[]> batches = new ArrayList<>();
    keep.forEach(batches::add);
    assertEquals(4, batches.size());
    assertArrayEquals(new int[] {0, 1, 2}, batches.get(0));
    assertArrayEquals(new int[] {6, 7, 8}, batches.get(2));
    assertArrayEquals(new int[] {9}, batches.get(3));

    BatchSampler drop = new BatchSampler(new SequentialSampler(range(10)), 3, true);
    assertEquals(3, drop.size());
    List<int[]> kept = new ArrayList<>();
    drop.forEach(kept::add);
    assertEquals(3, kept.size());
    for (int[] b : kept) assertEquals(3, b.length);

    BatchSampler exact = new BatchSampler(new SequentialSampler(range(9)), 3, true);
    assertEquals(3, exact.size());
    assertEquals(3, new BatchSampler(new SequentialSampler(range(9)), 3, false).size());
  }

  @Test
  void batchSamplerOverARandomSamplerCoversEveryIndexOnce() {
    BatchSampler b = new BatchSampler(new RandomSampler(range(23), new Generator(5)), 4, false);
    List<Integer> all = new ArrayList<>();
    for (int[] batch : b) for (int i : batch) all.add(i);
    assertArrayEquals(iota(23), sorted(all.stream().mapToInt(Integer::intValue).toArray()));
  }

  @Test
  void batchCountOfTheLargestDataSetDoesNotOverflow() {
    Sampler huge = new SequentialSampler(range(Integer.MAX_VALUE));
    assertEquals(Integer.MAX_VALUE / 2 + 1, new BatchSampler(huge, 2, false).size());
    assertEquals(Integer.MAX_VALUE / 2, new BatchSampler(huge, 2, true).size());
  }

  @Test
  void samplersOverAnEmptyDataSetYieldNothing() {
    assertEquals(0, new SequentialSampler(range(0)).size());
    assertEquals(0, epoch(new SequentialSampler(range(0))).length);
    assertEquals(0, new RandomSampler(range(0), new Generator(0)).size());
    assertEquals(0, epoch(new RandomSampler(range(0), new Generator(0))).length);
    for (boolean dropLast : new boolean[] {false, true}) {
      BatchSampler b = new BatchSampler(new SequentialSampler(range(0)), 4, dropLast);
      assertEquals(0, b.size());
      assertFalse(b.iterator().hasNext());
    }
  }

  @Test
  void batchSizeBelowOneIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new BatchSampler(new SequentialSampler(range(3)), 0, false));
    assertEquals("BatchSampler: batchSize should be a positive integer, got 0", e.getMessage());
  }
}
