package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Resizing of [N, C, H, W], as PyTorch's {@code Upsample}: {@link Functional#interpolate(Tensor,
 * int[], double[], String, boolean)} to a fixed size or by a fixed factor, {@code "nearest"} or
 * {@code "bilinear"}. No parameters.
 *
 * <pre>{@code
 * Upsample up = Upsample.scale(2, "nearest");
 * up.forward(Tensor.zeros(1, 8, 7, 7)).shape(); // [1, 8, 14, 14]
 * System.out.println(up);                      // Upsample(scale_factor=2.0, mode=nearest)
 * }</pre>
 */
public final class Upsample extends Module {
  private final int[] size;
  private final double[] scaleFactor;
  private final String mode;
  private final boolean alignCorners;

  private Upsample(int[] size, double[] scaleFactor, String mode, boolean alignCorners) {
    if (!mode.equals("nearest") && !mode.equals("bilinear")) {
      throw new IllegalArgumentException(
          "Upsample: mode must be \"nearest\" or \"bilinear\", got \"" + mode + "\"");
    }
    if (alignCorners && mode.equals("nearest")) {
      throw new IllegalArgumentException(
          "Upsample: align_corners option can only be set with the interpolating modes");
    }
    this.size = size;
    this.scaleFactor = scaleFactor;
    this.mode = mode;
    this.alignCorners = alignCorners;
  }

  /**
   * Resizing to a fixed size.
   *
   * @param mode "nearest" or "bilinear"
   * @param size {OH, OW}, or one value for both
   * @return the layer
   * @throws IllegalArgumentException for another mode
   */
  public static Upsample size(String mode, int... size) {
    Arguments.requireNonNull("Upsample.size", "mode", mode);
    return new Upsample(
        Arguments.requireNonNull("Upsample.size", "size", size).clone(), null, mode, false);
  }

  /**
   * Resizing by a factor, the same for height and width.
   *
   * @param scaleFactor the factor, positive
   * @param mode "nearest" or "bilinear"
   * @return the layer
   * @throws IllegalArgumentException for another mode
   */
  public static Upsample scale(double scaleFactor, String mode) {
    Arguments.requireNonNull("Upsample.scale", "mode", mode);
    return new Upsample(null, new double[] {scaleFactor}, mode, false);
  }

  /**
   * Every setting of PyTorch's {@code Upsample}: a size or a scale factor (the other null), the
   * mode and, for bilinear, whether corners are aligned.
   *
   * @param size {OH, OW} or one value, or null
   * @param scaleFactor {fH, fW} or one value, or null
   * @param mode "nearest" or "bilinear"
   * @param alignCorners align the corner pixels (bilinear only)
   * @return the layer
   * @throws IllegalArgumentException for another mode, or alignCorners with nearest
   */
  public static Upsample of(int[] size, double[] scaleFactor, String mode, boolean alignCorners) {
    Arguments.requireNonNull("Upsample.of", "mode", mode);
    return new Upsample(
        size == null ? null : size.clone(),
        scaleFactor == null ? null : scaleFactor.clone(),
        mode,
        alignCorners);
  }

  /**
   * Resizes the input.
   *
   * @param input [N, C, H, W]
   * @return [N, C, OH, OW]
   * @throws dev.autograd.TensorException as {@link Functional#interpolate(Tensor, int[], double[],
   *     String, boolean)}
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("Upsample.forward", "input", input);
    return Functional.interpolate(input, size, scaleFactor, mode, alignCorners);
  }

  @Override
  protected String extraRepr() {
    String what;
    if (scaleFactor != null) {
      what =
          "scale_factor="
              + (scaleFactor.length == 1
                  ? PyRepr.of(scaleFactor[0])
                  : "(" + PyRepr.of(scaleFactor[0]) + ", " + PyRepr.of(scaleFactor[1]) + ")");
    } else {
      what = "size=" + PyRepr.size(size);
    }
    return what + ", mode=" + mode;
  }
}
