package dev.autograd.plot.internal;

import dev.autograd.Tensor;
import java.util.Arrays;

/**
 * The cells of an image read from a tensor or an array: one value per cell (to colour through a
 * colour map) or one RGB colour per cell.
 *
 * @param rows the number of rows (the image's height)
 * @param columns the number of columns (its width)
 * @param values the value of cell (r, c) at {@code r * columns + c}, or null for an RGB image
 * @param rgb the colour of each cell, or null for an image of values
 */
public record Raster(int rows, int columns, double[] values, int[] rgb) {
  /**
   * Reads a 2-D tensor [H, W] of values, or a [C, H, W] tensor, PyTorch's image layout, with one
   * channel (values) or three (red, green, blue: from 0 to 1 in a floating-point tensor, from 0 to
   * 255 in an integer one; clamped).
   *
   * @param call the user's call, for messages
   * @throws IllegalArgumentException for another shape, an empty image or an infinite value
   */
  public static Raster of(String call, Tensor t) {
    if (t == null) throw new NullPointerException(call + ": image");
    int[] shape = t.shape();
    boolean planes = shape.length == 3 && (shape[0] == 1 || shape[0] == 3);
    if (shape.length != 2 && !planes) {
      throw new IllegalArgumentException(
          call
              + ": expected a 2-D tensor [H, W] or a [C, H, W] tensor with 1 or 3 channels, got"
              + " shape "
              + Arrays.toString(shape));
    }
    int h = shape[shape.length - 2];
    int w = shape[shape.length - 1];
    if (h == 0 || w == 0) {
      throw new IllegalArgumentException(
          call + ": the image is empty, shape " + Arrays.toString(shape));
    }
    double[] v = t.detach().contiguous().toDoubleArray();
    if (shape.length == 2 || shape[0] == 1) return ofValues(call, h, w, v);
    double scale = t.dtype().isFloatingPoint() ? 255 : 1;
    int[] rgb = new int[h * w];
    for (int i = 0; i < h * w; i++) {
      int r = channel(v[i] * scale);
      int g = channel(v[h * w + i] * scale);
      int b = channel(v[2 * h * w + i] * scale);
      rgb[i] = (r << 16) | (g << 8) | b;
    }
    return new Raster(h, w, null, rgb);
  }

  /**
   * Reads rows of values, {@code values[r][c]} the cell at row r (from the top) and column c.
   *
   * @throws IllegalArgumentException for no rows, rows of different lengths or an infinite value
   */
  public static Raster of(String call, double[][] values) {
    if (values == null) throw new NullPointerException(call + ": values");
    if (values.length == 0 || values[0].length == 0) {
      throw new IllegalArgumentException(call + ": the image is empty");
    }
    int w = values[0].length;
    double[] flat = new double[values.length * w];
    for (int r = 0; r < values.length; r++) {
      if (values[r].length != w) {
        throw new IllegalArgumentException(
            call
                + ": rows of different lengths: row 0 has "
                + w
                + " values, row "
                + r
                + " has "
                + values[r].length);
      }
      System.arraycopy(values[r], 0, flat, r * w, w);
    }
    return ofValues(call, values.length, w, flat);
  }

  private static Raster ofValues(String call, int h, int w, double[] v) {
    for (int i = 0; i < v.length; i++) {
      if (Double.isInfinite(v[i])) {
        throw new IllegalArgumentException(
            call
                + ": the value at row "
                + i / w
                + ", column "
                + i % w
                + " is "
                + v[i]
                + "; a colour map needs finite values (NaN shows as a grey cell)");
      }
    }
    return new Raster(h, w, v, null);
  }

  private static int channel(double v) {
    if (Double.isNaN(v)) return 0;
    return (int) Math.round(Math.max(0, Math.min(255, v)));
  }

  /** The smallest and largest finite values, {lo, hi} (NaN, NaN when none is). */
  public double[] range() {
    double[] range = Field.finiteRange(values);
    return range[0] > range[1] ? new double[] {Double.NaN, Double.NaN} : range;
  }

  /** The colour of every cell through {@code scale} (or the RGB colours). */
  public int[] colors(ColorScale scale) {
    if (rgb != null) return rgb.clone();
    int[] out = new int[values.length];
    for (int i = 0; i < out.length; i++) out[i] = scale.color(values[i]).getRGB() & 0xffffff;
    return out;
  }
}
