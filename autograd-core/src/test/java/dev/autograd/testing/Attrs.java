package dev.autograd.testing;

import dev.autograd.Reduction;
import dev.autograd.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * The arguments of one PyTorch call in a golden file ({@code "attrs"}), read with PyTorch's names
 * and defaults. A missing argument fails, so that a new case in a file cannot be run with a wrong
 * default.
 */
public final class Attrs {
  private final Map<String, Object> values;

  public Attrs(Map<String, Object> values) {
    this.values = values;
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public Object get(String key) {
    if (!values.containsKey(key)) {
      throw new IllegalArgumentException("missing attribute " + key + " in " + values);
    }
    return values.get(key);
  }

  public double number(String key) {
    return Json.asDouble(get(key));
  }

  public int integer(String key) {
    return Json.asInt(get(key));
  }

  public boolean bool(String key) {
    return (Boolean) get(key);
  }

  /** PyTorch's keepdim, false when not given (its default). */
  public boolean keepDim() {
    return values.containsKey("keepdim") && (Boolean) values.get("keepdim");
  }

  public int[] ints(String key) {
    return Json.asList(get(key)).stream().mapToInt(Json::asInt).toArray();
  }

  /** An INT64 tensor of the integers at {@code key}. */
  public Tensor longs(String key) {
    return Tensor.of(Arrays.stream(ints(key)).asLongStream().toArray());
  }

  /** PyTorch's reduction argument ("mean", "sum" or "none"). */
  public Reduction reduction() {
    String r = Json.asString(get("reduction"));
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

  @Override
  public String toString() {
    return values.toString();
  }
}
