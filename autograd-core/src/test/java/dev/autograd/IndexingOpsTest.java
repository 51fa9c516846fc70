package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.testing.Attrs;
import dev.autograd.testing.Golden;
import dev.autograd.testing.Json;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The indexing and ordering ops against PyTorch 1.13 ({@code golden/indexing.py}): values and
 * gradients, the INT64 results (sort's and topk's indices with ties and NaN, argsort, nonzero), and
 * the inputs PyTorch refuses, which must fail here too with a message naming the op and the bad
 * index or shape.
 */
class IndexingOpsTest {
  private static final Map<String, Object> FILE = Golden.load("/golden/indexing.json");

  private static List<Map<String, Object>> section(String key) {
    return Json.asList(FILE.get(key)).stream().map(Json::asObject).toList();
  }

  private static String name(Map<String, Object> c) {
    return Json.asString(c.get("name"));
  }

  @Test
  void fileHoldsAllCases() {
    assertEquals(128, section("cases").size());
    assertEquals(22, section("indices").size());
    assertEquals(25, section("errors").size());
  }

  /** Value and gradient of each case, through the OpInfo row that answers its PyTorch op. */
  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return section("cases").stream()
        .map(c -> dynamicTest(name(c), () -> GoldenOpsTest.checkCase(c)));
  }

  /** The float64 cases without ties again through GradCheck, as PyTorch's gradcheck would. */
  @TestFactory
  Stream<DynamicTest> gradCheck() {
    return section("cases").stream()
        .filter(c -> "float64".equals(c.get("dtype")) && (Boolean) c.get("smooth"))
        .map(
            c ->
                dynamicTest(
                    name(c),
                    () -> {
                      String op = Json.asString(c.get("op"));
                      Map<String, Object> attrs = Json.asObject(c.get("attrs"));
                      List<Object> specs = Json.asList(c.get("inputs"));
                      Tensor[] in = new Tensor[specs.size()];
                      for (int i = 0; i < in.length; i++) {
                        in[i] = Golden.tensor(specs.get(i), DType.FLOAT64).requiresGrad(true);
                      }
                      Function<Tensor[], Tensor> f = x -> GoldenOpsTest.apply(op, attrs, x);
                      assertTrue(GradCheck.check(f, in).passed(), name(c));
                    }));
  }

  /** sort's, argsort's and topk's indices (stable ties, NaN largest) and nonzero's rows. */
  @TestFactory
  Stream<DynamicTest> indicesMatchPyTorch() {
    return section("indices").stream()
        .map(
            c ->
                dynamicTest(
                    name(c),
                    () -> {
                      Attrs a = new Attrs(Json.asObject(c.get("attrs")));
                      Tensor x = Golden.tensor(c.get("input"), DType.FLOAT64);
                      Tensor out = indexCall(Json.asString(c.get("call")), a, x);
                      assertArrayEquals(
                          Golden.shape(c.get("output")), out.shape(), name(c) + " shape");
                      assertArrayEquals(
                          Golden.data(c.get("output")), out.toDoubleArray(), 0.0, name(c));
                    }));
  }

  private static Tensor indexCall(String call, Attrs a, Tensor x) {
    switch (call) {
      case "sort":
        return x.sort(a.integer("dim"), a.bool("descending"), true).indices();
      case "argsort":
        return x.argsort(a.integer("dim"), a.bool("descending"));
      case "topk":
        return x.topk(a.integer("k"), a.integer("dim"), a.bool("largest"), true).indices();
      case "topk_values":
        return x.topk(a.integer("k"), a.integer("dim"), a.bool("largest"), true).values();
      case "nonzero":
        return x.nonzero();
      default:
        throw new IllegalArgumentException("unknown call " + call);
    }
  }

  // ---------------------------------------------------------------- errors

  private static final Tensor X = Tensor.zeros(2, 3);

  private static Tensor idx(long[][] v) {
    return Tensor.of(v);
  }

  /**
   * The Java call of each input of the file's "errors" that PyTorch refuses, and what the message
   * must name: the op, and the bad index, size or shape.
   */
  private static final Map<String, Call> ERRORS =
      Map.ofEntries(
          Map.entry(
              "gather index out of range",
              new Call(
                  () -> X.gather(1, idx(new long[][] {{0, 3}})),
                  "gather: index 3 is out of range for dimension 1 with size 3")),
          Map.entry(
              "gather negative index",
              new Call(() -> X.gather(1, idx(new long[][] {{-1}})), "gather: index -1", "size 3")),
          Map.entry(
              "gather index not int64",
              new Call(
                  () -> X.gather(1, Tensor.zeros(1, 1)),
                  "gather: index must be an INT64 tensor, got float32")),
          Map.entry(
              "gather rank mismatch",
              new Call(
                  () -> X.gather(1, Tensor.of(new long[] {0, 1})),
                  "gather: index must have the same number of dimensions",
                  "[2]",
                  "[2, 3]")),
          Map.entry(
              "gather index too large",
              new Call(
                  () -> X.gather(1, idx(new long[][] {{0}, {1}, {1}})),
                  "gather: expected index [3, 1] to be no larger than self [2, 3]",
                  "at dimension 0")),
          Map.entry(
              "gather dim out of range",
              new Call(
                  () -> X.gather(2, idx(new long[][] {{0}})), "gather: dimension out of range")),
          Map.entry(
              "scatter index out of range",
              new Call(
                  () -> X.scatter(0, idx(new long[][] {{2}}), Tensor.ones(1, 1)),
                  "scatter: index 2 is out of range for dimension 0 with size 2")),
          Map.entry(
              "scatter src too small",
              new Call(
                  () -> X.scatter(1, idx(new long[][] {{0, 1}}), Tensor.ones(1, 1)),
                  "scatter: expected index [1, 2]",
                  "src [1, 1]")),
          Map.entry(
              "scatter src rank mismatch",
              new Call(
                  () -> X.scatter(1, idx(new long[][] {{0}}), Tensor.ones(1)),
                  "scatter: index must have the same number of dimensions as self and src",
                  "src of shape [1]")),
          Map.entry(
              "scatter src dtype",
              new Call(
                  () -> X.scatter(1, idx(new long[][] {{0}}), Tensor.ones(DType.FLOAT64, 1, 1)),
                  "scatter: expected self and source to have the same dtype, got float32 and"
                      + " float64")),
          Map.entry(
              "scatter_add index out of range",
              new Call(
                  () -> X.scatterAdd(1, idx(new long[][] {{5}}), Tensor.ones(1, 1)),
                  "scatterAdd: index 5 is out of range for dimension 1 with size 3")),
          Map.entry(
              "scatter_add index not int64",
              new Call(
                  () -> X.scatterAdd(1, Tensor.ones(1, 1).gt(0), Tensor.ones(1, 1)),
                  "scatterAdd: index must be an INT64 tensor, got bool")),
          Map.entry(
              "index_add index out of range",
              new Call(
                  () -> X.indexAdd(0, Tensor.of(new long[] {2}), Tensor.ones(1, 3)),
                  "indexAdd: index 2 is out of range for dimension 0 with size 2")),
          Map.entry(
              "index_add index 2-D",
              new Call(
                  () -> X.indexAdd(0, idx(new long[][] {{0}}), Tensor.ones(1, 3)),
                  "indexAdd: index must be 0-d or 1-D, got shape [1, 1]")),
          Map.entry(
              "index_add source count",
              new Call(
                  () -> X.indexAdd(0, Tensor.of(new long[] {0, 1}), Tensor.ones(1, 3)),
                  "indexAdd: source of shape [1, 3] does not fit self of shape [2, 3] with 2"
                      + " indices along dimension 0")),
          Map.entry(
              "index_add source slice",
              new Call(
                  () -> X.indexAdd(0, Tensor.of(new long[] {0}), Tensor.ones(1, 2)),
                  "indexAdd: source of shape [1, 2] does not fit self of shape [2, 3]")),
          Map.entry(
              "index_copy index out of range",
              new Call(
                  () -> X.indexCopy(0, Tensor.of(new long[] {2}), Tensor.ones(1, 3)),
                  "indexCopy: index 2 is out of range for dimension 0 with size 2")),
          Map.entry(
              "index_copy source slice",
              new Call(
                  () -> X.indexCopy(0, Tensor.of(new long[] {0}), Tensor.ones(1, 2)),
                  "indexCopy: source of shape [1, 2] does not fit self of shape [2, 3]")),
          Map.entry(
              "masked_fill mask not broadcastable",
              new Call(
                  () -> X.maskedFill(Tensor.ones(2).gt(0), 1.0),
                  "maskedFill: shapes [2, 3] and [2] cannot be broadcast together")),
          Map.entry(
              "masked_fill value not 0-d",
              new Call(
                  () -> X.maskedFill(Tensor.ones(3).gt(0), Tensor.ones(2)),
                  "maskedFill: only a 0-d value tensor is supported, but got a tensor of shape"
                      + " [2]")),
          Map.entry(
              "masked_select mask not bool",
              new Call(
                  () -> X.maskedSelect(Tensor.of(new long[] {1, 0, 1})),
                  "maskedSelect: expected a BOOL mask, got a tensor of dtype int64")),
          Map.entry(
              "masked_select mask not broadcastable",
              new Call(
                  () -> X.maskedSelect(Tensor.ones(2).gt(0)),
                  "maskedSelect: shapes [2, 3] and [2] cannot be broadcast together")),
          Map.entry(
              "topk k too large",
              new Call(
                  () -> X.topk(4, 1, true, true),
                  "topk: selected index k out of range: k = 4 for dimension 1 with size 3")),
          Map.entry(
              "topk k negative",
              new Call(
                  () -> X.topk(-1, 1, true, true), "topk: selected index k out of range: k = -1")),
          Map.entry(
              "sort dim out of range",
              new Call(() -> X.sort(2, false), "sort: dimension out of range")));

  private record Call(Runnable call, String... mustContain) {}

  @Test
  void everyInputPyTorchRefusesHasACall() {
    for (Map<String, Object> c : section("errors")) {
      assertTrue(ERRORS.containsKey(name(c)), "no Java call for " + name(c));
    }
    assertEquals(section("errors").size(), ERRORS.size());
  }

  @TestFactory
  Stream<DynamicTest> refusesWhatPyTorchRefuses() {
    return section("errors").stream()
        .map(
            c ->
                dynamicTest(
                    name(c) + " (PyTorch: " + c.get("error") + ")",
                    () -> {
                      Call call = ERRORS.get(name(c));
                      TensorException e = assertThrows(TensorException.class, call.call()::run);
                      for (String part : call.mustContain()) {
                        assertTrue(
                            e.getMessage().contains(part), e.getMessage() + " lacks " + part);
                      }
                    }));
  }

  /** PyTorch 1.13 accepts a float mask in masked_fill; the library asks for a BOOL mask. */
  @Test
  void maskedFillRefusesANonBoolMask() {
    TensorException e =
        assertThrows(TensorException.class, () -> X.maskedFill(Tensor.ones(3), 1.0));
    assertTrue(e.getMessage().startsWith("maskedFill: expected a BOOL mask"), e.getMessage());
  }

  // ---------------------------------------------------------------- behaviour

  @Test
  void gradientNamesArePyTorchs() {
    Tensor x = Tensor.rand(3, 4).requiresGrad(true);
    Tensor i = idx(new long[][] {{0}, {2}, {1}});
    assertEquals("GatherBackward", x.gather(1, i).gradFn().name());
    assertEquals("ScatterBackward", x.scatter(1, i, 0).gradFn().name());
    assertEquals("ScatterAddBackward", x.scatterAdd(1, i, Tensor.ones(3, 1)).gradFn().name());
    Tensor rows = Tensor.of(new long[] {1});
    assertEquals("IndexAddBackward", x.indexAdd(0, rows, Tensor.ones(1, 4)).gradFn().name());
    assertEquals("IndexCopyBackward", x.indexCopy(0, rows, Tensor.ones(1, 4)).gradFn().name());
    assertEquals("MaskedFillBackward", x.maskedFill(x.gt(0.5), 0).gradFn().name());
    assertEquals("MaskedSelectBackward", x.maskedSelect(x.gt(0.5)).gradFn().name());
    assertEquals("SortBackward", x.sort().values().gradFn().name());
    assertEquals("TopkBackward", x.topk(2).values().gradFn().name());
  }

  @Test
  void scatterAddAccumulatesRepeatedPositions() {
    Tensor out = Tensor.zeros(3).scatterAdd(0, Tensor.of(new long[] {0, 2, 0}), Tensor.ones(3));
    assertArrayEquals(new double[] {2, 0, 1}, out.toDoubleArray());
  }

  /** PyTorch leaves the result undefined; the last write wins here, as the Javadoc says. */
  @Test
  void scatterWithRepeatedPositionsKeepsTheLastWrite() {
    Tensor src = Tensor.of(new double[] {1, 2, 3});
    Tensor out = Tensor.zeros(2).scatter(0, Tensor.of(new long[] {0, 0, 1}), src);
    assertArrayEquals(new double[] {2, 3}, out.toDoubleArray());
    Tensor copied =
        Tensor.zeros(2, 1)
            .indexCopy(0, Tensor.of(new long[] {1, 1}), src.narrow(0, 0, 2).reshape(2, 1));
    assertArrayEquals(new double[] {0, 2}, copied.toDoubleArray());
  }

  @Test
  void indicesAndMasksAreNotDifferentiable() {
    Tensor x = Tensor.rand(4).requiresGrad(true);
    ValuesAndIndices sorted = x.sort();
    assertTrue(sorted.values().requiresGrad());
    assertTrue(!sorted.indices().requiresGrad());
    assertEquals(DType.INT64, sorted.indices().dtype());
    assertTrue(!x.nonzero().requiresGrad());
    assertTrue(!x.argsort().requiresGrad());
  }

  @Test
  void maskedFillValueTensorGetsTheSumOverTheMask() {
    Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3).requiresGrad(true);
    Tensor v = Tensor.scalar(2, DType.FLOAT64).requiresGrad(true);
    Tensor mask = Tensor.of(new long[] {1, 0, 1}).ne(0);
    Tensor out = x.maskedFill(mask, v);
    out.mul(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT64, 2, 3)).sum().backward();
    assertEquals(1 + 3 + 4 + 6, v.grad().item(), 0);
    assertArrayEquals(new double[] {0, 2, 0, 0, 5, 0}, x.grad().toDoubleArray());
  }

  @Test
  void inPlaceVariantsWriteIntoThisTensorAndBumpItsVersion() {
    Tensor x = Tensor.zeros(2, 3);
    int v0 = x.version();
    Tensor i = idx(new long[][] {{2, 0}});
    assertTrue(x.scatter_(1, i, Tensor.ones(1, 2)) == x);
    assertTrue(x.scatterAdd_(1, i, Tensor.ones(1, 2)) == x);
    x.indexAdd_(0, Tensor.of(new long[] {1}), Tensor.ones(1, 3), 0.5);
    x.indexCopy_(0, Tensor.of(new long[] {0}), x.narrow(0, 0, 1).add(1));
    x.maskedFill_(Tensor.of(new long[] {0, 1, 0}).ne(0), -1);
    assertArrayEquals(new double[] {3, -1, 3, 0.5, -1, 0.5}, x.toDoubleArray());
    assertEquals(v0 + 5, x.version());
  }

  @Test
  void inPlaceVariantsRefuseATensorThatRequiresGrad() {
    Tensor x = Tensor.zeros(2, 3).requiresGrad(true);
    TensorException e =
        assertThrows(
            TensorException.class, () -> x.scatter_(1, idx(new long[][] {{0}}), Tensor.ones(1, 1)));
    assertTrue(e.getMessage().startsWith("scatter_"), e.getMessage());
    assertThrows(TensorException.class, () -> x.maskedFill_(x.gt(0), 1));
  }

  @Test
  void inPlaceVariantsNameThemselvesInTheirMessages() {
    Tensor x = Tensor.zeros(2, 3);
    TensorException e =
        assertThrows(
            TensorException.class,
            () -> x.scatterAdd_(1, idx(new long[][] {{5}}), Tensor.ones(1, 1)));
    assertTrue(e.getMessage().startsWith("scatterAdd_: index 5 is out of range"), e.getMessage());
    e =
        assertThrows(
            TensorException.class,
            () -> x.indexCopy_(0, Tensor.of(new long[] {0}), Tensor.ones(1, 2)));
    assertTrue(e.getMessage().startsWith("indexCopy_: source of shape [1, 2]"), e.getMessage());
  }
}
