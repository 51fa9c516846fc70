package dev.autograd.plot;

import dev.autograd.plot.internal.Canvas;
import dev.autograd.plot.internal.Palette;
import dev.autograd.plot.internal.Sampling;
import dev.autograd.plot.internal.XYPanel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Loss per training step, one named series per run: the tutorial's comparison of activations
 * ("不同激活函数的损失下降对比") or the loss of gradient descent on x².
 *
 * <pre>{@code
 * LossChart.builder()
 *     .title("不同激活函数的损失下降对比")
 *     .series("Sigmoid", sigmoidLosses)
 *     .series("ReLU", reluLosses)
 *     .series("LeakyReLU", leakyLosses)
 *     .logY()
 *     .save(Path.of("plots/losses.png"));
 * }</pre>
 *
 * Steps count from 0 unless given with {@link #series(String, double[], double[])}. On a {@link
 * #logY() logarithmic} axis, a loss that decays exponentially, as gradient descent's on a convex
 * quadratic, is a straight line whose slope is the rate.
 */
public final class LossChart extends FigureBuilder<LossChart> {
  private record Series(double[] steps, double[] losses) {}

  private final Map<String, Series> series = new LinkedHashMap<>();
  private boolean markers;

  private LossChart() {
    super(1000, 500);
    xLabel = "Step";
    yLabel = "Loss";
  }

  /**
   * A new, empty loss chart, 1000 × 500 units.
   *
   * @return a new builder; add at least one series before building
   */
  public static LossChart builder() {
    return new LossChart();
  }

  /**
   * Adds (or replaces) the series {@code name}: {@code losses[i]} is the loss at step i. Series are
   * drawn and listed in the legend in the order they were first added.
   *
   * @param name the series' name in the legend
   * @param losses the losses, at least one; copied
   * @return this builder
   * @throws IllegalArgumentException if {@code losses} is empty
   * @throws NullPointerException if {@code name} or {@code losses} is null
   */
  public LossChart series(String name, double[] losses) {
    Objects.requireNonNull(losses, "losses");
    return series(name, Sampling.indices(losses.length), losses);
  }

  /**
   * Adds (or replaces) the series {@code name} from a list, such as the losses of a loop: {@code
   * losses.get(i)} is the loss at step i.
   *
   * @param name the series' name in the legend
   * @param losses the losses, at least one; copied
   * @return this builder
   * @throws IllegalArgumentException if {@code losses} is empty
   * @throws NullPointerException if {@code name}, {@code losses} or an element is null
   */
  public LossChart series(String name, List<? extends Number> losses) {
    Objects.requireNonNull(losses, "losses");
    double[] values = new double[losses.size()];
    for (int i = 0; i < values.length; i++) values[i] = losses.get(i).doubleValue();
    return series(name, values);
  }

  /**
   * Adds (or replaces) the series {@code name} with explicit steps (for example epochs, or the
   * steps at which a validation loss was measured).
   *
   * @param name the series' name in the legend
   * @param steps the x value of each loss; copied
   * @param losses the losses, at least one, as many as {@code steps}; copied
   * @return this builder
   * @throws IllegalArgumentException if the arrays differ in length or are empty
   * @throws NullPointerException if an argument is null
   */
  public LossChart series(String name, double[] steps, double[] losses) {
    Objects.requireNonNull(name, "name");
    if (steps.length != losses.length) {
      throw new IllegalArgumentException(
          "series '" + name + "': " + steps.length + " steps but " + losses.length + " losses");
    }
    if (losses.length == 0) {
      throw new IllegalArgumentException("series '" + name + "': no losses");
    }
    series.put(name, new Series(steps.clone(), losses.clone()));
    return this;
  }

  /**
   * Marks every recorded loss with a dot, as {@code plt.plot(losses, marker='o')}.
   *
   * @return this builder
   */
  public LossChart markers() {
    return markers(true);
  }

  /**
   * Whether every recorded loss is marked with a dot (default: no).
   *
   * @param markers true for dots
   * @return this builder
   */
  public LossChart markers(boolean markers) {
    this.markers = markers;
    return this;
  }

  @Override
  Canvas canvas() {
    if (series.isEmpty()) {
      throw new IllegalStateException("LossChart: add at least one series before building");
    }
    XYPanel panel = new XYPanel(width, height);
    panel.setTitle(title == null ? "" : title);
    List<String> names = new ArrayList<>(series.keySet());
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      Series s = series.get(name);
      XYSeries xy = panel.line(name, s.steps(), s.losses(), Palette.series(i), 2f);
      if (markers) xy.setMarker(SeriesMarkers.CIRCLE);
    }
    if (markers) panel.getStyler().setMarkerSize(7);
    return Canvas.single(panel);
  }
}
