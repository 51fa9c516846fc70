package dev.autograd.plot.internal;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A layered drawing of a directed acyclic graph, left to right, in the manner of Sugiyama: each
 * node in the layer of the longest path that reaches it (sources in layer 0, so every edge goes to
 * a later layer), an edge that spans several layers routed through a point in each layer between,
 * the nodes of each layer ordered by the barycentre heuristic (each node placed at the mean
 * position of its neighbours in the layer before, then in the layer after, sweep after sweep,
 * keeping the ordering with the fewest crossings), and each node then moved as near the mean height
 * of its neighbours as the nodes above and below it let it. Deterministic: the same graph and sizes
 * give the same drawing.
 */
public final class GraphLayout {
  /** The horizontal space between two layers. */
  static final double LAYER_GAP = 56;

  /** The vertical space between two nodes of a layer. */
  static final double NODE_GAP = 18;

  /** The vertical space a routed edge takes in a layer it crosses. */
  static final double EDGE_GAP = 10;

  private static final int SWEEPS = 24;

  private final Rectangle2D[] boxes;
  private final int[] layers;
  private final List<List<Point2D>> routes;
  private final double width;
  private final double height;
  private final int crossings;

  private GraphLayout(
      Rectangle2D[] boxes,
      int[] layers,
      List<List<Point2D>> routes,
      double width,
      double height,
      int crossings) {
    this.boxes = boxes;
    this.layers = layers;
    this.routes = routes;
    this.width = width;
    this.height = height;
    this.crossings = crossings;
  }

  /**
   * Lays out {@code sizes.length} nodes of the given sizes (width, height) joined by {@code edges}
   * ({@code {from, to}} pairs of node indices; the graph must have no cycle, and a pair may
   * repeat). Nodes are first ordered by index, so a graph given in a meaningful order keeps it
   * where crossings do not decide.
   *
   * @throws IllegalArgumentException if an edge names a node that does not exist, or the edges make
   *     a cycle
   */
  public static GraphLayout of(double[][] sizes, int[][] edges) {
    int n = sizes.length;
    List<List<Integer>> out = adjacency(n, edges, 0);
    List<List<Integer>> in = adjacency(n, edges, 1);
    int[] layer = longestPathLayers(n, out, in);

    // Each edge as a chain of vertices, one per layer it reaches: its ends and the points it is
    // routed through (vertices from n on).
    List<Integer> vertexLayer = new ArrayList<>();
    for (int v = 0; v < n; v++) vertexLayer.add(layer[v]);
    int[][] chains = new int[edges.length][];
    for (int e = 0; e < edges.length; e++) {
      int from = edges[e][0];
      int to = edges[e][1];
      int[] chain = new int[layer[to] - layer[from] + 1];
      chain[0] = from;
      for (int k = 1; k < chain.length - 1; k++) {
        chain[k] = vertexLayer.size();
        vertexLayer.add(layer[from] + k);
      }
      chain[chain.length - 1] = to;
      chains[e] = chain;
    }
    int vertices = vertexLayer.size();
    int layerCount = 0;
    for (int l : vertexLayer) layerCount = Math.max(layerCount, l + 1);
    List<List<Integer>> up = new ArrayList<>();
    List<List<Integer>> down = new ArrayList<>();
    for (int v = 0; v < vertices; v++) {
      up.add(new ArrayList<>());
      down.add(new ArrayList<>());
    }
    for (int[] chain : chains) {
      for (int k = 0; k + 1 < chain.length; k++) {
        down.get(chain[k]).add(chain[k + 1]);
        up.get(chain[k + 1]).add(chain[k]);
      }
    }
    List<List<Integer>> order = new ArrayList<>();
    for (int l = 0; l < layerCount; l++) order.add(new ArrayList<>());
    for (int v = 0; v < vertices; v++) order.get(vertexLayer.get(v)).add(v);

    int[] position = new int[vertices];
    positions(order, position);
    List<List<Integer>> best = copy(order);
    int bestCrossings = crossings(order, down, position);
    for (int sweep = 0; sweep < SWEEPS && bestCrossings > 0; sweep++) {
      boolean downward = sweep % 2 == 0;
      for (int i = 1; i < layerCount; i++) {
        int l = downward ? i : layerCount - 1 - i;
        reorder(order.get(l), downward ? up : down, position);
        positions(order, position);
      }
      int c = crossings(order, down, position);
      if (c < bestCrossings) {
        bestCrossings = c;
        best = copy(order);
      }
    }
    order = best;
    positions(order, position);

    // x: layers side by side, each as wide as its widest node.
    double[] layerX = new double[layerCount];
    double[] layerWidth = new double[layerCount];
    for (int v = 0; v < n; v++) layerWidth[layer[v]] = Math.max(layerWidth[layer[v]], sizes[v][0]);
    double x = 0;
    for (int l = 0; l < layerCount; l++) {
      layerX[l] = x;
      x += layerWidth[l] + LAYER_GAP;
    }
    double totalWidth = layerCount == 0 ? 0 : x - LAYER_GAP;

    // y: each vertex's centre, stacked in order, then pulled towards its neighbours.
    double[] size = new double[vertices];
    for (int v = 0; v < vertices; v++) size[v] = v < n ? sizes[v][1] : 0;
    double[] centre = new double[vertices];
    for (List<Integer> layerOrder : order) stack(layerOrder, size, centre, null);
    for (int sweep = 0; sweep < 8; sweep++) {
      boolean downward = sweep % 2 == 0;
      for (int i = 0; i < layerCount; i++) {
        int l = downward ? i : layerCount - 1 - i;
        List<Integer> layerOrder = order.get(l);
        double[] wanted = new double[layerOrder.size()];
        for (int k = 0; k < wanted.length; k++) {
          int v = layerOrder.get(k);
          List<Integer> near = new ArrayList<>(up.get(v));
          near.addAll(down.get(v));
          double sum = 0;
          for (int u : near) sum += centre[u];
          wanted[k] = near.isEmpty() ? centre[v] : sum / near.size();
        }
        stack(layerOrder, size, centre, wanted);
      }
    }
    double top = Double.POSITIVE_INFINITY;
    double bottom = Double.NEGATIVE_INFINITY;
    for (int v = 0; v < vertices; v++) {
      top = Math.min(top, centre[v] - size[v] / 2);
      bottom = Math.max(bottom, centre[v] + size[v] / 2);
    }
    if (vertices == 0) top = bottom = 0;

    Rectangle2D[] boxes = new Rectangle2D[n];
    for (int v = 0; v < n; v++) {
      int l = layer[v];
      double w = sizes[v][0];
      double left = layerX[l] + (layerWidth[l] - w) / 2;
      boxes[v] = new Rectangle2D.Double(left, centre[v] - size[v] / 2 - top, w, size[v]);
    }
    List<List<Point2D>> routes =
        route(edges, chains, boxes, centre, top, layerX, layerWidth, vertexLayer, n);
    return new GraphLayout(
        boxes,
        layer,
        Collections.unmodifiableList(routes),
        totalWidth,
        bottom - top,
        bestCrossings);
  }

  private static List<List<Integer>> adjacency(int n, int[][] edges, int end) {
    List<List<Integer>> lists = new ArrayList<>();
    for (int v = 0; v < n; v++) lists.add(new ArrayList<>());
    for (int[] e : edges) {
      for (int v : e) {
        if (v < 0 || v >= n) {
          throw new IllegalArgumentException(
              "graph layout: edge " + Arrays.toString(e) + " names a node outside 0.." + (n - 1));
        }
      }
      lists.get(e[end]).add(e[1 - end]);
    }
    return lists;
  }

  /** Each node's layer: 0 for a source, else one more than the latest of its predecessors. */
  private static int[] longestPathLayers(int n, List<List<Integer>> out, List<List<Integer>> in) {
    int[] remaining = new int[n];
    int[] layer = new int[n];
    ArrayList<Integer> ready = new ArrayList<>();
    for (int v = 0; v < n; v++) {
      remaining[v] = in.get(v).size();
      if (remaining[v] == 0) ready.add(v);
    }
    int done = 0;
    for (int i = 0; i < ready.size(); i++) {
      int v = ready.get(i);
      done++;
      for (int w : out.get(v)) {
        layer[w] = Math.max(layer[w], layer[v] + 1);
        if (--remaining[w] == 0) ready.add(w);
      }
    }
    if (done != n) throw new IllegalArgumentException("graph layout: the edges make a cycle");
    return layer;
  }

  private static void positions(List<List<Integer>> order, int[] position) {
    for (List<Integer> layer : order) {
      for (int k = 0; k < layer.size(); k++) position[layer.get(k)] = k;
    }
  }

  private static List<List<Integer>> copy(List<List<Integer>> order) {
    List<List<Integer>> out = new ArrayList<>();
    for (List<Integer> layer : order) out.add(new ArrayList<>(layer));
    return out;
  }

  /**
   * Sorts a layer by the barycentre of each vertex's neighbours in the adjacent layer; a vertex
   * without neighbours there keeps its place, and ties keep their order (the sort is stable).
   */
  private static void reorder(List<Integer> layer, List<List<Integer>> neighbours, int[] position) {
    double[] key = new double[layer.size()];
    Integer[] index = new Integer[layer.size()];
    for (int k = 0; k < layer.size(); k++) {
      List<Integer> near = neighbours.get(layer.get(k));
      double sum = 0;
      for (int u : near) sum += position[u];
      key[k] = near.isEmpty() ? k : sum / near.size();
      index[k] = k;
    }
    Arrays.sort(index, (a, b) -> Double.compare(key[a], key[b]));
    List<Integer> sorted = new ArrayList<>();
    for (int k : index) sorted.add(layer.get(k));
    layer.clear();
    layer.addAll(sorted);
  }

  /** The number of pairs of edge segments that cross between adjacent layers. */
  private static int crossings(
      List<List<Integer>> order, List<List<Integer>> down, int[] position) {
    int total = 0;
    for (List<Integer> layer : order) {
      List<int[]> segments = new ArrayList<>();
      for (int v : layer)
        for (int w : down.get(v)) segments.add(new int[] {position[v], position[w]});
      for (int i = 0; i < segments.size(); i++) {
        for (int j = i + 1; j < segments.size(); j++) {
          int[] a = segments.get(i);
          int[] b = segments.get(j);
          if ((long) (a[0] - b[0]) * (a[1] - b[1]) < 0) total++;
        }
      }
    }
    return total;
  }

  /**
   * Places a layer's vertices in order, each at least a gap below the one before: as near its
   * wanted centre as that allows (null: packed from 0), first pushing down, then pulling back up
   * where a vertex is below where it wants to be and the one after leaves room.
   */
  private static void stack(List<Integer> layer, double[] size, double[] centre, double[] wanted) {
    int m = layer.size();
    double[] top = new double[m];
    double limit = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < m; k++) {
      int v = layer.get(k);
      double want = wanted == null ? (k == 0 ? 0 : limit) : wanted[k] - size[v] / 2;
      top[k] = Math.max(want, limit);
      limit = top[k] + size[v] + gap(size[v]);
    }
    if (wanted != null) {
      double floor = Double.POSITIVE_INFINITY;
      for (int k = m - 1; k >= 0; k--) {
        int v = layer.get(k);
        double want = wanted[k] - size[v] / 2;
        double lowest = floor - gap(size[v]) - size[v];
        double above =
            k == 0
                ? Double.NEGATIVE_INFINITY
                : top[k - 1] + size[layer.get(k - 1)] + gap(size[layer.get(k - 1)]);
        top[k] = Math.min(top[k], Math.max(Math.min(want, lowest), above));
        floor = top[k];
      }
    }
    for (int k = 0; k < m; k++) centre[layer.get(k)] = top[k] + size[layer.get(k)] / 2;
  }

  private static double gap(double size) {
    return size == 0 ? EDGE_GAP : NODE_GAP;
  }

  /**
   * Each edge's polyline: from the right side of its source to the left side of its target, through
   * each layer it crosses at its routing point's height, straight across that layer. The edges
   * leaving (and entering) one node are spread over its side in the order of the heights at their
   * other end, so that two edges between the same nodes are drawn apart.
   */
  private static List<List<Point2D>> route(
      int[][] edges,
      int[][] chains,
      Rectangle2D[] boxes,
      double[] centre,
      double top,
      double[] layerX,
      double[] layerWidth,
      List<Integer> vertexLayer,
      int n) {
    double[] startY = ports(edges, chains, boxes, centre, top, n, true);
    double[] endY = ports(edges, chains, boxes, centre, top, n, false);
    List<List<Point2D>> routes = new ArrayList<>();
    for (int e = 0; e < edges.length; e++) {
      int[] chain = chains[e];
      List<Point2D> points = new ArrayList<>();
      points.add(new Point2D.Double(boxes[chain[0]].getMaxX(), startY[e]));
      for (int k = 1; k < chain.length - 1; k++) {
        int v = chain[k];
        int l = vertexLayer.get(v);
        double y = centre[v] - top;
        points.add(new Point2D.Double(layerX[l], y));
        points.add(new Point2D.Double(layerX[l] + layerWidth[l], y));
      }
      points.add(new Point2D.Double(boxes[chain[chain.length - 1]].getMinX(), endY[e]));
      routes.add(Collections.unmodifiableList(points));
    }
    return routes;
  }

  private static double[] ports(
      int[][] edges,
      int[][] chains,
      Rectangle2D[] boxes,
      double[] centre,
      double top,
      int n,
      boolean leaving) {
    double[] y = new double[edges.length];
    for (int v = 0; v < n; v++) {
      List<Integer> at = new ArrayList<>();
      for (int e = 0; e < edges.length; e++) if (edges[e][leaving ? 0 : 1] == v) at.add(e);
      if (at.isEmpty()) continue;
      // The height of each edge's next vertex: the order to spread them in.
      double[] other = new double[edges.length];
      for (int e : at) {
        int[] chain = chains[e];
        other[e] = centre[leaving ? chain[1] : chain[chain.length - 2]];
      }
      at.sort((a, b) -> other[a] != other[b] ? Double.compare(other[a], other[b]) : a - b);
      Rectangle2D box = boxes[v];
      for (int k = 0; k < at.size(); k++) {
        y[at.get(k)] = box.getMinY() + box.getHeight() * (k + 1) / (at.size() + 1);
      }
    }
    return y;
  }

  /** The box of node {@code v}, in layout units from the top left of the drawing. */
  public Rectangle2D box(int v) {
    return (Rectangle2D) boxes[v].clone();
  }

  /** The layer of node {@code v}: 0 for a source; every edge goes to a later layer. */
  public int layer(int v) {
    return layers[v];
  }

  /** The polyline of edge {@code e} (in the order edges were given), from source to target. */
  public List<Point2D> route(int e) {
    return routes.get(e);
  }

  /** The number of edges. */
  public int edgeCount() {
    return routes.size();
  }

  /** The number of nodes. */
  public int nodeCount() {
    return boxes.length;
  }

  /** The width of the drawing, in layout units. */
  public double width() {
    return width;
  }

  /** The height of the drawing, in layout units. */
  public double height() {
    return height;
  }

  /** The number of edge crossings between adjacent layers in the chosen ordering. */
  public int crossings() {
    return crossings;
  }
}
