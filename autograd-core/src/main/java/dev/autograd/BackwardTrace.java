package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The chain rule worked through, step by step, on a graph of one-element tensors, as {@link
 * Autograd#traceBackward(Tensor, GraphOptions)} returns it: from the output back to the leaves,
 * each op's local derivative with respect to each of its inputs, and the upstream gradient (the
 * output's derivative with respect to the op's result) multiplied into it, {@code ∂y/∂x = ∂y/∂t ·
 * ∂t/∂x}. Where a tensor is used by several ops, its gradient is the sum of what each passes back.
 * The gradients it reports are the ones {@code backward()} computes (hooks aside: the trace runs
 * none), and making it changes neither the graph nor any {@code grad()}.
 *
 * <pre>{@code
 * Tensor x = Tensor.scalar(2.0).requiresGrad(true);
 * Tensor y = x.pow(3).sub(x.mul(4)).sub(5);
 * BackwardTrace trace = Autograd.traceBackward(y, GraphOptions.defaults().name("x", x).name("y", y));
 * trace.gradient(x); // 8.0, as x.grad() after y.backward()
 * System.out.println(trace); // the steps, with their numbers
 * }</pre>
 */
public final class BackwardTrace {
  /**
   * What one op passes back to one of its inputs.
   *
   * @param input the input's label (its name, or {@code "t"} and its id)
   * @param inputId the input's id, as in {@link Autograd#graph(Tensor, GraphOptions)}
   * @param local the op's local derivative with respect to the input, {@code ∂t/∂x}
   * @param contribution the upstream gradient times the local derivative, {@code ∂y/∂t · ∂t/∂x}, as
   *     the op's backward computes it
   */
  public record Term(String input, int inputId, double local, double contribution) {}

  /**
   * One op of the backward pass.
   *
   * @param output the label of the op's result
   * @param outputId the result's id
   * @param op the op's name as the user called it ({@code "mul"})
   * @param value the result's value, or NaN where a backward pass let go of it
   * @param upstream the gradient of the graph's output with respect to the op's result, {@code
   *     ∂y/∂t}, summed over every path from the output
   * @param terms what the op passes back to each input that requires grad, in input order
   */
  public record Step(
      String output, int outputId, String op, double value, double upstream, List<Term> terms) {}

  private final String outputLabel;
  private final double outputValue;
  private final List<Step> steps;
  private final List<String> labels;
  private final boolean[] leaves;
  private final Double[] gradients;
  private final GraphWalk walk;

  private BackwardTrace(
      String outputLabel,
      double outputValue,
      List<Step> steps,
      List<String> labels,
      boolean[] leaves,
      Double[] gradients,
      GraphWalk walk) {
    this.outputLabel = outputLabel;
    this.outputValue = outputValue;
    this.steps = steps;
    this.labels = labels;
    this.leaves = leaves;
    this.gradients = gradients;
    this.walk = walk;
  }

  /**
   * Traces the backward pass from {@code output}, checked as traceBackward's documentation says.
   */
  static BackwardTrace of(Tensor output, GraphOptions options) {
    if (!output.requiresGrad()) {
      throw new TensorException(
          "traceBackward: the output does not require grad and has no gradFn; call"
              + " requiresGrad(true) on a leaf it is computed from, outside noGrad()");
    }
    GraphWalk walk = GraphWalk.of(output, options.maxTensors());
    if (walk.hidden > 0) {
      throw new TensorException(
          "traceBackward: the graph has "
              + (walk.metas.size() + walk.hidden)
              + " tensors, more than maxTensors ("
              + options.maxTensors()
              + "); a trace that long is not readable, but GraphOptions.maxTensors raises the cap");
    }
    String[] names = walk.names(options);
    int n = walk.metas.size();
    List<String> labels = new ArrayList<>(n);
    boolean[] leaves = new boolean[n];
    for (int id = 0; id < n; id++) {
      labels.add(names[id] != null ? names[id] : "t" + id);
      AutogradMeta meta = walk.metas.get(id);
      leaves[id] = meta.node() == null;
      checkTraceable(meta, labels.get(id));
    }
    Tensor[] pending = new Tensor[n];
    AutogradMeta root = walk.metas.get(walk.output);
    pending[walk.output] = Tensor.ones(root.dtype, root.shape);
    List<Step> steps = new ArrayList<>();
    try (Autograd.Scope scope = Autograd.noGrad()) {
      // Ids are in forward order, so going down them reaches each result before its inputs, once
      // all the ops that use it have passed back their part: the order the engine's heap gives.
      for (int id = n - 1; id >= 0; id--) {
        AutogradMeta meta = walk.metas.get(id);
        Node node = meta.node();
        Tensor upstream = pending[id];
        if (node == null || upstream == null) continue;
        Tensor[] locals = node.apply(Tensor.ones(meta.dtype, meta.shape), false);
        Tensor[] passed = node.apply(upstream, false);
        List<Term> terms = new ArrayList<>();
        for (int i = 0; i < node.inputCount(); i++) {
          AutogradMeta input = node.edge(i);
          if (input == null || !input.requiresGrad || passed[i] == null) continue;
          Tensor g = passed[i].dtype() == input.dtype ? passed[i] : passed[i].to(input.dtype);
          int at = walk.id(input);
          pending[at] = pending[at] == null ? g : pending[at].add(g);
          terms.add(new Term(labels.get(at), at, locals[i].item(), g.item()));
        }
        steps.add(
            new Step(
                labels.get(id),
                id,
                GraphWalk.opName(node),
                valueOf(meta),
                upstream.item(),
                Collections.unmodifiableList(terms)));
      }
    }
    Double[] gradients = new Double[n];
    for (int id = 0; id < n; id++) gradients[id] = pending[id] == null ? null : pending[id].item();
    return new BackwardTrace(
        labels.get(walk.output),
        valueOf(root),
        Collections.unmodifiableList(steps),
        labels,
        leaves,
        gradients,
        walk);
  }

  private static void checkTraceable(AutogradMeta meta, String label) {
    int numel = 1;
    for (int d : meta.shape) numel *= d;
    Node node = meta.node();
    if (numel != 1) {
      throw new TensorException(
          "traceBackward: "
              + label
              + (node == null ? " (a leaf)" : " (the result of " + GraphWalk.opName(node) + ")")
              + " has shape "
              + Shapes.format(meta.shape)
              + "; the trace is for graphs of one-element tensors, where each local derivative is a"
              + " number. Autograd.toDot shows the graph of any tensors");
    }
    if (node != null && node.isFreed()) {
      throw new TensorException(
          "traceBackward: the graph was freed by a backward pass ("
              + node.name()
              + "'s saved values are gone); trace before backward(), or pass retainGraph(true) to"
              + " it");
    }
  }

  private static double valueOf(AutogradMeta meta) {
    return meta.tensor == null ? Double.NaN : meta.tensor.item();
  }

  /**
   * The steps, one per op, from the output back to the leaves: each op comes after every op that
   * uses its result.
   *
   * @return the steps, unmodifiable
   */
  public List<Step> steps() {
    return steps;
  }

  /**
   * The traced gradient of the output with respect to {@code tensor}: for a leaf, what {@code
   * backward()} adds to its {@code grad()}.
   *
   * @param tensor a tensor of the graph
   * @return {@code ∂output/∂tensor}
   * @throws TensorException if {@code tensor} is null or not in the graph, or no gradient reaches
   *     it (it does not require grad)
   */
  public double gradient(Tensor tensor) {
    Arguments.requireNonNull("gradient", "tensor", tensor);
    AutogradMeta meta = tensor.autogradOrNull();
    int id = meta == null ? -1 : walk.id(meta);
    if (id < 0) {
      throw new TensorException(
          "gradient: the tensor (shape "
              + Shapes.format(tensor.shape())
              + ") is not in the graph of "
              + outputLabel
              + "; its tensors are "
              + labels);
    }
    if (gradients[id] == null) {
      throw new TensorException(
          "gradient: no gradient reaches " + labels.get(id) + ": it does not require grad");
    }
    return gradients[id];
  }

  /**
   * The traced gradient of the output with respect to the tensor numbered {@code id}, as {@link
   * Autograd#graph(Tensor, GraphOptions)} numbers the same graph with the same options (and as
   * {@link Term#inputId()} and {@link Step#outputId()} do).
   *
   * @param id a tensor's id
   * @return {@code ∂output/∂tensor}, or NaN where no gradient reaches it (it does not require grad)
   * @throws TensorException if there is no tensor {@code id}
   */
  public double gradient(int id) {
    if (id < 0 || id >= gradients.length) {
      throw new TensorException(
          "gradient: no tensor " + id + "; the graph has tensors 0 to " + (gradients.length - 1));
    }
    return gradients[id] == null ? Double.NaN : gradients[id];
  }

  /**
   * The label of the output, as the trace writes it.
   *
   * @return its name, or {@code "t"} and its id
   */
  public String outputLabel() {
    return outputLabel;
  }

  /**
   * The trace as text: each step with its numbers, then the leaves' gradients as the sums of what
   * reached them.
   *
   * @return for {@code y = x³ - 4x - 5} at {@code x = 2}, lines such as {@code x: local ∂t1/∂x =
   *     12, upstream × local = 1 × 12 = 12} and, at the end, {@code ∂y/∂x = -4 + 12 = 8}
   */
  @Override
  public String toString() {
    String y = outputLabel;
    StringBuilder out = new StringBuilder();
    out.append("Backward trace of ").append(y);
    if (!Double.isNaN(outputValue)) out.append(" = ").append(RecordedGraph.number(outputValue));
    out.append(", from the output back to the leaves: each op passes upstream × local back")
        .append(" to its inputs (the chain rule)\n");
    out.append("  ∂").append(y).append('/').append('∂').append(y).append(" = 1\n");
    List<List<Double>> reached = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) reached.add(new ArrayList<>());
    int k = 1;
    for (Step s : steps) {
      out.append("step ").append(k++).append(": ").append(s.output()).append(" = ");
      out.append(s.op()).append('(');
      for (int i = 0; i < s.terms().size(); i++) {
        out.append(i == 0 ? "" : ", ").append(s.terms().get(i).input());
      }
      out.append(')');
      if (!Double.isNaN(s.value())) out.append(" = ").append(RecordedGraph.number(s.value()));
      out.append(", upstream ∂").append(y).append("/∂").append(s.output()).append(" = ");
      out.append(RecordedGraph.number(s.upstream())).append('\n');
      for (Term t : s.terms()) {
        List<Double> into = reached.get(t.inputId());
        into.add(t.contribution());
        out.append("    ").append(t.input()).append(": local ∂").append(s.output());
        out.append("/∂").append(t.input()).append(" = ").append(RecordedGraph.number(t.local()));
        out.append(", upstream × local = ").append(RecordedGraph.number(s.upstream()));
        out.append(" × ").append(RecordedGraph.number(t.local())).append(" = ");
        out.append(RecordedGraph.number(t.contribution()));
        out.append(" → ∂").append(y).append("/∂").append(t.input());
        out.append(into.size() == 1 ? " = " : " += ")
            .append(RecordedGraph.number(t.contribution()));
        out.append('\n');
      }
    }
    out.append("gradients of the leaves (what backward() adds to their grad()):\n");
    for (int id = 0; id < labels.size(); id++) {
      if (!leaves[id] || gradients[id] == null) continue;
      out.append("  ∂").append(y).append("/∂").append(labels.get(id)).append(" = ");
      List<Double> parts = reached.get(id);
      if (parts.size() > 1) {
        for (int i = 0; i < parts.size(); i++) {
          out.append(i == 0 ? "" : " + ").append(RecordedGraph.number(parts.get(i)));
        }
        out.append(" = ");
      }
      out.append(RecordedGraph.number(gradients[id])).append('\n');
    }
    return out.toString();
  }
}
