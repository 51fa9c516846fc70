package dev.autograd.data;

import dev.autograd.Functional;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Transforms of image tensors, as torchvision's {@code transforms} on tensors: {@link
 * #normalize(double[], double[])}, {@link #randomCrop(int, int)}, {@link
 * #randomHorizontalFlip(double)}, chained by {@link #compose(Transform...)}, and applied to one
 * element of each sample of a data set by {@link #onElement(int, Transform)}.
 *
 * <p>An image is {@code [C, H, W]} or {@code [H, W]}; crops and flips act on the last two dims of
 * any tensor of two dims or more, so they also take a batch {@code [N, C, H, W]} (one draw for the
 * whole batch, as torchvision).
 *
 * <pre>{@code
 * Transform train = Transforms.compose(
 *     Transforms.randomCrop(32, 4),
 *     Transforms.randomHorizontalFlip(0.5),
 *     Transforms.normalize(new double[] {0.49, 0.48, 0.45}, new double[] {0.25, 0.24, 0.26}));
 * DataLoader<List<Tensor>, List<Tensor>> loader =
 *     DataLoader.builder(data.map(Transforms.onElement(0, train))).batchSize(128).build();
 * }</pre>
 */
public final class Transforms {
  private Transforms() {}

  /**
   * The transforms one after another, as torchvision's {@code Compose}: {@code transforms[0]}
   * first, each drawing from the same generator in turn.
   *
   * @param transforms the transforms, in order; none gives the identity
   * @return the composition
   * @throws IllegalArgumentException if the array or one of the transforms is null
   */
  public static Transform compose(Transform... transforms) {
    Checks.nonNull("Transforms.compose", "transforms", transforms);
    for (int i = 0; i < transforms.length; i++) {
      Checks.nonNull("Transforms.compose", "transforms[" + i + "]", transforms[i]);
    }
    Transform[] steps = transforms.clone();
    return (image, random) -> {
      Tensor out = image;
      for (Transform t : steps) out = t.apply(out, random);
      return out;
    };
  }

  /**
   * Each channel shifted and scaled, as torchvision's {@code Normalize}: {@code out[c] = (image[c]
   * - mean[c]) / std[c]}, computed in the image's (floating-point) type. The channel dim is the
   * third from last ({@code [C, H, W]}, or {@code [..., C, H, W]}); an {@code [H, W]} image is one
   * channel. A single mean and std apply to every channel.
   *
   * <pre>{@code
   * Transform n = Transforms.normalize(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5});
   * n.apply(Tensor.ones(3, 2, 2), null); // all 1: (1 - 0.5) / 0.5
   * }</pre>
   *
   * @param mean one per channel, or one for all; finite
   * @param std one per channel, or one for all, as many as {@code mean}; finite and non-zero
   * @return the transform, which draws no random number
   * @throws IllegalArgumentException if an array is null or empty, their lengths differ, a value is
   *     not finite or a std is 0; and, when applied, if the image is not floating point, has fewer
   *     than two dims or its channel count is neither the arrays' length nor 1
   */
  public static Transform normalize(double[] mean, double[] std) {
    String call = "Transforms.normalize";
    Checks.nonNull(call, "mean", mean);
    Checks.nonNull(call, "std", std);
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException(
          call
              + ": mean and std should hold one value per channel (or one for all), got "
              + mean.length
              + " means and "
              + std.length
              + " stds");
    }
    for (int c = 0; c < mean.length; c++) {
      if (!Double.isFinite(mean[c]) || !Double.isFinite(std[c])) {
        throw new IllegalArgumentException(
            call
                + ": mean["
                + c
                + "] = "
                + mean[c]
                + " and std["
                + c
                + "] = "
                + std[c]
                + " should be finite");
      }
      if (std[c] == 0) {
        throw new IllegalArgumentException(
            "Transforms.normalize: std[" + c + "] is 0, which would divide by zero");
      }
    }
    double[] m = mean.clone();
    double[] s = std.clone();
    String name = call + "(mean " + Arrays.toString(m) + ", std " + Arrays.toString(s) + ")";
    return (image, random) -> {
      checkImage(name, image);
      if (!image.dtype().isFloatingPoint()) {
        throw new IllegalArgumentException(
            name + ": expected a floating-point image, got " + image.dtype().pytorchName());
      }
      int channels = image.dim() == 2 ? 1 : image.size(image.dim() - 3);
      if (m.length != 1 && m.length != channels) {
        throw new IllegalArgumentException(
            name
                + ": "
                + m.length
                + " means and stds for an image of "
                + channels
                + " channels (shape "
                + Arrays.toString(image.shape())
                + ")");
      }
      int[] shape = m.length == 1 ? new int[] {1} : new int[] {m.length, 1, 1};
      Tensor meanT = Tensor.of(m, image.dtype(), shape);
      Tensor stdT = Tensor.of(s, image.dtype(), shape);
      return image.sub(meanT).div(stdT);
    };
  }

  /**
   * A random {@code size × size} window, as torchvision's {@code RandomCrop(size)}.
   *
   * @param size the height and width of the crop, positive
   * @return the transform
   * @throws IllegalArgumentException as {@link #randomCrop(int, int, int)}
   */
  public static Transform randomCrop(int size) {
    return randomCrop(size, size, 0);
  }

  /**
   * A random {@code size × size} window of the image padded with {@code padding} zeros on every
   * side, as torchvision's {@code RandomCrop(size, padding)} (fill 0, constant mode).
   *
   * @param size the height and width of the crop, positive
   * @param padding zeros added on each of the four sides first, 0 or more
   * @return the transform
   * @throws IllegalArgumentException as {@link #randomCrop(int, int, int)}
   */
  public static Transform randomCrop(int size, int padding) {
    return randomCrop(size, size, padding);
  }

  /**
   * A random {@code height × width} window of the image padded with {@code padding} zeros on every
   * side, as torchvision's {@code RandomCrop((height, width), padding)}: with {@code H} and {@code
   * W} the padded sizes, the window's top row is drawn uniformly in [0, H - height] and then its
   * left column in [0, W - width] ({@link dev.autograd.Generator#nextInt(int)}, in that order). The
   * result is a view of the (padded) image's last two dims.
   *
   * <pre>{@code
   * Transform crop = Transforms.randomCrop(28, 28, 2);
   * crop.apply(Tensor.rand(1, 28, 28), new Generator(0)).shape(); // [1, 28, 28], shifted by up to 2
   * }</pre>
   *
   * @param height the crop's height, positive
   * @param width the crop's width, positive
   * @param padding zeros added on each of the four sides first, 0 or more
   * @return the transform
   * @throws IllegalArgumentException if a size is not positive or the padding negative; and, when
   *     applied, if the image has fewer than two dims or the crop is larger than the padded image
   */
  public static Transform randomCrop(int height, int width, int padding) {
    String name = "Transforms.randomCrop(" + height + ", " + width + ", padding " + padding + ")";
    if (height < 1 || width < 1 || padding < 0) {
      throw new IllegalArgumentException(
          name + ": the crop's sizes should be positive and the padding non-negative");
    }
    return (image, random) -> {
      checkImage(name, image);
      Tensor padded =
          padding == 0
              ? image
              : Functional.pad(image, new int[] {padding, padding, padding, padding});
      int d = padded.dim();
      int h = padded.size(d - 2);
      int w = padded.size(d - 1);
      if (height > h || width > w) {
        throw new IllegalArgumentException(
            name
                + ": the crop ["
                + height
                + ", "
                + width
                + "] is larger than the padded image ["
                + h
                + ", "
                + w
                + "] (image shape "
                + Arrays.toString(image.shape())
                + ")");
      }
      if (height == h && width == w) return padded; // no draw, as torchvision
      Checks.nonNull(name, "random", random);
      int top = random.nextInt(h - height + 1);
      int left = random.nextInt(w - width + 1);
      return padded.narrow(d - 2, top, height).narrow(d - 1, left, width);
    };
  }

  /**
   * The image mirrored left to right (its last dim reversed) with probability {@code p}, as
   * torchvision's {@code RandomHorizontalFlip(p)}: one uniform draw {@code u}, flipped when {@code
   * u < p}; so p = 0 never flips and p = 1 always does.
   *
   * @param p the probability of a flip, in [0, 1]
   * @return the transform
   * @throws IllegalArgumentException if {@code p} is outside [0, 1]; and, when applied, if the
   *     image has fewer than two dims
   */
  public static Transform randomHorizontalFlip(double p) {
    String name = "Transforms.randomHorizontalFlip(" + p + ")";
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + ": p should be a probability in [0, 1]");
    }
    return (image, random) -> {
      checkImage(name, image);
      Checks.nonNull(name, "random", random);
      return random.nextUniform() < p ? image.flip(image.dim() - 1) : image;
    };
  }

  /**
   * A function of a sample that is a list of tensors (as {@link TensorDataset}'s) which applies
   * {@code transform} to its element {@code element} and keeps the others, for {@link
   * Dataset#map(Function)}: the image transformed, the label kept. The transform draws from the
   * sample's generator ({@link Transform#apply(Tensor)}).
   *
   * <pre>{@code
   * Dataset<List<Tensor>> train = new TensorDataset(images, labels)
   *     .map(Transforms.onElement(0, Transforms.randomHorizontalFlip(0.5)));
   * }</pre>
   *
   * @param element the position of the tensor to transform, 0 or more
   * @param transform the transform
   * @return the function, giving a new unmodifiable list
   * @throws IllegalArgumentException if {@code element} is negative or {@code transform} null; and,
   *     when applied, if the sample has no element {@code element}
   */
  public static Function<List<Tensor>, List<Tensor>> onElement(int element, Transform transform) {
    String name = "Transforms.onElement(" + element + ")";
    Checks.nonNull(name, "transform", transform);
    if (element < 0) {
      throw new IllegalArgumentException(name + ": element should be non-negative");
    }
    return sample -> {
      Checks.nonNull(name, "sample", sample);
      if (element >= sample.size()) {
        throw new IllegalArgumentException(
            name + ": the sample has " + sample.size() + " elements, no element " + element);
      }
      List<Tensor> out = new ArrayList<>(sample);
      out.set(element, transform.apply(sample.get(element)));
      return List.copyOf(out);
    };
  }

  private static void checkImage(String call, Tensor image) {
    Checks.nonNull(call, "image", image);
    if (image.dim() < 2) {
      throw new IllegalArgumentException(
          call
              + ": expected an image [C, H, W] or [H, W], got shape "
              + Arrays.toString(image.shape()));
    }
  }
}
