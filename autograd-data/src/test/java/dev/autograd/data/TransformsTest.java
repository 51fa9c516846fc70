package dev.autograd.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransformsTest {
  /** A [C, H, W] image whose pixel (c, r, k) is 100 c + 10 r + k + 1, so that no pixel is 0. */
  static Tensor image(DType dtype, int c, int h, int w) {
    double[] v = new double[c * h * w];
    for (int i = 0; i < c; i++) {
      for (int r = 0; r < h; r++) {
        for (int k = 0; k < w; k++) v[(i * h + r) * w + k] = 100 * i + 10 * r + k + 1;
      }
    }
    return Tensor.of(v, dtype, c, h, w);
  }

  static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void normalizeIsTorchvisionsPerChannelShiftAndScale() {
    double[] mean = {0.5, 1.25};
    double[] std = {0.25, 3};
    for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
      Tensor x = image(dtype, 2, 3, 4);
      Tensor out = Transforms.normalize(mean, std).apply(x, null);
      assertEquals(dtype, out.dtype());
      assertArrayEquals(x.shape(), out.shape());
      double[] in = x.toDoubleArray();
      double[] got = out.toDoubleArray();
      for (int i = 0; i < in.length; i++) {
        int c = i / 12;
        // torchvision: tensor.sub_(mean).div_(std) in the image's type
        double expected =
            dtype == DType.FLOAT64
                ? (in[i] - mean[c]) / std[c]
                : (float) ((float) in[i] - (float) mean[c]) / (float) std[c];
        assertEquals(expected, got[i], 0.0, dtype + " element " + i);
      }
    }
  }

  @Test
  void normalizeTakesOneValueForAllChannelsAndHwImages() {
    Tensor hw = Tensor.of(new double[] {1, 2, 3, 4}, DType.FLOAT64, 2, 2);
    Transform n = Transforms.normalize(new double[] {1}, new double[] {2});
    assertArrayEquals(new double[] {0, 0.5, 1, 1.5}, n.apply(hw, null).toDoubleArray());
    Tensor chw = Tensor.of(new double[] {1, 3}, DType.FLOAT64, 2, 1, 1);
    assertArrayEquals(new double[] {0, 1}, n.apply(chw, null).toDoubleArray());
    // a batch [N, C, H, W]: the channel dim is the third from last
    Tensor batch = Tensor.ones(DType.FLOAT64, 2, 2, 1, 1);
    Transform perChannel = Transforms.normalize(new double[] {0, 1}, new double[] {1, 1});
    assertArrayEquals(new double[] {1, 0, 1, 0}, perChannel.apply(batch, null).toDoubleArray());
  }

  @Test
  void badNormalizeArgumentsAreRejectedNamingTheValues() {
    assertEquals(
        "Transforms.normalize: mean and std should hold one value per channel (or one for all), got"
            + " 2 means and 3 stds",
        message(() -> Transforms.normalize(new double[] {0, 0}, new double[] {1, 1, 1})));
    assertEquals(
        "Transforms.normalize: std[1] is 0, which would divide by zero",
        message(() -> Transforms.normalize(new double[] {0, 0}, new double[] {1, 0})));
    assertTrue(
        message(() -> Transforms.normalize(new double[] {Double.NaN}, new double[] {1}))
            .contains("should be finite"));
    assertTrue(
        message(() -> Transforms.normalize(new double[0], new double[0])).contains("got 0 means"));
    Transform three = Transforms.normalize(new double[] {0, 0, 0}, new double[] {1, 1, 1});
    assertEquals(
        "Transforms.normalize(mean [0.0, 0.0, 0.0], std [1.0, 1.0, 1.0]): 3 means and stds for an"
            + " image of 2 channels (shape [2, 3, 4])",
        message(() -> three.apply(image(DType.FLOAT32, 2, 3, 4), null)));
    assertEquals(
        "Transforms.normalize(mean [0.0, 0.0, 0.0], std [1.0, 1.0, 1.0]): expected a"
            + " floating-point image, got int64",
        message(() -> three.apply(Tensor.zeros(DType.INT64, 3, 2, 2), null)));
    assertTrue(
        message(() -> three.apply(Tensor.zeros(5), null))
            .endsWith("expected an image [C, H, W] or [H, W], got shape [5]"));
  }

  /** The padded image's pixel (c, r, k): zero outside the original. */
  static double padded(double[] x, int c, int h, int w, int pad, int ch, int r, int k) {
    int rr = r - pad;
    int kk = k - pad;
    return rr < 0 || rr >= h || kk < 0 || kk >= w ? 0 : x[(ch * h + rr) * w + kk];
  }

  static double[] window(double[] x, int c, int h, int w, int pad, int top, int left, int size) {
    double[] out = new double[c * size * size];
    for (int ch = 0; ch < c; ch++) {
      for (int r = 0; r < size; r++) {
        for (int k = 0; k < size; k++) {
          out[(ch * size + r) * size + k] = padded(x, c, h, w, pad, ch, top + r, left + k);
        }
      }
    }
    return out;
  }

  @Test
  void aCropWithPaddingIsAWindowOfTheZeroPaddedImage() {
    int c = 2;
    int h = 4;
    int w = 5;
    int pad = 2;
    int size = 3;
    Tensor x = image(DType.FLOAT32, c, h, w);
    double[] xs = x.toDoubleArray();
    Transform crop = Transforms.randomCrop(size, pad);
    boolean[][] offsetsSeen = new boolean[h + 2 * pad - size + 1][w + 2 * pad - size + 1];
    for (long seed = 0; seed < 400; seed++) {
      Tensor out = crop.apply(x, new Generator(seed));
      assertArrayEquals(new int[] {c, size, size}, out.shape());
      // torchvision's draws: the top row, then the left column, each uniform over the offsets
      Generator g = new Generator(seed);
      int top = g.nextInt(h + 2 * pad - size + 1);
      int left = g.nextInt(w + 2 * pad - size + 1);
      assertArrayEquals(
          window(xs, c, h, w, pad, top, left, size), out.toDoubleArray(), "seed " + seed);
      offsetsSeen[top][left] = true;
    }
    for (boolean[] row : offsetsSeen) for (boolean seen : row) assertTrue(seen, "every offset");
  }

  @Test
  void aCropOfTheWholeImageWithoutPaddingIsTheImage() {
    Tensor x = image(DType.FLOAT32, 1, 3, 3);
    Generator g = new Generator(0);
    assertSame(x, Transforms.randomCrop(3).apply(x, g));
    assertEquals(new Generator(0).nextUniform(), g.nextUniform(), "nothing drawn, as torchvision");
    Tensor hw = Tensor.rand(new Generator(1), 6, 7);
    assertArrayEquals(
        new int[] {4, 2}, Transforms.randomCrop(4, 2, 0).apply(hw, new Generator(0)).shape());
  }

  @Test
  void badCropsAreRejectedNamingTheSizes() {
    assertEquals(
        "Transforms.randomCrop(0, 0, padding 0): the crop's sizes should be positive and the"
            + " padding non-negative",
        message(() -> Transforms.randomCrop(0)));
    assertTrue(message(() -> Transforms.randomCrop(3, -1)).contains("padding -1"));
    assertEquals(
        "Transforms.randomCrop(32, 32, padding 2): the crop [32, 32] is larger than the padded"
            + " image [32, 30] (image shape [1, 28, 26])",
        message(
            () -> Transforms.randomCrop(32, 2).apply(Tensor.zeros(1, 28, 26), new Generator(0))));
  }

  @Test
  void aFlipWithPOneReversesTheRowsAndTwiceIsTheIdentity() {
    Tensor x = image(DType.FLOAT32, 2, 3, 4);
    Transform flip = Transforms.randomHorizontalFlip(1);
    Tensor once = flip.apply(x, new Generator(0));
    double[] xs = x.toDoubleArray();
    double[] fs = once.toDoubleArray();
    for (int i = 0; i < xs.length; i++) {
      int k = i % 4;
      assertEquals(xs[i - k + (3 - k)], fs[i], "pixel " + i);
    }
    assertArrayEquals(xs, flip.apply(once, new Generator(1)).toDoubleArray());
    assertSame(x, Transforms.randomHorizontalFlip(0).apply(x, new Generator(0)), "p = 0");
  }

  @Test
  void aFlipWithPHalfFlipsAboutHalfTheTime() {
    Tensor x = image(DType.FLOAT32, 1, 1, 2);
    Transform flip = Transforms.randomHorizontalFlip(0.5);
    Generator g = new Generator(5);
    int flipped = 0;
    int n = 1000;
    for (int i = 0; i < n; i++) if (flip.apply(x, g).toDoubleArray()[0] == 2) flipped++;
    // binomial(1000, 0.5): standard deviation 15.8, so six of them is 95
    assertTrue(Math.abs(flipped - n / 2) < 95, "flipped " + flipped);
    assertEquals(
        "Transforms.randomHorizontalFlip(1.5): p should be a probability in [0, 1]",
        message(() -> Transforms.randomHorizontalFlip(1.5)));
  }

  static Transform augment() {
    return Transforms.compose(
        Transforms.randomCrop(3, 1),
        Transforms.randomHorizontalFlip(0.5),
        Transforms.normalize(new double[] {10}, new double[] {4}));
  }

  @Test
  void theSameSeedGivesTheSameBits() {
    Tensor x = image(DType.FLOAT32, 1, 4, 4);
    List<double[]> first = new ArrayList<>();
    for (long s = 0; s < 20; s++) first.add(augment().apply(x, new Generator(s)).toDoubleArray());
    for (long s = 0; s < 20; s++) {
      assertArrayEquals(first.get((int) s), augment().apply(x, new Generator(s)).toDoubleArray());
    }
    assertFalse(
        first.stream().allMatch(a -> Arrays.equals(a, first.get(0))), "seeds give new crops");
  }

  @Test
  void composeAppliesInOrderDrawingFromOneGenerator() {
    Tensor x = image(DType.FLOAT32, 1, 4, 4);
    Transform crop = Transforms.randomCrop(3, 1);
    Transform flip = Transforms.randomHorizontalFlip(0.5);
    Transform norm = Transforms.normalize(new double[] {10}, new double[] {4});
    for (long s = 0; s < 10; s++) {
      Generator g = new Generator(s);
      double[] byHand = norm.apply(flip.apply(crop.apply(x, g), g), g).toDoubleArray();
      assertArrayEquals(byHand, augment().apply(x, new Generator(s)).toDoubleArray());
      assertArrayEquals(
          byHand, crop.andThen(flip).andThen(norm).apply(x, new Generator(s)).toDoubleArray());
    }
    // the order matters: normalizing first shifts the padding's zeros too (a crop of the whole
    // padded image, so that the window holds padding whatever the draw)
    Transform wholePadded = Transforms.randomCrop(6, 1);
    double[] cropFirst =
        Transforms.compose(wholePadded, norm).apply(x, new Generator(3)).toDoubleArray();
    double[] normFirst =
        Transforms.compose(norm, wholePadded).apply(x, new Generator(3)).toDoubleArray();
    assertEquals(-2.5, cropFirst[0], "(0 - 10) / 4: the padding normalized");
    assertEquals(0, normFirst[0], "padding added after normalizing");
    assertSame(x, Transforms.compose().apply(x, null), "no transform: the identity");
  }

  @Test
  void mapAppliesATransformToOneElementOfEachSample() {
    Tensor images =
        Tensor.stack(List.of(image(DType.FLOAT32, 1, 2, 3), image(DType.FLOAT32, 1, 2, 3)), 0);
    Tensor labels = Tensor.arange(2);
    Dataset<List<Tensor>> flipped =
        new TensorDataset(images, labels)
            .map(Transforms.onElement(0, Transforms.randomHorizontalFlip(1)));
    assertEquals(2, flipped.size());
    List<Tensor> s = flipped.get(1);
    assertArrayEquals(new double[] {3, 2, 1, 13, 12, 11}, s.get(0).toDoubleArray());
    assertEquals(1, s.get(1).item());
    assertEquals(
        "Transforms.onElement(2): the sample has 2 elements, no element 2",
        message(
            () ->
                new TensorDataset(images, labels)
                    .map(Transforms.onElement(2, Transforms.randomHorizontalFlip(1)))
                    .get(0)));
  }

  @Test
  void augmentedBatchesAreTheSameForAnyNumberOfWorkers() {
    Tensor images = Tensor.rand(new Generator(2), 30, 1, 5, 5);
    Dataset<List<Tensor>> train =
        new TensorDataset(images, Tensor.arange(30)).map(Transforms.onElement(0, augment()));
    List<double[]> reference = null;
    for (int workers : new int[] {0, 1, 3}) {
      DataLoader<List<Tensor>, List<Tensor>> loader =
          DataLoader.builder(train)
              .batchSize(4)
              .shuffle(true)
              .generator(new Generator(8))
              .numWorkers(workers)
              .build();
      List<double[]> got = new ArrayList<>();
      for (int e = 0; e < 2; e++) {
        for (List<Tensor> b : loader) {
          assertArrayEquals(new int[] {b.get(1).size(0), 1, 3, 3}, b.get(0).shape());
          got.add(b.get(0).toDoubleArray());
        }
      }
      if (reference == null) reference = got;
      for (int k = 0; k < got.size(); k++) {
        assertArrayEquals(reference.get(k), got.get(k), workers + " workers, batch " + k);
      }
    }
  }
}
