package dev.autograd.plot;

import dev.autograd.plot.internal.Palette;
import java.awt.Color;

/**
 * How a heat map turns values into colours, as matplotlib's {@code cmap=}: the lowest value gets
 * the colour at 0, the highest the colour at 1.
 *
 * <pre>{@code
 * Plots.chart().imshow(image).cmap(ColorMap.GRAY).save(Path.of("plots/digit.png"));
 * }</pre>
 */
public enum ColorMap {
  /** Dark violet through blue and green to yellow, matplotlib's default {@code 'viridis'}. */
  VIRIDIS,
  /** Black to white, matplotlib's {@code 'gray'}: for images. */
  GRAY,
  /** Near-white to dark blue, matplotlib's {@code 'Blues'}: for counts, as a confusion matrix. */
  BLUES;

  /**
   * The colour at {@code t}.
   *
   * @param t the position, from 0 (the lowest value) to 1 (the highest); clamped
   * @return the colour, opaque; light grey for NaN
   */
  public Color at(double t) {
    return switch (this) {
      case VIRIDIS -> Palette.viridis(t);
      case GRAY -> Palette.gray(t);
      case BLUES -> Palette.blues(t);
    };
  }
}
