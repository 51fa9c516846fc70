package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.testing.Attrs;
import dev.autograd.testing.Golden;
import dev.autograd.testing.Golden.Tolerance;
import dev.autograd.testing.Json;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of PyTorch's {@code golden/ops.json} (and of the files added beside it for later ops,
 * in its format: {@code expm1_log1p.json}, {@code numerics.json}, {@code shape_ops.json}): the op's
 * output, and the gradient of {@code sum(output * upstream)} with respect to each differentiable
 * input, must match PyTorch's within the tolerances PyTorch itself uses (rtol 1e-5 / atol 1e-8 for
 * float64 outputs, rtol 1e-4 / atol 1e-5 for float32 outputs and for all gradients).
 */
class GoldenOpsTest {
  private static final List<Map<String, Object>> OPS_JSON =
      Golden.cases(Golden.load("/golden/ops.json"));

  /** The cases of the files written later in ops.json's format, each with its script beside it. */
  private static final List<Map<String, Object>> LATER =
      Stream.concat(
              Golden.cases(Golden.load("/golden/expm1_log1p.json")).stream(),
              Stream.concat(
                  Golden.cases(Golden.load("/golden/numerics.json")).stream(),
                  Golden.cases(Golden.load("/golden/shape_ops.json")).stream()))
          .toList();

  private static final List<Map<String, Object>> CASES =
      Stream.concat(OPS_JSON.stream(), LATER.stream()).toList();

  @Test
  void filesHoldAllCases() {
    assertEquals(232, OPS_JSON.size());
    assertEquals(12 + 224 + 56, LATER.size());
    Set<String> names = new HashSet<>();
    for (Map<String, Object> c : CASES) assertTrue(names.add(name(c)), "duplicate " + name(c));
    long float64 = OPS_JSON.stream().filter(c -> dtype(c) == DType.FLOAT64).count();
    long float32 = OPS_JSON.stream().filter(c -> dtype(c) == DType.FLOAT32).count();
    assertEquals(116, float64);
    assertEquals(116, float32);
  }

  /** One test per case: forward value, then backward with the case's upstream gradient. */
  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return CASES.stream().map(c -> dynamicTest(name(c), () -> checkCase(c)));
  }

  /**
   * Every float64 case again through {@link GradCheck}: autograd's Jacobian against central finite
   * differences. The inputs are random draws away from the kinks of abs, relu, leaky_relu, clamp,
   * where, maximum/minimum, amax/max, l1_loss and smooth_l1_loss: the nearest element to a kink (or
   * tie) is 7e-4 away, far beyond GradCheck's eps of 1e-6, so no case needs to be left out.
   */
  @TestFactory
  Stream<DynamicTest> gradCheck() {
    return CASES.stream()
        .filter(c -> dtype(c) == DType.FLOAT64)
        .map(c -> dynamicTest(name(c), () -> gradCheckCase(c)));
  }

  /**
   * Squares and cubes in float64 are PyTorch's products to the last bit, forward and backward:
   * PyTorch takes x^3 as (x * x) * x and its derivative as grad * (3 * (x * x)), which differ from
   * the correctly rounded x^3 (what {@link Math#pow} returns) in the last bit of half of this
   * file's cubes.
   */
  @Test
  void squaresAndCubesInFloat64AreExactlyPyTorchs() {
    int checked = 0;
    for (Map<String, Object> c : CASES) {
      if (!op(c).equals("pow_scalar") || dtype(c) != DType.FLOAT64) continue;
      double exponent = number(attrs(c), "exponent");
      if (exponent != 2 && exponent != 3) continue;
      Tensor x = inputs(c)[0];
      Tensor out = x.pow(exponent);
      out.backward(Golden.tensor(c.get("upstream"), DType.FLOAT64));
      assertArrayEquals(Golden.data(c.get("output")), out.toDoubleArray(), 0.0, name(c));
      Object grad = Json.asList(c.get("grads")).get(0);
      assertArrayEquals(Golden.data(grad), x.grad().toDoubleArray(), 0.0, name(c) + " grad");
      checked++;
    }
    assertEquals(2, checked);
  }

  static void checkCase(Map<String, Object> c) {
    String name = name(c);
    DType dtype = dtype(c);
    Tensor[] inputs = inputs(c);
    Tensor out = apply(op(c), attrs(c), inputs);
    assertEquals(dtype, out.dtype(), name + ": output dtype");
    Golden.assertClose(name + " output", c.get("output"), out, Tolerance.forward(dtype));

    out.backward(Golden.tensor(c.get("upstream"), dtype));
    List<Object> grads = Json.asList(c.get("grads"));
    for (int i = 0; i < inputs.length; i++) {
      String what = name + " grad of input " + i;
      if (grads.get(i) == null) {
        assertNull(inputs[i].grad(), what + ": PyTorch has none");
      } else {
        Golden.assertClose(what, grads.get(i), inputs[i].grad(), Tolerance.FLOAT32_OR_GRAD);
        assertEquals(dtype, inputs[i].grad().dtype(), what + ": dtype");
      }
    }
  }

  private static void gradCheckCase(Map<String, Object> c) {
    String op = op(c);
    Map<String, Object> attrs = attrs(c);
    assertTrue(GradCheck.check(in -> apply(op, attrs, in), inputs(c)).passed(), name(c));
  }

  /** The case's inputs; those with a gradient in the file require grad. */
  private static Tensor[] inputs(Map<String, Object> c) {
    DType dtype = dtype(c);
    List<Object> specs = Json.asList(c.get("inputs"));
    List<Object> grads = Json.asList(c.get("grads"));
    assertEquals(specs.size(), grads.size(), name(c) + ": one grad entry per input");
    Tensor[] inputs = new Tensor[specs.size()];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = Golden.tensor(specs.get(i), dtype).requiresGrad(grads.get(i) != null);
    }
    return inputs;
  }

  // ---------------------------------------------------------------- PyTorch op -> Java API

  /** The OpInfo row that answers each PyTorch op of the golden files, by the op's name. */
  private static final Map<String, OpInfo> ROWS = rowsByTorchOp();

  private static Map<String, OpInfo> rowsByTorchOp() {
    Map<String, OpInfo> rows = new HashMap<>();
    for (OpInfo op : OpInfo.ALL) {
      for (String torchOp : op.pytorch().keySet()) {
        OpInfo previous = rows.put(torchOp, op);
        if (previous != null) {
          throw new IllegalStateException(
              torchOp + " is claimed by rows " + previous.name() + " and " + op.name());
        }
      }
    }
    return rows;
  }

  /** Every PyTorch op of the file is answered by a row of the OpInfo table. */
  @Test
  void everyPyTorchOpOfTheFileHasARow() {
    Set<String> missing = new java.util.TreeSet<>();
    for (Map<String, Object> c : CASES) if (!ROWS.containsKey(op(c))) missing.add(op(c));
    assertTrue(missing.isEmpty(), "PyTorch ops of ops.json without an OpInfo row: " + missing);
  }

  /**
   * Runs PyTorch's op {@code op} with arguments {@code attrs} on {@code in}, through the OpInfo row
   * that answers it.
   *
   * @throws IllegalArgumentException for an op no row answers, so that a new case in the file fails
   *     instead of being skipped
   */
  static Tensor apply(String op, Map<String, Object> attrs, Tensor[] in) {
    OpInfo row = ROWS.get(op);
    if (row == null) throw new IllegalArgumentException("no OpInfo row for PyTorch op " + op);
    return row.pytorch().get(op).apply(new Attrs(attrs), in);
  }

  private static double number(Map<String, Object> attrs, String key) {
    return new Attrs(attrs).number(key);
  }

  // ---------------------------------------------------------------- case fields

  private static String name(Map<String, Object> c) {
    return Json.asString(c.get("name"));
  }

  private static String op(Map<String, Object> c) {
    return Json.asString(c.get("op"));
  }

  private static DType dtype(Map<String, Object> c) {
    return Golden.dtype(Json.asString(c.get("dtype")));
  }

  private static Map<String, Object> attrs(Map<String, Object> c) {
    return Json.asObject(c.get("attrs"));
  }

  @Test
  void oneHotIsPyTorchs() {
    Map<String, Object> doc = Golden.load("/golden/shape_ops.json");
    Map<String, Object> c = Json.asObject(doc.get("one_hot"));
    List<Object> rows = Json.asList(c.get("indices"));
    long[][] idx = new long[rows.size()][];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = Json.asList(rows.get(i)).stream().mapToLong(v -> (long) Json.asDouble(v)).toArray();
    }
    Tensor out = Functional.oneHot(Tensor.of(idx), Json.asInt(c.get("num_classes")));
    assertEquals(DType.INT64, out.dtype());
    assertArrayEquals(Golden.shape(c.get("output")), out.shape());
    assertArrayEquals(Golden.data(c.get("output")), out.toDoubleArray(), 0);
    Tensor inferred = Functional.oneHot(Tensor.of(new long[] {1, 4, 0}), -1);
    assertArrayEquals(Golden.data(c.get("inferred")), inferred.toDoubleArray(), 0);
    dev.autograd.testing.Messages.assertMessage(
        () -> Functional.oneHot(Tensor.of(new long[] {5}), 5),
        "oneHot: Class values must be smaller than num_classes (5), got 5");
    dev.autograd.testing.Messages.assertMessage(
        () -> Functional.oneHot(Tensor.of(new double[] {1}), 5),
        "oneHot: one_hot is only applicable to index tensor");
  }
}
