package dev.autograd;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.testing.Golden;
import dev.autograd.testing.Golden.Tolerance;
import dev.autograd.testing.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * conv1d, conv2d, convTranspose2d and pad against PyTorch ({@code golden/conv.json}, made by {@code
 * conv.py} beside it): outputs, gradients and second-order gradients, float64 to 1e-10 relative and
 * float32 to PyTorch's own tolerances for it; and the refusals PyTorch makes.
 */
class ConvolutionTest {
  private static final Map<String, Object> GOLDEN = Golden.load("/golden/conv.json");

  /** float64 to 1e-10 relative; float32 to torch.testing's defaults for float32 (1.3e-6, 1e-5). */
  private static Tolerance tolerance(DType dtype) {
    return dtype == DType.FLOAT64 ? new Tolerance(1e-10, 1e-12) : new Tolerance(1.3e-6, 1e-5);
  }

  private static int[] pairOf(Object value) {
    if (value instanceof List) return Json.asList(value).stream().mapToInt(Json::asInt).toArray();
    return new int[] {Json.asInt(value)};
  }

  static Tensor call(String op, Map<String, Object> attrs, Tensor[] in) {
    Tensor bias = in.length > 2 ? in[2] : null;
    int groups = attrs.containsKey("groups") ? Json.asInt(attrs.get("groups")) : 1;
    Object padding = attrs.get("padding");
    switch (op) {
      case "conv2d":
        return padding instanceof String
            ? Functional.conv2d(
                in[0],
                in[1],
                bias,
                pairOf(attrs.get("stride")),
                (String) padding,
                pairOf(attrs.get("dilation")),
                groups)
            : Functional.conv2d(
                in[0],
                in[1],
                bias,
                pairOf(attrs.get("stride")),
                pairOf(padding),
                pairOf(attrs.get("dilation")),
                groups);
      case "conv1d":
        return padding instanceof String
            ? Functional.conv1d(
                in[0],
                in[1],
                bias,
                Json.asInt(attrs.get("stride")),
                (String) padding,
                Json.asInt(attrs.get("dilation")),
                groups)
            : Functional.conv1d(
                in[0],
                in[1],
                bias,
                Json.asInt(attrs.get("stride")),
                Json.asInt(padding),
                Json.asInt(attrs.get("dilation")),
                groups);
      case "max_pool2d":
        return Functional.maxPool2d(
            in[0],
            pairOf(attrs.get("kernel_size")),
            optional(attrs, "stride"),
            optional(attrs, "padding"),
            optional(attrs, "dilation"),
            flag(attrs, "ceil_mode", false));
      case "avg_pool2d":
        return Functional.avgPool2d(
            in[0],
            pairOf(attrs.get("kernel_size")),
            optional(attrs, "stride"),
            optional(attrs, "padding"),
            flag(attrs, "ceil_mode", false),
            flag(attrs, "count_include_pad", true),
            attrs.containsKey("divisor_override")
                ? Json.asInt(attrs.get("divisor_override"))
                : null);
      case "adaptive_avg_pool2d":
        return Functional.adaptiveAvgPool2d(in[0], pairOf(attrs.get("output_size")));
      case "adaptive_max_pool2d":
        return Functional.adaptiveMaxPool2d(in[0], pairOf(attrs.get("output_size")));
      case "max_pool1d":
        return Functional.maxPool1d(
            in[0],
            Json.asInt(attrs.get("kernel_size")),
            Json.asInt(attrs.get("stride")),
            Json.asInt(attrs.get("padding")),
            1,
            false);
      case "avg_pool1d":
        return Functional.avgPool1d(
            in[0],
            Json.asInt(attrs.get("kernel_size")),
            Json.asInt(attrs.get("stride")),
            Json.asInt(attrs.get("padding")),
            false,
            false);
      case "batch_norm":
        return Functional.batchNorm(
            in[0],
            runningStat(attrs, "running_mean", in[0].dtype()),
            runningStat(attrs, "running_var", in[0].dtype()),
            in[1],
            in[2],
            (Boolean) attrs.get("training"),
            Json.asDouble(attrs.get("momentum")),
            Json.asDouble(attrs.get("eps")));
      case "layer_norm":
        return Functional.layerNorm(
            in[0],
            pairOf(attrs.get("normalized_shape")),
            in[1],
            in[2],
            Json.asDouble(attrs.get("eps")));
      case "group_norm":
        return Functional.groupNorm(
            in[0],
            Json.asInt(attrs.get("num_groups")),
            in[1],
            in[2],
            Json.asDouble(attrs.get("eps")));
      case "interpolate":
        {
          Object scale = attrs.get("scale_factor");
          double[] factors =
              scale == null
                  ? null
                  : scale instanceof List
                      ? Json.asList(scale).stream().mapToDouble(Json::asDouble).toArray()
                      : new double[] {Json.asDouble(scale)};
          return Functional.interpolate(
              in[0],
              attrs.containsKey("size") ? pairOf(attrs.get("size")) : null,
              factors,
              Json.asString(attrs.get("mode")),
              flag(attrs, "align_corners", false));
        }
      case "pad":
        return Functional.pad(
            in[0],
            pairOf(attrs.get("pad")),
            Json.asString(attrs.get("mode")),
            Json.asDouble(attrs.get("value")));
      case "conv_transpose2d":
        return Functional.convTranspose2d(
            in[0],
            in[1],
            bias,
            pairOf(attrs.get("stride")),
            pairOf(padding),
            pairOf(attrs.get("output_padding")),
            groups,
            pairOf(attrs.get("dilation")));
      default:
        throw new AssertionError("unknown op " + op);
    }
  }

  /** A setting PyTorch's call left at its default: stride the kernel (null), else the default. */
  static Tensor runningStat(Map<String, Object> attrs, String key, DType dtype) {
    double[] v = Json.asList(attrs.get(key)).stream().mapToDouble(Json::asDouble).toArray();
    return Tensor.of(v, dtype, v.length);
  }

  @Test
  void batchNormUpdatesItsRunningStatisticsAsPyTorchDoes() {
    int checked = 0;
    for (Map<String, Object> c : Golden.cases(GOLDEN)) {
      if (!c.get("op").equals("batch_norm")) continue;
      Map<String, Object> attrs = Json.asObject(c.get("attrs"));
      DType dtype = Golden.dtype(Json.asString(c.get("dtype")));
      List<Object> specs = Json.asList(c.get("inputs"));
      Tensor mean = runningStat(attrs, "running_mean", dtype);
      Tensor var = runningStat(attrs, "running_var", dtype);
      Functional.batchNorm(
          Golden.tensor(specs.get(0), dtype),
          mean,
          var,
          null,
          null,
          (Boolean) attrs.get("training"),
          Json.asDouble(attrs.get("momentum")),
          Json.asDouble(attrs.get("eps")));
      String name = Json.asString(c.get("name"));
      Tolerance tol = tolerance(dtype);
      double[] wantMean =
          Json.asList(c.get("running_mean_after")).stream().mapToDouble(Json::asDouble).toArray();
      double[] wantVar =
          Json.asList(c.get("running_var_after")).stream().mapToDouble(Json::asDouble).toArray();
      for (int i = 0; i < wantMean.length; i++) {
        assertTrue(tol.accepts(wantMean[i], mean.toDoubleArray()[i]), name + " running mean " + i);
        assertTrue(tol.accepts(wantVar[i], var.toDoubleArray()[i]), name + " running var " + i);
      }
      checked++;
    }
    assertEquals(6, checked);
  }

  private static int[] optional(Map<String, Object> attrs, String key) {
    if (attrs.containsKey(key)) return pairOf(attrs.get(key));
    return key.equals("stride") ? null : new int[] {key.equals("dilation") ? 1 : 0};
  }

  private static boolean flag(Map<String, Object> attrs, String key, boolean fallback) {
    return attrs.containsKey(key) ? (Boolean) attrs.get(key) : fallback;
  }

  /** The indices of max pooling are PyTorch's, ties and all (there are none in the samples). */
  @Test
  void maxPoolingIndicesArePyTorchs() {
    int checked = 0;
    for (Map<String, Object> c : Golden.cases(GOLDEN)) {
      if (!c.containsKey("indices")) continue;
      Map<String, Object> attrs = Json.asObject(c.get("attrs"));
      Tensor x = Golden.tensor(Json.asList(c.get("inputs")).get(0), DType.FLOAT64);
      ValuesAndIndices r =
          c.get("op").equals("max_pool2d")
              ? Functional.maxPool2dWithIndices(
                  x,
                  pairOf(attrs.get("kernel_size")),
                  optional(attrs, "stride"),
                  optional(attrs, "padding"),
                  optional(attrs, "dilation"),
                  flag(attrs, "ceil_mode", false))
              : Functional.adaptiveMaxPool2dWithIndices(x, pairOf(attrs.get("output_size")));
      assertEquals(DType.INT64, r.indices().dtype());
      assertArrayEquals(
          Golden.data(c.get("indices")),
          r.indices().toDoubleArray(),
          0,
          Json.asString(c.get("name")));
      checked++;
    }
    assertEquals(10, checked);
  }

  /**
   * A convolution large enough to run its chunks, its unfolding and its pooling on several threads
   * gives the same bits on one thread and on two: values, and gradients in the input and in the
   * weight (whose sum over the chunks is added in their order).
   */
  @Test
  void convolutionAndPoolingGiveTheSameBitsOnAnyNumberOfThreads() {
    Generator gen = new Generator(12);
    Tensor x = Tensor.randn(gen, 4, 32, 48, 48);
    Tensor w = Tensor.randn(gen, 16, 32, 3, 3).mul(0.1);
    Tensor b = Tensor.randn(gen, 16);
    double[][] results = new double[2][];
    try {
      for (int threads = 1; threads <= 2; threads++) {
        Parallelism.setThreads(threads);
        Tensor xv = x.detach().requiresGrad(true);
        Tensor wv = w.detach().requiresGrad(true);
        Tensor out = Functional.conv2d(xv, wv, b, new int[] {1}, new int[] {1}, new int[] {1}, 1);
        Tensor pooled = Functional.maxPool2d(out, new int[] {2});
        pooled.square().sum().backward();
        results[threads - 1] =
            java.util.stream.DoubleStream.concat(
                    java.util.stream.DoubleStream.concat(
                        java.util.Arrays.stream(pooled.toDoubleArray()),
                        java.util.Arrays.stream(xv.grad().toDoubleArray())),
                    java.util.Arrays.stream(wv.grad().toDoubleArray()))
                .toArray();
      }
    } finally {
      Parallelism.setThreads(Runtime.getRuntime().availableProcessors());
    }
    assertArrayEquals(results[0], results[1], 0);
  }

  /**
   * Ties, NaNs and signed zeros: the index is the first maximum of the window in row-major order,
   * or its first NaN, as PyTorch's kernel picks, in float32 (whose small windows take a path of
   * their own) as in float64; checked against a plain reference of that rule.
   */
  @Test
  void maxPoolingPicksTheFirstMaximumOrTheFirstNaNInEveryType() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(8);
    int[] shape = {2, 3, 9, 11};
    double[] values = new double[2 * 3 * 9 * 11];
    for (int i = 0; i < values.length; i++) {
      int kind = rnd.nextInt(10);
      values[i] = kind == 0 ? Double.NaN : kind == 1 ? -0.0 : kind == 2 ? 0.0 : rnd.nextInt(3);
    }
    int[][][] settings = { // kernel, stride, padding, dilation
      {{2, 2}, {2, 2}, {0, 0}, {1, 1}},
      {{3, 3}, {2, 2}, {1, 1}, {1, 1}},
      {{2, 3}, {1, 2}, {1, 0}, {2, 2}},
      {{7, 6}, {1, 1}, {0, 0}, {1, 1}} // 42 elements: the element-by-element path
    };
    for (int[][] st : settings) {
      for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        Tensor x = Tensor.of(values, DType.FLOAT64, shape).to(type);
        ValuesAndIndices r = Functional.maxPool2dWithIndices(x, st[0], st[1], st[2], st[3], false);
        double[] got = r.indices().toDoubleArray();
        int oh = r.indices().shape()[2];
        int ow = r.indices().shape()[3];
        int at = 0;
        for (int plane = 0; plane < 6; plane++) {
          for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++, at++) {
              int best = -1;
              for (int a = 0; a < st[0][0]; a++) {
                for (int b = 0; b < st[0][1]; b++) {
                  int y = i * st[1][0] - st[2][0] + a * st[3][0];
                  int z = j * st[1][1] - st[2][1] + b * st[3][1];
                  if (y < 0 || y >= 9 || z < 0 || z >= 11) continue;
                  double e = values[plane * 99 + y * 11 + z];
                  double m = best < 0 ? 0 : values[plane * 99 + best];
                  if (best < 0 || (!Double.isNaN(m) && (Double.isNaN(e) || e > m))) {
                    best = y * 11 + z;
                  }
                }
              }
              assertEquals(
                  best,
                  (int) got[at],
                  type + " " + java.util.Arrays.deepToString(st) + " at " + at);
            }
          }
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> outputsGradientsAndSecondGradientsMatchPyTorch() {
    List<Map<String, Object>> cases = Golden.cases(GOLDEN);
    assertEquals(114, cases.size());
    return cases.stream().map(c -> dynamicTest(Json.asString(c.get("name")), () -> check(c)));
  }

  private static void check(Map<String, Object> c) {
    String name = Json.asString(c.get("name"));
    DType dtype = Golden.dtype(Json.asString(c.get("dtype")));
    Tolerance tol = tolerance(dtype);
    List<Object> inputSpecs = Json.asList(c.get("inputs"));
    Tensor[] in = new Tensor[inputSpecs.size()];
    for (int i = 0; i < in.length; i++)
      in[i] = Golden.tensor(inputSpecs.get(i), dtype).requiresGrad(true);
    Tensor out = call(Json.asString(c.get("op")), Json.asObject(c.get("attrs")), in);
    assertEquals(dtype, out.dtype(), name);
    Golden.assertClose(name + " output", c.get("output"), out, tol);
    if (String.valueOf(c.get("op")).startsWith("conv")) {
      assertEquals("ConvolutionBackward", out.gradFn().name(), name);
    }

    Tensor upstream = Golden.tensor(c.get("upstream"), dtype);
    List<Tensor> grads =
        Autograd.grad(
            List.of(out),
            List.of(in),
            GradOptions.defaults().gradOutputs(List.of(upstream)).createGraph(true));
    List<Object> expected = Json.asList(c.get("grads"));
    for (int i = 0; i < in.length; i++) {
      Golden.assertClose(name + " grad " + i, expected.get(i), grads.get(i), tol);
    }
    Tensor total = null;
    List<Object> vs = Json.asList(c.get("vs"));
    for (int i = 0; i < in.length; i++) {
      Tensor term = grads.get(i).mul(Golden.tensor(vs.get(i), dtype)).sum();
      total = total == null ? term : total.add(term);
    }
    List<Object> expectedSecond = Json.asList(c.get("gradgrads"));
    if (!total.requiresGrad()) {
      // a linear op's gradient does not depend on its input (PyTorch's reflect and replicate
      // backwards read the input's shape, so it gives zeros rather than nothing)
      assertTrue(
          expectedSecond.stream()
              .allMatch(g -> g == null || Arrays.stream(Golden.data(g)).allMatch(v -> v == 0)),
          name + ": PyTorch has nonzero gradgrads");
      return;
    }
    List<Tensor> second =
        Autograd.grad(List.of(total), List.of(in), GradOptions.defaults().allowUnused(true));
    for (int i = 0; i < in.length; i++) {
      if (expectedSecond.get(i) == null) {
        Tensor g = second.get(i);
        if (g != null)
          assertArrayEquals(new double[g.numel()], g.toDoubleArray(), 0, name + " gradgrad " + i);
      } else {
        Golden.assertClose(name + " gradgrad " + i, expectedSecond.get(i), second.get(i), tol);
      }
    }
  }

  @Test
  void theRefusalsPyTorchMakesAreMadeWithTheShapes() {
    List<Object> errors = Json.asList(GOLDEN.get("errors"));
    assertEquals(4, errors.size());
    List<String> fragments =
        List.of(
            "expects 2 input channels (weight.size(1) * groups), but the input of shape [1, 3, 5, 5] has 3",
            "the kernel's extent (3 = dilation * (kernel - 1) + 1) is larger than the padded input (2)",
            "in channels (4) must be divisible by groups (3)",
            "padding='same' is not supported for strided convolutions");
    for (int i = 0; i < errors.size(); i++) {
      Map<String, Object> e = Json.asObject(errors.get(i));
      Map<String, Object> kwargs = Json.asObject(e.get("kwargs"));
      Tensor x = Tensor.zeros(Json.asList(e.get("input")).stream().mapToInt(Json::asInt).toArray());
      Tensor w =
          Tensor.zeros(Json.asList(e.get("weight")).stream().mapToInt(Json::asInt).toArray());
      int groups = kwargs.containsKey("groups") ? Json.asInt(kwargs.get("groups")) : 1;
      int stride = kwargs.containsKey("stride") ? Json.asInt(kwargs.get("stride")) : 1;
      String message = fragments.get(i);
      if (kwargs.containsKey("padding")) {
        assertMessage(
            () -> Functional.conv2d(x, w, null, new int[] {stride}, "same", new int[] {1}, groups),
            "conv2d",
            message);
      } else {
        assertMessage(
            () ->
                Functional.conv2d(
                    x, w, null, new int[] {stride}, new int[] {0}, new int[] {1}, groups),
            "conv2d",
            message);
      }
    }
  }

  @Test
  void badSettingsAndShapesAreRefusedNamingThem() {
    Tensor x = Tensor.zeros(1, 2, 5, 5);
    Tensor w = Tensor.zeros(3, 2, 3, 3);
    assertMessage(
        () -> Functional.conv2d(Tensor.zeros(2, 5, 5, 1, 1), w, null),
        "conv2d",
        "4-D input",
        "[2, 5, 5, 1, 1]");
    assertMessage(
        () -> Functional.conv2d(x, Tensor.zeros(3, 2, 3), null),
        "conv2d",
        "4-D weight",
        "[3, 2, 3]");
    assertMessage(
        () -> Functional.conv2d(x, w.to(DType.FLOAT64), null), "conv2d", "float32 and float64");
    assertMessage(
        () -> Functional.conv2d(x, w, Tensor.zeros(4)),
        "conv2d",
        "bias must be 1-D with 3 elements",
        "[4]");
    assertMessage(
        () -> Functional.conv2d(x, w, null, new int[] {0}, new int[] {0}, new int[] {1}, 1),
        "conv2d: stride must be positive, got [0, 0]");
    assertMessage(
        () -> Functional.conv2d(x, w, null, new int[] {1, 2, 3}, new int[] {0}, new int[] {1}, 1),
        "conv2d: stride needs 1 or 2 values, got 3");
    assertMessage(
        () -> Functional.conv2d(x, w, null, new int[] {1}, "full", new int[] {1}, 1),
        "conv2d: padding must be \"valid\", \"same\" or sizes, got \"full\"");
    assertMessage(
        () ->
            Functional.convTranspose2d(
                Tensor.zeros(1, 3, 4, 4),
                Tensor.zeros(3, 2, 3, 3),
                null,
                new int[] {2},
                new int[] {0},
                new int[] {2},
                1,
                new int[] {1}),
        "convTranspose2d: output padding must be smaller than either stride or dilation");
    assertMessage(
        () -> Functional.conv1d(Tensor.zeros(4), Tensor.zeros(1, 1, 1), null, 1, 0, 1, 1),
        "conv1d",
        "3-D input",
        "[4]");
  }

  @Test
  void anEmptyBatchGivesAnEmptyOutputAndZeroWeightGradients() {
    Tensor x = Tensor.zeros(0, 2, 5, 5).requiresGrad(true);
    Tensor w = Tensor.randn(3, 2, 3, 3).requiresGrad(true);
    Tensor out = Functional.conv2d(x, w, null);
    assertArrayEquals(new int[] {0, 3, 3, 3}, out.shape());
    out.sum().backward();
    assertArrayEquals(new double[w.numel()], w.grad().toDoubleArray(), 0);
  }

  @Test
  void aBatchLargerThanOneUnfoldingChunkGivesTheSameAsSampleBySample() {
    // 70 samples of 9 x 128 x 128 unfolded elements are more than one 4M-element chunk holds.
    Generator g = new Generator(3);
    Tensor x = Tensor.randn(g, 70, 1, 130, 130).requiresGrad(true);
    Tensor w = Tensor.randn(g, 2, 1, 3, 3).requiresGrad(true);
    Tensor whole = Functional.conv2d(x, w, null);
    List<Tensor> parts = new ArrayList<>();
    for (int n = 0; n < 70; n++) parts.add(Functional.conv2d(x.narrow(0, n, 1), w, null));
    assertArrayEquals(Tensor.cat(parts, 0).toDoubleArray(), whole.toDoubleArray(), 0);
  }

  @Test
  void padRefusesWhatPyTorchRefuses() {
    Tensor x = Tensor.zeros(1, 2, 3);
    assertMessage(
        () -> Functional.pad(x, new int[] {1}),
        "pad: padding length must be divisible by 2, got 1");
    assertMessage(
        () -> Functional.pad(x, new int[] {3, 0}, "reflect"),
        "pad: Padding size should be less than the corresponding input dimension");
    assertMessage(
        () -> Functional.pad(x, new int[] {4, 0}, "circular"),
        "pad: Padding value causes wrapping around more than once");
    assertMessage(() -> Functional.pad(x, new int[] {1, 1}, "wrap"), "pad: mode must be");
    assertMessage(
        () -> Functional.pad(x, new int[] {1, 1}, "reflect", 2),
        "pad: padding mode \"reflect\" doesn't take in value argument");
    assertMessage(
        () -> Functional.pad(Tensor.zeros(3), new int[] {1, 1}, "replicate"),
        "needs a 2-D or 3-D input");
    assertMessage(() -> Functional.pad(x, new int[] {-4, 0}), "leaves a negative size");
  }
}
