package dev.autograd.data;

import dev.autograd.Generator;
import dev.autograd.Tensor;

/**
 * A function of an image tensor, as torchvision's transforms on tensors: the image is {@code [C, H,
 * W]} or {@code [H, W]} (a batch {@code [..., C, H, W]} where the transform says so), and a random
 * transform takes its numbers from the {@link Generator} it is given, so that its result is a
 * function of the image and the generator's state alone.
 *
 * <p>Inside a data set's {@code get}, {@link #apply(Tensor)} passes the sample's generator, {@link
 * SampleContext#random()}: a loader then gives the same augmented samples for any number of
 * workers. {@link Dataset#map} applies a transform to each sample of a data set this way. {@link
 * Transforms} has the common ones.
 *
 * <pre>{@code
 * Transform augment = Transforms.compose(
 *     Transforms.randomCrop(28, 2),
 *     Transforms.randomHorizontalFlip(0.5),
 *     Transforms.normalize(new double[] {0.1307}, new double[] {0.3081}));
 * Tensor once = augment.apply(image, new Generator(0));
 * Dataset<List<Tensor>> train = data.map(Transforms.onElement(0, augment));
 * }</pre>
 */
@FunctionalInterface
public interface Transform {
  /**
   * The transformed image.
   *
   * @param image the image, {@code [C, H, W]} or {@code [H, W]}
   * @param random the source of the transform's random numbers (unused by a deterministic one)
   * @return the new image; the input is not modified
   * @throws IllegalArgumentException if the image's shape or type does not suit the transform
   */
  Tensor apply(Tensor image, Generator random);

  /**
   * The transformed image, with the random numbers of the sample being loaded: {@code apply(image,
   * SampleContext.random())}.
   *
   * @param image the image
   * @return the new image
   * @throws IllegalArgumentException if the image's shape or type does not suit the transform
   */
  default Tensor apply(Tensor image) {
    return apply(image, SampleContext.random());
  }

  /**
   * This transform, then {@code next} on its result, both drawing from the same generator in that
   * order.
   *
   * @param next the transform applied second
   * @return the composition
   * @throws IllegalArgumentException if {@code next} is null
   */
  default Transform andThen(Transform next) {
    Checks.nonNull("Transform.andThen", "next", next);
    return (image, random) -> next.apply(apply(image, random), random);
  }
}
