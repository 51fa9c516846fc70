package dev.autograd.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.DType;
import dev.autograd.Functional;
import dev.autograd.GradCheck;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.testing.Golden;
import dev.autograd.testing.Golden.Tolerance;
import dev.autograd.testing.Json;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of PyTorch's {@code golden/ops.json}: the op's output, and the gradient of {@code
 * sum(output * upstream)} with respect to each differentiable input, must match PyTorch's within
 * the tolerances PyTorch itself uses (rtol 1e-5 / atol 1e-8 for float64 outputs, rtol 1e-4 / atol
 * 1e-5 for float32 outputs and for all gradients).
 */
class GoldenOpsTest {
  private static final List<Map<String, Object>> CASES =
      Golden.cases(Golden.load("/golden/ops.json"));

  @Test
  void fileHoldsAllCases() {
    assertEquals(232, CASES.size());
    Set<String> names = new HashSet<>();
    for (Map<String, Object> c : CASES) assertTrue(names.add(name(c)), "duplicate " + name(c));
    long float64 = CASES.stream().filter(c -> dtype(c) == DType.FLOAT64).count();
    long float32 = CASES.stream().filter(c -> dtype(c) == DType.FLOAT32).count();
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

  private static void checkCase(Map<String, Object> c) {
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
    assertTrue(GradCheck.check(in -> apply(op, attrs, in), inputs(c)), name(c));
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

  /**
   * Runs PyTorch's op {@code op} with arguments {@code attrs} on {@code in}, through this library's
   * API.
   *
   * @throws IllegalArgumentException for an op or argument this mapping does not know, so that a
   *     new case in the file fails instead of being skipped
   */
  static Tensor apply(String op, Map<String, Object> attrs, Tensor[] in) {
    switch (op) {
      case "neg":
        return in[0].neg();
      case "exp":
        return in[0].exp();
      case "log":
        return in[0].log();
      case "sqrt":
        return in[0].sqrt();
      case "abs":
        return in[0].abs();
      case "sin":
        return in[0].sin();
      case "cos":
        return in[0].cos();
      case "tanh":
        return in[0].tanh();
      case "sigmoid":
        return in[0].sigmoid();
      case "relu":
        return in[0].relu();
      case "square":
        return in[0].square();
      case "reciprocal":
        return in[0].reciprocal();
      case "softplus":
        return in[0].softplus();
      case "gelu":
        return in[0].gelu();
      case "leaky_relu":
        return in[0].leakyRelu(number(attrs, "negative_slope"));
      case "pow_scalar":
        return in[0].pow(number(attrs, "exponent"));
      case "add":
        return in[0].add(in[1]);
      case "sub":
        return in[0].sub(in[1]);
      case "mul":
        return in[0].mul(in[1]);
      case "div":
        return in[0].div(in[1]);
      case "maximum":
        return in[0].maximum(in[1]);
      case "minimum":
        return in[0].minimum(in[1]);
      case "pow":
        return in[0].pow(in[1]);
      case "clamp":
        return in[0].clamp(number(attrs, "min"), number(attrs, "max"));
      case "where":
        if (!"input0 > 0".equals(attrs.get("condition"))) {
          throw new IllegalArgumentException("where: unknown condition " + attrs.get("condition"));
        }
        return Tensor.where(in[0].gt(0), in[1], in[2]);
      case "sum":
        return attrs.containsKey("dim")
            ? in[0].sum(integer(attrs, "dim"), keepDim(attrs))
            : in[0].sum();
      case "mean":
        return attrs.containsKey("dim")
            ? in[0].mean(integer(attrs, "dim"), keepDim(attrs))
            : in[0].mean();
      case "amax":
        return in[0].amax(integer(attrs, "dim"), keepDim(attrs));
      case "max":
        // torch.max(x, dim) returns (values, indices); the file records the values.
        return in[0].max(integer(attrs, "dim"), keepDim(attrs)).values();
      case "softmax":
        return in[0].softmax(integer(attrs, "dim"));
      case "log_softmax":
        return in[0].logSoftmax(integer(attrs, "dim"));
      case "logsumexp":
        return in[0].logsumexp(integer(attrs, "dim"), keepDim(attrs));
      case "var":
        return in[0].var(integer(attrs, "dim"), bool(attrs, "unbiased"), keepDim(attrs));
      case "norm":
        return in[0].norm(number(attrs, "p"));
      case "reshape":
        return in[0].reshape(ints(attrs, "shape"));
      case "transpose":
        return in[0].transpose(integer(attrs, "dim0"), integer(attrs, "dim1"));
      case "permute":
        return in[0].permute(ints(attrs, "dims"));
      case "unsqueeze":
        return in[0].unsqueeze(integer(attrs, "dim"));
      case "squeeze":
        return in[0].squeeze(integer(attrs, "dim"));
      case "expand":
        return in[0].expand(ints(attrs, "shape"));
      case "cat":
        return Tensor.cat(Arrays.asList(in), integer(attrs, "dim"));
      case "stack":
        return Tensor.stack(Arrays.asList(in), integer(attrs, "dim"));
      case "narrow":
        return in[0].narrow(
            integer(attrs, "dim"), integer(attrs, "start"), integer(attrs, "length"));
      case "select":
        return in[0].select(integer(attrs, "dim"), integer(attrs, "index"));
      case "index_select":
        return in[0].indexSelect(integer(attrs, "dim"), longs(attrs, "index"));
      case "matmul":
        return in[0].matmul(in[1]);
      case "linear":
        return Functional.linear(in[0], in[1], in.length > 2 ? in[2] : null);
      case "mse_loss":
        return Functional.mseLoss(in[0], in[1], reduction(attrs));
      case "l1_loss":
        return Functional.l1Loss(in[0], in[1], reduction(attrs));
      case "smooth_l1_loss":
        return Functional.smoothL1Loss(in[0], in[1], reduction(attrs), number(attrs, "beta"));
      case "binary_cross_entropy":
        return Functional.binaryCrossEntropy(in[0], in[1], reduction(attrs));
      case "binary_cross_entropy_with_logits":
        return Functional.binaryCrossEntropyWithLogits(in[0], in[1], reduction(attrs));
      case "cross_entropy":
        return Functional.crossEntropy(in[0], longs(attrs, "target"), reduction(attrs));
      case "nll_loss":
        // The file's note: PyTorch's input was log_softmax(input0, dim=1), and inputs[0] holds the
        // raw logits (positive values, and each gradient row sums to 0), so the gradient recorded
        // is with respect to the logits.
        return Functional.nllLoss(in[0].logSoftmax(1), longs(attrs, "target"), reduction(attrs));
      default:
        throw new IllegalArgumentException("no mapping for PyTorch op " + op);
    }
  }

  private static Object attr(Map<String, Object> attrs, String key) {
    if (!attrs.containsKey(key)) {
      throw new IllegalArgumentException("missing attribute " + key + " in " + attrs);
    }
    return attrs.get(key);
  }

  private static double number(Map<String, Object> attrs, String key) {
    return Json.asDouble(attr(attrs, key));
  }

  private static int integer(Map<String, Object> attrs, String key) {
    return Json.asInt(attr(attrs, key));
  }

  private static boolean bool(Map<String, Object> attrs, String key) {
    return (Boolean) attr(attrs, key);
  }

  /** PyTorch's keepdim, false when not given (its default). */
  private static boolean keepDim(Map<String, Object> attrs) {
    return attrs.containsKey("keepdim") && (Boolean) attrs.get("keepdim");
  }

  private static int[] ints(Map<String, Object> attrs, String key) {
    return Json.asList(attr(attrs, key)).stream().mapToInt(Json::asInt).toArray();
  }

  private static Tensor longs(Map<String, Object> attrs, String key) {
    return Tensor.of(Arrays.stream(ints(attrs, key)).asLongStream().toArray());
  }

  private static Reduction reduction(Map<String, Object> attrs) {
    String r = Json.asString(attr(attrs, "reduction"));
    switch (r) {
      case "mean":
        return Reduction.MEAN;
      case "sum":
        return Reduction.SUM;
      case "none":
        return Reduction.NONE;
      default:
        throw new IllegalArgumentException("unknown reduction " + r);
    }
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
}
