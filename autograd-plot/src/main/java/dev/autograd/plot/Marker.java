package dev.autograd.plot;

import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The shape drawn at each data point of a series, as matplotlib's {@code marker}: {@code 'o'},
 * {@code 's'}, {@code 'D'}, {@code '^'}, {@code 'v'}, {@code 'x'}, {@code '+'} and {@code 'none'}.
 *
 * <pre>{@code
 * Plots.chart().plot(x, y).marker(Marker.CIRCLE).save(Path.of("plots/y.png"));
 * }</pre>
 */
public enum Marker {
  /** No marker, the default for lines. */
  NONE(SeriesMarkers.NONE),
  /** A filled circle ({@code 'o'}), the default for scatter plots. */
  CIRCLE(SeriesMarkers.CIRCLE),
  /** A filled square ({@code 's'}). */
  SQUARE(SeriesMarkers.SQUARE),
  /** A filled diamond ({@code 'D'}). */
  DIAMOND(SeriesMarkers.DIAMOND),
  /** A triangle pointing up ({@code '^'}). */
  TRIANGLE_UP(SeriesMarkers.TRIANGLE_UP),
  /** A triangle pointing down ({@code 'v'}). */
  TRIANGLE_DOWN(SeriesMarkers.TRIANGLE_DOWN),
  /** A cross ({@code 'x'}). */
  CROSS(SeriesMarkers.CROSS),
  /** A plus sign ({@code '+'}). */
  PLUS(SeriesMarkers.PLUS);

  private final org.knowm.xchart.style.markers.Marker shape;

  Marker(org.knowm.xchart.style.markers.Marker shape) {
    this.shape = shape;
  }

  /** XChart's marker of this shape. */
  org.knowm.xchart.style.markers.Marker shape() {
    return shape;
  }
}
