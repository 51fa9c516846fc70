package dev.autograd.plot;

/**
 * How a series' line is drawn, as matplotlib's {@code linestyle}: {@code '-'}, {@code '--'}, {@code
 * ':'}, {@code '-.'} and {@code 'none'}. Dashes scale with the line's width, as matplotlib's do.
 *
 * <pre>{@code
 * Plots.chart().plot(x, y).lineStyle(LineStyle.DASHED).lineWidth(2).save(Path.of("plots/y.png"));
 * }</pre>
 */
public enum LineStyle {
  /** A continuous line ({@code '-'}), the default. */
  SOLID(null),
  /** Dashes ({@code '--'}): 3.7 on, 1.6 off, in line widths. */
  DASHED(new float[] {3.7f, 1.6f}),
  /** Dots ({@code ':'}): 1 on, 1.65 off, in line widths. */
  DOTTED(new float[] {1f, 1.65f}),
  /** Dashes and dots ({@code '-.'}): 6.4 on, 1.6 off, 1 on, 1.6 off, in line widths. */
  DASH_DOT(new float[] {6.4f, 1.6f, 1f, 1.6f}),
  /** No line ({@code 'none'}): markers or fill only. */
  NONE(null);

  private final float[] dashes;

  LineStyle(float[] dashes) {
    this.dashes = dashes;
  }

  /** The dash pattern for a line {@code width} wide, or null for a continuous line. */
  float[] dashes(float width) {
    if (dashes == null) return null;
    float[] out = dashes.clone();
    for (int i = 0; i < out.length; i++) out[i] *= Math.max(width, 1f);
    return out;
  }
}
