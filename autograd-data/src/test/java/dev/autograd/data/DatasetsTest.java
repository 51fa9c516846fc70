package dev.autograd.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetsTest {
  /** A data set whose sample i is i itself, to see which indices a view reads. */
  static Dataset<Integer> range(int n) {
    return new Dataset<>() {
      @Override
      public int size() {
        return n;
      }

      @Override
      public Integer get(int index) {
        if (index < 0 || index >= n) throw new IndexOutOfBoundsException(index);
        return index;
      }
    };
  }

  @Test
  void tensorDatasetSlicesEachTensorAlongDim0() {
    Tensor x = Tensor.arange(12).reshape(4, 3);
    Tensor y = Tensor.arange(4);
    TensorDataset data = new TensorDataset(x, y);
    assertEquals(4, data.size());
    List<Tensor> sample = data.get(2);
    assertEquals(2, sample.size());
    assertArrayEquals(new double[] {6, 7, 8}, sample.get(0).toDoubleArray());
    assertArrayEquals(new int[] {3}, sample.get(0).shape());
    assertEquals(2, sample.get(1).item());
    assertEquals(0, sample.get(1).dim());
  }

  @Test
  void tensorDatasetRejectsMismatchedFirstDimsNamingTheShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TensorDataset(Tensor.zeros(4, 3), Tensor.zeros(5)));
    assertTrue(e.getMessage().contains("TensorDataset"), e.getMessage());
    assertTrue(e.getMessage().contains("[4, 3]") && e.getMessage().contains("[5]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, TensorDataset::new);
    assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Tensor.scalar(1.0)));
  }

  @Test
  void getOutOfRangeNamesTheCallAndTheSize() {
    TensorDataset data = new TensorDataset(Tensor.zeros(3, 2));
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> data.get(3));
    assertEquals(
        "TensorDataset.get: index 3 is out of range for a data set of size 3", e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> data.get(-1));
  }

  @Test
  void subsetReadsTheGivenIndicesInOrder() {
    Subset<Integer> s = new Subset<>(range(10), new int[] {7, 2, 2, 9});
    assertEquals(4, s.size());
    assertEquals(List.of(7, 2, 2, 9), List.of(s.get(0), s.get(1), s.get(2), s.get(3)));
    assertThrows(IndexOutOfBoundsException.class, () -> s.get(4));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new Subset<>(range(3), new int[] {0, 3}));
    assertTrue(e.getMessage().contains("indices[1] = 3"), e.getMessage());
  }

  @Test
  void concatDatasetMapsEachIndexToItsDataSetSkippingEmptyOnes() {
    Dataset<Integer> a = range(3);
    Dataset<Integer> empty = range(0);
    Dataset<Integer> b = new Subset<>(range(10), new int[] {9, 8});
    ConcatDataset<Integer> c = new ConcatDataset<>(List.of(empty, a, empty, b, empty));
    assertEquals(5, c.size());
    int[] got = new int[5];
    for (int i = 0; i < 5; i++) got[i] = c.get(i);
    assertArrayEquals(new int[] {0, 1, 2, 9, 8}, got);
    assertThrows(IndexOutOfBoundsException.class, () -> c.get(5));
    assertThrows(IllegalArgumentException.class, () -> new ConcatDataset<Integer>(List.of()));
  }

  @Test
  void fractionsAreFlooredThenTheRemainderDealtRoundRobin() {
    assertArrayEquals(new int[] {5, 3, 2}, Datasets.splitLengths(10, new double[] {0.5, 0.3, 0.2}));
    assertArrayEquals(
        new int[] {4, 4, 3}, Datasets.splitLengths(11, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}));
    // floor gives 2, 2, 2, 2 of 10; the two left over go to parts 0 and 1
    assertArrayEquals(
        new int[] {3, 3, 2, 2}, Datasets.splitLengths(10, new double[] {0.25, 0.25, 0.25, 0.25}));
    // the one left over goes to part 0 whatever the fractions, as in PyTorch (values checked there)
    assertArrayEquals(new int[] {1, 0}, Datasets.splitLengths(1, new double[] {0.1, 0.9}));
  }

  @Test
  void badFractionsAndLengthsAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Datasets.randomSplit(range(10), new double[] {0.5, 0.6}, new Generator(0)));
    assertTrue(e.getMessage().startsWith("randomSplit:"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Datasets.randomSplit(range(10), new double[] {1.5, -0.5}, new Generator(0)));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Datasets.randomSplit(range(10), new int[] {3, 3}, new Generator(0)));
    assertTrue(e.getMessage().contains("[3, 3]") && e.getMessage().contains("10"), e.getMessage());
  }

  @Test
  void randomSplitGivesDisjointPartsCoveringEveryIndexDeterminedByTheSeed() {
    List<Subset<Integer>> parts =
        Datasets.randomSplit(range(50), new int[] {20, 0, 30}, new Generator(7));
    assertEquals(3, parts.size());
    assertEquals(20, parts.get(0).size());
    assertEquals(0, parts.get(1).size());
    assertEquals(30, parts.get(2).size());
    int[] all = new int[50];
    int k = 0;
    for (Subset<Integer> p : parts) for (int i : p.indices()) all[k++] = i;
    int[] sorted = all.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < 50; i++) assertEquals(i, sorted[i]);
    assertFalse(Arrays.equals(sorted, all), "the split is shuffled");

    int[] again =
        Datasets.randomSplit(range(50), new int[] {20, 0, 30}, new Generator(7)).get(0).indices();
    assertArrayEquals(parts.get(0).indices(), again);
    int[] other =
        Datasets.randomSplit(range(50), new int[] {20, 0, 30}, new Generator(8)).get(0).indices();
    assertFalse(Arrays.equals(parts.get(0).indices(), other));
  }
}
