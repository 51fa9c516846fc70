package dev.autograd;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.testing.Golden;
import dev.autograd.testing.Json;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad and edge-case input: each message names the op the user called; shapes too large to index are
 * refused by every op that makes one; arange's bounds; the ops over an empty dim do what PyTorch
 * 1.13 does ({@code golden/bad_input.py}).
 */
class BadInputTest {

  private static Tensor leaf() {
    return Tensor.zeros(2, 2).requiresGrad(true);
  }

  /** (call, the op its message must start with): the op the user called, not the one it uses. */
  private static final List<Map.Entry<String, Executable>> OP_NAMES =
      List.of(
          Map.entry("max", () -> Tensor.zeros(0).max()),
          Map.entry("min", () -> Tensor.zeros(0).min()),
          Map.entry("amax", () -> Tensor.zeros(0).amax()),
          Map.entry("amin", () -> Tensor.zeros(0, 3).amin(0, false)),
          Map.entry("argmax", () -> Tensor.zeros(0).argmax()),
          Map.entry("argmax", () -> Tensor.zeros(0, 3).argmax(0, false)),
          Map.entry("argmin", () -> Tensor.zeros(0, 3).argmin(0, false)),
          Map.entry("max", () -> Tensor.zeros(0, 3).max(0, false)),
          Map.entry("min", () -> Tensor.zeros(0, 3).min(0, false)),
          Map.entry("argmax", () -> Tensor.zeros(2).argmax(3, false)),
          Map.entry("fill_", () -> leaf().fill_(1)),
          Map.entry("zero_", () -> leaf().zero_()),
          Map.entry("copy_", () -> leaf().copy_(Tensor.zeros(2, 2))),
          Map.entry("add_", () -> leaf().add_(1)),
          Map.entry("zeros", () -> Tensor.zeros(-1)),
          Map.entry("zeros", () -> Tensor.zeros(DType.FLOAT64, -1)),
          Map.entry("ones", () -> Tensor.ones(-1)),
          Map.entry("full", () -> Tensor.full(2, -1)),
          Map.entry("rand", () -> Tensor.rand(-1)),
          Map.entry("randn", () -> Tensor.randn(-1)),
          Map.entry("of", () -> Tensor.of(new double[0], -1)),
          Map.entry("eye", () -> Tensor.eye(-1)),
          Map.entry("eye", () -> Tensor.eye(2, -1)),
          Map.entry("linspace", () -> Tensor.linspace(0, 1, -1)));

  @Test
  void messagesNameTheOpTheUserCalled() {
    for (Map.Entry<String, Executable> row : OP_NAMES) {
      TensorException e = assertMessage(row.getValue(), row.getKey() + ": ");
      assertTrue(
          e.getMessage().startsWith(row.getKey() + ": "),
          "expected '" + row.getKey() + ": ...', got: " + e.getMessage());
    }
  }

  /** (call, the op its message must start with) for shapes whose element count overflows. */
  private static final List<Map.Entry<String, Executable>> TOO_LARGE =
      List.of(
          Map.entry("zeros", () -> Tensor.zeros(65536, 65536, 65536, 65536)),
          Map.entry("zeros", () -> Tensor.zeros(65536, 65536)),
          Map.entry("zeros", () -> Tensor.zeros(0, 65536, 65536)),
          Map.entry("ones", () -> Tensor.ones(DType.FLOAT64, 65536, 65536)),
          Map.entry("full", () -> Tensor.full(1, 1 << 16, 1 << 16)),
          Map.entry("rand", () -> Tensor.rand(65536, 65536)),
          Map.entry("randn", () -> Tensor.randn(65536, 65536)),
          Map.entry("eye", () -> Tensor.eye(65536)),
          Map.entry("of", () -> Tensor.of(new double[0], 0, 65536, 65536)),
          Map.entry(
              "expand", () -> Tensor.ones(1, 1, 1, 1).expand(65536, 65536, 65536, 65536).sum()),
          Map.entry("expand", () -> Tensor.ones(1).expand(1 << 30, 2)),
          Map.entry("reshape", () -> Tensor.zeros(0).reshape(0, 65536, 65536)),
          Map.entry("view", () -> Tensor.zeros(0).view(65536, 65536, 65536, 65536, 0)),
          Map.entry("reshape", () -> Tensor.zeros(0).reshape(-1, 65536, 65536, 65536, 65536)),
          Map.entry("add", () -> Tensor.zeros(65536, 1).add(Tensor.zeros(1, 65536))),
          Map.entry("mul", () -> Tensor.zeros(0, 65536, 1).mul(Tensor.zeros(1, 65536))),
          Map.entry("gt", () -> Tensor.zeros(65536, 1).gt(Tensor.zeros(1, 65536))),
          Map.entry(
              "where",
              () ->
                  Tensor.where(
                      Tensor.zeros(65536, 1).gt(0), Tensor.zeros(1, 65536), Tensor.zeros(1))),
          Map.entry("matmul", () -> Tensor.zeros(65536, 1).matmul(Tensor.zeros(1, 65536))),
          Map.entry("matmul", () -> Tensor.zeros(65536, 1, 1).matmul(Tensor.zeros(1, 1, 65536))),
          Map.entry(
              "indexSelect",
              () -> Tensor.zeros(1, 65536).indexSelect(0, Tensor.of(new long[65536]))));

  @Test
  void shapesTooLargeToIndexAreRefusedNamingTheOp() {
    for (Map.Entry<String, Executable> row : TOO_LARGE) {
      TensorException e = assertMessage(row.getValue(), "more than 2^31 - 1");
      assertTrue(
          e.getMessage().startsWith(row.getKey() + ": shape "),
          "expected '" + row.getKey() + ": shape ...', got: " + e.getMessage());
    }
    assertMessage(
        () -> Tensor.zeros(65536, 65536, 65536, 65536),
        "zeros: shape [65536, 65536, 65536, 65536] would have 18446744073709551616 elements");
  }

  @Test
  void catRefusesSizesThatAddUpPastAnInt() {
    Tensor big = Tensor.zeros(1).expand(1 << 30);
    assertMessage(
        () -> Tensor.cat(List.of(big, big), 0),
        "cat: the sizes along dim 0 add up to 2147483648, more than 2^31 - 1");
  }

  @Test
  void theLargestShapesThatFitAreViews() {
    Tensor x = Tensor.ones(1, 1).expand(46340, 46340); // 2147395600 elements, not allocated
    assertEquals(46340 * 46340, x.numel());
    assertEquals(Integer.MAX_VALUE, Tensor.zeros(0).reshape(0, Integer.MAX_VALUE).size(1));
  }

  @Test
  void arangeRefusesHugeLongBounds() {
    assertMessage(
        () -> Tensor.arange(1L << 40),
        "arange: invalid size, possible overflow? (start 0, end 1099511627776, step 1 give"
            + " 1099511627776 elements");
    assertMessage(
        () -> Tensor.arange(-1),
        "arange: upper bound and larger bound inconsistent with step sign");
    assertArrayEquals(new double[] {0, 1, 2}, Tensor.arange(3).toDoubleArray());
  }

  /** The Java call of each case of bad_input.json that computes a result, from its input. */
  private static final Map<String, UnaryOperator<Tensor>> RESULTS =
      Map.of(
          "softmax [3, 0] dim 1",
          x -> x.softmax(1),
          "softmax [0, 3] dim 0",
          x -> x.softmax(0),
          "logSoftmax [3, 0] dim 1",
          x -> x.logSoftmax(1),
          "logsumexp [3, 0] dim 1",
          x -> x.logsumexp(1, false),
          "logsumexp [3, 0] dim 0",
          x -> x.logsumexp(0, false),
          "logsumexp [0] dim 0",
          x -> x.logsumexp(0, false),
          "logsumexp [3, 0] dims 0 1",
          x -> x.logsumexp(new int[] {0, 1}, false),
          "linspace 0 steps",
          x -> Tensor.linspace(0, 1, 0, DType.FLOAT64).add(x.sum()));

  /** The Java call of each case that fails, and the op its message names. */
  private static final Map<String, Map.Entry<String, Supplier<Object>>> ERRORS =
      Map.of(
          "max over an empty dim",
          Map.entry("max", () -> Tensor.zeros(0, 3).max(0, false)),
          "amax over an empty dim",
          Map.entry("amax", () -> Tensor.zeros(0, 3).amax(0, false)),
          "arange nan start",
          Map.entry("arange", () -> Tensor.arange(Double.NaN, 5, 1)),
          "arange nan end",
          Map.entry("arange", () -> Tensor.arange(0, Double.NaN, 1)),
          "arange infinite end",
          Map.entry("arange", () -> Tensor.arange(0, Double.POSITIVE_INFINITY, 1)),
          "arange step sign",
          Map.entry("arange", () -> Tensor.arange(0, 5, -1)),
          "arange huge",
          Map.entry("arange", () -> Tensor.arange(0, 1e30, 1)),
          "arange tiny step",
          Map.entry("arange", () -> Tensor.arange(0, 5, 1e-300)),
          "linspace negative steps",
          Map.entry("linspace", () -> Tensor.linspace(0, 1, -1)));

  @Test
  void edgeCasesAnswerAsPyTorch() {
    List<Map<String, Object>> cases = Golden.cases(Golden.load("/golden/bad_input.json"));
    assertEquals(RESULTS.size() + ERRORS.size(), cases.size(), "a case without a Java call");
    for (Map<String, Object> c : cases) {
      String name = Json.asString(c.get("name"));
      if (c.containsKey("error")) {
        Map.Entry<String, Supplier<Object>> call = ERRORS.get(name);
        // PyTorch's "max(): Expected ..." is the library's "max: Expected ...".
        String text = Json.asString(c.get("error")).replaceFirst("^\\w+\\(\\): ", "");
        TensorException e = assertMessage(() -> call.getValue().get(), text);
        assertTrue(e.getMessage().startsWith(call.getKey() + ": "), name + ": " + e.getMessage());
        continue;
      }
      Tensor x = Golden.tensor(c.get("input"), DType.FLOAT64).requiresGrad(true);
      Tensor out = RESULTS.get(name).apply(x);
      Golden.assertClose(name, c.get("output"), out, Golden.Tolerance.FLOAT64);
      out.sum().backward();
      Golden.assertClose(name + " grad", c.get("grad"), x.grad(), Golden.Tolerance.FLOAT64);
    }
  }
}
