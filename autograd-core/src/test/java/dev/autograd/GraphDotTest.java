package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link Autograd#toDot} and {@link Autograd#graph}: the DOT text parsed back and checked. */
class GraphDotTest {

  /** A DOT text read back: each node's attributes by id, and the edges in order. */
  record Dot(Map<String, Map<String, String>> nodes, List<String> edges) {
    private static final Pattern NODE = Pattern.compile("^  (\\w+) \\[(.*)\\];$");
    private static final Pattern EDGE = Pattern.compile("^  (\\w+) -> (\\w+);$");
    private static final Pattern ATTRIBUTE =
        Pattern.compile("(\\w+)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(\\w+))(?:, |$)");

    static Dot parse(String text) {
      String[] lines = text.split("\n", -1);
      assertEquals("digraph autograd {", lines[0]);
      assertEquals("}", lines[lines.length - 2]);
      assertEquals("", lines[lines.length - 1]);
      Map<String, Map<String, String>> nodes = new TreeMap<>();
      List<String> edges = new ArrayList<>();
      for (int i = 1; i < lines.length - 2; i++) {
        String line = lines[i];
        Matcher edge = EDGE.matcher(line);
        Matcher node = NODE.matcher(line);
        if (edge.matches()) {
          edges.add(edge.group(1) + "->" + edge.group(2));
        } else if (node.matches() && !node.group(1).equals("node")) {
          Map<String, String> attributes = new TreeMap<>();
          Matcher a = ATTRIBUTE.matcher(node.group(2));
          int end = 0;
          while (a.find()) {
            assertEquals(end, a.start(), "attributes of " + line);
            attributes.put(a.group(1), a.group(2) != null ? unescape(a.group(2)) : a.group(3));
            end = a.end();
          }
          assertEquals(node.group(2).length(), end, "attributes of " + line);
          nodes.put(node.group(1), attributes);
        } else {
          assertTrue(
              line.equals("  rankdir=LR;") || line.startsWith("  node ["), "unexpected: " + line);
        }
      }
      return new Dot(nodes, edges);
    }

    private static String unescape(String s) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char next = s.charAt(++i);
        out.append(next == 'n' ? '\n' : next);
      }
      return out.toString();
    }

    String label(String id) {
      return nodes.get(id).get("label");
    }
  }

  @Test
  void theTutorialsGraphHasOneNodePerTensorAndOpAndItsForwardEdges() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y = x.pow(3).sub(x.mul(4)).sub(5);
    Dot dot = Dot.parse(Autograd.toDot(y, GraphOptions.defaults().name("x", x).name("y", y)));
    // x; x³ and 4x; x³ - 4x; y: five tensors, four ops.
    assertEquals(
        List.of("op0", "op1", "op2", "op3", "t0", "t1", "t2", "t3", "t4"),
        new ArrayList<>(dot.nodes().keySet()));
    assertEquals("x\n[] float32\nvalue 2\nleaf, requires grad", dot.label("t0"));
    assertEquals("pow", dot.label("op0"));
    assertEquals("PowBackward", dot.nodes().get("op0").get("tooltip"));
    assertEquals("mul", dot.label("op1"));
    assertEquals("sub", dot.label("op2"));
    assertEquals("sub", dot.label("op3"));
    assertEquals("t1\n[] float32\nvalue 8\nrequires grad", dot.label("t1"));
    assertEquals("y\n[] float32\nvalue -5\nrequires grad", dot.label("t4"));
    assertEquals(
        List.of(
            "t0->op0", "op0->t1", "t0->op1", "op1->t2", "t1->op2", "t2->op2", "op2->t3", "t3->op3",
            "op3->t4"),
        dot.edges());
    assertEquals("filled", dot.nodes().get("t0").get("style"), "a leaf that requires grad");
    assertEquals("bold", dot.nodes().get("t4").get("style"), "the output");
    assertEquals("ellipse", dot.nodes().get("op0").get("shape"));
  }

  @Test
  void aTensorUsedTwiceByOneOpHasTwoEdgesToIt() {
    Tensor x = Tensor.scalar(3.0).requiresGrad(true);
    Dot dot = Dot.parse(Autograd.toDot(x.mul(x)));
    assertEquals(List.of("t0->op0", "t0->op0", "op0->t1"), dot.edges());
  }

  @Test
  void gradientsShowAfterBackwardAndValuesOfFreedResultsDoNot() {
    Tensor w = Tensor.of(new double[] {1, -2}).requiresGrad(true);
    Tensor loss = w.mul(w).sum();
    loss.backward();
    RecordedGraph graph = Autograd.graph(loss);
    RecordedGraph.TensorNode leaf = graph.tensors().get(0);
    assertEquals("[1, -2]", leaf.value());
    assertEquals("[2, -4]", leaf.grad());
    assertTrue(leaf.leaf() && leaf.requiresGrad());
    // The product saved w, so backward freed its result's data; the shape is still known.
    RecordedGraph.TensorNode product = graph.tensors().get(1);
    assertNull(product.value());
    assertEquals(List.of(2), product.shape());
    assertEquals("mul", graph.opOf(1).op());
    assertNull(graph.opOf(0), "a leaf has no op");
  }

  @Test
  void constantsAreNotInTheGraphAndAConstantOutputIsOneTensor() {
    Tensor x = Tensor.scalar(1.0).requiresGrad(true);
    Tensor c = Tensor.scalar(5.0);
    RecordedGraph graph = Autograd.graph(x.add(c));
    assertEquals(2, graph.tensors().size());
    assertEquals(List.of(0), graph.ops().get(0).inputs());

    RecordedGraph alone = Autograd.graph(c, GraphOptions.defaults().name("c", c));
    assertEquals(1, alone.tensors().size());
    assertEquals("c", alone.tensors().get(0).label());
    assertFalse(alone.tensors().get(0).requiresGrad());
    assertEquals("c\n[] float32\nvalue 5\nleaf", Dot.parse(alone.toDot()).label("t0"));
  }

  @Test
  void labelsAreEscaped() {
    Tensor x = Tensor.scalar(1.0).requiresGrad(true);
    Tensor y = x.exp();
    String name = "a \"quoted\" \\ name\nwith a line break";
    String text = Autograd.toDot(y, GraphOptions.defaults().name(name, x));
    assertTrue(
        text.contains("label=\"a \\\"quoted\\\" \\\\ name\\nwith a line break\\n[] float32"), text);
    assertEquals(name, Dot.parse(text).label("t0").split("\n\\[")[0]);
  }

  @Test
  void theSameGraphGivesTheSameText() {
    String first = Autograd.toDot(branching());
    for (int i = 0; i < 5; i++) assertEquals(first, Autograd.toDot(branching()));
  }

  private static Tensor branching() {
    Tensor a = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {3, 4}).requiresGrad(true);
    Tensor s = a.mul(b);
    return s.tanh().add(s.sigmoid()).add(b.exp()).sum();
  }

  @Test
  void bigTensorsShowTheirShapeOnlyAndBigGraphsAreCut() {
    Tensor big = Tensor.ones(3, 4).requiresGrad(true);
    RecordedGraph graph = Autograd.graph(big.sum());
    assertNull(graph.tensors().get(0).value(), "12 elements, more than the default 6");
    assertNotNull(
        Autograd.graph(big.sum(), GraphOptions.defaults().maxValues(12)).tensors().get(0).value());

    Tensor x = Tensor.scalar(1.0).requiresGrad(true);
    Tensor y = x;
    for (int i = 0; i < 50; i++) y = y.mul(1.01);
    RecordedGraph cut = Autograd.graph(y, GraphOptions.defaults().maxTensors(10));
    assertEquals(10, cut.tensors().size());
    assertEquals(41, cut.hiddenTensors());
    assertEquals(9, cut.output(), "the tensors kept are those nearest the output");
    assertEquals(1, cut.ops().get(0).hiddenInputs());
    Dot dot = Dot.parse(cut.toDot());
    assertEquals("… 41 more tensors", dot.label("hidden"));
    assertTrue(dot.edges().contains("hidden->op0"));
  }

  @Test
  void aLongChainIsWalkedWithoutRecursion() {
    Tensor x = Tensor.scalar(1.0).requiresGrad(true);
    Tensor y = x;
    for (int i = 0; i < 100_000; i++) y = y.add(1);
    RecordedGraph graph = Autograd.graph(y, GraphOptions.defaults().maxTensors(200_000));
    assertEquals(100_001, graph.tensors().size());
    assertEquals(0, graph.hiddenTensors());
  }

  @Test
  void opsAreNamedAsTheUserCalledThem() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
    Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT32, 3, 2);
    RecordedGraph graph = Autograd.graph(x.reshape(1, 3).matmul(m).relu().var());
    List<String> ops = graph.ops().stream().map(RecordedGraph.OpNode::op).toList();
    assertEquals("var", ops.get(ops.size() - 1), String.valueOf(ops));
    assertTrue(ops.contains("relu") && ops.contains("reshape"), String.valueOf(ops));
  }

  /** x³ as a custom function, to see its op named after its class. */
  static final class Cube extends AutogradFunction {
    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... inputs) {
      ctx.saveForBackward(inputs[0]);
      return new Tensor[] {inputs[0].pow(3)};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... grads) {
      Tensor x = ctx.savedTensors()[0];
      return new Tensor[] {grads[0].mul(x.pow(2).mul(3))};
    }
  }

  @Test
  void aCustomFunctionIsNamedAfterItsClassAndAnOpOfManyInputsHasAnEdgeFromEach() {
    Tensor a = Tensor.scalar(1.0).requiresGrad(true);
    Tensor b = Tensor.scalar(2.0).requiresGrad(true);
    Tensor c = Tensor.scalar(3.0).requiresGrad(true);
    Tensor joined = Tensor.cat(List.of(a.reshape(1), b.reshape(1), c.reshape(1)), 0);
    Tensor y = new Cube().apply(joined).sum();
    RecordedGraph graph = Autograd.graph(y);
    List<String> ops = graph.ops().stream().map(RecordedGraph.OpNode::op).toList();
    assertTrue(ops.contains("Cube") && ops.contains("cat"), String.valueOf(ops));
    RecordedGraph.OpNode cat =
        graph.ops().stream().filter(op -> op.op().equals("cat")).findFirst().orElseThrow();
    assertEquals(3, cat.inputs().size());
    assertEquals(3, cat.inputs().stream().distinct().count());

    BackwardTrace trace = Autograd.traceBackward(new Cube().apply(a).mul(b));
    assertEquals(3.0 * 2, trace.gradient(a), "the custom function's backward: 3a² · b");
  }

  @Test
  void badOptionsAreRefusedWithTheirValues() {
    TensorException e =
        assertThrows(TensorException.class, () -> GraphOptions.defaults().maxTensors(0));
    assertEquals("maxTensors: must be at least 1, got 0", e.getMessage());
    e = assertThrows(TensorException.class, () -> GraphOptions.defaults().maxValues(-1));
    assertEquals("maxValues: must be 0 or more, got -1", e.getMessage());
    e = assertThrows(TensorException.class, () -> Autograd.graph(Tensor.scalar(1)).opOf(3));
    assertEquals("opOf: no tensor 3; the graph has tensors 0 to 0", e.getMessage());
  }
}
