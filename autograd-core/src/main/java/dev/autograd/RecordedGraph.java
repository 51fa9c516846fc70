package dev.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The recorded graph that ends in one tensor, as {@link Autograd#graph(Tensor, GraphOptions)} finds
 * it: one {@link TensorNode} per tensor and one {@link OpNode} per op, numbered in forward order
 * (an op's inputs come before its result), the same way every time for the same graph. Constants
 * and numbers an op was applied to are not recorded, so they are not in it. It is a description
 * taken when made: the tensors' values and gradients are written out as text then.
 *
 * <pre>{@code
 * Tensor x = Tensor.scalar(2.0).requiresGrad(true);
 * Tensor y = x.mul(x).add(1);
 * RecordedGraph graph = Autograd.graph(y, GraphOptions.defaults().name("x", x));
 * graph.ops().get(0).op(); // "mul", with x twice among its inputs
 * String dot = graph.toDot(); // for Graphviz: dot -Tpng graph.dot
 * }</pre>
 */
public final class RecordedGraph {
  /**
   * One tensor of the graph.
   *
   * @param id its number: its position in {@link #tensors()}
   * @param name the name given in the options, or null
   * @param shape its shape
   * @param dtype its type
   * @param leaf whether no recorded op made it
   * @param requiresGrad whether gradients flow back to it
   * @param value its elements as text ({@code "2"}, {@code "[1, 2]"}), or null where it has more
   *     than {@link GraphOptions#maxValues(int)} or its data was let go of by a backward pass
   * @param grad its accumulated {@link Tensor#grad()} as text, or null where it has none or it has
   *     too many elements (a leaf's after backward; a non-leaf's only if it retains its gradient)
   */
  public record TensorNode(
      int id,
      String name,
      List<Integer> shape,
      DType dtype,
      boolean leaf,
      boolean requiresGrad,
      String value,
      String grad) {
    /**
     * What the tensor is called in pictures and traces.
     *
     * @return its name, or {@code "t"} and its id where it has none
     */
    public String label() {
      return name != null ? name : "t" + id;
    }
  }

  /**
   * One recorded op of the graph.
   *
   * @param id its number: its position in {@link #ops()}
   * @param op its name as the user called it ({@code "mul"}, {@code "matmul"}'s {@code "mm"})
   * @param gradFn its {@link Tensor#gradFn()} name ({@code "MulBackward"})
   * @param inputs the ids of its input tensors in the graph, in order (a tensor used twice is there
   *     twice); constants are not among them, nor inputs left out by {@link
   *     GraphOptions#maxTensors(int)}
   * @param output the id of its result
   * @param hiddenInputs how many of its inputs were left out by {@link
   *     GraphOptions#maxTensors(int)}
   */
  public record OpNode(
      int id, String op, String gradFn, List<Integer> inputs, int output, int hiddenInputs) {}

  private final List<TensorNode> tensors;
  private final List<OpNode> ops;
  private final int output;
  private final int hiddenTensors;

  /** The id of the op that made each tensor, or -1 for a leaf. */
  private final int[] opOf;

  private RecordedGraph(List<TensorNode> tensors, List<OpNode> ops, int output, int hidden) {
    this.tensors = tensors;
    this.ops = ops;
    this.output = output;
    this.hiddenTensors = hidden;
    this.opOf = new int[tensors.size()];
    Arrays.fill(opOf, -1);
    for (OpNode op : ops) opOf[op.output()] = op.id();
  }

  /** The graph that ends in {@code output}, as {@code options} say to show it. */
  static RecordedGraph of(Tensor output, GraphOptions options) {
    GraphWalk walk = GraphWalk.of(output, options.maxTensors());
    String[] names = walk.names(options);
    int max = options.maxValues();
    List<TensorNode> tensors = new ArrayList<>();
    List<OpNode> ops = new ArrayList<>();
    for (int id = 0; id < walk.metas.size(); id++) {
      AutogradMeta meta = walk.metas.get(id);
      Node node = meta.node();
      Tensor value = meta.tensor;
      Integer[] shape = Arrays.stream(meta.shape).boxed().toArray(Integer[]::new);
      tensors.add(
          new TensorNode(
              id,
              names[id],
              List.of(shape),
              meta.dtype,
              node == null,
              meta.requiresGrad,
              value == null ? null : format(value, max),
              meta.peekGrad() == null ? null : format(meta.peekGrad(), max)));
      if (node == null) continue;
      List<Integer> inputs = new ArrayList<>();
      int hidden = 0;
      for (int i = 0; i < node.inputCount(); i++) {
        AutogradMeta in = node.edge(i);
        if (in == null) continue;
        int at = walk.id(in);
        if (at < 0) hidden++;
        else inputs.add(at);
      }
      ops.add(
          new OpNode(
              ops.size(),
              GraphWalk.opName(node),
              node.name(),
              Collections.unmodifiableList(inputs),
              id,
              hidden));
    }
    return new RecordedGraph(
        Collections.unmodifiableList(tensors),
        Collections.unmodifiableList(ops),
        walk.output,
        walk.hidden);
  }

  /**
   * The tensors, in forward order: each op's inputs before its result.
   *
   * @return the tensors, unmodifiable; {@code tensors().get(i).id() == i}
   */
  public List<TensorNode> tensors() {
    return tensors;
  }

  /**
   * The ops, in the order of their results in {@link #tensors()}.
   *
   * @return the ops, unmodifiable; {@code ops().get(i).id() == i}
   */
  public List<OpNode> ops() {
    return ops;
  }

  /**
   * The tensor the graph ends in.
   *
   * @return its id in {@link #tensors()}
   */
  public int output() {
    return output;
  }

  /**
   * How many tensors of the graph were left out by {@link GraphOptions#maxTensors(int)}.
   *
   * @return 0 when the whole graph is shown
   */
  public int hiddenTensors() {
    return hiddenTensors;
  }

  /**
   * The op that made tensor {@code id}.
   *
   * @param id a tensor's id
   * @return its op, or null for a leaf
   * @throws TensorException if there is no tensor {@code id}
   */
  public OpNode opOf(int id) {
    if (id < 0 || id >= tensors.size()) {
      throw new TensorException(
          "opOf: no tensor " + id + "; the graph has tensors 0 to " + (tensors.size() - 1));
    }
    return opOf[id] < 0 ? null : ops.get(opOf[id]);
  }

  /**
   * The graph as Graphviz DOT text, drawn from the leaves to the output (left to right): a box per
   * tensor (its name or number, shape and type, value and gradient when small, and whether it is a
   * leaf and requires grad; leaves that require grad filled blue, tensors that do not require grad
   * dashed, the output drawn bold), an ellipse per op (its name as the user called it, its {@code
   * gradFn} name as tooltip), and arrows from each input to its op and from the op to its result.
   * When tensors were left out, one node says how many, with an arrow to each op that has inputs
   * among them. The same graph gives the same text.
   *
   * @return the DOT text, for {@code dot -Tsvg}
   */
  public String toDot() {
    StringBuilder out = new StringBuilder();
    out.append("digraph autograd {\n");
    out.append("  rankdir=LR;\n");
    out.append("  node [fontname=\"Helvetica\", fontsize=11];\n");
    for (TensorNode t : tensors) {
      out.append("  t").append(t.id()).append(" [shape=box, ");
      String style = t.requiresGrad() ? "" : "dashed";
      if (t.leaf() && t.requiresGrad()) style = "filled";
      if (t.id() == output) style = style.isEmpty() ? "bold" : style + ",bold";
      if (!style.isEmpty()) out.append("style=\"").append(style).append("\", ");
      if (t.leaf() && t.requiresGrad()) out.append("fillcolor=\"#dbe9f6\", ");
      out.append("label=\"").append(escape(lines(t))).append("\"];\n");
    }
    for (OpNode op : ops) {
      out.append("  op").append(op.id()).append(" [shape=ellipse, label=\"");
      out.append(escape(op.op())).append("\", tooltip=\"").append(escape(op.gradFn()));
      out.append("\"];\n");
    }
    if (hiddenTensors > 0) {
      out.append("  hidden [shape=plaintext, label=\"")
          .append(escape(hiddenText(hiddenTensors)))
          .append("\"];\n");
    }
    for (OpNode op : ops) {
      for (int in : op.inputs()) {
        out.append("  t").append(in).append(" -> op").append(op.id()).append(";\n");
      }
      if (op.hiddenInputs() > 0) out.append("  hidden -> op").append(op.id()).append(";\n");
      out.append("  op").append(op.id()).append(" -> t").append(op.output()).append(";\n");
    }
    out.append("}\n");
    return out.toString();
  }

  /** What the node that stands for the left-out tensors says. */
  static String hiddenText(int hidden) {
    return "… " + hidden + (hidden == 1 ? " more tensor" : " more tensors");
  }

  /**
   * The lines of a tensor's box: its label, shape and type, value, gradient, and what it is (leaf,
   * requires grad). Pictures of the graph show the same lines.
   */
  static List<String> lines(TensorNode t) {
    List<String> lines = new ArrayList<>();
    lines.add(t.label());
    lines.add(t.shape() + " " + t.dtype().pytorchName());
    if (t.value() != null) lines.add("value " + t.value());
    if (t.grad() != null) lines.add("grad " + t.grad());
    lines.add(
        t.leaf()
            ? (t.requiresGrad() ? "leaf, requires grad" : "leaf")
            : (t.requiresGrad() ? "requires grad" : "does not require grad"));
    return lines;
  }

  private static String escape(List<String> lines) {
    return escape(String.join("\n", lines));
  }

  /**
   * Text as the inside of a DOT double-quoted string: backslashes and quotes escaped, line breaks
   * as DOT's {@code \n} (a centred line), other control characters as spaces.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(Character.isISOControl(c) ? ' ' : c);
      }
    }
    return out.toString();
  }

  /**
   * The elements of {@code t} nested as its shape ({@code "2"}, {@code "[1, 2]"}, {@code "[[1, 2],
   * [3, 4]]"}), or null where it has more than {@code max} elements.
   */
  static String format(Tensor t, int max) {
    if (t.numel() > max) return null;
    double[] values = t.toDoubleArray();
    StringBuilder out = new StringBuilder();
    nest(out, values, t.shape(), 0, 0);
    return out.toString();
  }

  private static int nest(StringBuilder out, double[] values, int[] shape, int dim, int at) {
    if (dim == shape.length) {
      out.append(number(values[at]));
      return at + 1;
    }
    out.append('[');
    for (int i = 0; i < shape[dim]; i++) {
      if (i > 0) out.append(", ");
      at = nest(out, values, shape, dim + 1, at);
    }
    out.append(']');
    return at;
  }

  /**
   * A number as the graph's texts write it (values, gradients, the steps of a {@link
   * BackwardTrace}): in at most four significant digits, without trailing zeros.
   *
   * @param v the number
   * @return for example {@code 8}, {@code -0.3333}, {@code 1.5e-07}, {@code nan}
   */
  public static String number(double v) {
    if (Double.isNaN(v)) return "nan";
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    if (v == 0) return "0";
    if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
    String s = String.format(Locale.ROOT, "%.4g", v);
    int e = s.indexOf('e');
    String mantissa = e < 0 ? s : s.substring(0, e);
    String exponent = e < 0 ? "" : s.substring(e);
    if (mantissa.indexOf('.') >= 0) {
      mantissa = mantissa.replaceAll("0+$", "");
      if (mantissa.endsWith(".")) mantissa = mantissa.substring(0, mantissa.length() - 1);
    }
    return mantissa + exponent;
  }
}
