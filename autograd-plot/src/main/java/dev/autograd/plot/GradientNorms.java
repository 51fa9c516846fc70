package dev.autograd.plot;

import dev.autograd.Tensor;
import dev.autograd.nn.Module;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records the L2 norm of each layer's gradient at every training step, for {@link
 * GradientFlowChart}: {@code ||grad||_2 = sqrt(sum grad^2)} of each tracked parameter. Call {@link
 * #record()} after {@code backward()} and before the gradients are cleared.
 *
 * <pre>{@code
 * GradientNorms norms = GradientNorms.of(model); // every *.weight parameter
 * for (int step = 0; step < 200; step++) {
 *   model.zeroGrad();
 *   loss(model).backward();
 *   norms.record();
 *   // update the parameters
 * }
 * norms.layers();        // [0.weight, 2.weight, ...]
 * norms.norms("0.weight"); // 200 values, one per step
 * Plots.gradientFlow().panel("Sigmoid", norms).save(Path.of("plots/flow.png"));
 * }</pre>
 */
public final class GradientNorms {
  private final Map<String, Tensor> parameters;
  private final Map<String, List<Double>> norms = new LinkedHashMap<>();

  private GradientNorms(Map<String, Tensor> parameters) {
    if (parameters.isEmpty()) {
      throw new IllegalArgumentException("GradientNorms: the model has no parameters to track");
    }
    this.parameters = parameters;
    for (String name : parameters.keySet()) norms.put(name, new ArrayList<>());
  }

  /**
   * Tracks the weights of {@code model}: its parameters named {@code weight} at any depth ({@code
   * 0.weight}, {@code 2.weight}, ...), so that each layer is one curve; all parameters if none is
   * so named.
   *
   * @param model the model to watch
   * @return a tracker with no steps recorded
   * @throws IllegalArgumentException if the model has no parameters
   * @throws NullPointerException if {@code model} is null
   */
  public static GradientNorms of(Module model) {
    Objects.requireNonNull(model, "model");
    Map<String, Tensor> weights = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
      String name = e.getKey();
      if (name.equals("weight") || name.endsWith(".weight")) weights.put(name, e.getValue());
    }
    return new GradientNorms(weights.isEmpty() ? model.namedParameters() : weights);
  }

  /**
   * Tracks every parameter of {@code model}, biases included.
   *
   * @param model the model to watch
   * @return a tracker with no steps recorded
   * @throws IllegalArgumentException if the model has no parameters
   * @throws NullPointerException if {@code model} is null
   */
  public static GradientNorms ofAllParameters(Module model) {
    Objects.requireNonNull(model, "model");
    return new GradientNorms(new LinkedHashMap<>(model.namedParameters()));
  }

  /**
   * Records the current gradient norm of each tracked parameter (0 where there is none). Reads the
   * gradients without handing them out, so that recording does not keep them from giving their
   * memory back at the next {@code zeroGrad()}.
   */
  public void record() {
    for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
      Tensor g = e.getValue().peekGrad(); // only its norm is kept
      norms.get(e.getKey()).add(g == null ? 0.0 : g.detach().norm().item());
    }
  }

  /**
   * The tracked parameters' names, from the input layer to the output layer (the model's
   * registration order).
   *
   * @return an unmodifiable list of dotted names
   */
  public List<String> layers() {
    return List.copyOf(norms.keySet());
  }

  /**
   * The number of recorded steps.
   *
   * @return how many times {@link #record()} was called
   */
  public int steps() {
    return norms.values().iterator().next().size();
  }

  /**
   * The recorded norms of {@code layer}, one per step.
   *
   * @param layer a tracked parameter's name, one of {@link #layers()}
   * @return a new array, one norm per {@link #record()} call
   * @throws IllegalArgumentException if {@code layer} is not tracked; the message lists those that
   *     are
   */
  public double[] norms(String layer) {
    List<Double> values = norms.get(layer);
    if (values == null) {
      throw new IllegalArgumentException(
          "GradientNorms: no layer '" + layer + "'; tracked: " + norms.keySet());
    }
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) out[i] = values.get(i);
    return out;
  }

  /**
   * Every layer's norms, in layer order: what {@link GradientFlowChart#panel(String, Map)} takes.
   *
   * @return a new map from layer name to its norms
   */
  public Map<String, double[]> asMap() {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (String layer : norms.keySet()) out.put(layer, norms(layer));
    return out;
  }
}
