package dev.autograd.data;

import static dev.autograd.data.DatasetsTest.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
  /** x[i] = [10 i, 10 i + 1], y[i] = i: each batch says which samples it holds. */
  static TensorDataset pairs(int n) {
    double[] x = new double[2 * n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = 10 * i;
      x[2 * i + 1] = 10 * i + 1;
    }
    return new TensorDataset(Tensor.of(x, n, 2), Tensor.arange(n));
  }

  static List<List<Tensor>> epoch(DataLoader<List<Tensor>, List<Tensor>> loader) {
    List<List<Tensor>> out = new ArrayList<>();
    loader.forEach(out::add);
    return out;
  }

  static int[] labels(List<List<Tensor>> batches) {
    List<Integer> ids = new ArrayList<>();
    for (List<Tensor> b : batches) for (double v : b.get(1).toDoubleArray()) ids.add((int) v);
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void batchesAreTheStackedSamplesInOrder() {
    TensorDataset data = pairs(7);
    DataLoader<List<Tensor>, List<Tensor>> loader = DataLoader.builder(data).batchSize(3).build();
    assertEquals(3, loader.size());
    List<List<Tensor>> batches = epoch(loader);
    assertEquals(3, batches.size());
    List<Tensor> second = batches.get(1);
    assertArrayEquals(new int[] {3, 2}, second.get(0).shape());
    assertArrayEquals(new double[] {30, 31, 40, 41, 50, 51}, second.get(0).toDoubleArray());
    assertArrayEquals(new int[] {3}, second.get(1).shape());
    assertArrayEquals(new double[] {3, 4, 5}, second.get(1).toDoubleArray());
    assertArrayEquals(new int[] {1, 2}, batches.get(2).get(0).shape());
    assertArrayEquals(new double[] {60, 61}, batches.get(2).get(0).toDoubleArray());
  }

  @Test
  void tensorSamplesStackIntoOneTensor() {
    Dataset<Tensor> squares =
        new Dataset<>() {
          @Override
          public int size() {
            return 4;
          }

          @Override
          public Tensor get(int index) {
            return Tensor.of(new double[] {index, index * index}, 2);
          }
        };
    List<Tensor> batches = new ArrayList<>();
    DataLoader.builder(squares).batchSize(4).build().forEach(batches::add);
    assertEquals(1, batches.size());
    assertArrayEquals(new int[] {4, 2}, batches.get(0).shape());
    assertArrayEquals(new double[] {0, 0, 1, 1, 2, 4, 3, 9}, batches.get(0).toDoubleArray());
  }

  @Test
  void shufflingCoversEverySampleOncePerEpochInANewOrder() {
    DataLoader<List<Tensor>, List<Tensor>> loader =
        DataLoader.builder(pairs(20))
            .batchSize(6)
            .shuffle(true)
            .generator(new Generator(9))
            .build();
    int[] first = labels(epoch(loader));
    int[] second = labels(epoch(loader));
    int[] all = new int[20];
    for (int i = 0; i < 20; i++) all[i] = i;
    assertArrayEquals(all, SamplersTest.sorted(first));
    assertArrayEquals(all, SamplersTest.sorted(second));
    assertFalse(Arrays.equals(all, first), "shuffled");
    assertFalse(Arrays.equals(first, second), "a new order each epoch");
    // the features travel with their labels
    for (List<Tensor> b : epoch(loader)) {
      double[] x = b.get(0).toDoubleArray();
      double[] y = b.get(1).toDoubleArray();
      for (int r = 0; r < y.length; r++) assertEquals(10 * y[r], x[2 * r]);
    }
    DataLoader<List<Tensor>, List<Tensor>> same =
        DataLoader.builder(pairs(20))
            .batchSize(6)
            .shuffle(true)
            .generator(new Generator(9))
            .build();
    assertArrayEquals(first, labels(epoch(same)));
  }

  @Test
  void dropLastDropsTheShortBatch() {
    DataLoader<List<Tensor>, List<Tensor>> loader =
        DataLoader.builder(pairs(7)).batchSize(3).dropLast(true).build();
    assertEquals(2, loader.size());
    List<List<Tensor>> batches = epoch(loader);
    assertEquals(2, batches.size());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, labels(batches));
  }

  @Test
  void aCollateFunctionMakesTheBatches() {
    DataLoader<List<Tensor>, Integer> counts =
        DataLoader.builder(pairs(5)).batchSize(2).collate(List::size).build();
    List<Integer> sizes = new ArrayList<>();
    counts.forEach(sizes::add);
    assertEquals(List.of(2, 2, 1), sizes);
  }

  @Test
  void batchSizeBelowOneIsRejectedNamingTheValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> DataLoader.builder(pairs(3)).batchSize(0));
    assertEquals("DataLoader: batchSize should be a positive integer, got 0", e.getMessage());
  }

  @Test
  void anEmptyDataSetGivesEpochsWithoutBatches() {
    for (boolean shuffle : new boolean[] {false, true}) {
      for (boolean dropLast : new boolean[] {false, true}) {
        DataLoader<Integer, Integer> loader =
            DataLoader.builder(range(0))
                .batchSize(3)
                .shuffle(shuffle)
                .dropLast(dropLast)
                .generator(new Generator(0))
                .build();
        assertEquals(0, loader.size());
        Iterator<Integer> it = loader.iterator();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        assertFalse(loader.iterator().hasNext(), "a second epoch is empty too");
      }
    }
  }

  @Test
  void samplesOfDifferentShapesNameTheirIndicesAndShapes() {
    Dataset<List<Tensor>> ragged =
        new Dataset<>() {
          @Override
          public int size() {
            return 4;
          }

          @Override
          public List<Tensor> get(int index) {
            return List.of(Tensor.scalar(index), Tensor.zeros(index == 3 ? 3 : 2));
          }
        };
    DataLoader<List<Tensor>, List<Tensor>> loader = DataLoader.builder(ragged).batchSize(2).build();
    Iterator<List<Tensor>> it = loader.iterator();
    it.next(); // samples 0 and 1 agree
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, it::next);
    assertTrue(
        e.getMessage()
            .startsWith(
                "DataLoader: samples of different shapes in one batch: element 1 of sample 2 has"
                    + " shape [2] but element 1 of sample 3 has shape [3]"),
        e.getMessage());
  }

  @Test
  void samplesTheDefaultCollateCannotBatchAreNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DataLoader.builder(range(3)).batchSize(2).build().iterator().next());
    assertTrue(
        e.getMessage().contains("sample 0 is a java.lang.Integer")
            && e.getMessage().contains("collate function"),
        e.getMessage());
  }
}
