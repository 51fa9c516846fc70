package dev.autograd.plot.internal;

import dev.autograd.BackwardTrace;
import dev.autograd.RecordedGraph;
import dev.autograd.RecordedGraph.OpNode;
import dev.autograd.RecordedGraph.TensorNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * The drawing of a {@link RecordedGraph}: a box per tensor (the op that made it, shape and type,
 * value and gradient, whether it is a leaf and requires grad) and an arrow from each input to each
 * op's result, laid out by {@link GraphLayout}, painted as an overlay of a panel whose plot area is
 * the whole figure but the title. The drawing is scaled down, never up, to fit the plot area, and
 * centred in it.
 */
public final class GraphPicture implements XYPanel.Layer {
  /** The border of a box. */
  public static final Color BORDER = new Color(0x4d4d4d);

  /** The border of a leaf that requires grad. */
  public static final Color LEAF_BORDER = new Color(0x1f5f99);

  /** The fill of a leaf that requires grad. */
  public static final Color LEAF_FILL = new Color(0xdbe9f6);

  /** The border of the output. */
  public static final Color OUTPUT_BORDER = new Color(0xc0392b);

  /** The arrows. */
  public static final Color EDGE = new Color(0x8c8c8c);

  private static final Color TEXT = new Color(0x1a1a1a);
  private static final Color NOTE = new Color(0x707070);
  private static final double PAD_X = 9;
  private static final double PAD_Y = 6;
  private static final double ARROW = 7;
  private static final FontRenderContext MEASURE = new FontRenderContext(null, true, true);

  private final List<List<String>> lines;
  private final List<Style> styles;
  private final int[][] edges;
  private final GraphLayout layout;
  private final String family;
  private final int output;
  private final List<Rectangle2D> painted = new ArrayList<>();
  private final List<List<Point2D>> paintedRoutes = new ArrayList<>();

  /** How a box is drawn. */
  private enum Style {
    LEAF,
    RESULT,
    CONSTANT,
    HIDDEN
  }

  private GraphPicture(
      List<List<String>> lines,
      List<Style> styles,
      int[][] edges,
      GraphLayout layout,
      String family,
      int output) {
    this.lines = lines;
    this.styles = styles;
    this.edges = edges;
    this.layout = layout;
    this.family = family;
    this.output = output;
  }

  /**
   * Every text the drawing of {@code graph} shows, for the choice of a font; {@code trace}, if not
   * null, adds each tensor's gradient of the output.
   */
  public static List<String> texts(RecordedGraph graph, BackwardTrace trace) {
    List<String> out = new ArrayList<>();
    for (List<String> box : boxes(graph, trace)) out.addAll(box);
    return out;
  }

  /**
   * The drawing of {@code graph} (with the gradients of {@code trace}, if not null) in {@code
   * family}.
   */
  public static GraphPicture of(RecordedGraph graph, BackwardTrace trace, String family) {
    List<List<String>> lines = boxes(graph, trace);
    List<Style> styles = new ArrayList<>();
    for (TensorNode t : graph.tensors()) {
      styles.add(!t.requiresGrad() ? Style.CONSTANT : t.leaf() ? Style.LEAF : Style.RESULT);
    }
    int hiddenBox = graph.tensors().size();
    if (graph.hiddenTensors() > 0) styles.add(Style.HIDDEN);
    List<int[]> edges = new ArrayList<>();
    for (OpNode op : graph.ops()) {
      for (int in : op.inputs()) edges.add(new int[] {in, op.output()});
      if (op.hiddenInputs() > 0) edges.add(new int[] {hiddenBox, op.output()});
    }
    Font header = headerFont(family);
    Font body = bodyFont(family);
    double[][] sizes = new double[lines.size()][];
    for (int v = 0; v < lines.size(); v++) {
      double w = 0;
      double h = 0;
      List<String> box = lines.get(v);
      for (int k = 0; k < box.size(); k++) {
        TextLayout text = new TextLayout(box.get(k), k == 0 ? header : body, MEASURE);
        w = Math.max(w, text.getAdvance());
        h += lineHeight(text);
      }
      sizes[v] = new double[] {Math.ceil(w + 2 * PAD_X), Math.ceil(h + 2 * PAD_Y)};
    }
    int[][] edgeArray = edges.toArray(new int[0][]);
    GraphLayout layout = GraphLayout.of(sizes, edgeArray);
    return new GraphPicture(lines, styles, edgeArray, layout, family, graph.output());
  }

  private static double lineHeight(TextLayout text) {
    return text.getAscent() + text.getDescent() + 2;
  }

  private static Font headerFont(String family) {
    return new Font(family, Font.BOLD, 12);
  }

  private static Font bodyFont(String family) {
    return new Font(family, Font.PLAIN, 11);
  }

  /** Each box's lines: tensors in id order, then the box of the left-out tensors, if any. */
  private static List<List<String>> boxes(RecordedGraph graph, BackwardTrace trace) {
    List<List<String>> out = new ArrayList<>();
    for (TensorNode t : graph.tensors()) {
      List<String> box = new ArrayList<>();
      OpNode op = graph.opOf(t.id());
      box.add(op == null ? t.label() : t.label() + " = " + op.op());
      box.add(t.shape() + " " + t.dtype().pytorchName());
      if (t.value() != null) box.add("value " + t.value());
      if (t.grad() != null) box.add("grad " + t.grad());
      if (trace != null && !Double.isNaN(trace.gradient(t.id()))) {
        String y = trace.outputLabel();
        box.add("∂" + y + "/∂" + t.label() + " = " + RecordedGraph.number(trace.gradient(t.id())));
      }
      box.add(
          t.leaf()
              ? (t.requiresGrad() ? "leaf, requires grad" : "leaf")
              : (t.requiresGrad() ? "requires grad" : "does not require grad"));
      out.add(box);
    }
    if (graph.hiddenTensors() > 0) {
      int n = graph.hiddenTensors();
      out.add(List.of("… " + n + (n == 1 ? " more tensor" : " more tensors")));
    }
    return out;
  }

  /** Edge {@code e}'s ends, {@code {from, to}}, as box indices in the layout's order. */
  public int[] edge(int e) {
    return edges[e].clone();
  }

  /** The layout, in layout units. */
  public GraphLayout layout() {
    return layout;
  }

  /** Where the last paint drew each box, in the panel's coordinates (empty before a paint). */
  public List<Rectangle2D> paintedBoxes() {
    return List.copyOf(painted);
  }

  /** Where the last paint drew each arrow, in the panel's coordinates, in the layout's order. */
  public List<List<Point2D>> paintedRoutes() {
    return List.copyOf(paintedRoutes);
  }

  /** The colour of box {@code v}'s border (the output's is {@link #OUTPUT_BORDER}). */
  public Color borderOf(int v) {
    if (v == output) return OUTPUT_BORDER;
    return switch (styles.get(v)) {
      case LEAF -> LEAF_BORDER;
      case HIDDEN -> NOTE;
      default -> BORDER;
    };
  }

  @Override
  public void paint(Graphics2D g, XYPanel panel) {
    Rectangle2D area = g.getClip().getBounds2D();
    double margin = 16;
    double s =
        Math.min(
            1,
            Math.min(
                (area.getWidth() - 2 * margin) / Math.max(1, layout.width()),
                (area.getHeight() - 2 * margin) / Math.max(1, layout.height())));
    s = Math.max(s, 0.01);
    double ox = area.getX() + (area.getWidth() - layout.width() * s) / 2;
    double oy = area.getY() + (area.getHeight() - layout.height() * s) / 2;
    AffineTransform place = new AffineTransform(s, 0, 0, s, ox, oy);
    painted.clear();
    paintedRoutes.clear();
    Graphics2D d = (Graphics2D) g.create();
    try {
      d.transform(place);
      for (int e = 0; e < layout.edgeCount(); e++) {
        List<Point2D> route = layout.route(e);
        paintEdge(d, route);
        List<Point2D> onPanel = new ArrayList<>();
        for (Point2D p : route) onPanel.add(place.transform(p, null));
        paintedRoutes.add(onPanel);
      }
      Font header = headerFont(family);
      Font body = bodyFont(family);
      for (int v = 0; v < layout.nodeCount(); v++) {
        Rectangle2D box = layout.box(v);
        paintBox(d, v, box, header, body);
        painted.add(place.createTransformedShape(box).getBounds2D());
      }
    } finally {
      d.dispose();
    }
  }

  private void paintEdge(Graphics2D d, List<Point2D> route) {
    Path2D.Double line = new Path2D.Double();
    Point2D last = route.get(route.size() - 1);
    Point2D before = route.get(route.size() - 2);
    double dx = last.getX() - before.getX();
    double dy = last.getY() - before.getY();
    double length = Math.max(1e-9, Math.hypot(dx, dy));
    double ux = dx / length;
    double uy = dy / length;
    line.moveTo(route.get(0).getX(), route.get(0).getY());
    for (int k = 1; k < route.size() - 1; k++)
      line.lineTo(route.get(k).getX(), route.get(k).getY());
    // The line stops where the arrowhead starts, so that its end does not blunt the tip.
    line.lineTo(last.getX() - ux * ARROW, last.getY() - uy * ARROW);
    d.setColor(EDGE);
    d.setStroke(new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
    d.draw(line);
    Path2D.Double head = new Path2D.Double();
    head.moveTo(last.getX(), last.getY());
    head.lineTo(
        last.getX() - ux * ARROW - uy * ARROW * 0.45, last.getY() - uy * ARROW + ux * ARROW * 0.45);
    head.lineTo(
        last.getX() - ux * ARROW + uy * ARROW * 0.45, last.getY() - uy * ARROW - ux * ARROW * 0.45);
    head.closePath();
    d.fill(head);
  }

  private void paintBox(Graphics2D d, int v, Rectangle2D box, Font header, Font body) {
    Style style = styles.get(v);
    Shape shape =
        new RoundRectangle2D.Double(box.getX(), box.getY(), box.getWidth(), box.getHeight(), 8, 8);
    d.setColor(style == Style.LEAF ? LEAF_FILL : Color.WHITE);
    d.fill(shape);
    boolean output = v == this.output;
    d.setColor(borderOf(v));
    float width = output ? 2.6f : 1.6f;
    d.setStroke(
        style == Style.CONSTANT || style == Style.HIDDEN
            ? new BasicStroke(
                width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {5, 3}, 0)
            : new BasicStroke(width));
    d.draw(shape);
    double y = box.getY() + PAD_Y;
    List<String> text = lines.get(v);
    for (int k = 0; k < text.size(); k++) {
      TextLayout layoutOfLine =
          new TextLayout(text.get(k), k == 0 ? header : body, d.getFontRenderContext());
      double baseline = y + layoutOfLine.getAscent();
      d.setColor(k == text.size() - 1 && style != Style.HIDDEN ? NOTE : TEXT);
      d.fill(
          layoutOfLine.getOutline(
              AffineTransform.getTranslateInstance(box.getX() + PAD_X, baseline)));
      y += lineHeight(layoutOfLine);
    }
  }
}
