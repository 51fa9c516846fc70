package dev.autograd.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.autograd.DType;
import dev.autograd.Tensor;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reading PyTorch's golden values ({@code src/test/resources/golden/}) and comparing tensors with
 * them.
 *
 * <p>A tensor is stored as {@code {"shape": [...], "data": [...]}}, data in row-major order; shape
 * {@code []} is a 0-d tensor.
 */
public final class Golden {
  private Golden() {}

  /** An element-wise tolerance: {@code |actual - expected| <= atol + rtol * |expected|}. */
  public record Tolerance(double rtol, double atol) {
    /** Float64 forward values. */
    public static final Tolerance FLOAT64 = new Tolerance(1e-5, 1e-8);

    /** Float32 forward values, and all gradients. */
    public static final Tolerance FLOAT32_OR_GRAD = new Tolerance(1e-4, 1e-5);

    /** The tolerance for forward values of type {@code dtype}. */
    public static Tolerance forward(DType dtype) {
      return dtype == DType.FLOAT64 ? FLOAT64 : FLOAT32_OR_GRAD;
    }

    /**
     * Whether {@code actual} is within this tolerance of {@code expected}; NaN only matches NaN.
     */
    public boolean accepts(double expected, double actual) {
      if (Double.isNaN(expected) || Double.isNaN(actual)) {
        return Double.isNaN(expected) && Double.isNaN(actual);
      }
      if (expected == actual) return true; // also equal infinities
      return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }
  }

  /** The JSON object in the classpath resource {@code resource}, such as "/golden/ops.json". */
  public static Map<String, Object> load(String resource) {
    InputStream in = Golden.class.getResourceAsStream(resource);
    assertNotNull(in, "missing test resource " + resource);
    return Json.asObject(Json.parse(in));
  }

  /** The cases of a golden file: its "cases" array, each a JSON object. */
  public static List<Map<String, Object>> cases(Map<String, Object> document) {
    return section(document, "cases");
  }

  /** The array {@code key} of a golden file ("cases", "errors", ...), each a JSON object. */
  public static List<Map<String, Object>> section(Map<String, Object> document, String key) {
    return Json.asList(document.get(key)).stream().map(Json::asObject).toList();
  }

  /** The "name" of a case. */
  public static String name(Map<String, Object> c) {
    return Json.asString(c.get("name"));
  }

  /** The shape of a stored tensor. */
  public static int[] shape(Object spec) {
    return Json.asList(Json.asObject(spec).get("shape")).stream().mapToInt(Json::asInt).toArray();
  }

  /** The row-major elements of a stored tensor. */
  public static double[] data(Object spec) {
    return Json.asList(Json.asObject(spec).get("data")).stream()
        .mapToDouble(Json::asDouble)
        .toArray();
  }

  /** A new tensor of type {@code dtype} holding a stored tensor (0-d for shape {@code []}). */
  public static Tensor tensor(Object spec, DType dtype) {
    int[] shape = shape(spec);
    double[] data = data(spec);
    if (shape.length == 0) {
      assertEquals(1, data.length, "a 0-d tensor holds one value");
      return Tensor.scalar(data[0], dtype);
    }
    return Tensor.of(data, dtype, shape);
  }

  /** The element type named by PyTorch's dtype string ("float64", "float32"). */
  public static DType dtype(String pytorchName) {
    for (DType t : DType.values()) if (t.pytorchName().equals(pytorchName)) return t;
    throw new IllegalArgumentException("unknown dtype " + pytorchName);
  }

  /**
   * Asserts that {@code actual} has the shape of the stored tensor {@code expected} and each
   * element is within {@code tol} of it; the failure names {@code what}, the element's flat index
   * and both values.
   */
  public static void assertClose(String what, Object expected, Tensor actual, Tolerance tol) {
    assertNotNull(actual, what + ": expected a tensor but got null");
    int[] shape = shape(expected);
    if (!Arrays.equals(shape, actual.shape())) {
      fail(
          what
              + ": shape mismatch: expected "
              + Arrays.toString(shape)
              + " but was "
              + Arrays.toString(actual.shape()));
    }
    double[] want = data(expected);
    double[] got = actual.toDoubleArray();
    for (int i = 0; i < want.length; i++) {
      if (!tol.accepts(want[i], got[i])) {
        fail(
            what
                + "["
                + i
                + "] (index "
                + Arrays.toString(unravel(i, shape))
                + "): expected "
                + want[i]
                + " but was "
                + got[i]
                + " (|diff| "
                + Math.abs(got[i] - want[i])
                + " > atol "
                + tol.atol()
                + " + rtol "
                + tol.rtol()
                + " * |expected|)");
      }
    }
  }

  private static int[] unravel(int flat, int[] shape) {
    int[] index = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      index[d] = flat % shape[d];
      flat /= shape[d];
    }
    return index;
  }
}
