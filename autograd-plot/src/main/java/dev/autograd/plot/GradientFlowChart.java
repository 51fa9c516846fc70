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

/**
 * Per-layer gradient norms over training steps, one panel per model side by side on the same
 * (logarithmic) scale: in a deep Sigmoid stack the first layers' gradients are orders of magnitude
 * smaller than the last ones' (vanishing gradients), in a ReLU stack they are not.
 *
 * <pre>{@code
 * GradientFlowChart.builder()
 *     .title("Gradient flow, 8 layers")
 *     .panel("Sigmoid", sigmoidNorms)
 *     .panel("ReLU", reluNorms)
 *     .save(Path.of("plots/gradient-flow.png"));
 * }</pre>
 *
 * Layers are coloured from dark (input side) to light (output side). On the logarithmic axis a step
 * where a layer had no gradient (a norm of 0) is drawn at the bottom of the axis rather than left
 * out.
 */
public final class GradientFlowChart extends FigureBuilder<GradientFlowChart> {
  private final Map<String, Map<String, double[]>> panels = new LinkedHashMap<>();

  private GradientFlowChart() {
    super(1200, 520);
    // gradients span orders of magnitude
    logY = true;
    xLabel = "Step";
    yLabel = "‖gradient‖";
  }

  /**
   * A new, empty chart, 1200 × 520 units.
   *
   * @return a new builder; add at least one panel before building
   */
  public static GradientFlowChart builder() {
    return new GradientFlowChart();
  }

  /**
   * Adds a panel titled {@code name} with the norms {@code norms} recorded, one curve per tracked
   * layer. Panels are placed side by side in the order they were added.
   *
   * @param name the panel's title, such as the model's activation
   * @param norms the recorded norms; copied, so recording may go on
   * @return this builder
   * @throws IllegalArgumentException if {@code norms} has no recorded steps
   * @throws NullPointerException if {@code name} or {@code norms} is null
   */
  public GradientFlowChart panel(String name, GradientNorms norms) {
    Objects.requireNonNull(norms, "norms");
    return panel(name, norms.asMap());
  }

  /**
   * Adds a panel titled {@code name}: for each layer (in order from input to output), its gradient
   * norm at each step. Adding a panel under an existing name replaces it.
   *
   * @param name the panel's title
   * @param normsByLayer the norms of each layer under its name (the legend label), in the map's
   *     iteration order; copied
   * @return this builder
   * @throws IllegalArgumentException if there are no layers, or a layer has no values
   * @throws NullPointerException if {@code name} or {@code normsByLayer} is null
   */
  public GradientFlowChart panel(String name, Map<String, double[]> normsByLayer) {
    Objects.requireNonNull(name, "name");
    if (normsByLayer.isEmpty()) {
      throw new IllegalArgumentException("panel '" + name + "': no layers");
    }
    Map<String, double[]> copy = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : normsByLayer.entrySet()) {
      if (e.getValue().length == 0) {
        throw new IllegalArgumentException(
            "panel '" + name + "': layer '" + e.getKey() + "' has no recorded steps");
      }
      copy.put(e.getKey(), e.getValue().clone());
    }
    panels.put(name, copy);
    return this;
  }

  @Override
  Canvas canvas() {
    if (panels.isEmpty()) {
      throw new IllegalStateException("GradientFlowChart: add at least one panel");
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Map<String, double[]> layers : panels.values()) {
      for (double[] values : layers.values()) {
        for (double v : values) {
          if (Double.isFinite(v) && (!logY || v > 0)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
    }
    boolean log = logY && lo < Double.POSITIVE_INFINITY;
    List<XYPanel> out = new ArrayList<>();
    int columns = panels.size();
    for (Map.Entry<String, Map<String, double[]>> p : panels.entrySet()) {
      XYPanel panel = new XYPanel(width / columns, height);
      panel.setTitle(p.getKey());
      var styler = panel.getStyler();
      if (lo < hi) {
        // The same scale in every panel, so they compare at a glance.
        styler.setYAxisMin(lo);
        styler.setYAxisMax(hi);
      }
      int n = p.getValue().size();
      int i = 0;
      for (Map.Entry<String, double[]> layer : p.getValue().entrySet()) {
        double[] values = layer.getValue();
        if (log) values = floor(values, lo);
        double shade = n == 1 ? 0.0 : 0.85 * i / (n - 1);
        panel.line(
            layer.getKey(), Sampling.indices(values.length), values, Palette.viridis(shade), 1.8f);
        i++;
      }
      out.add(panel);
    }
    return Canvas.grid(width, height, 1, columns, title, out);
  }

  /** Zeros (a layer without gradient) drawn at the bottom of a log axis instead of failing. */
  private static double[] floor(double[] values, double lo) {
    double[] out = values.clone();
    for (int i = 0; i < out.length; i++) if (!(out[i] > 0)) out[i] = lo;
    return out;
  }
}
