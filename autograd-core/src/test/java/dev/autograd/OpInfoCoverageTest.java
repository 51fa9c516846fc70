package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.OpInfo.Sample;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The sweeps that keep the OpInfo table complete, as EJML checks every op of its CommonOps: every
 * primitive of the {@link Primitives} table is reached by some row (in the graph of its forward
 * pass, or of its gradient when that is recorded), and every public op of {@link Tensor}, {@link
 * Functional} and {@link Linalg} that returns a tensor (or a record of tensors) has a row. A new
 * primitive or a new public op without a row fails here, with its name.
 */
class OpInfoCoverageTest {

  /** Public methods that return a tensor but are not ops a row could test, with the reason. */
  private static final Map<String, String> NOT_OPS =
      Map.ofEntries(
          Map.entry("add_", "in place: not recorded (OpInfoTest and AutogradTest cover it)"),
          Map.entry("sub_", "in place"),
          Map.entry("mul_", "in place"),
          Map.entry("div_", "in place"),
          Map.entry("copy_", "in place"),
          Map.entry("fill_", "in place"),
          Map.entry("zero_", "in place"),
          Map.entry("scatter_", "in place (IndexingOpsTest)"),
          Map.entry("scatterAdd_", "in place (IndexingOpsTest)"),
          Map.entry("indexAdd_", "in place (IndexingOpsTest)"),
          Map.entry("indexCopy_", "in place (IndexingOpsTest)"),
          Map.entry("maskedFill_", "in place (IndexingOpsTest)"),
          Map.entry("indexPut_", "in place (MoreOpsTest)"),
          Map.entry("arange", "creation"),
          Map.entry("eye", "creation"),
          Map.entry("full", "creation"),
          Map.entry("linspace", "creation"),
          Map.entry("of", "creation"),
          Map.entry("ones", "creation"),
          Map.entry("onesLike", "creation"),
          Map.entry("rand", "creation"),
          Map.entry("randn", "creation"),
          Map.entry("randint", "creation, random (GeneratorTest)"),
          Map.entry("randperm", "creation, random (GeneratorTest)"),
          Map.entry("normal", "creation, random (GeneratorTest)"),
          Map.entry("bernoulli", "random, not differentiable (GeneratorTest)"),
          Map.entry("multinomial", "random, not differentiable (GeneratorTest)"),
          Map.entry("scalar", "creation"),
          Map.entry("zeros", "creation"),
          Map.entry("zerosLike", "creation"),
          Map.entry("detach", "autograd state, not an op"),
          Map.entry("detach_", "autograd state, in place"),
          Map.entry("grad", "autograd state"),
          Map.entry("peekGrad", "autograd state"),
          Map.entry("requiresGrad", "autograd state"),
          Map.entry("retainGrad", "autograd state"));

  @Test
  void everyPrimitiveIsReachedByARow() {
    Set<Primitive> reached = Collections.newSetFromMap(new IdentityHashMap<>());
    for (OpInfo op : OpInfo.ALL) {
      for (Sample s : op.samples()) {
        Tensor[] in = OpInfoTest.inputs(op, s, DType.FLOAT64, op.differentiable());
        Tensor out = op.op().apply(in, s);
        if (!out.requiresGrad()) continue;
        collect(out, reached);
        List<Tensor> wrt = new ArrayList<>();
        for (Tensor t : in) if (t.requiresGrad()) wrt.add(t);
        // A gradient output that requires grad, as gradgradcheck's: then the gradient's graph also
        // records the derivatives that depend on it alone (narrow's, relu's).
        Tensor gradOut = Tensor.onesLike(out).requiresGrad(true);
        List<Tensor> grads =
            Autograd.grad(
                List.of(out),
                wrt,
                GradOptions.defaults().gradOutputs(gradOut).createGraph(true).allowUnused(true));
        for (Tensor g : grads) if (g != null) collect(g, reached);
      }
    }
    Set<String> missing = new TreeSet<>();
    for (Map.Entry<String, Primitive> e : primitivesByField().entrySet()) {
      if (!reached.contains(e.getValue())) missing.add(e.getKey() + " (" + e.getValue() + ")");
    }
    assertTrue(missing.isEmpty(), "primitives that no OpInfo row reaches: " + missing);
  }

  @Test
  void everyPublicOpOfTensorAndFunctionalHasARow() {
    Set<String> rows = new TreeSet<>();
    for (OpInfo op : OpInfo.ALL) rows.add(methodOf(op.name()));
    Set<String> missing = new TreeSet<>();
    Set<Class<?>> results =
        Set.of(
            Tensor.class,
            ValuesAndIndices.class,
            Linalg.Slogdet.class,
            Linalg.Qr.class,
            Linalg.Eigh.class,
            Linalg.Svd.class);
    for (Class<?> c : List.of(Tensor.class, Functional.class, Linalg.class)) {
      for (Method m : c.getMethods()) {
        if (m.getDeclaringClass() != c) continue;
        if (!results.contains(m.getReturnType())) continue;
        String name = m.getName();
        if (!NOT_OPS.containsKey(name) && !rows.contains(name)) {
          missing.add(c.getSimpleName() + "." + name);
        }
      }
    }
    assertTrue(missing.isEmpty(), "public ops without an OpInfo row: " + missing);
  }

  /** Every exclusion names a public method that exists: a renamed method cannot hide here. */
  @Test
  void everyExclusionIsAPublicMethod() {
    Set<String> methods = new TreeSet<>();
    for (Method m : Tensor.class.getMethods()) methods.add(m.getName());
    for (String name : NOT_OPS.keySet()) {
      assertTrue(methods.contains(name), name + " is not a public method of Tensor");
    }
  }

  /** The table's records, registered and declared, agree: none is left out of {@code all()}. */
  @Test
  void everyDeclaredPrimitiveIsRegistered() {
    Map<String, Primitive> declared = primitivesByField();
    assertEquals(declared.size(), Primitives.all().size(), "declared vs registered");
    Set<Primitive> registered = Collections.newSetFromMap(new IdentityHashMap<>());
    registered.addAll(Primitives.all());
    for (Map.Entry<String, Primitive> e : declared.entrySet()) {
      assertTrue(registered.contains(e.getValue()), e.getKey() + " is not registered");
    }
  }

  /** The method a row tests: its name up to the first parenthesis, dot or space. */
  private static String methodOf(String rowName) {
    int end = rowName.length();
    for (char stop : new char[] {'(', '.', ' '}) {
      int at = rowName.indexOf(stop);
      if (at >= 0) end = Math.min(end, at);
    }
    return rowName.substring(0, end);
  }

  /** Adds every primitive in the graph that made {@code t}. */
  private static void collect(Tensor t, Set<Primitive> reached) {
    Deque<Node> todo = new ArrayDeque<>();
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    if (t.node() != null) todo.push(t.node());
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (!seen.add(n)) continue;
      if (n.primitive() != null) reached.add(n.primitive());
      for (int i = 0; i < n.inputCount(); i++) {
        AutogradMeta in = n.edge(i);
        if (in != null && in.node() != null) todo.push(in.node());
      }
    }
  }

  private static Map<String, Primitive> primitivesByField() {
    Map<String, Primitive> byField = new java.util.TreeMap<>();
    for (Field f : Primitives.class.getDeclaredFields()) {
      if (f.getType() != Primitive.class || !Modifier.isStatic(f.getModifiers())) continue;
      try {
        f.setAccessible(true);
        byField.put(f.getName(), (Primitive) f.get(null));
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
    return byField;
  }
}
