package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.testing.Golden;
import dev.autograd.testing.Golden.Tolerance;
import dev.autograd.testing.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * prod, cumprod, einsum, index and indexPut against PyTorch 1.13 ({@code golden/more_ops.py}), in
 * float64 to 1e-10 relative: the value, the gradient of {@code sum(output * upstream)}, and its
 * derivative along fixed directions (second derivatives, with zero, one and two zeros in prod's and
 * cumprod's inputs); and the inputs PyTorch refuses, which fail here with its message.
 */
class MoreOpsTest {
  private static final Map<String, Object> FILE = Golden.load("/golden/more_ops.json");

  /** 1e-10 relative; the absolute floor is for elements that are 0 up to rounding of the sums. */
  private static final Tolerance TIGHT = new Tolerance(1e-10, 1e-13);

  private static List<Map<String, Object>> section(String key) {
    return Golden.section(FILE, key);
  }

  @Test
  void fileHoldsAllCases() {
    assertEquals(81, section("cases").size());
    assertEquals(29, section("errors").size());
  }

  @TestFactory
  Stream<DynamicTest> valuesGradientsAndSecondDerivativesMatchPyTorch() {
    return section("cases").stream().map(c -> dynamicTest(Golden.name(c), () -> check(c)));
  }

  /** A case's inputs in float64, each requiring grad. */
  private static Tensor[] inputs(Map<String, Object> c) {
    List<Object> specs = Json.asList(c.get("inputs"));
    Tensor[] in = new Tensor[specs.size()];
    for (int i = 0; i < in.length; i++) {
      in[i] = Golden.tensor(specs.get(i), DType.FLOAT64).requiresGrad(true);
    }
    return in;
  }

  private static void check(Map<String, Object> c) {
    String name = Golden.name(c);
    Tensor[] in = inputs(c);
    Tensor out = GoldenOpsTest.apply(Json.asString(c.get("op")), Json.asObject(c.get("attrs")), in);
    Golden.assertClose(name + " output", c.get("output"), out, TIGHT);
    Tensor upstream = Golden.tensor(c.get("upstream"), DType.FLOAT64);
    List<Tensor> grads =
        Autograd.grad(
            List.of(out),
            List.of(in),
            GradOptions.defaults().gradOutputs(upstream).createGraph(true).allowUnused(true));
    List<Object> expectedGrads = Json.asList(c.get("grads"));
    List<Object> directions = Json.asList(c.get("directions"));
    Tensor total = Tensor.scalar(0, DType.FLOAT64);
    for (int i = 0; i < in.length; i++) {
      Tensor g = grads.get(i) == null ? Tensor.zerosLike(in[i]) : grads.get(i);
      Golden.assertClose(name + " grad of input " + i, expectedGrads.get(i), g, TIGHT);
      total = total.add(g.mul(Golden.tensor(directions.get(i), DType.FLOAT64)).sum());
    }
    List<Object> expectedSecond = Json.asList(c.get("second"));
    List<Tensor> second =
        total.requiresGrad()
            ? Autograd.grad(List.of(total), List.of(in), GradOptions.defaults().allowUnused(true))
            : java.util.Collections.nCopies(in.length, null);
    for (int i = 0; i < in.length; i++) {
      Tensor s = second.get(i) == null ? Tensor.zerosLike(in[i]) : second.get(i);
      Golden.assertClose(
          name + " second derivative of input " + i, expectedSecond.get(i), s, TIGHT);
    }
  }

  /**
   * The gradients again without recording their graph, where cumprod's derivative with zeros takes
   * PyTorch's O(n) form instead of the one that can be differentiated again: the same values.
   */
  @TestFactory
  Stream<DynamicTest> gradientsWithoutAGraphMatchPyTorch() {
    return section("cases").stream()
        .map(
            c ->
                dynamicTest(
                    Golden.name(c),
                    () -> {
                      Tensor[] in = inputs(c);
                      Map<String, Object> attrs = Json.asObject(c.get("attrs"));
                      Tensor out = GoldenOpsTest.apply(Json.asString(c.get("op")), attrs, in);
                      out.backward(Golden.tensor(c.get("upstream"), DType.FLOAT64));
                      List<Object> grads = Json.asList(c.get("grads"));
                      for (int i = 0; i < in.length; i++) {
                        Tensor g = in[i].grad() == null ? Tensor.zerosLike(in[i]) : in[i].grad();
                        Golden.assertClose(Golden.name(c) + " grad " + i, grads.get(i), g, TIGHT);
                      }
                    }));
  }

  /** cumprod's O(n) derivative with zeros, on a lane too long for the square of products. */
  @Test
  void cumprodGradientWithZerosOnALongLaneNeedsNoSquare() {
    int n = 50_000;
    double[] v = new double[n];
    java.util.Arrays.fill(v, 1);
    v[2] = 0;
    v[4] = 2;
    Tensor x = Tensor.of(v, DType.FLOAT64, n).requiresGrad(true);
    x.cumprod(0).sum().backward();
    // d/dx[2] of sum_k prod_{j <= k} x[j]: the products without x[2] for k >= 2: 1 at k = 2 and
    // k = 3, 2 from k = 4 on.
    assertEquals(2 + 2.0 * (n - 4), x.grad().get(2), 0);
    assertEquals(0, x.grad().get(3), 0);
    assertEquals(1, x.grad().get(1), 0);
  }

  // ---------------------------------------------------------------- errors

  private static final Tensor X = Tensor.zeros(2, 3);
  private static final Tensor Y = Tensor.zeros(3, 4);

  private static Tensor mask(boolean... values) {
    double[] v = new double[values.length];
    for (int i = 0; i < v.length; i++) v[i] = values[i] ? 1 : 0;
    return Tensor.of(v).ne(0);
  }

  private record Call(Executable call, String message) {}

  /**
   * The Java call of each input PyTorch refuses, and its whole message: PyTorch's, with the op's
   * name in front where PyTorch's has none, the library's type names (float32, not Float), and a
   * space PyTorch's einsum leaves out ("operand 1has").
   */
  private static final Map<String, Call> ERRORS =
      Map.ofEntries(
          einsum("einsum fewer operands", "ij,jk", X),
          einsum("einsum more operands", "ij", X, Y),
          einsum("einsum too many subscripts", "ijk", X),
          einsum("einsum too few subscripts", "i", X),
          einsum("einsum too many subscripts with ellipsis", "ijk...", X),
          einsum("einsum sizes differ", "ij,jk", X, Tensor.zeros(2, 4)),
          einsum("einsum repeated sizes differ", "ii", X),
          einsum("einsum invalid character", "i1", X),
          einsum("einsum invalid output character", "ij->i!", X),
          einsum("einsum unknown output subscript", "ij->k", X),
          einsum("einsum repeated output subscript", "ij->ii", X),
          einsum("einsum lone dot", "i.j", X),
          einsum("einsum two ellipses", "...i...", X),
          einsum("einsum two output ellipses", "ij->......", X),
          einsum("einsum output dots", "ij->..", X),
          einsum("einsum ellipsis sizes differ", "...i,...i", X, Tensor.zeros(4, 3)),
          Map.entry(
              "index mask shape",
              new Call(
                  () -> X.index(Tensor.ones(2, 4).gt(0)),
                  "index: The shape of the mask [2, 4] at index 1 does not match the shape of the"
                      + " indexed tensor [2, 3] at index 1")),
          Map.entry(
              "index mask first dim",
              new Call(
                  () -> X.index(mask(true, false, true)),
                  "index: The shape of the mask [3] at index 0 does not match the shape of the"
                      + " indexed tensor [2, 3] at index 0")),
          Map.entry(
              "index mask too many dims",
              new Call(
                  () -> X.index(Tensor.ones(2, 3, 1).gt(0)),
                  "index: too many indices for tensor of dimension 2 (shape [2, 3])")),
          Map.entry(
              "index out of bounds",
              new Call(
                  () -> X.index(Tensor.of(new long[] {2})),
                  "index: index 2 is out of bounds for dimension 0 with size 2")),
          Map.entry(
              "index negative out of bounds",
              new Call(
                  () -> X.index(Tensor.of(new long[] {-3})),
                  "index: index -3 is out of bounds for dimension 0 with size 2")),
          Map.entry(
              "index float",
              new Call(
                  () -> X.index(Tensor.of(new double[] {1})),
                  "index: tensors used as indices must be INT64 or BOOL tensors, got float32")),
          Map.entry(
              "index of a 0-d tensor",
              new Call(
                  () -> Tensor.scalar(1).index(Tensor.of(new long[] {0})),
                  "index: too many indices for tensor of dimension 0 (shape [])")),
          Map.entry(
              "index_put values shape",
              new Call(
                  () -> X.indexPut(mask(true, false), Tensor.ones(2)),
                  "indexPut: shape mismatch: value tensor of shape [2] cannot be broadcast to"
                      + " indexing result of shape [1, 3]")),
          Map.entry(
              "index_put values dtype",
              new Call(
                  () -> X.indexPut(mask(true, false), Tensor.ones(DType.FLOAT64, 3)),
                  "indexPut: Index put requires the source and destination dtypes match, got"
                      + " float32 for the destination and float64 for the source")),
          Map.entry(
              "index_put mask shape",
              new Call(
                  () -> X.indexPut(mask(true, true, true), Tensor.ones(3)),
                  "indexPut: The shape of the mask [3] at index 0 does not match the shape of the"
                      + " indexed tensor [2, 3] at index 0")),
          Map.entry(
              "index_put index out of bounds",
              new Call(
                  () -> X.indexPut(Tensor.of(new long[] {2}), Tensor.ones(3)),
                  "indexPut: index 2 is out of bounds for dimension 0 with size 2")),
          Map.entry(
              "prod dim out of range",
              new Call(
                  () -> X.prod(2),
                  "prod: dimension out of range (expected to be in range of [-2, 1], but got 2)"
                      + " for a tensor of shape [2, 3]")),
          Map.entry(
              "cumprod dim out of range",
              new Call(
                  () -> X.cumprod(-3),
                  "cumprod: dimension out of range (expected to be in range of [-2, 1], but got"
                      + " -3) for a tensor of shape [2, 3]")));

  /** An einsum error: PyTorch's message is the whole message, "einsum(): ..." naming the op. */
  private static Map.Entry<String, Call> einsum(String name, String equation, Tensor... operands) {
    return Map.entry(name, new Call(() -> Tensor.einsum(equation, operands), null));
  }

  @TestFactory
  Stream<DynamicTest> refusesWhatPyTorchRefusesWithItsMessage() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> e : section("errors")) {
      String name = Golden.name(e);
      String pytorch = Json.asString(e.get("error"));
      tests.add(
          dynamicTest(
              name,
              () -> {
                Call call = ERRORS.get(name);
                assertTrue(call != null, "no Java call for " + name);
                TensorException thrown = assertThrows(TensorException.class, call.call());
                String expected = (call.message() == null ? pytorch : call.message());
                expected = expected.replace("1has", "1 has");
                assertEquals(expected, thrown.getMessage());
                assertTrue(
                    expected.toLowerCase().contains(pyTorchPart(pytorch).toLowerCase()),
                    expected + " does not hold PyTorch's " + pytorch);
              }));
    }
    return tests.stream();
  }

  /** PyTorch's message in the library's words: its type names, no final period. */
  private static String pyTorchPart(String message) {
    String m = message.replace("Float", "float32").replace("Double", "float64");
    m = m.replace("long, byte or bool", "INT64 or BOOL").replace("1has", "1 has");
    if (m.endsWith(".")) m = m.substring(0, m.length() - 1);
    int paren = m.indexOf(" (expected");
    return m.startsWith("Dimension out of range") ? m.substring(paren) : m;
  }

  // ---------------------------------------------------------------- behaviour

  @Test
  void prodOfIntegersAndBoolsIsInt64() {
    assertEquals(DType.INT64, Tensor.of(new long[] {2, 3}).prod().dtype());
    assertEquals(DType.INT64, mask(true, true).prod(0).dtype());
    assertEquals(DType.INT64, mask(true, false).cumprod(0).dtype());
    assertEquals(6, Tensor.of(new long[] {2, 3}).prod().item());
  }

  @Test
  void prodOfNoElementsIsOne() {
    assertArrayEquals(new double[] {1, 1, 1}, Tensor.zeros(0, 3).prod(0).toDoubleArray());
    assertEquals(1, Tensor.zeros(0).prod().item());
  }

  @Test
  void gradientNamesArePyTorchs() {
    Tensor x = Tensor.rand(3, 4).requiresGrad(true);
    assertEquals("ProdBackward", x.prod().gradFn().name());
    assertEquals("ProdBackward", x.prod(1).gradFn().name());
    assertEquals("CumprodBackward", x.cumprod(1).gradFn().name());
    assertEquals("IndexBackward", x.index(mask(true, false, true)).gradFn().name());
    assertEquals("IndexBackward", x.index(Tensor.of(new long[] {1})).gradFn().name());
    assertEquals("IndexPutBackward", x.indexPut(mask(true, false, true), x.sum()).gradFn().name());
  }

  /** A one-index {@code x[mask]} with the mask of x's shape is maskedSelect. */
  @Test
  void indexWithAFullMaskIsMaskedSelect() {
    Tensor x = Tensor.of(new double[][] {{1, -2, 3}, {-4, 5, -6}});
    assertArrayEquals(x.maskedSelect(x.gt(0)).toDoubleArray(), x.index(x.gt(0)).toDoubleArray());
  }

  @Test
  void indexPutInPlaceWritesAndBumpsTheVersion() {
    Tensor x = Tensor.zeros(3, 2);
    int before = x.version();
    assertTrue(x == x.indexPut_(mask(false, true, false), Tensor.of(new double[] {4, 5})));
    assertArrayEquals(new double[] {0, 0, 4, 5, 0, 0}, x.toDoubleArray());
    assertTrue(x.version() > before);
    Tensor leaf = Tensor.zeros(2).requiresGrad(true);
    assertThrows(TensorException.class, () -> leaf.indexPut_(mask(true, false), Tensor.scalar(1)));
  }

  /** The matrix product: einsum goes through bmm, whose results it must equal exactly. */
  @Test
  void einsumContractsThroughTheMatrixProduct() {
    Tensor a = Tensor.rand(3, 4, 5);
    Tensor b = Tensor.rand(3, 5, 2);
    Tensor viaEinsum = Tensor.einsum("bij,bjk->bik", a.requiresGrad(true), b);
    assertArrayEquals(a.matmul(b).toDoubleArray(), viaEinsum.toDoubleArray(), 0.0);
    assertTrue(reaches(viaEinsum, Primitives.BMM), "the graph holds a bmm");
  }

  private static boolean reaches(Tensor t, Primitive p) {
    java.util.Deque<Node> todo = new java.util.ArrayDeque<>();
    if (t.node() != null) todo.push(t.node());
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (n.primitive() == p) return true;
      for (int i = 0; i < n.inputCount(); i++) {
        AutogradMeta in = n.edge(i);
        if (in != null && in.node() != null) todo.push(in.node());
      }
    }
    return false;
  }

  @Test
  void einsumOfIntegersStaysInteger() {
    Tensor a = Tensor.of(new long[][] {{1, 2}, {3, 4}});
    Tensor out = Tensor.einsum("ij,jk->ik", a, a);
    assertEquals(DType.INT64, out.dtype());
    assertArrayEquals(new double[] {7, 10, 15, 22}, out.toDoubleArray());
  }

  @Test
  void einsumRefusesOperandsOfDifferentTypes() {
    TensorException e =
        assertThrows(
            TensorException.class,
            () -> Tensor.einsum("i,i", Tensor.ones(2), Tensor.ones(DType.FLOAT64, 2)));
    assertEquals(
        "einsum(): expected all operands to have the same dtype, but operand 0 is float32 and"
            + " operand 1 is float64; convert one with to(dtype)",
        e.getMessage());
    assertThrows(TensorException.class, () -> Tensor.einsum("i"));
  }
}
