package dev.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors of the recorded graph that ends in one output, found once and numbered the same way
 * every time: breadth-first from the output along each op's inputs in order, the first {@code
 * limit} found kept, and those numbered in forward order (by their node's height, a leaf's 0, then
 * by the order found), so that an op's inputs always come before its result.
 */
final class GraphWalk {
  /** The kept tensors' autograd state, in forward order: a tensor's id is its index here. */
  final List<AutogradMeta> metas;

  /** Each kept tensor's id. */
  final Map<AutogradMeta, Integer> ids;

  /** The id of the output. */
  final int output;

  /** How many tensors of the graph are not kept. */
  final int hidden;

  private GraphWalk(
      List<AutogradMeta> metas, Map<AutogradMeta, Integer> ids, int output, int hidden) {
    this.metas = metas;
    this.ids = ids;
    this.output = output;
    this.hidden = hidden;
  }

  /**
   * The graph that ends in {@code output}, keeping at most {@code limit} tensors. An output without
   * autograd state (a constant) is a graph of one tensor, described by a state of its own that is
   * not attached to it.
   */
  static GraphWalk of(Tensor output, int limit) {
    AutogradMeta root = output.autogradOrNull();
    if (root == null) root = new AutogradMeta(output);
    Map<AutogradMeta, Integer> found = new IdentityHashMap<>();
    List<AutogradMeta> inOrder = new ArrayList<>();
    ArrayDeque<AutogradMeta> queue = new ArrayDeque<>();
    found.put(root, 0);
    inOrder.add(root);
    queue.add(root);
    while (!queue.isEmpty()) {
      Node node = queue.poll().node();
      if (node == null) continue;
      for (int i = 0; i < node.inputCount(); i++) {
        AutogradMeta input = node.edge(i);
        if (input == null || found.containsKey(input)) continue;
        found.put(input, inOrder.size());
        inOrder.add(input);
        queue.add(input);
      }
    }
    List<AutogradMeta> kept = new ArrayList<>(inOrder.subList(0, Math.min(limit, inOrder.size())));
    kept.sort(Comparator.comparingInt(GraphWalk::height).thenComparingInt(found::get));
    Map<AutogradMeta, Integer> ids = new IdentityHashMap<>();
    for (int i = 0; i < kept.size(); i++) ids.put(kept.get(i), i);
    return new GraphWalk(kept, ids, ids.get(root), inOrder.size() - kept.size());
  }

  private static int height(AutogradMeta meta) {
    Node node = meta.node();
    return node == null ? 0 : node.height();
  }

  /** The id of a tensor's state, or -1 where it is not kept. */
  int id(AutogradMeta meta) {
    Integer id = ids.get(meta);
    return id == null ? -1 : id;
  }

  /** The names given in {@code options}, by the id of the tensor they name (null: none). */
  String[] names(GraphOptions options) {
    String[] names = new String[metas.size()];
    for (Map.Entry<Tensor, String> e : options.names().entrySet()) {
      AutogradMeta meta = e.getKey().autogradOrNull();
      int id = meta == null ? -1 : id(meta);
      // A constant output has a state of its own, not the tensor's.
      if (id < 0 && metas.size() == 1 && metas.get(0).tensor == e.getKey()) id = 0;
      if (id >= 0) names[id] = e.getValue();
    }
    return names;
  }

  /**
   * The op's name as the user called it: the forward name of the primitive ({@code "mul"}), or for
   * a composite named after its user-facing op ({@code "VarBackward"}) and a custom function
   * ({@code "CubeBackward"}), its backward name without the suffix ({@code "var"}, {@code "Cube"}).
   */
  static String opName(Node node) {
    String name = node.name();
    Primitive p = node.primitive();
    if (p != null && p.opName != null && p.name.equals(name)) return p.opName;
    String base = name.endsWith("Backward") ? name.substring(0, name.length() - 8) : name;
    if (base.isEmpty()) return name;
    if (p == null) return base; // a custom function: its class's name
    return Character.toLowerCase(base.charAt(0)) + base.substring(1);
  }
}
